// Copyright 2026 The admon Authors.
//
// Full compaction: rewrites every column family's files so that deleted and
// overwritten records physically leave the disk. RocksDB only marks a delete
// (a tombstone); the old value stays in older files until a compaction that
// reaches them, which for a cold level can be months. Retention
// (`admon purge`) calls this so that purged personal data is gone from the
// files, not just hidden, and operators can run it (`admon db compact`).
//
// Cost: reads and rewrites the whole database once (minutes for tens of GB);
// reads and writes may continue meanwhile. Memtables are flushed first, so
// the write-ahead logs holding deleted values become obsolete and are removed.
//
// Thread safety: safe beside other use of the Db (RocksDB serialises it).
#ifndef ADMON_STORE_COMPACT_H_
#define ADMON_STORE_COMPACT_H_

#include "absl/status/status.h"
#include "store/db.h"

namespace admon::store {

// Flushes and compacts every family to the bottom level. Errors name the
// database directory and the family.
absl::Status CompactAll(Db& db);

}  // namespace admon::store

#endif  // ADMON_STORE_COMPACT_H_
