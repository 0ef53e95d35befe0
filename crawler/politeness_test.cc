// Copyright 2026 The admon Authors.
#include "crawler/politeness.h"

#include "common/clock.h"
#include "gtest/gtest.h"

namespace admon::crawler {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1790000000);

PolitenessOptions Opts() {
  return PolitenessOptions{.min_delay = absl::Seconds(1), .max_connections = 1, .daily_budget = 100,
                           .crawl_delay_cap = absl::Seconds(30), .backoff_base = absl::Seconds(2),
                           .backoff_max = absl::Minutes(10), .max_consecutive_failures = 3,
                           .failure_pause = absl::Minutes(30)};
}

TEST(HostPolitenessTest, DelayIsMeasuredFromEndOfPreviousResponse) {
  FakeClock clock(kT0);
  HostPoliteness p(Opts(), 1);
  EXPECT_TRUE(p.CanStart(clock.Now()));
  p.OnStart(clock.Now());
  EXPECT_EQ(p.NextStart(clock.Now()), absl::InfiniteFuture());  // one connection busy
  clock.Advance(absl::Seconds(5));                               // slow response
  p.OnFinish(clock.Now(), 200, std::nullopt);
  EXPECT_EQ(p.NextStart(clock.Now()), kT0 + absl::Seconds(6));
  clock.Advance(absl::Milliseconds(999));
  EXPECT_FALSE(p.CanStart(clock.Now()));
  clock.Advance(absl::Milliseconds(1));
  EXPECT_TRUE(p.CanStart(clock.Now()));
}

TEST(HostPolitenessTest, StartBeforeDelayOrOverConnectionsCountsAsViolation) {
  HostPoliteness p(Opts(), 1);
  EXPECT_TRUE(p.OnStart(kT0));
  EXPECT_FALSE(p.OnStart(kT0));  // second connection while max_connections = 1
  p.OnFinish(kT0, 200, std::nullopt);
  p.OnFinish(kT0, 200, std::nullopt);
  EXPECT_FALSE(p.OnStart(kT0 + absl::Milliseconds(999)));  // delay is 1 s from the end
  p.OnFinish(kT0 + absl::Seconds(1), 200, std::nullopt);
  EXPECT_TRUE(p.OnStart(kT0 + absl::Seconds(2)));
  EXPECT_EQ(p.violations(), 2);
}

TEST(HostPolitenessTest, CrawlDelayHonouredUpToCap) {
  HostPoliteness p(Opts(), 1);
  p.SetCrawlDelay(absl::Seconds(10));
  EXPECT_EQ(p.EffectiveDelay(), absl::Seconds(10));
  p.SetCrawlDelay(absl::Seconds(120));
  EXPECT_EQ(p.EffectiveDelay(), absl::Seconds(30));
  p.SetCrawlDelay(absl::Milliseconds(100));
  EXPECT_EQ(p.EffectiveDelay(), absl::Seconds(1));  // never below min_delay
}

TEST(HostPolitenessTest, MaxConnections) {
  PolitenessOptions o = Opts();
  o.max_connections = 2;
  o.min_delay = absl::ZeroDuration();
  HostPoliteness p(o, 1);
  p.OnStart(kT0);
  EXPECT_TRUE(p.CanStart(kT0));
  p.OnStart(kT0);
  EXPECT_FALSE(p.CanStart(kT0));
  p.OnFinish(kT0, 200, std::nullopt);
  EXPECT_TRUE(p.CanStart(kT0));
}

TEST(HostPolitenessTest, RetryAfterIsHonoured) {
  HostPoliteness p(Opts(), 1);
  p.OnStart(kT0);
  p.OnFinish(kT0, 429, absl::Seconds(120));
  EXPECT_EQ(p.NextStart(kT0), kT0 + absl::Seconds(120));
}

TEST(HostPolitenessTest, ExponentialBackoffWithJitterThenPause) {
  HostPoliteness p(Opts(), 7);
  absl::Time t = kT0;
  absl::Duration prev_center = absl::ZeroDuration();
  for (int i = 1; i <= 2; ++i) {
    p.OnStart(t);
    p.OnFinish(t, 503, std::nullopt);
    absl::Duration wait = p.NextStart(t) - t;
    absl::Duration center = absl::Seconds(2) * (1 << (i - 1));
    EXPECT_GE(wait, center * 0.5) << i;
    EXPECT_LE(wait, center * 1.5) << i;
    EXPECT_GT(center, prev_center);
    prev_center = center;
    t = p.NextStart(t);
  }
  p.OnStart(t);
  p.OnFinish(t, 0, std::nullopt);  // third consecutive failure
  EXPECT_TRUE(p.paused(t));
  EXPECT_GE(p.NextStart(t), t + absl::Minutes(30));
}

TEST(HostPolitenessTest, SuccessResetsFailures) {
  HostPoliteness p(Opts(), 1);
  p.OnStart(kT0);
  p.OnFinish(kT0, 500, std::nullopt);
  EXPECT_EQ(p.consecutive_failures(), 1);
  p.OnStart(kT0);
  p.OnFinish(kT0, 200, std::nullopt);
  EXPECT_EQ(p.consecutive_failures(), 0);
}

TEST(HostPolitenessTest, DailyBudget) {
  PolitenessOptions o = Opts();
  o.daily_budget = 2;
  o.min_delay = absl::ZeroDuration();
  HostPoliteness p(o, 1);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(p.CanStart(kT0));
    p.OnStart(kT0);
    p.OnFinish(kT0, 200, std::nullopt);
  }
  EXPECT_EQ(p.NextStart(kT0), absl::InfiniteFuture());
  EXPECT_TRUE(p.CanStart(kT0 + absl::Hours(24)));  // next London day
}

TEST(ParseRetryAfterTest, SecondsAndHttpDate) {
  absl::Time now = absl::FromUnixSeconds(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT
  EXPECT_EQ(*ParseRetryAfter("120", now), absl::Seconds(120));
  EXPECT_EQ(*ParseRetryAfter("Wed, 21 Oct 2015 07:29:00 GMT", now), absl::Seconds(60));
  EXPECT_FALSE(ParseRetryAfter("soon", now).has_value());
}

}  // namespace
}  // namespace admon::crawler
