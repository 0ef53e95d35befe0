// Copyright 2026 The admon Authors.
#include "parsers/fields.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>

#include "parsers/text.h"
#include "re2/re2.h"
#include "spdlog/spdlog.h"

namespace admon::parsers {
namespace {

re2::StringPiece P(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

const RE2& Compiled(const char* rule, const char* pattern) {
  // Leaked on purpose: function-local statics live for the process.
  auto* re = new RE2(pattern);
  if (!re->ok()) spdlog::error("fields: regex {} failed to compile: {}", rule, re->error());
  return *re;
}

std::vector<std::string> SplitAny(std::string_view s, std::string_view seps) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (seps.find(c) != std::string_view::npos) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

// Lower-case ASCII words of `s` (letters only).
std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      cur.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

// Looks up 2-word then 1-word phrases at each position; calls f(canonical, index_after).
template <typename F>
void ScanPhrases(const std::vector<std::string>& words, const std::map<std::string, std::string>& table, F f) {
  for (size_t i = 0; i < words.size(); ++i) {
    if (i + 1 < words.size()) {
      auto it = table.find(words[i] + " " + words[i + 1]);
      if (it != table.end()) {
        f(it->second, i, i + 2);
        ++i;
        continue;
      }
    }
    auto it = table.find(words[i]);
    if (it != table.end()) f(it->second, i, i + 1);
  }
}

const std::map<std::string, std::string>& NationalityTable() {
  static const auto* t = new std::map<std::string, std::string>{
      {"romanian", "romanian"}, {"romania", "romanian"}, {"hungarian", "hungarian"}, {"hungary", "hungarian"},
      {"polish", "polish"}, {"poland", "polish"}, {"bulgarian", "bulgarian"}, {"bulgaria", "bulgarian"},
      {"czech", "czech"}, {"slovak", "slovak"}, {"slovakian", "slovak"}, {"slovakia", "slovak"},
      {"lithuanian", "lithuanian"}, {"lithuania", "lithuanian"}, {"latvian", "latvian"}, {"latvia", "latvian"},
      {"estonian", "estonian"}, {"ukrainian", "ukrainian"}, {"ukraine", "ukrainian"}, {"russian", "russian"},
      {"russia", "russian"}, {"moldovan", "moldovan"}, {"moldova", "moldovan"}, {"albanian", "albanian"},
      {"albania", "albanian"}, {"serbian", "serbian"}, {"croatian", "croatian"}, {"greek", "greek"},
      {"greece", "greek"}, {"italian", "italian"}, {"italy", "italian"}, {"spanish", "spanish"}, {"spain", "spanish"},
      {"portuguese", "portuguese"}, {"portugal", "portuguese"}, {"french", "french"}, {"france", "french"},
      {"german", "german"}, {"germany", "german"}, {"dutch", "dutch"}, {"swedish", "swedish"}, {"danish", "danish"},
      {"norwegian", "norwegian"}, {"finnish", "finnish"}, {"irish", "irish"}, {"scottish", "scottish"},
      {"welsh", "welsh"}, {"english", "english"}, {"british", "british"}, {"brazilian", "brazilian"},
      {"brasilian", "brazilian"}, {"brazil", "brazilian"}, {"colombian", "colombian"}, {"colombia", "colombian"},
      {"venezuelan", "venezuelan"}, {"argentinian", "argentinian"}, {"argentine", "argentinian"},
      {"mexican", "mexican"}, {"cuban", "cuban"}, {"dominican", "dominican"}, {"peruvian", "peruvian"},
      {"thai", "thai"}, {"thailand", "thai"}, {"chinese", "chinese"}, {"china", "chinese"},
      {"japanese", "japanese"}, {"japan", "japanese"}, {"korean", "korean"}, {"korea", "korean"},
      {"vietnamese", "vietnamese"}, {"vietnam", "vietnamese"}, {"filipina", "filipino"}, {"filipino", "filipino"},
      {"philippines", "filipino"}, {"malaysian", "malaysian"}, {"indonesian", "indonesian"}, {"indian", "indian"},
      {"pakistani", "pakistani"}, {"bangladeshi", "bangladeshi"}, {"sri lankan", "sri lankan"},
      {"nigerian", "nigerian"}, {"nigeria", "nigerian"}, {"ghanaian", "ghanaian"}, {"kenyan", "kenyan"},
      {"south african", "south african"}, {"jamaican", "jamaican"}, {"turkish", "turkish"}, {"turkey", "turkish"},
      {"arab", "arab"}, {"arabic", "arab"}, {"persian", "persian"}, {"iranian", "persian"},
      {"asian", "asian"}, {"oriental", "oriental"}, {"latina", "latina"}, {"latin", "latina"},
      {"ebony", "black"}, {"black", "black"}, {"white", "white"}, {"african", "african"},
      {"caribbean", "caribbean"}, {"mixed race", "mixed"}, {"mixed", "mixed"},
      {"eastern european", "eastern european"}, {"european", "european"},
  };
  return *t;
}

// Claims that are also service idioms or colours: only counted when labelled.
bool NeedsLabel(const std::string& canonical) {
  static const std::set<std::string> k = {"greek", "french", "english", "white", "black", "mixed", "latina",
                                          "swedish", "turkish", "arab"};
  return k.count(canonical) > 0;
}

bool IsIdiomNext(const std::string& w) {
  static const std::set<std::string> k = {"massage", "massages", "kiss", "kissing", "wax", "waxing", "style",
                                          "lessons", "food", "restaurant", "polish", "bath"};
  return k.count(w) > 0;
}

const std::map<std::string, std::string>& LanguageTable() {
  static const auto* t = new std::map<std::string, std::string>{
      {"english", "english"}, {"romanian", "romanian"}, {"hungarian", "hungarian"}, {"polish", "polish"},
      {"spanish", "spanish"}, {"portuguese", "portuguese"}, {"italian", "italian"}, {"french", "french"},
      {"german", "german"}, {"russian", "russian"}, {"ukrainian", "ukrainian"}, {"bulgarian", "bulgarian"},
      {"czech", "czech"}, {"slovak", "slovak"}, {"lithuanian", "lithuanian"}, {"latvian", "latvian"},
      {"albanian", "albanian"}, {"greek", "greek"}, {"turkish", "turkish"}, {"arabic", "arabic"}, {"thai", "thai"},
      {"chinese", "chinese"}, {"mandarin", "mandarin"}, {"cantonese", "cantonese"}, {"vietnamese", "vietnamese"},
      {"japanese", "japanese"}, {"korean", "korean"}, {"tagalog", "tagalog"}, {"filipino", "tagalog"},
      {"dutch", "dutch"}, {"swedish", "swedish"}, {"hindi", "hindi"}, {"urdu", "urdu"}, {"punjabi", "punjabi"},
      {"bengali", "bengali"}, {"serbian", "serbian"}, {"croatian", "croatian"}, {"moldovan", "romanian"},
  };
  return *t;
}

// Sentences: split at newline and sentence punctuation.
std::vector<std::string> Sentences(std::string_view text) { return SplitAny(text, "\n.!?"); }

bool Contains(const std::string& lower, const char* what) { return lower.find(what) != std::string::npos; }

bool IsLanguageSentence(const std::string& lower) {
  return Contains(lower, "speak") || Contains(lower, "language") || Contains(lower, "spoken");
}

}  // namespace

std::optional<int> ParseAge(std::string_view text) {
  static const RE2& labelled = Compiled("age_labelled", R"((?i)\bage[d]?\s*(?:[:=\-]|is)?\s*(\d{1,2})\b)");
  static const RE2& suffixed =
      Compiled("age_suffixed", R"((?i)\b(\d{1,2})\s*(?:years?|yrs?|y\.?\s?o\.?|y/o)(?:\b|[^a-z]|$))");
  std::optional<std::pair<size_t, int>> best;
  for (const RE2* re : {&labelled, &suffixed}) {
    re2::StringPiece input = P(text), m;
    while (RE2::FindAndConsume(&input, *re, &m)) {
      int v = std::atoi(std::string(m.data(), m.size()).c_str());
      size_t pos = static_cast<size_t>(m.data() - text.data());
      if (v >= kMinAge && v <= kMaxAge) {
        if (!best || pos < best->first) best = {pos, v};
        break;
      }
    }
  }
  if (!best) return std::nullopt;
  return best->second;
}

std::vector<Price> ParsePrices(std::string_view text) {
  static const RE2& amount_re = Compiled(
      "price_amount", R"((?i)(?:£|&pound;|\bgbp\s?)\s?(\d{1,4}(?:\.\d{1,2})?)|\b(\d{1,4})\s?(?:£|gbp\b|pounds\b|quid\b))");
  static const RE2& dur_re = Compiled(
      "price_duration",
      R"((?i)(half\s+(?:an\s+)?hour|hal[fv]\s*hr|(\d{1,3}(?:\.\d)?)\s*(?:-\s*)?(minutes|minute|mins|min|m|hours|hour|hrs|hr|h)\b|(?:/|\bper\s+|\bp)\s*(?:hour|hr|h)\b|\ban?\s+hour\b|\bhour\b|\bovernight\b))");
  struct Tok {
    size_t begin, end;
    bool amount;
    double value;
  };
  std::vector<Price> out;
  for (const std::string& seg : SplitAny(text, "\n|;,")) {
    std::vector<Tok> toks;
    // Amounts.
    for (size_t start = 0; start < seg.size();) {
      re2::StringPiece g[3];
      if (!amount_re.Match(P(seg), start, seg.size(), RE2::UNANCHORED, g, 3)) break;
      re2::StringPiece num = g[1].data() ? g[1] : g[2];
      size_t b = static_cast<size_t>(g[0].data() - seg.data());
      toks.push_back({b, b + g[0].size(), true, std::atof(std::string(num.data(), num.size()).c_str())});
      start = b + std::max<size_t>(g[0].size(), 1);
    }
    // Durations (not overlapping amounts).
    {
      size_t start = 0;
      while (start < seg.size()) {
        re2::StringPiece g[4];
        if (!dur_re.Match(P(seg), start, seg.size(), RE2::UNANCHORED, g, 4)) break;
        size_t b = static_cast<size_t>(g[0].data() - seg.data());
        size_t e = b + g[0].size();
        start = std::max(e, b + 1);
        bool overlaps = false;
        for (const Tok& t : toks) overlaps |= t.amount && b < t.end && t.begin < e;
        if (overlaps) continue;
        std::string all = AsciiLower(std::string_view(g[0].data(), g[0].size()));
        double minutes = 60;
        if (g[2].data() != nullptr) {
          double n = std::atof(std::string(g[2].data(), g[2].size()).c_str());
          std::string unit = AsciiLower(std::string_view(g[3].data(), g[3].size()));
          minutes = unit[0] == 'm' ? n : n * 60;
        } else if (all.find("hal") != std::string::npos) {
          minutes = 30;
        } else if (all.find("overnight") != std::string::npos) {
          minutes = 12 * 60;
        }
        if (minutes <= 0 || minutes > 24 * 60) continue;
        toks.push_back({b, e, false, minutes});
      }
    }
    std::sort(toks.begin(), toks.end(), [](const Tok& x, const Tok& y) { return x.begin < y.begin; });
    for (size_t i = 0; i + 1 < toks.size();) {
      if (toks[i].amount != toks[i + 1].amount) {
        const Tok& am = toks[i].amount ? toks[i] : toks[i + 1];
        const Tok& du = toks[i].amount ? toks[i + 1] : toks[i];
        size_t b = std::min(am.begin, du.begin), e = std::max(am.end, du.end);
        Price p;
        p.minutes = static_cast<int>(du.value + 0.5);
        p.pounds = am.value;
        std::string raw = seg.substr(b, e - b);
        p.raw = raw;
        if (p.pounds > 0) out.push_back(p);
        i += 2;
      } else {
        ++i;
      }
    }
  }
  return out;
}

std::vector<std::string> ParseNationalities(std::string_view text) {
  std::vector<std::string> out;
  for (const std::string& s : Sentences(text)) {
    std::string lower = AsciiLower(s);
    bool labelled = Contains(lower, "nationality") || Contains(lower, "ethnicity") || Contains(lower, "origin");
    if (!labelled && IsLanguageSentence(lower)) continue;
    std::vector<std::string> words = Words(lower);
    ScanPhrases(words, NationalityTable(), [&](const std::string& canon, size_t, size_t after) {
      if (!labelled) {
        if (NeedsLabel(canon)) return;
        if (after < words.size() && IsIdiomNext(words[after])) return;
      }
      AddUnique(&out, canon);
    });
  }
  return out;
}

std::vector<std::string> ParseLanguages(std::string_view text) {
  std::vector<std::string> out;
  for (const std::string& s : Sentences(text)) {
    std::string lower = AsciiLower(s);
    if (!IsLanguageSentence(lower)) continue;
    std::vector<std::string> words = Words(lower);
    ScanPhrases(words, LanguageTable(), [&](const std::string& canon, size_t, size_t) { AddUnique(&out, canon); });
  }
  return out;
}

std::vector<std::string> ParseServices(std::string_view text, bool is_list) {
  static const RE2& label = Compiled("services_label", R"((?i)\bservices?[ \t]*(?:offered|include)?[ \t]*:[ \t]*([^\n]*))");
  std::string list;
  if (is_list) {
    list = std::string(text);
  } else {
    re2::StringPiece g[2];
    if (!label.Match(P(text), 0, text.size(), RE2::UNANCHORED, g, 2)) return {};
    list = std::string(g[1].data(), g[1].size());
    if (list.find_first_not_of(" \t") == std::string::npos) {
      // "Services:" alone on its line: the following lines until a blank or another label.
      size_t pos = static_cast<size_t>(g[0].data() - text.data()) + g[0].size();
      std::string_view rest = text.substr(std::min(pos, text.size()));
      list.clear();
      int lines = 0;
      for (const std::string& line : SplitAny(rest, "\n")) {
        if (line.find_first_not_of(" \t") == std::string::npos) {
          if (lines > 0) break;
          continue;
        }
        if (line.find(':') != std::string::npos || ++lines > 20) break;
        list += line + "\n";
      }
    }
  }
  // Bullets (U+2022, U+00B7) become separators.
  std::string cleaned;
  for (size_t i = 0; i < list.size(); ++i) {
    if (list.compare(i, 3, "\xE2\x80\xA2") == 0) { cleaned.push_back(','); i += 2; continue; }
    if (list.compare(i, 2, "\xC2\xB7") == 0) { cleaned.push_back(','); i += 1; continue; }
    cleaned.push_back(list[i]);
  }
  std::vector<std::string> out;
  for (std::string item : SplitAny(cleaned, ",;|/\n*")) {
    item = AsciiLower(item);
    size_t b = item.find_first_not_of(" \t-.");
    size_t e = item.find_last_not_of(" \t-.");
    if (b == std::string::npos) continue;
    item = item.substr(b, e - b + 1);
    std::string collapsed;
    for (char c : item) {
      if (std::isspace(static_cast<unsigned char>(c))) {
        if (!collapsed.empty() && collapsed.back() != ' ') collapsed.push_back(' ');
      } else {
        collapsed.push_back(c);
      }
    }
    if (collapsed.empty() || collapsed.size() > kMaxServiceBytes) continue;
    AddUnique(&out, collapsed);
    if (out.size() >= kMaxServices) break;
  }
  return out;
}

}  // namespace admon::parsers
