// Copyright 2026 The admon Authors.
//
// The loopback server of the test sites. Three sites (velvet, scarlet,
// nightowl), each its own host, render pages and images on request from the
// World (pages and images are pure functions of seed, advert and day), plus a
// control host with statistics, day advance and fault injection.
//
//   hosts_mode kIp   : site i on 127.0.0.(2+i):site_port (one port, three addresses)
//   hosts_mode kPort : site i on 127.0.0.1:site_port+i
//   control          : 127.0.0.1:port   GET /__stats  POST /__advance  POST /__faults  GET /__config
//
// Politeness: per (client address, site) the server measures from the END of
// the previous response to the START of the next request's handler. The end
// is when the handler returned for bodies up to 64 KB (written in one
// loopback write) and after the last byte was written for larger or streamed
// bodies: a stamp taken after write() can come milliseconds late on a loaded
// machine and would count polite requests as violations. A request that starts while another from the same
// client is still in flight, or less than crawl_delay - tolerance after the
// previous one ended, is a violation (counted; answered 429 + Retry-After when
// reject_violations). See docs/testsite.md.
//
// Ownership: Start() returns the only handle; destroying it stops the server.
// Thread safety: all public methods are safe to call from any thread.
#ifndef ADMON_TESTSITE_SERVER_H_
#define ADMON_TESTSITE_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "nlohmann/json.hpp"
#include "testsite/world.h"

namespace admon::testsite {

enum class HostsMode { kIp, kPort };

enum class FaultKind { k5xxBurst, kSlow, kReset, kTruncate, kRedirectLoop, k429 };
// "5xx_burst", "slow", "reset", "truncate", "redirect_loop", "429".
const char* FaultKindName(FaultKind k);
absl::StatusOr<FaultKind> ParseFaultKind(const std::string& name);

struct ServerOptions {
  std::string data_dir = {};  // corpus from `generate` (manifest.json); empty: use `world`
  WorldSpec world = {};       // used when data_dir is empty
  int port = 0;               // control port on 127.0.0.1; 0 picks a free port
  int day = 0;                // first simulated day served
  HostsMode hosts_mode = HostsMode::kIp;
  absl::Duration crawl_delay = absl::Milliseconds(10);  // robots.txt Crawl-delay and the violation threshold
  absl::Duration tolerance = absl::Milliseconds(2);     // slack before a short gap counts as a violation
  bool reject_violations = false;                       // answer violations with 429 + Retry-After
  absl::Duration slow_delay = absl::Seconds(2);         // how long the "slow" fault stalls a response
  // Site chrome added to every HTML page (ad-slot script, stylesheet, menu
  // of searches; no contact details), bytes. 0 = none: the pages are then
  // ~3.4 KB, lighter than real directories' 20-60 KB (benchmarks set it).
  int64_t page_chrome_bytes = 0;
  Clock* clock = nullptr;     // for politeness timing; null = Clock::Real(); not owned, must outlive the server
};

class Server {
 public:
  // Binds every host and starts serving. Errors name the address that failed.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // "http://127.0.0.2:18081", indexed by site (no trailing slash).
  const std::vector<std::string>& site_base_urls() const;
  // "http://127.0.0.1:18080".
  const std::string& control_url() const;
  const World& world() const;
  int day() const;

  // Moves to the next day. FailedPrecondition on the last day.
  absl::Status Advance();
  // The next `count` requests to `site` (config name) fail with `kind`.
  absl::Status InjectFault(const std::string& site, FaultKind kind, int count);
  // Overall and per-site counters (format in docs/testsite.md).
  nlohmann::json Stats() const;
  // A sites.yaml (config/sites.yaml schema) for the running sites.
  std::string SitesYaml() const;

  // Stops all hosts and joins their threads. Idempotent.
  void Stop();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// sites.yaml text for sites at `base_urls` (indexed by site) whose robots.txt
// says `crawl_delay`; politeness.min_delay is at least the crawl delay.
std::string MakeSitesYaml(const std::vector<std::string>& base_urls, absl::Duration crawl_delay);

}  // namespace admon::testsite

#endif  // ADMON_TESTSITE_SERVER_H_
