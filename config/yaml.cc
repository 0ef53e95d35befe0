// Copyright 2026 The admon Authors.
#include "config/yaml.h"

#include <yaml-cpp/yaml.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "common/files.h"

namespace admon::config {
namespace {

absl::StatusOr<Node> Convert(const YAML::Node& in, std::string_view name, int depth) {
  Node out;
  out.line = in.Mark().line >= 0 ? in.Mark().line + 1 : 0;
  if (depth > kMaxConfigDepth) {
    return absl::InvalidArgumentError(
        absl::StrCat(AV(name), ":", out.line, ": nesting deeper than ", kMaxConfigDepth));
  }
  switch (in.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out.kind = Node::Kind::kNull;
      break;
    case YAML::NodeType::Scalar:
      out.kind = Node::Kind::kScalar;
      out.scalar = in.Scalar();
      break;
    case YAML::NodeType::Sequence:
      out.kind = Node::Kind::kSequence;
      for (const auto& item : in) {
        auto child = Convert(item, name, depth + 1);
        if (!child.ok()) return child.status();
        out.items.push_back(*std::move(child));
      }
      break;
    case YAML::NodeType::Map:
      out.kind = Node::Kind::kMap;
      for (const auto& kv : in) {
        int key_line = kv.first.Mark().line + 1;
        if (!kv.first.IsScalar()) {
          return absl::InvalidArgumentError(absl::StrCat(AV(name), ":", key_line, ": map keys must be plain strings"));
        }
        std::string key = kv.first.Scalar();
        for (const auto& e : out.entries) {
          if (e.first == key) {
            return absl::InvalidArgumentError(absl::StrCat(AV(name), ":", key_line, ": duplicate key \"", AV(key), "\""));
          }
        }
        auto child = Convert(kv.second, name, depth + 1);
        if (!child.ok()) return child.status();
        if (child->kind == Node::Kind::kNull) child->line = key_line;
        out.entries.emplace_back(std::move(key), *std::move(child));
      }
      break;
  }
  return out;
}

}  // namespace

const Node* Node::Find(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.first == key) return &e.second;
  }
  return nullptr;
}

absl::StatusOr<Node> ParseYaml(std::string_view text, std::string_view name) {
  if (text.size() > kMaxConfigBytes) {
    return absl::InvalidArgumentError(absl::StrCat(AV(name), ": larger than ", kMaxConfigBytes, " bytes"));
  }
  try {
    YAML::Node root = YAML::Load(std::string(text));
    return Convert(root, name, 0);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(AV(name), ":", e.mark.line + 1, ": invalid YAML: ", e.msg));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(AV(name), ": invalid YAML: ", e.what()));
  }
}

absl::StatusOr<Node> LoadYamlFile(const std::string& path) {
  auto text = ReadFile(path, kMaxConfigBytes);
  if (!text.ok()) return text.status();
  return ParseYaml(*text, path);
}

}  // namespace admon::config
