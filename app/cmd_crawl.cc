// Copyright 2026 The admon Authors.
//
// `admon crawl --config FILE --db DIR [--once | --for DURATION] [--site NAME]`
// Polite monitoring crawl of the configured sites (see docs/configuration.md).
// SIGINT/SIGTERM: in-flight requests finish, everything is flushed, exit 0.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

#include "app/command.h"
#include "common/status.h"
#include "config/sites.h"
#include "config/units.h"
#include "crawler/crawler.h"
#include "spdlog/spdlog.h"

namespace admon::app {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int) { g_stop.store(true); }

struct CrawlCmdOptions {
  std::string config;
  std::string db;
  bool once = false;
  std::string run_for;  // duration text
  std::vector<std::string> sites;
};

absl::Status RunCrawl(const CrawlCmdOptions& o) {
  ADMON_ASSIGN_OR_RETURN(config::SitesConfig cfg, config::LoadSitesConfig(o.config));
  if (!o.sites.empty()) {
    config::SitesConfig chosen = cfg;
    chosen.sites.clear();
    for (const auto& name : o.sites) {
      const config::SiteConfig* s = cfg.Find(name);
      if (s == nullptr) return absl::NotFoundError(absl::StrCat("--site ", name, ": not in ", o.config));
      chosen.sites.push_back(*s);
    }
    cfg = std::move(chosen);
  }
  absl::Duration run_for = absl::ZeroDuration();
  if (!o.run_for.empty()) {
    auto d = config::ParseDuration(o.run_for);
    if (!d.ok()) return Annotate(d.status(), "--for");
    run_for = *d;
  }
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db));

  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  struct sigaction old_int {}, old_term {};
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);

  crawler::CrawlOptions opts;
  opts.once = o.once;
  opts.run_for = run_for;
  opts.stop = &g_stop;
  opts.progress_tty = ::isatty(STDERR_FILENO) == 1;
  spdlog::info("crawl: {} site(s), db {}, mode {}", cfg.sites.size(), o.db,
               o.once ? "once" : (o.run_for.empty() ? "until stopped" : "for " + o.run_for));
  ADMON_ASSIGN_OR_RETURN(auto crawler, crawler::Crawler::Create(cfg, db.get(), std::move(opts)));
  auto summaries = crawler->Run();
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  ADMON_RETURN_IF_ERROR(db->Flush());
  if (!summaries.ok()) return summaries.status();
  std::printf("%-16s %8s %6s %8s %6s %8s %7s %12s %7s %7s\n", "site", "fetched", "new", "changed", "seen", "removed",
              "errors", "bytes", "robots", "waits");
  for (const auto& s : *summaries) {
    std::printf("%-16s %8lld %6lld %8lld %6lld %8lld %7lld %12lld %7lld %7lld\n", s.site.c_str(),
                static_cast<long long>(s.fetched), static_cast<long long>(s.new_copies),
                static_cast<long long>(s.changed), static_cast<long long>(s.seen_again),
                static_cast<long long>(s.removed), static_cast<long long>(s.errors), static_cast<long long>(s.bytes),
                static_cast<long long>(s.robots_blocked), static_cast<long long>(s.politeness_waits));
  }
  if (g_stop.load()) spdlog::info("crawl: stopped by signal after finishing in-flight requests");
  return absl::OkStatus();
}

void Register(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("crawl", "Polite, resumable monitoring crawl of the configured sites");
  auto o = std::make_shared<CrawlCmdOptions>();
  sub->add_option("--config", o->config, "Sites configuration (config/sites.yaml)")->required();
  sub->add_option("--db", o->db, "Database directory")->required();
  auto* once = sub->add_flag("--once", o->once, "One monitoring cycle, then exit");
  sub->add_option("--for", o->run_for, "Keep monitoring for this long, e.g. 8h (default: until SIGINT/SIGTERM)")
      ->excludes(once);
  sub->add_option("--site", o->sites, "Only these sites (repeatable)");
  sub->callback([&ctx, o] { ctx.action = [o] { return RunCrawl(*o); }; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
