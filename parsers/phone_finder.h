// Copyright 2026 The admon Authors.
//
// Internal to parsers/: finds (possibly obfuscated) phone numbers in text and
// validates them with libphonenumber. Use parsers/identifiers.h instead.
//
// Decision rule (see docs/identifiers.md):
//  1. Text is split into units (parsers/normalize.h); maximal alnum runs are
//     "words". A word becomes a digit group if it is all digits, a number word
//     ("seven", "oh", "double"), a leet number word ("f1ve"), digits with O/o/l/I
//     letters ("O7911"), or a concatenation of digits and number words
//     ("07911four56"). Any other word is a break.
//  2. Groups joined by short separator gaps (whitespace, . - / * | _ ~ ( ) emoji,
//     at most kMaxNewlines line breaks) form a chain; breaks (other words,
//     punctuation such as , : ; £ ' ", invalid bytes) end a chain. Dates and
//     clock times are masked as breaks first.
//  3. In each chain, from the left, the longest run of whole groups that forms a
//     number is taken: "+CC..." / "00CC..." (any country), national "0..." tried
//     in the default region then each extra region, or bare 44/36/40 mobile
//     shapes. It must pass IsValidNumber and context checks (not after a
//     reference label or currency sign, not before a unit such as "ph"/"min").
//
// Thread safety: immutable after construction; Find is safe concurrently.
#ifndef ADMON_PARSERS_PHONE_FINDER_H_
#define ADMON_PARSERS_PHONE_FINDER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/advert.h"

namespace admon::parsers::internal {

class PhoneFinder {
 public:
  PhoneFinder(std::string default_region, std::vector<std::string> extra_regions);

  // Appends phones found in `text`; sets e164, national, type, region, raw,
  // styles and span.begin/end (bytes into `text`). Source/field left default.
  void Find(std::string_view text, std::vector<Phone>* out) const;

  // A number from a link (tel:, sms:, wa.me/...): digits with an optional
  // leading '+'; `assume_international` treats bare digits as "+digits"
  // (wa.me). Styles: "link" (+ "international" when written with a country code).
  std::optional<Phone> FromLink(std::string_view number, bool assume_international) const;

 private:
  struct Resolved;
  // `digits` are ASCII digits; `plus` when written with a leading '+'.
  std::optional<Resolved> Resolve(const std::string& digits, bool plus) const;
  void Fill(const Resolved& r, Phone* p) const;

  std::string default_region_;
  std::vector<std::string> extra_regions_;
};

}  // namespace admon::parsers::internal

#endif  // ADMON_PARSERS_PHONE_FINDER_H_
