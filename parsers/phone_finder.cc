// Copyright 2026 The admon Authors.
#include "parsers/phone_finder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "parsers/normalize.h"
#include "parsers/phone_style.h"
#include "phonenumbers/phonenumber.pb.h"
#include "phonenumbers/phonenumberutil.h"

namespace admon::parsers::internal {

using ::i18n::phonenumbers::PhoneNumber;
using ::i18n::phonenumbers::PhoneNumberUtil;

std::vector<std::string> PhoneStyleNames(uint32_t styles) {
  static constexpr std::array<const char*, 20> kNames = {
      "plain",     "spaced",     "dotted",         "dashed",   "international", "plus44_0", "double_zero",
      "letters",   "words",      "double_triple",  "mixed_words_digits",        "separators",
      "emoji_separators",        "fullwidth",      "math_digits",             "circled",  "keycap",
      "split_lines",             "leet",           "link"};
  std::vector<std::string> names;
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (styles & (1u << i)) names.emplace_back(kNames[i]);
  }
  return names;
}

namespace {

// Bounds (reasons in the comments).
constexpr size_t kMaxWordUnits = 64;     // longer alnum runs are never phone parts; bounds the word DP
constexpr size_t kMaxGroupDigits = 17;   // E.164 is at most 15 digits, plus "00"
constexpr size_t kMinNumberDigits = 7;   // shortest national numbers we accept
constexpr int kMaxGapUnits = 8;          // separator units between two groups (non-emoji)
constexpr int kMaxEmojiGapUnits = 16;    // emoji ZWJ sequences are long
constexpr int kMaxNewlines = 2;          // "split_lines": a number broken over at most 2 line ends

struct NumberWord {
  const char* word;
  char digit;
};
constexpr NumberWord kNumberWords[] = {
    {"zero", '0'}, {"nought", '0'}, {"nil", '0'}, {"oh", '0'}, {"o", '0'},     {"one", '1'},
    {"two", '2'},  {"three", '3'},  {"four", '4'}, {"five", '5'}, {"six", '6'}, {"seven", '7'},
    {"eight", '8'}, {"nine", '9'}};

int MultiplierWord(std::string_view w) {
  if (w == "double") return 2;
  if (w == "triple" || w == "treble") return 3;
  return 0;
}

char NumberWordDigit(std::string_view w) {
  for (const auto& nw : kNumberWords) {
    if (w == nw.word) return nw.digit;
  }
  return 0;
}

struct Group {
  std::string digits;
  int begin = 0;  // bytes
  int end = 0;
  uint32_t styles = 0;  // PhoneStyle bits from the group itself
  bool numeric = false;  // written with digits only
  int mult = 0;          // "double"/"triple" marker (digits empty)
  bool blocked = false;  // part of a date: never in a candidate
};

enum GapKind : uint8_t { kGapDash = 1, kGapDot = 2, kGapOdd = 4, kGapEmoji = 8 };

struct Gap {
  uint32_t styles = 0;
  uint8_t kinds = 0;    // GapKind bits (whitespace, brackets and '/' are neutral)
  bool single = false;  // exactly one unit
  char only = 0;        // the single separator char for date detection ('/', '-', '.')
};

uint32_t UnitStyles(uint8_t s) {
  uint32_t out = 0;
  if (s & kUnitFullwidth) out |= kStyleFullwidth;
  if (s & kUnitMath) out |= kStyleMathDigits;
  if (s & kUnitCircled) out |= kStyleCircled;
  if (s & kUnitKeycap) out |= kStyleKeycap;
  if (s & kUnitConfusable) out |= kStyleLetters;
  return out;
}

// Digits and number words glued together ("07911four56", "sevenfive"):
// depth-first with failure memo; returns false if no full decomposition.
bool DecomposeMixed(const std::string& low, size_t pos, std::vector<char>* failed, std::string* digits,
                    int* words, int* nums, bool* mult_used) {
  if (pos == low.size()) return true;
  if ((*failed)[pos]) return false;
  size_t mark = digits->size();
  int w0 = *words, n0 = *nums;
  if (std::isdigit(static_cast<unsigned char>(low[pos]))) {
    digits->push_back(low[pos]);
    ++*nums;
    if (DecomposeMixed(low, pos + 1, failed, digits, words, nums, mult_used)) return true;
    digits->resize(mark);
    *nums = n0;
  } else {
    std::string_view rest(low);
    rest.remove_prefix(pos);
    for (const char* mw : {"double", "triple", "treble"}) {
      std::string_view m(mw);
      if (rest.substr(0, m.size()) != m) continue;
      size_t p = pos + m.size();
      int times = MultiplierWord(m);
      char d = 0;
      size_t q = p;
      if (p < low.size() && std::isdigit(static_cast<unsigned char>(low[p]))) {
        d = low[p];
        q = p + 1;
      } else {
        for (const auto& nw : kNumberWords) {
          std::string_view w(nw.word);
          if (std::string_view(low).substr(p, w.size()) == w) {
            d = nw.digit;
            q = p + w.size();
            break;
          }
        }
      }
      if (d == 0) continue;
      digits->append(times, d);
      ++*words;
      *mult_used = true;
      if (DecomposeMixed(low, q, failed, digits, words, nums, mult_used)) return true;
      digits->resize(mark);
      *words = w0;
    }
    for (const auto& nw : kNumberWords) {
      std::string_view w(nw.word);
      if (rest.substr(0, w.size()) != w) continue;
      digits->push_back(nw.digit);
      ++*words;
      if (DecomposeMixed(low, pos + w.size(), failed, digits, words, nums, mult_used)) return true;
      digits->resize(mark);
      *words = w0;
    }
  }
  (*failed)[pos] = 1;
  return false;
}

// Decodes one word (units [a, b), all kAlnum) into a group; false = break.
bool DecodeWord(const std::vector<Unit>& units, size_t a, size_t b, Group* g) {
  if (b - a > kMaxWordUnits) return false;
  g->begin = units[a].begin;
  g->end = units[b - 1].end;
  std::string orig, low;
  uint32_t unit_styles = 0;
  int ndigits = 0;
  for (size_t i = a; i < b; ++i) {
    char c = units[i].ch;
    orig.push_back(c);
    low.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    unit_styles |= UnitStyles(units[i].styles);
    if (std::isdigit(static_cast<unsigned char>(c))) ++ndigits;
  }
  const int nletters = static_cast<int>(low.size()) - ndigits;
  if (nletters == 0) {
    if (low.size() > kMaxGroupDigits) return false;
    g->digits = low;
    g->numeric = true;
    g->styles = unit_styles;
    return true;
  }
  unit_styles &= ~kStyleLetters;  // confusables are only letters-as-digits below
  if (ndigits == 0) {
    if (int m = MultiplierWord(low)) {
      g->mult = m;
      g->styles = kStyleWords | kStyleDoubleTriple;
      return true;
    }
    if (char d = NumberWordDigit(low)) {
      g->digits.assign(1, d);
      g->styles = kStyleWords | unit_styles;
      return true;
    }
  }
  if (ndigits > 0 && low.size() >= 3) {  // leet number word: "f1ve", "0ne", "thr33"
    std::string de = low;
    for (char& c : de) {
      switch (c) {
        case '0': c = 'o'; break;
        case '1': c = 'i'; break;
        case '3': c = 'e'; break;
        case '4': c = 'a'; break;
        case '5': c = 's'; break;
        case '7': c = 't'; break;
        case '9': c = 'g'; break;
        default: break;
      }
    }
    if (char d = NumberWordDigit(de); d != 0 && de.size() >= 3) {
      g->digits.assign(1, d);
      g->styles = kStyleWords | kStyleLeet | unit_styles;
      return true;
    }
  }
  // Letters as digits: "O7911", "l23456", "ol2l496OooO" (no English word mixes
  // digits with only these letters).
  if (ndigits > 0 && (ndigits >= nletters || (ndigits >= 2 && low.size() >= 7))) {
    std::string d;
    bool ok = true;
    for (char c : orig) {
      if (std::isdigit(static_cast<unsigned char>(c))) {
        d.push_back(c);
      } else if (c == 'O' || c == 'o') {
        d.push_back('0');
      } else if (c == 'l' || c == 'I') {
        d.push_back('1');
      } else {
        ok = false;
        break;
      }
    }
    if (ok && d.size() <= kMaxGroupDigits) {
      g->digits = d;
      g->styles = kStyleLetters | unit_styles;
      return true;
    }
  }
  std::vector<char> failed(low.size() + 1, 0);
  std::string digits;
  int words = 0, nums = 0;
  bool mult_used = false;
  if (DecomposeMixed(low, 0, &failed, &digits, &words, &nums, &mult_used) && words > 0 &&
      (nums > 0 || words >= 2) && digits.size() <= kMaxGroupDigits) {
    g->digits = digits;
    g->styles = kStyleWords | unit_styles | (nums > 0 ? kStyleMixedWordsDigits : 0u) |
                (mult_used ? kStyleDoubleTriple : 0u);
    return true;
  }
  return false;
}

// For a word of letters + digits + letters ("Tel07911123456", "123456xx"),
// the digit run [k, l) when it is phone-like (at least kMinGluedDigits digits;
// after letters also starting with 0 or kMinNumberDigits long); {0, 0} otherwise.
constexpr size_t kMinGluedDigits = 4;
std::pair<size_t, size_t> GluedDigits(const std::vector<Unit>& units, size_t a, size_t b) {
  auto is_digit = [&units](size_t x) { return units[x].ch >= '0' && units[x].ch <= '9'; };
  size_t k = a;
  while (k < b && !is_digit(k)) ++k;
  size_t l = k;
  while (l < b && is_digit(l)) ++l;
  for (size_t x = l; x < b; ++x) {
    if (is_digit(x)) return {0, 0};
  }
  if (k == a && l == b) return {0, 0};
  const size_t n = l - k;
  // Trailing letters ("123456xx") may end any number; leading ones only a whole one.
  if (n < kMinGluedDigits || (k > a && units[k].ch != '0' && n < kMinNumberDigits)) return {0, 0};
  return {k, l};
}

struct Chain {
  std::vector<Group> groups;
  std::vector<Gap> gaps;  // gaps[k] between groups[k] and groups[k+1]
  int plus_begin = -1;    // byte offset of a '+' right before groups[0]
};

bool IsYear(const std::string& d) {
  return d.size() == 4 && (d.compare(0, 2, "19") == 0 || d.compare(0, 2, "20") == 0);
}

// Marks d/m/yyyy, yyyy-mm-dd and d/m/yy dates so they never join a number.
void BlockDates(Chain* c) {
  auto& g = c->groups;
  for (size_t k = 0; k + 2 < g.size(); ++k) {
    const Gap& a = c->gaps[k];
    const Gap& b = c->gaps[k + 1];
    if (!a.single || !b.single || a.only == 0 || a.only != b.only) continue;
    if (!g[k].numeric || !g[k + 1].numeric || !g[k + 2].numeric) continue;
    const size_t l0 = g[k].digits.size(), l1 = g[k + 1].digits.size(), l2 = g[k + 2].digits.size();
    const bool dmy = l0 <= 2 && l1 <= 2 && (IsYear(g[k + 2].digits) || (l2 == 2 && a.only == '/'));
    const bool ymd = IsYear(g[k].digits) && l1 <= 2 && l2 <= 2;
    if (dmy || ymd) g[k].blocked = g[k + 1].blocked = g[k + 2].blocked = true;
  }
}

// The (up to) two words before `pos`, lower case, skipping ": # . -" and
// spaces; sets *currency when a currency sign directly precedes.
std::vector<std::string> LowerWordsBefore(std::string_view text, int pos, bool* currency) {
  std::vector<std::string> words;
  int i = pos;
  *currency = false;
  for (int w = 0; w < 2; ++w) {
    int skipped = 0;
    while (i > 0 && skipped < 6) {
      unsigned char c = static_cast<unsigned char>(text[i - 1]);
      if (c == ' ' || c == ':' || c == '#' || c == '.' || c == '-' || c == '\t') {
        --i;
        ++skipped;
        continue;
      }
      break;
    }
    if (w == 0 && i > 0) {
      unsigned char c = static_cast<unsigned char>(text[i - 1]);
      if (c == '$' || (c == 0xA3 && i >= 2 && static_cast<unsigned char>(text[i - 2]) == 0xC2) ||
          (c == 0xAC && i >= 3 && static_cast<unsigned char>(text[i - 3]) == 0xE2)) {
        *currency = true;
      }
    }
    std::string word;
    while (i > 0 && std::isalpha(static_cast<unsigned char>(text[i - 1])) && word.size() < 16) {
      word.insert(word.begin(), static_cast<char>(std::tolower(static_cast<unsigned char>(text[i - 1]))));
      --i;
    }
    if (word.empty()) break;
    words.push_back(std::move(word));
  }
  return words;
}

std::string LowerWordAfter(std::string_view text, int pos) {
  size_t i = static_cast<size_t>(pos);
  if (i < text.size() && text[i] == ' ') ++i;
  std::string w;
  while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) && w.size() < 16) {
    w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))));
    ++i;
  }
  return w;
}

bool IsReferenceLabel(const std::string& w) {
  static constexpr const char* kLabels[] = {"ref", "reference", "id", "advert", "listing", "order",
                                            "invoice", "account", "acc", "member", "membership",
                                            "pin", "code", "serial", "ticket", "licence", "license",
                                            "iban", "card", "sort", "vat", "nhs", "passport", "ni"};
  for (const char* l : kLabels) {
    if (w == l) return true;
  }
  return false;
}

bool IsUnitWord(const std::string& w) {
  static constexpr const char* kUnits[] = {"ph", "pph", "min", "mins", "minutes", "hr", "hrs", "hour", "hours",
                                           "gbp", "pounds", "quid", "cm", "kg", "lbs", "mph", "k", "p"};
  for (const char* u : kUnits) {
    if (w == u) return true;
  }
  return false;
}

// Whether groups [a, b] are written like one phone number rather than
// unrelated numbers next to each other ("06 32-26-38 24/7 ..."):
//  - at most one kind of visible separator (dash, dot, odd symbol, emoji);
//    whitespace, brackets and '/' ("06-30/123-4567") are neutral;
//  - runs of single-digit groups ("0 7 4 0 0", "oh seven", "double 4") count
//    as one group; in the national part (after "00"/CC/"(0)") there are at
//    most kMaxShapeGroups such groups, at most one short (<= 2 digit) group
//    (besides a leading HU trunk "06"), and the last has >= 3 digits — unless
//    it is all one run, or the start is anchored: written with '+' ("+36-204-
//    8414-96"), or the first group holds >= kMinLeadDigits digits (trunk +
//    prefix, "07911", "0161", "7911" after 0044): then pairs may follow
//    ("07911 12 34 56", "07911 1234 56", "0161 496 00 71");
//  - the country code [cc_begin, cc_end) is not split between groups
//    ("00 4 31 ..." is not +43), unless every group is a single digit.
constexpr size_t kMaxShapeGroups = 4;
constexpr size_t kMinLeadDigits = 4;  // "0161", "07911": a trunk + prefix block long enough to anchor pairs
bool ShapeOk(const Chain& c, size_t a, size_t b, bool plus, size_t national_offset, size_t cc_begin, size_t cc_end) {
  uint8_t kinds = 0;
  for (size_t k = a; k < b; ++k) kinds |= c.gaps[k].kinds;
  if (kinds & (kinds - 1)) return false;  // two or more kinds
  bool all_single = true;
  size_t boundary = 0;
  bool cc_split = false;
  for (size_t k = a; k <= b; ++k) {
    all_single &= c.groups[k].digits.size() == 1;
    boundary += c.groups[k].digits.size();
    if (k < b && boundary > cc_begin && boundary < cc_end) cc_split = true;
  }
  if (cc_split && !all_single) return false;
  // A lone "00" before the country code ("18:00 36-23-32 ...") is a time or price, not a prefix.
  if (cc_begin == 2 && c.groups[a].digits == "00" && !all_single) return false;
  std::vector<size_t> lens;  // national part, single-digit runs merged
  bool prev_atomic = false;
  size_t pos = 0;
  for (size_t k = a; k <= b; ++k) {
    const Group& g = c.groups[k];
    const size_t s = pos, e = pos + g.digits.size();
    pos = e;
    if (e <= national_offset) continue;
    const size_t len = e - std::max(s, national_offset);
    const bool atomic = g.digits.size() == 1 || (g.styles & kStyleDoubleTriple) != 0;
    if (atomic && prev_atomic) {
      lens.back() += len;
    } else {
      lens.push_back(len);
    }
    prev_atomic = atomic;
  }
  if (lens.size() <= 1) return true;
  if (lens.size() > kMaxShapeGroups) return false;
  if ((plus || lens.front() >= kMinLeadDigits) &&
      std::all_of(lens.begin() + 1, lens.end(), [](size_t n) { return n >= 2; })) {
    return true;
  }
  if (lens.back() < 3) return false;
  // Only HU's trunk "06" may stand alone before another short group ("06 30 123 4567").
  const bool trunk_first = c.groups[a].digits == "06" && national_offset == 0;
  int short_groups = 0;
  for (size_t k = trunk_first ? 1 : 0; k < lens.size(); ++k) short_groups += lens[k] <= 2;
  return short_groups <= 1;
}

}  // namespace

struct PhoneFinder::Resolved {
  PhoneNumber number;
  uint32_t styles = 0;
  size_t national_offset = 0;  // digits before the national significant part ("00", CC, "(0)")
  size_t cc_begin = 0;         // the country code's digits [cc_begin, cc_end); empty for national numbers
  size_t cc_end = 0;
  std::string region;  // GetRegionCodeForNumber(number), from the validity check
  PhoneNumberUtil::PhoneNumberType type = PhoneNumberUtil::UNKNOWN;  // GetNumberType(number), likewise
};

PhoneFinder::PhoneFinder(std::string default_region, std::vector<std::string> extra_regions)
    : default_region_(std::move(default_region)), extra_regions_(std::move(extra_regions)) {}

std::optional<PhoneFinder::Resolved> PhoneFinder::Resolve(const std::string& d, bool plus) const {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  Resolved r;
  // IsValidNumber(n) is GetNumberType(n) != UNKNOWN for the region the
  // number's country code gives (phonenumberutil.cc): one call gives validity
  // and the type Fill needs, instead of two rounds of pattern matching.
  auto valid = [&util](const PhoneNumber& n, Resolved* out) {
    out->region.clear();
    util.GetRegionCodeForNumber(n, &out->region);
    if (out->region.empty() || out->region == "ZZ" || out->region == "001") return false;
    out->type = util.GetNumberType(n);
    return out->type != PhoneNumberUtil::UNKNOWN;
  };
  auto parse_intl = [&](const std::string& digits_after_plus, uint32_t styles) -> std::optional<Resolved> {
    if (digits_after_plus.empty() || digits_after_plus[0] == '0') return std::nullopt;
    if (util.Parse("+" + digits_after_plus, "ZZ", &r.number) != PhoneNumberUtil::NO_PARSING_ERROR) {
      return std::nullopt;
    }
    if (!valid(r.number, &r)) return std::nullopt;
    r.styles = styles;
    std::string cc = std::to_string(r.number.country_code());
    r.cc_begin = d.size() - digits_after_plus.size();
    r.cc_end = r.cc_begin + cc.size();
    r.national_offset = r.cc_end;
    if (digits_after_plus.size() > cc.size() && digits_after_plus[cc.size()] == '0') {
      r.styles |= kStylePlus44Zero;
      ++r.national_offset;
    }
    return r;
  };
  if (d.size() < kMinNumberDigits || d.size() > kMaxGroupDigits) return std::nullopt;
  if (plus) return parse_intl(d, kStyleInternational);
  if (d.compare(0, 2, "00") == 0) return parse_intl(d.substr(2), kStyleInternational | kStyleDoubleZero);
  if (d[0] == '0') {
    std::vector<const std::string*> regions = {&default_region_};
    for (const auto& x : extra_regions_) regions.push_back(&x);
    for (const std::string* region : regions) {
      if (util.Parse(d, *region, &r.number) != PhoneNumberUtil::NO_PARSING_ERROR) continue;
      if (valid(r.number, &r)) {
        r.styles = 0;
        r.national_offset = r.cc_begin = r.cc_end = 0;
        return r;
      }
    }
    return std::nullopt;
  }
  // Bare country code, mobile shapes only: 44 7xxx xxxxxx, 36 (20|30|31|50|70) xxx xxxx, 40 7xx xxx xxx.
  const bool gb = d.size() == 12 && d.compare(0, 3, "447") == 0;
  const bool hu = d.size() == 11 && d.compare(0, 2, "36") == 0 &&
                  (d.compare(2, 2, "20") == 0 || d.compare(2, 2, "30") == 0 || d.compare(2, 2, "31") == 0 ||
                   d.compare(2, 2, "50") == 0 || d.compare(2, 2, "70") == 0);
  const bool ro = d.size() == 11 && d.compare(0, 3, "407") == 0;
  if (gb || hu || ro) return parse_intl(d, kStyleInternational);
  return std::nullopt;
}

void PhoneFinder::Fill(const Resolved& r, Phone* p) const {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  util.Format(r.number, PhoneNumberUtil::E164, &p->e164);
  util.Format(r.number, PhoneNumberUtil::NATIONAL, &p->national);
  p->region = r.region;  // as GetRegionCodeForNumber(r.number): Resolve's validity check computed it
  switch (r.type) {  // as GetNumberType(r.number), likewise
    case PhoneNumberUtil::MOBILE: p->type = "mobile"; break;
    case PhoneNumberUtil::FIXED_LINE: p->type = "landline"; break;
    case PhoneNumberUtil::VOIP: p->type = "voip"; break;
    default: p->type = "other"; break;
  }
}

std::shared_ptr<const PhoneFinder::Entry> PhoneFinder::Lookup(const std::string& digits, bool plus) const {
  // Resolve rejects these before any libphonenumber call: not worth a memo slot.
  if (digits.size() < kMinNumberDigits || digits.size() > kMaxGroupDigits) return nullptr;
  std::string key;
  key.reserve(digits.size() + 1);
  key.push_back(plus ? '+' : '-');
  key.append(digits);
  {
    std::lock_guard<std::mutex> lock(memo_mu_);
    auto it = memo_.find(key);
    if (it != memo_.end()) return it->second;
  }
  std::shared_ptr<const Entry> entry;
  if (std::optional<Resolved> r = Resolve(digits, plus)) {
    auto e = std::make_shared<Entry>();
    e->styles = r->styles;
    e->national_offset = r->national_offset;
    e->cc_begin = r->cc_begin;
    e->cc_end = r->cc_end;
    Phone p;
    Fill(*r, &p);
    e->e164 = std::move(p.e164);
    e->national = std::move(p.national);
    e->region = std::move(p.region);
    e->type = std::move(p.type);
    entry = std::move(e);
  }
  std::lock_guard<std::mutex> lock(memo_mu_);
  if (memo_.size() >= kMaxResolveMemoEntries) memo_.clear();
  memo_.emplace(std::move(key), entry);
  return entry;
}

void PhoneFinder::Apply(const Entry& e, Phone* p) {
  p->e164 = e.e164;
  p->national = e.national;
  p->region = e.region;
  p->type = e.type;
}

std::optional<Phone> PhoneFinder::FromLink(std::string_view number, bool assume_international) const {
  std::string digits;
  bool plus = assume_international;
  for (char c : number) {
    if (c == '+' && digits.empty()) plus = true;
    if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  if (plus && digits.compare(0, 2, "00") == 0) digits = digits.substr(2);
  std::shared_ptr<const Entry> r = Lookup(digits, plus);
  if (!r) return std::nullopt;
  Phone p;
  Apply(*r, &p);
  p.raw = std::string(number);
  std::vector<std::string> names = PhoneStyleNames(kStyleLink | (r->styles & kStyleInternational));
  p.styles = names;
  p.source = Source::kLink;
  return p;
}

void PhoneFinder::Find(std::string_view text, std::vector<Phone>* out) const {
  const std::vector<Unit> units = SplitUnits(text);
  std::vector<Chain> chains;
  Chain cur;
  Gap gap;
  int gap_units = 0, gap_emoji = 0, gap_newlines = 0;
  int pending_plus = -1;  // '+' seen after the current chain
  auto reset_gap = [&] {
    gap = Gap{};
    gap_units = gap_emoji = gap_newlines = 0;
  };
  auto end_chain = [&] {
    if (!cur.groups.empty()) {
      // Resolve dangling multipliers: drop chains' trailing "double".
      chains.push_back(std::move(cur));
    }
    cur = Chain{};
    reset_gap();
  };
  auto add_group = [&](Group g) {
    if (pending_plus >= 0) {
      end_chain();
      cur.plus_begin = pending_plus;
      pending_plus = -1;
    }
    if (!cur.groups.empty()) {
      Group& prev = cur.groups.back();
      if (prev.mult > 0 && g.digits.size() == 1 && g.mult == 0 && (gap.styles & ~kStyleSpaced) == 0) {
        prev.digits.assign(prev.mult, g.digits[0]);
        prev.mult = 0;
        prev.end = g.end;
        prev.styles |= g.styles;
        prev.numeric = false;
        reset_gap();
        return;
      }
      if (prev.mult > 0) {  // "double" not followed by one digit: a break
        cur.groups.pop_back();
        if (!cur.gaps.empty()) cur.gaps.pop_back();
        end_chain();
      } else {
        cur.gaps.push_back(gap);
      }
    }
    cur.groups.push_back(std::move(g));
    reset_gap();
  };
  size_t i = 0;
  while (i < units.size()) {
    const Unit& u = units[i];
    if (u.kind == UnitKind::kAlnum) {
      size_t j = i;
      while (j < units.size() && units[j].kind == UnitKind::kAlnum) ++j;
      Group g;
      if (DecodeWord(units, i, j, &g)) {
        add_group(std::move(g));
      } else if (auto [k, l] = GluedDigits(units, i, j); k < l && DecodeWord(units, k, l, &g)) {
        // "Tel07911123456", "07911123456xx": letters are breaks around the digits.
        if (k > i) {
          end_chain();
          pending_plus = -1;
        }
        add_group(std::move(g));
        if (l < j) {
          end_chain();
          pending_plus = -1;
        }
      } else {
        end_chain();
        pending_plus = -1;
      }
      i = j;
      continue;
    }
    ++i;
    if (u.kind == UnitKind::kBreak) {
      end_chain();
      pending_plus = -1;
      continue;
    }
    if (u.kind == UnitKind::kPlus) {
      pending_plus = u.begin;
      continue;
    }
    if (pending_plus >= 0) {  // only spaces and brackets may follow '+'
      if (u.kind != UnitKind::kSpace && !(u.kind == UnitKind::kSep && u.sep == SepKind::kParen)) pending_plus = -1;
      continue;
    }
    if (cur.groups.empty()) continue;
    ++gap_units;
    switch (u.kind) {
      case UnitKind::kSpace: gap.styles |= kStyleSpaced; break;
      case UnitKind::kNewline:
        gap.styles |= kStyleSplitLines;
        ++gap_newlines;
        break;
      case UnitKind::kSep:
        switch (u.sep) {
          case SepKind::kDot: gap.styles |= kStyleDotted; gap.only = '.'; gap.kinds |= kGapDot; break;
          case SepKind::kDash: gap.styles |= kStyleDashed; gap.only = '-'; gap.kinds |= kGapDash; break;
          case SepKind::kSlash: gap.styles |= kStyleSeparators; gap.only = '/'; break;
          case SepKind::kOdd: gap.styles |= kStyleSeparators; gap.kinds |= kGapOdd; break;
          case SepKind::kEmoji:
            gap.styles |= kStyleEmojiSeparators;
            gap.kinds |= kGapEmoji;
            ++gap_emoji;
            break;
          default: break;
        }
        break;
      default: break;
    }
    gap.single = gap_units == 1;
    if (!gap.single) gap.only = 0;
    if (gap_newlines > kMaxNewlines || gap_units - gap_emoji > kMaxGapUnits || gap_units > kMaxEmojiGapUnits) {
      end_chain();
    }
  }
  end_chain();

  for (Chain& c : chains) {
    if (!c.groups.empty() && c.groups.back().mult > 0) {
      c.groups.pop_back();
      if (!c.gaps.empty()) c.gaps.pop_back();
    }
    BlockDates(&c);
    const auto& g = c.groups;
    const size_t m = g.size();
    auto digits_of = [&g](size_t a, size_t b) {
      std::string d;
      for (size_t k = a; k <= b; ++k) d += g[k].digits;
      return d;
    };
    auto try_range = [&](size_t a, size_t b) -> std::shared_ptr<const Entry> {
      for (size_t k = a; k <= b; ++k) {
        if (g[k].blocked || g[k].mult > 0) return nullptr;
      }
      const bool plus = a == 0 && c.plus_begin >= 0;
      std::shared_ptr<const Entry> r = Lookup(digits_of(a, b), plus);
      if (!r || !ShapeOk(c, a, b, plus, r->national_offset, r->cc_begin, r->cc_end)) return nullptr;
      const int begin = plus ? c.plus_begin : g[a].begin;
      bool currency = false;
      const std::vector<std::string> before = LowerWordsBefore(text, begin, &currency);
      if (!before.empty() && IsReferenceLabel(before[0])) return nullptr;
      if (before.size() == 2 && (before[0] == "no" || before[0] == "number" || before[0] == "num" ||
                                 before[0] == "nr") && IsReferenceLabel(before[1])) {
        return nullptr;  // "Invoice no. 0203..."
      }
      if (currency) return nullptr;
      if (IsUnitWord(LowerWordAfter(text, g[b].end))) return nullptr;
      return r;
    };
    size_t a = 0;
    while (a < m) {
      size_t total = 0;
      size_t last = a;
      for (size_t k = a; k < m && total + g[k].digits.size() <= kMaxGroupDigits; ++k) {
        total += g[k].digits.size();
        last = k;
      }
      std::shared_ptr<const Entry> best;
      size_t best_b = a;
      for (size_t b = last + 1; b-- > a;) {
        if (auto r = try_range(a, b)) {
          best = std::move(r);
          best_b = b;
          break;
        }
      }
      if (!best) {
        ++a;
        continue;
      }
      // A short leading group that is not needed ("0 07911 123456"): drop it.
      if (best_b > a && g[a].numeric && g[a].digits.size() <= 2 && g[a + 1].digits.size() >= 3 &&
          !(a == 0 && c.plus_begin >= 0)) {
        if (auto r = try_range(a + 1, best_b)) {
          best = std::move(r);
          ++a;
        }
      }
      uint32_t styles = best->styles;
      bool has_numeric = false, has_words = false;
      for (size_t k = a; k <= best_b; ++k) {
        styles |= g[k].styles;
        if (g[k].numeric) has_numeric = true;
        if (g[k].styles & kStyleWords) has_words = true;
        if (k < best_b) {
          uint32_t gs = c.gaps[k].styles;
          if (gs & kStyleSplitLines) gs &= ~kStyleSpaced;  // spaces around a line break are incidental
          styles |= gs;
        }
      }
      if (has_numeric && has_words) styles |= kStyleMixedWordsDigits;
      if (styles == 0) styles = kStylePlain;
      Phone p;
      Apply(*best, &p);
      p.span.begin = (a == 0 && c.plus_begin >= 0) ? c.plus_begin : g[a].begin;
      p.span.end = g[best_b].end;
      p.raw = std::string(text.substr(p.span.begin, p.span.end - p.span.begin));
      p.styles = PhoneStyleNames(styles);
      out->push_back(std::move(p));
      a = best_b + 1;
    }
  }
}

}  // namespace admon::parsers::internal
