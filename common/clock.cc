// Copyright 2026 The admon Authors.
#include "common/clock.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace admon {
namespace {

class RealClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

const absl::TimeZone& London() {
  static const absl::TimeZone* tz = [] {
    auto* zone = new absl::TimeZone;
    // Falls back to UTC when tzdata is missing; the report says which.
    if (!absl::LoadTimeZone("Europe/London", zone)) *zone = absl::UTCTimeZone();
    return zone;
  }();
  return *tz;
}

}  // namespace

Clock* Clock::Real() {
  static RealClock* clock = new RealClock;
  return clock;
}

absl::Time FakeClock::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

void FakeClock::Advance(absl::Duration d) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ += d;
}

void FakeClock::Set(absl::Time t) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ = t;
}

std::string LondonDate(absl::Time t) { return absl::FormatTime("%Y-%m-%d", t, London()); }

absl::StatusOr<absl::Time> ParseLondonDate(std::string_view date) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%Y-%m-%d", std::string(date), London(), &t, &err)) {
    return absl::InvalidArgumentError(
        absl::StrCat("date \"", AV(date), "\": expected YYYY-MM-DD (", err, ")"));
  }
  return t;
}

absl::StatusOr<absl::Duration> ShiftToLondonDate(std::string_view date, absl::Time now) {
  ADMON_ASSIGN_OR_RETURN(absl::Time day, ParseLondonDate(date));
  ADMON_ASSIGN_OR_RETURN(absl::Time today, ParseLondonDate(LondonDate(now)));
  return day - today;
}

std::string FormatUtc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

absl::StatusOr<absl::Time> ParseUtc(std::string_view text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &err)) {
    return absl::InvalidArgumentError(absl::StrCat("time \"", AV(text), "\": ", err));
  }
  return t;
}

}  // namespace admon
