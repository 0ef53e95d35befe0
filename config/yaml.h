// Copyright 2026 The admon Authors.
//
// The one adapter around yaml-cpp (which throws). A YAML document becomes an
// owned, immutable tree of `Node`s carrying 1-based line numbers, so every
// configuration error can name file, line and key.
//
// Thread safety: a loaded tree is immutable and may be shared between threads.
#ifndef ADMON_CONFIG_YAML_H_
#define ADMON_CONFIG_YAML_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace admon::config {

struct Node {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  // Declared so clang with libstdc++ does not instantiate pair<string, Node>
  // (in `entries`) while Node is still incomplete (clang builds: scripts/fuzz).
  Node() = default;
  Kind kind = Kind::kNull;
  int line = 0;                                        // 1-based; 0 if unknown
  std::string scalar;                                  // kScalar only
  std::vector<Node> items;                             // kSequence only
  std::vector<std::pair<std::string, Node>> entries;   // kMap only, in file order

  // Returns the map entry for `key`, or nullptr. REQUIRES: nothing (null for non-maps).
  const Node* Find(std::string_view key) const;
};

// Limits protecting the loader from hostile or broken files.
inline constexpr size_t kMaxConfigBytes = 16u << 20;  // 16 MiB: larger is not a config
inline constexpr int kMaxConfigDepth = 64;             // nesting beyond this is an error

// Parses YAML text; `name` (usually the path) prefixes every error message,
// e.g. "config/sites.yaml:3: yaml: ...".
absl::StatusOr<Node> ParseYaml(std::string_view text, std::string_view name);
// Reads and parses a file (NotFound / PermissionDenied name the path).
absl::StatusOr<Node> LoadYamlFile(const std::string& path);

}  // namespace admon::config

#endif  // ADMON_CONFIG_YAML_H_
