// Copyright 2026 The admon Authors.
#include "dedupe/stats.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/status.h"

namespace admon::dedupe {
namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string PhashHex(uint64_t h) { return absl::StrFormat("%016x", h); }

void Bump(BoundedCounts& b, const std::string& key, int64_t n, int cap) {
  if (key.empty() || n == 0) return;
  auto it = b.counts.find(key);
  if (it != b.counts.end()) {
    it->second += n;
    if (it->second <= 0) b.counts.erase(it);
    return;
  }
  if (n < 0) {
    if (b.overflow > 0) b.overflow = std::max<int64_t>(0, b.overflow + n);
    return;
  }
  if (static_cast<int>(b.counts.size()) < cap) {
    b.counts[key] = n;
  } else {
    b.overflow += 1;
  }
}

template <typename M>
void TrimOldest(M& m, int keep) {
  while (static_cast<int>(m.size()) > keep) m.erase(m.begin());
}

void MergeCounts(const BoundedCounts& from, int cap, BoundedCounts& into) {
  for (const auto& [k, n] : from.counts) Bump(into, k, n, cap);
  into.overflow += from.overflow;
}

nlohmann::json CountsJson(const BoundedCounts& b) {
  nlohmann::json j = {{"c", b.counts}};
  if (b.overflow) j["o"] = b.overflow;
  return j;
}
BoundedCounts CountsFrom(const nlohmann::json& j) {
  BoundedCounts b;
  if (!j.is_object()) return b;
  if (j.contains("c")) b.counts = j["c"].get<std::map<std::string, int64_t>>();
  b.overflow = j.value("o", int64_t{0});
  return b;
}

}  // namespace

void to_json(nlohmann::json& j, const AdvertSummary& v) {
  j = {{"phones", v.phones}, {"emails", v.emails}, {"handles", v.handles}, {"nats", v.nationalities},
       {"images", v.images}, {"name", v.name},     {"age", v.age},         {"town", v.town},
       {"force", v.force},   {"site", v.site},     {"day", v.day},         {"week", v.week},
       {"removed", v.removed}};
}
void from_json(const nlohmann::json& j, AdvertSummary& v) {
  v.phones = j.value("phones", std::vector<std::string>{});
  v.emails = j.value("emails", std::vector<std::string>{});
  v.handles = j.value("handles", std::vector<std::string>{});
  v.nationalities = j.value("nats", std::vector<std::string>{});
  v.images = j.value("images", std::vector<std::string>{});
  v.name = j.value("name", "");
  v.age = j.value("age", "");
  v.town = j.value("town", "");
  v.force = j.value("force", "");
  v.site = j.value("site", "");
  v.day = j.value("day", "");
  v.week = j.value("week", "");
  v.removed = j.value("removed", false);
}

std::string IsoWeek(const std::string& date) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return "";
  absl::CivilDay day(y, m, d);
  int wd = static_cast<int>(absl::GetWeekday(day));  // absl: Monday = 0 .. Sunday = 6
  absl::CivilDay thursday = day + (3 - wd);
  absl::CivilDay jan1(thursday.year(), 1, 1);
  int week = static_cast<int>((thursday - jan1) / 7) + 1;
  return absl::StrFormat("%04d-W%02d", static_cast<int>(thursday.year()), week);
}

AdvertSummary Summarise(const parsers::Advert& a, int64_t first_seen_unix) {
  AdvertSummary s;
  std::set<std::string> phones, emails, handles, nats, images;
  for (const auto& p : a.phones) if (!p.e164.empty()) phones.insert(p.e164);
  for (const auto& e : a.emails) if (!e.address.empty()) emails.insert(Lower(e.address));
  for (const auto& h : a.handles) if (!h.handle.empty()) handles.insert(Lower(h.platform) + ":" + Lower(h.handle));
  for (const auto& n : a.nationalities) if (!n.empty()) nats.insert(Lower(n));
  for (const auto& im : a.images) {
    if (!im.sha256.empty()) images.insert(Lower(im.sha256));
    else if (im.hashed) images.insert("phash:" + PhashHex(im.phash));
  }
  s.phones.assign(phones.begin(), phones.end());
  s.emails.assign(emails.begin(), emails.end());
  s.handles.assign(handles.begin(), handles.end());
  s.nationalities.assign(nats.begin(), nats.end());
  s.images.assign(images.begin(), images.end());
  s.name = Lower(a.name);
  s.age = a.age ? std::to_string(*a.age) : "";
  s.town = a.location.town;
  s.force = a.location.force;
  s.site = a.site;
  s.day = LondonDate(absl::FromUnixSeconds(first_seen_unix));
  s.week = IsoWeek(s.day);
  return s;
}

void ApplySummary(const AdvertSummary& s, int sign, const DedupeOptions& o, ClusterStats* st) {
  const int cap = o.max_set_size;
  st->adverts += sign;
  (s.removed ? st->removed : st->live) += sign;
  for (const auto& p : s.phones) {
    Bump(st->phones, p, sign, cap);
    Bump(st->phone_day, p + "|" + s.day, sign, cap);
  }
  for (const auto& e : s.emails) Bump(st->emails, e, sign, cap);
  for (const auto& h : s.handles) Bump(st->handles, h, sign, cap);
  for (const auto& n : s.nationalities) Bump(st->nationalities, n, sign, cap);
  Bump(st->names, s.name, sign, cap);
  Bump(st->ages, s.age, sign, cap);
  Bump(st->towns, s.town, sign, cap);
  Bump(st->forces, s.force, sign, cap);
  Bump(st->sites, s.site, sign, cap);
  for (const auto& im : s.images) {
    Bump(st->images, im, sign, cap);
    if (sign > 0 && !st->image_owners.count(im) && static_cast<int>(st->image_owners.size()) >= cap) continue;
    auto& owners = st->image_owners[im];
    for (const auto& p : s.phones) Bump(owners, "p:" + p, sign, cap);
    Bump(owners, s.name.empty() ? "" : "n:" + s.name, sign, cap);
    if (owners.counts.empty() && owners.overflow == 0) st->image_owners.erase(im);
  }
  if (!s.week.empty()) {
    if (!s.town.empty()) {
      Bump(st->towns_by_week[s.week], s.town, sign, cap);
      if (st->towns_by_week[s.week].distinct() == 0) st->towns_by_week.erase(s.week);
    }
    if (!s.force.empty()) {
      Bump(st->forces_by_week[s.week], s.force, sign, cap);
      if (st->forces_by_week[s.week].distinct() == 0) st->forces_by_week.erase(s.week);
    }
    TrimOldest(st->towns_by_week, o.max_weeks);
    TrimOldest(st->forces_by_week, o.max_weeks);
  }
  if (!s.day.empty()) {
    if ((st->adverts_per_day[s.day] += sign) <= 0) st->adverts_per_day.erase(s.day);
    TrimOldest(st->adverts_per_day, o.max_days);
  }
}

void MergeStats(const ClusterStats& f, const DedupeOptions& o, ClusterStats* t) {
  const int cap = o.max_set_size;
  t->adverts += f.adverts;
  t->live += f.live;
  t->removed += f.removed;
  MergeCounts(f.phones, cap, t->phones);
  MergeCounts(f.emails, cap, t->emails);
  MergeCounts(f.handles, cap, t->handles);
  MergeCounts(f.names, cap, t->names);
  MergeCounts(f.ages, cap, t->ages);
  MergeCounts(f.nationalities, cap, t->nationalities);
  MergeCounts(f.towns, cap, t->towns);
  MergeCounts(f.forces, cap, t->forces);
  MergeCounts(f.sites, cap, t->sites);
  MergeCounts(f.images, cap, t->images);
  MergeCounts(f.phone_day, cap, t->phone_day);
  for (const auto& [w, b] : f.towns_by_week) MergeCounts(b, cap, t->towns_by_week[w]);
  for (const auto& [w, b] : f.forces_by_week) MergeCounts(b, cap, t->forces_by_week[w]);
  for (const auto& [im, b] : f.image_owners) {
    if (!t->image_owners.count(im) && static_cast<int>(t->image_owners.size()) >= cap) continue;
    MergeCounts(b, cap, t->image_owners[im]);
  }
  for (const auto& [d, n] : f.adverts_per_day) t->adverts_per_day[d] += n;
  for (const auto& [k, n] : f.links) t->links[k] += n;
  for (const auto& [k, n] : f.hub_links) t->hub_links[k] += n;
  TrimOldest(t->towns_by_week, o.max_weeks);
  TrimOldest(t->forces_by_week, o.max_weeks);
  TrimOldest(t->adverts_per_day, o.max_days);
}

void to_json(nlohmann::json& j, const ClusterStats& v) {
  j = {{"adverts", v.adverts}, {"live", v.live}, {"removed", v.removed},
       {"phones", CountsJson(v.phones)}, {"emails", CountsJson(v.emails)},
       {"handles", CountsJson(v.handles)}, {"names", CountsJson(v.names)},
       {"ages", CountsJson(v.ages)}, {"nationalities", CountsJson(v.nationalities)},
       {"towns", CountsJson(v.towns)}, {"forces", CountsJson(v.forces)},
       {"sites", CountsJson(v.sites)}, {"images", CountsJson(v.images)},
       {"phone_day", CountsJson(v.phone_day)}, {"adverts_per_day", v.adverts_per_day},
       {"links", v.links}, {"hub_links", v.hub_links}};
  nlohmann::json tw = nlohmann::json::object(), fw = nlohmann::json::object(), io = nlohmann::json::object();
  for (const auto& [k, b] : v.towns_by_week) tw[k] = CountsJson(b);
  for (const auto& [k, b] : v.forces_by_week) fw[k] = CountsJson(b);
  for (const auto& [k, b] : v.image_owners) io[k] = CountsJson(b);
  j["towns_by_week"] = tw;
  j["forces_by_week"] = fw;
  j["image_owners"] = io;
}

void from_json(const nlohmann::json& j, ClusterStats& v) {
  v.adverts = j.value("adverts", int64_t{0});
  v.live = j.value("live", int64_t{0});
  v.removed = j.value("removed", int64_t{0});
  auto counts = [&](const char* k) { return j.contains(k) ? CountsFrom(j[k]) : BoundedCounts{}; };
  v.phones = counts("phones");
  v.emails = counts("emails");
  v.handles = counts("handles");
  v.names = counts("names");
  v.ages = counts("ages");
  v.nationalities = counts("nationalities");
  v.towns = counts("towns");
  v.forces = counts("forces");
  v.sites = counts("sites");
  v.images = counts("images");
  v.phone_day = counts("phone_day");
  v.adverts_per_day = j.value("adverts_per_day", std::map<std::string, int64_t>{});
  v.links = j.value("links", std::map<std::string, int64_t>{});
  v.hub_links = j.value("hub_links", std::map<std::string, int64_t>{});
  v.towns_by_week.clear();
  v.forces_by_week.clear();
  v.image_owners.clear();
  if (j.contains("towns_by_week")) for (const auto& [k, b] : j["towns_by_week"].items()) v.towns_by_week[k] = CountsFrom(b);
  if (j.contains("forces_by_week")) for (const auto& [k, b] : j["forces_by_week"].items()) v.forces_by_week[k] = CountsFrom(b);
  if (j.contains("image_owners")) for (const auto& [k, b] : j["image_owners"].items()) v.image_owners[k] = CountsFrom(b);
}

}  // namespace admon::dedupe
