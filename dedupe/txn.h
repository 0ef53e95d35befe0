// Copyright 2026 The admon Authors.
//
// Internal: one logical change as a store::WriteBatch plus an overlay so
// reads inside the change see its own pending writes (Get and prefix Scan).
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
  explicit Txn(store::Db* db) : db_(db), batch_(*db) {}
  absl::StatusOr<std::optional<std::string>> Get(store::Cf cf, std::string_view key) const;
  void Put(store::Cf cf, std::string_view key, std::string_view value);
  void Delete(store::Cf cf, std::string_view key);
  // Keys with `prefix`, in order, pending writes applied. At most `limit`
  // stored keys are read (pending puts may add more). fn returns false to stop.
  absl::Status Scan(store::Cf cf, std::string_view prefix,
                    const std::function<bool(std::string_view key, std::string_view value)>& fn,
                    size_t limit = SIZE_MAX) const;
  absl::Status Commit();
  size_t pending() const { return batch_.Count(); }

 private:
  using Key = std::pair<int, std::string>;
  store::Db* db_;
  store::WriteBatch batch_;
  std::map<Key, std::optional<std::string>> overlay_;
};

}  // namespace admon::dedupe

#endif  // ADMON_DEDUPE_TXN_H_
