// Copyright 2026 The admon Authors.
//
// Typed sites configuration (config/sites.yaml), the shared contract between
// the crawler (which loads it), the test site (which writes it) and the
// parsers (which read `fields` and `ocr`). Schema: docs/configuration.md.
//
// Every field has a default and a unit. Loading is strict: unknown keys,
// malformed URLs, invalid RE2 patterns and duplicate site names are errors
// naming "file:line: sites[i].key: ...".
//
// Thread safety: the structs are plain values; loading is pure.
#ifndef ADMON_CONFIG_SITES_H_
#define ADMON_CONFIG_SITES_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace admon::config {

inline constexpr int kSitesConfigVersion = 1;

struct UrlPatterns {
  // RE2 patterns matched (partial match) against path+query, e.g. "/advert/123?x=1".
  std::string listing;                  // required
  std::string advert;                   // required; group 1 = the site's advert id
  std::string profile;                  // optional ("" = none)
  std::string image;                    // optional ("" = all <img> on advert pages, same host)
  std::vector<std::string> follow;      // extra patterns of links to follow
  std::vector<std::string> skip;        // links never followed
  std::vector<std::string> strip_params;  // query params removed in canonical URLs
};

struct Pagination {
  std::string param;     // "" = no pagination limit
  int64_t max_pages = 50;  // pages; listing URLs with param > this are not followed
};

struct Politeness {
  absl::Duration min_delay = absl::Seconds(1);        // between requests to one host, from end of previous
  int64_t max_connections = 1;                        // concurrent connections per host
  int64_t daily_budget = 50000;                       // requests per host per London day
  absl::Duration crawl_delay_cap = absl::Seconds(30);  // robots Crawl-delay honoured up to this
};

struct FetchLimits {
  absl::Duration connect_timeout = absl::Seconds(10);
  absl::Duration timeout = absl::Seconds(60);        // whole transfer
  int64_t low_speed_limit = 100;                     // bytes/s ...
  absl::Duration low_speed_time = absl::Seconds(20);  // ... for this long aborts
  uint64_t max_body = 8u << 20;                      // bytes; larger bodies are cut and recorded "oversize"
  int64_t max_redirects = 5;                         // hops
};

struct Recrawl {
  absl::Duration listing = absl::Hours(2);
  absl::Duration advert = absl::Hours(24);
};

struct AgeGate {
  std::string cookie;                         // "name=value" set before any request ("" = none)
  std::string form_url;                       // optional form URL (path or absolute), POSTed once per run
  std::map<std::string, std::string> form_fields;
};

struct SiteConfig {
  std::string name;                    // [a-z0-9_-]+, unique
  std::vector<std::string> seeds;      // http/https URLs (listing pages)
  bool allow_private_addresses = false;  // true only for loopback test sites (SSRF guard)
  std::string user_agent = "admon/0.1 (safeguarding monitoring)";
  std::string proxy;                   // "" = direct; never logged
  std::map<std::string, std::string> headers;  // extra request headers
  bool obey_robots = true;             // robots: obey | ignore
  UrlPatterns urls;
  Pagination pagination;
  Politeness politeness;
  FetchLimits fetch;
  Recrawl recrawl;
  AgeGate age_gate;
  bool ocr = false;                    // OCR images for phones (parsers)
  std::map<std::string, std::string> fields;  // parser field -> selector ("" map = generic fallback)
};

struct SitesConfig {
  int64_t version = kSitesConfigVersion;
  std::vector<SiteConfig> sites;
  // The site named `name`, or nullptr.
  const SiteConfig* Find(std::string_view name) const;
};

// Parses YAML `text`; `name` (usually the path) prefixes errors.
absl::StatusOr<SitesConfig> ParseSitesConfig(std::string_view text, std::string_view name);
absl::StatusOr<SitesConfig> LoadSitesConfig(const std::string& path);

}  // namespace admon::config

#endif  // ADMON_CONFIG_SITES_H_
