// Copyright 2026 The admon Authors.
#include "store/db.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/status.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/cache.h"
#include "rocksdb/convenience.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/write_batch.h"
#include "rocksdb/write_buffer_manager.h"

namespace admon::store {
namespace {

constexpr std::string_view kCfNames[kNumCfs] = {"meta",  "captures", "pages",    "adverts",
                                                "identifiers", "images", "clusters", "links",
                                                "frontier", "audit", "index", "scores"};
constexpr std::string_view kSchemaKey = "schema_version";

rocksdb::Slice S(std::string_view v) { return rocksdb::Slice(v.data(), v.size()); }

absl::Status FromRocks(const rocksdb::Status& s, std::string_view subject) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat(AV(subject), ": ", s.ToString());
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  if (s.IsNoSpace()) return absl::ResourceExhaustedError(msg);
  if (s.IsIOError()) {
    if (absl::StrContains(s.ToString(), "lock")) {
      return absl::FailedPreconditionError(
          absl::StrCat(AV(subject), ": database is locked by another process (is another admon running?): ", s.ToString()));
    }
    if (absl::StrContains(s.ToString(), "Permission denied")) return absl::PermissionDeniedError(msg);
    if (absl::StrContains(s.ToString(), "No space")) return absl::ResourceExhaustedError(msg);
  }
  if (s.IsInvalidArgument()) return absl::InvalidArgumentError(msg);
  return absl::InternalError(msg);
}

// Prefix of an `identifiers` key "<kind>\0<value>\0<advert>" (a dedupe
// posting, dedupe/keys.h): "<kind>\0<value>\0", the prefix the linker scans
// for every identifier and every near-image hit. With it in the SST filters a
// posting scan skips the files that hold no posting of that identifier (most
// of them: the postings of one near-image hash sit in one file), instead of
// seeking every L0 file and level (issue 7: these scans took 17 % of the
// ingest thread at 1 M adverts).
class PostingPrefix : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "admon.PostingPrefix.1"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override { return rocksdb::Slice(key.data(), Length(key)); }
  bool InDomain(const rocksdb::Slice& key) const override { return Length(key) != 0; }
  // Length of the prefix through the second '\0'; 0 when there is none.
  static size_t Length(const rocksdb::Slice& key) {
    const std::string_view k(key.data(), key.size());
    const size_t first = k.find('\0');
    if (first == std::string_view::npos) return 0;
    const size_t second = k.find('\0', first + 1);
    return second == std::string_view::npos ? 0 : second + 1;
  }
};

const std::shared_ptr<const rocksdb::SliceTransform>& PostingPrefixExtractor() {
  static const auto* extractor = new std::shared_ptr<const rocksdb::SliceTransform>(std::make_shared<PostingPrefix>());
  return *extractor;
}

// Captures are read once each time a page is processed, and they are most of
// the bytes read: kept out of the block cache, they do not push out the
// dedupe families' blocks and the index and filter blocks.
rocksdb::ReadOptions ReadOptionsFor(Cf cf) {
  rocksdb::ReadOptions ro;
  ro.fill_cache = cf != Cf::kCaptures;
  return ro;
}

// Shard bits for a block cache of `bytes`: shards of at least 16 MiB, at most
// 16 of them. With RocksDB's default (512 KiB shards) the unpartitioned index
// block of a table file written by an older admon (1.6 MB for a 64 MB
// captures file) fits no shard, so it was read and decompressed again on every
// Get: `admon process` took twice the CPU.
int CacheShardBits(uint64_t bytes) {
  int bits = 0;
  while (bits < 4 && (bytes >> (bits + 1)) >= (uint64_t{16} << 20)) ++bits;
  return bits;
}

// Read options for a scan of keys starting with `prefix` in `cf`: prefix mode
// (filters consulted, iteration confined to the prefix) when the family has a
// prefix extractor and `prefix` is exactly one of its prefixes; otherwise
// total order, which a family with an extractor needs for other scans.
rocksdb::ReadOptions ScanOptions(Cf cf, std::string_view prefix) {
  rocksdb::ReadOptions ro = ReadOptionsFor(cf);
  if (cf != Cf::kIdentifiers) return ro;
  ro.total_order_seek = PostingPrefix::Length(S(prefix)) != prefix.size() || prefix.empty();
  ro.prefix_same_as_start = !ro.total_order_seek;
  return ro;
}

}  // namespace

std::string_view CfName(Cf cf) { return kCfNames[static_cast<int>(cf)]; }

std::vector<Cf> AllCfs() {
  std::vector<Cf> out;
  for (int i = 0; i < kNumCfs; ++i) out.push_back(static_cast<Cf>(i));
  return out;
}

WriteBatch::WriteBatch(const Db& db) : db_(db), batch_(std::make_unique<rocksdb::WriteBatch>()) {}
WriteBatch::~WriteBatch() = default;
void WriteBatch::Put(Cf cf, std::string_view key, std::string_view value) {
  batch_->Put(db_.handle(cf), S(key), S(value));
}
void WriteBatch::Delete(Cf cf, std::string_view key) { batch_->Delete(db_.handle(cf), S(key)); }
size_t WriteBatch::Count() const { return batch_->Count(); }
size_t WriteBatch::ByteSize() const { return batch_->GetDataSize(); }
void WriteBatch::Clear() { batch_->Clear(); }

absl::StatusOr<std::unique_ptr<Db>> Db::Open(const std::string& dir, const DbOptions& options) {
  struct stat st;
  bool exists = ::stat(dir.c_str(), &st) == 0;
  if (!exists) {
    if (errno == EACCES) return absl::PermissionDeniedError(absl::StrCat(dir, ": permission denied"));
    if (!options.create_if_missing || options.read_only) {
      return absl::NotFoundError(absl::StrCat(dir, ": no admon database here (directory does not exist)"));
    }
    ADMON_RETURN_IF_ERROR(MakeDirsOwnerOnly(dir));
  } else if (!S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(dir, ": not a directory"));
  } else if ((st.st_mode & 077) != 0 && !options.read_only) {
    ::chmod(dir.c_str(), 0700);  // tighten: the data is sensitive
  }
  if (::access(dir.c_str(), options.read_only ? R_OK | X_OK : R_OK | W_OK | X_OK) != 0) {
    return absl::PermissionDeniedError(absl::StrCat(dir, ": permission denied"));
  }

  rocksdb::Options db_opts;
  db_opts.create_if_missing = options.create_if_missing;
  db_opts.create_missing_column_families = true;
  db_opts.max_open_files = options.max_open_files;
  db_opts.paranoid_checks = true;
  db_opts.IncreaseParallelism(2);
  // Families written rarely (meta, audit) would otherwise pin the oldest
  // write-ahead log: a 1 M-advert ingest kept 95 logs (2.5 GB), all replayed
  // on the next open. Past this total, RocksDB flushes the families holding
  // the oldest log so it can be deleted. Bytes.
  db_opts.max_total_wal_size = 512u << 20;

  // Every memtable together: past this, RocksDB flushes the largest. Without
  // it the bound is the sum of every family's two memtables (about 1 GB).
  db_opts.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(options.memtable_budget_bytes);

  // Memory bounded by configuration, not by the data: the index and filter
  // blocks of table files live in the block cache, cut into 4 KiB partitions
  // read on demand. Held beside the cache they grew with every file written
  // (111 MB at 1 M adverts). Only each file's top-level index and the blocks
  // of L0 files (bounded by the compaction trigger) stay pinned, and half the
  // cache is kept for index and filter blocks.
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes, CacheShardBits(options.block_cache_bytes),
                                          /*strict_capacity_limit=*/false, /*high_pri_pool_ratio=*/0.5);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.cache_index_and_filter_blocks = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.partition_filters = true;
  table.metadata_block_size = 4096;
  table.pin_top_level_index_and_filter = true;
  rocksdb::ColumnFamilyOptions cf_opts;
  cf_opts.write_buffer_size = options.write_buffer_bytes;
  cf_opts.compression = rocksdb::kZSTD;
  cf_opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));

  // Refuse families this build does not know: a newer admon made them.
  std::vector<std::string> existing;
  rocksdb::Status ls = rocksdb::DB::ListColumnFamilies(db_opts, dir, &existing);
  if (ls.ok()) {
    for (const auto& name : existing) {
      bool known = name == rocksdb::kDefaultColumnFamilyName;
      for (auto n : kCfNames) known = known || n == name;
      if (!known) {
        return absl::FailedPreconditionError(absl::StrCat(
            dir, ": unknown column family \"", AV(name), "\" (made by a newer admon?); refusing to open"));
      }
    }
  }

  // Families written on every advert linked (postings, links, cluster and
  // advert state): L0 uncompressed and LZ4 below it, ZSTD only from L3 down
  // (files that rarely compact again). ZSTD on every level cost the dedupe
  // ingest 14 % of its CPU in compaction threads at 400 k adverts (issue 7);
  // at 100 k, libzstd took 5.9 % of all CPU samples before, none after.
  // A RocksDB built without LZ4 gets ZSTD there too (opening would fail).
  rocksdb::ColumnFamilyOptions hot_opts = cf_opts;
  const auto supported = rocksdb::GetSupportedCompressions();
  const rocksdb::CompressionType fast =
      std::find(supported.begin(), supported.end(), rocksdb::kLZ4Compression) != supported.end()
          ? rocksdb::kLZ4Compression
          : rocksdb::kZSTD;
  hot_opts.compression_per_level = {rocksdb::kNoCompression, fast, fast, rocksdb::kZSTD, rocksdb::kZSTD,
                                    rocksdb::kZSTD, rocksdb::kZSTD};
  // Twice the memtable: an L0->L1 compaction then merges twice the new data
  // into the same L1 (half the rewrites per byte), and more of the cluster
  // records rewritten on every advert a cluster gains die in the memtable
  // (issue 7: compaction threads took a third of the CPU in the late windows
  // of a 1 M-advert ingest).
  hot_opts.write_buffer_size = 2 * options.write_buffer_bytes;
  // A bloom filter over each memtable's keys: a Get of a key that is not
  // there (a new advert's state, a cluster node not yet written) skips the
  // skip-list search in the active and every immutable memtable. Searching
  // memtables was 4 % of `admon process` at 300 k adverts; at 100 k the link
  // stage went from 37.3 to 34.7 s. Fraction of the memtable size.
  hot_opts.memtable_prefix_bloom_size_ratio = 0.02;
  hot_opts.memtable_whole_key_filtering = true;
  rocksdb::ColumnFamilyOptions postings_opts = hot_opts;
  postings_opts.prefix_extractor = PostingPrefixExtractor();
  auto opts_for = [&](std::string_view name) -> const rocksdb::ColumnFamilyOptions& {
    if (name == CfName(Cf::kIdentifiers)) return postings_opts;
    const bool hot = name == CfName(Cf::kClusters) || name == CfName(Cf::kLinks) || name == CfName(Cf::kIndex);
    return hot ? hot_opts : cf_opts;
  };

  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  descs.emplace_back(rocksdb::kDefaultColumnFamilyName, cf_opts);
  for (auto n : kCfNames) descs.emplace_back(std::string(n), opts_for(n));

  auto db = std::unique_ptr<Db>(new Db);
  db->dir_ = dir;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options.read_only) {
    if (!ls.ok()) return absl::NotFoundError(absl::StrCat(dir, ": no admon database here"));
    std::vector<rocksdb::ColumnFamilyDescriptor> present;
    for (auto& d : descs) {
      for (auto& e : existing) {
        if (e == d.name) present.push_back(d);
      }
    }
    s = rocksdb::DB::OpenForReadOnly(db_opts, dir, present, &handles, &raw);
    descs = present;
  } else {
    s = rocksdb::DB::Open(db_opts, dir, descs, &handles, &raw);
  }
  if (!s.ok()) return FromRocks(s, dir);
  db->db_.reset(raw);
  db->handles_.assign(kNumCfs, nullptr);
  for (size_t i = 0; i < descs.size(); ++i) {
    if (descs[i].name == rocksdb::kDefaultColumnFamilyName) {
      db->default_handle_ = handles[i];
      continue;
    }
    for (int c = 0; c < kNumCfs; ++c) {
      if (kCfNames[c] == descs[i].name) db->handles_[c] = handles[i];
    }
  }
  for (int c = 0; c < kNumCfs; ++c) {
    if (db->handles_[c] == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat(dir, ": column family \"", AV(kCfNames[c]), "\" missing (read-only open of an older database?)"));
    }
  }

  // Schema version: written at creation, checked on every open.
  auto version = db->Get(Cf::kMeta, kSchemaKey);
  if (!version.ok()) return version.status();
  if (!version->has_value()) {
    if (options.read_only) return absl::FailedPreconditionError(absl::StrCat(dir, ": no schema version recorded"));
    ADMON_RETURN_IF_ERROR(db->Put(Cf::kMeta, kSchemaKey, std::to_string(kSchemaVersion)));
    db->schema_version_ = kSchemaVersion;
  } else {
    int v = 0;
    if (!absl::SimpleAtoi(**version, &v) || v <= 0) {
      return absl::FailedPreconditionError(
          absl::StrCat(dir, ": unreadable schema version \"", **version, "\" in meta/", AV(kSchemaKey)));
    }
    if (v > kSchemaVersion) {
      return absl::FailedPreconditionError(absl::StrCat(dir, ": database schema version ", v,
                                                        " is newer than this admon supports (", kSchemaVersion,
                                                        "); upgrade admon, nothing was changed"));
    }
    if (v < kSchemaVersion) {
      return absl::FailedPreconditionError(absl::StrCat(dir, ": database schema version ", v,
                                                        " is older than ", kSchemaVersion,
                                                        " and no migration exists; nothing was changed"));
    }
    db->schema_version_ = v;
  }
  return db;
}

Db::~Db() {
  if (db_ == nullptr) return;
  for (auto* h : handles_) {
    if (h != nullptr) db_->DestroyColumnFamilyHandle(h);
  }
  if (default_handle_ != nullptr) db_->DestroyColumnFamilyHandle(default_handle_);
  db_->Close();
}

absl::Status Db::Check(const absl::Status& s, std::string_view what, std::string_view key) const {
  if (s.ok()) return s;
  return absl::Status(s.code(), absl::StrCat(dir_, ": ", AV(what), key.empty() ? "" : " key \"", AV(key),
                                             key.empty() ? "" : "\"", ": ", s.message()));
}

absl::StatusOr<std::optional<std::string>> Db::Get(Cf cf, std::string_view key) const {
  std::string value;
  rocksdb::Status s = db_->Get(ReadOptionsFor(cf), handle(cf), S(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return Check(FromRocks(s, CfName(cf)), "get", key);
  return std::optional<std::string>(std::move(value));
}

absl::Status Db::Put(Cf cf, std::string_view key, std::string_view value) {
  return Check(FromRocks(db_->Put(rocksdb::WriteOptions(), handle(cf), S(key), S(value)), CfName(cf)), "put", key);
}

absl::Status Db::Delete(Cf cf, std::string_view key) {
  return Check(FromRocks(db_->Delete(rocksdb::WriteOptions(), handle(cf), S(key)), CfName(cf)), "delete", key);
}

absl::Status Db::Write(WriteBatch& batch, bool sync) {
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  return Check(FromRocks(db_->Write(wo, batch.batch_.get()), "batch"), "write");
}

absl::Status Db::Scan(Cf cf, std::string_view prefix,
                      const std::function<bool(std::string_view, std::string_view)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ScanOptions(cf, prefix), handle(cf)));
  for (it->Seek(S(prefix)); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    if (!k.starts_with(S(prefix))) break;
    rocksdb::Slice v = it->value();
    if (!fn(std::string_view(k.data(), k.size()), std::string_view(v.data(), v.size()))) break;
  }
  return Check(FromRocks(it->status(), CfName(cf)), "scan", prefix);
}

absl::Status Db::ScanFrom(Cf cf, std::string_view start,
                          const std::function<bool(std::string_view, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro = ReadOptionsFor(cf);
  ro.total_order_seek = true;  // every key from `start` on, across prefixes
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handle(cf)));
  for (it->Seek(S(start)); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    rocksdb::Slice v = it->value();
    if (!fn(std::string_view(k.data(), k.size()), std::string_view(v.data(), v.size()))) break;
  }
  return Check(FromRocks(it->status(), CfName(cf)), "scan", start);
}

absl::StatusOr<uint64_t> Db::CountKeys(Cf cf) const {
  uint64_t n = 0;
  ADMON_RETURN_IF_ERROR(Scan(cf, "", [&](std::string_view, std::string_view) {
    ++n;
    return true;
  }));
  return n;
}

Db::MemoryUsage Db::Memory() const {
  MemoryUsage m;
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kCurSizeAllMemTables, &m.memtables);
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kEstimateTableReadersMem, &m.table_readers);
  // One cache shared by every family: read it once, not summed per family.
  db_->GetIntProperty(rocksdb::DB::Properties::kBlockCacheUsage, &m.block_cache);
  return m;
}

absl::Status Db::Flush() {
  rocksdb::FlushOptions fo;
  for (auto* h : handles_) {
    ADMON_RETURN_IF_ERROR(Check(FromRocks(db_->Flush(fo, h), "flush"), "flush"));
  }
  return absl::OkStatus();
}

}  // namespace admon::store
