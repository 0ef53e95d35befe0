// Copyright 2026 The admon Authors.
//
// Small filesystem helpers. Everything admon writes (databases, reports,
// referrals, exports) is sensitive personal data: files are created 0600 and
// directories 0700.
#ifndef ADMON_COMMON_FILES_H_
#define ADMON_COMMON_FILES_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace admon {

// Reads a whole file. REQUIRES: the file is at most `max_bytes` long, else
// ResourceExhausted naming the path.
absl::StatusOr<std::string> ReadFile(const std::string& path, size_t max_bytes = size_t{1} << 30);

// Writes `contents` to `path` atomically (temp file + rename) with mode 0600.
absl::Status WriteFileOwnerOnly(const std::string& path, std::string_view contents);

// Creates `path` and missing parents with mode 0700. OK if it exists.
absl::Status MakeDirsOwnerOnly(const std::string& path);

}  // namespace admon

#endif  // ADMON_COMMON_FILES_H_
