// Copyright 2026 The admon Authors.
//
// Pieces of HTML shared by the daily report and the referral summary (both
// self-contained: inline CSS, no scripts, no external URLs). Internal to
// report/. Every function escapes its inputs.
//
// Thread safety: pure functions.
#ifndef ADMON_REPORT_HTML_PARTS_H_
#define ADMON_REPORT_HTML_PARTS_H_

#include <map>
#include <string>
#include <vector>

#include "report/model.h"

namespace admon::report::html {

// Thumbnails larger than this are shown by hash only (bytes): a data: URI
// this size already doubles a report's size.
inline constexpr size_t kMaxThumbnailBytes = 2 << 20;

// <!DOCTYPE html> ... <body>, with a Content-Security-Policy that forbids
// scripts and any network load (images only as data: URIs).
std::string Head(const std::string& title, const std::string& extra_css);
std::string Foot();  // </body></html>

// A flag badge: <span class="badge urgent">URGENT</span>.
std::string Badge(Flag f);
std::string Score(double s);  // "0.734"

// A table of indicator hits (id, category, weight, field, match).
std::string HitsTable(const std::vector<HitView>& hits);

// An advert card: facts, title and description with hits highlighted
// (<mark>), identifiers and images (by hash; thumbnails iff `image_bytes`).
struct ImagePolicy {
  const std::map<std::string, std::string>* image_bytes = nullptr;  // null = hashes only
  bool blur = true;
};
std::string AdvertCard(const AdvertView& a, const ImagePolicy& images, size_t max_text_bytes);

// Timeline (date -> count) as a table with CSS bars (no SVG), last
// `max_rows` days.
std::string TimelineTable(const std::map<std::string, int64_t>& timeline, size_t max_rows);
// Town x ISO-week matrix of the latest `max_weeks` weeks.
std::string MovementTable(const std::map<std::string, std::vector<std::string>>& movement, size_t max_weeks);

// A two-column <table class="facts"> of (name, value) rows; rows with an
// empty value are skipped.
std::string FactsTable(const std::vector<std::vector<std::string>>& rows);

// MIME type of image bytes from magic numbers ("image/jpeg", "image/png",
// "image/gif", "image/webp"); "" for anything else.
std::string ImageMime(const std::string& bytes);

// <table> from a header row and body rows (all cells escaped).
std::string Table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                  const std::string& css_class = "");

}  // namespace admon::report::html

#endif  // ADMON_REPORT_HTML_PARTS_H_
