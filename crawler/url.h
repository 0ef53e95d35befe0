// Copyright 2026 The admon Authors.
//
// URL parsing, resolution and canonicalisation (libcurl's URL API underneath)
// and the SSRF address guard. Canonical form:
//   lower-case scheme and host, default port removed, fragment removed,
//   dot segments removed, percent-encoding normalised (unreserved characters
//   decoded, other escapes upper-case hex), strip_params removed, remaining
//   query parameters sorted (stable, by the whole "name=value" text),
//   empty path becomes "/".
//
// Thread safety: pure functions.
#ifndef ADMON_CRAWLER_URL_H_
#define ADMON_CRAWLER_URL_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

struct sockaddr;

namespace admon::crawler {

struct ParsedUrl {
  std::string scheme;      // "http" or "https"
  std::string host;        // lower case; IPv6 without brackets
  int port = 0;            // effective port (80/443 when not explicit)
  std::string path_query;  // "/a/b?x=1" (what site URL patterns match)
  // "host:port", the unit of politeness.
  std::string HostKey() const;
  std::string Origin() const;  // "http://host[:port]"
};

// Parses an absolute http(s) URL. InvalidArgument naming the URL otherwise.
absl::StatusOr<ParsedUrl> ParseUrl(std::string_view url);
// Resolves `ref` (absolute or relative) against absolute `base`.
absl::StatusOr<std::string> ResolveUrl(std::string_view base, std::string_view ref);
// Canonical form (see above). Only http and https are accepted.
absl::StatusOr<std::string> CanonicalizeUrl(std::string_view url, const std::vector<std::string>& strip_params = {});
// Normalises percent-escapes in one URL component: unreserved characters
// decoded, other escapes upper-case hex, bytes <= 0x20 or >= 0x7f and a '%'
// that starts no escape percent-encoded.
std::string NormalizePercentEncoding(std::string_view s);

// True for loopback, RFC 1918, link-local, CGNAT, unspecified, multicast,
// IPv6 loopback/ULA/link-local and IPv4-mapped forms of those.
bool IsPrivateAddress(const struct sockaddr* addr);
// Same for a literal IP host ("127.0.0.1", "::1"); false for names.
bool IsPrivateIpLiteral(std::string_view host);

}  // namespace admon::crawler

#endif  // ADMON_CRAWLER_URL_H_
