// Copyright 2026 The admon Authors.
#include "report/text.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace admon::report {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[i], or 0 if invalid.
size_t ValidSeqLen(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t n;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;  // overlong
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

void AppendEscaped(std::string& out, std::string_view s) {
  const std::string clean = SanitizeUtf8(s);
  for (char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out += kReplacement;
      ++i;
      continue;
    }
    if (c == 0x7F) {
      out += kReplacement;
      ++i;
      continue;
    }
    const size_t n = ValidSeqLen(s, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  AppendEscaped(out, s);
  return out;
}

std::string TruncateUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t cut = max_bytes;
  while (cut > 0 && IsContinuation(s[cut])) --cut;
  return std::string(s.substr(0, cut)) + "\xE2\x80\xA6";
}

std::string HighlightHtml(std::string_view text, const std::vector<MarkSpan>& spans) {
  const int n = static_cast<int>(text.size());
  struct Interval {
    int begin, end;
    std::set<std::string> labels;
  };
  std::vector<Interval> in;
  for (const MarkSpan& sp : spans) {
    int b = std::clamp(sp.begin, 0, n);
    int e = std::clamp(sp.end, 0, n);
    if (sp.begin < 0 || sp.end < 0 || b >= e) continue;
    while (b > 0 && IsContinuation(text[b])) --b;  // snap out to character boundaries
    while (e < n && IsContinuation(text[e])) ++e;
    in.push_back({b, e, {sp.label}});
  }
  std::sort(in.begin(), in.end(), [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
  std::vector<Interval> merged;
  for (Interval& iv : in) {
    if (!merged.empty() && iv.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, iv.end);
      merged.back().labels.insert(iv.labels.begin(), iv.labels.end());
    } else {
      merged.push_back(std::move(iv));
    }
  }
  std::string out;
  int pos = 0;
  for (const Interval& iv : merged) {
    AppendEscaped(out, text.substr(pos, iv.begin - pos));
    std::string title;
    for (const std::string& l : iv.labels) {
      if (!title.empty()) title += ", ";
      title += l;
    }
    out += "<mark title=\"";
    AppendEscaped(out, title);
    out += "\">";
    AppendEscaped(out, text.substr(iv.begin, iv.end - iv.begin));
    out += "</mark>";
    pos = iv.end;
  }
  AppendEscaped(out, text.substr(pos));
  return out;
}

std::string CsvField(std::string_view s, bool neutralise_formulas) {
  std::string v = SanitizeUtf8(s);
  if (neutralise_formulas && !v.empty()) {
    const char c = v[0];
    bool formula = c == '=' || c == '@' || c == '\t' || c == '\r';
    if (c == '+' || c == '-') {  // a signed number (e.g. "+447700900123") is data, anything else a formula
      formula = v.size() == 1 || v.find_first_not_of("0123456789 .", 1) != std::string::npos;
    }
    if (formula) v.insert(v.begin(), '\'');
  }
  const bool quote = v.find_first_of(",\"\r\n") != std::string::npos ||
                     (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvRow(const std::vector<std::string>& fields, bool neutralise_formulas) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvField(fields[i], neutralise_formulas);
  }
  out += "\r\n";
  return out;
}

std::string DotQuote(std::string_view s) {
  const std::string clean = SanitizeUtf8(s);
  std::string out = "\"";
  for (char c : clean) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace admon::report
