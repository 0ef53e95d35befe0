// Copyright 2026 The admon Authors.
#include "dedupe/txn.h"

#include <cstdint>

namespace admon::dedupe {

absl::StatusOr<std::optional<std::string>> Txn::Get(store::Cf cf, std::string_view key) const {
  auto it = overlay_.find(Key(static_cast<int>(cf), std::string(key)));
  if (it != overlay_.end()) return it->second;
  return db_->Get(cf, key);
}

void Txn::Put(store::Cf cf, std::string_view key, std::string_view value) {
  overlay_[Key(static_cast<int>(cf), std::string(key))] = std::string(value);
}

void Txn::Delete(store::Cf cf, std::string_view key) {
  overlay_[Key(static_cast<int>(cf), std::string(key))] = std::nullopt;
}

absl::Status Txn::Scan(store::Cf cf, std::string_view prefix,
                       const std::function<bool(std::string_view, std::string_view)>& fn, size_t limit) const {
  const int c = static_cast<int>(cf);
  auto lo = overlay_.lower_bound(Key(c, std::string(prefix)));
  bool overlay_hits = lo != overlay_.end() && lo->first.first == c && lo->first.second.starts_with(prefix);
  if (!overlay_hits) {
    size_t n = 0;
    return db_->Scan(cf, prefix, [&](std::string_view k, std::string_view v) {
      if (n++ >= limit) return false;
      return fn(k, v);
    });
  }
  std::map<std::string, std::string> merged;
  size_t n = 0;
  absl::Status s = db_->Scan(cf, prefix, [&](std::string_view k, std::string_view v) {
    if (n++ >= limit) return false;
    merged.emplace(std::string(k), std::string(v));
    return true;
  });
  if (!s.ok()) return s;
  for (auto it = lo; it != overlay_.end() && it->first.first == c && it->first.second.starts_with(prefix); ++it) {
    if (it->second.has_value()) {
      merged[it->first.second] = *it->second;
    } else {
      merged.erase(it->first.second);
    }
  }
  for (const auto& [k, v] : merged) {
    if (!fn(k, v)) break;
  }
  return absl::OkStatus();
}

absl::Status Txn::Commit() {
  if (overlay_.empty()) return absl::OkStatus();
  store::WriteBatch batch(*db_);
  for (const auto& [key, value] : overlay_) {
    const auto cf = static_cast<store::Cf>(key.first);
    if (value.has_value()) {
      batch.Put(cf, key.second, *value);
    } else {
      batch.Delete(cf, key.second);
    }
  }
  overlay_.clear();
  return db_->Write(batch);
}

}  // namespace admon::dedupe
