// Copyright 2026 The admon Authors.
//
// `admon run`: the whole monitoring job — crawl, parse, score, link, then the
// day's report (the day boundary in Europe/London time). Adverts are parsed,
// scored and linked while the crawl goes on (app/stream.h); cluster scores
// and the report follow at the end of each cycle. `--once` does one
// cycle and exits; without it admon keeps monitoring, one cycle per
// --interval, and rewrites the day's report after every cycle.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

#include "app/command.h"
#include "absl/time/clock.h"
#include "app/pipeline.h"
#include "app/stream.h"
#include "common/clock.h"
#include "common/files.h"
#include "common/status.h"
#include "config/sites.h"
#include "config/units.h"
#include "crawler/crawler.h"
#include "report/build_model.h"
#include "report/html.h"
#include "spdlog/spdlog.h"
#include "store/audit.h"

namespace admon::app {
namespace {

struct RunOptions {
  std::string config = "config/sites.yaml";
  std::string db;
  std::string out;
  std::string indicators = "config/indicators.yaml";
  std::string gazetteer = "config/gazetteer.yaml";
  std::string interval = "1h";
  std::string as_of;  // "YYYY-MM-DD": run as if today were this London date
  bool once = false;
  bool no_ocr = false;
  int threads = 0;  // PipelineOptions::threads (0 = one per hardware thread)
};

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop.store(true); }

std::string CommandLine(const RunOptions& o) {
  return "admon run --config " + o.config + " --db " + o.db + " --out " + o.out + (o.once ? " --once" : "");
}

// Writes the day's report for `now` and records the disclosure in the audit log.
absl::Status WriteDayReport(store::Db& db, const dedupe::Linker& linker, const RunOptions& o, absl::Time now) {
  std::string date = LondonDate(now);
  ADMON_ASSIGN_OR_RETURN(report::ReportModel model,
                         report::BuildReportModel(db, linker, {.date = date, .now = now}));
  ADMON_RETURN_IF_ERROR(MakeDirsOwnerOnly(o.out));
  ADMON_RETURN_IF_ERROR(report::RenderReport(model, {}, o.out));
  store::AuditLog audit(&db);
  nlohmann::json disclosed = {{"date", date}, {"out", o.out}, {"clusters", model.clusters.size()},
                              {"files", {report::ReportHtmlName(date), report::ReportJsonName(date)}}};
  ADMON_RETURN_IF_ERROR(audit.Append("report", CommandLine(o), disclosed, now).status());
  std::printf("report: %s/%s (%zu clusters)\n", o.out.c_str(), report::ReportHtmlName(date).c_str(),
              model.clusters.size());
  return absl::OkStatus();
}

// One cycle: crawl, with each advert processed as soon as its page and
// photos are stored (app/stream.h); then what the stream left, the cluster
// scores, and the day's report.
absl::Status RunOnce(store::Db& db, const config::SitesConfig& sites, Pipeline& pipeline, const RunOptions& o,
                     Clock* clock) {
  StreamProcessor stream(&pipeline, {}, &g_stop);
  crawler::CrawlOptions crawl;
  crawl.once = true;
  crawl.stop = &g_stop;
  crawl.progress_tty = ::isatty(2) != 0;
  crawl.clock = clock;
  crawl.on_capture = [&stream](const store::Capture& c, const crawler::CaptureNote& note) {
    stream.OnCapture(c, note);
  };
  absl::StatusOr<std::unique_ptr<crawler::Crawler>> crawler = crawler::Crawler::Create(sites, &db, crawl);
  absl::StatusOr<std::vector<crawler::CrawlSummary>> summaries =
      crawler.ok() ? (*crawler)->Run() : crawler.status();
  // A processing error stopped the crawl (and names its key): report it first.
  ADMON_ASSIGN_OR_RETURN(StreamSummary streamed, stream.Finish());
  ADMON_RETURN_IF_ERROR(summaries.status());
  for (const auto& s : *summaries) {
    std::ostringstream os;
    os << s;
    std::printf("crawl: %s\n", os.str().c_str());
  }
  std::ostringstream os;
  os << streamed;
  std::printf("processed while crawling: %s\n", os.str().c_str());
  ADMON_ASSIGN_OR_RETURN(ProcessSummary processed, pipeline.ProcessPending());
  os.str("");
  os << processed;
  std::printf("processed: %s\n", os.str().c_str());
  return WriteDayReport(db, pipeline.linker(), o, clock->Now());
}

absl::Status RunJob(const RunOptions& o) {
  ADMON_ASSIGN_OR_RETURN(absl::Duration interval, config::ParseDuration(o.interval));
  std::unique_ptr<Clock> shifted;
  Clock* clock = Clock::Real();
  if (!o.as_of.empty()) {
    ADMON_ASSIGN_OR_RETURN(absl::Duration shift, ShiftToLondonDate(o.as_of, absl::Now()));
    shifted = std::make_unique<OffsetClock>(shift);
    clock = shifted.get();
    spdlog::warn("running as of {} (simulated date; captures are timestamped accordingly)", o.as_of);
  }
  ADMON_ASSIGN_OR_RETURN(config::SitesConfig sites, config::LoadSitesConfig(o.config));
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db));
  ADMON_ASSIGN_OR_RETURN(auto pipeline, Pipeline::Create(db.get(), &sites,
                                                         {.indicators_path = o.indicators,
                                                          .gazetteer_path = o.gazetteer, .ocr = !o.no_ocr,
                                                          .threads = o.threads}));
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  while (true) {
    ADMON_RETURN_IF_ERROR(RunOnce(*db, sites, *pipeline, o, clock));
    if (o.once || g_stop.load()) break;
    spdlog::info("next cycle in {}", config::DurationToString(interval));
    absl::Time until = absl::Now() + interval;
    while (!g_stop.load() && absl::Now() < until) {
      absl::SleepFor(absl::Seconds(1));  // notices a signal within a second
    }
    if (g_stop.load()) break;
  }
  return db->Flush();
}

void Register(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<RunOptions>();
  auto* run = root.add_subcommand("run", "The monitoring job: crawl, parse, score, link, then write the day's report");
  run->add_option("--config", o->config, "Sites configuration")->capture_default_str();
  run->add_option("--db", o->db, "Database directory (created if missing)")->required();
  run->add_option("--out", o->out, "Report directory (created owner-only)")->required();
  run->add_option("--indicators", o->indicators, "Indicator catalogue")->capture_default_str();
  run->add_option("--gazetteer", o->gazetteer, "Town to police force gazetteer")->capture_default_str();
  run->add_option("--interval", o->interval, "Time between cycles when monitoring, e.g. 1h")->capture_default_str();
  run->add_flag("--once", o->once, "Run one cycle, write the report and exit");
  run->add_option("--as-of", o->as_of,
                  "Simulate the London date YYYY-MM-DD (demos and tests against the synthetic site)");
  run->add_flag("--no-ocr", o->no_ocr, "Do not OCR images");
  run->add_option("--threads", o->threads,
                  "Processing threads beside the crawl's (parse, image hashing and OCR on all, linking on one); "
                  "0 = one per logical CPU")
      ->capture_default_str()
      ->check(CLI::Range(0, kMaxThreads));
  run->callback([&ctx, o] { ctx.action = [o] { return RunJob(*o); }; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
