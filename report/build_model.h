// Copyright 2026 The admon Authors.
//
// Fills the report model from the database: dedupe clusters, links and
// advert info (dedupe::Linker), parsed adverts (`adverts` CF), stored scores
// (`scores` CF, written by app/pipeline: "advert\0<id>", "cluster\0<id>")
// and captures (store::CaptureStore) for crawl health and referral evidence.
// Separate library (admon_report_db) so admon_report itself stays free of
// the database and other modules' APIs.
//
// Day semantics (Europe/London `date`): an advert is *seen* on the day if
// first seen on or before it and last seen on or after it; *new* if first
// seen that day; *removed* if removed that day. A cluster is *new* if first
// seen that day, *grown* if it gained adverts that day and is not new,
// *merged* if it absorbed another cluster that day.
//
// *Changed* if its content changed that day after the day it was first seen
// (the pipeline's `changed_unix`). Crawl health: pages and errors from the
// day's captures; politeness waits and violations from the crawler's day
// counters (store/crawl_days.h).
//
// Thread safety: reads only; safe beside a running crawl on a read-only Db.
#ifndef ADMON_REPORT_BUILD_MODEL_H_
#define ADMON_REPORT_BUILD_MODEL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "dedupe/dedupe.h"
#include "report/model.h"
#include "report/referral.h"
#include "store/db.h"

namespace admon::report {

struct BuildOptions {
  std::string date;  // "YYYY-MM-DD", Europe/London
  absl::Time now = absl::UnixEpoch();  // generated_at
  // Clusters in the model: every flagged (review/urgent) cluster, then the
  // highest-scoring multi-advert clusters up to this count. Bounds report size.
  int max_clusters = 200;
  // Member adverts read per cluster (count); `size` keeps the true count.
  int max_members = 500;
};

absl::StatusOr<ReportModel> BuildReportModel(store::Db& db, const dedupe::Linker& linker,
                                             const BuildOptions& options);

// A referral for one advert ("advert") or cluster ("cluster"): its adverts,
// hits, identifiers, locations, routing (force of the most recent advert's
// town) and the latest capture of each advert page as evidence (plus image
// bytes when captured). `write_warc` is left for the caller. NotFound for an
// unknown id.
absl::StatusOr<ReferralModel> BuildReferral(store::Db& db, const dedupe::Linker& linker,
                                            const std::string& kind, const std::string& id, absl::Time now,
                                            int max_members = 500);

}  // namespace admon::report

#endif  // ADMON_REPORT_BUILD_MODEL_H_
