// Copyright 2026 The admon Authors.
#include "report/html.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/files.h"
#include "common/status.h"
#include "re2/re2.h"
#include "report/csv.h"
#include "report/html_parts.h"
#include "report/text.h"
#include "spdlog/spdlog.h"

namespace admon::report {
namespace {

constexpr size_t kTimelineDays = 90;     // rows in a cluster's timeline table
constexpr size_t kMovementWeeks = 12;    // columns in a cluster's movement matrix
constexpr size_t kLinksShown = 300;      // rows of a cluster's link table

std::string N(int64_t v) { return std::to_string(v); }

std::string Percent(double share) { return absl::StrFormat("%.0f%%", 100.0 * share); }

std::string SummarySection(const ReportModel& m) {
  const Summary& s = m.summary;
  std::string out = "<section id=\"summary\"><h2>Summary</h2>\n";
  out += html::Table({"adverts seen", "new", "changed", "removed", "flag none", "flag review", "flag urgent"},
                     {{N(s.adverts_seen), N(s.adverts_new), N(s.adverts_changed), N(s.adverts_removed),
                       N(s.flags.none), N(s.flags.review), N(s.flags.urgent)}});
  out += html::Table({"clusters new", "grown", "merged", "clusters in report"},
                     {{N(s.clusters_new), N(s.clusters_grown), N(s.clusters_merged), N(m.clusters.size())}});
  std::vector<std::vector<std::string>> rows;
  for (const SiteSummary& x : s.sites) {
    rows.push_back({x.site, N(x.adverts_seen), N(x.adverts_new), N(x.adverts_changed), N(x.adverts_removed),
                    N(x.flags.review), N(x.flags.urgent)});
  }
  out += "<h3>Per site</h3>" +
         html::Table({"site", "seen", "new", "changed", "removed", "review", "urgent"}, rows);
  rows.clear();
  for (const ForceSummary& x : s.forces) {
    rows.push_back({x.force.empty() ? "(unknown location)" : x.force, N(x.adverts), N(x.clusters),
                    N(x.flags.review), N(x.flags.urgent)});
  }
  out += "<h3>Per police force area</h3>" +
         html::Table({"force", "adverts", "clusters", "review", "urgent"}, rows);
  out += "</section>\n";
  return out;
}

std::string CrawlSection(const ReportModel& m) {
  std::vector<std::vector<std::string>> rows;
  for (const CrawlHealth& c : m.crawl) {
    rows.push_back({c.site, N(c.pages), N(c.errors), N(c.politeness_violations), N(c.politeness_waits),
                    N(c.adverts), N(c.adverts_with_phone), Percent(c.parser_coverage)});
  }
  return "<section id=\"crawl\"><h2>Crawl health</h2>\n" +
         html::Table({"site", "pages", "errors", "politeness violations", "politeness waits", "adverts",
                      "with phone", "parser coverage"},
                     rows) +
         "<p class=\"note\">Politeness violations must be 0. Parser coverage is the share of adverts with at "
         "least one phone; a drop usually means the site changed its layout.</p></section>\n";
}

// Graphviz SVG is trusted structurally but carries model text; reject any
// element or attribute that could load or run something, so a Graphviz quirk
// can never break the self-contained/no-script guarantee.
bool SvgIsInert(const std::string& svg) {
  static const RE2* const kActive = [] {
    auto* re = new RE2(R"((?i)<script|<foreignObject|\son[a-z]+\s*=|(?:xlink:)?href\s*=|<image|url\()");
    if (!re->ok()) spdlog::error("report: svg guard regex: {}", re->error());
    return re;
  }();
  return !RE2::PartialMatch(svg, *kActive);
}

std::string Placeholder(const std::string& why) {
  return absl::StrCat("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"40\"><text x=\"8\" y=\"24\" "
                      "font-size=\"13\" fill=\"#555\">",
                      HtmlEscape(why), "</text></svg>");
}

std::string NetworkFigure(const ClusterView& c, const ReportOptions& o) {
  std::string svg, note;
  if (!o.network_pictures) {
    svg = Placeholder("Network picture disabled.");
  } else {
    const Dot dot = BuildDot(c, o.graph);
    auto rendered = RenderSvg(dot.dot, o.graph.layout);
    if (!rendered.ok()) {
      spdlog::warn("report: cluster {}: {}", c.id, SV(rendered.status().message()));
      svg = Placeholder(absl::StrCat("Network picture unavailable: ", rendered.status().message()));
    } else if (!SvgIsInert(*rendered)) {
      svg = Placeholder("Network picture withheld: unexpected active content.");
    } else {
      svg = *std::move(rendered);
    }
    if (dot.nodes_drawn < dot.nodes_total) {
      note = absl::StrCat(" Showing ", dot.nodes_drawn, " of ", dot.nodes_total,
                          " nodes (cap ", o.graph.max_nodes, "): flagged adverts and most-shared identifiers first.");
    }
  }
  return absl::StrCat(
      "<figure class=\"net\">", svg,
      "<figcaption class=\"legend note\"><span>&#9711; advert (red urgent, amber review)</span>"
      "<span style=\"color:#1f77b4\">&#9645; phone</span><span style=\"color:#9467bd\">&#9671; email</span>"
      "<span style=\"color:#2ca02c\">&#9671; handle</span><span style=\"color:#d62728\">&#9671; payment</span>"
      "<span style=\"color:#ff7f0e\">&#11041; image (dashed: near-duplicate)</span>"
      "<span style=\"color:#7f7f7f\">&middot;&middot;&middot; templated text</span>"
      "<span style=\"color:#c00000\">double outline: hub identifier</span>",
      HtmlEscape(note), "</figcaption></figure>\n");
}

std::string ClusterArticle(const ClusterView& c, int rank, const ReportOptions& o) {
  std::string out = absl::StrCat("<article class=\"cluster ", FlagName(c.flag), "\" id=\"c", rank, "\">\n<h3>#",
                                 rank, " ", html::Badge(c.flag), " Cluster <code>", HtmlEscape(c.id),
                                 "</code> &middot; score ", html::Score(c.score), " &middot; ", c.size,
                                 " adverts</h3>\n");
  auto join = [](const std::vector<std::string>& v) { return JoinCell(v); };
  std::vector<std::vector<std::string>> facts = {
      {"flag reason", c.flag_reason},
      {"adverts", absl::StrCat(c.size, " (", c.live, " live, ", c.removed, " removed); +", c.growth, " today")},
      {"first / last seen", c.first_seen.empty() && c.last_seen.empty() ? ""
                                                                          : absl::StrCat(c.first_seen, " / ", c.last_seen)},
      {"phones", join(c.phones)},
      {"names", join(c.names)},
      {"ages", join(c.ages)},
      {"nationalities", join(c.nationalities)},
      {"towns", join(c.towns)},
      {"police force areas", join(c.forces)},
      {"sites", join(c.sites)},
      {"merged from", join(c.merged_from)},
      {"related clusters (not merged)", join(c.related)},
  };
  out += html::FactsTable(facts) + "<h4>Why flagged (cluster indicators)</h4>\n" + html::HitsTable(c.hits);
  out += "<h4>Network</h4>\n" + NetworkFigure(c, o);
  out += "<h4>Timeline (new adverts per day)</h4>\n" + html::TimelineTable(c.timeline, kTimelineDays);
  out += "<h4>Movement (towns by ISO week)</h4>\n" + html::MovementTable(c.movement, kMovementWeeks);
  if (!c.links.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < c.links.size() && i < kLinksShown; ++i) {
      const LinkView& l = c.links[i];
      rows.push_back({l.a, l.b, l.type, l.evidence, l.hub ? "hub (did not merge)" : ""});
    }
    out += absl::StrCat("<details><summary>Links (", c.links.size(), ")</summary>") +
           html::Table({"advert", "advert", "type", "evidence", ""}, rows) + "</details>\n";
  }
  out += absl::StrCat("<h4>Adverts (", c.adverts.size(), " of ", c.size, ")</h4>\n");
  const html::ImagePolicy images{.image_bytes = o.thumbnails ? o.image_bytes : nullptr, .blur = !o.unblurred};
  std::vector<const AdvertView*> ads;
  for (const AdvertView& a : c.adverts) ads.push_back(&a);
  std::stable_sort(ads.begin(), ads.end(), [](const AdvertView* x, const AdvertView* y) {
    return x->flag > y->flag || (x->flag == y->flag && x->score > y->score);
  });
  const size_t shown = std::min(ads.size(), static_cast<size_t>(std::max(0, o.max_adverts_per_cluster)));
  for (size_t i = 0; i < shown; ++i) out += html::AdvertCard(*ads[i], images, kMaxAdvertTextBytes);
  if (shown < ads.size()) {
    absl::StrAppend(&out, "<p class=\"note\">", ads.size() - shown,
                    " more adverts not shown here; see adverts.csv and the JSON.</p>\n");
  }
  out += "</article>\n";
  return out;
}

}  // namespace

std::string ReportHtmlName(const std::string& date) { return "report-" + date + ".html"; }
std::string ReportJsonName(const std::string& date) { return "report-" + date + ".json"; }

std::string RenderReportHtml(const ReportModel& model, const ReportOptions& o) {
  std::vector<ClusterView> clusters = model.clusters;
  RankClusters(clusters);
  size_t shown = clusters.size();
  if (o.max_clusters > 0) shown = std::min(shown, static_cast<size_t>(o.max_clusters));
  std::string out = html::Head(absl::StrCat(o.title, " ", model.date), "");
  absl::StrAppend(&out, "<div class=\"banner\">OFFICIAL-SENSITIVE &middot; contains personal data &middot; "
                        "do not forward</div>\n<header><h1>",
                  HtmlEscape(o.title), " &mdash; ", HtmlEscape(model.date), "</h1>\n<p class=\"note\">Generated ",
                  HtmlEscape(model.generated_at), " &middot; indicator catalogue ",
                  HtmlEscape(model.catalogue_version),
                  ". A flag is a prompt for a person to look, never a finding of trafficking: most adverts are "
                  "placed by independent adults. Images are identified by hash only",
                  o.thumbnails ? (o.unblurred ? "; thumbnails UNBLURRED (restricted copy)" : "; thumbnails blurred")
                               : "",
                  ".</p></header>\n");
  out += "<nav><h2>Contents</h2><ol>";
  for (size_t i = 0; i < shown; ++i) {
    const ClusterView& c = clusters[i];
    absl::StrAppend(&out, "<li><a href=\"#c", i + 1, "\">", html::Badge(c.flag), " ", HtmlEscape(c.id), " &middot; ",
                    html::Score(c.score), " &middot; ", c.size, " adverts</a></li>");
  }
  out += "</ol></nav>\n";
  out += SummarySection(model);
  out += CrawlSection(model);
  out += "<section id=\"clusters\"><h2>Clusters (urgent first, then score)</h2>\n";
  if (clusters.empty()) out += "<p>No clusters to report.</p>\n";
  for (size_t i = 0; i < shown; ++i) out += ClusterArticle(clusters[i], static_cast<int>(i + 1), o);
  if (shown < clusters.size()) {
    absl::StrAppend(&out, "<p class=\"note\">", clusters.size() - shown,
                    " lower-ranked clusters not shown; see clusters.csv and the JSON.</p>\n");
  }
  out += "</section>\n" + html::Foot();
  return out;
}

absl::Status RenderReport(const ReportModel& model, const ReportOptions& o, const std::string& out_dir) {
  if (!RE2::FullMatch(model.date, R"(\d{4}-\d{2}-\d{2})")) {
    return absl::InvalidArgumentError(absl::StrCat("report: date '", model.date, "' is not YYYY-MM-DD"));
  }
  ADMON_RETURN_IF_ERROR(MakeDirsOwnerOnly(out_dir));
  ReportModel ranked = model;
  RankClusters(ranked.clusters);
  const std::string dir = out_dir + "/";
  ADMON_RETURN_IF_ERROR(WriteFileOwnerOnly(dir + ReportHtmlName(model.date), RenderReportHtml(ranked, o)));
  const nlohmann::json j = ranked;
  // Invalid UTF-8 from the web must not make dump() throw: replace it.
  ADMON_RETURN_IF_ERROR(WriteFileOwnerOnly(dir + ReportJsonName(model.date),
                                           j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
  ADMON_RETURN_IF_ERROR(WriteFileOwnerOnly(dir + "clusters.csv", ClustersCsv(ranked.clusters)));
  ADMON_RETURN_IF_ERROR(WriteFileOwnerOnly(dir + "adverts.csv", AdvertsCsv(ranked.clusters)));
  return absl::OkStatus();
}

}  // namespace admon::report
