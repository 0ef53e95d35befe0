// Copyright 2026 The admon Authors.
//
// The whole job end to end, as an analyst runs it: synthetic test site on
// loopback -> `admon run --once` -> advance simulated days -> `admon run
// --once` -> report, clusters, evaluation against ground truth, referral,
// audit. Real HTTP, real RocksDB, real images.
#include <algorithm>
#include <fstream>
#include <utility>
#include <vector>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <unistd.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "testsite/generate.h"
#include "testsite/server.h"
#include "tests/cli_runner.h"

namespace admon::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kChromium[] = "/usr/bin/chromium";  // Debian package `chromium` (scripts/install-deps)

// Renders `html` in headless Chromium, offline (file:// URL, background
// networking off), into `png`. Returns "" or what went wrong.
std::string Screenshot(const std::string& html, const std::string& png, const std::string& scratch) {
  const std::string cmd = std::string("timeout 120 ") + kChromium +
                          " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                          " --disable-background-networking --disable-component-update --disable-sync"
                          " --user-data-dir='" + scratch + "/chromium-profile' --screenshot='" + png +
                          "' --window-size=1400,5000 'file://" + html + "' >'" + scratch + "/chromium.log' 2>&1";
  if (std::system(cmd.c_str()) != 0) return "chromium failed; see " + scratch + "/chromium.log";
  return "";
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class MonitoringE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(FreshTempDir("monitoring"));
    testsite::GenerateOptions gen;
    gen.world = {.seed = 11, .adverts = 240, .days = 6};
    gen.out_dir = *dir_ + "/site";
    ASSERT_TRUE(testsite::Generate(gen).ok());
    auto server = testsite::Server::Start({.data_dir = gen.out_dir, .crawl_delay = absl::Milliseconds(5)});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    std::ofstream(*dir_ + "/sites.yaml") << server_->SitesYaml();
  }
  static void TearDownTestSuite() {
    if (server_ != nullptr) server_->Stop();
    delete server_;
    server_ = nullptr;
  }

  static CliResult Run(const std::string& as_of) {
    return RunAdmon({"run", "--config", *dir_ + "/sites.yaml", "--db", *dir_ + "/db", "--out", *dir_ + "/reports",
                     "--once", "--as-of", as_of, "--indicators", SourcePath("config/indicators.yaml"),
                     "--gazetteer", SourcePath("config/gazetteer.yaml")});
  }

  static std::string* dir_;
  static testsite::Server* server_;
};
std::string* MonitoringE2E::dir_ = nullptr;
testsite::Server* MonitoringE2E::server_ = nullptr;

TEST_F(MonitoringE2E, TwoDailyCyclesProduceAReportThatRanksNetworksFirst) {
  CliResult first = Run("2026-03-02");
  ASSERT_EQ(first.exit_code, 0) << first;
  EXPECT_THAT(first.out, HasSubstr("report: "));
  EXPECT_EQ(server_->Stats()["total"]["violations"].get<int64_t>(), 0) << server_->Stats().dump(2);

  ASSERT_TRUE(server_->Advance().ok());
  ASSERT_TRUE(server_->Advance().ok());
  CliResult second = Run("2026-03-04");
  ASSERT_EQ(second.exit_code, 0) << second;
  EXPECT_EQ(server_->Stats()["total"]["violations"].get<int64_t>(), 0) << server_->Stats().dump(2);

  // The day's report exists in all three forms and is owner-only.
  std::string html = Slurp(*dir_ + "/reports/report-2026-03-04.html");
  std::string json_text = Slurp(*dir_ + "/reports/report-2026-03-04.json");
  ASSERT_FALSE(html.empty());
  ASSERT_FALSE(json_text.empty());
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(html, ::testing::Not(HasSubstr("<script")));
  nlohmann::json report = nlohmann::json::parse(json_text);
  EXPECT_EQ(report["date"], "2026-03-04");
  EXPECT_GT(report["summary"]["adverts_seen"].get<int64_t>(), 0);
  // Days passed on the site: some adverts went and some came.
  EXPECT_GT(report["summary"]["adverts_new"].get<int64_t>() + report["summary"]["adverts_removed"].get<int64_t>(), 0)
      << report["summary"].dump(2);
  // Changed adverts were seen before the day; live adverts carried over count as seen.
  const auto& summary = report["summary"];
  EXPECT_LE(summary["adverts_changed"].get<int64_t>(),
            summary["adverts_seen"].get<int64_t>() - summary["adverts_new"].get<int64_t>());
  EXPECT_GT(summary["adverts_seen"].get<int64_t>(), summary["adverts_new"].get<int64_t>())
      << "adverts seen again unchanged must count as seen";
  // Crawl health carries the crawler's own politeness counters.
  ASSERT_EQ(report["crawl"].size(), 3u) << report["crawl"].dump(2);
  for (const auto& site : report["crawl"]) {
    EXPECT_EQ(site["politeness_violations"].get<int64_t>(), 0) << site.dump();
    EXPECT_GT(site["politeness_waits"].get<int64_t>(), 0) << site.dump();
    EXPECT_GT(site["pages"].get<int64_t>(), 0) << site.dump();
  }

  // The report renders in a browser with its network pictures visible. The
  // screenshot is kept as an artifact of the test run.
  if (::access(kChromium, X_OK) != 0) {
    ADD_FAILURE() << kChromium << " missing: scripts/install-deps installs it";
  } else {
    const std::string png = ArtifactPath("report-2026-03-04.png");
    ASSERT_EQ(Screenshot(*dir_ + "/reports/report-2026-03-04.html", png, *dir_), "");
    cv::Mat img;
    try {
      img = cv::imread(png, cv::IMREAD_COLOR);
    } catch (const cv::Exception& e) {
      FAIL() << png << ": OpenCV: " << e.what();
    }
    ASSERT_FALSE(img.empty()) << png;
    EXPECT_EQ(img.cols, 1400);
    cv::Mat gray;
    cv::cvtColor(img, gray, cv::COLOR_BGR2GRAY);
    cv::Scalar mean, stddev;
    cv::meanStdDev(gray, mean, stddev);
    EXPECT_GT(stddev[0], 10.0) << png << " is (nearly) uniform: the page did not render";
    // Phone nodes of the network pictures are filled #cfe3ff (report/graph.cc).
    cv::Mat phone_nodes;
    cv::inRange(img, cv::Scalar(245, 220, 200), cv::Scalar(255, 234, 214), phone_nodes);
    EXPECT_GT(cv::countNonZero(phone_nodes), 300) << png << ": no network picture visible";
    // The urgent badge (#b00020) is drawn.
    cv::Mat red;
    cv::inRange(img, cv::Scalar(0, 0, 150), cv::Scalar(60, 60, 255), red);
    EXPECT_GT(cv::countNonZero(red), 100) << png;
  }

  // Ground truth: which networks are exploitation.
  std::map<std::string, std::string> kind_of_advert;  // advert id -> kind
  std::ifstream truth(*dir_ + "/site/truth.jsonl");
  for (std::string line; std::getline(truth, line);) {
    auto t = nlohmann::json::parse(line);
    kind_of_advert[t["advert_id"].get<std::string>()] = t["kind"].get<std::string>();  // "<site>:<id>"
  }
  ASSERT_FALSE(kind_of_advert.empty());

  // Ranked as the HTML shows them (urgent first, then score): exploitation
  // networks are flagged and among the top clusters; independent posters are
  // not flagged. (Openly branded agencies still rank beside networks: their
  // one-phone-many-names shape and third-person language fire the same
  // markers. That is the known gap, recorded in docs/indicators.md.)
  ASSERT_TRUE(report["clusters"].is_array());
  std::vector<nlohmann::json> ranked(report["clusters"].begin(), report["clusters"].end());
  auto rank = [](const nlohmann::json& c) {
    std::string f = c["flag"].get<std::string>();
    return std::make_pair(f == "urgent" ? 2 : f == "review" ? 1 : 0, c["score"].get<double>());
  };
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](const nlohmann::json& a, const nlohmann::json& b) { return rank(a) > rank(b); });
  int position = 0, exploitation_in_top = 0, exploitation_clusters = 0, exploitation_flagged = 0;
  int independent_adverts = 0, independent_flagged = 0;
  std::string top_kinds;
  for (const auto& c : ranked) {
    std::map<std::string, int> kinds;
    for (const auto& a : c["adverts"]) {
      const std::string& kind = kind_of_advert[a["id"].get<std::string>()];
      ++kinds[kind];
      if (kind == "independent") {
        ++independent_adverts;
        independent_flagged += a["flag"] != "none" ? 1 : 0;
      }
    }
    std::string majority;
    int best = 0;
    for (const auto& [k, n] : kinds) {
      if (n > best) best = n, majority = k;
    }
    if (majority == "exploitation") {
      ++exploitation_clusters;
      exploitation_flagged += c["flag"] != "none" ? 1 : 0;
      exploitation_in_top += position < 5 ? 1 : 0;
    }
    if (position < 5) top_kinds += absl::StrCat(c["id"].get<std::string>(), "=", majority, " ");
    ++position;
  }
  ASSERT_GT(exploitation_clusters, 0);
  EXPECT_EQ(exploitation_flagged, exploitation_clusters);
  EXPECT_GE(exploitation_in_top, 1) << "top clusters: " << top_kinds;
  ASSERT_GT(independent_adverts, 0);
  EXPECT_LE(independent_flagged, independent_adverts / 50) << "more than 2% of independent adverts flagged";

  // Clustering against ground truth.
  CliResult eval = RunAdmon({"eval", "--db", *dir_ + "/db", "--truth", *dir_ + "/site/truth.jsonl"});
  ASSERT_EQ(eval.exit_code, 0) << eval;
  auto scores = nlohmann::json::parse(eval.out);
  // Merging unrelated posters is worse than splitting a network.
  EXPECT_GE(scores["bcubed"]["precision"].get<double>(), 0.8) << eval.out;
  EXPECT_GE(scores["bcubed"]["recall"].get<double>(), 0.95) << eval.out;

  // A cluster explains itself: every link is evidence, and a link to an
  // advert outside the cluster says which cluster holds it (it did not merge).
  ASSERT_FALSE(ranked.empty());
  const std::string top = ranked[0]["id"].get<std::string>();
  CliResult show = RunAdmon({"cluster", "show", top, "--db", *dir_ + "/db", "--json"});
  ASSERT_EQ(show.exit_code, 0) << show;
  auto shown = nlohmann::json::parse(show.out);
  EXPECT_FALSE(shown["links"].empty()) << show.out;
  for (const auto& l : shown["links"]) {
    if (l["in_cluster"].get<bool>()) continue;
    EXPECT_FALSE(l["other_cluster"].get<std::string>().empty()) << l.dump();
    EXPECT_NE(l["other_cluster"].get<std::string>(), top) << l.dump();
  }
  // Related clusters sum up those links by the cluster they reach, hub links
  // aside: every one is another cluster that some non-hub outside link reaches.
  std::set<std::string> reached;
  for (const auto& l : shown["links"]) {
    if (!l["in_cluster"].get<bool>() && !l["hub"].get<bool>()) reached.insert(l["other_cluster"].get<std::string>());
  }
  ASSERT_TRUE(shown["related"].is_array()) << show.out;
  EXPECT_EQ(shown["related"].size(), std::min<size_t>(reached.size(), 20)) << show.out;
  for (const auto& r : shown["related"]) EXPECT_TRUE(reached.count(r["id"].get<std::string>())) << r.dump();

  // Every disclosure is audited and the chain verifies.
  CliResult audit = RunAdmon({"audit", "verify", "--db", *dir_ + "/db"});
  EXPECT_EQ(audit.exit_code, 0) << audit;
  EXPECT_THAT(audit.out, HasSubstr("audit log intact: 2 entries"));
}

}  // namespace
}  // namespace admon::testing
