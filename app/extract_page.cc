// Copyright 2026 The admon Authors.
//
// `admon extract FILE|- [--site NAME | --generic] [--url URL] [--config FILE]`:
// page mode. The gazetteer is read from gazetteer.yaml beside the sites
// config (config/gazetteer.yaml by default); without it locations stay empty
// (a warning). Images are listed, not fetched, so no OCR happens here.
#include "app/extract_page.h"

#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>

#include "common/files.h"
#include "common/sha256.h"
#include "common/status.h"
#include "config/sites.h"
#include "nlohmann/json.hpp"
#include "parsers/gazetteer.h"
#include "parsers/identifiers.h"
#include "parsers/page.h"
#include "spdlog/spdlog.h"

namespace admon::app {
namespace {

absl::StatusOr<std::string> ReadInput(const std::string& path) {
  if (path != "-") return ReadFile(path, parsers::kMaxPageBytes * 4);
  std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  return data;
}

std::string GazetteerPathBeside(const std::string& config_path) {
  size_t slash = config_path.rfind('/');
  return (slash == std::string::npos ? std::string() : config_path.substr(0, slash + 1)) + "gazetteer.yaml";
}

}  // namespace

absl::Status RunExtractPage(const ExtractPageArgs& args) {
  if (args.generic && !args.site.empty()) {
    return absl::InvalidArgumentError("extract: --site and --generic are exclusive");
  }
  ADMON_ASSIGN_OR_RETURN(std::string html, ReadInput(args.path));
  std::optional<parsers::FieldRules> rules;
  std::string site = args.site.empty() ? "generic" : args.site;
  if (!args.site.empty()) {
    ADMON_ASSIGN_OR_RETURN(config::SitesConfig sites, config::LoadSitesConfig(args.config));
    const config::SiteConfig* sc = sites.Find(args.site);
    if (sc == nullptr) return absl::NotFoundError(args.config + ": no site named \"" + args.site + "\"");
    if (!sc->fields.empty()) {
      absl::StatusOr<parsers::FieldRules> r = parsers::FieldRules::Compile(sc->fields);
      if (!r.ok()) return Annotate(r.status(), args.config + ": sites." + args.site);
      rules = std::move(*r);
    }
  }
  ADMON_ASSIGN_OR_RETURN(auto extractor, parsers::IdentifierExtractor::Create());
  std::unique_ptr<parsers::Gazetteer> gazetteer;
  std::string gaz_path = GazetteerPathBeside(args.config);
  if (auto g = parsers::Gazetteer::LoadFile(gaz_path); g.ok()) {
    gazetteer = std::move(*g);
  } else {
    spdlog::warn("extract: no gazetteer ({}); locations are not resolved", std::string(g.status().message()));
  }
  ADMON_ASSIGN_OR_RETURN(auto parser, parsers::PageParser::Create({}, extractor.get(), gazetteer.get()));
  parsers::PageInput input{.html = html, .site = site, .url = args.url, .advert_id = "", .capture_sha256 = Sha256Hex(html),
                           .fetched_unix = 0};
  parsers::Advert advert = parser->Parse(input, rules ? &*rules : nullptr, nullptr);
  nlohmann::json j = advert;
  std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return absl::OkStatus();
}

}  // namespace admon::app
