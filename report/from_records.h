// Copyright 2026 The admon Authors.
//
// Helpers for the glue that fills the report model from the database. They
// use only the parser's record structs (parsers/advert.h, plain data) and,
// for indicator scores and dedupe clusters, function templates over the
// field names, so report/ neither links nor depends on indicators/ or
// dedupe/: the templates are instantiated (and type-checked) in the glue.
//
//   AdvertView v = AdvertViewFrom(advert, FormatUtc(first), FormatUtc(last), removed);
//   ApplyScore(catalogue.ScoreAdvert(advert), v);        // indicators::AdvertScore
//   ClusterView c; FillClusterStats(cluster, c);         // dedupe::Cluster
//   ApplyScore(cluster_score, c);                        // indicators::ClusterScore
//   c.links.push_back(LinkViewFrom(link, dedupe::LinkTypeName(link.type)));
//
// Thread safety: pure functions.
#ifndef ADMON_REPORT_FROM_RECORDS_H_
#define ADMON_REPORT_FROM_RECORDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "parsers/advert.h"
#include "report/model.h"

namespace admon::report {

// 16 lower-case hex digits.
std::string PhashHex(uint64_t phash);

ImageView ImageViewFrom(const parsers::Image& image);

// Identity, text and identifiers of `a`; score/flag/hits are left empty
// (ApplyScore). first/last seen: RFC 3339 UTC.
AdvertView AdvertViewFrom(const parsers::Advert& a, const std::string& first_seen, const std::string& last_seen,
                          bool removed);

// H: any struct with id, category, weight, match, field, begin, end
// (indicators::Hit).
template <typename H>
HitView HitViewFrom(const H& h) {
  return HitView{h.id, h.category, h.weight, h.match, h.field, h.begin, h.end};
}

// E: an enum with kNone, kReview, kUrgent in that order (indicators::Flag).
template <typename E>
Flag FlagFrom(E e) {
  const int v = static_cast<int>(e);
  return v >= 2 ? Flag::kUrgent : (v == 1 ? Flag::kReview : Flag::kNone);
}

// S: indicators::AdvertScore or ClusterScore (score, flag, flag_reason, hits);
// V: AdvertView or ClusterView.
template <typename S, typename V>
void ApplyScore(const S& s, V& v) {
  v.score = s.score;
  v.flag = FlagFrom(s.flag);
  v.flag_reason = s.flag_reason;
  v.hits.clear();
  for (const auto& h : s.hits) v.hits.push_back(HitViewFrom(h));
}

// L: dedupe::Link (from, to, value, distance, jaccard, hub).
template <typename L>
LinkView LinkViewFrom(const L& l, const std::string& type) {
  std::string evidence = l.value;
  if (l.distance >= 0) evidence = absl::StrFormat("hamming=%d", l.distance);
  if (type == "text") evidence = absl::StrFormat("jaccard=%.2f", l.jaccard);
  return LinkView{l.from, l.to, type, evidence, l.hub};
}

// B: a map-like `counts` member (dedupe::BoundedCounts); keys in map order.
template <typename B>
std::vector<std::string> KeysOf(const B& b) {
  std::vector<std::string> out;
  for (const auto& [k, n] : b.counts) out.push_back(k);
  return out;
}

// C: dedupe::Cluster. Fills id, sizes, distinct values, first/last seen
// (via `time`, e.g. [](int64_t t){ return FormatUtc(absl::FromUnixSeconds(t)); }),
// merged_from, timeline and movement. Scores, adverts, links and growth are
// the caller's.
template <typename C, typename TimeFn>
void FillClusterStats(const C& c, TimeFn time, ClusterView& v) {
  v.id = c.id;
  v.size = c.stats.adverts;
  v.live = c.stats.live;
  v.removed = c.stats.removed;
  v.phones = KeysOf(c.stats.phones);
  v.names = KeysOf(c.stats.names);
  v.ages = KeysOf(c.stats.ages);
  v.nationalities = KeysOf(c.stats.nationalities);
  v.towns = KeysOf(c.stats.towns);
  v.forces = KeysOf(c.stats.forces);
  v.sites = KeysOf(c.stats.sites);
  v.first_seen = c.first_seen > 0 ? time(c.first_seen) : "";
  v.last_seen = c.last_seen > 0 ? time(c.last_seen) : "";
  v.merged_from.clear();
  for (const auto& m : c.merged_from) v.merged_from.push_back(m.from);
  v.timeline.clear();
  for (const auto& [day, n] : c.stats.adverts_per_day) v.timeline[day] = n;
  v.movement.clear();
  for (const auto& [week, towns] : c.stats.towns_by_week) v.movement[week] = KeysOf(towns);
}

}  // namespace admon::report

#endif  // ADMON_REPORT_FROM_RECORDS_H_
