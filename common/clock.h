// Copyright 2026 The admon Authors.
//
// Time behind a small interface so tests control it and never sleep.
// Times are absl::Time (UTC instants); "days" for reports are Europe/London.
#ifndef ADMON_COMMON_CLOCK_H_
#define ADMON_COMMON_CLOCK_H_

#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace admon {

// Thread safety: implementations must be safe to call from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
  // The process-wide real clock. Never null; not owned by the caller.
  static Clock* Real();
};

// A clock that only moves when told. Thread safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override;
  void Advance(absl::Duration d);
  void Set(absl::Time t);

 private:
  mutable std::mutex mu_;
  absl::Time now_;
};

// Real time shifted by a fixed offset: durations (politeness delays) stay
// real while dates move, for demos and tests that simulate days. Thread safe.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(absl::Duration offset) : offset_(offset) {}
  absl::Time Now() const override { return absl::Now() + offset_; }

 private:
  const absl::Duration offset_;
};

// Europe/London civil date of `t`, as "YYYY-MM-DD".
std::string LondonDate(absl::Time t);
// Parses "YYYY-MM-DD" as the start of that day in Europe/London.
absl::StatusOr<absl::Time> ParseLondonDate(std::string_view date);
// `--as-of DATE`: the shift that moves `now` onto the London date `date`
// ("YYYY-MM-DD"), i.e. from the start of now's London day to the start of
// that one. InvalidArgument naming the date if it does not parse.
absl::StatusOr<absl::Duration> ShiftToLondonDate(std::string_view date, absl::Time now);
// RFC 3339 UTC with seconds, e.g. "2026-11-23T18:34:58Z".
std::string FormatUtc(absl::Time t);
absl::StatusOr<absl::Time> ParseUtc(std::string_view text);

}  // namespace admon

#endif  // ADMON_COMMON_CLOCK_H_
