// Copyright 2026 The admon Authors.
//
// Typed, strict reading of a YAML map into a struct. Every error names file,
// line and key path in one form:
//   config/sites.yaml:14: sites[2].rate.min_delay: expected a duration like "2s", ...
// Keys that were never read are errors (`Finish()`), so a misspelt option is
// never silently ignored.
//
// Usage:
//   MapReader r(node, "config/sites.yaml", "sites[2]");
//   ADMON_RETURN_IF_ERROR(r.Required("name", &site.name));
//   ADMON_RETURN_IF_ERROR(r.Optional("min_delay", &site.min_delay));
//   ADMON_RETURN_IF_ERROR(r.Finish());
//
// Thread safety: a MapReader is used by one thread; the Node must outlive it.
#ifndef ADMON_CONFIG_READER_H_
#define ADMON_CONFIG_READER_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/status.h"
#include "config/yaml.h"

namespace admon::config {

// "file:line: path: message", the single format of configuration errors.
absl::Status ConfigError(std::string_view file, int line, std::string_view path, std::string_view message);

class MapReader {
 public:
  // REQUIRES: `node` outlives the reader. A non-map node makes every call
  // return the "expected a map" error.
  MapReader(const Node& node, std::string file, std::string path);

  // Path of a child key, e.g. "sites[2].rate" + "min_delay".
  std::string PathOf(std::string_view key) const;
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }

  // Each getter leaves `*out` unchanged when an optional key is absent.
  absl::Status Required(std::string_view key, std::string* out);
  absl::Status Optional(std::string_view key, std::string* out);
  absl::Status Optional(std::string_view key, bool* out);
  absl::Status Optional(std::string_view key, int64_t* out, int64_t min, int64_t max);
  absl::Status Optional(std::string_view key, double* out, double min, double max);
  absl::Status Optional(std::string_view key, absl::Duration* out);            // ParseDuration
  absl::Status OptionalBytes(std::string_view key, uint64_t* out);             // ParseByteSize
  absl::Status OptionalRate(std::string_view key, double* out);                // ParseRate, per second
  absl::Status Optional(std::string_view key, std::vector<std::string>* out);  // list of scalars
  absl::Status Optional(std::string_view key, std::map<std::string, std::string>* out);  // map of scalars
  // One of `allowed`; the error lists them.
  absl::Status OptionalEnum(std::string_view key, const std::vector<std::string>& allowed, std::string* out);

  // Raw child access (marks the key as read). Null if absent.
  const Node* Child(std::string_view key);
  // Error about `key` (or the map itself when `key` is empty) at its line.
  absl::Status Error(std::string_view key, std::string_view message) const;
  // Error for the map itself when it is not a map.
  absl::Status status() const { return status_; }

  // Fails on the first key that no getter asked for.
  absl::Status Finish() const;

 private:
  const Node* Get(std::string_view key);
  absl::Status ScalarOf(std::string_view key, const Node* n, std::string* out) const;

  const Node& node_;
  std::string file_;
  std::string path_;
  absl::Status status_;
  std::set<std::string, std::less<>> read_;
};

}  // namespace admon::config

#endif  // ADMON_CONFIG_READER_H_
