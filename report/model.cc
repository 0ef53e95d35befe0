// Copyright 2026 The admon Authors.
#include "report/model.h"

#include <algorithm>
#include <tuple>

namespace admon::report {

const char* FlagName(Flag f) {
  switch (f) {
    case Flag::kNone:
      return "none";
    case Flag::kReview:
      return "review";
    case Flag::kUrgent:
      return "urgent";
  }
  return "none";
}

void RankClusters(std::vector<ClusterView>& clusters) {
  std::stable_sort(clusters.begin(), clusters.end(), [](const ClusterView& a, const ClusterView& b) {
    return std::make_tuple(-static_cast<int>(a.flag), -a.score, -a.size, a.id) <
           std::make_tuple(-static_cast<int>(b.flag), -b.score, -b.size, b.id);
  });
}

bool operator==(const HitView& a, const HitView& b) {
  return std::tie(a.id, a.category, a.weight, a.match, a.field, a.begin, a.end) ==
         std::tie(b.id, b.category, b.weight, b.match, b.field, b.begin, b.end);
}

std::ostream& operator<<(std::ostream& os, const HitView& h) {
  return os << "Hit{" << h.id << " " << h.category << " w=" << h.weight << " " << h.field << "[" << h.begin << ","
            << h.end << ") '" << h.match << "'}";
}

std::ostream& operator<<(std::ostream& os, const ClusterView& c) {
  return os << "Cluster{" << c.id << " " << FlagName(c.flag) << " score=" << c.score << " size=" << c.size
            << " adverts=" << c.adverts.size() << " links=" << c.links.size() << "}";
}

std::ostream& operator<<(std::ostream& os, const ReportModel& m) {
  return os << "Report{" << m.date << " clusters=" << m.clusters.size() << " sites=" << m.crawl.size() << "}";
}

}  // namespace admon::report
