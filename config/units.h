// Copyright 2026 The admon Authors.
//
// The one parser each for durations, byte sizes and rates used in
// configuration and on the command line. All are strict: no negative values,
// no missing units (except a bare "0"), no trailing junk, no overflow.
#ifndef ADMON_CONFIG_UNITS_H_
#define ADMON_CONFIG_UNITS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace admon::config {

// "250ms", "2s", "1m30s", "2h", "1d", "90d", "1w"; units ms s m h d w.
// Components must be in decreasing unit order and not repeat.
absl::StatusOr<absl::Duration> ParseDuration(std::string_view text);
// Shortest exact form, e.g. "1h30m", "500ms", "0s".
std::string DurationToString(absl::Duration d);

// "512", "512B", "64KiB", "8MiB", "1GiB", "10KB", "5MB", "2GB" (KB/MB/GB are
// decimal, KiB/MiB/GiB binary). Fractions like "1.5MiB" are accepted and
// rounded down to whole bytes. Result is in bytes.
absl::StatusOr<uint64_t> ParseByteSize(std::string_view text);

// "2/s", "30/min", "100/h", "20000/day": events per second.
absl::StatusOr<double> ParseRate(std::string_view text);

}  // namespace admon::config

#endif  // ADMON_CONFIG_UNITS_H_
