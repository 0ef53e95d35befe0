// Copyright 2026 The admon Authors.
//
// Hostile servers (issue 9): the crawler and the processing pipeline against
// tests/hostile_server.h on 127.0.0.1, each test crawling a hostile host and a
// good host in the same run. Every case must end the crawl (short fetch
// limits: no hang), leave the good host fully crawled, record the failure on
// the stored capture and page state, and keep the process's peak RSS growth
// bounded; the processing half must turn hostile pages and images into
// diagnostics, not crashes.
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "app/pipeline.h"
#include "config/sites.h"
#include "crawler/crawler.h"
#include "crawler/robots.h"
#include "crawler/transport.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "store/captures.h"
#include "store/record.h"
#include "tests/hostile_server.h"

namespace admon::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int kGoodAdverts = 6;
constexpr uint64_t kMaxBody = 8u << 20;        // the crawler's default max_body
#if defined(__SANITIZE_ADDRESS__)
#define ADMON_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ADMON_ASAN 1
#endif
#endif
#ifdef ADMON_ASAN
// ASan keeps up to 256 MB of freed memory in quarantine and adds redzones.
constexpr int64_t kMaxRssGrowthKb = 600 << 10;
#else
constexpr int64_t kMaxRssGrowthKb = 200 << 10;  // 200 MB: far below a GB-sized inflate or decode
#endif

// Peak resident set (VmHWM) in kB; `reset` first clears it (Linux >= 4.0).
int64_t PeakRssKb(bool reset = false) {
  if (reset) std::ofstream("/proc/self/clear_refs") << "5";
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, "VmHWM:")) return std::stoll(line.substr(6));
  }
  return -1;
}

// Records every URL the crawler asks the network for.
class RecordingTransport final : public crawler::Transport {
 public:
  explicit RecordingTransport(std::vector<std::string>* urls) : urls_(urls), inner_(crawler::NewCurlTransport()) {}
  void Start(crawler::FetchRequest request) override {
    urls_->push_back(request.url);
    inner_->Start(std::move(request));
  }
  std::vector<crawler::FetchResult> Wait(absl::Duration max_wait) override { return inner_->Wait(max_wait); }
  size_t in_flight() const override { return inner_->in_flight(); }

 private:
  std::vector<std::string>* urls_;
  std::unique_ptr<crawler::Transport> inner_;
};

config::SiteConfig SiteFor(const HostileServer& server, const std::string& name) {
  config::SiteConfig s;
  s.name = name;
  s.seeds = {server.Url("/")};
  s.allow_private_addresses = true;  // loopback test hosts
  s.user_agent = "admon-test/0.1";
  s.urls.listing = R"(^/$)";
  s.urls.advert = R"(^/advert/([a-z0-9-]+)$)";
  s.urls.image = "^/img/";
  s.politeness.min_delay = absl::Milliseconds(2);
  s.politeness.max_connections = 4;
  // Short limits so hostile responses are cut in seconds: a body slower than
  // 100 B/s for 2 s is a timeout.
  s.fetch.connect_timeout = absl::Seconds(2);
  s.fetch.timeout = absl::Seconds(10);
  s.fetch.low_speed_limit = 100;
  s.fetch.low_speed_time = absl::Seconds(2);
  s.fetch.max_body = kMaxBody;
  return s;
}

class HostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto good = HostileServer::Start();
    ASSERT_TRUE(good.ok()) << good.status();
    good_ = std::move(*good);
    std::vector<std::string> names;
    for (int i = 1; i <= kGoodAdverts; ++i) {
      std::string name = absl::StrCat("good-", i);
      names.push_back(name);
      good_->Route("/advert/" + name, Whole(AdvertHtml(name, absl::StrCat("/img/good-", i, ".jpg"))));
      good_->Route(absl::StrCat("/img/good-", i, ".jpg"), Whole(SmallJpeg(i), "image/jpeg"));
    }
    good_->Route("/", Whole(ListingHtml(names)));
    good_->Route("/robots.txt", Whole("User-agent: *\nAllow: /\n", "text/plain"));

    auto bad = HostileServer::Start();
    ASSERT_TRUE(bad.ok()) << bad.status();
    bad_ = std::move(*bad);
    bad_->Route("/robots.txt", Whole("User-agent: *\nAllow: /\n", "text/plain"));
    // A normal advert on the hostile host: the host itself keeps working.
    AddCase("fine", Whole(AdvertHtml("fine")));

    std::string dir = ::testing::TempDir() + "/hostile_" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir);
    auto db = store::Db::Open(dir);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  // An advert page /advert/<name> of the hostile site answering `reply`.
  // `own_host`: served by a host of its own (another port), so that
  // per-host failure backoff from other cases cannot stack up on it.
  void AddCase(const std::string& name, Reply reply, bool own_host = false) {
    HostileServer* host = bad_.get();
    if (own_host) {
      auto s = HostileServer::Start();
      ASSERT_TRUE(s.ok()) << s.status();
      host = s->get();
      host->Route("/", Whole(ListingHtml({name})));
      host->Route("/robots.txt", Whole("User-agent: *\nAllow: /\n", "text/plain"));
      extra_.push_back(std::move(*s));
    } else {
      bad_cases_.push_back(name);
      bad_->Route("/", Whole(ListingHtml(bad_cases_)));
    }
    cases_.push_back(name);
    host_of_[name] = host;
    host->Route("/advert/" + name, std::move(reply));
  }
  std::string CaseUrl(const std::string& name) const { return host_of_.at(name)->Url("/advert/" + name); }
  int64_t CaseRequests(const std::string& name) const { return host_of_.at(name)->Requests("/advert/" + name); }

  config::SitesConfig Sites() const {
    config::SitesConfig cfg;
    cfg.sites = {SiteFor(*bad_, "hostile"), SiteFor(*good_, "good")};
    for (const auto& host : extra_) cfg.sites[0].seeds.push_back(host->Url("/"));
    return cfg;
  }

  // One crawl cycle of both sites; returns the peak RSS growth in kB.
  int64_t Crawl() {
    int64_t before = PeakRssKb(/*reset=*/true);
    crawler::CrawlOptions o;
    o.once = true;
    o.backoff_base = absl::Milliseconds(10);
    o.max_attempts = 2;                 // one retry: enough to show retries end
    o.max_consecutive_failures = 1000;  // every case gets fetched (host pausing is crawler_test's)
    o.progress_interval = absl::ZeroDuration();
    cfg_ = Sites();
    auto c = crawler::Crawler::Create(cfg_, db_.get(), std::move(o), std::make_unique<RecordingTransport>(&requested_));
    EXPECT_TRUE(c.ok()) << c.status();
    if (!c.ok()) return -1;
    auto s = (*c)->Run();
    EXPECT_TRUE(s.ok()) << s.status();
    if (s.ok()) summaries_ = *s;
    return PeakRssKb() - before;
  }

  // The latest capture record (attempt, stored or not) of `url`.
  std::optional<store::Capture> LastAttempt(const std::string& url) {
    std::vector<store::Capture> attempts;
    absl::Status st = store::CaptureStore(db_.get()).ScanSince(absl::UnixEpoch(), [&](const store::Capture& c) {
      if (c.url == url) attempts.push_back(c);
      return true;  // key order: a URL's captures are adjacent, oldest first
    });
    EXPECT_TRUE(st.ok()) << st;
    if (attempts.empty()) return std::nullopt;
    return attempts.back();
  }
  std::optional<store::PageState> Page(const std::string& url) {
    auto p = store::CaptureStore(db_.get()).GetPage(url);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *p : std::nullopt;
  }
  std::string Describe(const std::string& url) {
    auto c = LastAttempt(url);
    if (!c.has_value()) return "no capture of " + url;
    std::ostringstream os;
    os << *c;
    return os.str();
  }
  bool Stored(const std::string& url) {
    auto p = Page(url);
    return p.has_value() && p->copies > 0;
  }

  // The failure is on the last capture of `name` and on its page state.
  void ExpectFailure(const std::string& name, const std::string& error_prefix) {
    SCOPED_TRACE("case " + name);
    auto c = LastAttempt(CaseUrl(name));
    ASSERT_TRUE(c.has_value()) << "no capture recorded";
    EXPECT_THAT(c->error, StartsWith(error_prefix)) << *c;
    auto p = Page(CaseUrl(name));
    ASSERT_TRUE(p.has_value());
    EXPECT_THAT(p->last_error, StartsWith(error_prefix)) << *p;
    EXPECT_EQ(p->copies, 0) << "a failed fetch became a stored copy";
  }

  // The good host was crawled completely, and nothing was left queued.
  void ExpectGoodHostComplete() {
    for (int i = 1; i <= kGoodAdverts; ++i) {
      EXPECT_TRUE(Stored(good_->Url(absl::StrCat("/advert/good-", i)))) << i;
      EXPECT_TRUE(Stored(good_->Url(absl::StrCat("/img/good-", i, ".jpg")))) << i;
    }
    ASSERT_EQ(summaries_.size(), 2u);
    EXPECT_EQ(summaries_[1].errors, 0) << summaries_[1];
    EXPECT_EQ(summaries_[0].queued, 0) << summaries_[0];
    EXPECT_EQ(summaries_[1].queued, 0) << summaries_[1];
    EXPECT_TRUE(Stored(CaseUrl("fine"))) << "the hostile host's normal advert";
  }

  std::unique_ptr<HostileServer> good_, bad_;
  std::vector<std::unique_ptr<HostileServer>> extra_;  // hosts of their own cases
  std::vector<std::string> cases_, bad_cases_;
  std::map<std::string, HostileServer*> host_of_;
  std::unique_ptr<store::Db> db_;
  config::SitesConfig cfg_;
  std::vector<crawler::CrawlSummary> summaries_;
  std::vector<std::string> requested_;
};

TEST_F(HostileTest, SlowDripAndEndlessBodiesAreCutAndOtherHostsKeepCrawling) {
  AddCase("slow-drip", SlowDrip(AdvertHtml("slow-drip")));
  AddCase("endless", EndlessChunked());
  AddCase("huge-image", Whole(AdvertHtml("huge-image", "/img/huge.jpg")));
  bad_->Route("/img/huge.jpg", Whole(std::string(16u << 20, 'x'), "image/jpeg"));
  int64_t growth = Crawl();

  ExpectGoodHostComplete();
  ExpectFailure("slow-drip", "timeout");
  EXPECT_EQ(CaseRequests("slow-drip"), 2);  // first try + one retry, then given up
  ExpectFailure("endless", "oversize");
  auto endless = LastAttempt(CaseUrl("endless"));
  ASSERT_TRUE(endless.has_value());
  EXPECT_TRUE(endless->truncated);
  EXPECT_EQ(endless->body.size(), kMaxBody);
  EXPECT_EQ(CaseRequests("endless"), 1);  // oversize is not retried
  auto huge = LastAttempt(bad_->Url("/img/huge.jpg"));
  ASSERT_TRUE(huge.has_value());
  EXPECT_EQ(huge->error, "oversize");
  EXPECT_LE(huge->body.size(), kMaxBody);
  EXPECT_LT(growth, kMaxRssGrowthKb);
}

TEST_F(HostileTest, GzipBombsAreCutAfterMaxBodyInflatedBytes) {
  // The construction really is a bomb (checked on a small one: 64 MiB).
  EXPECT_EQ(InflatedSize(GzipZeros(64u << 20, 1), 1), int64_t{64} << 20);
  EXPECT_EQ(InflatedSize(GzipZeros(64u << 20, 2), 2), int64_t{64} << 20);
  std::string bomb = GzipZeros(uint64_t{2} << 30, 1);         // 2 GiB of zeros
  std::string nested = GzipZeros(uint64_t{4} << 30, 2);       // 4 GiB through two layers
  EXPECT_LT(bomb.size(), 3u << 20);
  EXPECT_LT(nested.size(), 64u << 10);
  AddCase("gzip-bomb", Whole(bomb, "text/html", 200, "Content-Encoding: gzip\r\n"));
  AddCase("gzip-bomb-nested", Whole(nested, "text/html", 200, "Content-Encoding: gzip, gzip\r\n"));
  int64_t growth = Crawl();

  ExpectGoodHostComplete();
  for (const char* name : {"gzip-bomb", "gzip-bomb-nested"}) {
    SCOPED_TRACE(name);
    ExpectFailure(name, "oversize");
    auto c = LastAttempt(CaseUrl(name));
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->body.size(), kMaxBody) << "the cap applies to inflated bytes";
    EXPECT_EQ(c->body.find_first_not_of('\0'), std::string::npos);
  }
  EXPECT_LT(growth, kMaxRssGrowthKb);
}

TEST_F(HostileTest, RedirectLoopsAndChainsStopAndOffsiteTargetsAreNeverRequested) {
  AddCase("loop", Redirect("/hop/loop-b"));
  bad_->Route("/hop/loop-b", Redirect("/advert/loop"));
  AddCase("long-chain", Redirect("/hop/1"));
  for (int i = 1; i <= 20; ++i) bad_->Route(absl::StrCat("/hop/", i), Redirect(absl::StrCat("/hop/", i + 1)));
  AddCase("short-chain", Redirect("/hop/s1"));
  bad_->Route("/hop/s1", Redirect(bad_->Url("/hop/s2"), 301));
  bad_->Route("/hop/s2", Whole(AdvertHtml("short-chain")));
  // To another host (another address, and another port of this one).
  AddCase("other-address", Redirect(absl::StrCat("http://127.0.0.2:", bad_->port(), "/advert/x")));
  AddCase("chain-to-other-host", Redirect("/hop/o1"));
  bad_->Route("/hop/o1", Redirect(good_->Url("/advert/good-1")));
  // Cloud metadata (SSRF): must never be requested.
  AddCase("metadata", Redirect("http://169.254.169.254/latest/meta-data/"));
  AddCase("metadata-chain", Redirect("/hop/m1"));
  bad_->Route("/hop/m1", Redirect("http://169.254.169.254/"));
  Crawl();

  ExpectGoodHostComplete();
  ExpectFailure("loop", "redirect_loop");
  EXPECT_LE(CaseRequests("loop"), 1);
  ExpectFailure("long-chain", "too_many_redirects");
  EXPECT_EQ(bad_->Requests("/hop/7"), 0) << "more hops than fetch.max_redirects (5)";
  EXPECT_TRUE(Stored(CaseUrl("short-chain")));
  for (const char* name : {"other-address", "chain-to-other-host", "metadata", "metadata-chain"}) {
    ExpectFailure(name, "redirect_offsite");
  }
  for (const std::string& url : requested_) {
    EXPECT_THAT(url, ::testing::Not(HasSubstr("169.254."))) << "SSRF target requested";
    EXPECT_THAT(url, ::testing::Not(HasSubstr("127.0.0.2"))) << "off-site redirect followed";
  }
  EXPECT_EQ(good_->Requests("/advert/good-1"), 1) << "the good host's page fetched for its own site only";
}

TEST_F(HostileTest, MalformedResponsesAndResetsAreRecordedAsNetworkErrors) {
  const std::string ok_page = AdvertHtml("x");
  auto head = [&](const std::string& status_line, const std::string& headers) {
    return Raw(absl::StrCat(status_line, "\r\n", headers, "Connection: close\r\n\r\n", ok_page));
  };
  const std::vector<std::pair<std::string, Reply>> cases = {
      {"no-colon", head("HTTP/1.1 200 OK", "Content-Type: text/html\r\nThis line has no colon\r\n")},
      {"nul-in-header",
       head("HTTP/1.1 200 OK", std::string("Content-Type: text/html\r\nX-Bad: a") + '\0' + "b\r\n")},
      {"huge-header", head("HTTP/1.1 200 OK", absl::StrCat("X-Huge: ", std::string(200 << 10, 'a'), "\r\n"))},
      {"bad-status-line", head("HTTP/1.1 2OO OK", "Content-Type: text/html\r\n")},
      {"garbage-status-line", head("\x16\x03\x01 garbage", "Content-Type: text/html\r\n")},
      {"negative-length", head("HTTP/1.1 200 OK", "Content-Type: text/html\r\nContent-Length: -5\r\n")},
      {"garbage-length", head("HTTP/1.1 200 OK", "Content-Type: text/html\r\nContent-Length: 12abc\r\n")},
      {"short-body",
       Raw(absl::StrCat("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n", ok_page))},
      {"reset-mid-body", ResetMidBody(100000, 20000)},
  };
  for (const auto& [name, reply] : cases) AddCase(name, reply, /*own_host=*/true);
  int64_t growth = Crawl();

  ExpectGoodHostComplete();
  for (const auto& [name, reply] : cases) {
    ExpectFailure(name, "network: ");
    EXPECT_EQ(CaseRequests(name), 2) << name << ": first try + one retry";
  }
  EXPECT_LT(growth, kMaxRssGrowthKb);
}

TEST_F(HostileTest, TenMegabyteRobotsTxtIsParsedUpToTheLimit) {
  // Rules at the top are obeyed; a "Disallow: /" past 500 KiB is not read.
  std::string robots = "User-agent: *\nDisallow: /advert/private\n";
  while (robots.size() < (10u << 20)) robots += "# padding padding padding padding padding padding padding\n";
  robots += "User-agent: *\nDisallow: /\n";
  bad_->Route("/robots.txt", Whole(robots, "text/plain"));
  AddCase("private-1", Whole(AdvertHtml("private-1")));
  Crawl();

  ExpectGoodHostComplete();
  EXPECT_EQ(bad_->Requests("/robots.txt"), 1);
  EXPECT_EQ(CaseRequests("private-1"), 0) << "the rule in the first 500 KiB was not obeyed";
  EXPECT_GE(summaries_[0].robots_blocked, 1);
  auto r = LastAttempt(bad_->Url("/robots.txt"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error, "oversize");
  EXPECT_EQ(r->body.size(), crawler::kMaxRobotsBytes);
}

TEST_F(HostileTest, HostilePagesAndImagesBecomeDiagnosticsWhenProcessed) {
  const std::string inner = "<h1>Deep advert</h1><p>Independent, Leeds. Call 07700 900222</p>";
  AddCase("nested", Whole(NestedTagsHtml(10000, 10000, inner)));
  AddCase("nested-million", Whole(NestedTagsHtml(1000000, 0, inner)));  // ~5 MB, under max_body
  // ~7 MB of empty anchors: a flat tree of a million elements.
  std::string anchors = "<html><body><h1>Wide advert</h1>";
  while (anchors.size() < (7u << 20)) anchors += "<a></a>";
  AddCase("wide-anchors", Whole(anchors));
  AddCase("invalid-utf8", Whole(InvalidUtf8Html()));
  AddCase("html-as-png", Whole(AdvertHtml("html-as-png"), "image/png"));
  AddCase("png-as-html", Whole(PngDeclaring(64, 64), "text/html; charset=utf-8"));
  AddCase("png-bomb", Whole(AdvertHtml("png-bomb", "/img/bomb.png")));
  bad_->Route("/img/bomb.png", Whole(PngDeclaring(100000, 100000), "image/png"));
  AddCase("truncated-jpeg", Whole(AdvertHtml("truncated-jpeg", "/img/truncated.jpg")));
  bad_->Route("/img/truncated.jpg", Whole(TruncatedJpeg(640, 480, 0.5), "image/jpeg"));
  AddCase("image-lies", Whole(AdvertHtml("image-lies", "/img/lies.jpg")));
  bad_->Route("/img/lies.jpg", Whole(AdvertHtml("not-an-image"), "image/jpeg"));
  int64_t crawl_growth = Crawl();

  ExpectGoodHostComplete();
  for (const std::string& name : cases_) EXPECT_TRUE(Stored(CaseUrl(name))) << Describe(CaseUrl(name));
  EXPECT_LT(crawl_growth, kMaxRssGrowthKb);

  int64_t before = PeakRssKb(/*reset=*/true);
  auto pipeline = app::Pipeline::Create(
      db_.get(), &cfg_,
      {.indicators_path = std::string(ADMON_TEST_SOURCE_DIR) + "/config/indicators.yaml",
       .gazetteer_path = std::string(ADMON_TEST_SOURCE_DIR) + "/config/gazetteer.yaml", .ocr = false});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status();
  auto summary = (*pipeline)->ProcessPending();
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_LT(PeakRssKb() - before, kMaxRssGrowthKb);
  EXPECT_EQ(summary->pages_seen, static_cast<int64_t>(cases_.size()) + kGoodAdverts) << *summary;

  auto advert = [&](const std::string& site, const std::string& id) -> nlohmann::json {
    auto raw = db_->Get(store::Cf::kAdverts, site + ":" + id);
    EXPECT_TRUE(raw.ok() && raw->has_value()) << id;
    if (!raw.ok() || !raw->has_value()) return nlohmann::json::object();
    auto j = store::DecodeRecord(**raw, id);
    return j.ok() ? *j : nlohmann::json::object();
  };
  auto diagnostics = [&](const std::string& id) {
    return advert("hostile", id).value("diagnostics", std::vector<std::string>{});
  };
  auto image_error = [&](const std::string& id) {
    nlohmann::json a = advert("hostile", id);
    if (!a.contains("images") || a["images"].empty()) return std::string("<no image>");
    return a["images"][0].value("error", std::string());
  };
  EXPECT_THAT(diagnostics("nested"), Contains(HasSubstr("max_tree_depth")));
  EXPECT_THAT(diagnostics("nested-million"), Contains(HasSubstr("max_tree_depth")));
  // The content inside 10,000 levels is still parsed.
  EXPECT_EQ(advert("hostile", "nested").value("description", ""), "Independent, Leeds. Call 07700 900222");
  EXPECT_THAT(diagnostics("wide-anchors"), Contains(HasSubstr("max_elements")));
  EXPECT_EQ(advert("hostile", "wide-anchors").value("title", ""), "Wide advert");
  EXPECT_THAT(diagnostics("invalid-utf8"), Contains(HasSubstr("invalid UTF-8")));
  EXPECT_THAT(diagnostics("png-as-html"), Contains(HasSubstr("binary content served as HTML")));
  EXPECT_EQ(advert("hostile", "html-as-png").value("title", ""), "Advert html-as-png");
  EXPECT_THAT(image_error("png-bomb"), HasSubstr("100000x100000"));
  EXPECT_THAT(image_error("truncated-jpeg"), HasSubstr("truncated JPEG"));
  EXPECT_THAT(image_error("image-lies"), HasSubstr("unknown image format"));
  for (int i = 1; i <= kGoodAdverts; ++i) {
    nlohmann::json a = advert("good", absl::StrCat("good-", i));
    ASSERT_TRUE(a.contains("images") && !a["images"].empty()) << i;
    EXPECT_TRUE(a["images"][0].value("hashed", false)) << a.dump();
  }
}

}  // namespace
}  // namespace admon::testing
