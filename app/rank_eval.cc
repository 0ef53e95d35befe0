// Copyright 2026 The admon Authors.
#include "app/rank_eval.h"

#include <algorithm>
#include <map>
#include <utility>

namespace admon::app {
namespace {

int FlagLevel(const std::string& flag) { return flag == "urgent" ? 2 : flag == "review" ? 1 : 0; }

bool Positive(const RankedCluster& c) {
  std::map<std::string, int> kinds;
  for (const RankedAdvert& a : c.adverts) {
    if (!a.kind.empty()) ++kinds[a.kind];
  }
  int exploitation = kinds["exploitation"], best_other = 0;
  for (const auto& [kind, n] : kinds) {
    if (kind != "exploitation") best_other = std::max(best_other, n);
  }
  return exploitation > best_other;
}

// ROC AUC by pairwise comparison of rank keys; nullopt-like -1 without both classes.
double Auc(const std::vector<std::pair<std::pair<int, double>, bool>>& items) {
  double wins = 0;
  int64_t pos = 0, neg = 0;
  for (const auto& [kp, p] : items) {
    if (!p) continue;
    ++pos;
    for (const auto& [kn, n] : items) {
      if (n) continue;
      wins += kp > kn ? 1.0 : kp == kn ? 0.5 : 0.0;
    }
  }
  for (const auto& item : items) neg += item.second ? 0 : 1;
  return pos == 0 || neg == 0 ? -1 : wins / (static_cast<double>(pos) * static_cast<double>(neg));
}

}  // namespace

nlohmann::json EvaluateRanking(const std::vector<RankedCluster>& clusters, int top_n) {
  using Key = std::pair<int, double>;
  std::vector<std::pair<Key, bool>> all, multi;
  std::map<std::string, std::pair<int64_t, int64_t>> by_kind;  // kind -> adverts, flagged
  int64_t positives = 0;
  for (const RankedCluster& c : clusters) {
    const bool p = Positive(c);
    positives += p ? 1 : 0;
    const Key key{FlagLevel(c.flag), c.score};
    all.push_back({key, p});
    if (c.adverts.size() > 1) multi.push_back({key, p});
    for (const RankedAdvert& a : c.adverts) {
      if (a.kind.empty()) continue;
      ++by_kind[a.kind].first;
      by_kind[a.kind].second += FlagLevel(a.flag) > 0 ? 1 : 0;
    }
  }
  std::vector<std::pair<Key, bool>> ranked = all;
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const int n = std::min<int>(top_n, static_cast<int>(ranked.size()));
  int hits = 0;
  for (int i = 0; i < n; ++i) hits += ranked[static_cast<size_t>(i)].second ? 1 : 0;
  nlohmann::json out = {{"clusters", clusters.size()},
                        {"positives", positives},
                        {"auc", Auc(all)},
                        {"auc_multi", Auc(multi)},
                        {"precision_at", {{"n", n}, {"value", n > 0 ? static_cast<double>(hits) / n : 0.0}}}};
  nlohmann::json kinds = nlohmann::json::object();
  for (const auto& [kind, counts] : by_kind) {
    kinds[kind] = {{"adverts", counts.first},
                   {"flagged", counts.second},
                   {"fraction", counts.first > 0 ? static_cast<double>(counts.second) / counts.first : 0.0}};
  }
  out["flagged_by_kind"] = kinds;
  return out;
}

}  // namespace admon::app
