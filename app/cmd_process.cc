// Copyright 2026 The admon Authors.
//
// `admon process`: (re)parse stored captures into adverts, score and link them.
// `admon rescore`: rescore every stored advert and cluster after a catalogue change.
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>

#include "app/command.h"
#include "app/pipeline.h"
#include "common/status.h"
#include "config/sites.h"

namespace admon::app {
namespace {

struct ProcessOptions {
  std::string db;
  std::string config = "config/sites.yaml";
  std::string indicators = "config/indicators.yaml";
  std::string gazetteer = "config/gazetteer.yaml";
  bool no_ocr = false;
};

void AddCommonOptions(CLI::App* sub, ProcessOptions* o) {
  sub->add_option("--db", o->db, "Database directory")->required();
  sub->add_option("--config", o->config, "Sites configuration (field rules, URL patterns)")->capture_default_str();
  sub->add_option("--indicators", o->indicators, "Indicator catalogue")->capture_default_str();
  sub->add_option("--gazetteer", o->gazetteer, "Town to police force gazetteer")->capture_default_str();
}

absl::StatusOr<std::unique_ptr<Pipeline>> MakePipeline(const ProcessOptions& o, store::Db* db,
                                                       config::SitesConfig* sites) {
  ADMON_ASSIGN_OR_RETURN(*sites, config::LoadSitesConfig(o.config));
  return Pipeline::Create(db, sites, {.indicators_path = o.indicators, .gazetteer_path = o.gazetteer, .ocr = !o.no_ocr});
}

absl::Status RunProcess(const ProcessOptions& o) {
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/false, /*create=*/false));
  config::SitesConfig sites;
  ADMON_ASSIGN_OR_RETURN(auto pipeline, MakePipeline(o, db.get(), &sites));
  ADMON_ASSIGN_OR_RETURN(ProcessSummary summary, pipeline->ProcessPending());
  std::ostringstream os;
  os << summary;
  std::printf("processed: %s\n", os.str().c_str());
  return absl::OkStatus();
}

absl::Status RunRescore(const ProcessOptions& o) {
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/false, /*create=*/false));
  config::SitesConfig sites;
  ADMON_ASSIGN_OR_RETURN(auto pipeline, MakePipeline(o, db.get(), &sites));
  ADMON_ASSIGN_OR_RETURN(int64_t n, pipeline->RescoreAll());
  std::printf("rescored %lld adverts with catalogue %s\n", static_cast<long long>(n),
              pipeline->catalogue().version().c_str());
  return absl::OkStatus();
}

void Register(CLI::App& root, Context& ctx) {
  auto po = std::make_shared<ProcessOptions>();
  auto* process = root.add_subcommand("process", "Parse stored captures into adverts, score and link them");
  AddCommonOptions(process, po.get());
  process->add_flag("--no-ocr", po->no_ocr, "Do not OCR images (phones shown only in pictures are missed)");
  process->callback([&ctx, po] { ctx.action = [po] { return RunProcess(*po); }; });

  auto ro = std::make_shared<ProcessOptions>();
  auto* rescore = root.add_subcommand("rescore", "Rescore every stored advert and cluster with the current catalogue");
  AddCommonOptions(rescore, ro.get());
  rescore->callback([&ctx, ro] { ctx.action = [ro] { return RunRescore(*ro); }; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
