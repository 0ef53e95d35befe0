// Copyright 2026 The admon Authors.
//
// Internal: one logical change, kept as an overlay so reads inside the
// change see its own pending writes (Get and prefix Scan), and written as
// one store::WriteBatch at Commit: each key once (its last value), in key
// order (RocksDB's memtable skip list reuses the previous insert's position
// for the next key in order; an advert's links share a key prefix). Measured
// at 100 k adverts: link stage 39.6 -> 38.2 s, within the machine's noise;
// the gain is mostly that each key is copied and written once.
// Thread safety: none (one thread builds and commits a Txn).
#ifndef ADMON_DEDUPE_TXN_H_
#define ADMON_DEDUPE_TXN_H_

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/db.h"

namespace admon::dedupe {

class Txn {
 public:
  explicit Txn(store::Db* db) : db_(db) {}
  absl::StatusOr<std::optional<std::string>> Get(store::Cf cf, std::string_view key) const;
  void Put(store::Cf cf, std::string_view key, std::string_view value);
  void Delete(store::Cf cf, std::string_view key);
  // Keys with `prefix`, in order, pending writes applied. At most `limit`
  // stored keys are read (pending puts may add more). fn returns false to stop.
  absl::Status Scan(store::Cf cf, std::string_view prefix,
                    const std::function<bool(std::string_view key, std::string_view value)>& fn,
                    size_t limit = SIZE_MAX) const;
  absl::Status Commit();

 private:
  using Key = std::pair<int, std::string>;
  store::Db* db_;
  std::map<Key, std::optional<std::string>> overlay_;  // nullopt: deleted
};

}  // namespace admon::dedupe

#endif  // ADMON_DEDUPE_TXN_H_
