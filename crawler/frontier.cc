// Copyright 2026 The admon Authors.
#include "crawler/frontier.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "nlohmann/json.hpp"
#include "store/record.h"

namespace admon::crawler {
namespace {

int64_t TimeToMicros(absl::Time t) {
  if (t == absl::InfiniteFuture()) return INT64_MAX;
  return absl::ToUnixMicros(t);
}
absl::Time MicrosToTime(int64_t us) { return us == INT64_MAX ? absl::InfiniteFuture() : absl::FromUnixMicros(us); }

}  // namespace

std::string FrontierKey(std::string_view site, std::string_view url) {
  std::string k = absl::StrCat("u/", AV(site));
  k.push_back('\0');
  k.append(url);
  return k;
}

std::string BudgetKey(std::string_view host_key, std::string_view day) {
  std::string k = absl::StrCat("b/", AV(host_key));
  k.push_back('\0');
  k.append(day);
  return k;
}

std::string CycleKey(std::string_view site) { return absl::StrCat("c/", AV(site)); }

std::string EncodeFrontierEntry(const FrontierEntry& e) {
  nlohmann::json j = {{"v", kFrontierRecordVersion},
                      {"url", e.url},
                      {"site", e.site},
                      {"kind", std::string(store::CaptureKindName(e.kind))},
                      {"discovered_us", TimeToMicros(e.discovered)},
                      {"next_fetch_us", TimeToMicros(e.next_fetch)},
                      {"fetched", e.fetched},
                      {"last_listed_cycle", e.last_listed_cycle},
                      {"removed", e.removed}};
  return store::EncodeRecord(j);
}

absl::StatusOr<FrontierEntry> DecodeFrontierEntry(std::string_view bytes, std::string_view key) {
  ADMON_ASSIGN_OR_RETURN(nlohmann::json j, store::DecodeRecord(bytes, key));
  FrontierEntry e;
  e.url = j.value("url", "");
  e.site = j.value("site", "");
  e.kind = store::ParseCaptureKind(j.value("kind", "other")).value_or(store::CaptureKind::kOther);
  e.discovered = MicrosToTime(j.value("discovered_us", int64_t{0}));
  e.next_fetch = MicrosToTime(j.value("next_fetch_us", int64_t{0}));
  e.fetched = j.value("fetched", false);
  e.last_listed_cycle = j.value("last_listed_cycle", int64_t{0});
  e.removed = j.value("removed", false);
  return e;
}

std::string EncodeCounter(int64_t n) { return store::EncodeRecord({{"v", 1}, {"n", n}}); }

int64_t DecodeCounter(std::string_view bytes) {
  auto j = store::DecodeRecord(bytes, "counter");
  if (!j.ok()) return 0;
  return j->value("n", int64_t{0});
}

absl::StatusOr<std::map<std::string, FrontierEntry>> LoadFrontier(const store::Db& db, std::string_view site) {
  std::map<std::string, FrontierEntry> out;
  std::string prefix = FrontierKey(site, "");
  absl::Status status;
  ADMON_RETURN_IF_ERROR(db.Scan(store::Cf::kFrontier, prefix, [&](std::string_view key, std::string_view value) {
    auto e = DecodeFrontierEntry(value, key);
    if (!e.ok()) {
      status = e.status();
      return false;
    }
    out[e->url] = std::move(*e);
    return true;
  }));
  ADMON_RETURN_IF_ERROR(status);
  return out;
}

}  // namespace admon::crawler
