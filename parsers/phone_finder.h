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
// Thread safety: Find/FromLink are safe concurrently (the only mutable state is
// the resolution memo, guarded by a mutex).
//
// Cost: libphonenumber validation (Parse, IsValidNumber, region, type,
// formatting: ICU regex matchers built per call) was ~half of Find and a
// quarter of PageParser::Parse, and the same digit strings recur (description,
// phone field, tel: link, JSON-LD; the same poster's other adverts). Resolve
// results, valid or not, are memoised by (plus, digits), at most
// kMaxResolveMemoEntries (the memo is cleared when full). The memo is a pure
// cache: results are the same with or without it.
#ifndef ADMON_PARSERS_PHONE_FINDER_H_
#define ADMON_PARSERS_PHONE_FINDER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
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
  // A validated number: Resolved's offsets and styles plus Fill's fields.
  struct Entry {
    uint32_t styles = 0;
    size_t national_offset = 0;
    size_t cc_begin = 0;
    size_t cc_end = 0;
    std::string e164, national, region, type;
  };
  // `digits` are ASCII digits; `plus` when written with a leading '+'.
  std::optional<Resolved> Resolve(const std::string& digits, bool plus) const;
  void Fill(const Resolved& r, Phone* p) const;
  // Resolve + Fill through the memo; null when `digits` is not a number.
  std::shared_ptr<const Entry> Lookup(const std::string& digits, bool plus) const;
  static void Apply(const Entry& e, Phone* p);

  // ~250 bytes per entry (key, four short strings): at most ~4 MB.
  static constexpr size_t kMaxResolveMemoEntries = 16384;

  std::string default_region_;
  std::vector<std::string> extra_regions_;
  mutable std::mutex memo_mu_;
  // Key: '+' or '-' then the digits. Value null: not a number.
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const Entry>> memo_;  // guarded by memo_mu_
};

}  // namespace admon::parsers::internal

#endif  // ADMON_PARSERS_PHONE_FINDER_H_
