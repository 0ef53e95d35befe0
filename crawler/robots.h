// Copyright 2026 The admon Authors.
//
// robots.txt per RFC 9309: groups by user-agent product token
// (case-insensitive; the most specific matching group, else "*"), Allow and
// Disallow rules with '*' and '$', longest match wins, Allow wins ties.
// Also Crawl-delay (non-standard, honoured up to a cap) and Sitemap lines.
// Only the first kMaxRobotsBytes are parsed (RFC 9309 section 2.5).
//
// Thread safety: a parsed RobotsTxt is immutable.
#ifndef ADMON_CRAWLER_ROBOTS_H_
#define ADMON_CRAWLER_ROBOTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"

namespace admon::crawler {

inline constexpr size_t kMaxRobotsBytes = 500 * 1024;  // RFC 9309: parse at least 500 KiB

class RobotsTxt {
 public:
  // The policy for a fetched robots.txt (`status` = HTTP status, 0 = unreachable).
  //   2xx  -> parse `body`
  //   4xx  -> allow all ("unavailable")
  //   5xx / 0 -> disallow all ("unreachable"; the caller retries later)
  static RobotsTxt FromResponse(int status, std::string_view body, std::string_view user_agent);
  static RobotsTxt Parse(std::string_view body, std::string_view user_agent);
  static RobotsTxt AllowAll();
  static RobotsTxt DisallowAll();

  // `path_query` is the URL path with query ("/a/b?c=1"), percent-encoded.
  bool IsAllowed(std::string_view path_query) const;
  std::optional<absl::Duration> crawl_delay() const { return crawl_delay_; }
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }
  bool disallow_all() const { return disallow_all_; }

 private:
  struct Rule {
    bool allow;
    std::string pattern;
  };
  std::vector<Rule> rules_;
  std::optional<absl::Duration> crawl_delay_;
  std::vector<std::string> sitemaps_;
  bool disallow_all_ = false;
};

// The product token of a User-Agent string: "admon/0.1 (x)" -> "admon".
std::string ProductToken(std::string_view user_agent);
// RFC 9309 pattern match of `pattern` (with * and $) against the start of `path`.
bool RobotsPatternMatches(std::string_view pattern, std::string_view path);

}  // namespace admon::crawler

#endif  // ADMON_CRAWLER_ROBOTS_H_
