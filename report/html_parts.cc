// Copyright 2026 The admon Authors.
#include "report/html_parts.h"

#include <algorithm>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "report/text.h"

namespace admon::report::html {
namespace {

constexpr char kCss[] = R"css(
body{font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#1b1b1b;margin:0 auto;max-width:1300px;padding:12px 20px}
h1{font-size:22px;margin:8px 0}h2{font-size:19px;border-bottom:2px solid #333;margin-top:28px}
h3{font-size:17px;margin:6px 0}h4{font-size:15px;margin:14px 0 4px}
.banner{background:#222;color:#fff;padding:6px 10px;font-weight:bold;letter-spacing:.5px}
.note{color:#555;font-size:12px}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #bbb;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:1px 8px;border-radius:3px;font-size:12px;font-weight:bold;color:#fff}
.badge.urgent{background:#b00020}.badge.review{background:#b36b00}.badge.none{background:#6b7b8b}
article.cluster{border:1px solid #999;border-left:8px solid #6b7b8b;padding:8px 12px;margin:18px 0;page-break-inside:avoid}
article.cluster.urgent{border-left-color:#b00020}article.cluster.review{border-left-color:#b36b00}
.advert{border-top:1px dashed #aaa;padding:6px 0}.advert .text{white-space:pre-wrap;background:#fafafa;padding:6px;border:1px solid #eee;overflow-wrap:anywhere}
mark{background:#ffe066;padding:0 1px;border-bottom:2px solid #c90}
.net{margin:8px 0;border:1px solid #ddd;overflow:auto}.net svg{max-width:100%;height:auto}
.bar{background:#4a78a8;height:10px}
.facts th{width:150px}
.thumb{max-width:120px;max-height:120px}.blur{filter:blur(14px)}
.legend span{display:inline-block;margin-right:12px}
code{font-size:12px;overflow-wrap:anywhere}
@media print{.net{overflow:visible}nav{display:none}}
)css";

}  // namespace

std::string Head(const std::string& title, const std::string& extra_css) {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "img-src data:\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
      HtmlEscape(title), "</title>\n<style>", kCss, extra_css, "</style>\n</head>\n<body>\n");
}

std::string Foot() { return "</body>\n</html>\n"; }

std::string Badge(Flag f) {
  std::string name = FlagName(f);
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
  return absl::StrCat("<span class=\"badge ", name, "\">", upper, "</span>");
}

std::string Score(double s) { return absl::StrFormat("%.3f", s); }

std::string Table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                  const std::string& css_class) {
  std::string out = css_class.empty() ? "<table>" : absl::StrCat("<table class=\"", HtmlEscape(css_class), "\">");
  out += "<thead><tr>";
  for (const std::string& h : header) absl::StrAppend(&out, "<th>", HtmlEscape(h), "</th>");
  out += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const std::string& cell : row) {
      const bool numeric = !cell.empty() && cell.find_first_not_of("0123456789.-%") == std::string::npos;
      absl::StrAppend(&out, numeric ? "<td class=\"n\">" : "<td>", HtmlEscape(cell), "</td>");
    }
    out += "</tr>";
  }
  out += "</tbody></table>\n";
  return out;
}

std::string ImageMime(const std::string& b) {
  if (b.size() >= 3 && b.compare(0, 3, "\xFF\xD8\xFF") == 0) return "image/jpeg";
  if (b.size() >= 8 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) return "image/png";
  if (b.size() >= 6 && (b.compare(0, 6, "GIF87a") == 0 || b.compare(0, 6, "GIF89a") == 0)) return "image/gif";
  if (b.size() >= 12 && b.compare(0, 4, "RIFF") == 0 && b.compare(8, 4, "WEBP") == 0) return "image/webp";
  return "";
}

std::string FactsTable(const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table class=\"facts\"><tbody>";
  for (const auto& f : rows) {
    if (f.size() < 2 || f[1].empty()) continue;
    absl::StrAppend(&out, "<tr><th>", HtmlEscape(f[0]), "</th><td>", HtmlEscape(f[1]), "</td></tr>");
  }
  out += "</tbody></table>\n";
  return out;
}

std::string HitsTable(const std::vector<HitView>& hits) {
  if (hits.empty()) return "<p class=\"note\">No indicator hits.</p>\n";
  std::vector<std::vector<std::string>> rows;
  for (const HitView& h : hits) {
    std::string where = h.field;
    if (h.begin >= 0) absl::StrAppend(&where, " [", h.begin, ", ", h.end, ")");
    rows.push_back({h.id, h.category, absl::StrFormat("%+.2f", h.weight), where, TruncateUtf8(h.match, 200)});
  }
  return Table({"indicator", "category", "weight", "where", "match / statistic"}, rows, "hits");
}

namespace {

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string Marked(const std::string& text, const std::vector<HitView>& hits, const std::string& field,
                   size_t max_bytes) {
  std::vector<MarkSpan> spans;
  for (const HitView& h : hits) {
    if (h.field == field && h.begin >= 0) spans.push_back({h.begin, h.end, h.id});
  }
  if (text.size() <= max_bytes) return HighlightHtml(text, spans);
  // Highlight on the cut text (spans beyond the cut are clamped away).
  std::string cut = TruncateUtf8(text, max_bytes);
  return HighlightHtml(cut, spans) + absl::StrCat(" <span class=\"note\">[cut at ", max_bytes, " of ",
                                                  text.size(), " bytes; full text in the JSON]</span>");
}

}  // namespace

std::string AdvertCard(const AdvertView& a, const ImagePolicy& images, size_t max_text_bytes) {
  std::string out = "<div class=\"advert\">\n";
  absl::StrAppend(&out, "<h4>", Badge(a.flag), " ", Score(a.score), " &middot; <code>", HtmlEscape(a.id),
                  "</code>", a.removed ? " <span class=\"note\">(removed)</span>" : "", "</h4>\n");
  std::vector<std::string> phones, emails, handles;
  for (const PhoneView& p : a.phones) {
    phones.push_back(p.styles.empty() ? p.e164 : absl::StrCat(p.e164, " (", Join(p.styles, ", "), ")"));
  }
  for (const EmailView& e : a.emails) emails.push_back(e.address);
  for (const HandleView& h : a.handles) {
    handles.push_back(absl::StrCat(h.platform, ":", h.handle, h.payment ? " (payment)" : ""));
  }
  std::vector<std::vector<std::string>> facts = {
      {"site", a.site},
      {"url (as text)", a.url},
      {"name / age", absl::StrCat(a.name, a.age > 0 ? absl::StrCat(", ", a.age) : "")},
      {"town / force", absl::StrCat(a.town, a.force.empty() ? "" : " / ", a.force)},
      {"first / last seen", a.first_seen.empty() && a.last_seen.empty() ? ""
                                                                          : absl::StrCat(a.first_seen, " / ", a.last_seen)},
      {"phones", Join(phones, "; ")},
      {"emails", Join(emails, "; ")},
      {"handles", Join(handles, "; ")},
      {"flag reason", a.flag_reason},
  };
  out += FactsTable(facts);
  absl::StrAppend(&out, "<p><b>Title:</b> ", Marked(a.title, a.hits, "title", 1000), "</p>\n");
  absl::StrAppend(&out, "<div class=\"text\">", Marked(a.text, a.hits, "description", max_text_bytes), "</div>\n");
  if (!a.hits.empty()) out += HitsTable(a.hits);
  if (!a.images.empty()) {
    std::vector<std::vector<std::string>> rows;
    out += "<table class=\"images\"><thead><tr><th>image sha256</th><th>phash</th><th>size</th><th>bytes</th>";
    if (images.image_bytes != nullptr) out += "<th>thumbnail</th>";
    out += "</tr></thead><tbody>";
    for (const ImageView& im : a.images) {
      absl::StrAppend(&out, "<tr><td><code>", HtmlEscape(im.sha256), "</code></td><td><code>", HtmlEscape(im.phash),
                      "</code></td><td>", im.width, "&times;", im.height, "</td><td class=\"n\">", im.bytes, "</td>");
      if (images.image_bytes != nullptr) {
        out += "<td>";
        auto it = images.image_bytes->find(im.sha256);
        if (it != images.image_bytes->end() && it->second.size() <= kMaxThumbnailBytes) {
          const std::string mime = ImageMime(it->second);
          if (!mime.empty()) {
            absl::StrAppend(&out, "<img class=\"thumb", images.blur ? " blur" : "", "\" alt=\"image ",
                            HtmlEscape(im.sha256.substr(0, 12)), "\" src=\"data:", mime, ";base64,",
                            absl::Base64Escape(it->second), "\">");
          }
        }
        out += "</td>";
      }
      out += "</tr>";
    }
    out += "</tbody></table>\n";
  }
  out += "</div>\n";
  return out;
}

std::string TimelineTable(const std::map<std::string, int64_t>& timeline, size_t max_rows) {
  if (timeline.empty()) return "<p class=\"note\">No timeline.</p>\n";
  int64_t peak = 1;
  for (const auto& [d, n] : timeline) peak = std::max(peak, n);
  std::string out;
  auto it = timeline.begin();
  if (timeline.size() > max_rows) {
    absl::StrAppend(&out, "<p class=\"note\">Latest ", max_rows, " of ", timeline.size(), " days.</p>");
    std::advance(it, timeline.size() - max_rows);
  }
  out += "<table class=\"timeline\"><thead><tr><th>date</th><th>new adverts</th><th style=\"width:320px\"></th>"
         "</tr></thead><tbody>";
  for (; it != timeline.end(); ++it) {
    const int pct = static_cast<int>(100.0 * static_cast<double>(std::max<int64_t>(0, it->second)) /
                                     static_cast<double>(peak));
    absl::StrAppend(&out, "<tr><td>", HtmlEscape(it->first), "</td><td class=\"n\">", it->second,
                    "</td><td><div class=\"bar\" style=\"width:", pct, "%\"></div></td></tr>");
  }
  out += "</tbody></table>\n";
  return out;
}

std::string MovementTable(const std::map<std::string, std::vector<std::string>>& movement, size_t max_weeks) {
  if (movement.empty()) return "<p class=\"note\">No locations.</p>\n";
  std::vector<std::string> weeks;
  for (const auto& [w, towns] : movement) weeks.push_back(w);
  std::string out;
  if (weeks.size() > max_weeks) {
    absl::StrAppend(&out, "<p class=\"note\">Latest ", max_weeks, " of ", weeks.size(), " weeks.</p>");
    weeks.erase(weeks.begin(), weeks.end() - static_cast<std::ptrdiff_t>(max_weeks));
  }
  std::set<std::string> towns;
  for (const std::string& w : weeks) {
    for (const std::string& t : movement.at(w)) towns.insert(t);
  }
  out += "<table class=\"movement\"><thead><tr><th>town \\ ISO week</th>";
  for (const std::string& w : weeks) absl::StrAppend(&out, "<th>", HtmlEscape(w), "</th>");
  out += "</tr></thead><tbody>";
  for (const std::string& t : towns) {
    absl::StrAppend(&out, "<tr><th>", HtmlEscape(t.empty() ? "(unknown)" : t), "</th>");
    for (const std::string& w : weeks) {
      const auto& v = movement.at(w);
      const bool here = std::find(v.begin(), v.end(), t) != v.end();
      out += here ? "<td style=\"background:#4a78a8;color:#fff;text-align:center\">&#10003;</td>" : "<td></td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table>\n";
  return out;
}

}  // namespace admon::report::html
