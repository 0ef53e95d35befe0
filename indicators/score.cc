// Copyright 2026 The admon Authors.
//
// Scoring adverts and clusters against a compiled catalogue.
#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "indicators/catalogue_impl.h"
#include "parsers/text.h"

namespace admon::indicators {
namespace {

// Cuts `s` to at most kMaxMatchBytes without splitting a UTF-8 sequence.
std::string Truncate(std::string_view s) { return std::string(parsers::Utf8Prefix(s, kMaxMatchBytes)); }

struct Span {
  int begin;
  int end;
};

bool IsWordByte(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// RE2's \b (ASCII word boundary) at byte `i` of `text`.
bool IsBoundary(std::string_view text, size_t i) {
  bool before = i > 0 && IsWordByte(text[i - 1]);
  bool after = i < text.size() && IsWordByte(text[i]);
  return before != after;
}

// Every non-overlapping match of `re` in text[begin, end) (RE2 sees the
// whole text as context); with `leading_boundary`, only matches that start at
// a word boundary (the Set's "\b(?:P)\b").
void FindAll(const RE2& re, bool leading_boundary, std::string_view text, size_t begin, size_t end,
             std::vector<Span>* out) {
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece m;
  size_t pos = begin;
  while (pos <= end && re.Match(input, pos, end, RE2::UNANCHORED, &m, 1)) {
    int b = static_cast<int>(m.data() - text.data());
    int e = b + static_cast<int>(m.size());
    if (leading_boundary && !IsBoundary(text, b)) {
      pos = b + 1;  // the leftmost match with a boundary starts later
      continue;
    }
    out->push_back({b, e});
    pos = e > b ? e : e + 1;  // patterns never match empty text (checked at load); belt and braces
  }
}

// End (exclusive) of the chunk starting at `start`: just after the first
// sentence end (a newline, or '.', '!' or '?' followed by whitespace) at
// least kChunkBytes into the chunk; else the end of the text. A match never
// spans two chunks, so patterns should match within a sentence.
size_t ChunkEnd(std::string_view text, size_t start) {
  for (size_t i = start + std::min(kChunkBytes, text.size() - start) - 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') return i + 1;
    if ((c == '.' || c == '!' || c == '?') && i + 1 < text.size() && absl::ascii_isspace(text[i + 1])) return i + 1;
  }
  return text.size();
}

struct Candidate {
  int indicator;
  int begin;
  int end;
};

// Scans one field chunk by chunk (see ChunkEnd): the field's Set reads each
// chunk once, then only the regexes that fired are re-run on that chunk for
// spans. Appends hits per indicator (`per[i]`).
void ScanField(const Catalogue::Impl& impl, const FieldSet& fs, std::string_view text, const std::string& field,
               std::vector<std::vector<Hit>>* per) {
  if (fs.set == nullptr || text.empty()) return;
  std::vector<int> fired;
  std::vector<std::vector<Span>> excluded;  // by indicator, allocated on first exclude
  std::vector<Candidate> cands;
  std::vector<Span> spans;
  for (size_t begin = 0, end; begin < text.size(); begin = end) {
    end = ChunkEnd(text, begin);
    fired.clear();
    RE2::Set::ErrorInfo info;
    if (!fs.set->Match(re2::StringPiece(text.data() + begin, end - begin), &fired, &info)) {
      if (info.kind == RE2::Set::kNoError) continue;  // nothing matched
      // DFA out of memory (pathological text): fall back to every regex.
      fired.clear();
      for (size_t i = 0; i < fs.entries.size(); ++i) fired.push_back(static_cast<int>(i));
    }
    std::sort(fired.begin(), fired.end());
    size_t chunk_cands = cands.size();
    for (int idx : fired) {
      const FieldSet::Entry& e = fs.entries[idx];
      if (e.exclude) continue;
      const Indicator& ind = impl.indicators[e.indicator];
      spans.clear();
      FindAll(*ind.patterns[e.pattern], ind.kind == DetectorKind::kPatterns, text, begin, end, &spans);
      for (const Span& sp : spans) cands.push_back({e.indicator, sp.begin, sp.end});
    }
    // Guards only matter where their indicator has a match in this chunk.
    for (int idx : fired) {
      const FieldSet::Entry& e = fs.entries[idx];
      if (!e.exclude || std::none_of(cands.begin() + chunk_cands, cands.end(),
                                     [&](const Candidate& c) { return c.indicator == e.indicator; })) {
        continue;
      }
      if (excluded.empty()) excluded.resize(impl.indicators.size());
      FindAll(*impl.indicators[e.indicator].excludes[e.pattern], true, text, begin, end, &excluded[e.indicator]);
    }
  }
  if (cands.empty()) return;
  std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.indicator, a.begin, a.end) < std::tie(b.indicator, b.begin, b.end);
  });
  for (size_t i = 0; i < cands.size(); ++i) {
    const Candidate& c = cands[i];
    if (i > 0 && cands[i - 1].indicator == c.indicator && cands[i - 1].begin == c.begin &&
        cands[i - 1].end == c.end) {
      continue;  // two patterns of one indicator on the same text
    }
    if (!excluded.empty()) {
      const auto& ex = excluded[c.indicator];
      if (std::any_of(ex.begin(), ex.end(), [&](const Span& x) { return x.begin < c.end && c.begin < x.end; })) {
        continue;  // a look-alike guard covers this match
      }
    }
    auto& hits = (*per)[c.indicator];
    if (static_cast<int>(hits.size()) >= kMaxHitsPerIndicator) continue;
    const Indicator& ind = impl.indicators[c.indicator];
    hits.push_back({ind.info.id, ind.info.category, 0, Truncate(text.substr(c.begin, c.end - c.begin)), field,
                    c.begin, c.end});
  }
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Hit MakeHit(const Indicator& ind, std::string match, std::string field) {
  return {ind.info.id, ind.info.category, 0, std::move(match), std::move(field), -1, -1};
}

void ScoreFields(const Indicator& ind, const parsers::Advert& a, std::vector<Hit>* hits) {
  switch (ind.kind) {
    case DetectorKind::kAge:
      if (a.age.has_value() && *a.age >= ind.age_min && *a.age <= ind.age_max) {
        hits->push_back(MakeHit(ind, absl::StrCat("age=", *a.age), "age"));
      }
      break;
    case DetectorKind::kPriceBelow:
      for (size_t i = 0; i < a.prices.size(); ++i) {
        const parsers::Price& p = a.prices[i];
        if (p.minutes <= 0 || p.pounds <= 0) continue;  // unparsed price: no evidence
        double per_hour = p.pounds * 60.0 / p.minutes;
        if (per_hour < ind.pounds_per_hour) {
          hits->push_back(MakeHit(ind,
                                  absl::StrFormat("%s%s£%.2f/%dmin = £%.2f/hour (< £%.2f)", p.raw,
                                                  p.raw.empty() ? "" : ": ", p.pounds, p.minutes, per_hour,
                                                  ind.pounds_per_hour),
                                  absl::StrCat("prices[", i, "]")));
        }
      }
      break;
    case DetectorKind::kNationality:
      for (const std::string& n : a.nationalities) {
        if (!n.empty() && !Contains(ind.except, n)) hits->push_back(MakeHit(ind, n, "nationalities"));
      }
      break;
    case DetectorKind::kPhoneRegion:
      for (size_t i = 0; i < a.phones.size(); ++i) {
        const parsers::Phone& p = a.phones[i];
        if (Contains(ind.regions, p.region)) {
          hits->push_back(MakeHit(ind, absl::StrCat(p.e164.empty() ? p.raw : p.e164, " (", p.region, ")"),
                                  absl::StrCat("phones[", i, "]")));
        }
      }
      break;
    case DetectorKind::kPhoneStyles: {
      auto desc = [](const parsers::Phone& p) {
        return absl::StrCat(p.raw.empty() ? p.e164 : p.raw, " [", absl::StrJoin(p.styles, ","), "]");
      };
      if (!ind.any_not_in.empty()) {
        for (size_t i = 0; i < a.phones.size(); ++i) {
          const auto& st = a.phones[i].styles;
          if (std::any_of(st.begin(), st.end(), [&](const std::string& s) { return !Contains(ind.any_not_in, s); })) {
            hits->push_back(MakeHit(ind, desc(a.phones[i]), absl::StrCat("phones[", i, "]")));
          }
        }
      } else if (!a.phones.empty()) {
        bool all = std::all_of(a.phones.begin(), a.phones.end(), [&](const parsers::Phone& p) {
          return std::any_of(p.styles.begin(), p.styles.end(), [&](const std::string& s) { return Contains(ind.all_in, s); });
        });
        if (all) {
          for (size_t i = 0; i < a.phones.size(); ++i) {
            hits->push_back(MakeHit(ind, desc(a.phones[i]), absl::StrCat("phones[", i, "]")));
          }
        }
      }
      break;
    }
    default:
      break;
  }
  if (static_cast<int>(hits->size()) > kMaxHitsPerIndicator) hits->resize(kMaxHitsPerIndicator);
}

// Drops indicators whose requires_any partners did not fire, assigns signed
// weights, and computes sum/score/flag. Returns hits in catalogue order.
template <typename Score>
void Finish(const Catalogue::Impl& impl, Scope scope, const ScoringParams& params,
            std::vector<std::vector<Hit>>& per, Score* out) {
  std::vector<bool> fired(per.size());
  for (size_t i = 0; i < per.size(); ++i) fired[i] = !per[i].empty();
  std::string urgent_by;
  out->sum = 0;
  for (size_t i = 0; i < per.size(); ++i) {
    const Indicator& ind = impl.indicators[i];
    if (ind.info.scope != scope || per[i].empty()) continue;
    if (!ind.requires_any.empty() &&
        std::none_of(ind.requires_any.begin(), ind.requires_any.end(), [&](int r) { return fired[r]; })) {
      continue;
    }
    double w = ind.info.counter ? -ind.info.weight : ind.info.weight;
    out->sum += w;
    if (ind.info.urgent && urgent_by.empty()) urgent_by = ind.info.id;
    for (Hit& h : per[i]) {
      h.weight = w;
      out->hits.push_back(std::move(h));
    }
  }
  out->score = Logistic01(out->sum, params);
  if (!urgent_by.empty()) {
    out->flag = Flag::kUrgent;
    out->flag_reason = absl::StrCat(urgent_by, " forces urgent (human review)");
  } else if (out->score >= params.urgent_at) {
    out->flag = Flag::kUrgent;
    out->flag_reason = absl::StrFormat("score %.3f >= urgent_at %.3f", out->score, params.urgent_at);
  } else if (out->score >= params.review_at) {
    out->flag = Flag::kReview;
    out->flag_reason = absl::StrFormat("score %.3f >= review_at %.3f", out->score, params.review_at);
  } else {
    out->flag = Flag::kNone;
    out->flag_reason = absl::StrFormat("score %.3f < review_at %.3f", out->score, params.review_at);
  }
  out->catalogue_version = impl.version;
}

double Statistic(const Indicator& ind, const ClusterFacts& f) {
  const std::string& s = ind.statistic;
  auto share = [&](int n) { return f.adverts > 0 ? static_cast<double>(n) / f.adverts : 0.0; };
  auto lookup = [&](const std::map<std::string, int>& m) {
    auto it = m.find(ind.stat_key);
    return it == m.end() ? 0 : it->second;
  };
  if (s == "adverts") return f.adverts;
  if (s == "phones") return f.phones;
  if (s == "names") return f.names;
  if (s == "ages") return f.ages;
  if (s == "nationalities") return f.nationalities;
  if (s == "towns") return f.towns;
  if (s == "max_names_per_phone") return f.max_names_per_phone;
  if (s == "max_ages_per_phone") return f.max_ages_per_phone;
  if (s == "max_nationalities_per_phone") return f.max_nationalities_per_phone;
  if (s == "max_phones_per_profile") return f.max_phones_per_profile;
  if (s == "images_across_phones") return f.images_across_phones;
  if (s == "images_across_names") return f.images_across_names;
  if (s == "max_town_moves") return f.max_town_moves;
  if (s == "templated_text_links") return f.templated_text_links;
  if (s == "max_adverts_per_phone_per_day") return f.max_adverts_per_phone_per_day;
  if (s == "indicator_share") return share(lookup(f.indicator_adverts));
  if (s == "category_share") return share(lookup(f.category_adverts));
  if (s == "flagged_share") return share(f.flagged_adverts);
  if (s == "max_advert_score") return f.max_advert_score;
  return 0;
}

}  // namespace

AdvertScore Catalogue::ScoreAdvert(const parsers::Advert& a) const {
  const Impl& impl = *impl_;
  std::vector<std::vector<Hit>> per(impl.indicators.size());
  const std::string* texts[] = {&a.title, &a.description, &a.name, &a.location_text};
  for (int f = 0; f < 4; ++f) ScanField(impl, impl.fields[f], *texts[f], kTextFields[f], &per);
  for (size_t i = 0; i < a.services.size(); ++i) {
    ScanField(impl, impl.fields[4], a.services[i], absl::StrCat("services[", i, "]"), &per);
  }
  for (size_t i = 0; i < impl.indicators.size(); ++i) {
    const Indicator& ind = impl.indicators[i];
    if (ind.info.scope == Scope::kAdvert && ind.kind != DetectorKind::kPatterns && ind.kind != DetectorKind::kEmoji) {
      ScoreFields(ind, a, &per[i]);
    }
  }
  AdvertScore out;
  out.advert_id = a.id;
  Finish(impl, Scope::kAdvert, impl.advert, per, &out);
  return out;
}

ClusterScore Catalogue::ScoreCluster(const ClusterFacts& facts) const {
  const Impl& impl = *impl_;
  std::vector<std::vector<Hit>> per(impl.indicators.size());
  for (size_t i = 0; i < impl.indicators.size(); ++i) {
    const Indicator& ind = impl.indicators[i];
    if (ind.kind != DetectorKind::kCluster || facts.adverts < ind.min_adverts) continue;
    double v = Statistic(ind, facts);
    if (v > 0 && v >= ind.at_least) {
      std::string key = ind.stat_key.empty() ? "" : absl::StrCat("[", ind.stat_key, "]");
      per[i].push_back(MakeHit(ind, absl::StrFormat("%s%s=%g (>= %g)", ind.statistic, key, v, ind.at_least),
                               ind.statistic));
    }
  }
  ClusterScore out;
  out.cluster_id = facts.cluster_id;
  Finish(impl, Scope::kCluster, impl.cluster, per, &out);
  return out;
}

void AddMemberScore(const AdvertScore& score, ClusterFacts* facts) {
  std::vector<std::string> ids, cats;
  for (const Hit& h : score.hits) {
    if (h.weight <= 0) continue;  // counter-indicators are not markers
    if (std::find(ids.begin(), ids.end(), h.id) == ids.end()) ids.push_back(h.id);
    if (std::find(cats.begin(), cats.end(), h.category) == cats.end()) cats.push_back(h.category);
  }
  for (const auto& id : ids) ++facts->indicator_adverts[id];
  for (const auto& c : cats) ++facts->category_adverts[c];
  if (score.flag != Flag::kNone) ++facts->flagged_adverts;
  facts->max_advert_score = std::max(facts->max_advert_score, score.score);
}

}  // namespace admon::indicators
