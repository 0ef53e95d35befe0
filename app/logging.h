// Copyright 2026 The admon Authors.
//
// spdlog to stderr: human-readable by default, one JSON object per line with
// --log-format json. Modules log through spdlog's default logger.
#ifndef ADMON_APP_LOGGING_H_
#define ADMON_APP_LOGGING_H_

#include <string>

namespace admon::app {

// REQUIRES: level in {trace, debug, info, warn, error, off}; format in {text, json}.
void SetUpLogging(const std::string& level, const std::string& format);

}  // namespace admon::app

#endif  // ADMON_APP_LOGGING_H_
