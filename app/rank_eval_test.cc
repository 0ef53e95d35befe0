// Copyright 2026 The admon Authors.
#include "app/rank_eval.h"

#include "gtest/gtest.h"

namespace admon::app {
namespace {

RankedCluster Cluster(const std::string& id, double score, const std::string& flag,
                      std::vector<RankedAdvert> adverts) {
  return RankedCluster{.id = id, .score = score, .flag = flag, .adverts = std::move(adverts)};
}

TEST(RankEvalTest, PerfectRankingHasAucOneAndFullPrecision) {
  std::vector<RankedCluster> c = {
      Cluster("a", 0.9, "urgent", {{"exploitation", "urgent"}, {"exploitation", "review"}}),
      Cluster("b", 0.1, "none", {{"independent", "none"}}),
      Cluster("c", 0.2, "none", {{"agency", "none"}, {"agency", "review"}}),
  };
  nlohmann::json r = EvaluateRanking(c, 1);
  EXPECT_EQ(r["positives"], 1);
  EXPECT_DOUBLE_EQ(r["auc"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(r["auc_multi"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(r["precision_at"]["value"].get<double>(), 1.0);
  EXPECT_EQ(r["flagged_by_kind"]["agency"]["flagged"], 1);
  EXPECT_DOUBLE_EQ(r["flagged_by_kind"]["independent"]["fraction"].get<double>(), 0.0);
}

TEST(RankEvalTest, FlagOutranksScoreAndTiesCountHalf) {
  std::vector<RankedCluster> c = {
      // A review-flagged agency outranks an unflagged network with a higher score.
      Cluster("agency", 0.3, "review", {{"agency", "none"}, {"agency", "none"}}),
      Cluster("net", 0.8, "none", {{"exploitation", "none"}, {"exploitation", "none"}}),
      Cluster("tie", 0.8, "none", {{"independent", "none"}, {"independent", "none"}}),
  };
  nlohmann::json r = EvaluateRanking(c, 1);
  EXPECT_DOUBLE_EQ(r["auc"].get<double>(), 0.25);  // (0 + 0.5) / 2
  EXPECT_DOUBLE_EQ(r["precision_at"]["value"].get<double>(), 0.0);
}

TEST(RankEvalTest, MixedClusterIsPositiveOnlyWithAnExploitationMajority) {
  std::vector<RankedCluster> c = {
      Cluster("mixed", 0.5, "none", {{"exploitation", "none"}, {"independent", "none"}}),
      Cluster("other", 0.1, "none", {{"independent", "none"}}),
  };
  nlohmann::json r = EvaluateRanking(c);
  EXPECT_EQ(r["positives"], 0);
  EXPECT_DOUBLE_EQ(r["auc"].get<double>(), -1.0);  // one class only
}

}  // namespace
}  // namespace admon::app
