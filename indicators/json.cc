// Copyright 2026 The admon Authors.
//
// JSON and stream forms of scores.
#include <ostream>

#include "indicators/indicators.h"

namespace admon::indicators {

const char* FlagName(Flag f) {
  switch (f) {
    case Flag::kNone: return "none";
    case Flag::kReview: return "review";
    case Flag::kUrgent: return "urgent";
  }
  return "none";
}

const char* ScopeName(Scope s) { return s == Scope::kCluster ? "cluster" : "advert"; }

void to_json(nlohmann::json& j, const Hit& v) {
  j = {{"id", v.id},         {"category", v.category}, {"weight", v.weight}, {"match", v.match},
       {"field", v.field},   {"begin", v.begin},       {"end", v.end}};
}

void to_json(nlohmann::json& j, const AdvertScore& v) {
  j = {{"v", kScoreRecordVersion}, {"catalogue_version", v.catalogue_version}, {"advert_id", v.advert_id},
       {"score", v.score},         {"sum", v.sum},                             {"flag", FlagName(v.flag)},
       {"flag_reason", v.flag_reason}, {"hits", v.hits}};
}

void to_json(nlohmann::json& j, const ClusterFacts& v) {
  j = {{"cluster_id", v.cluster_id},
       {"adverts", v.adverts},
       {"phones", v.phones},
       {"names", v.names},
       {"ages", v.ages},
       {"nationalities", v.nationalities},
       {"towns", v.towns},
       {"max_names_per_phone", v.max_names_per_phone},
       {"max_ages_per_phone", v.max_ages_per_phone},
       {"max_nationalities_per_phone", v.max_nationalities_per_phone},
       {"max_phones_per_profile", v.max_phones_per_profile},
       {"images_across_phones", v.images_across_phones},
       {"images_across_names", v.images_across_names},
       {"max_town_moves", v.max_town_moves},
       {"templated_text_links", v.templated_text_links},
       {"max_adverts_per_phone_per_day", v.max_adverts_per_phone_per_day},
       {"indicator_adverts", v.indicator_adverts},
       {"category_adverts", v.category_adverts},
       {"flagged_adverts", v.flagged_adverts},
       {"max_advert_score", v.max_advert_score}};
}

void to_json(nlohmann::json& j, const ClusterScore& v) {
  j = {{"v", kScoreRecordVersion}, {"catalogue_version", v.catalogue_version}, {"cluster_id", v.cluster_id},
       {"score", v.score},         {"sum", v.sum},                             {"flag", FlagName(v.flag)},
       {"flag_reason", v.flag_reason}, {"hits", v.hits}};
}

std::ostream& operator<<(std::ostream& os, Flag f) { return os << FlagName(f); }

std::ostream& operator<<(std::ostream& os, const Hit& h) {
  os << h.id << " (" << h.category << ", " << h.weight << ") " << h.field;
  if (h.begin >= 0) os << "[" << h.begin << "," << h.end << ")";
  return os << ": \"" << h.match << "\"";
}

namespace {
template <typename Score>
std::ostream& Print(std::ostream& os, const char* what, const std::string& id, const Score& s) {
  os << what << " " << id << ": score " << s.score << " (sum " << s.sum << ") flag " << s.flag << " ["
     << s.flag_reason << "] catalogue " << s.catalogue_version;
  for (const Hit& h : s.hits) os << "\n  " << h;
  return os;
}
}  // namespace

std::ostream& operator<<(std::ostream& os, const AdvertScore& s) { return Print(os, "advert", s.advert_id, s); }
std::ostream& operator<<(std::ostream& os, const ClusterScore& s) { return Print(os, "cluster", s.cluster_id, s); }

}  // namespace admon::indicators
