// Copyright 2026 The admon Authors.
//
// RankRelatedClusters (dedupe.h): the clusters a cluster is tied to by links
// that did not merge, for `admon cluster show`.
#include <algorithm>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "dedupe/dedupe.h"

namespace admon::dedupe {

std::vector<RelatedCluster> RankRelatedClusters(const std::vector<Link>& outside,
                                                const std::vector<std::string>& other_cluster, size_t limit) {
  std::map<std::string, RelatedCluster> by_id;
  for (size_t i = 0; i < outside.size() && i < other_cluster.size(); ++i) {
    const Link& l = outside[i];
    if (l.hub || other_cluster[i].empty()) continue;
    RelatedCluster& r = by_id[other_cluster[i]];
    r.id = other_cluster[i];
    r.links[LinkTypeName(l.type)] += 1;
    if (l.type != LinkType::kText) r.non_text += 1;
  }
  std::vector<RelatedCluster> out;
  out.reserve(by_id.size());
  for (auto& [id, r] : by_id) out.push_back(std::move(r));
  auto total = [](const RelatedCluster& r) {
    int64_t n = 0;
    for (const auto& [type, count] : r.links) n += count;
    return n;
  };
  std::stable_sort(out.begin(), out.end(), [&](const RelatedCluster& a, const RelatedCluster& b) {
    return std::make_tuple(-a.non_text, -total(a)) < std::make_tuple(-b.non_text, -total(b));
  });  // ties keep id order (from the map)
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::string Describe(const RelatedCluster& r) {
  std::string out = r.id + " (";
  const char* sep = "";
  for (const auto& [type, n] : r.links) {
    out.append(sep).append(type).append(" ").append(std::to_string(n));
    sep = ", ";
  }
  return out + ")";
}

std::ostream& operator<<(std::ostream& os, const RelatedCluster& r) { return os << Describe(r); }

void to_json(nlohmann::json& j, const RelatedCluster& v) {
  j = {{"id", v.id}, {"links", v.links}, {"non_text", v.non_text}};
}

}  // namespace admon::dedupe
