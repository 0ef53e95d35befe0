// Copyright 2026 The admon Authors.
//
// `admon version`: admon's version and build type, and the versions of the
// libraries that shape its results (so a report can be reproduced).
#include <curl/curl.h>

#include <cstdio>
#include <string>

#include "app/command.h"
#include "opencv2/core/version.hpp"
#include "rocksdb/version.h"
#include "spdlog/version.h"

namespace admon::app {
namespace {

absl::Status RunVersion() {
  const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
  std::printf("admon %s (%s build)\n", ADMON_VERSION, ADMON_BUILD_TYPE);
  std::printf("  rocksdb         %d.%d.%d\n", ROCKSDB_MAJOR, ROCKSDB_MINOR, ROCKSDB_PATCH);
  std::printf("  libcurl         %s\n", curl->version);
  std::printf("  opencv          %s\n", CV_VERSION);
  std::printf("  re2             %s\n", ADMON_RE2_VERSION);
  std::printf("  gumbo           %s\n", ADMON_GUMBO_VERSION);
  std::printf("  libphonenumber  %s\n", ADMON_PHONENUMBER_VERSION);
  std::printf("  spdlog          %d.%d.%d\n", SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH);
  return absl::OkStatus();
}

void Register(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("version", "Print admon's version, build type and library versions");
  sub->callback([&ctx] { ctx.action = RunVersion; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
