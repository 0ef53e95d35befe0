// Copyright 2026 The admon Authors.
//
// Cluster scoring with the shipped catalogue.
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "indicators/indicators.h"
#include "indicators/test_util.h"

namespace admon::indicators {
namespace {

using testing::Desc;
using testing::Shipped;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> ClusterIds(const ClusterScore& s) {
  std::vector<std::string> ids;
  for (const Hit& h : s.hits) ids.push_back(h.id);
  return ids;
}

TEST(ClusterTest, EmptyFactsScoreZero) {
  ClusterFacts f;
  f.cluster_id = "c0";
  f.adverts = 1;
  f.phones = 1;
  f.names = 1;
  ClusterScore s = Shipped().ScoreCluster(f);
  EXPECT_THAT(s.hits, IsEmpty()) << s;
  EXPECT_EQ(s.score, 0);
  EXPECT_EQ(s.flag, Flag::kNone);
  EXPECT_EQ(s.cluster_id, "c0");
}

TEST(ClusterTest, OnePhoneManyNamesAndSharedImagesExplainTheirStatistics) {
  ClusterFacts f;
  f.cluster_id = "c1";
  f.adverts = 12;
  f.phones = 1;
  f.names = 5;
  f.max_names_per_phone = 5;
  f.images_across_names = 2;
  ClusterScore s = Shipped().ScoreCluster(f);
  EXPECT_THAT(ClusterIds(s), ::testing::ElementsAre("phone_many_names", "images_across_names"));
  EXPECT_EQ(s.hits[0].field, "max_names_per_phone");
  EXPECT_EQ(s.hits[0].match, "max_names_per_phone=5 (>= 3)");
  EXPECT_DOUBLE_EQ(s.sum, 2.5);
  EXPECT_EQ(s.flag, Flag::kNone);
}

TEST(ClusterTest, NetworkPatternReachesReview) {
  ClusterFacts f;
  f.cluster_id = "c2";
  f.adverts = 30;
  f.phones = 2;
  f.names = 6;
  f.nationalities = 2;
  f.max_names_per_phone = 4;
  f.max_nationalities_per_phone = 2;
  f.images_across_phones = 3;
  ClusterScore s = Shipped().ScoreCluster(f);
  EXPECT_DOUBLE_EQ(s.sum, 1.5 + 1.5 + 1.5);
  EXPECT_EQ(s.flag, Flag::kReview) << s;
}

TEST(ClusterTest, TownRotationOnTopOfNetworkMarkersReachesUrgentByScore) {
  ClusterFacts f;
  f.adverts = 30;
  f.max_names_per_phone = 4;
  f.max_nationalities_per_phone = 2;
  f.images_across_phones = 3;
  f.max_town_moves = 4;
  ClusterScore s = Shipped().ScoreCluster(f);
  EXPECT_DOUBLE_EQ(s.sum, 5.5);
  EXPECT_EQ(s.flag, Flag::kUrgent) << s;
  EXPECT_THAT(s.flag_reason, HasSubstr("urgent_at"));
}

TEST(ClusterTest, BelowThresholdStatisticsDoNotFire) {
  ClusterFacts f;
  f.adverts = 10;
  f.max_names_per_phone = 2;
  f.templated_text_links = 1;
  f.max_adverts_per_phone_per_day = 4;
  EXPECT_THAT(Shipped().ScoreCluster(f).hits, IsEmpty());
  f.max_adverts_per_phone_per_day = 5;
  EXPECT_THAT(ClusterIds(Shipped().ScoreCluster(f)), ::testing::ElementsAre("posting_volume"));
}

TEST(ClusterTest, MemberYouthMarkerMakesClusterUrgent) {
  ClusterFacts f;
  f.cluster_id = "c3";
  f.adverts = 2;
  AddMemberScore(Shipped().ScoreAdvert(Desc("barely legal")), &f);
  AddMemberScore(Shipped().ScoreAdvert(Desc("hello")), &f);
  EXPECT_EQ(f.category_adverts["youth"], 1);
  EXPECT_EQ(f.indicator_adverts["youth_language"], 1);
  EXPECT_EQ(f.flagged_adverts, 1);
  ClusterScore s = Shipped().ScoreCluster(f);
  EXPECT_EQ(s.flag, Flag::kUrgent) << s;
  EXPECT_THAT(s.flag_reason, HasSubstr("cluster_youth"));
}

TEST(ClusterTest, ShareOfControlMarkedAdvertsNeedsMinimumAdverts) {
  ClusterFacts f;
  f.adverts = 1;
  AddMemberScore(Shipped().ScoreAdvert(Desc("no English")), &f);
  EXPECT_THAT(Shipped().ScoreCluster(f).hits, IsEmpty());  // min_adverts 2
  f.adverts = 3;
  AddMemberScore(Shipped().ScoreAdvert(Desc("she is ready")), &f);
  AddMemberScore(Shipped().ScoreAdvert(Desc("hello")), &f);
  ClusterScore s = Shipped().ScoreCluster(f);
  ASSERT_THAT(ClusterIds(s), ::testing::ElementsAre("cluster_control_share"));
  EXPECT_THAT(s.hits[0].match, HasSubstr("category_share[control]=0.666667"));
}

TEST(ClusterTest, ZeroWeightHitsAreNotCountedAsMemberMarkers) {
  ClusterFacts f;
  f.adverts = 1;
  AddMemberScore(Shipped().ScoreAdvert(Desc("new in town")), &f);
  EXPECT_THAT(f.category_adverts, IsEmpty());
}

TEST(ClusterTest, JsonAndStreamFormsCarryVersionAndExplanations) {
  ClusterFacts f;
  f.cluster_id = "c4";
  f.adverts = 8;
  f.max_phones_per_profile = 3;
  ClusterScore s = Shipped().ScoreCluster(f);
  nlohmann::json j = s;
  EXPECT_EQ(j["v"], kScoreRecordVersion);
  EXPECT_EQ(j["catalogue_version"], Shipped().version());
  EXPECT_EQ(j["hits"][0]["id"], "profile_many_phones");
  nlohmann::json facts = f;
  EXPECT_EQ(facts["max_phones_per_profile"], 3);
  std::ostringstream os;
  os << s;
  EXPECT_THAT(os.str(), HasSubstr("profile_many_phones"));
}

}  // namespace
}  // namespace admon::indicators
