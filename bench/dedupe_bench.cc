// Copyright 2026 The admon Authors.
//
// dedupe benchmark: ingest of synthetic adverts' identifiers, image hashes and
// text through dedupe::Linker into a fresh RocksDB, then in-memory MIH query
// time over many perceptual hashes.
//
//   dedupe_bench [--adverts N] [--hashes M] [--queries Q] [--radius R] [--dir DIR] [--keep 1]
//                [--corroborate 0|1] [--window W] [--digest 1] [--networks G] [--network-size K]
//
// Prints one JSON object. Run under `/usr/bin/time -v` for peak RSS.
// Per window of W adverts (default N/10) it prints wall and CPU (user+sys,
// all threads including RocksDB's; and the ingest thread alone) microseconds
// per advert, the RSS, and the
// link pairs written and clusters merged per advert (each network gains 3
// adverts every 10 x networks adverts, so later windows link more per
// advert), on stderr as it goes and in "windows". --digest 1 adds SHA-256 digests of the
// final clustering (partition, every root cluster record with its members,
// every advert's links) so two builds can be checked to cluster identically.
// --networks G: number of networks (default 25,000); a run of N adverts gives
// each network 0.3 N / G adverts, so `--adverts 100000 --networks 2500` has
// the same network sizes, window for window, as `--adverts 1000000`.
// --network-size K: G = 0.3 N / K networks (overrides --networks), so every
// network ends the run with K adverts, arriving uniformly over the run: runs
// of any N then have the same network sizes and links per advert in the same
// fraction of the run (window i of 10 at 100 k and at 1 M), and their cost per
// advert compares directly.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/sha256.h"
#include "dedupe/dedupe.h"
#include "dedupe/mih.h"
#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"
#include "store/db.h"

namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

struct Args {
  int64_t adverts = 100000;
  int64_t hashes = 10000000;
  int queries = 2000;
  int radius = 8;
  std::string dir = "/tmp/dedupe_bench_db";
  bool keep = false;  // leave the database for CLI smoke tests
  bool corroborate = true;  // DedupeOptions::weak_links_need_corroboration
  int64_t window = 0;       // adverts per timing window; 0: adverts / 10
  bool digest = false;      // digests of the final clustering
  int64_t networks = 25000;  // network groups (adverts per network = 0.3 * adverts / networks)
  int64_t network_size = 0;  // adverts per network at the end of the run; 0: use `networks`
};

std::vector<std::string> Vocabulary(std::mt19937_64& rng, int n) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) {
    std::string w;
    int len = 3 + static_cast<int>(rng() % 6);
    for (int k = 0; k < len; ++k) w.push_back(static_cast<char>('a' + rng() % 26));
    v.push_back(w);
  }
  return v;
}

// Network ids: 30% of adverts belong to `networks` networks sharing 3 phones
// each, near-duplicate photos and one text template (12 adverts each at 1 M
// adverts and the default 25,000 networks); the rest are independents with
// their own phone (2-3 adverts each).
admon::parsers::Advert Make(int64_t i, int64_t networks, std::mt19937_64& rng, const std::vector<std::string>& vocab) {
  admon::parsers::Advert a;
  a.id = "bench:" + std::to_string(i);
  a.site = "site" + std::to_string(i % 7);
  a.url = "http://127.0.0.1/ad/" + std::to_string(i);
  a.name = vocab[rng() % vocab.size()];
  a.age = 18 + static_cast<int>(rng() % 30);
  a.location.town = "town" + std::string(1, static_cast<char>('a' + rng() % 26));
  const bool network = (i % 10) < 3;
  const int64_t group = network ? (i / 10) % networks : i / 3;  // network id or poster id
  admon::parsers::Phone p;
  p.e164 = network ? "+4477" : "+4478";
  p.e164 += std::to_string(10000000 + group * 3 + (network ? rng() % 3 : 0));
  p.raw = p.e164;
  a.phones.push_back(p);
  if (rng() % 3 == 0) {
    admon::parsers::Email e;
    e.address = "u" + std::to_string(group) + (network ? "n" : "i") + "@example.com";
    a.emails.push_back(e);
  }
  std::mt19937_64 grng(static_cast<uint64_t>(group) * 7919 + (network ? 1 : 2));
  for (int k = 0; k < 2; ++k) {
    admon::parsers::Image im;
    uint64_t base = grng();
    im.phash = (network || k == 0) ? base ^ (uint64_t{1} << (rng() % 64)) : rng();
    im.hashed = true;
    a.images.push_back(im);
  }
  std::string text;
  std::mt19937_64& src = network ? grng : rng;
  for (int w = 0; w < 60; ++w) {
    text += vocab[src() % vocab.size()];
    text += ' ';
    if (w == 10) text += a.name + " " + std::to_string(*a.age) + " " + a.location.town + " ";
  }
  a.description = text;
  return a;
}

long PeakRssKb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

// CPU seconds (user + system) of `who`: RUSAGE_SELF (all threads, including
// RocksDB's flush and compaction threads) or RUSAGE_THREAD (the calling
// thread: the ingest loop alone).
double CpuSeconds(int who = RUSAGE_SELF) {
  rusage ru{};
  getrusage(who, &ru);
  auto tv = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
  return tv(ru.ru_utime) + tv(ru.ru_stime);
}
double ThreadCpuSeconds() { return CpuSeconds(RUSAGE_THREAD); }

// Current resident set size in kB (from /proc/self/statm).
long RssKb() {
  long pages = 0, resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
  std::fclose(f);
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

// SHA-256 digests of the clustering: partition (member sets), root cluster
// records (JSON with members), and every advert's links.
nlohmann::json Digests(const admon::dedupe::Linker& linker) {
  std::map<std::string, std::vector<std::string>> by_cluster;
  std::string links;
  absl::Status s = linker.ForEachAdvert([&](const admon::dedupe::AdvertInfo& a) {
    by_cluster[a.cluster].push_back(a.id);
    auto l = linker.LinksOf(a.id);
    if (l.ok()) {
      for (const auto& x : *l) links += nlohmann::json(x).dump() + "\n";
    }
    return true;
  });
  std::vector<std::vector<std::string>> parts;
  std::string records;
  for (auto& [c, m] : by_cluster) {
    std::sort(m.begin(), m.end());
    parts.push_back(m);
    auto rec = linker.GetCluster(c);
    if (rec.ok()) records += nlohmann::json(*rec).dump() + "\n";
  }
  std::sort(parts.begin(), parts.end());
  return {{"ok", s.ok()},
          {"partition_sha256", admon::Sha256Hex(nlohmann::json(parts).dump())},
          {"clusters_sha256", admon::Sha256Hex(records)},
          {"links_sha256", admon::Sha256Hex(links)}};
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--adverts") args.adverts = std::atoll(v.c_str());
    else if (k == "--hashes") args.hashes = std::atoll(v.c_str());
    else if (k == "--queries") args.queries = std::atoi(v.c_str());
    else if (k == "--radius") args.radius = std::atoi(v.c_str());
    else if (k == "--dir") args.dir = v;
    else if (k == "--keep") args.keep = v == "1";
    else if (k == "--corroborate") args.corroborate = v != "0";
    else if (k == "--window") args.window = std::atoll(v.c_str());
    else if (k == "--digest") args.digest = v == "1";
    else if (k == "--networks") args.networks = std::max<int64_t>(1, std::atoll(v.c_str()));
    else if (k == "--network-size") args.network_size = std::max<int64_t>(0, std::atoll(v.c_str()));
    else {
      std::fprintf(stderr, "unknown flag %s\n", k.c_str());
      return 2;
    }
  }
  if (args.network_size > 0) args.networks = std::max<int64_t>(1, args.adverts * 3 / (10 * args.network_size));
  spdlog::set_level(spdlog::level::warn);
  nlohmann::json out = {{"adverts", args.adverts}, {"hashes", args.hashes}, {"radius", args.radius},
                        {"networks", args.networks}};

  if (args.adverts > 0) {
    std::filesystem::remove_all(args.dir);
    auto db = admon::store::Db::Open(args.dir);
    if (!db.ok()) {
      std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
      return 1;
    }
    auto linker = admon::dedupe::Linker::Open(db->get(), {.image_radius = args.radius, .weak_links_need_corroboration = args.corroborate});
    if (!linker.ok()) {
      std::fprintf(stderr, "%s\n", linker.status().ToString().c_str());
      return 1;
    }
    std::mt19937_64 rng(1);
    auto vocab = Vocabulary(rng, 5000);
    const int64_t window = args.window > 0 ? args.window : std::max<int64_t>(1, args.adverts / 10);
    nlohmann::json windows = nlohmann::json::array();
    auto start = Clock::now(), wstart = start;
    const double cpu_start = CpuSeconds();
    double wcpu = cpu_start;
    const double fg_start = ThreadCpuSeconds();
    double wfg = fg_start;
    int64_t wlinks = 0, wmerged = 0;  // link pairs written and clusters merged in the window
    double gen_seconds = 0;
    for (int64_t i = 0; i < args.adverts; ++i) {
      auto g0 = Clock::now();
      auto a = Make(i, args.networks, rng, vocab);
      gen_seconds += Seconds(g0, Clock::now());
      auto r = (*linker)->Add(a, 1795000000 + i / 1000);
      if (!r.ok()) {
        std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
        return 1;
      }
      wlinks += r->links_added;
      wmerged += static_cast<int64_t>(r->merged.size());
      if ((i + 1) % window == 0) {
        auto now = Clock::now();
        const double cpu = CpuSeconds();
        const double fg = ThreadCpuSeconds();
        windows.push_back({{"upto", i + 1},
                           {"us_per_advert", Seconds(wstart, now) * 1e6 / window},
                           {"cpu_us_per_advert", (cpu - wcpu) * 1e6 / window},
                           {"ingest_thread_cpu_us_per_advert", (fg - wfg) * 1e6 / window},
                           {"rss_kb", RssKb()},
                           {"links_per_advert", static_cast<double>(wlinks) / window},
                           {"merges_per_advert", static_cast<double>(wmerged) / window}});
        wlinks = wmerged = 0;
        std::fprintf(stderr, "progress %s\n", windows.back().dump().c_str());
        std::fflush(stderr);
        wstart = now;
        wcpu = cpu;
        wfg = fg;
      }
    }
    const double secs = Seconds(start, Clock::now());
    int64_t clusters = 0;
    (void)(*linker)->ForEachCluster([&](const admon::dedupe::Cluster&) { return ++clusters, true; });
    out["ingest_seconds"] = secs;
    out["ingest_cpu_seconds"] = CpuSeconds() - cpu_start;
    out["ingest_thread_cpu_seconds"] = ThreadCpuSeconds() - fg_start;
    out["generate_seconds"] = gen_seconds;
    out["adverts_per_second"] = args.adverts / secs;
    out["us_per_advert_windows"] = windows;
    out["clusters"] = clusters;
    out["rss_after_ingest_kb"] = PeakRssKb();
    if (args.digest) out["digest"] = Digests(**linker);
    linker->reset();
    db->reset();
    if (!args.keep) std::filesystem::remove_all(args.dir);
  }

  if (args.hashes > 0) {
    std::mt19937_64 rng(2);
    admon::dedupe::MihIndex mih;
    auto b0 = Clock::now();
    std::vector<uint64_t> centres;
    for (int64_t i = 0; i < args.hashes; ++i) {
      uint64_t h = rng();
      if (i % 10 == 0) centres.push_back(h);
      mih.Insert(h);
    }
    out["mih_build_seconds"] = Seconds(b0, Clock::now());
    out["mih_packed_hashes"] = mih.packed_size();
    std::vector<double> us;
    size_t hits = 0;
    std::vector<std::pair<uint64_t, int>> res;
    for (int q = 0; q < args.queries; ++q) {
      uint64_t query = centres[rng() % centres.size()] ^ (uint64_t{1} << (rng() % 64));
      res.clear();
      auto t0 = Clock::now();
      mih.Query(query, args.radius, &res);
      us.push_back(Seconds(t0, Clock::now()) * 1e6);
      hits += res.size();
    }
    std::sort(us.begin(), us.end());
    out["mih_query_us_median"] = us[us.size() / 2];
    out["mih_query_us_p99"] = us[us.size() * 99 / 100];
    out["mih_hits_per_query"] = static_cast<double>(hits) / args.queries;
  }
  out["peak_rss_kb"] = PeakRssKb();
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
