// Copyright 2026 The admon Authors.
#include "config/reader.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "absl/strings/str_join.h"
#include "config/units.h"

namespace admon::config {

absl::Status ConfigError(std::string_view file, int line, std::string_view path, std::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(AV(file), ":", line, ": ", AV(path), path.empty() ? "" : ": ", AV(message)));
}

MapReader::MapReader(const Node& node, std::string file, std::string path)
    : node_(node), file_(std::move(file)), path_(std::move(path)) {
  if (node_.kind != Node::Kind::kMap) {
    status_ = ConfigError(file_, node_.line, path_.empty() ? "(top level)" : path_, "expected a map of keys");
  }
}

std::string MapReader::PathOf(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return absl::StrCat(AV(path_), ".", AV(key));
}

const Node* MapReader::Get(std::string_view key) {
  read_.emplace(key);
  return node_.Find(key);
}

const Node* MapReader::Child(std::string_view key) { return Get(key); }

absl::Status MapReader::Error(std::string_view key, std::string_view message) const {
  const Node* n = key.empty() ? &node_ : node_.Find(key);
  int line = n != nullptr ? n->line : node_.line;
  return ConfigError(file_, line, key.empty() ? path_ : PathOf(key), message);
}

absl::Status MapReader::ScalarOf(std::string_view key, const Node* n, std::string* out) const {
  if (n->kind != Node::Kind::kScalar) return Error(key, "expected a single value");
  *out = n->scalar;
  return absl::OkStatus();
}

absl::Status MapReader::Required(std::string_view key, std::string* out) {
  ADMON_RETURN_IF_ERROR(status_);
  const Node* n = Get(key);
  if (n == nullptr || n->kind == Node::Kind::kNull) return Error("", absl::StrCat("missing required key \"", AV(key), "\""));
  ADMON_RETURN_IF_ERROR(ScalarOf(key, n, out));
  if (out->empty()) return Error(key, "must not be empty");
  return absl::OkStatus();
}

absl::Status MapReader::Optional(std::string_view key, std::string* out) {
  ADMON_RETURN_IF_ERROR(status_);
  const Node* n = Get(key);
  if (n == nullptr || n->kind == Node::Kind::kNull) return absl::OkStatus();
  return ScalarOf(key, n, out);
}

absl::Status MapReader::Optional(std::string_view key, bool* out) {
  std::string s;
  bool present = node_.Find(key) != nullptr;
  ADMON_RETURN_IF_ERROR(Optional(key, &s));
  if (!present || (s.empty() && node_.Find(key)->kind == Node::Kind::kNull)) return absl::OkStatus();
  std::string lower = absl::AsciiStrToLower(s);
  if (lower == "true" || lower == "yes" || lower == "on") *out = true;
  else if (lower == "false" || lower == "no" || lower == "off") *out = false;
  else return Error(key, absl::StrCat("expected true or false, got \"", s, "\""));
  return absl::OkStatus();
}

absl::Status MapReader::Optional(std::string_view key, int64_t* out, int64_t min, int64_t max) {
  std::string s;
  ADMON_RETURN_IF_ERROR(Optional(key, &s));
  const Node* n = node_.Find(key);
  if (n == nullptr || n->kind == Node::Kind::kNull) return absl::OkStatus();
  int64_t v = 0;
  if (!absl::SimpleAtoi(s, &v)) return Error(key, absl::StrCat("expected a whole number, got \"", s, "\""));
  if (v < min || v > max) return Error(key, absl::StrCat("must be between ", min, " and ", max, ", got ", v));
  *out = v;
  return absl::OkStatus();
}

absl::Status MapReader::Optional(std::string_view key, double* out, double min, double max) {
  std::string s;
  ADMON_RETURN_IF_ERROR(Optional(key, &s));
  const Node* n = node_.Find(key);
  if (n == nullptr || n->kind == Node::Kind::kNull) return absl::OkStatus();
  double v = 0;
  if (!absl::SimpleAtod(s, &v)) return Error(key, absl::StrCat("expected a number, got \"", s, "\""));
  if (!(v >= min && v <= max)) return Error(key, absl::StrCat("must be between ", min, " and ", max, ", got ", s));
  *out = v;
  return absl::OkStatus();
}

absl::Status MapReader::Optional(std::string_view key, absl::Duration* out) {
  std::string s;
  ADMON_RETURN_IF_ERROR(Optional(key, &s));
  const Node* n = node_.Find(key);
  if (n == nullptr || n->kind == Node::Kind::kNull) return absl::OkStatus();
  auto d = ParseDuration(s);
  if (!d.ok()) return Error(key, SV(d.status().message()));
  *out = *d;
  return absl::OkStatus();
}

absl::Status MapReader::OptionalBytes(std::string_view key, uint64_t* out) {
  std::string s;
  ADMON_RETURN_IF_ERROR(Optional(key, &s));
  const Node* n = node_.Find(key);
  if (n == nullptr || n->kind == Node::Kind::kNull) return absl::OkStatus();
  auto b = ParseByteSize(s);
  if (!b.ok()) return Error(key, SV(b.status().message()));
  *out = *b;
  return absl::OkStatus();
}

absl::Status MapReader::OptionalRate(std::string_view key, double* out) {
  std::string s;
  ADMON_RETURN_IF_ERROR(Optional(key, &s));
  const Node* n = node_.Find(key);
  if (n == nullptr || n->kind == Node::Kind::kNull) return absl::OkStatus();
  auto r = ParseRate(s);
  if (!r.ok()) return Error(key, SV(r.status().message()));
  *out = *r;
  return absl::OkStatus();
}

absl::Status MapReader::Optional(std::string_view key, std::vector<std::string>* out) {
  ADMON_RETURN_IF_ERROR(status_);
  const Node* n = Get(key);
  if (n == nullptr || n->kind == Node::Kind::kNull) return absl::OkStatus();
  if (n->kind == Node::Kind::kScalar) {
    *out = {n->scalar};
    return absl::OkStatus();
  }
  if (n->kind != Node::Kind::kSequence) return Error(key, "expected a list of values");
  out->clear();
  for (size_t i = 0; i < n->items.size(); ++i) {
    if (n->items[i].kind != Node::Kind::kScalar) {
      return ConfigError(file_, n->items[i].line, absl::StrCat(PathOf(key), "[", i, "]"), "expected a single value");
    }
    out->push_back(n->items[i].scalar);
  }
  return absl::OkStatus();
}

absl::Status MapReader::Optional(std::string_view key, std::map<std::string, std::string>* out) {
  ADMON_RETURN_IF_ERROR(status_);
  const Node* n = Get(key);
  if (n == nullptr || n->kind == Node::Kind::kNull) return absl::OkStatus();
  if (n->kind != Node::Kind::kMap) return Error(key, "expected a map of names to values");
  out->clear();
  for (const auto& [k, v] : n->entries) {
    if (v.kind != Node::Kind::kScalar) {
      return ConfigError(file_, v.line, absl::StrCat(PathOf(key), ".", k), "expected a single value");
    }
    (*out)[k] = v.scalar;
  }
  return absl::OkStatus();
}

absl::Status MapReader::OptionalEnum(std::string_view key, const std::vector<std::string>& allowed,
                                     std::string* out) {
  std::string s;
  ADMON_RETURN_IF_ERROR(Optional(key, &s));
  const Node* n = node_.Find(key);
  if (n == nullptr || n->kind == Node::Kind::kNull) return absl::OkStatus();
  for (const auto& a : allowed) {
    if (a == s) {
      *out = s;
      return absl::OkStatus();
    }
  }
  return Error(key, absl::StrCat("expected one of ", absl::StrJoin(allowed, ", "), ", got \"", s, "\""));
}

absl::Status MapReader::Finish() const {
  ADMON_RETURN_IF_ERROR(status_);
  for (const auto& [key, value] : node_.entries) {
    if (read_.find(key) == read_.end()) {
      return ConfigError(file_, value.line, PathOf(key), "unknown key");
    }
  }
  return absl::OkStatus();
}

}  // namespace admon::config
