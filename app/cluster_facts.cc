// Copyright 2026 The admon Authors.
//
// FactsFromMembers (app/pipeline.h): cluster-level facts for the indicator
// engine from a cluster's member adverts and their scores.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "app/pipeline.h"
#include "common/clock.h"

namespace admon::app {
namespace {

// ISO 8601 week of a Unix time, e.g. "2026-W48".
std::string IsoWeek(int64_t unix) {
  return absl::FormatTime("%G-W%V", absl::FromUnixSeconds(unix), absl::UTCTimeZone());
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
}  // namespace

indicators::ClusterFacts FactsFromMembers(const dedupe::Cluster& cluster, const std::vector<parsers::Advert>& adverts,
                                          const std::vector<indicators::AdvertScore>& scores) {
  indicators::ClusterFacts f;
  f.cluster_id = cluster.id;
  f.adverts = static_cast<int>(std::max<int64_t>(cluster.stats.adverts, static_cast<int64_t>(adverts.size())));
  std::set<std::string> phones, names, ages, nats, towns;
  std::map<std::string, std::set<std::string>> names_by_phone, ages_by_phone, nats_by_phone, phones_by_profile,
      phones_by_image, names_by_image;
  std::map<std::string, std::map<std::string, std::string>> town_by_week_by_phone;  // phone -> week -> town
  std::map<std::string, int> per_phone_day;
  for (const parsers::Advert& a : adverts) {
    std::string name = Lower(a.name);
    if (!name.empty()) names.insert(name);
    if (a.age) ages.insert(std::to_string(*a.age));
    for (const auto& n : a.nationalities) nats.insert(n);
    if (!a.location.town.empty()) towns.insert(a.location.town);
    std::string profile = !a.profile_url.empty() ? a.profile_url : absl::StrCat(a.site, "|", name);
    const std::string day = LondonDate(absl::FromUnixSeconds(a.fetched_unix));  // the analyst's day, as the report
    for (const auto& p : a.phones) {
      phones.insert(p.e164);
      if (!name.empty()) names_by_phone[p.e164].insert(name);
      if (a.age) ages_by_phone[p.e164].insert(std::to_string(*a.age));
      for (const auto& n : a.nationalities) nats_by_phone[p.e164].insert(n);
      phones_by_profile[profile].insert(p.e164);
      ++per_phone_day[absl::StrCat(p.e164, "|", day)];
      if (!a.location.town.empty()) {
        town_by_week_by_phone[p.e164].emplace(IsoWeek(a.fetched_unix), a.location.town);
      }
    }
    for (const auto& img : a.images) {
      if (img.sha256.empty()) continue;
      for (const auto& p : a.phones) phones_by_image[img.sha256].insert(p.e164);
      if (!name.empty()) names_by_image[img.sha256].insert(name);
    }
  }
  auto max_size = [](const std::map<std::string, std::set<std::string>>& m) {
    size_t best = 0;
    for (const auto& [k, v] : m) best = std::max(best, v.size());
    return static_cast<int>(best);
  };
  auto count_multi = [](const std::map<std::string, std::set<std::string>>& m) {
    int n = 0;
    for (const auto& [k, v] : m) n += v.size() >= 2 ? 1 : 0;
    return n;
  };
  f.phones = static_cast<int>(phones.size());
  f.names = static_cast<int>(names.size());
  f.ages = static_cast<int>(ages.size());
  f.nationalities = static_cast<int>(nats.size());
  f.towns = static_cast<int>(towns.size());
  f.max_names_per_phone = max_size(names_by_phone);
  f.max_ages_per_phone = max_size(ages_by_phone);
  f.max_nationalities_per_phone = max_size(nats_by_phone);
  f.max_phones_per_profile = max_size(phones_by_profile);
  f.images_across_phones = count_multi(phones_by_image);
  f.images_across_names = count_multi(names_by_image);
  for (const auto& [phone, weeks] : town_by_week_by_phone) {
    int moves = 0;
    const std::string* prev = nullptr;
    for (const auto& [week, town] : weeks) {
      if (prev != nullptr && *prev != town) ++moves;
      prev = &town;
    }
    f.max_town_moves = std::max(f.max_town_moves, moves);
  }
  if (auto it = cluster.stats.links.find("text"); it != cluster.stats.links.end()) {
    f.templated_text_links = static_cast<int>(it->second);
  }
  for (const auto& [k, n] : per_phone_day) f.max_adverts_per_phone_per_day = std::max(f.max_adverts_per_phone_per_day, n);
  for (const auto& s : scores) indicators::AddMemberScore(s, &f);
  return f;
}

}  // namespace admon::app
