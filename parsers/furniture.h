// Copyright 2026 The admon Authors.
//
// Site furniture: text blocks, identifiers and images that repeat across a
// site's pages (footer support phone/e-mail, stock banners, "featured"
// sidebars, cookie notices). Learned per site by repetition and applied by
// PageParser::Parse: identifiers/images found ONLY as furniture are excluded
// from the advert's evidence (and counted in a diagnostic, so an exclusion is
// never silent); furniture text blocks are left out of the generic page text.
//
// What the learner needs from the caller: PageFeatures of a sample of the
// site's pages (PageParser::Features(page) for each), ideally >= 20 pages of
// different adverts. With fewer than FurnitureOptions::min_pages pages the
// model is empty (nothing is furniture). Caution: an identifier repeated in
// the advert content of >= min_fraction of the sampled pages (one phone
// behind most adverts of a small site) is also learned as furniture; the
// learner therefore counts an identifier only where it sits in a repeated
// (furniture) text block, or in an attribute/link outside the main content:
// a phone inside differing advert descriptions is never learned.
//
// Thread safety: FurnitureModel is immutable and shareable; FurnitureLearner
// is single-threaded.
#ifndef ADMON_PARSERS_FURNITURE_H_
#define ADMON_PARSERS_FURNITURE_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "parsers/advert.h"

namespace admon::parsers {

inline constexpr int kFurnitureModelVersion = 1;

// Text blocks shorter than this ("Home", "Next") are not tracked (bytes).
inline constexpr size_t kMinFurnitureBlockBytes = 8;

// Per-page observations (sets: a value counts once per page).
struct PageFeatures {
  std::set<uint64_t> blocks;  // BlockHash of visible text blocks (whole page)
  // (BlockHash, IdentifierKey) of identifiers in visible text blocks.
  std::set<std::pair<uint64_t, std::string>> block_identifiers;
  // IdentifierKey of attribute/link identifiers outside the main content.
  std::set<std::string> outside_identifiers;
  std::set<std::string> images;  // absolute image URLs (whole page)
};

struct FurnitureOptions {
  double min_fraction = 0.5;  // share of pages (0..1) a value must appear on ...
  int min_pages = 5;          // ... and at least this many pages; fewer sampled pages => empty model
};

class FurnitureModel {
 public:
  FurnitureModel() = default;

  bool IsBlock(std::string_view block_text) const { return blocks_.count(BlockHash(block_text)) > 0; }
  bool IsIdentifier(const std::string& key) const { return identifiers_.count(key) > 0; }
  bool IsImage(const std::string& url) const { return images_.count(url) > 0; }
  bool empty() const { return blocks_.empty() && identifiers_.empty() && images_.empty(); }
  const std::string& site() const { return site_; }
  int pages() const { return pages_; }
  size_t block_count() const { return blocks_.size(); }
  const std::set<std::string>& identifiers() const { return identifiers_; }
  const std::set<std::string>& images() const { return images_; }

  // {"v":1,"site":..,"pages":N,"blocks":["hex",...],"identifiers":[...],"images":[...]}
  nlohmann::json ToJson() const;
  // InvalidArgument naming `subject` (e.g. the store key) on a malformed document.
  static absl::StatusOr<FurnitureModel> FromJson(const nlohmann::json& j, std::string_view subject);

  // FNV-1a 64 of the block text lower-cased with whitespace collapsed (stable
  // across builds: it is persisted).
  static uint64_t BlockHash(std::string_view block_text);
  // "phone:+447700900123", "email:a@b.com", "handle:telegram:name".
  static std::string IdentifierKey(const Phone& p);
  static std::string IdentifierKey(const Email& e);
  static std::string IdentifierKey(const Handle& h);

 private:
  friend class FurnitureLearner;
  std::string site_;
  int pages_ = 0;
  std::set<uint64_t> blocks_;
  std::set<std::string> identifiers_;
  std::set<std::string> images_;
};

class FurnitureLearner {
 public:
  explicit FurnitureLearner(std::string site, const FurnitureOptions& options = {})
      : site_(std::move(site)), options_(options) {}
  void Add(const PageFeatures& page);
  int pages() const { return pages_; }
  FurnitureModel Build() const;

 private:
  std::string site_;
  FurnitureOptions options_;
  int pages_ = 0;
  std::map<uint64_t, int> blocks_;
  std::map<std::string, std::map<uint64_t, int>> block_identifiers_;  // key -> block -> pages
  std::map<std::string, int> outside_;
  std::map<std::string, int> images_;
};

}  // namespace admon::parsers

#endif  // ADMON_PARSERS_FURNITURE_H_
