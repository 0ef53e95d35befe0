// Copyright 2026 The admon Authors.
#include "report/retention.h"

#include "gtest/gtest.h"

namespace admon::report {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1795000000);

RetentionAdvert Ad(const std::string& id, int days_ago, const std::string& cluster = "", Flag flag = Flag::kNone) {
  return {id, kNow - absl::Hours(24 * days_ago), cluster, flag, {"cap:" + id}};
}

TEST(DecideRetentionTest, PurgesOnlyOldUnprotectedAdverts) {
  RetentionInput in;
  in.adverts = {Ad("old", 100), Ad("recent", 10), Ad("old_flagged_cluster", 200, "C1"), Ad("old_referred", 200),
                Ad("old_in_referred_cluster", 200, "C2"), Ad("old_flagged_advert", 200, "", Flag::kReview),
                Ad("old_quiet_cluster", 200, "C3")};
  in.cluster_flags = {{"C1", Flag::kUrgent}, {"C2", Flag::kNone}, {"C3", Flag::kNone}};
  in.referred_adverts = {"old_referred"};
  in.referred_clusters = {"C2"};
  const RetentionDecision d = DecideRetention(in, kNow, RetentionOptions{});
  EXPECT_EQ(d.purge_adverts, (std::vector<std::string>{"old", "old_quiet_cluster"}));
  EXPECT_EQ(d.purge_captures, (std::vector<std::string>{"cap:old", "cap:old_quiet_cluster"}));
  EXPECT_EQ(d.kept.at("recent"), "recent");
  EXPECT_EQ(d.kept.at("old_flagged_cluster"), "cluster flagged urgent");
  EXPECT_EQ(d.kept.at("old_referred"), "referred");
  EXPECT_EQ(d.kept.at("old_in_referred_cluster"), "cluster referred");
  EXPECT_EQ(d.kept.at("old_flagged_advert"), "advert flagged review");
}

TEST(DecideRetentionTest, BoundaryIsInclusiveOfThePeriod) {
  RetentionInput in;
  in.adverts = {Ad("exactly90", 90), Ad("day91", 91)};
  const RetentionDecision d = DecideRetention(in, kNow, RetentionOptions{.older_than = absl::Hours(24 * 90)});
  EXPECT_EQ(d.purge_adverts, (std::vector<std::string>{"day91"}));
}

TEST(DecideRetentionTest, SharedCaptureKeptWhileAnyAdvertIsKeptAndOrphansByAge) {
  RetentionInput in;
  in.adverts = {Ad("old", 100), Ad("recent", 1)};
  in.adverts[0].captures = {"listing-1", "cap:old"};
  in.adverts[1].captures = {"listing-1"};
  in.captures = {{"orphan-old", kNow - absl::Hours(24 * 200)}, {"orphan-new", kNow - absl::Hours(1)}};
  const RetentionDecision d = DecideRetention(in, kNow, RetentionOptions{});
  EXPECT_EQ(d.purge_captures, (std::vector<std::string>{"cap:old", "orphan-old"}));
}

TEST(DecideRetentionTest, FlaggedAdvertPurgedWhenNotKept) {
  RetentionInput in;
  in.adverts = {Ad("old_flagged", 200, "", Flag::kReview)};
  const RetentionDecision d = DecideRetention(in, kNow, RetentionOptions{.keep_flagged_adverts = false});
  EXPECT_EQ(d.purge_adverts, (std::vector<std::string>{"old_flagged"}));
}

}  // namespace
}  // namespace admon::report
