// Copyright 2026 The admon Authors.
//
// politeness_bench: how close the crawler gets to the rate its politeness
// rules allow, with politeness ON across many hosts (issue 4).
//   politeness_bench [--hosts 20] [--delays 250,100] [--window 20] [--runs 3] [--adverts 600]
//
// Each run starts ceil(hosts/3) testsite::Server instances in this process
// (HostsMode::kPort: every site is its own 127.0.0.1 port, i.e. its own
// politeness host), whose robots.txt says Crawl-delay = the delay under test
// and which count a violation when a request starts less than that delay
// (minus 2 ms) after the end of the previous response to the same host, or
// while one is in flight. The real crawler (libcurl transport, RocksDB store,
// robots obeyed, 1 connection per host, min_delay = the delay) crawls `hosts`
// of those sites once; a wrapping Transport records when the crawler started
// each request and when the transport saw it complete, and stops the crawl
// after `window` seconds. Every host must still have URLs queued at the stop
// (checked: the crawl was never out of work), so all its requests count.
//
// Per host, over consecutive requests i-1 -> i (gap_i = start_i - start_{i-1},
// resp_i = end_i - start_i, d = delay):
//   fraction        = sum(resp_{i-1} + d) / sum(gap_i)
//                     (achieved rate / the rate the end-to-start rule allows
//                     given the response times actually seen);
//   fraction_delay  = (n-1) d / sum(gap_i)
//                     (achieved rate / 1/d, the rate if responses took no time).
// Prints per run and the median over runs of the per-host median and minimum,
// total requests, server-counted violations (goal 0) and client-side early
// starts (start_i - end_{i-1} < d; must be 0), then one JSON line. The servers
// run in this process (not bench_util.h's ChildServer) so their Stats() are
// read directly; each violation a server counts is printed on stderr with the
// gap the crawler side measured for that request, to tell a crawler fault
// from the server stamping the end of its response late.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "bench/bench_util.h"
#include "config/sites.h"
#include "crawler/crawler.h"
#include "crawler/transport.h"
#include "crawler/url.h"
#include "nlohmann/json.hpp"
#include "store/db.h"
#include "testsite/server.h"

namespace {

using admon::bench::Median;
using admon::crawler::FetchRequest;
using admon::crawler::FetchResult;
using admon::crawler::Transport;

struct Fetch {
  absl::Time start;
  absl::Time end;
  int status = 0;
  std::string path;  // path and query
};

// Wraps the libcurl transport: records per host when each request started and
// ended, and sets `stop` once `deadline` has passed.
class RecordingTransport : public Transport {
 public:
  RecordingTransport(std::map<std::string, std::vector<Fetch>>* log, std::atomic<bool>* stop, absl::Time deadline)
      : inner_(admon::crawler::NewCurlTransport()), log_(log), stop_(stop), deadline_(deadline) {}

  void Start(FetchRequest request) override {
    auto p = admon::crawler::ParseUrl(request.url);
    pending_[request.id] = {.host = p.ok() ? p->HostKey() : request.url,
                            .start = absl::Now(),
                            .path = p.ok() ? p->path_query : ""};
    inner_->Start(std::move(request));
  }

  std::vector<FetchResult> Wait(absl::Duration max_wait) override {
    std::vector<FetchResult> done = inner_->Wait(max_wait);
    for (const FetchResult& r : done) {
      auto it = pending_.find(r.id);
      if (it == pending_.end()) continue;
      (*log_)[it->second.host].push_back(
          {.start = it->second.start, .end = r.end, .status = r.status, .path = it->second.path});
      pending_.erase(it);
    }
    if (absl::Now() >= deadline_) stop_->store(true);
    return done;
  }

  size_t in_flight() const override { return inner_->in_flight(); }

 private:
  std::unique_ptr<Transport> inner_;
  struct Pending {
    std::string host;
    absl::Time start;
    std::string path;
  };
  std::map<uint64_t, Pending> pending_;
  std::map<std::string, std::vector<Fetch>>* log_;
  std::atomic<bool>* stop_;
  absl::Time deadline_;
};

struct HostResult {
  int64_t requests = 0;
  double fraction = 0;        // vs min delay + observed response time
  double fraction_delay = 0;  // vs min delay alone
  double mean_resp_ms = 0;
  double mean_late_ms = 0;    // mean of gap - resp - d
  int64_t early = 0;          // start_i - end_{i-1} < d (client-side violation)
};

void SortByStart(std::vector<Fetch>* f) {
  std::sort(f->begin(), f->end(), [](const Fetch& a, const Fetch& b) { return a.start < b.start; });
}

// For a violation the server counted on `host` at `path`: the gap the
// crawler side saw between the previous response's completion and this start.
void ExplainViolation(const std::vector<Fetch>& f, const std::string& host, const std::string& path,
                      double server_gap_ms) {
  for (size_t i = 1; i < f.size(); ++i) {
    if (f[i].path.substr(0, f[i].path.find('?')) != path) continue;  // the server logs the path only
    std::fprintf(stderr, "violation on %s %s: server gap %.2f ms, crawler gap (transport end -> start) %.2f ms\n",
                 host.c_str(), path.c_str(), server_gap_ms, absl::ToDoubleMilliseconds(f[i].start - f[i - 1].end));
  }
}

HostResult Analyse(const std::vector<Fetch>& f, absl::Duration d) {
  HostResult h;
  h.requests = static_cast<int64_t>(f.size());
  if (f.size() < 2) return h;
  double gaps = 0, allowed = 0, resp = 0;
  for (size_t i = 1; i < f.size(); ++i) {
    gaps += absl::ToDoubleSeconds(f[i].start - f[i - 1].start);
    resp += absl::ToDoubleSeconds(f[i - 1].end - f[i - 1].start);
    allowed += absl::ToDoubleSeconds(f[i - 1].end - f[i - 1].start + d);
    if (f[i].start - f[i - 1].end < d) ++h.early;
  }
  const double n = static_cast<double>(f.size() - 1);
  h.fraction = allowed / gaps;
  h.fraction_delay = n * absl::ToDoubleSeconds(d) / gaps;
  h.mean_resp_ms = resp / n * 1000;
  h.mean_late_ms = (gaps - allowed) / n * 1000;
  return h;
}

double Min(const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }

struct RunResult {
  double median_fraction = 0, min_fraction = 0;
  double median_fraction_delay = 0, min_fraction_delay = 0;
  double median_resp_ms = 0, median_late_ms = 0;
  int64_t requests = 0, server_requests = 0, violations = 0, early = 0;
  int64_t min_queued = 0;  // smallest per-site queue left at the stop (> 0: never out of work)
  int64_t errors = 0;
};

struct Options {
  int hosts = 20;
  int64_t adverts = 600;
  absl::Duration window = absl::Seconds(20);
  std::string db_dir = "/tmp/politeness_bench_db";
};

absl::StatusOr<RunResult> RunOnce(const Options& o, absl::Duration delay) {
  const int servers_needed = (o.hosts + admon::testsite::kNumSites - 1) / admon::testsite::kNumSites;
  std::vector<std::unique_ptr<admon::testsite::Server>> servers;
  admon::config::SitesConfig cfg;
  for (int i = 0; i < servers_needed; ++i) {
    auto s = admon::testsite::Server::Start({.world = {.seed = 11, .adverts = o.adverts, .days = 1},
                                             .hosts_mode = admon::testsite::HostsMode::kPort,
                                             .crawl_delay = delay});
    if (!s.ok()) return s.status();
    auto parsed = admon::config::ParseSitesConfig((*s)->SitesYaml(), "testsite");
    if (!parsed.ok()) return parsed.status();
    for (auto& site : parsed->sites) {
      if (static_cast<int>(cfg.sites.size()) >= o.hosts) break;
      site.name += "-" + std::to_string(i);
      site.politeness.min_delay = delay;
      site.politeness.max_connections = 1;
      site.obey_robots = true;
      cfg.sites.push_back(std::move(site));
    }
    servers.push_back(std::move(*s));
  }
  std::filesystem::remove_all(o.db_dir);
  auto db = admon::store::Db::Open(o.db_dir);
  if (!db.ok()) return db.status();
  std::map<std::string, std::vector<Fetch>> log;
  std::atomic<bool> stop{false};
  auto transport = std::make_unique<RecordingTransport>(&log, &stop, absl::Now() + o.window);
  auto crawler = admon::crawler::Crawler::Create(
      cfg, db->get(), {.once = true, .stop = &stop, .progress_interval = absl::ZeroDuration()}, std::move(transport));
  if (!crawler.ok()) return crawler.status();
  auto sums = (*crawler)->Run();
  if (!sums.ok()) return sums.status();

  RunResult rr;
  rr.min_queued = INT64_MAX;
  for (const auto& s : *sums) {
    rr.min_queued = std::min(rr.min_queued, s.queued);
    rr.errors += s.errors;
  }
  std::vector<double> fr, frd, resp, late;
  for (auto& [host, fetches] : log) {
    SortByStart(&fetches);
    HostResult h = Analyse(fetches, delay);
    fr.push_back(h.fraction);
    frd.push_back(h.fraction_delay);
    resp.push_back(h.mean_resp_ms);
    late.push_back(h.mean_late_ms);
    rr.requests += h.requests;
    rr.early += h.early;
  }
  if (static_cast<int>(log.size()) != o.hosts) {
    return absl::InternalError("only " + std::to_string(log.size()) + " hosts were fetched");
  }
  rr.median_fraction = Median(fr);
  rr.min_fraction = Min(fr);
  rr.median_fraction_delay = Median(frd);
  rr.min_fraction_delay = Min(frd);
  rr.median_resp_ms = Median(resp);
  rr.median_late_ms = Median(late);
  for (const auto& s : servers) {
    nlohmann::json st = s->Stats();
    rr.server_requests += st["total"]["requests"].get<int64_t>();
    rr.violations += st["total"]["violations"].get<int64_t>();
    for (const auto& v : st["recent_violations"]) {
      auto base = admon::crawler::ParseUrl(st["sites"][v["site"].get<std::string>()]["base_url"].get<std::string>());
      if (!base.ok()) continue;
      ExplainViolation(log[base->HostKey()], base->HostKey(), v["path"].get<std::string>(),
                       v["gap_ms"].get<double>());
    }
  }
  return rr;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  int runs = 3;
  std::vector<absl::Duration> delays = {absl::Milliseconds(250), absl::Milliseconds(100)};
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--hosts") o.hosts = std::atoi(argv[i + 1]);
    else if (a == "--adverts") o.adverts = std::atoll(argv[i + 1]);
    else if (a == "--window") o.window = absl::Seconds(std::atof(argv[i + 1]));
    else if (a == "--runs") runs = std::atoi(argv[i + 1]);
    else if (a == "--db") o.db_dir = argv[i + 1];
    else if (a == "--delays") {
      delays.clear();
      for (absl::string_view ms : absl::StrSplit(argv[i + 1], ',')) {
        int v = 0;
        if (absl::SimpleAtoi(ms, &v) && v > 0) delays.push_back(absl::Milliseconds(v));
      }
    }
  }
  if (o.hosts < 1 || runs < 1 || delays.empty()) {
    std::fprintf(stderr, "usage: politeness_bench [--hosts N] [--delays MS,MS] [--window S] [--runs R]\n");
    return 2;
  }
  nlohmann::json summary = nlohmann::json::array();
  bool ok = true;
  for (absl::Duration d : delays) {
    const double d_ms = absl::ToDoubleMilliseconds(d);
    std::vector<double> med, mn, medd, mnd, resp, late;
    int64_t requests = 0, server_requests = 0, violations = 0, early = 0, errors = 0, min_queued = INT64_MAX;
    for (int r = 0; r < runs; ++r) {
      auto rr = RunOnce(o, d);
      if (!rr.ok()) {
        std::fprintf(stderr, "run failed: %s\n", std::string(rr.status().message()).c_str());
        return 1;
      }
      std::printf("delay %.0f ms run %d: %lld requests (server %lld), fraction median %.3f min %.3f, "
                  "vs delay alone median %.3f min %.3f, resp %.2f ms, late %.2f ms/request, violations %lld, "
                  "early %lld, errors %lld, min queued %lld\n",
                  d_ms, r + 1, static_cast<long long>(rr->requests), static_cast<long long>(rr->server_requests),
                  rr->median_fraction, rr->min_fraction, rr->median_fraction_delay, rr->min_fraction_delay,
                  rr->median_resp_ms, rr->median_late_ms, static_cast<long long>(rr->violations),
                  static_cast<long long>(rr->early), static_cast<long long>(rr->errors),
                  static_cast<long long>(rr->min_queued));
      std::fflush(stdout);
      med.push_back(rr->median_fraction);
      mn.push_back(rr->min_fraction);
      medd.push_back(rr->median_fraction_delay);
      mnd.push_back(rr->min_fraction_delay);
      resp.push_back(rr->median_resp_ms);
      late.push_back(rr->median_late_ms);
      requests += rr->requests;
      server_requests += rr->server_requests;
      violations += rr->violations;
      early += rr->early;
      errors += rr->errors;
      min_queued = std::min(min_queued, rr->min_queued);
    }
    const bool pass = Median(mn) >= 0.95 && violations == 0 && early == 0 && min_queued > 0;
    ok = ok && pass;
    summary.push_back({{"delay_ms", d_ms},
                       {"hosts", o.hosts},
                       {"runs", runs},
                       {"window_s", absl::ToDoubleSeconds(o.window)},
                       {"fraction_median", Median(med)},
                       {"fraction_min", Median(mn)},
                       {"fraction_delay_only_median", Median(medd)},
                       {"fraction_delay_only_min", Median(mnd)},
                       {"response_ms_median", Median(resp)},
                       {"late_ms_per_request_median", Median(late)},
                       {"requests_total", requests},
                       {"server_requests_total", server_requests},
                       {"violations", violations},
                       {"client_early_starts", early},
                       {"errors", errors},
                       {"min_queued_at_stop", min_queued},
                       {"goal_met", pass}});
  }
  std::printf("%s\n", summary.dump().c_str());
  return ok ? 0 : 1;
}
