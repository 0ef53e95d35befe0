// Copyright 2026 The admon Authors.
#include "common/status.h"

#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"

namespace admon {

absl::Status Annotate(const absl::Status& status, std::string_view subject) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(AV(subject), ": ", status.message()));
}

absl::Status ErrnoToStatus(int err, std::string_view subject) {
  std::string msg = absl::StrCat(AV(subject), ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(msg);
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::PermissionDeniedError(msg);
    case EEXIST:
      return absl::AlreadyExistsError(msg);
    case ENOSPC:
    case EDQUOT:
      return absl::ResourceExhaustedError(msg);
    case EAGAIN:
    case EBUSY:
      return absl::UnavailableError(msg);
    default:
      return absl::InternalError(msg);
  }
}

}  // namespace admon
