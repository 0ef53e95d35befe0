// Copyright 2026 The admon Authors.
//
// `admon testsite generate --seed N --adverts K --days D --out DIR`
// `admon testsite serve --data DIR --port P [--day N] [--write-config FILE]
//                       [--crawl-delay 10ms] [--hosts-mode ip|port] [--reject-violations]`
// Synthetic adult-services sites with ground truth, on loopback only. See
// docs/testsite.md.
#include <signal.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "app/command.h"
#include "common/files.h"
#include "common/status.h"
#include "config/units.h"
#include "testsite/generate.h"
#include "testsite/server.h"

namespace admon::app {
namespace {

struct GenerateFlags {
  uint64_t seed = 1;
  int64_t adverts = 1000;
  int days = 7;
  std::string out;
};

struct ServeFlags {
  std::string data;
  int port = 18080;
  int day = 0;
  std::string write_config;
  std::string crawl_delay = "10ms";
  std::string tolerance = "2ms";
  std::string hosts_mode = "ip";
  bool reject_violations = false;
  int64_t chrome_kb = 0;
};

absl::Status RunGenerate(const GenerateFlags& f) {
  const absl::Time start = absl::Now();
  ADMON_ASSIGN_OR_RETURN(
      testsite::GenerateStats stats,
      testsite::Generate({.world = {.seed = f.seed, .adverts = f.adverts, .days = f.days}, .out_dir = f.out}));
  std::printf("wrote %s/%s: %lld adverts, %lld phone occurrences, %llu bytes in %.1f s\n", f.out.c_str(),
              testsite::kTruthFile, static_cast<long long>(stats.adverts), static_cast<long long>(stats.phones),
              static_cast<unsigned long long>(stats.truth_bytes), absl::ToDoubleSeconds(absl::Now() - start));
  return absl::OkStatus();
}

absl::Status RunServe(const ServeFlags& f) {
  ADMON_ASSIGN_OR_RETURN(absl::Duration crawl_delay, config::ParseDuration(f.crawl_delay));
  ADMON_ASSIGN_OR_RETURN(absl::Duration tolerance, config::ParseDuration(f.tolerance));
  // Block the stop signals before any server thread starts, then wait for one.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  ADMON_ASSIGN_OR_RETURN(
      std::unique_ptr<testsite::Server> server,
      testsite::Server::Start({.data_dir = f.data,
                               .port = f.port,
                               .day = f.day,
                               .hosts_mode = f.hosts_mode == "port" ? testsite::HostsMode::kPort
                                                                    : testsite::HostsMode::kIp,
                               .crawl_delay = crawl_delay,
                               .tolerance = tolerance,
                               .reject_violations = f.reject_violations,
                               .page_chrome_bytes = f.chrome_kb * 1024}));
  if (!f.write_config.empty()) {
    ADMON_RETURN_IF_ERROR(WriteFileOwnerOnly(f.write_config, server->SitesYaml()));
  }
  std::printf("control %s\n", server->control_url().c_str());
  for (size_t s = 0; s < server->site_base_urls().size(); ++s) {
    std::printf("site %-9s %s\n", testsite::Site(static_cast<int>(s)).name.c_str(),
                server->site_base_urls()[s].c_str());
  }
  std::fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  server->Stop();
  return absl::OkStatus();
}

void Register(CLI::App& root, Context& ctx) {
  auto* ts = root.add_subcommand("testsite", "Synthetic test sites with ground truth (loopback only)");
  ts->require_subcommand(1);

  auto* gen = ts->add_subcommand("generate", "Write manifest.json and truth.jsonl for a synthetic corpus");
  auto g = std::make_shared<GenerateFlags>();
  gen->add_option("--seed", g->seed, "Seed (same seed, same bytes)")->capture_default_str();
  gen->add_option("--adverts", g->adverts, "Number of adverts")->capture_default_str();
  gen->add_option("--days", g->days, "Simulated days (0..D-1)")->capture_default_str();
  gen->add_option("--out", g->out, "Output directory")->required();
  gen->callback([&ctx, g] { ctx.action = [g] { return RunGenerate(*g); }; });

  auto* serve = ts->add_subcommand("serve", "Serve a generated corpus on 127.0.0.x until SIGINT/SIGTERM");
  auto s = std::make_shared<ServeFlags>();
  serve->add_option("--data", s->data, "Corpus directory from `testsite generate`")->required();
  serve->add_option("--port", s->port, "Control port on 127.0.0.1; sites use port+1 (0 picks free ports)")
      ->capture_default_str();
  serve->add_option("--day", s->day, "First simulated day served")->capture_default_str();
  serve->add_option("--write-config", s->write_config, "Write a sites.yaml for the running sites to FILE");
  serve->add_option("--crawl-delay", s->crawl_delay, "robots.txt Crawl-delay and violation threshold")
      ->capture_default_str();
  serve->add_option("--tolerance", s->tolerance, "Slack before a short gap is a violation")->capture_default_str();
  serve->add_option("--hosts-mode", s->hosts_mode, "ip: 127.0.0.2-4 on one port; port: 127.0.0.1 on port+1..+3")
      ->check(CLI::IsMember({"ip", "port"}))
      ->capture_default_str();
  serve->add_flag("--reject-violations", s->reject_violations, "Answer too-fast requests with 429 + Retry-After");
  serve->add_option("--chrome-kb", s->chrome_kb,
                    "Add this much site chrome (scripts, styles, menus; no contact details) to every page, KiB, "
                    "for realistic 20-60 KB pages in benchmarks")
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));
  serve->callback([&ctx, s] { ctx.action = [s] { return RunServe(*s); }; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
