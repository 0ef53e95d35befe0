// Copyright 2026 The admon Authors.
//
// Internal to parsers/: splits UTF-8 text into "units" for the phone finder.
// A unit is one code point (or a keycap sequence "7" U+FE0F U+20E3) classified
// after Unicode NFKC folding: an ASCII letter/digit, a plus sign, whitespace,
// a newline, a separator (dot, dash, slash, odd symbol, bracket, emoji) or a
// break (anything else, including invalid UTF-8 bytes).
//
// Thread safety: pure functions; ICU's NFKC instance is shared and immutable.
#ifndef ADMON_PARSERS_NORMALIZE_H_
#define ADMON_PARSERS_NORMALIZE_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace admon::parsers::internal {

enum class UnitKind : uint8_t { kAlnum, kPlus, kSpace, kNewline, kSep, kBreak };
enum class SepKind : uint8_t { kNone, kDot, kDash, kSlash, kOdd, kParen, kEmoji };

// Styles of a single alnum unit (bit set).
enum UnitStyle : uint8_t {
  kUnitAscii = 0,
  kUnitFullwidth = 1 << 0,   // U+FF10..U+FF19 and fullwidth letters
  kUnitMath = 1 << 1,        // mathematical alphanumerics, super/subscripts, other scripts' digits
  kUnitCircled = 1 << 2,     // ① .. ⑨, ⓪, dingbat and double-circled digits
  kUnitKeycap = 1 << 3,      // "7" U+FE0F U+20E3
  kUnitConfusable = 1 << 4,  // Cyrillic/Greek look-alike letters (О, о, І)
};

struct Unit {
  UnitKind kind = UnitKind::kBreak;
  SepKind sep = SepKind::kNone;  // for kSep
  char ch = 0;                   // for kAlnum: '0'..'9' or a letter (case kept)
  uint8_t styles = 0;            // UnitStyle bits for kAlnum
  int begin = 0;                 // byte offsets into the text, half-open
  int end = 0;
};

// REQUIRES: text.size() < 2^31.
std::vector<Unit> SplitUnits(std::string_view text);

}  // namespace admon::parsers::internal

#endif  // ADMON_PARSERS_NORMALIZE_H_
