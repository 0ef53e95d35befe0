// Copyright 2026 The admon Authors.
#include "store/crawl_days.h"

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "store/record.h"

namespace admon::store {
namespace {

constexpr int kVersion = 1;

std::string DayPrefix(std::string_view date) {
  std::string k("crawlday");
  k.push_back('\0');
  k.append(date);
  k.push_back('\0');
  return k;
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const CrawlDay& d) {
  return os << "CrawlDay{" << d.date << " " << d.site << " fetched=" << d.fetched << " errors=" << d.errors
            << " waits=" << d.politeness_waits << " violations=" << d.politeness_violations << "}";
}

void to_json(nlohmann::json& j, const CrawlDay& d) {
  j = {{"v", kVersion},          {"site", d.site},
       {"date", d.date},         {"fetched", d.fetched},
       {"errors", d.errors},     {"retries", d.retries},
       {"changed", d.changed},   {"removed", d.removed},
       {"robots_blocked", d.robots_blocked}, {"politeness_waits", d.politeness_waits},
       {"politeness_violations", d.politeness_violations}, {"cycles", d.cycles}};
}

void from_json(const nlohmann::json& j, CrawlDay& d) {
  d.site = j.value("site", "");
  d.date = j.value("date", "");
  d.fetched = j.value("fetched", int64_t{0});
  d.errors = j.value("errors", int64_t{0});
  d.retries = j.value("retries", int64_t{0});
  d.changed = j.value("changed", int64_t{0});
  d.removed = j.value("removed", int64_t{0});
  d.robots_blocked = j.value("robots_blocked", int64_t{0});
  d.politeness_waits = j.value("politeness_waits", int64_t{0});
  d.politeness_violations = j.value("politeness_violations", int64_t{0});
  d.cycles = j.value("cycles", int64_t{0});
}

absl::Status AddCrawlDay(Db& db, const CrawlDay& delta) {
  if (delta.site.empty() || delta.date.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("crawl day: empty site or date (site \"", delta.site,
                                                   "\", date \"", delta.date, "\")"));
  }
  const std::string key = DayPrefix(delta.date) + delta.site;
  ADMON_ASSIGN_OR_RETURN(std::optional<std::string> stored, db.Get(Cf::kMeta, key));
  CrawlDay sum{.site = delta.site, .date = delta.date};
  if (stored.has_value()) {
    ADMON_ASSIGN_OR_RETURN(nlohmann::json j, DecodeRecord(*stored, key));
    try {
      sum = j.get<CrawlDay>();
    } catch (const nlohmann::json::exception& e) {
      return absl::DataLossError(absl::StrCat("meta/crawlday ", delta.date, " ", delta.site, ": ", e.what()));
    }
  }
  sum.fetched += delta.fetched;
  sum.errors += delta.errors;
  sum.retries += delta.retries;
  sum.changed += delta.changed;
  sum.removed += delta.removed;
  sum.robots_blocked += delta.robots_blocked;
  sum.politeness_waits += delta.politeness_waits;
  sum.politeness_violations += delta.politeness_violations;
  sum.cycles += delta.cycles;
  return db.Put(Cf::kMeta, key, EncodeRecord(nlohmann::json(sum)));
}

absl::StatusOr<std::vector<CrawlDay>> LoadCrawlDays(const Db& db, std::string_view date) {
  std::vector<CrawlDay> out;
  absl::Status inner;
  ADMON_RETURN_IF_ERROR(db.Scan(Cf::kMeta, DayPrefix(date), [&](std::string_view k, std::string_view v) {
    auto j = DecodeRecord(v, k);
    if (!j.ok()) {
      inner = j.status();
      return false;
    }
    try {
      out.push_back(j->get<CrawlDay>());
    } catch (const nlohmann::json::exception& e) {
      inner = absl::DataLossError(absl::StrCat("meta/crawlday ", AV(date), ": ", e.what()));
      return false;
    }
    return true;
  }));
  ADMON_RETURN_IF_ERROR(inner);
  return out;
}

}  // namespace admon::store
