// Copyright 2026 The admon Authors.
//
// The HTTP transport behind the crawler: start requests, then wait for
// completions. CurlTransport drives libcurl's multi interface from the
// caller's single loop (curl_multi_poll: no busy polling, no threads).
// Redirects are NOT followed: 3xx responses are returned to the crawler,
// which checks every hop.
//
// Thread safety: a Transport is used by one thread.
#ifndef ADMON_CRAWLER_TRANSPORT_H_
#define ADMON_CRAWLER_TRANSPORT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "store/captures.h"

namespace admon::crawler {

struct FetchRequest {
  uint64_t id = 0;                 // caller's token, echoed in the result
  std::string url;                 // absolute http(s) URL
  std::string method = "GET";      // GET or POST
  std::string post_body;           // application/x-www-form-urlencoded, POST only
  store::HeaderList headers;       // extra request headers
  std::string user_agent;
  std::string cookie;              // "name=value" added to the Cookie header ("" = none); secret
  std::string cookie_jar;          // requests with the same jar share cookies (per site)
  std::string proxy;               // "" = direct; secret
  bool allow_private_addresses = false;  // SSRF guard off (loopback test sites only)
  absl::Duration connect_timeout = absl::Seconds(10);
  absl::Duration timeout = absl::Seconds(60);
  int64_t low_speed_limit = 100;   // bytes/s
  absl::Duration low_speed_time = absl::Seconds(20);
  uint64_t max_body = 8u << 20;    // bytes; beyond this the transfer is aborted ("oversize")
  // Oversize: false refuses at once when Content-Length announces more than
  // max_body (empty body, no bandwidth spent); true reads and keeps the first
  // max_body bytes (robots.txt: RFC 9309 2.5 parses the first 500 KiB).
  bool keep_prefix = false;
};

struct FetchResult {
  uint64_t id = 0;
  std::string url;
  int status = 0;                  // 0: no HTTP response (see error)
  store::HeaderList headers;       // of the final response (after any 1xx)
  std::string body;                // decoded (Content-Encoding removed)
  std::string error;               // "", "oversize", "timeout", "blocked_private_address", "network: ..."
                                   // (malformed responses curl accepts, e.g. Content-Length "12abc", are "network: ...")
  bool truncated = false;
  store::HeaderList request_headers;  // as sent (unredacted; the store redacts)
  std::string ip;
  std::string content_type;
  absl::Time end;                  // when the response completed (transport clock)
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual void Start(FetchRequest request) = 0;
  // Waits up to `max_wait` for at least one completion (returns early when one
  // completes) and returns every completed request.
  virtual std::vector<FetchResult> Wait(absl::Duration max_wait) = 0;
  virtual size_t in_flight() const = 0;
};

std::unique_ptr<Transport> NewCurlTransport();

// Value of the first header named `name` (case-insensitive), or "".
std::string FindHeader(const store::HeaderList& headers, std::string_view name);

}  // namespace admon::crawler

#endif  // ADMON_CRAWLER_TRANSPORT_H_
