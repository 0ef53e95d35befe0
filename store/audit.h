// Copyright 2026 The admon Authors.
//
// The audit log: every report, referral, export, label and purge is appended
// to the `audit` column family with time, operating-system user, command and
// what was disclosed. Entries are hash-chained (each entry's SHA-256 covers
// the previous entry's hash), so editing, deleting or reordering any entry is
// detected by Verify().
//
// Key layout (audit CF): 8-byte big-endian sequence number (1, 2, ...).
// Value: record {"v":1,"seq","time","user","command","action","disclosed",
//                "prev","hash"}; hash = SHA-256 hex of the canonical JSON of
// the entry without "hash" (nlohmann's sorted-key dump).
//
// Thread safety: Append is serialised by an internal mutex; use one AuditLog
// per open Db (the Db lock already excludes other processes).
#ifndef ADMON_STORE_AUDIT_H_
#define ADMON_STORE_AUDIT_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "store/db.h"

namespace admon::store {

struct AuditEntry {
  uint64_t seq = 0;
  std::string time;      // RFC 3339 UTC
  std::string user;      // operating-system user name
  std::string command;   // the command line, secrets excluded by the caller
  std::string action;    // "report", "referral", "export", "label", "purge", ...
  nlohmann::json disclosed;  // what left the database: ids, files, counts
  std::string prev;      // hash of entry seq-1 ("" for the first)
  std::string hash;
};

// The current operating-system user name (or "uid:<n>").
std::string CurrentUser();

class AuditLog {
 public:
  // REQUIRES: `db` outlives the log.
  explicit AuditLog(Db* db) : db_(db) {}

  absl::StatusOr<AuditEntry> Append(std::string_view action, std::string_view command,
                                    const nlohmann::json& disclosed, absl::Time now);
  // OK when the chain is intact; DataLoss naming the first bad sequence number.
  absl::Status Verify() const;
  // Calls fn for each entry in order until it returns false.
  absl::Status List(const std::function<bool(const AuditEntry&)>& fn) const;

 private:
  Db* db_;
  std::mutex mu_;
};

nlohmann::json AuditEntryToJson(const AuditEntry& e);

}  // namespace admon::store

#endif  // ADMON_STORE_AUDIT_H_
