// Copyright 2026 The admon Authors.
//
// Error handling helpers. Errors are values: absl::Status / absl::StatusOr<T>
// with the subject (URL, path, key, rule id) in the message.
//
// Thread safety: all functions are pure.
#ifndef ADMON_COMMON_STATUS_H_
#define ADMON_COMMON_STATUS_H_

#include <cerrno>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace admon {

// Debian 12's Abseil is built with its own absl::string_view, which is NOT
// std::string_view: absl::StrCat and friends do not accept std::string_view.
// Convert at the boundary with AV() / SV().
inline absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view SV(absl::string_view s) { return std::string_view(s.data(), s.size()); }

// Returns `status` with "`subject`: " prepended to its message, keeping the
// code. An OK status is returned unchanged.
absl::Status Annotate(const absl::Status& status, std::string_view subject);

// Maps an errno value to a Status naming `subject` (e.g. a path),
// e.g. ENOENT -> NotFound("/x: No such file or directory").
absl::Status ErrnoToStatus(int err, std::string_view subject);

}  // namespace admon

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define ADMON_RETURN_IF_ERROR(expr)                  \
  do {                                               \
    ::absl::Status admon_status_ = (expr);           \
    if (!admon_status_.ok()) return admon_status_;   \
  } while (0)

#define ADMON_CONCAT_INNER_(a, b) a##b
#define ADMON_CONCAT_(a, b) ADMON_CONCAT_INNER_(a, b)

// ADMON_ASSIGN_OR_RETURN(auto x, StatusOrExpr()): assigns the value or
// returns the error from the enclosing function.
#define ADMON_ASSIGN_OR_RETURN(lhs, expr) \
  ADMON_ASSIGN_OR_RETURN_IMPL_(ADMON_CONCAT_(admon_statusor_, __LINE__), lhs, expr)
#define ADMON_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

#endif  // ADMON_COMMON_STATUS_H_
