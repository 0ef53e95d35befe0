// Copyright 2026 The admon Authors.
//
// Fuzz target: robots.txt parsing and matching (crawler/robots.h). The input
// is parsed as a 200 response for admon's user agent, then a fixed set of
// paths (and the input's first line as a path) are checked against it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crawler/robots.h"

namespace {

// kMaxRobotsBytes (500 KiB) is the parser's own cut-off; the fuzzer stays
// below it (and max_len is smaller still) so every byte is parsed.
constexpr size_t kMaxInputBytes = admon::crawler::kMaxRobotsBytes;

constexpr std::string_view kUserAgent = "admon/0.1 (safeguarding monitoring)";
constexpr std::string_view kPaths[] = {"/", "/advert/123", "/a/b?c=1", "/%7Euser/x$", "/*", "/index.html?x=%2F"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return -1;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const admon::crawler::RobotsTxt robots = admon::crawler::RobotsTxt::FromResponse(200, body, kUserAgent);
  for (std::string_view path : kPaths) (void)robots.IsAllowed(path);
  const std::string_view first_line = body.substr(0, std::min<size_t>(body.find('\n'), 1024));
  (void)robots.IsAllowed(first_line);
  (void)admon::crawler::RobotsPatternMatches(first_line, "/advert/123?x=1");
  (void)robots.crawl_delay();
  (void)robots.sitemaps().size();
  return 0;
}
