// Copyright 2026 The admon Authors.
//
// The report data model: a plain, self-contained description of one day's
// findings that report/ renders (HTML, JSON, CSV, referral packages, i2 and
// GraphML exports). report/ depends on nothing later in the data flow and on
// no other module's API: the lead's glue (or report/build_model.h) fills these
// structs from the database (dedupe clusters/links, indicator scores,
// captures). The JSON form (to_json/from_json below) IS the published report
// schema, documented in docs/report.md; bump kReportSchemaVersion on any
// incompatible change.
//
// Conventions: times are RFC 3339 UTC strings ("2026-11-23T18:34:58Z") or ""
// when unknown; dates are Europe/London "YYYY-MM-DD"; ISO weeks "2026-W48".
// Text fields are UNTRUSTED (advert text, ids and URLs come from the web):
// renderers escape everything. Byte spans are half-open [begin, end) into the
// named field's UTF-8 text and may be invalid (renderers clamp them).
//
// Thread safety: plain values.
#ifndef ADMON_REPORT_MODEL_H_
#define ADMON_REPORT_MODEL_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace admon::report {

inline constexpr int kReportSchemaVersion = 1;

enum class Flag { kNone, kReview, kUrgent };
const char* FlagName(Flag f);  // "none", "review", "urgent"
NLOHMANN_JSON_SERIALIZE_ENUM(Flag, {{Flag::kNone, "none"}, {Flag::kReview, "review"}, {Flag::kUrgent, "urgent"}})

// One reason a score moved (an indicator hit). Advert-level hits carry a
// field and byte span for highlighting; cluster-level hits carry the
// statistic in `match` (e.g. "max_names_per_phone=4 (>= 3)") and begin=-1.
struct HitView {
  std::string id;        // indicator id
  std::string category;  // e.g. "youth", "control", "movement"
  double weight = 0;     // signed contribution (weight units of the catalogue)
  std::string match;     // matched text or statistic
  std::string field;     // "title", "description", ... ("" for cluster statistics)
  int begin = -1;        // bytes into `field`; -1 when not text
  int end = -1;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HitView, id, category, weight, match, field, begin, end)

struct PhoneView {
  std::string e164;                 // "+447700900123"
  std::vector<std::string> styles;  // obfuscation styles seen, e.g. "words", "spaced"
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PhoneView, e164, styles)

struct EmailView {
  std::string address;
  std::vector<std::string> styles;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(EmailView, address, styles)

struct HandleView {
  std::string platform;  // "whatsapp", "telegram", "paypal", ...
  std::string handle;    // normalised
  bool payment = false;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HandleView, platform, handle, payment)

// Images are identified by hash; the bytes are never in the model (see
// ReportOptions::image_bytes for opt-in thumbnails).
struct ImageView {
  std::string sha256;  // hex of the bytes
  std::string phash;   // 16 hex digits of the 64-bit perceptual hash ("" if not hashed)
  int width = 0;       // pixels
  int height = 0;      // pixels
  uint64_t bytes = 0;  // size in bytes
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ImageView, sha256, phash, width, height, bytes)

struct AdvertView {
  std::string id;  // "<site>:<site advert id>"
  std::string site;
  std::string url;
  std::string title;
  std::string name;
  int age = 0;  // stated age in years; 0 = not stated
  std::string town;
  std::string force;  // police force area of the town
  std::string first_seen;
  std::string last_seen;
  bool removed = false;  // no longer listed on the site
  double score = 0;      // [0, 1)
  Flag flag = Flag::kNone;
  std::string flag_reason;
  std::string text;           // the description
  std::vector<HitView> hits;  // spans index `title` or `text` (field "description")
  std::vector<PhoneView> phones;
  std::vector<EmailView> emails;
  std::vector<HandleView> handles;
  std::vector<ImageView> images;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AdvertView, id, site, url, title, name, age, town, force,
                                                first_seen, last_seen, removed, score, flag, flag_reason, text,
                                                hits, phones, emails, handles, images)

// An edge between two member adverts.
struct LinkView {
  std::string a;         // advert id
  std::string b;         // advert id
  std::string type;      // "phone", "email", "handle", "payment", "image_exact", "image_near", "text"
  std::string evidence;  // the shared value or measure, e.g. "+447700900123", "hamming=3", "jaccard=0.82"
  bool hub = false;      // via a hub identifier (e.g. an agency switchboard): shown, did not merge
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LinkView, a, b, type, evidence, hub)

struct ClusterView {
  std::string id;  // "C00000042"
  double score = 0;
  Flag flag = Flag::kNone;
  std::string flag_reason;
  int64_t size = 0;  // member adverts (live + removed)
  int64_t live = 0;
  int64_t removed = 0;
  std::vector<std::string> phones, names, ages, nationalities, towns, forces, sites;  // distinct values
  std::string first_seen;
  std::string last_seen;
  int64_t growth = 0;  // adverts first seen on the report date
  std::vector<std::string> merged_from;  // cluster ids merged into this one (on the report date)
  std::vector<HitView> hits;             // cluster-level indicator hits
  std::vector<AdvertView> adverts;       // members (the glue may cap them; see `size`)
  std::vector<LinkView> links;
  // Other clusters tied to this one by at least two photo or account links
  // that did not merge (e.g. the other half of a network whose halves list
  // different phones), most links first: "C00000026 (image_near 3)".
  std::vector<std::string> related;
  std::map<std::string, int64_t> timeline;               // London date -> adverts first seen that day
  std::map<std::string, std::vector<std::string>> movement;  // ISO week -> towns advertised
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ClusterView, id, score, flag, flag_reason, size, live, removed,
                                                phones, names, ages, nationalities, towns, forces, sites,
                                                first_seen, last_seen, growth, merged_from, hits, adverts, links,
                                                related, timeline, movement)

struct FlagCounts {
  int64_t none = 0, review = 0, urgent = 0;  // adverts
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FlagCounts, none, review, urgent)

struct SiteSummary {
  std::string site;
  int64_t adverts_seen = 0, adverts_new = 0, adverts_changed = 0, adverts_removed = 0;
  FlagCounts flags;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SiteSummary, site, adverts_seen, adverts_new, adverts_changed,
                                                adverts_removed, flags)

struct ForceSummary {
  std::string force;  // police force area ("" = unknown location)
  int64_t adverts = 0, clusters = 0;
  FlagCounts flags;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ForceSummary, force, adverts, clusters, flags)

struct Summary {
  int64_t adverts_seen = 0, adverts_new = 0, adverts_changed = 0, adverts_removed = 0;
  int64_t clusters_new = 0, clusters_grown = 0, clusters_merged = 0;
  FlagCounts flags;  // adverts seen on the day, by flag
  std::vector<SiteSummary> sites;
  std::vector<ForceSummary> forces;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Summary, adverts_seen, adverts_new, adverts_changed,
                                                adverts_removed, clusters_new, clusters_grown, clusters_merged,
                                                flags, sites, forces)

struct CrawlHealth {
  std::string site;
  int64_t pages = 0;   // fetches on the day
  int64_t errors = 0;  // failed fetches (network, HTTP >= 400, oversize...)
  int64_t politeness_violations = 0;  // requests closer than the site's delay (must be 0)
  int64_t politeness_waits = 0;       // times the crawler waited for the delay
  int64_t adverts = 0;                // adverts parsed
  int64_t adverts_with_phone = 0;
  double parser_coverage = 0;  // adverts_with_phone / adverts, 0..1
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CrawlHealth, site, pages, errors, politeness_violations,
                                                politeness_waits, adverts, adverts_with_phone, parser_coverage)

struct ReportModel {
  int schema_version = kReportSchemaVersion;
  std::string date;          // Europe/London day "YYYY-MM-DD"
  std::string generated_at;  // RFC 3339 UTC
  std::string catalogue_version;
  Summary summary;
  std::vector<CrawlHealth> crawl;
  std::vector<ClusterView> clusters;  // any order; RankClusters() orders them
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ReportModel, schema_version, date, generated_at, catalogue_version,
                                                summary, crawl, clusters)

// Orders clusters urgent first, then review, then none; within a flag by
// score descending, then size descending, then id (deterministic).
void RankClusters(std::vector<ClusterView>& clusters);

bool operator==(const HitView& a, const HitView& b);
std::ostream& operator<<(std::ostream& os, const HitView& h);
std::ostream& operator<<(std::ostream& os, const ClusterView& c);
std::ostream& operator<<(std::ostream& os, const ReportModel& m);

}  // namespace admon::report

#endif  // ADMON_REPORT_MODEL_H_
