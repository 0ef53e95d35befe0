// Copyright 2026 The admon Authors.
//
// Explainable trafficking-marker scores for adverts and clusters (networks).
//
// A `Catalogue` is loaded from config/indicators.yaml (see docs/indicators.md):
// each indicator has an id, category, plain-English description, provenance
// (the evidence behind it and how strong that evidence is), a scope (advert or
// cluster), a detector and a weight. Scoring an advert or a cluster returns
// the score, a flag and the list of hits that explain it: which indicator
// fired, on what text or statistic, in which field and at which byte span.
//
// Formula (parameters in the yaml `scoring` section, per scope):
//   sum   = sum over FIRED indicators of weight (counter indicators: -weight);
//           each indicator counts once however many times it matches.
//   s(x)  = 1 / (1 + exp(-(x - bias) / scale))
//   score = max(0, (s(sum) - s(0)) / (1 - s(0)))    in [0, 1], 0 with no hits,
//           strictly increasing in `sum` (until it rounds to 1).
//   flag  = urgent if score >= urgent_at or any fired indicator has `urgent`;
//           review if score >= review_at; none otherwise.
//
// Most adverts are placed by independent adults. A flag is a prompt for a
// human to look, never a finding of trafficking.
//
// Thread safety: a loaded Catalogue is immutable; ScoreAdvert and ScoreCluster
// are const and may be called concurrently from any number of threads.
#ifndef ADMON_INDICATORS_INDICATORS_H_
#define ADMON_INDICATORS_INDICATORS_H_

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "parsers/advert.h"

namespace admon::indicators {

inline constexpr int kScoreRecordVersion = 1;

// Limits with reasons.
inline constexpr int kMaxHitsPerIndicator = 8;          // explanation, not an inventory
inline constexpr size_t kMaxMatchBytes = 200;           // a hit's `match` text is truncated beyond this
inline constexpr size_t kMaxIndicators = 1000;          // a catalogue larger than this is a mistake
inline constexpr int64_t kRe2SetMaxMemBytes = 64 << 20; // DFA budget per field set
// Long fields are scanned in chunks of whole sentences of at least this many
// bytes; a match never spans two chunks. Small enough that re-running a fired
// pattern on its chunk is cheap, large enough that Set calls stay few.
inline constexpr size_t kChunkBytes = 256;

enum class Flag { kNone, kReview, kUrgent };
const char* FlagName(Flag f);  // "none", "review", "urgent"

enum class Scope { kAdvert, kCluster };
const char* ScopeName(Scope s);  // "advert", "cluster"

// One reason a score moved.
struct Hit {
  std::string id;        // indicator id
  std::string category;  // indicator category, e.g. "youth"
  double weight = 0;     // signed contribution of the indicator (negative for counter indicators)
  std::string match;     // matched text (UTF-8, truncated to kMaxMatchBytes) or the statistic, e.g. "age=18"
  std::string field;     // "title", "description", "name", "location_text", "services[2]", "age",
                         // "prices[0]", "nationalities", "phones[1]", or the ClusterFacts statistic name
  int begin = -1;        // byte span of `match` in that field, half-open; -1 when not text
  int end = -1;
};

struct AdvertScore {
  std::string advert_id;
  double score = 0;        // [0, 1]
  double sum = 0;          // weighted sum before the logistic
  Flag flag = Flag::kNone;
  std::string flag_reason; // e.g. "youth_language forces urgent", "score 0.62 >= review_at 0.50"
  std::vector<Hit> hits;   // in catalogue order, then field order, then position
  std::string catalogue_version;
};

// Facts about one cluster (a set of adverts linked by dedupe/). Every field
// is a plain count or share computed over the cluster's member adverts; the
// filler (dedupe/) documents how it derives each one. Zero means "none seen"
// and never fires an indicator.
struct ClusterFacts {
  std::string cluster_id;
  int adverts = 0;                       // member adverts
  int phones = 0;                        // distinct phone numbers (E.164)
  int names = 0;                         // distinct advertised names (case-folded)
  int ages = 0;                          // distinct stated ages
  int nationalities = 0;                 // distinct stated nationalities
  int towns = 0;                         // distinct towns (gazetteer names)
  int max_names_per_phone = 0;           // most distinct names advertised under one phone
  int max_ages_per_phone = 0;            // most distinct stated ages under one phone
  int max_nationalities_per_phone = 0;   // most distinct nationalities under one phone
  int max_phones_per_profile = 0;        // most distinct phones on one profile (profile_url or site+name)
  int images_across_phones = 0;          // distinct images (sha256 or near-phash) seen under >= 2 phones
  int images_across_names = 0;           // distinct images seen under >= 2 names
  int max_town_moves = 0;                // most week-to-week town changes of one person (phone or image)
  int templated_text_links = 0;          // pairs of member adverts with near-identical text but different
                                         // phones AND names (templated posting)
  int max_adverts_per_phone_per_day = 0; // most adverts posted for one phone on one Europe/London day
  // Member adverts carrying each advert-level indicator / category / flag;
  // fill with AddMemberScore().
  std::map<std::string, int> indicator_adverts;  // indicator id -> member adverts with >= 1 hit
  std::map<std::string, int> category_adverts;   // category -> member adverts with >= 1 hit
  int flagged_adverts = 0;                       // members flagged review or urgent
  double max_advert_score = 0;                   // highest member advert score
};

// Adds one member advert's score to the per-indicator/category/flag counts of
// `facts` (it does not touch `adverts`; count members yourself).
void AddMemberScore(const AdvertScore& score, ClusterFacts* facts);

struct ClusterScore {
  std::string cluster_id;
  double score = 0;
  double sum = 0;
  Flag flag = Flag::kNone;
  std::string flag_reason;
  std::vector<Hit> hits;  // match is "statistic=value (>= threshold)"
  std::string catalogue_version;
};

// Formula parameters for one scope; see the header comment.
struct ScoringParams {
  double bias = 3.0;       // weighted sum at which the raw logistic is 0.5
  double scale = 1.0;      // softness of the logistic (weight units)
  double review_at = 0.5;  // score threshold for `review`
  double urgent_at = 0.9;  // score threshold for `urgent`
};

// Read-only view of one catalogue entry (for listings).
struct IndicatorInfo {
  std::string id;
  std::string category;
  std::string description;
  std::string provenance;
  Scope scope = Scope::kAdvert;
  std::string detector;  // detector kind, e.g. "patterns", "emoji", "age", "cluster:max_names_per_phone"
  double weight = 0;
  bool counter = false;
  bool urgent = false;   // a hit forces the `urgent` flag
};

class Catalogue {
 public:
  // Loads and validates the yaml catalogue. Errors name file:line: path, and
  // for a bad pattern the indicator id, the pattern and RE2's error.
  static absl::StatusOr<std::unique_ptr<const Catalogue>> Load(const std::string& path);
  static absl::StatusOr<std::unique_ptr<const Catalogue>> LoadFromString(std::string_view text,
                                                                         std::string_view name);
  ~Catalogue();
  Catalogue(const Catalogue&) = delete;
  Catalogue& operator=(const Catalogue&) = delete;

  const std::string& version() const;
  const ScoringParams& advert_params() const;
  const ScoringParams& cluster_params() const;
  std::vector<IndicatorInfo> List() const;  // catalogue order

  // Deterministic: the same advert and catalogue give the same score.
  AdvertScore ScoreAdvert(const parsers::Advert& advert) const;
  ClusterScore ScoreCluster(const ClusterFacts& facts) const;

  struct Impl;

 private:
  explicit Catalogue(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The formula from the header comment (exposed for tests and docs).
double Logistic01(double sum, const ScoringParams& p);

// JSON: {"v":1, "catalogue_version":..., "score":..., "flag":..., "hits":[...], ...}.
void to_json(nlohmann::json& j, const Hit& v);
void to_json(nlohmann::json& j, const AdvertScore& v);
void to_json(nlohmann::json& j, const ClusterFacts& v);
void to_json(nlohmann::json& j, const ClusterScore& v);

std::ostream& operator<<(std::ostream& os, Flag f);
std::ostream& operator<<(std::ostream& os, const Hit& h);
std::ostream& operator<<(std::ostream& os, const AdvertScore& s);
std::ostream& operator<<(std::ostream& os, const ClusterScore& s);

}  // namespace admon::indicators

#endif  // ADMON_INDICATORS_INDICATORS_H_
