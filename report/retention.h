// Copyright 2026 The admon Authors.
//
// Retention decisions for `admon purge --older-than 90d` (pure logic; the
// caller deletes). An advert (and its captures) is purged iff it was last
// seen before `now - older_than` AND it is not protected. Protected:
//   - the advert was referred, or its cluster was referred;
//   - its cluster is flagged review or urgent (an open line of enquiry);
//   - it is itself flagged review/urgent and `keep_flagged_adverts`.
// Captures are purged iff every advert they belong to is purged; captures
// with no known advert are purged by their own fetch time.
//
// Thread safety: pure function.
#ifndef ADMON_REPORT_RETENTION_H_
#define ADMON_REPORT_RETENTION_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "report/model.h"

namespace admon::report {

struct RetentionAdvert {
  std::string id;
  absl::Time last_seen = absl::InfinitePast();
  std::string cluster;  // "" = not in a cluster
  Flag flag = Flag::kNone;
  std::vector<std::string> captures;  // capture keys (any string the caller uses)
};

struct RetentionCapture {
  std::string key;
  absl::Time fetched = absl::InfinitePast();
};

struct RetentionInput {
  std::vector<RetentionAdvert> adverts;
  std::vector<RetentionCapture> captures;     // all captures known (for orphan handling)
  std::map<std::string, Flag> cluster_flags;  // cluster id -> flag
  std::set<std::string> referred_adverts;
  std::set<std::string> referred_clusters;
};

struct RetentionOptions {
  absl::Duration older_than = absl::Hours(24 * 90);  // retention period
  bool keep_flagged_adverts = true;
};

struct RetentionDecision {
  std::vector<std::string> purge_adverts;   // sorted
  std::vector<std::string> purge_captures;  // sorted
  // advert id -> why kept ("referred", "cluster referred", "cluster flagged urgent", "recent", ...)
  std::map<std::string, std::string> kept;
};

RetentionDecision DecideRetention(const RetentionInput& input, absl::Time now, const RetentionOptions& options);

}  // namespace admon::report

#endif  // ADMON_REPORT_RETENTION_H_
