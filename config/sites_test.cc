// Copyright 2026 The admon Authors.
#include "config/sites.h"

#include <cstdlib>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace admon::config {
namespace {

using ::testing::HasSubstr;

constexpr char kMinimal[] = R"(version: 1
sites:
  - name: velvet
    seeds: ["http://127.0.0.2:18080/"]
    urls:
      listing: '^/(town/[a-z-]+)?/?(\?page=\d+)?$'
      advert: '^/advert/(\d+)$'
)";

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

TEST(SitesConfigTest, MinimalSiteGetsDocumentedDefaults) {
  auto c = ParseSitesConfig(kMinimal, "sites.yaml");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->sites.size(), 1u);
  const SiteConfig& s = c->sites[0];
  EXPECT_EQ(s.name, "velvet");
  EXPECT_TRUE(s.obey_robots);
  EXPECT_FALSE(s.allow_private_addresses);
  EXPECT_EQ(s.politeness.min_delay, absl::Seconds(1));
  EXPECT_EQ(s.politeness.max_connections, 1);
  EXPECT_EQ(s.politeness.crawl_delay_cap, absl::Seconds(30));
  EXPECT_EQ(s.fetch.max_body, 8u << 20);
  EXPECT_EQ(s.fetch.max_redirects, 5);
  EXPECT_EQ(s.recrawl.advert, absl::Hours(24));
  EXPECT_EQ(c->Find("velvet"), &c->sites[0]);
  EXPECT_EQ(c->Find("nope"), nullptr);
}

TEST(SitesConfigTest, FullSiteParsesEveryOption) {
  std::string text = std::string(kMinimal) + R"(      profile: '^/profile/[a-z0-9-]+$'
      image: '^/img/'
      follow: ['^/about$']
      skip: ['^/login']
      strip_params: [utm_source, sid]
    allow_private_addresses: true
    user_agent: "ua/1"
    proxy: "socks5h://127.0.0.1:9050"
    headers: {Accept-Language: "en-GB"}
    robots: ignore
    pagination: {param: page, max_pages: 7}
    politeness: {min_delay: 250ms, max_connections: 2, daily_budget: 10, crawl_delay_cap: 5s}
    fetch: {connect_timeout: 1s, timeout: 2s, low_speed_limit: 5, low_speed_time: 3s, max_body: 64KiB, max_redirects: 2}
    recrawl: {listing: 1h, advert: 12h}
    age_gate:
      cookie: "over18=1"
      form: {url: "/age", fields: {confirm: "yes"}}
    ocr: true
    fields: {title: "h1.ad-title", phone: ".phone[data-phone]"}
)";
  auto c = ParseSitesConfig(text, "sites.yaml");
  ASSERT_TRUE(c.ok()) << c.status();
  const SiteConfig& s = c->sites[0];
  EXPECT_EQ(s.urls.strip_params, (std::vector<std::string>{"utm_source", "sid"}));
  EXPECT_FALSE(s.obey_robots);
  EXPECT_TRUE(s.allow_private_addresses);
  EXPECT_EQ(s.headers.at("Accept-Language"), "en-GB");
  EXPECT_EQ(s.pagination.max_pages, 7);
  EXPECT_EQ(s.politeness.min_delay, absl::Milliseconds(250));
  EXPECT_EQ(s.politeness.max_connections, 2);
  EXPECT_EQ(s.fetch.max_body, 64u << 10);
  EXPECT_EQ(s.recrawl.listing, absl::Hours(1));
  EXPECT_EQ(s.age_gate.cookie, "over18=1");
  EXPECT_EQ(s.age_gate.form_fields.at("confirm"), "yes");
  EXPECT_TRUE(s.ocr);
  EXPECT_EQ(s.fields.at("phone"), ".phone[data-phone]");
}

// One-site YAML: name, seed, listing and advert patterns.
std::string OneSite(const std::string& name, const std::string& seed, const std::string& listing,
                    const std::string& advert) {
  return "sites:\n  - name: " + name + "\n    seeds: [\"" + seed + "\"]\n    urls: {listing: '" + listing +
         "', advert: '" + advert + "'}\n";
}

// The error message of parsing `text` as "s.yaml" ("OK" when it parses).
std::string ErrorOf(const std::string& text) {
  auto c = ParseSitesConfig(text, "s.yaml");
  return c.ok() ? "OK" : Msg(c.status());
}

TEST(SitesConfigTest, UnknownKeyNamesFileLineAndPath) {
  EXPECT_EQ(ErrorOf(std::string(kMinimal) + "    politeness: {min_delai: 1s}\n"),
            "s.yaml:8: sites[0].politeness.min_delai: unknown key");
}

TEST(SitesConfigTest, BadDurationNamesKey) {
  EXPECT_THAT(ErrorOf(std::string(kMinimal) + "    politeness:\n      min_delay: fast\n"),
              HasSubstr("s.yaml:9: sites[0].politeness.min_delay: "));
}

TEST(SitesConfigTest, InvalidRegexNamesSiteKeyAndRe2Error) {
  EXPECT_EQ(ErrorOf(OneSite("bad", "https://example.org/", "^/(", R"(^/a/(\d+)$)")),
            "s.yaml:4: sites[0].urls.listing: site \"bad\": invalid RE2 pattern \"^/(\": missing ): ^/(");
}

TEST(SitesConfigTest, AdvertPatternNeedsIdGroup) {
  EXPECT_THAT(ErrorOf(OneSite("s", "https://example.org/", "^/$", R"(^/a/\d+$)")),
              HasSubstr("sites[0].urls.advert: site \"s\": pattern needs a capture group"));
}

TEST(SitesConfigTest, NonHttpSeedIsRejected) {
  EXPECT_EQ(ErrorOf(OneSite("s", "ftp://example.org/", "^/$", R"(^/a/(\d+)$)")),
            "s.yaml:3: sites[0].seeds: [0] \"ftp://example.org/\": scheme \"ftp\" is not http or https");
}

TEST(SitesConfigTest, DuplicateNamesAreRejected) {
  std::string one = OneSite("s", "https://example.org/", "^/$", R"(^/a/(\d+)$)");
  EXPECT_EQ(ErrorOf(one + one.substr(std::string("sites:\n").size())),
            "s.yaml:5: sites[1].name: duplicate site name \"s\"");
}

TEST(SitesConfigTest, BadRobotsValueListsChoices) {
  EXPECT_EQ(ErrorOf(std::string(kMinimal) + "    robots: maybe\n"),
            "s.yaml:8: sites[0].robots: expected one of obey, ignore, got \"maybe\"");
}

TEST(SitesConfigTest, InvalidSiteNameIsRejected) {
  EXPECT_EQ(ErrorOf(OneSite("Bad Name", "https://example.org/", "^/$", R"(^/a/(\d+)$)")),
            "s.yaml:2: sites[0].name: expected [a-z0-9_-]+ (at most 64 characters)");
}

TEST(SitesConfigTest, ShippedExampleLoads) {
  const char* src = std::getenv("ADMON_SOURCE_DIR");
  ASSERT_NE(src, nullptr) << "run under ctest (sets ADMON_SOURCE_DIR)";
  auto c = LoadSitesConfig(std::string(src) + "/config/sites.example.yaml");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->sites.size(), 2u);
  EXPECT_EQ(c->sites[0].age_gate.cookie, "over18=1");
  EXPECT_EQ(c->sites[0].politeness.min_delay, absl::Seconds(2));
  EXPECT_TRUE(c->sites[1].allow_private_addresses);
}

TEST(SitesConfigTest, MissingFileIsNotFound) {
  auto c = LoadSitesConfig("/nonexistent/sites.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(absl::IsNotFound(c.status())) << c.status();
}

}  // namespace
}  // namespace admon::config
