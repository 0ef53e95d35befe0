// Copyright 2026 The admon Authors.
//
// Crawler behaviour over real loopback HTTP (cpp-httplib servers on 127.0.0.x).
#include "crawler/crawler.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "store/captures.h"

namespace admon::crawler {
namespace {

using Steady = std::chrono::steady_clock;

// A tiny advert site: a listing (paginated) linking adverts, adverts with an
// image, robots.txt. Records request start / response end per request to
// count politeness violations.
class FakeSite {
 public:
  explicit FakeSite(std::string host = "127.0.0.1") : host_(std::move(host)) {
    svr_.set_keep_alive_max_count(1000);
    svr_.set_tcp_nodelay(true);
    svr_.Get("/robots.txt", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      std::lock_guard<std::mutex> l(mu_);
      if (robots_status_ != 200) {
        res.status = robots_status_;
      } else {
        res.set_content(robots_, "text/plain");
      }
      End();
    });
    svr_.Get(R"(/(\?page=(\d+))?)", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      int page = req.has_param("page") ? std::stoi(req.get_param_value("page")) : 1;
      std::string html = "<html><body>";
      {
        std::lock_guard<std::mutex> l(mu_);
        for (int id : adverts_) {
          if ((id - 1) / per_page_ + 1 == page) absl::StrAppend(&html, "<a href=\"/advert/", id, "?utm_source=x\">ad</a>");
        }
        int pages = (static_cast<int>(adverts_.size()) + per_page_ - 1) / per_page_;
        if (page < pages) absl::StrAppend(&html, "<link rel=next href=\"/?page=", page + 1, "\">");
      }
      html += "<a href=\"/login\">login</a><a href=\"http://203.0.113.9/elsewhere\">x</a></body></html>";
      res.set_content(html, "text/html");
      End();
    });
    svr_.Get(R"(/advert/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      int id = std::stoi(req.matches[1]);
      std::lock_guard<std::mutex> l(mu_);
      if (advert_handler_ && advert_handler_(id, req, res)) {
        End();
        return;
      }
      if (gone_.count(id) != 0) {
        res.status = 404;
      } else {
        res.set_content(absl::StrCat("<html><h1>Advert ", id, "</h1><img src=\"/img/", id, ".jpg\"></html>"),
                        "text/html");
      }
      End();
    });
    svr_.Get(R"(/img/(\d+)\.jpg)", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_content(std::string("\xff\xd8\xff\xe0 fake jpeg ") + std::string(req.matches[1]), "image/jpeg");
      End();
    });
    svr_.Get("/sitemap.xml", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      std::lock_guard<std::mutex> l(mu_);
      if (sitemap_.empty()) res.status = 404;
      else res.set_content(sitemap_, "application/xml");
      End();
    });
    port_ = svr_.bind_to_any_port(host_);
    thread_ = std::thread([this] { svr_.listen_after_bind(); });
    while (!svr_.is_running()) std::this_thread::yield();  // stop() before listen would hang
  }
  ~FakeSite() {
    svr_.stop();
    thread_.join();
  }

  std::string Url(const std::string& path = "/") const { return absl::StrCat("http://", host_, ":", port_, path); }
  std::string HostKey() const { return absl::StrCat(host_, ":", port_); }

  void SetAdverts(int n) {
    std::lock_guard<std::mutex> l(mu_);
    adverts_.clear();
    for (int i = 1; i <= n; ++i) adverts_.push_back(i);
  }
  void SetAdvertList(std::vector<int> ids) {
    std::lock_guard<std::mutex> l(mu_);
    adverts_ = std::move(ids);
  }
  void SetRobots(std::string r, int status = 200) {
    std::lock_guard<std::mutex> l(mu_);
    robots_ = std::move(r);
    robots_status_ = status;
  }
  void SetSitemap(std::string s) {
    std::lock_guard<std::mutex> l(mu_);
    sitemap_ = std::move(s);
  }
  void Gone(int id) {
    std::lock_guard<std::mutex> l(mu_);
    gone_.insert(id);
  }
  // Return true when handled. Called with the site lock held.
  void OnAdvert(std::function<bool(int, const httplib::Request&, httplib::Response&)> fn) {
    std::lock_guard<std::mutex> l(mu_);
    advert_handler_ = std::move(fn);
  }

  // Requests whose start came sooner than `min_gap` after the previous response ended.
  int Violations(std::chrono::milliseconds min_gap) {
    std::lock_guard<std::mutex> l(log_mu_);
    int v = 0;
    for (size_t i = 1; i < starts_.size() && i - 1 < ends_.size(); ++i) {
      if (starts_[i] - ends_[i - 1] < min_gap) ++v;
    }
    return v;
  }
  std::vector<std::string> Paths() {
    std::lock_guard<std::mutex> l(log_mu_);
    return paths_;
  }
  int Count(const std::string& path) {
    int n = 0;
    for (const auto& p : Paths()) n += p == path;
    return n;
  }
  std::vector<std::string> Cookies() {
    std::lock_guard<std::mutex> l(log_mu_);
    return cookies_;
  }
  std::vector<Steady::time_point> Starts() {
    std::lock_guard<std::mutex> l(log_mu_);
    return starts_;
  }

 private:
  void Record(const httplib::Request& req) {
    std::lock_guard<std::mutex> l(log_mu_);
    starts_.push_back(Steady::now());
    std::string p = req.path;
    if (!req.params.empty()) {
      p += "?";
      for (const auto& [k, v] : req.params) p += k + "=" + v;
    }
    paths_.push_back(p);
    cookies_.push_back(req.get_header_value("Cookie"));
  }
  void End() {
    std::lock_guard<std::mutex> l(log_mu_);
    ends_.push_back(Steady::now());
  }

  std::string host_;
  httplib::Server svr_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<int> adverts_;
  std::set<int> gone_;
  int per_page_ = 5;
  std::string robots_ = "User-agent: *\nDisallow: /login\n";
  int robots_status_ = 200;
  std::string sitemap_;
  std::function<bool(int, const httplib::Request&, httplib::Response&)> advert_handler_;
  std::mutex log_mu_;
  std::vector<Steady::time_point> starts_, ends_;
  std::vector<std::string> paths_, cookies_;
};

config::SiteConfig SiteFor(const FakeSite& site, const std::string& name) {
  config::SiteConfig s;
  s.name = name;
  s.seeds = {site.Url("/")};
  s.allow_private_addresses = true;
  s.user_agent = "admon-test/0.1";
  s.urls.listing = R"(^/(\?page=\d+)?$)";
  s.urls.advert = R"(^/advert/(\d+)$)";
  s.urls.image = "^/img/";
  s.urls.skip = {"^/login"};
  s.urls.strip_params = {"utm_source"};
  s.politeness.min_delay = absl::Milliseconds(5);
  s.fetch.connect_timeout = absl::Seconds(5);
  s.fetch.timeout = absl::Seconds(10);
  return s;
}

class CrawlerTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenDb("db"); }
  void OpenDb(const std::string& name) {
    db_.reset();
    dir_ = ::testing::TempDir() + "/crawler_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + name;
    std::filesystem::remove_all(dir_);
    auto db = store::Db::Open(dir_);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }
  std::vector<CrawlSummary> Crawl(const config::SitesConfig& cfg, CrawlOptions o = {}) {
    o.backoff_base = absl::Milliseconds(10);
    o.progress_interval = absl::ZeroDuration();
    auto c = Crawler::Create(cfg, db_.get(), std::move(o));
    EXPECT_TRUE(c.ok()) << c.status();
    if (!c.ok()) return {};
    auto s = (*c)->Run();
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : std::vector<CrawlSummary>{};
  }
  std::set<std::string> AdvertPages() {
    std::set<std::string> out;
    store::CaptureStore cs(db_.get());
    EXPECT_TRUE(cs.ScanAdvertPages("", [&](const store::PageState& p, const store::Capture&) {
      out.insert(p.url);
      return true;
    }).ok());
    return out;
  }
  std::optional<store::Capture> LastAttempt(const std::string& url) {
    std::optional<store::Capture> last;
    store::CaptureStore cs(db_.get());
    EXPECT_TRUE(cs.ScanSince(absl::UnixEpoch(), [&](const store::Capture& c) {
      if (c.url == url) last = c;
      return true;
    }).ok());
    return last;
  }
  std::string dir_;
  std::unique_ptr<store::Db> db_;
};

TEST_F(CrawlerTest, OnceCrawlsListingsAdvertsAndImages) {
  FakeSite site;
  site.SetAdverts(12);  // 3 listing pages
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  std::vector<std::string> hooked;
  CrawlOptions o;
  o.on_capture = [&](const store::Capture& c, const CaptureNote&) { hooked.push_back(c.url); };
  auto sum = Crawl(cfg, std::move(o));
  ASSERT_EQ(sum.size(), 1u);
  EXPECT_EQ(AdvertPages().size(), 12u);
  EXPECT_EQ(sum[0].errors, 0) << sum[0];
  EXPECT_EQ(site.Count("/img/7.jpg"), 1);
  EXPECT_EQ(site.Count("/login"), 0);  // skip pattern
  store::CaptureStore cs(db_.get());
  auto img = cs.GetLatest(site.Url("/img/7.jpg"));
  ASSERT_TRUE(img.ok() && img->has_value());
  EXPECT_EQ((*img)->kind, store::CaptureKind::kImage);
  // utm_source stripped: one canonical advert URL.
  EXPECT_TRUE(AdvertPages().count(site.Url("/advert/3")));
  EXPECT_GE(hooked.size(), 12u + 12u + 3u);
  EXPECT_EQ(site.Violations(std::chrono::milliseconds(5)), 0);
}

TEST_F(CrawlerTest, TwoHostsInParallelZeroViolations) {
  FakeSite a("127.0.0.1");
  FakeSite b("127.0.0.2");
  a.SetAdverts(6);
  b.SetAdverts(6);
  b.SetRobots("User-agent: *\nCrawl-delay: 0.04\n");  // 40 ms > min_delay
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(a, "a"), SiteFor(b, "b")};
  cfg.sites[0].politeness.min_delay = absl::Milliseconds(20);
  cfg.sites[1].politeness.min_delay = absl::Milliseconds(10);
  auto sum = Crawl(cfg);
  ASSERT_EQ(sum.size(), 2u);
  EXPECT_EQ(a.Violations(std::chrono::milliseconds(20)), 0);
  EXPECT_EQ(b.Violations(std::chrono::milliseconds(40)), 0);
  EXPECT_GT(sum[0].politeness_waits, 0);
  EXPECT_EQ(AdvertPages().size(), 12u);
  // Neither host waited behind the other: b started before a finished.
  auto sa = a.Starts();
  auto sb = b.Starts();
  ASSERT_FALSE(sa.empty());
  ASSERT_FALSE(sb.empty());
  EXPECT_LT(sb.front(), sa.back());
  EXPECT_LT(sa.front(), sb.back());
}

TEST_F(CrawlerTest, RetryAfterOn429IsHonoured) {
  FakeSite site;
  site.SetAdverts(1);
  std::atomic<int> calls{0};
  site.OnAdvert([&](int, const httplib::Request&, httplib::Response& res) {
    if (calls++ > 0) return false;
    res.status = 429;
    res.set_header("Retry-After", "1");
    return true;
  });
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  auto sum = Crawl(cfg);
  EXPECT_EQ(sum[0].retries, 1);
  EXPECT_EQ(AdvertPages().size(), 1u);
  // The request after the 429 came no sooner than Retry-After.
  auto starts = site.Starts();
  auto paths = site.Paths();
  int first = -1;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (paths[i] == "/advert/1") {
      if (first < 0) {
        first = static_cast<int>(i);
      } else {
        EXPECT_GE(starts[i] - starts[first], std::chrono::seconds(1));
        break;
      }
    }
  }
}

TEST_F(CrawlerTest, ServerErrorsAreRetriedWithBackoff) {
  FakeSite site;
  site.SetAdverts(1);
  std::atomic<int> calls{0};
  site.OnAdvert([&](int, const httplib::Request&, httplib::Response& res) {
    if (calls++ >= 2) return false;
    res.status = 503;
    return true;
  });
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  auto sum = Crawl(cfg);
  EXPECT_EQ(site.Count("/advert/1"), 3);
  EXPECT_EQ(sum[0].retries, 2);
  EXPECT_EQ(AdvertPages().size(), 1u);
  EXPECT_EQ(site.Violations(std::chrono::milliseconds(5)), 0);  // backoff >= 5 ms (10 ms +-50%)
}

TEST_F(CrawlerTest, PersistentServerErrorIsRecordedAfterMaxAttempts) {
  FakeSite site;
  site.SetAdverts(1);
  site.OnAdvert([&](int, const httplib::Request&, httplib::Response& res) {
    res.status = 500;
    return true;
  });
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  auto sum = Crawl(cfg);
  EXPECT_EQ(site.Count("/advert/1"), 3);
  EXPECT_EQ(sum[0].errors, 1);
  auto c = LastAttempt(site.Url("/advert/1"));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->status, 500);
  EXPECT_TRUE(AdvertPages().empty());
}

TEST_F(CrawlerTest, RedirectLoopIsStopped) {
  FakeSite site;
  site.SetAdverts(1);
  site.OnAdvert([&](int id, const httplib::Request&, httplib::Response& res) {
    res.status = 302;
    res.set_header("Location", id == 1 ? "/advert/2" : "/advert/1");
    return true;
  });
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  Crawl(cfg);
  auto c = LastAttempt(site.Url("/advert/1"));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->error, "redirect_loop");
  EXPECT_LE(site.Count("/advert/1"), 2);
}

TEST_F(CrawlerTest, RedirectsAreFollowedOnSiteAndRefusedOffSite) {
  FakeSite site;
  site.SetAdverts(2);
  site.OnAdvert([&](int id, const httplib::Request&, httplib::Response& res) {
    if (id == 1) {
      res.status = 301;
      res.set_header("Location", "/advert/100");
      return true;
    }
    if (id == 2) {
      res.status = 302;
      res.set_header("Location", "http://127.0.0.3:9/advert/5");
      return true;
    }
    return false;
  });
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  Crawl(cfg);
  store::CaptureStore cs(db_.get());
  auto c = cs.GetLatest(site.Url("/advert/1"));
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->final_url, site.Url("/advert/100"));
  EXPECT_NE((*c)->body.find("Advert 100"), std::string::npos);
  auto off = LastAttempt(site.Url("/advert/2"));
  ASSERT_TRUE(off.has_value());
  EXPECT_EQ(off->error, "redirect_offsite");
}

TEST_F(CrawlerTest, OversizeBodyIsAbortedAndRecorded) {
  FakeSite site;
  site.SetAdverts(1);
  site.OnAdvert([&](int, const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(200 * 1024, 'x'), "text/html");
    return true;
  });
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  cfg.sites[0].fetch.max_body = 1024;
  Crawl(cfg);
  auto c = LastAttempt(site.Url("/advert/1"));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->error, "oversize");
  EXPECT_TRUE(c->truncated);
  EXPECT_LE(c->body.size(), 1024u);
}

std::string GzipString(const std::string& in) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, in.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST_F(CrawlerTest, GzipBodiesAreDecoded) {
  FakeSite site;
  site.SetAdverts(1);
  const std::string html = "<html><h1>compressed advert</h1></html>";
  std::string accept;
  site.OnAdvert([&](int, const httplib::Request& req, httplib::Response& res) {
    accept = req.get_header_value("Accept-Encoding");
    res.set_content(GzipString(html), "text/html");
    res.set_header("Content-Encoding", "gzip");
    return true;
  });
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  Crawl(cfg);
  EXPECT_NE(accept.find("gzip"), std::string::npos);
  store::CaptureStore cs(db_.get());
  auto c = cs.GetLatest(site.Url("/advert/1"));
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->body, html);
}

TEST_F(CrawlerTest, AgeGateCookieIsSentAndRedactedInStore) {
  FakeSite site;
  site.SetAdverts(2);
  site.OnAdvert([&](int, const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Cookie").find("over18=1") != std::string::npos) return false;
    res.status = 403;
    return true;
  });
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  cfg.sites[0].age_gate.cookie = "over18=1";
  auto sum = Crawl(cfg);
  EXPECT_EQ(AdvertPages().size(), 2u);
  for (const auto& c : site.Cookies()) EXPECT_NE(c.find("over18=1"), std::string::npos);
  store::CaptureStore cs(db_.get());
  auto c = cs.GetLatest(site.Url("/advert/1"));
  ASSERT_TRUE(c.ok() && c->has_value());
  bool redacted = false;
  for (const auto& [k, v] : (*c)->request_headers) redacted |= (k == "Cookie" && v == "[redacted]");
  EXPECT_TRUE(redacted);
}

TEST_F(CrawlerTest, RobotsDisallowedPathIsNeverFetched) {
  FakeSite site;
  site.SetAdverts(3);
  site.SetRobots("User-agent: other\nDisallow: /\n\nUser-agent: admon-test\nDisallow: /advert/2$\n");
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  auto sum = Crawl(cfg);
  EXPECT_EQ(site.Count("/advert/2"), 0);
  EXPECT_EQ(sum[0].robots_blocked, 1);
  EXPECT_EQ(AdvertPages().size(), 2u);
  EXPECT_EQ(site.Paths().front(), "/robots.txt");
}

TEST_F(CrawlerTest, RobotsServerErrorDisallowsHost) {
  FakeSite site;
  site.SetAdverts(3);
  site.SetRobots("", 503);
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  Crawl(cfg);
  EXPECT_EQ(site.Paths(), std::vector<std::string>{"/robots.txt"});
}

TEST_F(CrawlerTest, SitemapUrlsFeedTheFrontier) {
  FakeSite site;
  site.SetAdverts(1);
  site.SetSitemap("<urlset><url><loc>" + site.Url("/advert/42") + "</loc></url></urlset>");
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  Crawl(cfg);
  EXPECT_EQ(site.Count("/advert/42"), 1);
  EXPECT_TRUE(AdvertPages().count(site.Url("/advert/42")));
}

TEST_F(CrawlerTest, SsrfGuardBlocksPrivateAddressesByDefault) {
  FakeSite site;
  site.SetAdverts(1);
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  cfg.sites[0].allow_private_addresses = false;
  auto sum = Crawl(cfg);
  EXPECT_TRUE(site.Paths().empty());
  EXPECT_GE(sum[0].errors, 1);
}

TEST_F(CrawlerTest, UnchangedPagesAreSeenAgainAndGoneAdvertsRemoved) {
  FakeSite site;
  site.SetAdverts(3);
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  cfg.sites[0].recrawl.listing = absl::ZeroDuration();
  cfg.sites[0].recrawl.advert = absl::ZeroDuration();
  auto first = Crawl(cfg);
  EXPECT_EQ(first[0].new_copies, 3 + 1 + 3);  // adverts, listing, images
  site.Gone(2);                               // 404
  site.SetAdvertList({1, 2});                 // advert 3 leaves every listing
  auto second = Crawl(cfg);
  EXPECT_GE(second[0].seen_again, 2) << second[0];  // listing? no: changed. advert 1 + advert 3
  EXPECT_EQ(second[0].removed, 2) << second[0];
  store::CaptureStore cs(db_.get());
  for (int id : {2, 3}) {
    auto p = cs.GetPage(site.Url(absl::StrCat("/advert/", id)));
    ASSERT_TRUE(p.ok() && p->has_value());
    EXPECT_TRUE((*p)->removed_at.has_value()) << id;
    auto latest = cs.GetLatest(site.Url(absl::StrCat("/advert/", id)));
    ASSERT_TRUE(latest.ok() && latest->has_value());
    EXPECT_EQ((*latest)->status, 200);  // last copy kept
  }
  auto p1 = cs.GetPage(site.Url("/advert/1"));
  EXPECT_FALSE((*p1)->removed_at.has_value());
  EXPECT_EQ((*p1)->copies, 1);
  EXPECT_GE((*p1)->seen_again_count, 1);
}

TEST_F(CrawlerTest, StoredPagesAreNotRefetchedWithinRecrawlInterval) {
  FakeSite site;
  site.SetAdverts(4);
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  Crawl(cfg);
  size_t before = site.Paths().size();
  auto again = Crawl(cfg);
  EXPECT_EQ(site.Paths().size(), before);  // nothing due: not even robots.txt is fetched
  EXPECT_EQ(again[0].fetched, 0);
}

// `admon run` processes each advert once its photos are stored: an advert
// page names its queued images, and they are fetched before other new adverts
// (one connection per host: the very next captures).
TEST_F(CrawlerTest, AdvertPageNamesItsQueuedImagesWhichComeNext) {
  FakeSite site;
  site.SetAdverts(8);
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  std::vector<std::pair<store::Capture, CaptureNote>> seen;
  CrawlOptions o;
  o.on_capture = [&](const store::Capture& c, const CaptureNote& note) { seen.emplace_back(c, note); };
  Crawl(cfg, std::move(o));
  int adverts = 0;
  for (size_t i = 0; i < seen.size(); ++i) {
    const auto& [c, note] = seen[i];
    if (c.kind != store::CaptureKind::kAdvert) {
      EXPECT_TRUE(note.images_queued.empty()) << c.url;
      continue;
    }
    ++adverts;
    const std::string id = c.url.substr(c.url.rfind('/') + 1);
    ASSERT_EQ(note.images_queued, std::vector<std::string>{site.Url("/img/" + id + ".jpg")}) << c.url;
    ASSERT_LT(i + 1, seen.size());
    EXPECT_EQ(seen[i + 1].first.url, note.images_queued[0]) << "after " << c.url;
    EXPECT_EQ(seen[i + 1].first.kind, store::CaptureKind::kImage);
  }
  EXPECT_EQ(adverts, 8);
}

TEST_F(CrawlerTest, StopFlagFinishesInFlightAndReturns) {
  FakeSite site;
  site.SetAdverts(20);
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  std::atomic<bool> stop{false};
  CrawlOptions o;
  o.stop = &stop;
  o.on_capture = [&](const store::Capture& c, const CaptureNote&) {
    if (c.kind == store::CaptureKind::kAdvert) stop = true;
  };
  auto sum = Crawl(cfg, std::move(o));
  ASSERT_EQ(sum.size(), 1u);
  EXPECT_LT(AdvertPages().size(), 20u);
  EXPECT_GT(sum[0].queued, 0);
}

// Crash safety: a child crawls and is SIGKILLed at random moments; resuming
// gives the same stored advert set as an uninterrupted crawl.
TEST_F(CrawlerTest, ResumeAfterKillMatchesUninterruptedCrawl) {
  FakeSite site;
  site.SetAdverts(30);
  config::SitesConfig cfg;
  cfg.sites = {SiteFor(site, "s")};
  cfg.sites[0].politeness.min_delay = absl::Milliseconds(2);

  Crawl(cfg);  // uninterrupted reference
  std::set<std::string> reference = AdvertPages();
  ASSERT_EQ(reference.size(), 30u);

  OpenDb("killed");
  std::string dir = dir_;
  db_.reset();
  std::mt19937 rng(12345);
  int kills = 0;
  for (int round = 0; round < 6; ++round) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto db = store::Db::Open(dir);
      if (!db.ok()) _exit(3);
      CrawlOptions o;
      o.progress_interval = absl::ZeroDuration();
      auto c = Crawler::Create(cfg, db->get(), std::move(o));
      if (!c.ok()) _exit(4);
      _exit((*c)->Run().ok() ? 0 : 5);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 60));  // picks the kill moment
    if (kill(pid, SIGKILL) == 0) ++kills;
    int status = 0;
    waitpid(pid, &status, 0);
  }
  EXPECT_GE(kills, 5);
  auto db = store::Db::Open(dir);
  ASSERT_TRUE(db.ok()) << db.status();
  db_ = std::move(*db);
  Crawl(cfg);  // resume to completion
  EXPECT_EQ(AdvertPages(), reference);
  // Nothing stored is fetched again within its recrawl interval.
  size_t before = site.Paths().size();
  Crawl(cfg);
  EXPECT_EQ(site.Paths().size(), before);
}

}  // namespace
}  // namespace admon::crawler
