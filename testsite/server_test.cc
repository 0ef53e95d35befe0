// Copyright 2026 The admon Authors.
#include "testsite/server.h"

#include <algorithm>
#include <memory>
#include <string>
#include <thread>

#include "config/units.h"
#include "config/yaml.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "opencv2/core.hpp"
#include "opencv2/imgcodecs.hpp"
#include "re2/re2.h"
#include "testsite/world.h"

namespace admon::testsite {
namespace {

const WorldSpec kSpec{.seed = 7, .adverts = 300, .days = 5};
const httplib::Headers kAdult = {{"Cookie", "over18=1"}};

std::unique_ptr<Server> StartOrDie(ServerOptions o) {
  auto s = Server::Start(o);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? std::move(*s) : nullptr;
}

httplib::Result Get(const std::string& base, const std::string& path, const httplib::Headers& h = kAdult) {
  httplib::Client c(base);
  c.set_read_timeout(10, 0);
  return c.Get(path.c_str(), h);
}

// Waits until every request the server started has been written and logged,
// so the next request's gap is measured from a finished response.
void WaitIdle(const Server& s) {
  for (;;) {
    nlohmann::json t = s.Stats()["total"];
    int64_t done = 0;
    for (const auto& [code, n] : t["status"].items()) done += n.get<int64_t>();
    if (done >= t["requests"].get<int64_t>()) return;
    std::this_thread::yield();
  }
}

// First advert of `site` live on `day`.
int64_t LiveAdvert(const World& w, int site, int day) {
  for (int64_t i = 0; i < w.size(); ++i) {
    const AdvertMeta m = w.Meta(i);
    if (m.site == site && w.Live(m, day)) return i;
  }
  return -1;
}

// Benchmarks' realistic page sizes: chrome makes each page at least that
// much bigger, the same on every page of a site, without contact details.
TEST(ServerTest, PageChromeMakesPagesRealSizedWithoutContacts) {
  auto plain = StartOrDie({.world = kSpec, .crawl_delay = absl::ZeroDuration()});
  auto heavy = StartOrDie({.world = kSpec, .crawl_delay = absl::ZeroDuration(), .page_chrome_bytes = 30 * 1024});
  ASSERT_NE(plain, nullptr);
  ASSERT_NE(heavy, nullptr);
  const int site = 0;
  const Advert a = plain->world().Build(LiveAdvert(plain->world(), site, 0), 0);
  auto small = Get(plain->site_base_urls()[static_cast<size_t>(site)], AdvertPath(a.meta));
  auto big = Get(heavy->site_base_urls()[static_cast<size_t>(site)], AdvertPath(a.meta));
  ASSERT_TRUE(small && big);
  ASSERT_EQ(big->status, 200);
  EXPECT_GE(big->body.size(), small->body.size() + 30 * 1024);
  EXPECT_LE(big->body.size(), small->body.size() + 32 * 1024);
  const std::string& chrome = big->body;
  for (const std::string& part : {std::string("<script>"), std::string("<style>"), std::string("Popular searches")}) {
    EXPECT_NE(chrome.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(std::count(chrome.begin(), chrome.end(), '@'), std::count(small->body.begin(), small->body.end(), '@'));
}

TEST(ServerTest, ServesRobotsListingAdvertImageProfileAndStats) {
  auto server = StartOrDie({.world = kSpec, .crawl_delay = absl::ZeroDuration()});
  ASSERT_NE(server, nullptr);
  const World& w = server->world();
  ASSERT_EQ(server->site_base_urls().size(), 3u);
  EXPECT_EQ(server->site_base_urls()[0].rfind("http://127.0.0.2:", 0), 0u);
  for (int site = 0; site < kNumSites; ++site) {
    const std::string& base = server->site_base_urls()[static_cast<size_t>(site)];
    auto robots = Get(base, "/robots.txt");
    ASSERT_TRUE(robots) << base;
    EXPECT_EQ(robots->status, 200);
    EXPECT_NE(robots->body.find("Crawl-delay: 0"), std::string::npos);
    EXPECT_NE(robots->body.find("Disallow: /"), std::string::npos);

    const int64_t i = LiveAdvert(w, site, 0);
    ASSERT_GE(i, 0);
    const Advert a = w.Build(i, 0);
    auto home = Get(base, "/");
    ASSERT_TRUE(home);
    EXPECT_EQ(home->status, 200);
    EXPECT_NE(home->body.find(TownPath(site, a.meta.town)), std::string::npos);
    EXPECT_NE(home->body.find(Site(site).support_phone), std::string::npos);  // footer furniture

    auto listing = Get(base, TownPath(site, a.meta.town));
    ASSERT_TRUE(listing);
    EXPECT_EQ(listing->status, 200);
    EXPECT_NE(listing->body.find("Companions in"), std::string::npos);
    EXPECT_EQ(Get(base, TownPath(site, a.meta.town, 999))->status, 404);

    auto page = Get(base, AdvertPath(a.meta));
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200) << AdvertPath(a.meta);
    EXPECT_NE(page->body.find(a.name), std::string::npos);
    EXPECT_NE(page->body.find(ProfilePath(site, a.profile_slug)), std::string::npos);
    if (site == 1 && !a.field_phone.empty()) {
      EXPECT_NE(page->body.find("data-phone=\"" + a.field_phone + "\""), std::string::npos);
      EXPECT_NE(page->body.find("\"telephone\":\"" + a.field_phone + "\""), std::string::npos);
    }
    EXPECT_EQ(Get(base, AdvertPath(a.meta))->body, page->body) << "same URL, same day, same bytes";

    ASSERT_FALSE(a.images.empty());
    auto img = Get(base, a.images[0].path);
    ASSERT_TRUE(img);
    EXPECT_EQ(img->status, 200);
    EXPECT_EQ(img->get_header_value("Content-Type"), "image/jpeg");
    cv::Mat decoded = cv::imdecode(cv::Mat(1, static_cast<int>(img->body.size()), CV_8UC1, img->body.data()),
                                   cv::IMREAD_COLOR);
    EXPECT_FALSE(decoded.empty());

    auto profile = Get(base, ProfilePath(site, a.profile_slug));
    ASSERT_TRUE(profile);
    EXPECT_EQ(profile->status, 200);
    EXPECT_NE(profile->body.find(AdvertPath(a.meta)), std::string::npos);
    EXPECT_EQ(Get(base, "/no/such/page")->status, 404);
  }
  // velvet: interstitial until the cookie is set.
  auto gate = Get(server->site_base_urls()[0], "/", {});
  ASSERT_TRUE(gate);
  EXPECT_NE(gate->body.find("age-gate"), std::string::npos);
  httplib::Client velvet(server->site_base_urls()[0]);
  auto check = velvet.Get("/age-check?confirm=yes&next=/town/leeds");
  ASSERT_TRUE(check);
  EXPECT_EQ(check->status, 302);
  EXPECT_NE(check->get_header_value("Set-Cookie").find("over18=1"), std::string::npos);
  // scarlet: sitemap.
  auto sitemap = Get(server->site_base_urls()[1], "/sitemap.xml");
  ASSERT_TRUE(sitemap);
  EXPECT_NE(sitemap->body.find("<urlset"), std::string::npos);
  // nightowl: gzip when the client accepts it.
  httplib::Client night(server->site_base_urls()[2]);
  night.set_decompress(false);
  auto gz = night.Get("/", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  auto plain = Get(server->site_base_urls()[1], "/", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");

  WaitIdle(*server);
  const nlohmann::json stats = server->Stats();
  EXPECT_GT(stats["total"]["requests"].get<int64_t>(), 20);
  EXPECT_EQ(stats["total"]["violations"].get<int64_t>(), 0);
  for (int site = 0; site < kNumSites; ++site) {
    const auto& s = stats["sites"][Site(site).name];
    EXPECT_EQ(s["advert_pages_distinct"].get<int64_t>(), 1);
    EXPECT_GT(s["adverts_live"].get<int64_t>(), 0);
    EXPECT_GT(s["status"]["200"].get<int64_t>(), 5);
  }
  auto control = Get(server->control_url(), "/__stats");
  ASSERT_TRUE(control);
  EXPECT_EQ(nlohmann::json::parse(control->body)["day"], 0);
}

TEST(ServerTest, AdvanceChangesLiveAdverts) {
  auto server = StartOrDie({.world = kSpec, .crawl_delay = absl::ZeroDuration()});
  ASSERT_NE(server, nullptr);
  const World& w = server->world();
  int64_t ends = -1, starts = -1;
  for (int64_t i = 0; i < w.size(); ++i) {
    const AdvertMeta m = w.Meta(i);
    if (ends < 0 && m.first_day == 0 && m.last_day == 0) ends = i;
    if (starts < 0 && m.first_day == 1) starts = i;
  }
  ASSERT_GE(ends, 0);
  ASSERT_GE(starts, 0);
  const AdvertMeta e = w.Meta(ends), s = w.Meta(starts);
  const std::string eb = server->site_base_urls()[static_cast<size_t>(e.site)];
  const std::string sb = server->site_base_urls()[static_cast<size_t>(s.site)];
  EXPECT_EQ(Get(eb, AdvertPath(e))->status, 200);
  EXPECT_EQ(Get(sb, AdvertPath(s))->status, 404);
  const int64_t live0 = server->Stats()["total"]["adverts_live"].get<int64_t>();

  httplib::Client control(server->control_url());
  auto adv = control.Post("/__advance");
  ASSERT_TRUE(adv);
  EXPECT_EQ(adv->status, 200);
  EXPECT_EQ(server->day(), 1);
  EXPECT_EQ(Get(eb, AdvertPath(e))->status, 410);
  EXPECT_EQ(Get(sb, AdvertPath(s))->status, 200);
  EXPECT_NE(server->Stats()["total"]["adverts_live"].get<int64_t>(), live0);
  for (int d = 2; d < kSpec.days; ++d) EXPECT_TRUE(server->Advance().ok());
  EXPECT_FALSE(server->Advance().ok());
  EXPECT_EQ(control.Post("/__advance")->status, 409);
}

TEST(ServerTest, CountsViolationsWhenRequestsComeTooFast) {
  FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  auto server = StartOrDie({.world = kSpec, .crawl_delay = absl::Milliseconds(10), .clock = &clock});
  ASSERT_NE(server, nullptr);
  const std::string base = server->site_base_urls()[1];
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(Get(base, "/robots.txt")->status, 200);
    WaitIdle(*server);
    clock.Advance(absl::Milliseconds(5));  // half the crawl delay
  }
  const nlohmann::json stats = server->Stats();
  EXPECT_EQ(stats["sites"]["scarlet"]["violations"].get<int64_t>(), 2);
  EXPECT_EQ(stats["sites"]["velvet"]["violations"].get<int64_t>(), 0);
  EXPECT_EQ(stats["recent_violations"].size(), 2u);
}

TEST(ServerTest, CountsNoViolationsWhenRequestsAreSpaced) {
  FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  auto server = StartOrDie({.world = kSpec, .crawl_delay = absl::Milliseconds(10), .clock = &clock});
  ASSERT_NE(server, nullptr);
  for (int k = 0; k < 6; ++k) {
    for (const std::string& base : server->site_base_urls()) EXPECT_EQ(Get(base, "/robots.txt")->status, 200);
    WaitIdle(*server);
    clock.Advance(absl::Milliseconds(10));
  }
  EXPECT_EQ(server->Stats()["total"]["violations"].get<int64_t>(), 0);
}

TEST(ServerTest, RejectsViolationsWith429WhenAsked) {
  FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  auto server = StartOrDie(
      {.world = kSpec, .crawl_delay = absl::Seconds(1), .reject_violations = true, .clock = &clock});
  ASSERT_NE(server, nullptr);
  const std::string base = server->site_base_urls()[2];
  EXPECT_EQ(Get(base, "/")->status, 200);
  WaitIdle(*server);
  auto fast = Get(base, "/");
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->status, 429);
  EXPECT_EQ(fast->get_header_value("Retry-After"), "1");
}

TEST(ServerTest, InjectsFaults) {
  auto server = StartOrDie({.world = kSpec, .crawl_delay = absl::ZeroDuration()});
  ASSERT_NE(server, nullptr);
  httplib::Client control(server->control_url());
  const std::string base = server->site_base_urls()[1];
  ASSERT_EQ(control.Post("/__faults?site=scarlet&kind=5xx_burst&count=2")->status, 200);
  EXPECT_EQ(Get(base, "/")->status, 503);
  EXPECT_EQ(Get(base, "/")->status, 503);
  EXPECT_EQ(Get(base, "/")->status, 200);
  ASSERT_TRUE(server->InjectFault("scarlet", FaultKind::k429, 1).ok());
  auto limited = Get(base, "/");
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("Retry-After"), "1");
  ASSERT_TRUE(server->InjectFault("scarlet", FaultKind::kRedirectLoop, 1).ok());
  auto loop = Get(base, "/");
  EXPECT_EQ(loop->status, 302);
  EXPECT_EQ(loop->get_header_value("Location"), "/loop/a");
  EXPECT_EQ(Get(base, "/loop/a")->get_header_value("Location"), "/loop/b");
  ASSERT_TRUE(server->InjectFault("scarlet", FaultKind::kTruncate, 1).ok());
  auto cut = Get(base, "/");
  EXPECT_TRUE(!cut || cut->body.size() < 4096);
  EXPECT_EQ(control.Post("/__faults?site=scarlet&kind=meteor")->status, 400);
  EXPECT_EQ(control.Post("/__faults?site=nowhere&kind=slow")->status, 400);
  EXPECT_EQ(Get(base, "/")->status, 200);
}

TEST(ServerTest, PortModeServesEverySiteOnLoopbackOne) {
  auto server = StartOrDie({.world = kSpec, .hosts_mode = HostsMode::kPort, .crawl_delay = absl::ZeroDuration()});
  ASSERT_NE(server, nullptr);
  for (const std::string& base : server->site_base_urls()) {
    EXPECT_EQ(base.rfind("http://127.0.0.1:", 0), 0u);
    EXPECT_EQ(Get(base, "/robots.txt")->status, 200);
  }
}

TEST(ServerTest, WrittenConfigMatchesServedUrls) {
  auto server = StartOrDie({.world = kSpec, .crawl_delay = absl::Milliseconds(10)});
  ASSERT_NE(server, nullptr);
  auto yaml = config::ParseYaml(server->SitesYaml(), "sites.yaml");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  ASSERT_NE(yaml->Find("version"), nullptr);
  const config::Node* sites = yaml->Find("sites");
  ASSERT_NE(sites, nullptr);
  ASSERT_EQ(sites->items.size(), 3u);
  const World& w = server->world();
  for (int s = 0; s < kNumSites; ++s) {
    const config::Node& site = sites->items[static_cast<size_t>(s)];
    EXPECT_EQ(site.Find("name")->scalar, Site(s).name);
    EXPECT_EQ(site.Find("allow_private_addresses")->scalar, "true");
    EXPECT_EQ(site.Find("seeds")->items[0].scalar, server->site_base_urls()[static_cast<size_t>(s)] + "/");
    auto min_delay = config::ParseDuration(site.Find("politeness")->Find("min_delay")->scalar);
    ASSERT_TRUE(min_delay.ok());
    EXPECT_GE(*min_delay, absl::Milliseconds(10));
    const config::Node* urls = site.Find("urls");
    RE2 advert(urls->Find("advert")->scalar), listing(urls->Find("listing")->scalar);
    RE2 profile(urls->Find("profile")->scalar), image(urls->Find("image")->scalar);
    ASSERT_TRUE(advert.ok() && listing.ok() && profile.ok() && image.ok());
    const Advert a = w.Build(LiveAdvert(w, s, 0), 0);
    std::string id;
    EXPECT_TRUE(RE2::FullMatch(AdvertPath(a.meta), advert, &id)) << AdvertPath(a.meta);
    EXPECT_EQ(id, std::to_string(a.meta.site_id));
    EXPECT_TRUE(RE2::FullMatch("/", listing));
    EXPECT_TRUE(RE2::FullMatch(TownPath(s, 18, 2), listing)) << TownPath(s, 18, 2);
    EXPECT_FALSE(RE2::FullMatch(AdvertPath(a.meta), listing));
    EXPECT_TRUE(RE2::FullMatch(ProfilePath(s, a.profile_slug), profile));
    EXPECT_TRUE(RE2::PartialMatch(a.images[0].path, image));
    EXPECT_EQ(site.Find("age_gate") != nullptr, s == 0);
    EXPECT_NE(site.Find("fields")->Find("phone"), nullptr);
  }
}

}  // namespace
}  // namespace admon::testsite
