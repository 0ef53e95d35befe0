// Copyright 2026 The admon Authors.
#include "store/compact.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "gtest/gtest.h"

namespace admon::store {
namespace {

std::string FreshDir(std::string_view name) {
  std::string dir = absl::StrCat(::testing::TempDir(), "/admon_compact_", AV(name), "_", ::getpid());
  std::filesystem::remove_all(dir);
  return dir;
}

// Files of `dir` (not RocksDB's own LOG) that contain `needle`.
int FilesHolding(const std::string& dir, const std::string& needle) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("LOG", 0) == 0) continue;
    std::ifstream f(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    n += ss.str().find(needle) != std::string::npos;
  }
  return n;
}

TEST(CompactAll, DeletedRecordsLeaveTheFiles) {
  const std::string dir = FreshDir("deleted");
  // Distinctive and incompressible enough to be found verbatim in an SST block.
  const std::string secret = "PURGED-PERSONAL-DATA-07700900123-2f9c1e";
  {
    auto db = Db::Open(dir);
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE((*db)->Put(Cf::kAdverts, "velvet:1", secret).ok());
    ASSERT_TRUE((*db)->Put(Cf::kAdverts, "velvet:2", "kept advert").ok());
    ASSERT_TRUE((*db)->Flush().ok());
    ASSERT_TRUE((*db)->Delete(Cf::kAdverts, "velvet:1").ok());
    ASSERT_TRUE((*db)->Flush().ok());
    // A tombstone only hides the value: it is still on disk.
    ASSERT_GT(FilesHolding(dir, secret), 0);
    ASSERT_TRUE(CompactAll(**db).ok());
    EXPECT_EQ(FilesHolding(dir, secret), 0);
    auto kept = (*db)->Get(Cf::kAdverts, "velvet:2");
    ASSERT_TRUE(kept.ok() && kept->has_value());
    EXPECT_EQ(**kept, "kept advert");
  }
  EXPECT_EQ(FilesHolding(dir, secret), 0);
  std::filesystem::remove_all(dir);
}

TEST(CompactAll, DeletedRecordsStillInTheLogLeaveToo) {
  const std::string dir = FreshDir("wal");
  const std::string secret = "UNFLUSHED-PERSONAL-DATA-07700900456-8a41d0";
  {
    auto db = Db::Open(dir);
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE((*db)->Put(Cf::kCaptures, "cap:1", secret).ok());
    ASSERT_TRUE((*db)->Delete(Cf::kCaptures, "cap:1").ok());
    ASSERT_GT(FilesHolding(dir, secret), 0);  // in the write-ahead log
    ASSERT_TRUE(CompactAll(**db).ok());
    EXPECT_EQ(FilesHolding(dir, secret), 0);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace admon::store
