// Copyright 2026 The admon Authors.
#include "parsers/furniture.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace admon::parsers {

uint64_t FurnitureModel::BlockHash(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  bool pending_space = false, started = false;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isspace(c)) {
      pending_space = started;
      continue;
    }
    if (pending_space) {
      h = (h ^ ' ') * 1099511628211ull;
      pending_space = false;
    }
    started = true;
    h = (h ^ static_cast<unsigned char>(std::tolower(c))) * 1099511628211ull;
  }
  return h;
}

std::string FurnitureModel::IdentifierKey(const Phone& p) { return "phone:" + (p.e164.empty() ? p.raw : p.e164); }
std::string FurnitureModel::IdentifierKey(const Email& e) { return "email:" + e.address; }
std::string FurnitureModel::IdentifierKey(const Handle& h) { return "handle:" + h.platform + ":" + h.handle; }

nlohmann::json FurnitureModel::ToJson() const {
  nlohmann::json blocks = nlohmann::json::array();
  for (uint64_t b : blocks_) {
    char buf[17];
    std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(b));
    blocks.push_back(buf);
  }
  return {{"v", kFurnitureModelVersion}, {"site", site_},         {"pages", pages_},
          {"blocks", blocks},             {"identifiers", identifiers_}, {"images", images_}};
}

absl::StatusOr<FurnitureModel> FurnitureModel::FromJson(const nlohmann::json& j, std::string_view subject) {
  auto bad = [&](const std::string& what) {
    return absl::InvalidArgumentError(std::string(subject) + ": furniture model: " + what);
  };
  if (!j.is_object()) return bad("not an object");
  auto v = j.find("v");
  if (v == j.end() || !v->is_number_integer() || v->get<int>() != kFurnitureModelVersion) return bad("unsupported version");
  FurnitureModel m;
  auto site = j.find("site");
  auto pages = j.find("pages");
  if (site == j.end() || !site->is_string()) return bad("missing \"site\"");
  if (pages == j.end() || !pages->is_number_integer()) return bad("missing \"pages\"");
  m.site_ = site->get<std::string>();
  m.pages_ = pages->get<int>();
  for (const char* key : {"blocks", "identifiers", "images"}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return bad(std::string("\"") + key + "\" is not an array");
    for (const auto& e : *it) {
      if (!e.is_string()) return bad(std::string("\"") + key + "\" holds a non-string");
      const std::string& s = e.get_ref<const std::string&>();
      if (std::string_view(key) == "blocks") {
        if (s.size() != 16 || s.find_first_not_of("0123456789abcdef") != std::string::npos) {
          return bad("block hash \"" + s + "\" is not 16 hex digits");
        }
        m.blocks_.insert(std::stoull(s, nullptr, 16));
      } else if (std::string_view(key) == "identifiers") {
        m.identifiers_.insert(s);
      } else {
        m.images_.insert(s);
      }
    }
  }
  return m;
}

void FurnitureLearner::Add(const PageFeatures& page) {
  ++pages_;
  for (uint64_t b : page.blocks) ++blocks_[b];
  for (const auto& [b, k] : page.block_identifiers) ++block_identifiers_[k][b];
  for (const std::string& k : page.outside_identifiers) ++outside_[k];
  for (const std::string& u : page.images) ++images_[u];
}

FurnitureModel FurnitureLearner::Build() const {
  FurnitureModel m;
  m.site_ = site_;
  m.pages_ = pages_;
  if (pages_ < options_.min_pages) return m;
  int need = std::max(options_.min_pages, static_cast<int>(std::ceil(options_.min_fraction * pages_)));
  for (const auto& [k, n] : blocks_) if (n >= need) m.blocks_.insert(k);
  for (const auto& [k, by_block] : block_identifiers_) {
    for (const auto& [b, n] : by_block) {
      if (n >= need && m.blocks_.count(b) > 0) m.identifiers_.insert(k);
    }
  }
  for (const auto& [k, n] : outside_) if (n >= need) m.identifiers_.insert(k);
  for (const auto& [k, n] : images_) if (n >= need) m.images_.insert(k);
  return m;
}

}  // namespace admon::parsers
