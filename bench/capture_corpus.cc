// Copyright 2026 The admon Authors.
//
// capture_corpus: writes the stored crawl of a test-site world straight into
// a database, without a server or any network, for `admon process` at scales
// a loopback crawl cannot reach here (issue 10: 100 k and 1 M adverts; see
// bench/scale_bench.sh).
//
//   capture_corpus --db DIR --adverts N [--seed 10] [--chrome-kb 0] [--base-port 18681]
//                  [--sites-out FILE] [--batch-pages 1000]
//
// Every advert of World{seed, N, days = 1} live on day 0 is rendered as the
// test-site server renders it on day 0 (same sidebar of featured adverts, same
// chrome) and stored with CaptureStore::Stage as the crawler stores a 200
// text/html advert page: kind advert, the site's config name, canonical URL
// http://127.0.0.<site + 2>:<base port><advert path> (the server's default
// hosts mode: one port, three addresses). Listings, profiles, robots.txt and
// images are not stored: `admon process` counts the images as missing. The
// matching sites.yaml (testsite::MakeSitesYaml, crawl delay 0) is written to
// --sites-out, default DIR/../sites.yaml. Pages are staged --batch-pages at a
// time into one WriteBatch. Prints one JSON line: pages, body bytes, seconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "store/captures.h"
#include "store/db.h"
#include "testsite/html.h"
#include "testsite/server.h"
#include "testsite/world.h"

namespace {

namespace ts = admon::testsite;
namespace st = admon::store;

constexpr int kDay = 0;                      // the only simulated day
constexpr int64_t kProgressEvery = 100'000;  // pages between progress lines on stderr
const char* const kHtml = "text/html; charset=utf-8";

struct Flags {
  std::string db;
  std::string sites_out;
  int64_t adverts = 0;
  uint64_t seed = 10;
  int64_t chrome_kb = 0;  // ServerOptions::page_chrome_bytes / 1024
  int base_port = 18681;  // site port in hosts mode kIp
  int64_t batch_pages = 1000;
};

// The day's featured sidebar per site, as the test-site server chooses it.
std::vector<std::vector<ts::LinkItem>> Featured(const ts::World& world) {
  std::vector<ts::AdvertMeta> metas;
  metas.reserve(static_cast<size_t>(world.size()));
  for (int64_t i = 0; i < world.size(); ++i) metas.push_back(world.Meta(i));
  const auto by_town = ts::ListingOrder(world, metas, kDay);
  std::vector<std::vector<ts::LinkItem>> featured;
  for (int s = 0; s < ts::kNumSites; ++s) {
    featured.push_back(ts::FeaturedOf(world, by_town[static_cast<size_t>(s)], s, kDay));
  }
  return featured;
}

st::Capture MakeCapture(const std::string& base_url, int site, const std::string& path, std::string body,
                        absl::Time fetched) {
  st::Capture c;
  c.url = base_url + path;
  c.site = ts::Site(site).name;
  c.kind = st::CaptureKind::kAdvert;
  c.status = 200;
  c.headers = {{"Content-Type", kHtml},
               {"Content-Length", std::to_string(body.size())},
               {"Keep-Alive", "timeout=5, max=1000"}};
  c.content_type = kHtml;
  c.body = std::move(body);
  c.fetched = fetched;
  c.request_headers = {{"Host", base_url.substr(std::string("http://").size())},
                       {"User-Agent", "admon/0.1 (safeguarding monitoring; contact: ops@example.org)"},
                       {"Accept", "*/*"},
                       {"Accept-Encoding", "deflate, gzip, br, zstd"},
                       {"Accept-Language", "en-GB"}};
  c.ip = base_url.substr(std::string("http://").size(), base_url.rfind(':') - std::string("http://").size());
  return c;
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "capture_corpus: %s\n", what.c_str());
  return 1;
}

int Run(const Flags& f) {
  const ts::WorldSpec spec{.seed = f.seed, .adverts = f.adverts, .days = 1};
  if (absl::Status s = ts::ValidateSpec(spec); !s.ok()) return Fail(std::string(s.message()));
  std::vector<std::string> base_urls;
  for (int s = 0; s < ts::kNumSites; ++s) {
    base_urls.push_back("http://127.0.0." + std::to_string(s + 2) + ":" + std::to_string(f.base_port));
  }
  const std::string sites_out =
      f.sites_out.empty() ? (std::filesystem::path(f.db).parent_path() / "sites.yaml").string() : f.sites_out;
  {
    std::ofstream out(sites_out);
    out << ts::MakeSitesYaml(base_urls, absl::ZeroDuration());
    if (!out) return Fail("cannot write " + sites_out);
  }
  auto db = st::Db::Open(f.db);
  if (!db.ok()) return Fail(std::string(db.status().message()));
  st::CaptureStore captures(db->get());

  const auto start = std::chrono::steady_clock::now();
  const ts::World world(spec);
  const std::vector<std::vector<ts::LinkItem>> featured = Featured(world);
  int64_t pages = 0, bytes = 0;
  st::WriteBatch batch(**db);
  const absl::Time t0 = absl::Now();
  for (int64_t i = 0; i < world.size(); ++i) {
    const ts::AdvertMeta m = world.Meta(i);
    if (!world.Live(m, kDay)) continue;
    const ts::PageContext ctx{.site = m.site, .day = kDay, .featured = featured[static_cast<size_t>(m.site)],
                              .chrome_bytes = f.chrome_kb * 1024};
    std::string body = ts::RenderAdvert(ctx, world.Build(i, kDay));
    bytes += static_cast<int64_t>(body.size());
    // A crawl's fetch times: one page per 10 µs of a simulated clock.
    const st::Capture c = MakeCapture(base_urls[static_cast<size_t>(m.site)], m.site, ts::AdvertPath(m),
                                      std::move(body), t0 + absl::Microseconds(10 * pages));
    auto put = captures.Stage(c, batch);
    if (!put.ok()) return Fail(std::string(put.status().message()));
    if (++pages % f.batch_pages == 0) {
      if (absl::Status s = (*db)->Write(batch); !s.ok()) return Fail(std::string(s.message()));
      batch.Clear();
    }
    if (pages % kProgressEvery == 0) std::fprintf(stderr, "%lld pages\n", static_cast<long long>(pages));
  }
  if (absl::Status s = (*db)->Write(batch); !s.ok()) return Fail(std::string(s.message()));
  if (absl::Status s = (*db)->Flush(); !s.ok()) return Fail(std::string(s.message()));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"pages\": %lld, \"bytes\": %lld, \"seconds\": %.1f, \"sites\": \"%s\"}\n",
              static_cast<long long>(pages), static_cast<long long>(bytes), seconds, sites_out.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], v = argv[i + 1];
    if (flag == "--db") f.db = v;
    else if (flag == "--adverts") f.adverts = std::atoll(v.c_str());
    else if (flag == "--seed") f.seed = std::strtoull(v.c_str(), nullptr, 10);
    else if (flag == "--chrome-kb") f.chrome_kb = std::atoll(v.c_str());
    else if (flag == "--base-port") f.base_port = std::atoi(v.c_str());
    else if (flag == "--sites-out") f.sites_out = v;
    else if (flag == "--batch-pages") f.batch_pages = std::atoll(v.c_str());
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (argc % 2 == 0 || f.db.empty() || f.adverts <= 0 || f.chrome_kb < 0 || f.batch_pages <= 0 ||
      f.base_port <= 0 || f.base_port > 65535) {
    std::fprintf(stderr,
                 "usage: capture_corpus --db DIR --adverts N [--seed 10] [--chrome-kb 0] [--base-port 18681] "
                 "[--sites-out FILE] [--batch-pages 1000]\n");
    return 2;
  }
  return Run(f);
}
