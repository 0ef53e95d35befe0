// Copyright 2026 The admon Authors.
//
// Retention: `admon purge --older-than 90d` deletes what the monitoring
// purpose no longer needs, following report::DecideRetention:
//   - adverts last seen before now - older_than, unless referred, in a
//     referred cluster, in a cluster flagged review/urgent, or flagged
//     themselves: their advert record, score, dedupe index entries (links,
//     postings, cluster membership: clusters they leave are rebuilt and
//     rescored, clusters left empty are deleted with their scores), every
//     capture of their page, the page state and frontier entry, and their
//     images (captures and decoded facts) unless a kept advert uses them;
//   - superseded captures of other pages (listings, robots, sitemaps)
//     fetched before the cutoff; each page keeps its latest copy.
// Referrals are read from the audit log ("referral" entries). The purge is
// itself audited with the ids it removed. When anything was deleted, the
// database is then compacted in full (store/compact.h), so the purged records
// leave the files on disk instead of lingering behind RocksDB tombstones.
//
// Crash safety: one WriteBatch per purged advert's store records and one per
// affected cluster (dedupe::Linker::Forget); a purge interrupted midway can be
// run again and finishes the job.
// Thread safety: needs the Db exclusively (run it instead of `admon run`).
#ifndef ADMON_APP_PURGE_H_
#define ADMON_APP_PURGE_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/pipeline.h"
#include "store/db.h"

namespace admon::app {

struct PurgeOptions {
  absl::Duration older_than = absl::Hours(24 * 90);  // retention period
  absl::Time now = absl::UnixEpoch();                // REQUIRES: set by the caller
  bool dry_run = false;                              // decide and count, delete nothing
  bool compact = true;                               // rewrite the files after deleting (see above)
};

struct PurgeSummary {
  absl::Time cutoff;
  std::vector<std::string> adverts;         // purged advert ids, sorted
  int64_t kept_old = 0;                     // adverts older than the cutoff kept (protected)
  std::map<std::string, int64_t> kept_why;  // reason -> adverts (old ones only)
  int64_t captures = 0;                     // capture records deleted
  int64_t pages = 0;                        // page states deleted
  int64_t images = 0;                       // decoded image records deleted
  int64_t clusters_deleted = 0;             // cluster ids (nodes) deleted
  int64_t clusters_rebuilt = 0;             // clusters rebuilt and rescored
  bool compacted = false;                   // the files were rewritten without the purged records
};
std::ostream& operator<<(std::ostream& os, const PurgeSummary& s);

// REQUIRES: `pipeline` was created on `db`.
absl::StatusOr<PurgeSummary> Purge(store::Db& db, Pipeline& pipeline, const PurgeOptions& options);

}  // namespace admon::app

#endif  // ADMON_APP_PURGE_H_
