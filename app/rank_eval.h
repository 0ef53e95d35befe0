// Copyright 2026 The admon Authors.
//
// How well the stored scores rank suspected networks, against the test
// site's ground truth (issue 6): `admon eval` prints it under "ranking".
//
// A cluster is positive iff most of its matched adverts are of kind
// "exploitation" (ties: not positive). Clusters are ranked as the report
// ranks them: flag (urgent > review > none), then score. Figures:
//   auc                ROC AUC of that ranking, positives vs every other
//                      cluster (ties count half); also over multi-advert
//                      clusters only ("auc_multi"), where singletons of
//                      independents cannot inflate it;
//   precision_at       share of positives among the top N (N = top_n, or
//                      fewer clusters);
//   flagged_by_kind    per advert kind: adverts, adverts flagged review or
//                      urgent (their own score), and the fraction.
// Thread safety: pure function.
#ifndef ADMON_APP_RANK_EVAL_H_
#define ADMON_APP_RANK_EVAL_H_

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace admon::app {

struct RankedAdvert {
  std::string kind;  // truth kind ("" = not in the truth)
  std::string flag;  // advert flag: "none", "review", "urgent"
};

struct RankedCluster {
  std::string id;
  double score = 0;
  std::string flag;  // cluster flag
  std::vector<RankedAdvert> adverts;
};

// {"clusters", "positives", "auc", "auc_multi", "precision_at": {"n", "value"},
//  "flagged_by_kind": {kind: {"adverts", "flagged", "fraction"}}}
nlohmann::json EvaluateRanking(const std::vector<RankedCluster>& clusters, int top_n = 20);

}  // namespace admon::app

#endif  // ADMON_APP_RANK_EVAL_H_
