// Copyright 2026 The admon Authors.
//
// parse_bench: page parsing and image hashing throughput, and perceptual-hash
// robustness. Synthetic inputs (deterministic), so runs are comparable.
//
//   parse_bench [--pages N] [--runs R] [--images N]
//     pages/s for PageParser::Parse (site rules and generic) on 20-60 KB pages,
//     images/s for DecodeAndHash (800x600 and 2400x1800 JPEG); medians of R runs.
//   parse_bench --export DIR [--runs R] [--pages N] [--aside-only 1]
//     stored pages exported by bench/pipeline_bench.sh (DIR/pages.tsv, DIR/pages/,
//     DIR/fields.json): PageParser::Parse with each site's rules, four ways in
//     alternating runs: whole pages, script and style bodies set aside, bodies
//     and text cores set aside, and regions built too (the default;
//     parsers/html_tree.h, parsers/html_region.h); pages/CPU-s medians, ratios
//     to whole pages and to the way before, and how many adverts differ from
//     whole pages' (must be 0).
//     --pages N: the first N pages only (default all); --aside-only 1: only the
//     last way (for profiling, e.g. under valgrind --tool=callgrind);
//     --text-bytes N, --region-elements N: its thresholds (default:
//     PageParserOptions').
//   parse_bench --hash-robustness
//     Hamming distances, PHash vs AverageHash (both 64-bit), same-origin pairs
//     per transform vs different-origin pairs: min/median/max.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/img_hash.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/files.h"
#include "parsers/gazetteer.h"
#include "parsers/identifiers.h"
#include "parsers/image.h"
#include "parsers/page.h"

namespace {

using Clock = std::chrono::steady_clock;
using admon::parsers::Advert;

const char* kWords[] = {"lovely", "friendly", "new", "girl", "in", "town", "visiting", "discreet", "sweet",
                        "relaxing", "company", "available", "today", "call", "me", "for", "more", "info",
                        "the", "best", "time", "genuine", "photos", "no", "rush", "service", "clean", "apartment",
                        "central", "location", "parking", "nearby", "outcall", "incall", "weekend"};

std::string Words(std::mt19937& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i) s += ' ';
    s += kWords[rng() % (sizeof(kWords) / sizeof(kWords[0]))];
  }
  return s;
}

std::string Phone(std::mt19937& rng) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "07%03u %06u", 400 + static_cast<unsigned>(rng() % 500), static_cast<unsigned>(rng() % 1000000));
  return buf;
}

// A realistic advert page: head with CSS/JS, nav, main advert, gallery,
// featured sidebar, long footer; 20-60 KB.
std::string MakePage(int i, std::mt19937& rng) {
  std::string h = "<!doctype html><html><head><meta charset=utf-8><title>Advert " + std::to_string(i) +
                  " | Site</title><style>";
  for (int k = 0; k < 40; ++k) h += ".c" + std::to_string(k) + "{margin:0;padding:" + std::to_string(k) + "px}";
  h += "</style><script>var cfg={a:1,b:[1,2,3]};function f(){return 1}</script>"
       "<script type=\"application/ld+json\">{\"@type\":\"Person\",\"name\":\"Ad " + std::to_string(i) +
       "\"}</script></head><body><header><nav><ul>";
  for (int k = 0; k < 150; ++k) h += "<li><a href=\"/town/t" + std::to_string(k) + "\">Town " + std::to_string(k) + "</a></li>";
  h += "</ul></nav></header><main><div class=\"ad\"><h1 class=\"ad-title\">" + Words(rng, 6) +
       "</h1><div class=\"profile\"><span class=\"name\">Name" + std::to_string(i) + "</span> <span class=\"age\">Age: " +
       std::to_string(19 + rng() % 20) + "</span></div><div class=\"location\">Leeds LS1</div><ul class=\"rates\">"
       "<li>30 min £80</li><li>1 hour £150</li></ul><div class=\"description\">";
  int paras = 6 + static_cast<int>(rng() % 20);
  for (int k = 0; k < paras; ++k) h += "<p>" + Words(rng, 60 + static_cast<int>(rng() % 60)) + "</p>";
  h += "<p>Call " + Phone(rng) + " or email ad" + std::to_string(i) + "@example.com</p></div>"
       "<p class=\"phone\" data-phone=\"" + Phone(rng) + "\">Show</p><div class=\"gallery\">";
  for (int k = 0; k < 8; ++k) h += "<img src=\"/img/" + std::to_string(i) + "_" + std::to_string(k) + ".jpg\" alt=\"photo\">";
  h += "</div></div></main><aside class=\"featured\">";
  for (int k = 0; k < 20; ++k) {
    h += "<div class=\"card\"><img src=\"/img/f" + std::to_string(k) + ".jpg\"><p>" + Words(rng, 12) + " " + Phone(rng) + "</p></div>";
  }
  h += "</aside><footer>";
  int footer = 150 + static_cast<int>(rng() % 500);
  for (int k = 0; k < footer; ++k) h += "<a href=\"/page/" + std::to_string(k) + "\" class=\"fl\">" + Words(rng, 3) + "</a> ";
  h += "<p>Support 0113 496 0000 support@site-help.com</p></footer></body></html>";
  return h;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

cv::Mat Procedural(int seed, int w, int h) {
  cv::RNG rng(seed);
  cv::Mat m(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      m.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>((x * 255 / w + seed * 37) % 256),
                                        static_cast<uchar>((y * 255 / h + seed * 11) % 256),
                                        static_cast<uchar>(((x + y) * 255 / (w + h) + seed * 5) % 256));
  for (int i = 0; i < 14; ++i) {
    cv::Scalar c(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256));
    cv::Point p(rng.uniform(0, w), rng.uniform(0, h));
    if (i % 2 == 0) cv::circle(m, p, rng.uniform(h / 20, h / 3), c, cv::FILLED);
    else cv::rectangle(m, p, cv::Point(rng.uniform(0, w), rng.uniform(0, h)), c, cv::FILLED);
  }
  cv::GaussianBlur(m, m, cv::Size(5, 5), 1.5);
  return m;
}

std::string Jpeg(const cv::Mat& m, int q) {
  std::vector<uchar> buf;
  cv::imencode(".jpg", m, buf, {cv::IMWRITE_JPEG_QUALITY, q});
  return std::string(buf.begin(), buf.end());
}

cv::Mat DecodeJpeg(const std::string& s) {
  return cv::imdecode(cv::Mat(1, static_cast<int>(s.size()), CV_8UC1, const_cast<char*>(s.data())), cv::IMREAD_COLOR);
}

uint64_t Hash(cv::Ptr<cv::img_hash::ImgHashBase> h, const cv::Mat& m) {
  cv::Mat out;
  h->compute(m, out);
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | out.at<uint8_t>(0, i);
  return v;
}

// The file's bytes (common/files.h); exits naming the path if it cannot be read.
std::string ReadOrDie(const std::string& path) {
  absl::StatusOr<std::string> bytes = admon::ReadFile(path);
  if (!bytes.ok()) {
    std::fprintf(stderr, "parse_bench: %s\n", std::string(bytes.status().message()).c_str());
    std::exit(1);
  }
  return *std::move(bytes);
}

// Parses every exported page whole, with bodies set aside, and with bodies and text set aside.
int ExportedPages(const std::string& dir, int runs, size_t limit, bool aside_only, size_t text_bytes, int region_elements,
                  const admon::parsers::IdentifierExtractor* ex, const admon::parsers::Gazetteer* gaz) {
  std::map<std::string, admon::parsers::FieldRules> rules;
  const nlohmann::json sites = nlohmann::json::parse(ReadOrDie(dir + "/fields.json"), nullptr, false);
  if (!sites.is_object()) {
    std::fprintf(stderr, "%s/fields.json: not a JSON object\n", dir.c_str());
    return 1;
  }
  for (const auto& [site, fields] : sites.items()) {
    auto r = admon::parsers::FieldRules::Compile(fields.get<std::map<std::string, std::string>>());
    if (!r.ok()) {
      std::fprintf(stderr, "%s: rules of %s: %s\n", dir.c_str(), site.c_str(), std::string(r.status().message()).c_str());
      return 1;
    }
    rules.emplace(site, std::move(*r));
  }
  struct Page {
    std::string html, site, url;
  };
  std::vector<Page> pages;
  size_t bytes = 0;
  std::istringstream tsv(ReadOrDie(dir + "/pages.tsv"));
  for (std::string line; pages.size() < limit && std::getline(tsv, line);) {
    std::istringstream cols(line);
    Page p;
    std::string file;
    std::getline(cols, file, '\t');
    std::getline(cols, p.site, '\t');
    std::getline(cols, p.url, '\t');
    if (rules.count(p.site) == 0) continue;
    p.html = ReadOrDie(dir + "/pages/" + file);
    bytes += p.html.size();
    pages.push_back(std::move(p));
  }
  if (pages.empty()) {
    std::fprintf(stderr, "%s: no pages with rules\n", dir.c_str());
    return 1;
  }
  std::printf("corpus: %zu pages, mean %.1f KB\n", pages.size(), bytes / 1024.0 / pages.size());
  // Each step turns one more set-aside on; the last is PageParser's default
  // (with --text-bytes / --region-elements as given).
  struct Mode {
    const char* name;
    admon::parsers::PageParserOptions options;
  };
  const std::vector<Mode> modes = {
      {"parse whole pages", {.set_aside_raw_text_bytes = 0, .set_aside_text_bytes = 0, .set_aside_region_elements = 0}},
      {"bodies set aside", {.set_aside_text_bytes = 0, .set_aside_region_elements = 0}},
      {"bodies and text set aside", {.set_aside_text_bytes = text_bytes, .set_aside_region_elements = 0}},
      {"and regions built", {.set_aside_text_bytes = text_bytes, .set_aside_region_elements = region_elements}},
  };
  std::vector<std::unique_ptr<admon::parsers::PageParser>> parsers;
  for (const Mode& m : modes) {
    auto parser = admon::parsers::PageParser::Create(m.options, ex, gaz);
    if (!parser.ok()) {
      std::fprintf(stderr, "PageParser::Create failed\n");
      return 1;
    }
    parsers.push_back(*std::move(parser));
  }
  const size_t last = modes.size() - 1;
  std::vector<std::string> first(pages.size());
  std::vector<size_t> differ(modes.size());
  std::vector<std::vector<double>> cpu_rates(modes.size());
  for (int r = 0; r < runs; ++r) {
    for (size_t mode = aside_only ? last : 0; mode < modes.size(); ++mode) {
      std::clock_t c0 = std::clock();
      std::vector<std::string> out(pages.size());
      for (size_t i = 0; i < pages.size(); ++i) {
        admon::parsers::PageInput in{.html = pages[i].html, .site = pages[i].site, .url = pages[i].url,
                                     .advert_id = std::to_string(i), .capture_sha256 = "", .fetched_unix = 0};
        Advert a = parsers[mode]->Parse(in, &rules.at(pages[i].site), nullptr);
        if (r == 0) out[i] = nlohmann::json(a).dump();
      }
      cpu_rates[mode].push_back(pages.size() / (double(std::clock() - c0) / CLOCKS_PER_SEC));
      for (size_t i = 0; r == 0 && i < pages.size(); ++i) {
        if (mode == 0) first[i] = std::move(out[i]);
        else if (!aside_only) differ[mode] += first[i] != out[i];
      }
    }
  }
  if (aside_only) {
    std::printf("%-26s median %.0f pages/CPU-s over %d runs\n", modes[last].name, Median(cpu_rates[last]), runs);
    return 0;
  }
  size_t differ_total = 0;
  for (size_t m = 0; m < modes.size(); ++m) {
    const double rate = Median(cpu_rates[m]);
    std::printf("%-26s median %.0f pages/CPU-s over %d runs", modes[m].name, rate, runs);
    if (m > 0) {
      std::printf(" (%.2fx whole, %.2fx the line above; adverts that differ from whole pages': %zu of %zu)", 
                  rate / Median(cpu_rates[0]), rate / Median(cpu_rates[m - 1]), differ[m], pages.size());
    }
    std::printf("\n");
    differ_total += differ[m];
  }
  return differ_total == 0 ? 0 : 1;
}

int HashRobustness() {
  std::map<std::string, std::function<cv::Mat(const cv::Mat&)>> transforms = {
      {"jpeg_q50", [](const cv::Mat& m) { return DecodeJpeg(Jpeg(m, 50)); }},
      {"jpeg_q75", [](const cv::Mat& m) { return DecodeJpeg(Jpeg(m, 75)); }},
      {"jpeg_q95", [](const cv::Mat& m) { return DecodeJpeg(Jpeg(m, 95)); }},
      {"resize_0.5", [](const cv::Mat& m) { cv::Mat o; cv::resize(m, o, cv::Size(), 0.5, 0.5, cv::INTER_AREA); return o; }},
      {"crop_5pct", [](const cv::Mat& m) { return m(cv::Rect(m.cols / 40, m.rows / 40, m.cols * 19 / 20, m.rows * 19 / 20)).clone(); }},
      {"crop_10pct", [](const cv::Mat& m) { return m(cv::Rect(m.cols / 20, m.rows / 20, m.cols * 9 / 10, m.rows * 9 / 10)).clone(); }},
      {"mirror", [](const cv::Mat& m) { cv::Mat o; cv::flip(m, o, 1); return o; }},
      {"brightness_+30", [](const cv::Mat& m) { cv::Mat o; m.convertTo(o, -1, 1.0, 30); return o; }},
      {"watermark", [](const cv::Mat& m) { cv::Mat o = m.clone(); cv::putText(o, "SITE.COM", cv::Point(o.cols / 10, o.rows * 9 / 10), cv::FONT_HERSHEY_DUPLEX, o.cols / 400.0, cv::Scalar(255, 255, 255), 3); return o; }},
      {"border_5pct", [](const cv::Mat& m) { cv::Mat o; int b = m.cols / 20; cv::copyMakeBorder(m, o, b, b, b, b, cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0)); return o; }},
      {"q60_resize_crop5", [](const cv::Mat& m) { cv::Mat c = m(cv::Rect(m.cols / 40, m.rows / 40, m.cols * 19 / 20, m.rows * 19 / 20)); cv::Mat o; cv::resize(c, o, cv::Size(), 0.5, 0.5, cv::INTER_AREA); return DecodeJpeg(Jpeg(o, 60)); }},
  };
  std::map<std::string, cv::Ptr<cv::img_hash::ImgHashBase>> hashes = {
      {"phash", cv::img_hash::PHash::create()}, {"average", cv::img_hash::AverageHash::create()}};
  const int kImages = 40;
  std::vector<cv::Mat> originals;
  for (int s = 0; s < kImages; ++s) originals.push_back(Procedural(1000 + s, 640, 480));
  auto summary = [](std::vector<int> d) {
    std::sort(d.begin(), d.end());
    char buf[96];
    std::snprintf(buf, sizeof(buf), "min %2d  median %2d  p95 %2d  max %2d", d.front(), d[d.size() / 2],
                  d[d.size() * 95 / 100], d.back());
    return std::string(buf);
  };
  for (auto& [hname, h] : hashes) {
    std::vector<uint64_t> base;
    for (const cv::Mat& m : originals) base.push_back(Hash(h, m));
    std::printf("%s (64-bit), %d procedural 640x480 images\n", hname.c_str(), kImages);
    for (auto& [tname, t] : transforms) {
      std::vector<int> d;
      for (int s = 0; s < kImages; ++s) d.push_back(admon::parsers::PhashDistance(base[s], Hash(h, t(originals[s]))));
      std::printf("  same-origin %-18s %s\n", tname.c_str(), summary(d).c_str());
    }
    std::vector<int> diff;
    for (int a = 0; a < kImages; ++a)
      for (int b = a + 1; b < kImages; ++b) diff.push_back(admon::parsers::PhashDistance(base[a], base[b]));
    std::printf("  different-origin %-13s %s\n", "", summary(diff).c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int pages = 300, runs = 5, images = 60;
  std::string export_dir;
  bool aside_only = false;
  size_t text_bytes = admon::parsers::PageParserOptions{}.set_aside_text_bytes;
  int region_elements = admon::parsers::PageParserOptions{}.set_aside_region_elements;
  bool pages_given = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--hash-robustness")) return HashRobustness();
    if (!std::strcmp(argv[i], "--pages") && i + 1 < argc) {
      pages = std::atoi(argv[++i]);
      pages_given = true;
    } else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--images") && i + 1 < argc) images = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--export") && i + 1 < argc) export_dir = argv[++i];
    else if (!std::strcmp(argv[i], "--aside-only") && i + 1 < argc) aside_only = std::strcmp(argv[++i], "0") != 0;
    else if (!std::strcmp(argv[i], "--text-bytes") && i + 1 < argc) text_bytes = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--region-elements") && i + 1 < argc) region_elements = std::atoi(argv[++i]);
  }
  auto ex = admon::parsers::IdentifierExtractor::Create();
  const char* dir = std::getenv("ADMON_SOURCE_DIR");
  auto gaz = admon::parsers::Gazetteer::LoadFile(std::string(dir ? dir : ".") + "/config/gazetteer.yaml");
  if (!ex.ok() || !gaz.ok()) {
    std::fprintf(stderr, "setup failed (set ADMON_SOURCE_DIR to the repo): %s\n",
                 std::string(gaz.ok() ? ex.status().message() : gaz.status().message()).c_str());
    return 1;
  }
  if (!export_dir.empty()) {
    const size_t limit = pages_given ? static_cast<size_t>(std::max(pages, 1)) : SIZE_MAX;
    return ExportedPages(export_dir, runs, limit, aside_only, text_bytes, region_elements, ex->get(), gaz->get());
  }
  auto parser = admon::parsers::PageParser::Create({}, ex->get(), gaz->get());
  auto rules = admon::parsers::FieldRules::Compile({{"title", "h1.ad-title"}, {"name", ".profile .name"},
      {"age", ".age"}, {"location", ".location"}, {"price", ".rates li"}, {"description", ".description"},
      {"phone", ".phone[data-phone]"}, {"images", ".gallery img"}});
  std::mt19937 rng(42);
  std::vector<std::string> corpus;
  size_t bytes = 0;
  for (int i = 0; i < pages; ++i) {
    corpus.push_back(MakePage(i, rng));
    bytes += corpus.back().size();
  }
  std::printf("corpus: %d pages, mean %.1f KB\n", pages, bytes / 1024.0 / pages);
  for (int mode = 0; mode < 2; ++mode) {
    std::vector<double> rates, cpu_rates;
    size_t phones = 0;
    for (int r = 0; r < runs; ++r) {
      auto t0 = Clock::now();
      std::clock_t c0 = std::clock();
      for (int i = 0; i < pages; ++i) {
        admon::parsers::PageInput in{.html = corpus[i], .site = "bench", .url = "http://127.0.0.1/advert/" + std::to_string(i),
                                     .advert_id = std::to_string(i), .capture_sha256 = "", .fetched_unix = 0};
        Advert a = (*parser)->Parse(in, mode == 0 ? &*rules : nullptr, nullptr);
        phones += a.phones.size();
      }
      rates.push_back(pages / std::chrono::duration<double>(Clock::now() - t0).count());
      cpu_rates.push_back(pages / (double(std::clock() - c0) / CLOCKS_PER_SEC));
    }
    std::printf("parse %-8s median %.0f pages/s wall, %.0f pages/CPU-s over %d runs (%.1f phones/page)\n",
                mode == 0 ? "rules" : "generic", Median(rates), Median(cpu_rates), runs, double(phones) / (runs * pages));
  }
  for (auto [w, h] : {std::pair{800, 600}, std::pair{2400, 1800}}) {
    std::vector<std::string> jpgs;
    for (int i = 0; i < 8; ++i) jpgs.push_back(Jpeg(Procedural(i, w, h), 85));
    std::vector<double> rates, cpu_rates;
    for (int r = 0; r < runs; ++r) {
      auto t0 = Clock::now();
      std::clock_t c0 = std::clock();
      for (int i = 0; i < images; ++i) {
        auto img = admon::parsers::DecodeAndHash(jpgs[i % jpgs.size()], {});
        if (!img.hashed) std::fprintf(stderr, "hash failed: %s\n", img.error.c_str());
      }
      rates.push_back(images / std::chrono::duration<double>(Clock::now() - t0).count());
      cpu_rates.push_back(images / (double(std::clock() - c0) / CLOCKS_PER_SEC));
    }
    std::printf("decode+hash %dx%d JPEG (%zu KB): median %.0f images/s wall, %.0f images/CPU-s over %d runs\n", w, h,
                jpgs[0].size() / 1024, Median(rates), Median(cpu_rates), runs);
  }
  return 0;
}
