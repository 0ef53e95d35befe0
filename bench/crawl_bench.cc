// Copyright 2026 The admon Authors.
//
// crawl_bench: crawler throughput on loopback with politeness off.
//   crawl_bench [--adverts N] [--connections C] [--runs R]
// Serves the synthetic sites (testsite::Server, in a forked child so its CPU
// is not counted), crawls them once per run into a fresh database with
// politeness disabled and `C` connections per host, and prints per run and
// the median: pages/s and crawler CPU seconds per 1,000 pages (user+sys of
// this process, RocksDB writes and link extraction included).
// Also prints the sites.yaml so a peer crawler (Scrapy) can be pointed at the
// same server at the same concurrency (see BENCHMARKS.md).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "config/sites.h"
#include "crawler/crawler.h"
#include "store/db.h"
#include "testsite/server.h"

using admon::bench::CpuSeconds;
using admon::bench::Median;

int main(int argc, char** argv) {
  int64_t adverts = 1500;
  int connections = 4;
  int runs = 3;
  int port = 18480;
  std::string peer;  // path of bench/crawl_peer_scrapy.py: also run Scrapy against the same server
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--adverts") adverts = std::atoll(argv[i + 1]);
    else if (a == "--connections") connections = std::atoi(argv[i + 1]);
    else if (a == "--runs") runs = std::atoi(argv[i + 1]);
    else if (a == "--port") port = std::atoi(argv[i + 1]);
    else if (a == "--peer") peer = argv[i + 1];
  }
  admon::testsite::ServerOptions so;
  so.world = {.seed = 11, .adverts = adverts, .days = 1};
  so.crawl_delay = absl::ZeroDuration();
  so.port = port;
  admon::bench::ChildServer server;
  if (!server.Start(so)) return 1;
  const std::string& yaml = server.sites_yaml();
  auto cfg = admon::config::ParseSitesConfig(yaml, "testsite");
  if (!cfg.ok()) {
    std::fprintf(stderr, "%s\n", std::string(cfg.status().message()).c_str());
    return 1;
  }
  for (auto& s : cfg->sites) s.politeness.max_connections = connections;
  std::printf("# sites.yaml served:\n%s\n", yaml.c_str());
  std::vector<double> rates, cpu_per_k;
  for (int r = 0; r < runs; ++r) {
    std::string dir = "/tmp/crawl_bench_db";
    std::filesystem::remove_all(dir);
    auto db = admon::store::Db::Open(dir);
    if (!db.ok()) return 1;
    admon::crawler::CrawlOptions o;
    o.once = true;
    o.politeness = false;
    o.progress_interval = absl::ZeroDuration();
    auto crawler = admon::crawler::Crawler::Create(*cfg, db->get(), o);
    if (!crawler.ok()) return 1;
    double cpu0 = CpuSeconds();
    absl::Time t0 = absl::Now();
    auto sums = (*crawler)->Run();
    double secs = absl::ToDoubleSeconds(absl::Now() - t0);
    double cpu = CpuSeconds() - cpu0;
    if (!sums.ok()) return 1;
    int64_t pages = 0, errors = 0;
    for (const auto& s : *sums) {
      pages += s.fetched;
      errors += s.errors;
    }
    rates.push_back(pages / secs);
    cpu_per_k.push_back(cpu / pages * 1000);
    std::printf("run %d: %lld responses (%lld errors) in %.2f s = %.0f pages/s, CPU %.3f s per 1000 pages\n", r + 1,
                static_cast<long long>(pages), static_cast<long long>(errors), secs, pages / secs,
                cpu / pages * 1000);
  }
  std::printf("median: %.0f pages/s, %.3f CPU s per 1000 pages (adverts=%lld, %d connections/host, 3 hosts)\n",
              Median(rates), Median(cpu_per_k), static_cast<long long>(adverts), connections);
  if (!peer.empty()) {
    const std::string yaml_path = "/tmp/crawl_bench_sites.yaml";
    if (FILE* f = std::fopen(yaml_path.c_str(), "w")) {
      std::fputs(yaml.c_str(), f);
      std::fclose(f);
    }
    std::vector<double> peer_rates, peer_cpu;
    for (int r = 0; r < runs; ++r) {
      std::string cmd = "/usr/bin/python3 " + peer + " " + yaml_path + " " + std::to_string(connections);
      FILE* p = popen(cmd.c_str(), "r");
      if (p == nullptr) break;
      long long pages = 0;
      double secs = 0, cpu = 0;
      char line[512];
      while (std::fgets(line, sizeof(line), p) != nullptr) {
        std::sscanf(line, "pages=%lld secs=%lf cpu=%lf", &pages, &secs, &cpu);
      }
      pclose(p);
      if (pages == 0 || secs <= 0) {
        std::printf("peer run %d failed\n", r + 1);
        continue;
      }
      peer_rates.push_back(pages / secs);
      peer_cpu.push_back(cpu / pages * 1000);
      std::printf("scrapy run %d: %lld responses in %.2f s = %.0f pages/s, CPU %.3f s per 1000 pages\n", r + 1, pages,
                  secs, pages / secs, cpu / pages * 1000);
    }
    if (!peer_rates.empty()) {
      std::printf("scrapy median: %.0f pages/s, %.3f CPU s per 1000 pages\n", Median(peer_rates), Median(peer_cpu));
      std::printf("ratio admon/scrapy: %.2fx pages/s, %.2fx CPU per page\n", Median(rates) / Median(peer_rates),
                  Median(cpu_per_k) / Median(peer_cpu));
    }
  }
  return 0;
}
