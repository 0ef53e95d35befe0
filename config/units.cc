// Copyright 2026 The admon Authors.
#include "config/units.h"

#include <cctype>
#include <cmath>
#include <limits>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace admon::config {
namespace {

std::string_view Strip(std::string_view s) { return SV(absl::StripAsciiWhitespace(AV(s))); }

absl::Status DurationError(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("expected a duration like \"2s\", \"500ms\" or \"1h30m\", got \"", AV(text), "\" (", AV(why), ")"));
}

// Reads an unsigned decimal number (digits with at most one '.') at `pos`.
bool ReadNumber(std::string_view s, size_t* pos, double* out, bool* had_fraction) {
  size_t start = *pos;
  bool dot = false;
  while (*pos < s.size() && (std::isdigit(static_cast<unsigned char>(s[*pos])) || (s[*pos] == '.' && !dot))) {
    if (s[*pos] == '.') dot = true;
    ++*pos;
  }
  if (*pos == start || s.substr(start, *pos - start) == ".") return false;
  if (!absl::SimpleAtod(AV(s.substr(start, *pos - start)), out)) return false;
  *had_fraction = dot;
  return true;
}

}  // namespace

absl::StatusOr<absl::Duration> ParseDuration(std::string_view text) {
  std::string_view s = Strip(text);
  if (s.empty()) return DurationError(text, "empty");
  if (s == "0") return absl::ZeroDuration();
  if (s[0] == '-') return DurationError(text, "negative");
  struct Unit {
    std::string_view name;
    absl::Duration size;
  };
  static constexpr int kUnits = 6;
  const Unit units[kUnits] = {{"w", absl::Hours(24 * 7)}, {"d", absl::Hours(24)}, {"h", absl::Hours(1)},
                              {"m", absl::Minutes(1)},    {"s", absl::Seconds(1)}, {"ms", absl::Milliseconds(1)}};
  absl::Duration total = absl::ZeroDuration();
  int last_unit = -1;
  size_t pos = 0;
  while (pos < s.size()) {
    double value = 0;
    bool fraction = false;
    if (!ReadNumber(s, &pos, &value, &fraction)) return DurationError(text, "missing number");
    size_t ustart = pos;
    while (pos < s.size() && std::isalpha(static_cast<unsigned char>(s[pos]))) ++pos;
    std::string_view unit = s.substr(ustart, pos - ustart);
    if (unit.empty()) return DurationError(text, "missing unit");
    int idx = -1;
    for (int i = 0; i < kUnits; ++i) {
      if (units[i].name == unit) idx = i;
    }
    if (idx < 0) return DurationError(text, absl::StrCat("unknown unit \"", AV(unit), "\""));
    if (idx <= last_unit) return DurationError(text, "units out of order or repeated");
    last_unit = idx;
    if (value > 1e12) return DurationError(text, "too large");
    total += value * units[idx].size;
  }
  if (total > absl::Hours(24 * 365 * 100)) return DurationError(text, "longer than 100 years");
  return total;
}

std::string DurationToString(absl::Duration d) {
  if (d == absl::ZeroDuration()) return "0s";
  std::string out;
  if (d < absl::ZeroDuration()) {
    out = "-";
    d = -d;
  }
  const std::pair<const char*, absl::Duration> units[] = {{"d", absl::Hours(24)}, {"h", absl::Hours(1)},
                                                          {"m", absl::Minutes(1)}, {"s", absl::Seconds(1)},
                                                          {"ms", absl::Milliseconds(1)}};
  for (const auto& [name, size] : units) {
    int64_t n = absl::IDivDuration(d, size, &d);
    if (n > 0) absl::StrAppend(&out, n, name);
  }
  if (d > absl::ZeroDuration()) absl::StrAppend(&out, absl::ToInt64Microseconds(d), "us");
  return out;
}

absl::StatusOr<uint64_t> ParseByteSize(std::string_view text) {
  std::string_view s = Strip(text);
  auto error = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a size like \"512KiB\", \"8MiB\" or \"10MB\", got \"", AV(text), "\" (", AV(why), ")"));
  };
  if (s.empty()) return error("empty");
  if (s[0] == '-') return error("negative");
  size_t pos = 0;
  double value = 0;
  bool fraction = false;
  if (!ReadNumber(s, &pos, &value, &fraction)) return error("missing number");
  std::string_view unit = Strip(s.substr(pos));
  struct Unit {
    std::string_view name;
    double size;
  };
  static constexpr Unit kUnits[] = {{"", 1},          {"B", 1},           {"KB", 1e3},
                                    {"MB", 1e6},      {"GB", 1e9},        {"TB", 1e12},
                                    {"KiB", 1024.0},  {"MiB", 1048576.0}, {"GiB", 1073741824.0},
                                    {"TiB", 1099511627776.0}};
  for (const auto& u : kUnits) {
    if (u.name != unit) continue;
    if (u.name.empty() && fraction) return error("fractional bytes");
    double bytes = value * u.size;
    if (bytes >= 9.2e18) return error("too large");
    return static_cast<uint64_t>(std::floor(bytes));
  }
  return error(absl::StrCat("unknown unit \"", AV(unit), "\""));
}

absl::StatusOr<double> ParseRate(std::string_view text) {
  std::string_view s = Strip(text);
  auto error = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a rate like \"2/s\", \"30/min\" or \"20000/day\", got \"", AV(text), "\" (", AV(why), ")"));
  };
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return error("missing \"/unit\"");
  double count = 0;
  if (!absl::SimpleAtod(AV(Strip(s.substr(0, slash))), &count) || !std::isfinite(count)) {
    return error("missing number");
  }
  if (count < 0) return error("negative");
  std::string_view unit = Strip(s.substr(slash + 1));
  double seconds = 0;
  if (unit == "s" || unit == "sec") seconds = 1;
  else if (unit == "min" || unit == "m") seconds = 60;
  else if (unit == "h" || unit == "hour") seconds = 3600;
  else if (unit == "day" || unit == "d") seconds = 86400;
  else return error(absl::StrCat("unknown unit \"", AV(unit), "\""));
  return count / seconds;
}

}  // namespace admon::config
