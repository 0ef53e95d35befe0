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
  // Every counter is an integer field: add them field by field.
  nlohmann::json total = sum;
  const nlohmann::json add = delta;
  for (const auto& [field, value] : add.items()) {
    if (value.is_number_integer()) total[field] = total[field].get<int64_t>() + value.get<int64_t>();
  }
  total["v"] = kVersion;
  return db.Put(Cf::kMeta, key, EncodeRecord(total));
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
