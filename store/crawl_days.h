// Copyright 2026 The admon Authors.
//
// Crawl health per site and London day, written by the crawler at the end of
// every cycle and read by the daily report ("crawl health": pages, errors,
// politeness). Counters add up across the day's cycles and processes.
//
// Key layout (meta CF): "crawlday" NUL <YYYY-MM-DD> NUL <site>.
// A cycle's counts go to the London date on which the cycle ended.
//
// Thread safety: AddCrawlDay is a read-modify-write: one writer per Db (the
// crawler of the one process that holds the RocksDB lock).
#ifndef ADMON_STORE_CRAWL_DAYS_H_
#define ADMON_STORE_CRAWL_DAYS_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "store/db.h"

namespace admon::store {

struct CrawlDay {
  std::string site{};
  std::string date{};                 // Europe/London "YYYY-MM-DD"
  int64_t fetched = 0;                // HTTP responses (robots and sitemaps included)
  int64_t errors = 0;                 // requests that failed after retries
  int64_t retries = 0;
  int64_t changed = 0;                // pages whose body changed
  int64_t removed = 0;                // adverts marked removed
  int64_t robots_blocked = 0;         // URLs not fetched: robots.txt disallows
  int64_t politeness_waits = 0;       // times a request waited for its host's delay
  int64_t politeness_violations = 0;  // starts that broke the host's rules (crawler self-check; must be 0)
  int64_t cycles = 0;                 // crawl cycles ended that day
};
std::ostream& operator<<(std::ostream& os, const CrawlDay& d);
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CrawlDay, site, date, fetched, errors, retries, changed, removed,
                                                robots_blocked, politeness_waits, politeness_violations, cycles)

// Adds `delta`'s counters to the stored record for (delta.date, delta.site).
// REQUIRES: non-empty site and date.
absl::Status AddCrawlDay(Db& db, const CrawlDay& delta);
// Every site's record for `date`, sorted by site.
absl::StatusOr<std::vector<CrawlDay>> LoadCrawlDays(const Db& db, std::string_view date);

}  // namespace admon::store

#endif  // ADMON_STORE_CRAWL_DAYS_H_
