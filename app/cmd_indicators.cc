// Copyright 2026 The admon Authors.
//
// `admon indicators list [--config FILE]`: the indicator catalogue.
// `admon indicators test [--json] [--config FILE] TEXT|-`: which indicators
// fire on TEXT (scored as an advert description; `-` reads stdin) and why.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "app/command.h"
#include "common/status.h"
#include "indicators/indicators.h"
#include "nlohmann/json.hpp"

namespace admon::app {
namespace {

constexpr char kDefaultCatalogue[] = "config/indicators.yaml";

struct Options {
  std::string config = kDefaultCatalogue;
  bool json = false;
  std::string text;
};

absl::StatusOr<std::unique_ptr<const indicators::Catalogue>> LoadCatalogue(const std::string& path) {
  auto cat = indicators::Catalogue::Load(path);
  if (absl::IsNotFound(cat.status()) && path == kDefaultCatalogue) {
    return absl::NotFoundError(absl::StrCat(cat.status().message(),
                                            " (run from the repository root or pass --config FILE)"));
  }
  return cat;
}

absl::Status RunList(const Options& o) {
  ADMON_ASSIGN_OR_RETURN(auto cat, LoadCatalogue(o.config));
  auto list = cat->List();
  if (o.json) {
    nlohmann::json out = {{"catalogue_version", cat->version()}, {"indicators", nlohmann::json::array()}};
    for (const auto& i : list) {
      out["indicators"].push_back({{"id", i.id}, {"category", i.category}, {"scope", ScopeName(i.scope)},
                                   {"detector", i.detector}, {"weight", i.weight}, {"counter", i.counter},
                                   {"urgent", i.urgent}, {"description", i.description},
                                   {"provenance", i.provenance}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return absl::OkStatus();
  }
  std::printf("catalogue %s (%s), %zu indicators\n\n%-24s %-10s %-8s %7s  %s\n", cat->version().c_str(),
              o.config.c_str(), list.size(), "id", "category", "scope", "weight", "description");
  for (const auto& i : list) {
    std::string w = absl::StrCat(i.counter ? "-" : "", i.weight, i.urgent ? "!" : "");
    std::printf("%-24s %-10s %-8s %7s  %s\n", i.id.c_str(), i.category.c_str(), indicators::ScopeName(i.scope),
                w.c_str(), i.description.c_str());
  }
  std::printf("\n(! = a hit forces the urgent flag; - = counter-indicator)\n");
  return absl::OkStatus();
}

absl::Status RunTest(const Options& o) {
  ADMON_ASSIGN_OR_RETURN(auto cat, LoadCatalogue(o.config));
  parsers::Advert advert;
  advert.id = "cli:test";
  if (o.text == "-") {
    advert.description.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    advert.description = o.text;
  }
  indicators::AdvertScore score = cat->ScoreAdvert(advert);
  if (o.json) {
    nlohmann::json j = score;
    std::printf("%s\n", j.dump().c_str());
    return absl::OkStatus();
  }
  std::printf("score %.3f  flag %s  (%s)\nweighted sum %.2f, catalogue %s\n", score.score,
              indicators::FlagName(score.flag), score.flag_reason.c_str(), score.sum, score.catalogue_version.c_str());
  if (score.hits.empty()) std::printf("no indicator fired\n");
  for (const auto& h : score.hits) {
    std::printf("  %-22s %-9s %+5.2f  %s[%d,%d) \"%s\"\n", h.id.c_str(), h.category.c_str(), h.weight,
                h.field.c_str(), h.begin, h.end, h.match.c_str());
  }
  return absl::OkStatus();
}

void Register(CLI::App& root, Context& ctx) {
  auto* ind = root.add_subcommand("indicators", "Trafficking-marker catalogue: list it, try it on text");
  ind->require_subcommand(1);
  auto lo = std::make_shared<Options>();
  auto* list = ind->add_subcommand("list", "Print the indicator catalogue");
  // --indicators, as in run/process/rescore; --config kept for old scripts.
  list->add_option("--indicators,--config", lo->config, "Indicator catalogue")->capture_default_str();
  list->add_flag("--json", lo->json, "Print JSON");
  list->callback([&ctx, lo] { ctx.action = [lo] { return RunList(*lo); }; });

  auto to = std::make_shared<Options>();
  auto* test = ind->add_subcommand("test", "Show which indicators fire on TEXT (an advert description) and why");
  test->add_option("--indicators,--config", to->config, "Indicator catalogue")->capture_default_str();
  test->add_flag("--json", to->json, "Print {\"score\",\"flag\",\"hits\":[...]} as JSON");
  test->add_option("text", to->text, "Text to test, or - for stdin")->required();
  test->callback([&ctx, to] { ctx.action = [to] { return RunTest(*to); }; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
