// Copyright 2026 The admon Authors.
//
// World layout: chunks of posters, per-advert meta, ids and profiles. The
// advert text and identifiers are built in advert_builder.cc.
#include "testsite/world.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "testsite/internal.h"
#include "testsite/rng.h"

namespace admon::testsite {

const char* PosterKindName(PosterKind k) {
  switch (k) {
    case PosterKind::kIndependent: return "independent";
    case PosterKind::kAgency: return "agency";
    case PosterKind::kExploitation: return "exploitation";
    case PosterKind::kSpam: return "spam";
  }
  return "unknown";
}

absl::Status ValidateSpec(const WorldSpec& spec) {
  if (spec.adverts < 1 || spec.adverts > kMaxAdverts) {
    return absl::InvalidArgumentError(absl::StrCat("testsite: --adverts must be in 1..", kMaxAdverts, ", got ",
                                                   spec.adverts));
  }
  if (spec.days < 1 || spec.days > kMaxDays) {
    return absl::InvalidArgumentError(absl::StrCat("testsite: --days must be in 1..", kMaxDays, ", got ", spec.days));
  }
  return absl::OkStatus();
}

const SiteInfo& Site(int site) {
  static const auto* v = new std::vector<SiteInfo>{
      {"velvet", "Velvet Rooms", "0808 157 0192", "support@velvetrooms.example", 20},
      {"scarlet", "Scarlet Directory", "0800 048 7716", "help@scarletdirectory.example", 25},
      {"nightowl", "NightOwl Companions", "0808 196 3350", "admin@nightowl.example", 15},
  };
  return (*v)[site];
}

const std::vector<Town>& Towns() {
  static const auto* v = new std::vector<Town>{
      {"Leeds", "leeds", "LS1 4AB", "0113"},           {"Manchester", "manchester", "M1 2WD", "0161"},
      {"Birmingham", "birmingham", "B5 4BU", "0121"},  {"Cardiff", "cardiff", "CF10 1EP", "029"},
      {"Glasgow", "glasgow", "G1 3SL", "0141"},        {"Luton", "luton", "LU1 2TL", "01582"},
      {"Slough", "slough", "SL1 1XW", "01753"},        {"Bristol", "bristol", "BS1 6QF", "0117"},
      {"Liverpool", "liverpool", "L1 8JQ", "0151"},    {"Sheffield", "sheffield", "S1 2HE", "0114"},
      {"Newcastle", "newcastle", "NE1 7RU", "0191"},   {"Nottingham", "nottingham", "NG1 5FS", "0115"},
      {"Leicester", "leicester", "LE1 6TE", "0116"},   {"Edinburgh", "edinburgh", "EH1 1YZ", "0131"},
      {"Southampton", "southampton", "SO14 7DU", "023"}, {"Reading", "reading", "RG1 1AX", "0118"},
      {"Coventry", "coventry", "CV1 2GT", "024"},      {"Bradford", "bradford", "BD1 1PR", "01274"},
      {"Milton Keynes", "milton-keynes", "MK9 3ES", "01908"}, {"Norwich", "norwich", "NR1 3DY", "01603"},
  };
  return *v;
}

ChunkLayout LayoutChunk(uint64_t seed, int64_t chunk) {
  Rng r(seed, "chunk", static_cast<uint64_t>(chunk));
  std::vector<PosterSlot> list;
  auto network_size = [&r] {
    double u = r.Unit();
    if (u < 0.5) return r.Range(4, 8);
    if (u < 0.85) return r.Range(9, 18);
    return r.Range(20, 36);
  };
  // Every chunk holds at least one network, one agency and one spammer, so
  // even a 50-advert corpus has all kinds.
  // The forced network and agency are small so independents stay the bulk.
  list.push_back({PosterKind::kExploitation, r.Range(4, 8), 0});
  list.push_back({PosterKind::kAgency, r.Range(5, 8), 0});
  list.push_back({PosterKind::kSpam, r.Range(3, 6), 0});
  int total = 0;
  for (const auto& p : list) total += p.size;
  while (total < kChunkAdverts) {
    double u = r.Unit();
    PosterSlot p;
    if (u < 0.93) {
      p = {PosterKind::kIndependent, r.Range(1, 3), 0};
    } else if (u < 0.95) {
      p = {PosterKind::kAgency, r.Range(5, 12), 0};
    } else if (u < 0.97) {
      p = {PosterKind::kExploitation, network_size(), 0};
    } else {
      p = {PosterKind::kSpam, r.Range(3, 6), 0};
    }
    list.push_back(p);
    total += p.size;
  }
  // Forced posters first (in shuffled order) so they all start within the
  // first 50 adverts of a chunk; the rest shuffled behind them.
  std::vector<PosterSlot> rest(list.begin() + 3, list.end());
  list.resize(3);
  r.Shuffle(list);
  r.Shuffle(rest);
  list.insert(list.end(), rest.begin(), rest.end());
  int first = 0;
  for (auto& p : list) {
    p.first = first;
    p.size = std::min<int>(p.size, static_cast<int>(kChunkAdverts) - first);
    first += p.size;
  }
  return {std::move(list)};
}

int Workers(PosterKind kind, int size) {
  switch (kind) {
    case PosterKind::kIndependent:
    case PosterKind::kSpam:
      return 1;
    case PosterKind::kAgency:
      return std::max(2, size * 2 / 3);
    case PosterKind::kExploitation:
      return std::min(kMaxWorkers, std::max(2, (size + 1) / 2));
  }
  return 1;
}

std::vector<int> NetworkTowns(uint64_t seed, int64_t poster) {
  Rng r(seed, "nettowns", static_cast<uint64_t>(poster));
  std::vector<int> all(Towns().size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  r.Shuffle(all);
  all.resize(static_cast<size_t>(r.Range(3, 5)));
  return all;
}

int HomeTown(uint64_t seed, int64_t poster) {
  return static_cast<int>(Hash(seed, "hometown", static_cast<uint64_t>(poster)) % Towns().size());
}

World::World(const WorldSpec& spec) : spec_(spec) {}

static Permutation SiteIdPermutation(uint64_t seed) { return Permutation(Hash(seed, "siteid"), 24); }
static Permutation ProfilePermutation(uint64_t seed) { return Permutation(Hash(seed, "profile"), 32); }

int64_t World::SiteIdOf(int64_t index) const {
  return kSiteIdBase + static_cast<int64_t>(SiteIdPermutation(spec_.seed).Forward(static_cast<uint64_t>(index)));
}

std::optional<int64_t> World::IndexOfSiteId(int64_t site_id) const {
  int64_t x = site_id - kSiteIdBase;
  if (x < 0 || x >= (int64_t{1} << 24)) return std::nullopt;
  auto index = static_cast<int64_t>(SiteIdPermutation(spec_.seed).Inverse(static_cast<uint64_t>(x)));
  if (index >= spec_.adverts) return std::nullopt;
  return index;
}

AdvertMeta World::Meta(int64_t index) const {
  const uint64_t seed = spec_.seed;
  const int64_t chunk = index / kChunkAdverts;
  const int local = static_cast<int>(index % kChunkAdverts);
  ChunkLayout layout = LayoutChunk(seed, chunk);
  size_t p = 0;
  while (p + 1 < layout.posters.size() && layout.posters[p + 1].first <= local) ++p;
  const PosterSlot& slot = layout.posters[p];
  AdvertMeta m;
  m.index = index;
  m.site_id = SiteIdOf(index);
  m.poster = chunk * kChunkAdverts + static_cast<int64_t>(p);
  m.kind = slot.kind;
  m.ordinal = local - slot.first;
  m.poster_adverts = slot.size;
  const int workers = Workers(slot.kind, slot.size);
  m.worker = m.ordinal % workers;

  Rng r(seed, "meta", static_cast<uint64_t>(index));
  const int days = spec_.days;
  m.first_day = (days == 1 || r.Chance(0.5)) ? 0 : r.Range(0, days - 1);
  int duration = 1;
  switch (m.kind) {
    case PosterKind::kIndependent: duration = r.Range(5, 40); break;
    case PosterKind::kAgency: duration = r.Range(7, 60); break;
    case PosterKind::kExploitation: duration = r.Range(2, 8); break;
    case PosterKind::kSpam: duration = r.Range(1, 3); break;
  }
  m.last_day = std::min(days - 1, m.first_day + duration - 1);
  m.edit_day = -1;
  if (m.last_day > m.first_day && r.Chance(0.3)) {
    m.edit_day = m.first_day + 1 + static_cast<int>(r.Below(static_cast<uint64_t>(m.last_day - m.first_day)));
  }
  const int home_site = static_cast<int>(Hash(seed, "homesite", static_cast<uint64_t>(m.poster)) % kNumSites);
  switch (m.kind) {
    case PosterKind::kIndependent:
      m.site = r.Chance(0.7) ? home_site : static_cast<int>(r.Below(kNumSites));
      m.town = HomeTown(seed, m.poster);
      break;
    case PosterKind::kAgency:
      m.site = r.Chance(0.8) ? home_site : static_cast<int>(r.Below(kNumSites));
      m.town = r.Chance(0.8) ? HomeTown(seed, m.poster) : static_cast<int>(r.Below(Towns().size()));
      break;
    case PosterKind::kExploitation: {
      m.site = static_cast<int>(r.Below(kNumSites));
      // Workers move town week to week: the town follows the posting week.
      std::vector<int> towns = NetworkTowns(seed, m.poster);
      m.town = towns[static_cast<size_t>(m.first_day / 7 + m.worker + m.ordinal / workers) % towns.size()];
      break;
    }
    case PosterKind::kSpam:
      m.site = static_cast<int>(r.Below(kNumSites));
      m.town = static_cast<int>(r.Below(Towns().size()));
      break;
  }
  return m;
}

bool BumpedOn(uint64_t seed, const AdvertMeta& m, int day) {
  const uint64_t pct = m.kind == PosterKind::kIndependent ? 10 : m.kind == PosterKind::kAgency ? 20
                       : m.kind == PosterKind::kExploitation ? 45 : 60;
  return day > m.first_day && day <= m.last_day &&
         Hash(seed, "bump", static_cast<uint64_t>(m.index), static_cast<uint64_t>(day)) % 100 < pct;
}

int World::BumpDay(const AdvertMeta& m, int day) const {
  for (int d = std::min(day, m.last_day); d > m.first_day; --d) {
    if (BumpedOn(spec_.seed, m, d)) return d;
  }
  return m.first_day;
}

std::string World::ProfileToken(int64_t poster, int worker) const {
  uint64_t key = static_cast<uint64_t>(poster) * kMaxWorkers + static_cast<uint64_t>(worker);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%08llx",
                static_cast<unsigned long long>(ProfilePermutation(spec_.seed).Forward(key)));
  return buf;
}

std::vector<int64_t> World::AdvertsOfProfile(const std::string& token) const {
  std::vector<int64_t> out;
  if (token.size() != 8) return out;
  uint64_t v = 0;
  for (char c : token) {
    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (d < 0) return out;
    v = v * 16 + static_cast<uint64_t>(d);
  }
  uint64_t key = ProfilePermutation(spec_.seed).Inverse(v);
  const auto poster = static_cast<int64_t>(key / kMaxWorkers);
  const int worker = static_cast<int>(key % kMaxWorkers);
  const int64_t chunk = poster / kChunkAdverts;
  const auto p = static_cast<size_t>(poster % kChunkAdverts);
  if (chunk * kChunkAdverts >= spec_.adverts) return out;
  ChunkLayout layout = LayoutChunk(spec_.seed, chunk);
  if (p >= layout.posters.size()) return out;
  const PosterSlot& slot = layout.posters[p];
  const int workers = Workers(slot.kind, slot.size);
  const bool per_worker = slot.kind == PosterKind::kExploitation;
  if (!per_worker && worker != 0) return out;
  if (per_worker && worker >= workers) return out;
  for (int o = 0; o < slot.size; ++o) {
    int64_t index = chunk * kChunkAdverts + slot.first + o;
    if (index >= spec_.adverts) break;
    if (per_worker && o % workers != worker) continue;
    out.push_back(index);
  }
  return out;
}

std::string World::DateOfDay(int day) {
  absl::CivilDay d = absl::CivilDay(2026, 11, 2) + day;
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", static_cast<int>(d.year()), d.month(), d.day());
  return buf;
}

std::string AdvertPath(const AdvertMeta& m) {
  const std::string id = std::to_string(m.site_id);
  if (m.site == 0) return "/advert/" + id;
  if (m.site == 1) return "/ad/" + id + ".html";
  return "/listing/" + id + "-" + Towns()[static_cast<size_t>(m.town)].slug;
}

std::string ProfilePath(int site, const std::string& slug) {
  if (site == 0) return "/profile/" + slug;
  if (site == 1) return "/poster/" + slug;
  return "/u/" + slug;
}

std::string TownPath(int site, int town, int page) {
  const std::string& slug = Towns()[static_cast<size_t>(town)].slug;
  std::string path = site == 0 ? "/town/" + slug : site == 1 ? "/escorts/" + slug + "/" : "/in/" + slug;
  if (page > 1) path += "?page=" + std::to_string(page);
  return path;
}

std::ostream& operator<<(std::ostream& os, const Advert& a) {
  os << "Advert{" << Site(a.meta.site).name << ":" << a.meta.site_id << " " << PosterKindName(a.meta.kind) << " "
     << a.poster_id << " \"" << a.title << "\" phones=[";
  for (size_t i = 0; i < a.phones.size(); ++i) os << (i ? "," : "") << a.phones[i];
  return os << "] days=" << a.meta.first_day << ".." << a.meta.last_day << "}";
}

}  // namespace admon::testsite
