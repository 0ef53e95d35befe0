// Copyright 2026 The admon Authors.
#include "crawler/politeness.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "common/clock.h"
#include "common/status.h"

namespace admon::crawler {

HostPoliteness::HostPoliteness(const PolitenessOptions& options, uint64_t seed) : options_(options), rng_(seed) {}

absl::Duration HostPoliteness::EffectiveDelay() const {
  if (!options_.enabled) return absl::ZeroDuration();
  absl::Duration d = options_.min_delay;
  if (crawl_delay_) d = std::max(d, std::min(*crawl_delay_, options_.crawl_delay_cap));
  return d;
}

absl::Time HostPoliteness::NextStart(absl::Time now) const {
  if (in_flight_ >= options_.max_connections) return absl::InfiniteFuture();
  if (budget_used_ >= options_.daily_budget && budget_day_ == LondonDate(now)) return absl::InfiniteFuture();
  absl::Time t = now;
  if (options_.enabled) {
    if (last_end_ != absl::InfinitePast()) t = std::max(t, last_end_ + EffectiveDelay());
    t = std::max({t, not_before_, paused_until_});
  }
  return t;
}

bool HostPoliteness::OnStart(absl::Time now) {
  bool polite = in_flight_ < options_.max_connections;
  if (options_.enabled) {
    polite = polite && now >= not_before_ && now >= paused_until_;
    if (last_end_ != absl::InfinitePast()) polite = polite && now >= last_end_ + EffectiveDelay();
  }
  if (!polite) ++violations_;
  ++in_flight_;
  std::string day = LondonDate(now);
  if (day != budget_day_) {
    budget_day_ = day;
    budget_used_ = 0;
  }
  ++budget_used_;
  return polite;
}

void HostPoliteness::OnFinish(absl::Time now, int status, std::optional<absl::Duration> retry_after) {
  if (in_flight_ > 0) --in_flight_;
  last_end_ = std::max(last_end_, now);
  bool failure = status == 0 || status >= 500 || status == 429;
  if (!failure) {
    consecutive_failures_ = 0;
    return;
  }
  ++consecutive_failures_;
  if (retry_after && (status == 429 || status == 503)) {
    if (*retry_after > options_.max_retry_after) {
      paused_until_ = now + options_.max_retry_after;
    } else {
      not_before_ = std::max(not_before_, now + *retry_after);
    }
  } else {
    absl::Duration backoff = options_.backoff_base;
    for (int64_t i = 1; i < consecutive_failures_ && backoff < options_.backoff_max; ++i) backoff *= 2;
    backoff = std::min(backoff, options_.backoff_max);
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    not_before_ = std::max(not_before_, now + backoff * jitter(rng_));
  }
  if (consecutive_failures_ >= options_.max_consecutive_failures) paused_until_ = now + options_.failure_pause;
}

void HostPoliteness::SetCrawlDelay(std::optional<absl::Duration> delay) { crawl_delay_ = delay; }

void HostPoliteness::SetBudgetUsed(const std::string& day, int64_t used) {
  budget_day_ = day;
  budget_used_ = used;
}

std::optional<absl::Duration> ParseRetryAfter(std::string_view value, absl::Time now) {
  std::string v(absl::StripAsciiWhitespace(AV(value)));
  int64_t seconds = 0;
  if (absl::SimpleAtoi(v, &seconds)) {
    if (seconds < 0) return std::nullopt;
    return absl::Seconds(seconds);
  }
  absl::Time t;
  std::string err;
  if (absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", v, &t, &err)) return std::max(absl::ZeroDuration(), t - now);
  return std::nullopt;
}

}  // namespace admon::crawler
