// Copyright 2026 The admon Authors.
//
// Internal: per-advert summaries and their incremental application to
// ClusterStats (add, subtract, merge). Thread safety: pure functions.
#ifndef ADMON_DEDUPE_STATS_H_
#define ADMON_DEDUPE_STATS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dedupe/dedupe.h"
#include "nlohmann/json.hpp"

namespace admon::dedupe {

// What one advert contributes to its cluster's statistics.
struct AdvertSummary {
  std::vector<std::string> phones, emails, handles, nationalities, images;  // images: sha256 or phash hex
  std::string name, age, town, force, site;
  std::string day;   // London date of first sight
  std::string week;  // ISO week of first sight, "2026-W48"
  bool removed = false;
};
void to_json(nlohmann::json& j, const AdvertSummary& v);
void from_json(const nlohmann::json& j, AdvertSummary& v);

AdvertSummary Summarise(const parsers::Advert& a, int64_t first_seen_unix);
// "YYYY-Www" for a London date "YYYY-MM-DD" ("" if unparsable).
std::string IsoWeek(const std::string& london_date);

// sign: +1 adds the advert, -1 removes it.
void ApplySummary(const AdvertSummary& s, int sign, const DedupeOptions& o, ClusterStats* st);
void MergeStats(const ClusterStats& from, const DedupeOptions& o, ClusterStats* into);

}  // namespace admon::dedupe

#endif  // ADMON_DEDUPE_STATS_H_
