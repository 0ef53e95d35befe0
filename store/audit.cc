// Copyright 2026 The admon Authors.
#include "store/audit.h"

#include <pwd.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "common/sha256.h"
#include "common/status.h"
#include "store/record.h"

namespace admon::store {
namespace {

constexpr int kAuditVersion = 1;

nlohmann::json Unhashed(const AuditEntry& e) {
  return {{"v", kAuditVersion}, {"seq", e.seq},       {"time", e.time},          {"user", e.user},
          {"command", e.command}, {"action", e.action}, {"disclosed", e.disclosed}, {"prev", e.prev}};
}

std::string HashOf(const AuditEntry& e) { return Sha256Hex(Unhashed(e).dump()); }

absl::StatusOr<AuditEntry> FromRecord(std::string_view key, std::string_view value) {
  ADMON_ASSIGN_OR_RETURN(nlohmann::json j, DecodeRecord(value, absl::StrCat("audit/", DecodeU64(key))));
  AuditEntry e;
  try {
    e.seq = j.at("seq").get<uint64_t>();
    e.time = j.at("time").get<std::string>();
    e.user = j.at("user").get<std::string>();
    e.command = j.at("command").get<std::string>();
    e.action = j.at("action").get<std::string>();
    e.disclosed = j.at("disclosed");
    e.prev = j.at("prev").get<std::string>();
    e.hash = j.at("hash").get<std::string>();
  } catch (const nlohmann::json::exception& ex) {
    return absl::DataLossError(absl::StrCat("audit entry ", DecodeU64(key), ": ", ex.what()));
  }
  return e;
}

}  // namespace

std::string CurrentUser() {
  struct passwd pw;
  struct passwd* out = nullptr;
  char buf[4096];
  if (::getpwuid_r(::geteuid(), &pw, buf, sizeof buf, &out) == 0 && out != nullptr) return out->pw_name;
  return absl::StrCat("uid:", ::geteuid());
}

nlohmann::json AuditEntryToJson(const AuditEntry& e) {
  nlohmann::json j = Unhashed(e);
  j["hash"] = e.hash;
  return j;
}

absl::StatusOr<AuditEntry> AuditLog::Append(std::string_view action, std::string_view command,
                                            const nlohmann::json& disclosed, absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  AuditEntry last;
  bool have_last = false;
  // The last key is the highest sequence number.
  std::unique_ptr<std::string> last_key;
  std::string last_value;
  ADMON_RETURN_IF_ERROR(db_->Scan(Cf::kAudit, "", [&](std::string_view k, std::string_view v) {
    last_key = std::make_unique<std::string>(k);
    last_value.assign(v);
    return true;
  }));
  if (last_key != nullptr) {
    ADMON_ASSIGN_OR_RETURN(last, FromRecord(*last_key, last_value));
    have_last = true;
  }
  AuditEntry e;
  e.seq = have_last ? last.seq + 1 : 1;
  e.time = FormatUtc(now);
  e.user = CurrentUser();
  e.command = std::string(command);
  e.action = std::string(action);
  e.disclosed = disclosed;
  e.prev = have_last ? last.hash : "";
  e.hash = HashOf(e);
  ADMON_RETURN_IF_ERROR(db_->Put(Cf::kAudit, EncodeU64(e.seq), EncodeRecord(AuditEntryToJson(e))));
  return e;
}

absl::Status AuditLog::List(const std::function<bool(const AuditEntry&)>& fn) const {
  absl::Status inner;
  ADMON_RETURN_IF_ERROR(db_->Scan(Cf::kAudit, "", [&](std::string_view k, std::string_view v) {
    auto e = FromRecord(k, v);
    if (!e.ok()) {
      inner = e.status();
      return false;
    }
    return fn(*e);
  }));
  return inner;
}

absl::Status AuditLog::Verify() const {
  std::string prev;
  uint64_t expect = 1;
  absl::Status bad;
  ADMON_RETURN_IF_ERROR(List([&](const AuditEntry& e) {
    if (e.seq != expect) {
      bad = absl::DataLossError(absl::StrCat("audit log: entry ", expect, " is missing (found ", e.seq, ")"));
      return false;
    }
    if (e.prev != prev) {
      bad = absl::DataLossError(absl::StrCat("audit log: entry ", e.seq, " does not chain to entry ", e.seq - 1));
      return false;
    }
    if (HashOf(e) != e.hash) {
      bad = absl::DataLossError(absl::StrCat("audit log: entry ", e.seq, " was altered (hash mismatch)"));
      return false;
    }
    prev = e.hash;
    ++expect;
    return true;
  }));
  return bad;
}

}  // namespace admon::store
