// Copyright 2026 The admon Authors.
#include "store/audit.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "store/record.h"

namespace admon::store {
namespace {

std::unique_ptr<Db> FreshDb(const std::string& name) {
  std::string dir = absl::StrCat(::testing::TempDir(), "/admon_audit_", name, "_", ::getpid());
  std::filesystem::remove_all(dir);
  return *Db::Open(dir);
}

TEST(AuditLog, AppendsChainedEntriesThatVerify) {
  auto db = FreshDb("chain");
  AuditLog log(db.get());
  absl::Time t = absl::FromUnixSeconds(1800000000);
  auto a = log.Append("report", "admon report --date 2027-01-15", {{"clusters", 12}}, t);
  auto b = log.Append("referral", "admon refer --cluster c1", {{"cluster", "c1"}}, t + absl::Seconds(1));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->seq, 1u);
  EXPECT_EQ(b->seq, 2u);
  EXPECT_EQ(b->prev, a->hash);
  EXPECT_FALSE(a->user.empty());
  EXPECT_TRUE(log.Verify().ok());
  int n = 0;
  ASSERT_TRUE(log.List([&](const AuditEntry&) { return ++n, true; }).ok());
  EXPECT_EQ(n, 2);
}

TEST(AuditLog, VerifyDetectsAlteredEntry) {
  auto db = FreshDb("tamper");
  AuditLog log(db.get());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(log.Append("export", "admon export", {{"i", i}}, absl::Now()).ok());
  auto raw = *db->Get(Cf::kAudit, EncodeU64(2));
  auto j = *DecodeRecord(*raw, "audit/2");
  j["disclosed"] = {{"i", 99}};  // someone hides what was disclosed
  ASSERT_TRUE(db->Put(Cf::kAudit, EncodeU64(2), EncodeRecord(j)).ok());
  absl::Status s = log.Verify();
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(s.message(), "audit log: entry 2 was altered (hash mismatch)");
}

TEST(AuditLog, VerifyDetectsDeletedEntry) {
  auto db = FreshDb("delete");
  AuditLog log(db.get());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(log.Append("purge", "admon purge", {}, absl::Now()).ok());
  ASSERT_TRUE(db->Delete(Cf::kAudit, EncodeU64(2)).ok());
  EXPECT_EQ(log.Verify().message(), "audit log: entry 2 is missing (found 3)");
}

}  // namespace
}  // namespace admon::store
