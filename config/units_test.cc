// Copyright 2026 The admon Authors.
#include "config/units.h"

#include "gtest/gtest.h"

namespace admon::config {
namespace {

TEST(ParseDuration, AcceptsEveryUnitAndCompounds) {
  EXPECT_EQ(*ParseDuration("250ms"), absl::Milliseconds(250));
  EXPECT_EQ(*ParseDuration("2s"), absl::Seconds(2));
  EXPECT_EQ(*ParseDuration("1m30s"), absl::Seconds(90));
  EXPECT_EQ(*ParseDuration("2h"), absl::Hours(2));
  EXPECT_EQ(*ParseDuration("90d"), absl::Hours(24 * 90));
  EXPECT_EQ(*ParseDuration("1w"), absl::Hours(24 * 7));
  EXPECT_EQ(*ParseDuration("1.5s"), absl::Milliseconds(1500));
  EXPECT_EQ(*ParseDuration(" 0 "), absl::ZeroDuration());
  EXPECT_EQ(*ParseDuration("0s"), absl::ZeroDuration());
}

TEST(ParseDuration, RejectsAmbiguousOrBrokenInput) {
  for (const char* bad : {"", "2", "10 seconds", "-1s", "s", "1s2h", "1h1h", "2x", "1.2.3s", "999999999999999d"}) {
    auto d = ParseDuration(bad);
    EXPECT_FALSE(d.ok()) << bad;
    if (!d.ok()) {
      EXPECT_NE(d.status().message().find("expected a duration like \"2s\""), std::string::npos);
    }
  }
}

TEST(DurationToString, RoundTrips) {
  for (const char* s : {"1h30m", "500ms", "2d", "0s", "1m5s"}) {
    EXPECT_EQ(DurationToString(*ParseDuration(s)), s);
  }
}

TEST(ParseByteSize, DecimalAndBinaryUnits) {
  EXPECT_EQ(*ParseByteSize("512"), 512u);
  EXPECT_EQ(*ParseByteSize("512B"), 512u);
  EXPECT_EQ(*ParseByteSize("64KiB"), 65536u);
  EXPECT_EQ(*ParseByteSize("8MiB"), 8u << 20);
  EXPECT_EQ(*ParseByteSize("10MB"), 10000000u);
  EXPECT_EQ(*ParseByteSize("1GiB"), 1u << 30);
  EXPECT_EQ(*ParseByteSize("1.5KiB"), 1536u);
  EXPECT_EQ(*ParseByteSize("0"), 0u);
}

TEST(ParseByteSize, RejectsBrokenInput) {
  for (const char* bad : {"", "-1MB", "MB", "10mb", "1.5", "12 parsecs", "99999999999TB"}) {
    EXPECT_FALSE(ParseByteSize(bad).ok()) << bad;
  }
}

TEST(ParseRate, PerSecond) {
  EXPECT_DOUBLE_EQ(*ParseRate("2/s"), 2.0);
  EXPECT_DOUBLE_EQ(*ParseRate("30/min"), 0.5);
  EXPECT_DOUBLE_EQ(*ParseRate("3600/h"), 1.0);
  EXPECT_DOUBLE_EQ(*ParseRate("86400/day"), 1.0);
  for (const char* bad : {"2", "/s", "2/fortnight", "-1/s", "x/s"}) EXPECT_FALSE(ParseRate(bad).ok()) << bad;
}

}  // namespace
}  // namespace admon::config
