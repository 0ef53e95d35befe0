// Copyright 2026 The admon Authors.
//
// Normalisation of advert field text: age, prices, nationality/ethnicity
// claims, languages spoken and services. Regexes (RE2) are compiled once in a
// function-local static; every function is pure and thread safe.
//
// Ages are NOT clamped to 18+: an advert claiming "Age: 17" is exactly what an
// analyst must see. Values outside kMinAge..kMaxAge are ignored as noise.
#ifndef ADMON_PARSERS_FIELDS_H_
#define ADMON_PARSERS_FIELDS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/advert.h"

namespace admon::parsers {

inline constexpr int kMinAge = 12;  // below this a number is not an age claim
inline constexpr int kMaxAge = 79;
inline constexpr size_t kMaxServices = 64;  // list entries kept
inline constexpr size_t kMaxServiceBytes = 48;  // longer entries are sentences, not services

// "Age: 23", "age 23", "23 years", "23 yrs old", "23yo", "23 y/o". First claim wins.
std::optional<int> ParseAge(std::string_view text);
// "£80 30min", "1 hour £150", "£150/hr", "30 mins - £80 | 1hr - £150", "half hour £70".
// Amounts in pounds; minutes from the duration. Only amount+duration pairs.
std::vector<Price> ParsePrices(std::string_view text);
// Nationality/ethnicity claims, lower case, canonical ("romanian", "brazilian",
// "british", "asian"...). Word-bounded; service idioms ("thai massage",
// "french kissing", "greek", "brazilian wax") are not claims unless labelled
// ("Nationality: Greek").
std::vector<std::string> ParseNationalities(std::string_view text);
// Languages from labelled text only: "Languages: English, Romanian",
// "I speak English and Spanish", "Speaks: ...". Lower case, canonical.
std::vector<std::string> ParseLanguages(std::string_view text);
// Services from a list: the text after "Services:" (or the whole text when
// `is_list` is true, e.g. a services field): split at , ; | / newline and
// bullets, lower case, trimmed, deduplicated, at most kMaxServices.
std::vector<std::string> ParseServices(std::string_view text, bool is_list = false);

}  // namespace admon::parsers

#endif  // ADMON_PARSERS_FIELDS_H_
