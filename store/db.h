// Copyright 2026 The admon Authors.
//
// admon's RocksDB database: a fixed set of named column families, a schema
// version checked at open, atomic multi-key writes, and errors that name the
// database directory and key.
//
// Key layouts per column family are documented in docs/architecture.md; each
// module that owns a column family keeps its key helpers beside its code.
//
// Ownership: Open() returns the only handle; destroying it closes the DB.
// Thread safety: Db is safe for concurrent use (RocksDB's guarantees);
// WriteBatch is not (build it on one thread, then Write it).
// Files: the directory is created (or tightened) to mode 0700 — the data is
// sensitive personal data.
#ifndef ADMON_STORE_DB_H_
#define ADMON_STORE_DB_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class WriteBatch;
}  // namespace rocksdb

namespace admon::store {

// The schema this build reads and writes. Bump with a migration.
inline constexpr int kSchemaVersion = 1;

// Column families. Names are stable on disk; never reorder the names table.
enum class Cf : int {
  kMeta = 0,     // schema version, run bookkeeping
  kCaptures,     // raw fetched responses, compressed
  kPages,        // per-URL state: latest capture, seen-again, removed
  kAdverts,      // parsed advert records, versioned
  kIdentifiers,  // identifier -> adverts index
  kImages,       // image records by SHA-256 (perceptual hash, size)
  kClusters,     // clusters and their statistics
  kLinks,        // advert-advert links with evidence
  kFrontier,     // crawl frontier: URL state and due times
  kAudit,        // hash-chained audit log
  kIndex,        // derived records (advert link state, text signatures, hubs, union-find)
  kScores,       // advert and cluster scores with hits
};
inline constexpr int kNumCfs = 12;
// On-disk name, e.g. "captures".
std::string_view CfName(Cf cf);
std::vector<Cf> AllCfs();

struct DbOptions {
  bool create_if_missing = true;       // false: a missing directory is NotFound
  bool read_only = false;              // open without taking the write lock
  // RocksDB's memory is about block_cache_bytes + memtable_budget_bytes,
  // whatever the size of the data (docs/architecture.md, "Memory").
  uint64_t block_cache_bytes = 192u << 20;     // bytes of block cache: data, index and filter blocks
  uint64_t write_buffer_bytes = 32u << 20;     // bytes per memtable (the four dedupe families: twice this)
  uint64_t memtable_budget_bytes = 256u << 20;  // bytes of every memtable together; past it the largest is flushed
  int max_open_files = 512;            // file handles RocksDB may keep open
};

class Db;

// One logical change, applied atomically by Db::Write.
class WriteBatch {
 public:
  // REQUIRES: `db` outlives the batch.
  explicit WriteBatch(const Db& db);
  ~WriteBatch();
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;
  void Put(Cf cf, std::string_view key, std::string_view value);
  void Delete(Cf cf, std::string_view key);
  size_t Count() const;
  size_t ByteSize() const;
  void Clear();

 private:
  friend class Db;
  const Db& db_;
  std::unique_ptr<rocksdb::WriteBatch> batch_;
};

class Db {
 public:
  // Opens or creates the database in `dir`. Errors (all naming `dir`):
  //   NotFound            directory missing and !create_if_missing
  //   FailedPrecondition  locked by another process; schema newer or unknown
  //   PermissionDenied    no access to the directory
  //   DataLoss            corruption detected
  static absl::StatusOr<std::unique_ptr<Db>> Open(const std::string& dir, const DbOptions& options = {});
  ~Db();

  const std::string& dir() const { return dir_; }
  int schema_version() const { return schema_version_; }

  // nullopt when absent.
  absl::StatusOr<std::optional<std::string>> Get(Cf cf, std::string_view key) const;
  absl::Status Put(Cf cf, std::string_view key, std::string_view value);
  absl::Status Delete(Cf cf, std::string_view key);
  // Applies every change in `batch` atomically (one logical change = one batch).
  absl::Status Write(WriteBatch& batch, bool sync = false);

  // Calls fn(key, value) for keys starting with `prefix`, in key order, until
  // fn returns false. An empty prefix scans the whole family.
  absl::Status Scan(Cf cf, std::string_view prefix,
                    const std::function<bool(std::string_view key, std::string_view value)>& fn) const;
  // Like Scan, starting at the first key >= `start`.
  absl::Status ScanFrom(Cf cf, std::string_view start,
                        const std::function<bool(std::string_view key, std::string_view value)>& fn) const;
  // Exact count of keys (scans keys; fine for reports and tests).
  absl::StatusOr<uint64_t> CountKeys(Cf cf) const;
  absl::Status Flush();

  // RocksDB's own memory now, in bytes: memtables (active and not yet
  // flushed, every family; bounded by DbOptions::memtable_budget_bytes), what
  // open table files hold outside the block cache (index and filter blocks of
  // files written before they moved into the cache; otherwise near zero), and
  // the block cache in use (bounded by DbOptions::block_cache_bytes).
  struct MemoryUsage {
    uint64_t memtables = 0;
    uint64_t table_readers = 0;
    uint64_t block_cache = 0;
  };
  MemoryUsage Memory() const;

  // Escape hatch for modules that need RocksDB features not wrapped here
  // (merge operators, snapshots). Not owned by the caller.
  rocksdb::DB* raw() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* handle(Cf cf) const { return handles_[static_cast<int>(cf)]; }

 private:
  Db() = default;
  absl::Status Check(const absl::Status& s, std::string_view what, std::string_view key = {}) const;

  std::string dir_;
  int schema_version_ = 0;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // indexed by Cf
  rocksdb::ColumnFamilyHandle* default_handle_ = nullptr;
};

}  // namespace admon::store

#endif  // ADMON_STORE_DB_H_
