// Copyright 2026 The admon Authors.
//
// Phone numbers for the test sites: generation of numbers that libphonenumber
// accepts as valid (UK mobiles and landlines, Hungarian and Romanian mobiles),
// and every written style adverts use to show or hide them.
//
// Thread safety: functions are safe to call concurrently (libphonenumber's
// PhoneNumberUtil singleton is thread safe).
#ifndef ADMON_TESTSITE_PHONES_H_
#define ADMON_TESTSITE_PHONES_H_

#include <string>
#include <vector>

#include "testsite/rng.h"

namespace admon::testsite {

enum class PhoneKind { kUkMobile, kUkLandline, kHuMobile, kRoMobile };

struct GeneratedPhone {
  std::string e164;      // "+447700900123"
  bool uk = true;
  std::string digits;    // what text styles spell: UK "07700900123", others "+40712345678"
  std::string grouped;   // UK national "07700 900123", others international "+40 712 345 678"
  std::string intl;      // international "+44 7700 900123"
};

// A valid number of `kind`; `area_code` ("0113") is used for landlines.
// Deterministic in `rng`.
GeneratedPhone MakePhone(PhoneKind kind, const std::string& area_code, Rng& rng);

// True if libphonenumber parses `e164` and finds it valid.
bool IsValidPhone(const std::string& e164);

// Styles that can be written into description text.
const std::vector<std::string>& TextPhoneStyles();
// Every style name that can appear in truth (text styles, field styles, "image").
const std::vector<std::string>& AllPhoneStyles();

struct RenderedPhone {
  std::string style;  // the style actually used (a style that does not fit the number falls back)
  std::string html;   // escaped HTML to insert
  std::string text;   // the visible text (no tags)
};

// Writes `p` in `style` (one of TextPhoneStyles()).
RenderedPhone RenderPhone(const GeneratedPhone& p, const std::string& style, Rng& rng);

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string HtmlEscape(const std::string& s);

}  // namespace admon::testsite

#endif  // ADMON_TESTSITE_PHONES_H_
