// Copyright 2026 The admon Authors.
//
// Per-host politeness state machine, driven by the caller's clock (tests use
// FakeClock). The crawler asks NextStart() before starting a request and
// reports OnStart()/OnFinish(). Rules:
//   - at most max_connections requests in flight to the host;
//   - a request starts no earlier than `delay` after the END of the previous
//     response, delay = max(min_delay, min(robots Crawl-delay, crawl_delay_cap));
//   - Retry-After (429/503) pushes the next start out (capped at max_retry_after);
//   - 5xx / network errors back off exponentially with +-50% jitter;
//   - after max_consecutive_failures the host is paused for failure_pause;
//   - at most daily_budget requests per London day.
//
// Thread safety: not thread safe (one crawler loop owns it).
#ifndef ADMON_CRAWLER_POLITENESS_H_
#define ADMON_CRAWLER_POLITENESS_H_

#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "absl/time/time.h"

namespace admon::crawler {

struct PolitenessOptions {
  bool enabled = true;                                  // false: only max_connections (benchmarks)
  absl::Duration min_delay = absl::Seconds(1);          // from end of previous response
  int64_t max_connections = 1;                          // in flight per host
  int64_t daily_budget = 50000;                         // requests per host per London day
  absl::Duration crawl_delay_cap = absl::Seconds(30);   // robots Crawl-delay honoured up to this
  absl::Duration backoff_base = absl::Seconds(2);       // first backoff after a failure
  absl::Duration backoff_max = absl::Minutes(10);       // backoff ceiling
  absl::Duration max_retry_after = absl::Hours(1);      // longer Retry-After pauses the host this long
  int64_t max_consecutive_failures = 5;                 // then the host is paused
  absl::Duration failure_pause = absl::Minutes(30);     // pause length
};

class HostPoliteness {
 public:
  HostPoliteness(const PolitenessOptions& options, uint64_t seed);

  // Earliest time the next request may start; InfiniteFuture when the
  // daily budget is spent or all connections are busy (wait for a finish).
  absl::Time NextStart(absl::Time now) const;
  bool CanStart(absl::Time now) const { return NextStart(now) <= now; }
  // Records a request start. Returns false (and counts a violation) if the
  // start broke the rules above: a self-check, so crawl health can show the
  // crawler's own count beside what the site saw (it must stay 0).
  bool OnStart(absl::Time now);
  // `status` 0 = network error. `retry_after` from the response, if any.
  void OnFinish(absl::Time now, int status, std::optional<absl::Duration> retry_after);
  void SetCrawlDelay(std::optional<absl::Duration> delay);
  // Requests already spent today (persisted by the caller).
  void SetBudgetUsed(const std::string& day, int64_t used);

  absl::Duration EffectiveDelay() const;
  bool paused(absl::Time now) const { return paused_until_ > now; }
  bool budget_exhausted() const { return budget_used_ >= options_.daily_budget; }
  int64_t in_flight() const { return in_flight_; }
  int64_t consecutive_failures() const { return consecutive_failures_; }
  const std::string& budget_day() const { return budget_day_; }
  int64_t budget_used() const { return budget_used_; }
  int64_t violations() const { return violations_; }  // starts that broke the rules (count)

 private:
  PolitenessOptions options_;
  std::mt19937_64 rng_;
  std::optional<absl::Duration> crawl_delay_;
  int64_t in_flight_ = 0;
  absl::Time last_end_ = absl::InfinitePast();
  absl::Time not_before_ = absl::InfinitePast();  // backoff / Retry-After
  absl::Time paused_until_ = absl::InfinitePast();
  int64_t consecutive_failures_ = 0;
  std::string budget_day_;
  int64_t budget_used_ = 0;
  int64_t violations_ = 0;
};

// Parses Retry-After (delta-seconds or HTTP-date) relative to `now`.
std::optional<absl::Duration> ParseRetryAfter(std::string_view value, absl::Time now);

}  // namespace admon::crawler

#endif  // ADMON_CRAWLER_POLITENESS_H_
