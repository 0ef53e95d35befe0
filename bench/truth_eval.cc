// Copyright 2026 The admon Authors.
//
// truth_eval: parse+extract accuracy and speed on the loopback test sites.
//
//   truth_eval [--seed 7] [--adverts 2000] [--runs 5] [--dir /tmp/admon_truth_eval] [--port 18580]
//              [--connections 4] [--no-ocr] [--peer bench/parse_peer.py] [--examples N] [--json FILE]
//
// 1. Generates a corpus (testsite::Generate, 3 sites, one day) into DIR/seed-N.
// 2. Serves it (testsite::Server in a forked child, 127.0.0.x only) and crawls
//    it once with the real crawler (politeness off) into DIR/seed-N/db: the
//    pages are the stored captures, byte for byte what the server sent.
// 3. Saves every advert page to DIR/seed-N/pages (index.tsv: file, site, path;
//    fields.json: the sites' field selectors) for the Python peer.
// 4. As app/pipeline.cc does: learns each site's furniture from up to 200 of
//    its advert pages, parses each page with the site's field rules and the
//    furniture model and, for adverts with no phone, OCRs their captured
//    images (--no-ocr skips it). Parsing is timed over --runs runs (median
//    pages/s wall and per CPU-second; OCR and furniture learning not timed).
// 5. Scores against truth.jsonl (bench/truth_score.h) and prints a table and
//    one JSON line ("truth_eval {...}").
// 6. --peer: runs /usr/bin/python3 PEER on the same saved pages (bs4 + lxml +
//    phonenumbers) and prints both rates and the ratio.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "bench/bench_util.h"
#include "bench/truth_score.h"
#include "common/files.h"
#include "common/status.h"
#include "config/sites.h"
#include "crawler/crawler.h"
#include "parsers/furniture.h"
#include "parsers/gazetteer.h"
#include "parsers/identifiers.h"
#include "parsers/image.h"
#include "parsers/page.h"
#include "store/captures.h"
#include "store/db.h"
#include "testsite/generate.h"

namespace {

namespace fs = std::filesystem;
using admon::bench::CpuSeconds;
using admon::bench::Median;

constexpr int kFurnitureSamplePages = 200;  // as app::PipelineOptions::furniture_sample_pages
constexpr size_t kMaxTruthLineBytes = 1 << 20;

struct Args {
  uint64_t seed = 7;
  int64_t adverts = 2000;
  int runs = 5;
  std::string dir = "/tmp/admon_truth_eval";
  int port = 18580;
  int connections = 4;
  bool ocr = true;
  std::string peer;
  int examples = 0;
  std::string json_path;
};

struct Page {
  std::string site, url, path, file;
  std::string body;
  const nlohmann::json* truth = nullptr;
};

int Fail(const std::string& what, const absl::Status& s) {
  std::fprintf(stderr, "truth_eval: %s: %s\n", what.c_str(), std::string(s.message()).c_str());
  return 1;
}

std::string PathOf(const std::string& url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

Args ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : "";
    if (k == "--no-ocr") a.ocr = false;
    else if (k == "--seed") a.seed = std::strtoull(v, nullptr, 10), ++i;
    else if (k == "--adverts") a.adverts = std::atoll(v), ++i;
    else if (k == "--runs") a.runs = std::atoi(v), ++i;
    else if (k == "--dir") a.dir = v, ++i;
    else if (k == "--port") a.port = std::atoi(v), ++i;
    else if (k == "--connections") a.connections = std::atoi(v), ++i;
    else if (k == "--peer") a.peer = v, ++i;
    else if (k == "--examples") a.examples = std::atoi(v), ++i;
    else if (k == "--json") a.json_path = v, ++i;
  }
  return a;
}

// Crawls the served sites once into `db`; returns the advert pages in key order.
absl::StatusOr<std::vector<Page>> Crawl(const admon::config::SitesConfig& cfg, admon::store::Db* db) {
  admon::crawler::CrawlOptions o;
  o.once = true;
  o.politeness = false;
  o.progress_interval = absl::ZeroDuration();
  ADMON_ASSIGN_OR_RETURN(auto crawler, admon::crawler::Crawler::Create(cfg, db, o));
  absl::Time t0 = absl::Now();
  ADMON_ASSIGN_OR_RETURN(auto sums, crawler->Run());
  int64_t fetched = 0, errors = 0;
  for (const auto& s : sums) fetched += s.fetched, errors += s.errors;
  std::printf("crawl: %lld responses (%lld errors) in %.1f s\n", static_cast<long long>(fetched),
              static_cast<long long>(errors), absl::ToDoubleSeconds(absl::Now() - t0));
  std::vector<Page> pages;
  admon::store::CaptureStore captures(db);
  ADMON_RETURN_IF_ERROR(captures.ScanAdvertPages("", [&](const admon::store::PageState& p, const admon::store::Capture& c) {
    pages.push_back({.site = p.site, .url = c.final_url.empty() ? c.url : c.final_url, .path = PathOf(c.url),
                     .file = "", .body = c.body});
    return true;
  }));
  return pages;
}

// Writes pages/NNNNNN.html, pages/index.tsv and pages/fields.json.
absl::Status SavePages(const std::string& dir, const admon::config::SitesConfig& cfg, std::vector<Page>& pages) {
  ADMON_RETURN_IF_ERROR(admon::MakeDirsOwnerOnly(dir));
  std::string index;
  char name[32];
  for (size_t i = 0; i < pages.size(); ++i) {
    std::snprintf(name, sizeof(name), "%06zu.html", i);
    pages[i].file = name;
    ADMON_RETURN_IF_ERROR(admon::WriteFileOwnerOnly(dir + "/" + name, pages[i].body));
    index += pages[i].file + "\t" + pages[i].site + "\t" + pages[i].path + "\n";
  }
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& s : cfg.sites) fields[s.name] = s.fields;
  ADMON_RETURN_IF_ERROR(admon::WriteFileOwnerOnly(dir + "/index.tsv", index));
  return admon::WriteFileOwnerOnly(dir + "/fields.json", fields.dump(2) + "\n");
}

absl::StatusOr<std::vector<nlohmann::json>> LoadTruth(const std::string& path) {
  ADMON_ASSIGN_OR_RETURN(std::string text, admon::ReadFile(path, kMaxTruthLineBytes * 4096));
  std::vector<nlohmann::json> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    auto j = nlohmann::json::parse(text.substr(pos, nl - pos), nullptr, false);
    if (j.is_discarded()) return absl::DataLossError(path + ": bad line at byte " + std::to_string(pos));
    out.push_back(std::move(j));
    pos = nl + 1;
  }
  return out;
}

// Runs the peer; returns its last stdout line parsed as JSON (null on failure).
nlohmann::json RunPeer(const Args& a, const std::string& pages_dir, const std::string& truth_path) {
  std::string cmd = "/usr/bin/python3 " + a.peer + " " + pages_dir + " --truth " + truth_path + " --runs " +
                    std::to_string(a.runs);
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return nullptr;
  std::string last;
  char line[8192];
  while (std::fgets(line, sizeof(line), p) != nullptr) {
    std::fputs(line, stdout);
    last = line;
  }
  pclose(p);
  auto j = nlohmann::json::parse(last, nullptr, false);
  return j.is_discarded() ? nlohmann::json(nullptr) : j;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = ParseArgs(argc, argv);
  const std::string base = a.dir + "/seed-" + std::to_string(a.seed);
  std::error_code ec;
  fs::remove_all(base, ec);
  const std::string corpus = base + "/corpus";
  auto gen = admon::testsite::Generate(
      {.world = {.seed = a.seed, .adverts = a.adverts, .days = 1}, .out_dir = corpus});
  if (!gen.ok()) return Fail("generate", gen.status());
  auto truth = LoadTruth(corpus + "/" + admon::testsite::kTruthFile);
  if (!truth.ok()) return Fail("truth", truth.status());
  std::map<std::string, const nlohmann::json*> by_path;  // site + path -> truth
  for (const auto& t : *truth) by_path[t["site"].get<std::string>() + t["url"].get<std::string>()] = &t;

  admon::bench::ChildServer server;
  admon::testsite::ServerOptions so;
  so.data_dir = corpus;
  so.crawl_delay = absl::ZeroDuration();
  so.port = a.port;
  if (!server.Start(so)) return 1;
  auto cfg = admon::config::ParseSitesConfig(server.sites_yaml(), "testsite");
  if (!cfg.ok()) return Fail("sites.yaml", cfg.status());
  for (auto& s : cfg->sites) s.politeness.max_connections = a.connections;
  auto db = admon::store::Db::Open(base + "/db");
  if (!db.ok()) return Fail("db", db.status());
  auto pages = Crawl(*cfg, db->get());
  server.Stop();
  if (!pages.ok()) return Fail("crawl", pages.status());
  for (Page& p : *pages) {
    auto it = by_path.find(p.site + p.path);
    if (it != by_path.end()) p.truth = it->second;
  }
  if (auto s = SavePages(base + "/pages", *cfg, *pages); !s.ok()) return Fail("save pages", s);

  auto ex = admon::parsers::IdentifierExtractor::Create();
  if (!ex.ok()) return Fail("extractor", ex.status());
  const char* src = std::getenv("ADMON_SOURCE_DIR");
  auto gaz = admon::parsers::Gazetteer::LoadFile(std::string(src ? src : ".") + "/config/gazetteer.yaml");
  if (!gaz.ok()) return Fail("gazetteer (set ADMON_SOURCE_DIR to the repo)", gaz.status());
  auto parser = admon::parsers::PageParser::Create({}, ex->get(), gaz->get());
  if (!parser.ok()) return Fail("parser", parser.status());
  std::map<std::string, admon::parsers::FieldRules> rules;
  std::map<std::string, admon::parsers::FurnitureLearner> learners;
  for (const auto& s : cfg->sites) {
    auto r = admon::parsers::FieldRules::Compile(s.fields);
    if (!r.ok()) return Fail("fields of " + s.name, r.status());
    rules.emplace(s.name, *std::move(r));
    learners.emplace(s.name, admon::parsers::FurnitureLearner(s.name));
  }
  auto input = [](const Page& p) {
    std::string id = p.truth ? p.truth->at("advert_id").get<std::string>() : "";
    id = id.substr(id.find(':') + 1);
    return admon::parsers::PageInput{.html = p.body, .site = p.site, .url = p.url, .advert_id = id,
                                     .capture_sha256 = "", .fetched_unix = 0};
  };
  double f_cpu = CpuSeconds();
  for (const Page& p : *pages) {
    auto& l = learners.at(p.site);
    if (l.pages() < kFurnitureSamplePages) l.Add((*parser)->Features(input(p), &rules.at(p.site)));
  }
  std::map<std::string, admon::parsers::FurnitureModel> furniture;
  for (auto& [site, l] : learners) furniture.emplace(site, l.Build());
  f_cpu = CpuSeconds() - f_cpu;

  std::vector<admon::parsers::Advert> adverts(pages->size());
  std::vector<double> rates, cpu_rates;
  for (int r = 0; r < a.runs; ++r) {
    double c0 = CpuSeconds();
    absl::Time t0 = absl::Now();
    for (size_t i = 0; i < pages->size(); ++i) {
      const Page& p = (*pages)[i];
      const auto& fm = furniture.at(p.site);
      adverts[i] = (*parser)->Parse(input(p), &rules.at(p.site), fm.empty() ? nullptr : &fm);
    }
    rates.push_back(pages->size() / absl::ToDoubleSeconds(absl::Now() - t0));
    cpu_rates.push_back(pages->size() / (CpuSeconds() - c0));
  }

  int64_t ocr_images = 0;
  if (a.ocr) {
    auto ocr = admon::parsers::OcrEngine::Create();
    if (!ocr.ok()) return Fail("ocr", ocr.status());
    admon::store::CaptureStore captures(db->get());
    for (auto& ad : adverts) {
      if (!ad.phones.empty()) continue;
      for (const auto& img : ad.images) {
        auto cap = captures.GetLatest(img.url);
        if (!cap.ok() || !cap->has_value() || (*cap)->body.empty()) continue;
        auto text = (*ocr)->OcrBytes((*cap)->body, {});
        ++ocr_images;
        if (text.ok() && !text->empty()) (*parser)->AddOcrText(*text, img.url, &ad);
      }
    }
  }

  std::set<std::string> support_phones, support_emails;
  for (int s = 0; s < admon::testsite::kNumSites; ++s) {
    admon::parsers::Identifiers ids;
    (*ex)->ExtractText(admon::testsite::Site(s).support_phone, "footer", admon::parsers::Source::kText, &ids);
    for (const auto& p : ids.phones) support_phones.insert(p.e164);
    support_emails.insert(admon::testsite::Site(s).support_email);
  }
  admon::bench::TruthScorer scorer(*truth, support_phones, support_emails, a.examples);
  int64_t unmatched = 0;
  for (size_t i = 0; i < pages->size(); ++i) {
    if ((*pages)[i].truth == nullptr) {
      ++unmatched;
      continue;
    }
    scorer.Add(*(*pages)[i].truth, adverts[i]);
  }
  std::printf("corpus: seed %llu, %lld adverts in truth, %zu advert pages crawled (%lld without truth), "
              "%zu furniture identifiers learned, %lld images OCRed\n",
              static_cast<unsigned long long>(a.seed), static_cast<long long>(truth->size()), pages->size(),
              static_cast<long long>(unmatched), [&] {
                size_t n = 0;
                for (const auto& [s, m] : furniture) n += m.identifiers().size();
                return n;
              }(), static_cast<long long>(ocr_images));
  scorer.PrintTable(stdout);
  for (const std::string& e : scorer.examples()) std::printf("  %s\n", e.c_str());
  std::printf("admon parse+extract: median %.0f pages/s wall, %.0f pages/CPU-s over %d runs of %zu pages "
              "(furniture learning %.2f CPU-s, not included)\n",
              Median(rates), Median(cpu_rates), a.runs, pages->size(), f_cpu);
  nlohmann::json out = scorer.ToJson();
  out["seed"] = a.seed;
  out["pages"] = pages->size();
  out["admon_pages_per_s"] = Median(rates);
  out["admon_pages_per_cpu_s"] = Median(cpu_rates);
  if (!a.peer.empty()) {
    nlohmann::json peer = RunPeer(a, base + "/pages", corpus + "/" + admon::testsite::kTruthFile);
    if (peer.is_object()) {
      const double pw = peer.value("pages_per_s", 0.0), pc = peer.value("pages_per_cpu_s", 0.0);
      std::printf("peer (bs4+lxml+phonenumbers): median %.0f pages/s wall, %.0f pages/CPU-s; phone recall %.4f "
                  "precision %.4f\nratio admon/peer: %.1fx pages/s wall, %.1fx pages/CPU-s\n",
                  pw, pc, peer.value("phone_recall", 0.0), peer.value("phone_precision", 0.0),
                  Median(rates) / pw, Median(cpu_rates) / pc);
      out["peer"] = peer;
    } else {
      std::printf("peer failed\n");
    }
  }
  std::printf("truth_eval %s\n", out.dump().c_str());
  if (!a.json_path.empty()) {
    if (auto s = admon::WriteFileOwnerOnly(a.json_path, out.dump(2) + "\n"); !s.ok()) return Fail("json", s);
  }
  return 0;
}
