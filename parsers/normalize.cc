// Copyright 2026 The admon Authors.
#include "parsers/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace admon::parsers::internal {
namespace {

void ClassifyAscii(char c, Unit* u) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    u->kind = UnitKind::kAlnum;
    u->ch = c;
    return;
  }
  u->kind = UnitKind::kSep;
  switch (c) {
    case '+': u->kind = UnitKind::kPlus; return;
    case ' ': case '\t': u->kind = UnitKind::kSpace; return;
    case '\n': case '\r': case '\v': case '\f': u->kind = UnitKind::kNewline; return;
    case '.': u->sep = SepKind::kDot; return;
    case '-': u->sep = SepKind::kDash; return;
    case '/': u->sep = SepKind::kSlash; return;
    case '*': case '|': case '_': case '~': case '\\': case '=': case '^': u->sep = SepKind::kOdd; return;
    case '(': case ')': case '[': case ']': case '{': case '}': u->sep = SepKind::kParen; return;
    default: u->kind = UnitKind::kBreak; return;
  }
}

bool IsCircledDigit(UChar32 c) {
  return (c >= 0x2460 && c <= 0x2468) || c == 0x24EA || (c >= 0x2776 && c <= 0x277E) ||
         (c >= 0x2780 && c <= 0x2788) || (c >= 0x278A && c <= 0x2792) || (c >= 0x24F5 && c <= 0x24FD) ||
         c == 0x24FF || c == 0x1F10B || c == 0x1F10C || c == 0x1F100 || (c >= 0x1F101 && c <= 0x1F10A);
}

bool IsEmojiLike(UChar32 c) {
  if (c == 0xFE0F || c == 0xFE0E || c == 0x200D || c == 0x20E3) return true;
  if (c >= 0x1F3FB && c <= 0x1F3FF) return true;  // skin tones
  if (c >= 0xE0020 && c <= 0xE007F) return true;  // tag sequences
  int8_t t = u_charType(c);
  return t == U_OTHER_SYMBOL || t == U_MODIFIER_SYMBOL;
}

// Classifies a non-ASCII code point.
void ClassifyUnicode(UChar32 c, Unit* u) {
  u->kind = UnitKind::kBreak;
  if (c == 0x2028 || c == 0x2029 || c == 0x85) {
    u->kind = UnitKind::kNewline;
    return;
  }
  if (c == 0x200B || c == 0x200C || c == 0x2060 || c == 0xFEFF || c == 0xAD) {  // invisible
    u->kind = UnitKind::kSep;
    u->sep = SepKind::kOdd;
    return;
  }
  if (IsCircledDigit(c)) {
    double v = u_getNumericValue(c);
    if (v >= 0 && v <= 9) {
      u->kind = UnitKind::kAlnum;
      u->ch = static_cast<char>('0' + static_cast<int>(v));
      u->styles = kUnitCircled;
      return;
    }
  }
  switch (c) {  // confusable letters used for 0 and 1
    case 0x041E: case 0x039F: u->kind = UnitKind::kAlnum; u->ch = 'O'; u->styles = kUnitConfusable; return;
    case 0x043E: case 0x03BF: u->kind = UnitKind::kAlnum; u->ch = 'o'; u->styles = kUnitConfusable; return;
    case 0x0406: case 0x0399: u->kind = UnitKind::kAlnum; u->ch = 'I'; u->styles = kUnitConfusable; return;
    case 0x2022: case 0x00B7: case 0x2219: case 0x30FB: case 0x2027:
      u->kind = UnitKind::kSep; u->sep = SepKind::kOdd; return;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
      u->kind = UnitKind::kSep; u->sep = SepKind::kDash; return;
    default: break;
  }
  if (u_isUWhiteSpace(c)) {
    u->kind = UnitKind::kSpace;
    return;
  }
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  if (U_SUCCESS(err)) {
    icu::UnicodeString folded = nfkc->normalize(icu::UnicodeString(c), err);
    if (U_SUCCESS(err) && folded.length() == 1 && folded.charAt(0) < 0x80) {
      ClassifyAscii(static_cast<char>(folded.charAt(0)), u);
      if (u->kind == UnitKind::kAlnum) {
        u->styles = (c >= 0xFF00 && c <= 0xFFEF) ? kUnitFullwidth : kUnitMath;
      }
      return;
    }
  }
  int d = u_charDigitValue(c);
  if (d >= 0 && d <= 9) {
    u->kind = UnitKind::kAlnum;
    u->ch = static_cast<char>('0' + d);
    u->styles = kUnitMath;
    return;
  }
  if (IsEmojiLike(c)) {
    u->kind = UnitKind::kSep;
    u->sep = SepKind::kEmoji;
  }
}

}  // namespace

std::vector<Unit> SplitUnits(std::string_view text) {
  std::vector<Unit> units;
  units.reserve(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < n) {
    Unit u;
    u.begin = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      u.kind = UnitKind::kBreak;
    } else if (c < 0x80) {
      ClassifyAscii(static_cast<char>(c), &u);
      if (c >= '0' && c <= '9') {  // keycap: digit [U+FE0F] U+20E3
        int32_t j = i;
        UChar32 next = -1;
        if (j < n) U8_NEXT(s, j, n, next);
        if (next == 0xFE0F) {
          next = -1;
          if (j < n) U8_NEXT(s, j, n, next);
        }
        if (next == 0x20E3) {
          u.styles = kUnitKeycap;
          i = j;
        }
      }
    } else {
      ClassifyUnicode(c, &u);
    }
    u.end = i;
    units.push_back(u);
  }
  return units;
}

}  // namespace admon::parsers::internal
