// Copyright 2026 The admon Authors.
//
// `admon process`: (re)parse stored captures into adverts, score and link them.
// `admon rescore`: rescore every stored advert and cluster after a catalogue change.
// `admon purge`: retention (app/purge.h).
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>

#include "app/command.h"
#include "app/pipeline.h"
#include "app/purge.h"
#include "absl/time/clock.h"
#include "common/clock.h"
#include "config/units.h"
#include "store/audit.h"
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
  int threads = 0;  // process only: PipelineOptions::threads (0 = one per hardware thread)
  int text_max_links = 0;  // process only: DedupeOptions::text_max_links (links per added advert)
  // purge only
  std::string older_than = "90d";
  std::string as_of;  // "YYYY-MM-DD": purge as if today were this London date
  bool dry_run = false;
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
  return Pipeline::Create(db, sites, {.indicators_path = o.indicators, .gazetteer_path = o.gazetteer, .ocr = !o.no_ocr,
                                      .dedupe = {.text_max_links = o.text_max_links}, .threads = o.threads});
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

absl::Status RunPurge(const ProcessOptions& o) {
  ADMON_ASSIGN_OR_RETURN(absl::Duration older_than, config::ParseDuration(o.older_than));
  absl::Time now = absl::Now();
  if (!o.as_of.empty()) {
    ADMON_ASSIGN_OR_RETURN(absl::Duration shift, ShiftToLondonDate(o.as_of, now));
    now += shift;
  }
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/false, /*create=*/false));
  config::SitesConfig sites;
  ProcessOptions no_ocr = o;
  no_ocr.no_ocr = true;
  ADMON_ASSIGN_OR_RETURN(auto pipeline, MakePipeline(no_ocr, db.get(), &sites));
  ADMON_ASSIGN_OR_RETURN(PurgeSummary s,
                         Purge(*db, *pipeline, {.older_than = older_than, .now = now, .dry_run = o.dry_run}));
  std::ostringstream os;
  os << s;
  std::printf("%s%s\n", o.dry_run ? "dry run, nothing deleted: would have " : "", os.str().c_str());
  if (o.dry_run) return absl::OkStatus();
  store::AuditLog audit(db.get());
  nlohmann::json removed = {{"older_than", o.older_than}, {"cutoff", FormatUtc(s.cutoff)},
                            {"adverts", s.adverts},       {"captures", s.captures},
                            {"pages", s.pages},           {"images", s.images},
                            {"clusters_deleted", s.clusters_deleted}, {"clusters_rebuilt", s.clusters_rebuilt},
                            {"kept_older", s.kept_why}};
  ADMON_RETURN_IF_ERROR(
      audit.Append("purge", "admon purge --db " + o.db + " --older-than " + o.older_than, removed, now).status());
  return db->Flush();
}

void Register(CLI::App& root, Context& ctx) {
  auto po = std::make_shared<ProcessOptions>();
  auto* process = root.add_subcommand("process", "Parse stored captures into adverts, score and link them");
  AddCommonOptions(process, po.get());
  process->add_flag("--no-ocr", po->no_ocr, "Do not OCR images (phones shown only in pictures are missed)");
  process->add_option("--threads", po->threads,
                      "Threads, counting the main one: parsing, image hashing and OCR run on all of them, linking "
                      "and writing on the main one; 0 = one per logical CPU. The database is the same for any value")
      ->capture_default_str()
      ->check(CLI::Range(0, kMaxThreads));
  process->add_option("--text-max-links", po->text_max_links,
                      "Text links per added advert to adverts it shares no other evidence with (the same template "
                      "posted by others; evidence only, never merged). Above 0 keeps an in-memory text index, "
                      "about 0.6 KB per advert. Text links to adverts sharing other evidence are always made. "
                      "`admon run` always uses 0")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  process->callback([&ctx, po] { ctx.action = [po] { return RunProcess(*po); }; });

  auto ro = std::make_shared<ProcessOptions>();
  auto* rescore = root.add_subcommand("rescore", "Rescore every stored advert and cluster with the current catalogue");
  AddCommonOptions(rescore, ro.get());
  rescore->callback([&ctx, ro] { ctx.action = [ro] { return RunRescore(*ro); }; });

  auto pu = std::make_shared<ProcessOptions>();
  auto* purge = root.add_subcommand(
      "purge", "Retention: delete adverts, captures and images last seen before the period, except referred "
               "evidence and flagged clusters (audited)");
  AddCommonOptions(purge, pu.get());
  purge->add_option("--older-than", pu->older_than, "Retention period, e.g. 90d")->capture_default_str();
  purge->add_flag("--dry-run", pu->dry_run, "Show what would be deleted; delete nothing");
  purge->add_option("--as-of", pu->as_of, "Purge as if today were the London date YYYY-MM-DD (tests, demos)");
  purge->callback([&ctx, pu] { ctx.action = [pu] { return RunPurge(*pu); }; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
