// Copyright 2026 The admon Authors.
#include "testsite/phones.h"

#include <string>
#include <vector>

#include "phonenumbers/phonenumber.pb.h"
#include "phonenumbers/phonenumberutil.h"

namespace admon::testsite {
namespace {

using ::i18n::phonenumbers::PhoneNumber;
using ::i18n::phonenumbers::PhoneNumberUtil;

// Attempts before giving up on drawing a valid number; libphonenumber rejects
// well under half of the drawn shapes, so this is never reached in practice.
constexpr int kMaxPhoneAttempts = 200;

const char* const kDigitWords[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
const char* const kEmojiSeparators[] = {"\xF0\x9F\x8C\xB8", "\xF0\x9F\x8D\x92", "\xF0\x9F\x91\x91", "\xE2\x9C\xA8",
                                        "\xF0\x9F\x92\x8B"};  // 🌸 🍒 👑 ✨ 💋

std::string Utf8(uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string RandomDigits(int n, Rng& rng) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Below(10));
  return s;
}

// Splits `digits` into groups of sizes drawn from 2..4.
std::vector<std::string> Groups(const std::string& digits, Rng& rng) {
  std::vector<std::string> out;
  size_t i = 0;
  if (!digits.empty() && digits[0] == '+') {
    out.push_back(digits.substr(0, 3));
    i = 3;
  } else if (digits.size() == 11) {
    out.push_back(digits.substr(0, 5));
    i = 5;
  }
  while (i < digits.size()) {
    size_t n = std::min<size_t>(digits.size() - i, static_cast<size_t>(rng.Range(2, 4)));
    if (digits.size() - i - n == 1) ++n;  // no lone trailing digit
    out.push_back(digits.substr(i, n));
    i += n;
  }
  return out;
}

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

std::string MapDigits(const std::string& digits, uint32_t base, bool circled) {
  std::string out;
  for (char c : digits) {
    if (!IsDigit(c)) {
      out += c;
    } else if (circled) {
      out += Utf8(c == '0' ? 0x24EA : 0x2460 + (c - '1'));
    } else {
      out += Utf8(base + static_cast<uint32_t>(c - '0'));
    }
  }
  return out;
}

std::string Words(const std::string& digits, bool runs) {
  std::vector<std::string> w;
  for (size_t i = 0; i < digits.size();) {
    char c = digits[i];
    if (c == '+') {
      w.push_back("plus");
      ++i;
      continue;
    }
    size_t n = 1;
    while (runs && i + n < digits.size() && digits[i + n] == c && n < 3) ++n;
    if (n == 3) w.push_back(std::string("triple ") + kDigitWords[c - '0']);
    if (n == 2) w.push_back(std::string("double ") + kDigitWords[c - '0']);
    if (n == 1) w.push_back(kDigitWords[c - '0']);
    i += n;
  }
  return Join(w, " ");
}

bool HasRun(const std::string& d) {
  for (size_t i = 1; i < d.size(); ++i) {
    if (IsDigit(d[i]) && d[i] == d[i - 1]) return true;
  }
  return false;
}

RenderedPhone Text(const std::string& style, const std::string& text) {
  return {.style = style, .html = HtmlEscape(text), .text = text};
}

}  // namespace

std::string HtmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

bool IsValidPhone(const std::string& e164) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber n;
  if (util.Parse(e164, "ZZ", &n) != PhoneNumberUtil::NO_PARSING_ERROR) return false;
  return util.IsValidNumber(n);
}

GeneratedPhone MakePhone(PhoneKind kind, const std::string& area_code, Rng& rng) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  for (int attempt = 0;; ++attempt) {
    std::string e164;
    switch (kind) {
      case PhoneKind::kUkMobile:
        e164 = "+447" + std::to_string(rng.Range(4, 9)) + RandomDigits(8, rng);
        break;
      case PhoneKind::kUkLandline: {
        std::string code = area_code.empty() ? "0113" : area_code;
        std::string local = std::to_string(rng.Range(2, 8)) + RandomDigits(static_cast<int>(10 - code.size()), rng);
        e164 = "+44" + code.substr(1) + local;
        break;
      }
      case PhoneKind::kHuMobile:
        e164 = "+36" + std::string(rng.Chance(0.5) ? "20" : (rng.Chance(0.5) ? "30" : "70")) +
               std::to_string(rng.Range(2, 9)) + RandomDigits(6, rng);
        break;
      case PhoneKind::kRoMobile:
        e164 = "+407" + std::to_string(rng.Range(2, 8)) + RandomDigits(7, rng);
        break;
    }
    PhoneNumber n;
    if (util.Parse(e164, "ZZ", &n) != PhoneNumberUtil::NO_PARSING_ERROR) continue;
    // Give up validating only after many attempts (never in practice); the
    // caller's tests check validity of every number in the truth.
    if (!util.IsValidNumber(n) && attempt < kMaxPhoneAttempts) continue;
    GeneratedPhone p;
    p.e164 = e164;
    p.uk = kind == PhoneKind::kUkMobile || kind == PhoneKind::kUkLandline;
    std::string national, intl;
    util.Format(n, PhoneNumberUtil::NATIONAL, &national);
    util.Format(n, PhoneNumberUtil::INTERNATIONAL, &intl);
    p.intl = intl;
    if (p.uk) {
      for (char c : national) {
        if (IsDigit(c)) p.digits += c;
      }
      p.grouped = national;
    } else {
      p.digits = e164;
      p.grouped = intl;
    }
    return p;
  }
}

const std::vector<std::string>& TextPhoneStyles() {
  static const auto* v = new std::vector<std::string>{
      "plain",         "spaced",      "intl_plus", "intl_0",       "intl_00",          "letters",
      "words",         "double_triple", "mixed_words", "separators", "emoji_separators", "fullwidth",
      "math_bold",     "circled",     "keycap",    "split_lines",  "tel_link",         "whatsapp_link"};
  return *v;
}

const std::vector<std::string>& AllPhoneStyles() {
  static const auto* v = [] {
    auto* all = new std::vector<std::string>(TextPhoneStyles());
    all->push_back("data_attribute");
    all->push_back("json_script");
    all->push_back("image");
    return all;
  }();
  return *v;
}

RenderedPhone RenderPhone(const GeneratedPhone& p, const std::string& style, Rng& rng) {
  const std::string& d = p.digits;
  if (style == "plain") return Text(style, d);
  if (style == "spaced") return Text(style, rng.Chance(0.5) ? p.grouped : Join(Groups(d, rng), " "));
  if (style == "intl_plus") return Text(style, rng.Chance(0.5) ? p.intl : p.e164);
  if (style == "intl_0") {
    if (!p.uk) return RenderPhone(p, "intl_plus", rng);
    return Text(style, "+44 (0)" + p.grouped.substr(1));
  }
  if (style == "intl_00") {
    std::string intl = p.intl.substr(1);
    return Text(style, "00" + (rng.Chance(0.5) ? intl : p.e164.substr(1)));
  }
  if (style == "letters") {
    std::string out;
    bool changed = false;
    for (char c : d) {
      if (c == '0') {
        out += 'O';
        changed = true;
      } else if (c == '1') {
        out += rng.Chance(0.5) ? 'l' : 'I';
        changed = true;
      } else {
        out += c;
      }
    }
    if (!changed) return RenderPhone(p, "plain", rng);
    return Text(style, out);
  }
  if (style == "words") return Text(style, Words(d, false));
  if (style == "double_triple") {
    if (!HasRun(d)) return RenderPhone(p, "words", rng);
    return Text(style, Words(d, true));
  }
  if (style == "mixed_words") {
    std::vector<std::string> g = Groups(d, rng);
    for (size_t i = 0; i < g.size(); ++i) {
      if (i % 2 == 1 && g[i][0] != '+') g[i] = Words(g[i], false);
    }
    return Text(style, Join(g, " "));
  }
  if (style == "separators") {
    static const char* const kSeps[] = {".", "-", " . ", " - ", "_"};
    const char* sep = kSeps[rng.Below(5)];
    if (rng.Chance(0.4)) {
      std::vector<std::string> each;
      for (char c : d) {
        if (!each.empty() && each.back() == "+") {
          each.back() += c;  // keep the '+' on the first digit
        } else {
          each.push_back(std::string(1, c));
        }
      }
      return Text(style, Join(each, sep));
    }
    return Text(style, Join(Groups(d, rng), sep));
  }
  if (style == "emoji_separators") {
    return Text(style, Join(Groups(d, rng), kEmojiSeparators[rng.Below(5)]));
  }
  if (style == "fullwidth") {
    std::string s = MapDigits(d, 0xFF10, false);
    if (s[0] == '+') s = Utf8(0xFF0B) + s.substr(1);
    return Text(style, s);
  }
  if (style == "math_bold") return Text(style, MapDigits(d, 0x1D7CE, false));
  if (style == "circled") return Text(style, MapDigits(d, 0, true));
  if (style == "keycap") {
    std::string s;
    for (char c : d) {
      s += c;
      if (IsDigit(c)) s += "\xEF\xB8\x8F\xE2\x83\xA3";  // U+FE0F U+20E3
    }
    return Text(style, s);
  }
  if (style == "split_lines") {
    std::vector<std::string> g = Groups(d, rng);
    size_t half = g.size() / 2;
    std::vector<std::string> a(g.begin(), g.begin() + static_cast<long>(half)), b(g.begin() + static_cast<long>(half), g.end());
    std::string first = Join(a, " "), second = Join(b, " ");
    return {.style = style, .html = HtmlEscape(first) + "<br>" + HtmlEscape(second), .text = first + "\n" + second};
  }
  if (style == "tel_link") {
    return {.style = style,
            .html = "<a href=\"tel:" + p.e164 + "\">" + HtmlEscape(p.grouped) + "</a>",
            .text = p.grouped};
  }
  if (style == "whatsapp_link") {
    static const char* const kLabels[] = {"WhatsApp me", "Message me on WhatsApp", "Chat on WhatsApp"};
    std::string label = kLabels[rng.Below(3)];
    return {.style = style,
            .html = "<a href=\"https://wa.me/" + p.e164.substr(1) + "\">" + label + "</a>",
            .text = label};
  }
  return RenderPhone(p, "plain", rng);
}

}  // namespace admon::testsite
