// Copyright 2026 The admon Authors.
//
// Output encoding for untrusted text: HTML/XML escaping, UTF-8 repair, byte
// span highlighting, RFC 4180 CSV fields (with spreadsheet formula
// neutralisation) and Graphviz DOT string quoting. Every renderer in report/
// goes through these; nothing from the model is written raw.
//
// Thread safety: pure functions.
#ifndef ADMON_REPORT_TEXT_H_
#define ADMON_REPORT_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace admon::report {

// Replaces invalid UTF-8 sequences (and NUL and C0 controls other than tab,
// LF, CR) by U+FFFD. Valid text is returned unchanged.
std::string SanitizeUtf8(std::string_view s);

// Escapes & < > " ' for HTML/XML text and attribute values, after
// SanitizeUtf8.
std::string HtmlEscape(std::string_view s);

// Cuts `s` to at most `max_bytes` bytes at a UTF-8 boundary, appending "…"
// when cut.
std::string TruncateUtf8(std::string_view s, size_t max_bytes);

struct MarkSpan {
  int begin = -1;  // bytes, half-open
  int end = -1;
  std::string label;  // e.g. indicator id; shown as the mark's title
};

// HTML-escapes `text` and wraps the byte spans in <mark title="labels">.
// Spans are clamped to the text, snapped outwards to UTF-8 character
// boundaries; empty/negative/reversed spans are ignored; overlapping or
// adjacent spans merge into one mark whose title lists all their labels.
std::string HighlightHtml(std::string_view text, const std::vector<MarkSpan>& spans);

// One RFC 4180 field: quoted iff it contains , " CR or LF (or a leading or
// trailing space); quotes doubled. If `neutralise_formulas`, a field that a
// spreadsheet would run as a formula (leading = @ TAB CR, or + - unless the
// rest is digits, spaces and dots, e.g. "+44 7700 900123") gets a leading
// apostrophe (OWASP CSV injection guidance).
std::string CsvField(std::string_view s, bool neutralise_formulas = true);
// Fields joined by commas, terminated by CRLF.
std::string CsvRow(const std::vector<std::string>& fields, bool neutralise_formulas = true);

// A Graphviz DOT double-quoted string (quotes and backslashes escaped, UTF-8
// repaired, control characters removed).
std::string DotQuote(std::string_view s);

}  // namespace admon::report

#endif  // ADMON_REPORT_TEXT_H_
