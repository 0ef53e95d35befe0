// Copyright 2026 The admon Authors.
//
// The monitoring crawler: one event loop drives every configured site in
// parallel through a Transport (libcurl multi by default), with per-host
// queues and politeness (crawler/politeness.h), robots.txt (crawler/robots.h),
// redirects checked hop by hop, and a frontier persisted in the same
// WriteBatch as each capture (crawler/frontier.h), so a crash loses nothing
// and a restart does not refetch stored pages before their recrawl time.
//
// Cycle semantics (RunOnce): every listing due now, every new or due advert
// (and its new images), then return. Adverts answering 404/410, or missing
// from every listing page of a complete listing pass, are marked removed.
//
// Usage:
//   auto crawler = Crawler::Create(sites, db, {.once = true, .on_capture = fn});
//   auto summaries = (*crawler)->Run();
//
// Thread safety: Run() is called from one thread; `stop` may be set from any
// thread or a signal handler. on_capture runs on the crawl thread after the
// capture is durably written (keep it short, or hand off to a queue).
#ifndef ADMON_CRAWLER_CRAWLER_H_
#define ADMON_CRAWLER_CRAWLER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "config/sites.h"
#include "crawler/transport.h"
#include "store/captures.h"
#include "store/db.h"

namespace admon::crawler {

// What the crawler tells on_capture beyond the capture itself.
struct CaptureNote {
  // Advert pages: the page's images queued for this cycle and not yet stored,
  // as canonical URLs (the `url` their own captures will carry). Each comes
  // through on_capture later unless its fetch fails or is refused (robots,
  // budget, a paused host, stop). New images are fetched ahead of other new
  // adverts, so they follow their page closely.
  std::vector<std::string> images_queued;
};

struct CrawlOptions {
  bool once = true;                              // one cycle, then return
  absl::Duration run_for = absl::ZeroDuration();  // !once: stop after this long (0 = until `stop`)
  // After each stored capture, on the crawl thread.
  std::function<void(const store::Capture&, const CaptureNote&)> on_capture = nullptr;
  std::atomic<bool>* stop = nullptr;             // set => finish in-flight requests and return
  bool politeness = true;                        // false: no delays (benchmarks on loopback only)
  absl::Duration backoff_base = absl::Seconds(2);  // first retry delay after 5xx / network error
  int max_attempts = 3;                          // per URL per cycle (first try + retries)
  int64_t max_consecutive_failures = 5;          // per host, then paused for the rest of the cycle
  absl::Duration robots_expiry = absl::Hours(24);       // robots.txt cache lifetime
  absl::Duration robots_error_retry = absl::Hours(1);   // 5xx / unreachable robots: disallow for this long
  absl::Duration max_host_wait = absl::Minutes(10);  // a host asking for a longer wait is left for later
  int max_sitemaps_per_host = 20;                // sitemap files (index children included) per run
  absl::Duration progress_interval = absl::Seconds(10);  // off-TTY progress log period (0 = none)
  bool progress_tty = false;                     // live per-site status line on stderr
  Clock* clock = Clock::Real();                  // capture timestamps and scheduling
};

struct CrawlSummary {
  std::string site;
  int64_t fetched = 0;         // HTTP responses received (robots/sitemaps included)
  int64_t new_copies = 0;      // pages stored for the first time
  int64_t changed = 0;         // new copy of a page with a different body
  int64_t seen_again = 0;      // unchanged (sha256 or 304)
  int64_t removed = 0;         // adverts marked removed
  int64_t errors = 0;          // failed after retries, blocked redirects, oversize...
  int64_t retries = 0;
  int64_t bytes = 0;           // body bytes received
  int64_t robots_blocked = 0;  // URLs not fetched because robots.txt disallows them
  int64_t politeness_waits = 0;  // times a ready request waited for its host's delay
  int64_t politeness_violations = 0;  // starts that broke the host's rules (self-check; must be 0)
  int64_t queued = 0;          // still queued when the run ended
};
std::ostream& operator<<(std::ostream& os, const CrawlSummary& s);

class Crawler {
 public:
  // REQUIRES: `db` outlives the crawler. `transport` null => libcurl.
  static absl::StatusOr<std::unique_ptr<Crawler>> Create(const config::SitesConfig& sites, store::Db* db,
                                                          CrawlOptions options,
                                                          std::unique_ptr<Transport> transport = nullptr);
  ~Crawler();
  // Runs one cycle (options.once) or cycles until run_for / stop. Returns one
  // summary per site, in config order.
  absl::StatusOr<std::vector<CrawlSummary>> Run();

  class Impl;

 private:
  explicit Crawler(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace admon::crawler

#endif  // ADMON_CRAWLER_CRAWLER_H_
