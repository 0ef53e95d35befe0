// Copyright 2026 The admon Authors.
//
// `admon testsite generate`: writes a corpus directory holding
//   manifest.json  the WorldSpec (seed, adverts, days), sites and towns;
//   truth.jsonl    one JSON object per advert (format in docs/testsite.md).
// Pages and images are not stored: the server renders them on request from
// the manifest. Streams: memory is bounded whatever the advert count.
// Deterministic: the same spec writes the same bytes.
//
// Thread safety: Generate() may run concurrently for different directories.
#ifndef ADMON_TESTSITE_GENERATE_H_
#define ADMON_TESTSITE_GENERATE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "testsite/world.h"

namespace admon::testsite {

inline constexpr char kManifestFile[] = "manifest.json";
inline constexpr char kTruthFile[] = "truth.jsonl";
inline constexpr char kManifestFormat[] = "admon-testsite/1";

struct GenerateOptions {
  WorldSpec world;
  std::string out_dir;  // created (0700) if missing; files are written 0600
};

struct GenerateStats {
  int64_t adverts = 0;
  int64_t phones = 0;        // phone occurrences written
  uint64_t truth_bytes = 0;  // size of truth.jsonl
};

absl::StatusOr<GenerateStats> Generate(const GenerateOptions& options);

// The truth record of one advert (built on its first day).
nlohmann::json TruthJson(const Advert& a);

// Reads DIR/manifest.json.
absl::StatusOr<WorldSpec> LoadManifest(const std::string& dir);

}  // namespace admon::testsite

#endif  // ADMON_TESTSITE_GENERATE_H_
