// Copyright 2026 The admon Authors.
//
// UK place names -> territorial police force, for routing referrals. Data in
// config/gazetteer.yaml (see its header for the 45 forces and the format).
//
// Match(): longest place name first, word-bounded, case-insensitive, hyphens,
// dots and apostrophes ignored ("Newcastle upon Tyne" beats "Newcastle";
// "stoke on trent" == "Stoke-on-Trent"). A name under two forces resolves to
// the larger population (Newport -> Gwent). Names in `common_words` only match
// when capitalised in the text. Among different places the earliest in the
// text wins. Postcodes ("LS1", "LS1 4AB") fill postcode_district and, when no
// town matched, give the force through the postcode-area table.
//
// Thread safety: immutable after loading; Match is const and may be called
// concurrently.
#ifndef ADMON_PARSERS_GAZETTEER_H_
#define ADMON_PARSERS_GAZETTEER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "config/yaml.h"
#include "parsers/advert.h"

namespace admon::parsers {

// The 45 territorial police forces (43 England & Wales + Police Scotland +
// PSNI), by the names used in the gazetteer and in Location::force.
const std::vector<std::string>& TerritorialForces();

class Gazetteer {
 public:
  // Errors name "file:line: path".
  static absl::StatusOr<std::unique_ptr<Gazetteer>> LoadFile(const std::string& path);
  static absl::StatusOr<std::unique_ptr<Gazetteer>> FromNode(const config::Node& root, const std::string& file);

  // Location for free text; `raw` = text (truncated to 200 bytes). Empty town
  // and force when nothing matched.
  Location Match(std::string_view text) const;

  size_t place_count() const { return names_; }
  size_t force_count() const { return forces_.size(); }
  // Force of a postcode area ("LS"), or "" when unknown/mixed.
  std::string ForceOfPostcodeArea(std::string_view area) const;

 private:
  struct Entry {
    std::vector<std::string> words;  // normalised words of the name
    std::string name;                // as written in the YAML
    std::string force;
    int64_t population = 0;
    bool common_word = false;
  };
  Gazetteer() = default;

  std::vector<std::string> forces_;
  // First normalised word -> entries, longest first.
  std::map<std::string, std::vector<Entry>, std::less<>> by_first_word_;
  std::map<std::string, std::string, std::less<>> postcode_areas_;
  size_t names_ = 0;
};

}  // namespace admon::parsers

#endif  // ADMON_PARSERS_GAZETTEER_H_
