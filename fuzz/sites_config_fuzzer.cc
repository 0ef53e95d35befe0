// Copyright 2026 The admon Authors.
//
// Fuzz target: config loading (config/sites.h ParseSitesConfig, the
// from-text half of LoadSitesConfig: yaml-cpp via config/yaml.h, units,
// RE2 patterns, URLs). Errors are fine; crashes, UB, leaks and hangs are not.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/sites.h"

namespace {

// 64 KiB: sites.yaml is a few KB; yaml-cpp's recursive parser is bounded by
// input size, so this also bounds nesting depth.
constexpr size_t kMaxInputBytes = 64u << 10;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return -1;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = admon::config::ParseSitesConfig(text, "fuzz.yaml");
  if (config.ok() && !config->sites.empty()) (void)config->Find(config->sites.front().name);
  return 0;
}
