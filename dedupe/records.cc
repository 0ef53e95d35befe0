// Copyright 2026 The admon Authors.
//
// Link / Cluster records: names, JSON, printing, derived figures.
#include <set>

#include "absl/time/civil_time.h"
#include "dedupe/dedupe.h"

namespace admon::dedupe {
namespace {

constexpr const char* kLinkTypeNames[kNumLinkTypes] = {"phone",       "email",      "handle", "payment",
                                                       "image_exact", "image_near", "text"};

int64_t Get(const std::map<std::string, int64_t>& m, const char* k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

std::string DayBefore(const std::string& date) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return "";
  absl::CivilDay day = absl::CivilDay(y, m, d) - 1;
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", static_cast<int>(day.year()), day.month(), day.day());
  return buf;
}

int64_t Moves(const std::map<std::string, BoundedCounts>& by_week) {
  int64_t moves = 0;
  const BoundedCounts* prev = nullptr;
  for (const auto& [week, b] : by_week) {
    if (prev != nullptr) {
      std::set<std::string> a, c;
      for (const auto& [k, n] : prev->counts) a.insert(k);
      for (const auto& [k, n] : b.counts) c.insert(k);
      if (a != c) ++moves;
    }
    prev = &b;
  }
  return moves;
}

}  // namespace

const char* LinkTypeName(LinkType t) { return kLinkTypeNames[static_cast<int>(t)]; }

std::optional<LinkType> ParseLinkType(std::string_view name) {
  for (int i = 0; i < kNumLinkTypes; ++i) {
    if (name == kLinkTypeNames[i]) return static_cast<LinkType>(i);
  }
  return std::nullopt;
}

void to_json(nlohmann::json& j, const Link& v) {
  j = {{"from", v.from}, {"to", v.to}, {"type", LinkTypeName(v.type)}, {"value", v.value},
       {"hub", v.hub},   {"created", v.created_unix}, {"via", v.via}};
  if (v.distance >= 0) j["distance"] = v.distance;
  if (v.type == LinkType::kText) j["jaccard"] = v.jaccard;
}

std::ostream& operator<<(std::ostream& os, const Link& l) {
  os << l.from << " -" << LinkTypeName(l.type) << "-> " << l.to << " [" << l.value << "]";
  if (l.distance >= 0) os << " d=" << l.distance;
  if (l.type == LinkType::kText) os << " j=" << l.jaccard;
  if (l.hub) os << " HUB";
  return os;
}

void to_json(nlohmann::json& j, const Cluster& v) {
  nlohmann::json merged = nlohmann::json::array();
  for (const auto& m : v.merged_from) merged.push_back({{"id", m.from}, {"unix", m.unix}});
  j = {{"id", v.id},       {"parent", v.parent},   {"first_seen", v.first_seen}, {"last_seen", v.last_seen},
       {"merged_from", merged}, {"history", v.history}, {"stats", v.stats}};
  if (!v.members.empty()) j["members"] = v.members;
}

std::ostream& operator<<(std::ostream& os, const Cluster& c) {
  os << "Cluster{" << c.id;
  if (!c.parent.empty()) os << " -> " << c.parent;
  os << " adverts=" << c.stats.adverts << " phones=" << c.stats.phones.distinct()
     << " first=" << c.first_seen << " merged=" << c.merged_from.size() << "}";
  return os;
}

ClusterFigures Figures(const Cluster& c, std::string_view day) {
  const ClusterStats& s = c.stats;
  ClusterFigures f;
  f.adverts = s.adverts;
  f.live = s.live;
  f.removed = s.removed;
  f.distinct_phones = s.phones.distinct();
  f.distinct_emails = s.emails.distinct();
  f.distinct_handles = s.handles.distinct();
  f.distinct_names = s.names.distinct();
  f.distinct_ages = s.ages.distinct();
  f.distinct_nationalities = s.nationalities.distinct();
  f.distinct_towns = s.towns.distinct();
  f.distinct_forces = s.forces.distinct();
  f.distinct_sites = s.sites.distinct();
  f.distinct_images = s.images.distinct();
  for (const auto& [im, owners] : s.image_owners) {
    int phones = 0, names = 0;
    for (const auto& [k, n] : owners.counts) (k.rfind("p:", 0) == 0 ? phones : names)++;
    if (phones > 1 || names > 1) ++f.reused_images;
  }
  f.weeks_active = static_cast<int64_t>(std::max(s.towns_by_week.size(), s.forces_by_week.size()));
  f.town_moves = Moves(s.towns_by_week);
  f.force_moves = Moves(s.forces_by_week);
  for (const auto& [k, n] : s.phone_day.counts) f.max_adverts_per_phone_per_day = std::max(f.max_adverts_per_phone_per_day, n);
  f.text_links = Get(s.links, "text");
  f.phone_links = Get(s.links, "phone");
  f.image_links = Get(s.links, "image_exact") + Get(s.links, "image_near");
  for (const auto& [k, n] : s.hub_links) f.hub_links += n;
  f.first_seen = c.first_seen;
  f.last_seen = c.last_seen;
  std::string d(day);
  if (d.empty() && !s.adverts_per_day.empty()) d = s.adverts_per_day.rbegin()->first;
  if (!d.empty()) {
    auto it = s.adverts_per_day.find(d);
    f.new_on_day = it == s.adverts_per_day.end() ? 0 : it->second;
    auto jt = s.adverts_per_day.find(DayBefore(d));
    f.new_day_before = jt == s.adverts_per_day.end() ? 0 : jt->second;
  }
  f.growth = f.new_on_day - f.new_day_before;
  return f;
}

void to_json(nlohmann::json& j, const ClusterFigures& v) {
  j = {{"adverts", v.adverts},
       {"live", v.live},
       {"removed", v.removed},
       {"distinct_phones", v.distinct_phones},
       {"distinct_emails", v.distinct_emails},
       {"distinct_handles", v.distinct_handles},
       {"distinct_names", v.distinct_names},
       {"distinct_ages", v.distinct_ages},
       {"distinct_nationalities", v.distinct_nationalities},
       {"distinct_towns", v.distinct_towns},
       {"distinct_forces", v.distinct_forces},
       {"distinct_sites", v.distinct_sites},
       {"distinct_images", v.distinct_images},
       {"reused_images", v.reused_images},
       {"weeks_active", v.weeks_active},
       {"town_moves", v.town_moves},
       {"force_moves", v.force_moves},
       {"max_adverts_per_phone_per_day", v.max_adverts_per_phone_per_day},
       {"text_links", v.text_links},
       {"phone_links", v.phone_links},
       {"image_links", v.image_links},
       {"hub_links", v.hub_links},
       {"first_seen", v.first_seen},
       {"last_seen", v.last_seen},
       {"new_on_day", v.new_on_day},
       {"new_day_before", v.new_day_before},
       {"growth", v.growth}};
}

}  // namespace admon::dedupe
