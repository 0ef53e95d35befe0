// Copyright 2026 The admon Authors.
#include "report/retention.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace admon::report {

RetentionDecision DecideRetention(const RetentionInput& in, absl::Time now, const RetentionOptions& o) {
  RetentionDecision d;
  const absl::Time cutoff = now - o.older_than;
  std::set<std::string> keep_captures, purge_captures, advert_captures;
  for (const RetentionAdvert& a : in.adverts) {
    std::string why;
    auto cf = in.cluster_flags.find(a.cluster);
    if (in.referred_adverts.count(a.id)) {
      why = "referred";
    } else if (!a.cluster.empty() && in.referred_clusters.count(a.cluster)) {
      why = "cluster referred";
    } else if (cf != in.cluster_flags.end() && cf->second != Flag::kNone) {
      why = absl::StrCat("cluster flagged ", FlagName(cf->second));
    } else if (o.keep_flagged_adverts && a.flag != Flag::kNone) {
      why = absl::StrCat("advert flagged ", FlagName(a.flag));
    } else if (a.last_seen >= cutoff) {
      why = "recent";
    }
    for (const std::string& c : a.captures) {
      advert_captures.insert(c);
      (why.empty() ? purge_captures : keep_captures).insert(c);
    }
    if (why.empty()) {
      d.purge_adverts.push_back(a.id);
    } else {
      d.kept[a.id] = why;
    }
  }
  for (const RetentionCapture& c : in.captures) {
    if (!advert_captures.count(c.key) && c.fetched < cutoff) purge_captures.insert(c.key);
  }
  for (const std::string& c : purge_captures) {
    if (!keep_captures.count(c)) d.purge_captures.push_back(c);  // shared with a kept advert: keep
  }
  std::sort(d.purge_adverts.begin(), d.purge_adverts.end());
  return d;
}

}  // namespace admon::report
