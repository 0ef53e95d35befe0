// Copyright 2026 The admon Authors.
//
// Fuzz target: HTML page -> Advert (parsers/page.h). Each input is parsed
// twice: with the generic fallback and with the "velvet" test-site field
// rules, so both the selector path and the main-content heuristics run; then
// Features (the furniture learner's view). Differential: the ruled parse is
// repeated with set-aside forced on for every script/style body, text core and
// region (thresholds 1 byte, 1 element) and off, and the two adverts must be
// identical (parsers/html_tree.h promises Gumbo's own tree, below
// kMaxParseErrors); a difference aborts with both JSONs.
// Uses config/gazetteer.yaml from the source tree (read once); no network, no
// files written.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "parsers/gazetteer.h"
#include "parsers/html_tree.h"
#include "parsers/identifiers.h"
#include "nlohmann/json.hpp"
#include "parsers/page.h"
#include "spdlog/spdlog.h"

namespace {

// 256 KiB: real adverts are < 200 KB; the parser's own limit (kMaxPageBytes,
// 8 MiB, truncation) is covered by page_test. Larger inputs are skipped.
constexpr size_t kMaxInputBytes = 256u << 10;

struct State {
  std::unique_ptr<admon::parsers::IdentifierExtractor> extractor;
  std::unique_ptr<admon::parsers::Gazetteer> gazetteer;
  std::unique_ptr<admon::parsers::PageParser> parser;
  std::unique_ptr<admon::parsers::PageParser> whole;  // set-aside off
  std::unique_ptr<admon::parsers::PageParser> aside;  // every script/style body, text core and region set aside
  std::unique_ptr<admon::parsers::FieldRules> rules;
};

[[noreturn]] void Die(const char* what, std::string_view message) {
  std::fprintf(stderr, "page_fuzzer setup: %s: %.*s\n", what, static_cast<int>(message.size()), message.data());
  std::abort();
}

const State& GetState() {
  static const State* state = [] {
    auto* s = new State;
    auto extractor = admon::parsers::IdentifierExtractor::Create();
    if (!extractor.ok()) Die("IdentifierExtractor", std::string(extractor.status().message()));
    s->extractor = *std::move(extractor);
    auto gazetteer = admon::parsers::Gazetteer::LoadFile(ADMON_FUZZ_SOURCE_DIR "/config/gazetteer.yaml");
    if (!gazetteer.ok()) Die("gazetteer", std::string(gazetteer.status().message()));
    s->gazetteer = *std::move(gazetteer);
    auto parser = admon::parsers::PageParser::Create({}, s->extractor.get(), s->gazetteer.get());
    if (!parser.ok()) Die("PageParser", std::string(parser.status().message()));
    s->parser = *std::move(parser);
    auto whole = admon::parsers::PageParser::Create(
        {.set_aside_raw_text_bytes = 0, .set_aside_text_bytes = 0, .set_aside_region_elements = 0},
        s->extractor.get(), s->gazetteer.get());
    auto aside = admon::parsers::PageParser::Create(
        {.set_aside_raw_text_bytes = 1, .set_aside_text_bytes = 1, .set_aside_region_elements = 1},
        s->extractor.get(), s->gazetteer.get());
    if (!whole.ok() || !aside.ok()) Die("PageParser", "set-aside variants");
    s->whole = *std::move(whole);
    s->aside = *std::move(aside);
    // The velvet rules of testsite/site_config.cc.
    const std::map<std::string, std::string> fields = {
        {"title", "h1.ad-title"},       {"name", ".profile .name"},
        {"age", ".profile .age"},       {"location", ".profile .location"},
        {"price", ".rates li"},         {"description", ".description"},
        {"phone", ".phone"},            {"images", ".gallery img"},
        {"posted", "time.posted"},      {"updated", "time.updated"},
        {"profile", "a.profile-link"},
    };
    auto rules = admon::parsers::FieldRules::Compile(fields);
    if (!rules.ok()) Die("FieldRules", std::string(rules.status().message()));
    s->rules = std::make_unique<admon::parsers::FieldRules>(*std::move(rules));
    return s;
  }();
  return *state;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  spdlog::set_level(spdlog::level::off);
  GetState();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return -1;
  const State& s = GetState();
  admon::parsers::PageInput input{
      .html = std::string_view(reinterpret_cast<const char*>(data), size),
      .site = "velvet",
      .url = "http://127.0.0.2:18081/advert/123",
      .advert_id = "",
      .capture_sha256 = "",
      .fetched_unix = 1'795'000'000,
  };
  admon::parsers::Advert generic = s.parser->Parse(input, nullptr, nullptr);
  admon::parsers::Advert ruled = s.parser->Parse(input, s.rules.get(), nullptr);
  admon::parsers::PageFeatures features = s.parser->Features(input, s.rules.get());
  // Past kMaxParseErrors Gumbo's reading of duplicate attributes depends on
  // how many errors came before (parsers/html_tree.h): not comparable.
  const auto plain = admon::parsers::internal::ParseHtml(
      input.html, {.set_aside_raw_text_bytes = 0, .set_aside_text_bytes = 0, .set_aside_region_elements = 0});
  const bool comparable = plain.tree == nullptr || plain.tree->errors.length < admon::parsers::internal::kMaxParseErrors;
  const std::string whole = nlohmann::json(s.whole->Parse(input, s.rules.get(), nullptr)).dump();
  const std::string aside = nlohmann::json(s.aside->Parse(input, s.rules.get(), nullptr)).dump();
  if (comparable && whole != aside) {
    std::fprintf(stderr, "set-aside changed the advert:\nwhole: %s\naside: %s\n", whole.c_str(), aside.c_str());
    std::abort();
  }
  // Otherwise crash/UB/leak/timeout freedom is the property; the outputs are unused.
  (void)generic;
  (void)ruled;
  (void)features;
  return 0;
}
