// Copyright 2026 The admon Authors.
//
// Whole-database snapshots for crash and fault tests: every key and value of
// the chosen column families, compared after a fault and a resume against a
// run that had none.
#ifndef ADMON_TESTS_DB_DUMP_H_
#define ADMON_TESTS_DB_DUMP_H_

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "store/db.h"

namespace admon::testing {

using DbDump = std::map<std::string, std::string>;  // "<cf name>/<key>" -> value

// Opens the database at `path` (which must exist) and reads every column
// family except those in `skip`.
absl::StatusOr<DbDump> DumpDb(const std::string& path, const std::set<store::Cf>& skip = {store::Cf::kAudit});

// The first `max_lines` keys missing from, extra in, or different in `got`
// against `want`, one per line; empty when equal.
std::string DiffDumps(const DbDump& want, const DbDump& got, int max_lines = 10);

// The keys of one column family ("<cf name>/" prefix stripped).
std::set<std::string> KeysOf(const DbDump& dump, store::Cf cf);

}  // namespace admon::testing

#endif  // ADMON_TESTS_DB_DUMP_H_
