// Copyright 2026 The admon Authors.
#include "store/compact.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"

namespace admon::store {

absl::Status CompactAll(Db& db) {
  rocksdb::FlushOptions flush;
  flush.wait = true;
  rocksdb::CompactRangeOptions compact;
  // Rewrite the bottom level too: that is where old values of deleted keys live.
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  compact.change_level = false;
  for (Cf cf : AllCfs()) {
    rocksdb::Status s = db.raw()->Flush(flush, db.handle(cf));
    if (s.ok()) s = db.raw()->CompactRange(compact, db.handle(cf), nullptr, nullptr);
    if (!s.ok()) {
      return absl::InternalError(absl::StrCat(db.dir(), ": compacting column family ", AV(CfName(cf)), ": ",
                                              s.ToString()));
    }
  }
  // Flushing every family made the older write-ahead logs obsolete: RocksDB has deleted them.
  return absl::OkStatus();
}

}  // namespace admon::store
