// Copyright 2026 The admon Authors.
//
// The persisted crawl frontier (`frontier` column family).
//   u/<site>\0<canonical url>  -> FrontierEntry record
//   b/<host:port>\0<YYYY-MM-DD> -> requests spent that London day (budget)
//   c/<site>                    -> last monitoring cycle number
// Entries are written in the same WriteBatch as the capture of the page that
// discovered them, so a crash never loses a discovered URL nor refetches a
// stored page before its recrawl time.
//
// Thread safety: pure functions plus Db access (Db is thread safe).
#ifndef ADMON_CRAWLER_FRONTIER_H_
#define ADMON_CRAWLER_FRONTIER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "store/captures.h"
#include "store/db.h"

namespace admon::crawler {

inline constexpr int kFrontierRecordVersion = 1;

// Lower sorts first. New images come right after listings, ahead of other
// new adverts: an advert's photos follow its page, so adverts complete one by
// one and `admon run` can process each while the crawl goes on.
enum class Priority : int { kListing = 0, kNewImage = 1, kNewAdvert = 2, kSitemap = 3, kNewOther = 4, kRecrawl = 5 };

struct FrontierEntry {
  std::string url;   // canonical
  std::string site;
  store::CaptureKind kind = store::CaptureKind::kOther;
  absl::Time discovered = absl::UnixEpoch();
  absl::Time next_fetch = absl::UnixEpoch();  // due when <= now; InfiniteFuture = never again
  bool fetched = false;                       // a capture has been stored
  int64_t last_listed_cycle = 0;              // adverts: last cycle a listing linked it
  bool removed = false;                       // advert marked removed
};

std::string FrontierKey(std::string_view site, std::string_view url);
std::string BudgetKey(std::string_view host_key, std::string_view day);
std::string CycleKey(std::string_view site);

std::string EncodeFrontierEntry(const FrontierEntry& e);
absl::StatusOr<FrontierEntry> DecodeFrontierEntry(std::string_view bytes, std::string_view key);
std::string EncodeCounter(int64_t n);
int64_t DecodeCounter(std::string_view bytes);

// Every entry of `site`, by URL.
absl::StatusOr<std::map<std::string, FrontierEntry>> LoadFrontier(const store::Db& db, std::string_view site);

}  // namespace admon::crawler

#endif  // ADMON_CRAWLER_FRONTIER_H_
