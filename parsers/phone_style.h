// Copyright 2026 The admon Authors.
//
// Internal to parsers/: phone style bits and their public names.
#ifndef ADMON_PARSERS_PHONE_STYLE_H_
#define ADMON_PARSERS_PHONE_STYLE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace admon::parsers::internal {

enum PhoneStyle : uint32_t {
  kStylePlain = 1u << 0,
  kStyleSpaced = 1u << 1,
  kStyleDotted = 1u << 2,
  kStyleDashed = 1u << 3,
  kStyleInternational = 1u << 4,
  kStylePlus44Zero = 1u << 5,
  kStyleDoubleZero = 1u << 6,
  kStyleLetters = 1u << 7,
  kStyleWords = 1u << 8,
  kStyleDoubleTriple = 1u << 9,
  kStyleMixedWordsDigits = 1u << 10,
  kStyleSeparators = 1u << 11,
  kStyleEmojiSeparators = 1u << 12,
  kStyleFullwidth = 1u << 13,
  kStyleMathDigits = 1u << 14,
  kStyleCircled = 1u << 15,
  kStyleKeycap = 1u << 16,
  kStyleSplitLines = 1u << 17,
  kStyleLeet = 1u << 18,
  kStyleLink = 1u << 19,
};

// Names in bit order: "plain", "spaced", ..., "link".
std::vector<std::string> PhoneStyleNames(uint32_t styles);

}  // namespace admon::parsers::internal

#endif  // ADMON_PARSERS_PHONE_STYLE_H_
