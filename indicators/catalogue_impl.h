// Copyright 2026 The admon Authors.
//
// Internal: the compiled form of a catalogue, shared by catalogue.cc (which
// builds it) and score.cc (which runs it). Not part of the public API.
#ifndef ADMON_INDICATORS_CATALOGUE_IMPL_H_
#define ADMON_INDICATORS_CATALOGUE_IMPL_H_

#include <memory>
#include <string>
#include <vector>

#include "indicators/indicators.h"
#include "re2/re2.h"
#include "re2/set.h"

namespace admon::indicators {

enum class DetectorKind { kPatterns, kEmoji, kAge, kPriceBelow, kNationality, kPhoneRegion, kPhoneStyles, kCluster };

// Text fields of an Advert that pattern and emoji detectors scan, in scan
// order. "services" scans each element (hit field "services[i]").
inline constexpr const char* kTextFields[] = {"title", "description", "name", "location_text", "services"};
inline constexpr int kNumTextFields = 5;

struct Indicator {
  IndicatorInfo info;
  DetectorKind kind = DetectorKind::kPatterns;
  // kPatterns / kEmoji.
  std::vector<bool> scans;  // [kNumTextFields]: which fields this indicator scans
  // Individual regexes, for spans. For kPatterns they are "(?:P)\b" and the
  // leading word boundary is checked by the caller (see catalogue.cc).
  std::vector<std::unique_ptr<RE2>> patterns;
  std::vector<std::unique_ptr<RE2>> excludes;  // look-alike guards (kPatterns)
  // kAge.
  int age_min = 0, age_max = 0;
  // kPriceBelow.
  double pounds_per_hour = 0;
  // kNationality: stated nationalities not in `except` (lower case).
  std::vector<std::string> except;
  // kPhoneRegion: ISO regions, upper case.
  std::vector<std::string> regions;
  // kPhoneStyles: fires if any phone has a style outside `any_not_in`, or if
  // there are phones and every phone has a style in `all_in`.
  std::vector<std::string> any_not_in;
  std::vector<std::string> all_in;
  // kCluster.
  std::string statistic;
  std::string stat_key;  // indicator id or category for *_share statistics
  double at_least = 0;
  int min_adverts = 1;
  // Any scope: only counts if one of these indicators (by index) fired too.
  std::vector<int> requires_any;
};

// One RE2::Set per text field holding every pattern/emoji (and exclude) that
// scans it, so a field is read once by one DFA.
struct FieldSet {
  struct Entry {
    int indicator = 0;
    int pattern = 0;
    bool exclude = false;
  };
  std::unique_ptr<RE2::Set> set;  // null when no indicator scans the field
  std::vector<Entry> entries;     // by Set index
};

struct Catalogue::Impl {
  std::string version;
  ScoringParams advert;
  ScoringParams cluster;
  std::vector<Indicator> indicators;
  FieldSet fields[kNumTextFields];
};

}  // namespace admon::indicators

#endif  // ADMON_INDICATORS_CATALOGUE_IMPL_H_
