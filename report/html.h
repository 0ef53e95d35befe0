// Copyright 2026 The admon Authors.
//
// The daily cluster report. RenderReport writes, into `out_dir` (created
// 0700 if missing), all files mode 0600:
//   report-YYYY-MM-DD.html  one self-contained offline file: inline CSS, no
//                           scripts, no external fonts/images/links; network
//                           pictures are inline SVG (Graphviz)
//   report-YYYY-MM-DD.json  the model (clusters ranked), schema docs/report.md
//   clusters.csv, adverts.csv  RFC 4180, see report/csv.h
//
// Images are shown by hash and size only unless `thumbnails` is set; then the
// bytes given in `image_bytes` are inlined as data: URIs, blurred by CSS
// unless `unblurred`. The report is read by many people and must not spread
// explicit imagery: leave thumbnails off for circulated copies.
//
// Thread safety: reentrant (Graphviz calls are serialised internally).
#ifndef ADMON_REPORT_HTML_H_
#define ADMON_REPORT_HTML_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "report/graph.h"
#include "report/model.h"

namespace admon::report {

// Text shown per advert before it is cut (bytes): keeps a spam wall from
// making the report unreadable; the JSON keeps the full text.
inline constexpr size_t kMaxAdvertTextBytes = 8000;

struct ReportOptions {
  bool thumbnails = false;  // inline image thumbnails (blurred) from image_bytes
  bool unblurred = false;   // with thumbnails: do not blur (restricted copies only)
  // sha256 hex -> image bytes (from captures); only read when thumbnails.
  // Not owned; may be null. REQUIRES: outlives the call.
  const std::map<std::string, std::string>* image_bytes = nullptr;
  bool network_pictures = true;  // draw Graphviz pictures (off: a placeholder <svg>)
  GraphOptions graph = {};       // node cap and layout
  int max_clusters = 0;          // clusters shown in HTML (0 = all); JSON/CSV keep all
  int max_adverts_per_cluster = 200;  // advert cards per cluster in HTML (count)
  std::string title = "admon daily report";
};

// The HTML document for `model` (ranks a copy of the clusters).
std::string RenderReportHtml(const ReportModel& model, const ReportOptions& options);

// Writes the HTML, JSON and CSV files described above. Errors name the path.
// InvalidArgument if model.date is not YYYY-MM-DD.
absl::Status RenderReport(const ReportModel& model, const ReportOptions& options, const std::string& out_dir);

// Paths RenderReport writes for `date`, relative to out_dir.
std::string ReportHtmlName(const std::string& date);  // "report-<date>.html"
std::string ReportJsonName(const std::string& date);  // "report-<date>.json"

}  // namespace admon::report

#endif  // ADMON_REPORT_HTML_H_
