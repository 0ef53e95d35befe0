// Copyright 2026 The admon Authors.
#include "tests/db_dump.h"

#include "common/status.h"

namespace admon::testing {

absl::StatusOr<DbDump> DumpDb(const std::string& path, const std::set<store::Cf>& skip) {
  ADMON_ASSIGN_OR_RETURN(std::unique_ptr<store::Db> db, store::Db::Open(path, {.create_if_missing = false}));
  DbDump out;
  for (store::Cf cf : store::AllCfs()) {
    if (skip.count(cf)) continue;
    const std::string prefix = std::string(store::CfName(cf)) + "/";
    ADMON_RETURN_IF_ERROR(db->Scan(cf, "", [&](std::string_view k, std::string_view v) {
      out.emplace(prefix + std::string(k), std::string(v));
      return true;
    }));
  }
  return out;
}

std::string DiffDumps(const DbDump& want, const DbDump& got, int max_lines) {
  std::string s;
  int lines = 0;
  auto add = [&](const char* what, const std::string& key) {
    if (lines++ < max_lines) s += std::string(what) + key + "\n";
  };
  for (const auto& [k, v] : want) {
    auto it = got.find(k);
    if (it == got.end()) add("missing: ", k);
    else if (it->second != v) add("differs: ", k);
  }
  for (const auto& [k, v] : got) {
    if (!want.count(k)) add("extra: ", k);
  }
  if (lines > max_lines) s += "... " + std::to_string(lines - max_lines) + " more\n";
  return s;
}

std::set<std::string> KeysOf(const DbDump& dump, store::Cf cf) {
  const std::string prefix = std::string(store::CfName(cf)) + "/";
  std::set<std::string> keys;
  for (auto it = dump.lower_bound(prefix); it != dump.end() && it->first.starts_with(prefix); ++it) {
    keys.insert(it->first.substr(prefix.size()));
  }
  return keys;
}

}  // namespace admon::testing
