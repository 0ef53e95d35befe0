// Copyright 2026 The admon Authors.
#include "crawler/robots.h"

#include <string>

#include "gtest/gtest.h"

namespace admon::crawler {
namespace {

constexpr char kUa[] = "admon/0.1 (safeguarding; ops@example.org)";

struct Case {
  const char* robots;
  const char* path;
  bool allowed;
};

TEST(RobotsTest, RuleTable) {
  const Case cases[] = {
      // RFC 9309 2.2.2: longest match wins.
      {"User-agent: *\nAllow: /p\nDisallow: /\n", "/page", true},
      {"User-agent: *\nAllow: /folder\nDisallow: /folder\n", "/folder/page", true},  // tie: Allow wins
      {"User-agent: *\nAllow: /page\nDisallow: /*.html\n", "/page.html", false},
      {"User-agent: *\nAllow: /$\nDisallow: /\n", "/", true},
      {"User-agent: *\nAllow: /$\nDisallow: /\n", "/page.htm", false},
      {"User-agent: *\nDisallow: /*.php$\n", "/index.php", false},
      {"User-agent: *\nDisallow: /*.php$\n", "/index.php?x=1", true},
      {"User-agent: *\nDisallow: /fish*\n", "/fishheads", false},
      {"User-agent: *\nDisallow: /fish\n", "/Fish", true},  // case-sensitive paths
      {"User-agent: *\nDisallow: /*/private/*\n", "/a/private/b", false},
      {"User-agent: *\nDisallow:\n", "/anything", true},  // empty Disallow allows all
      {"User-agent: *\nDisallow: /login\n", "/login?next=/", false},
      {"User-agent: *\nDisallow: /a%3Cd.html\n", "/a%3cd.html", false},  // percent-encoding normalised
      {"User-agent: *\nDisallow: /~joe\n", "/%7Ejoe/index", false},
      {"", "/x", true},
      {"Disallow: /x\n", "/x", true},  // rule outside any group is ignored
      {"User-agent: *\nDisallow: /\n", "/robots.txt", true},  // robots.txt itself always allowed
  };
  for (const auto& c : cases) {
    RobotsTxt r = RobotsTxt::Parse(c.robots, kUa);
    EXPECT_EQ(r.IsAllowed(c.path), c.allowed) << c.robots << " path " << c.path;
  }
}

TEST(RobotsTest, SpecificUserAgentGroupBeatsStar) {
  const char* robots =
      "User-agent: *\nDisallow: /\n\n"
      "User-agent: otherbot\nAllow: /\n\n"
      "User-agent: AdMon\nDisallow: /private\n";
  RobotsTxt r = RobotsTxt::Parse(robots, kUa);
  EXPECT_TRUE(r.IsAllowed("/public"));
  EXPECT_FALSE(r.IsAllowed("/private/x"));
  RobotsTxt other = RobotsTxt::Parse(robots, "somebot/2.0");
  EXPECT_FALSE(other.IsAllowed("/public"));
}

TEST(RobotsTest, GroupWithSeveralUserAgentsAndMergedGroups) {
  const char* robots =
      "User-agent: a\nUser-agent: admon\nDisallow: /x\n\n"
      "User-agent: admon\nDisallow: /y\n";
  RobotsTxt r = RobotsTxt::Parse(robots, kUa);
  EXPECT_FALSE(r.IsAllowed("/x"));
  EXPECT_FALSE(r.IsAllowed("/y"));
  EXPECT_TRUE(r.IsAllowed("/z"));
}

TEST(RobotsTest, CommentsCrLfAndCaseInsensitiveKeys) {
  RobotsTxt r = RobotsTxt::Parse("# hi\r\nUSER-AGENT: * # all\r\nDISALLOW: /a # no\r\n", kUa);
  EXPECT_FALSE(r.IsAllowed("/a"));
  EXPECT_TRUE(r.IsAllowed("/b"));
}

TEST(RobotsTest, CrawlDelayAndSitemaps) {
  RobotsTxt r = RobotsTxt::Parse(
      "Sitemap: http://a.com/s1.xml\nUser-agent: *\nCrawl-delay: 2.5\nDisallow:\nSitemap: http://a.com/s2.xml\n", kUa);
  ASSERT_TRUE(r.crawl_delay().has_value());
  EXPECT_EQ(*r.crawl_delay(), absl::Milliseconds(2500));
  EXPECT_EQ(r.sitemaps(), (std::vector<std::string>{"http://a.com/s1.xml", "http://a.com/s2.xml"}));
}

TEST(RobotsTest, StatusPolicies) {
  EXPECT_TRUE(RobotsTxt::FromResponse(404, "", kUa).IsAllowed("/x"));  // 4xx: allow all
  EXPECT_TRUE(RobotsTxt::FromResponse(403, "", kUa).IsAllowed("/x"));
  EXPECT_FALSE(RobotsTxt::FromResponse(503, "", kUa).IsAllowed("/x"));  // 5xx: disallow all
  EXPECT_FALSE(RobotsTxt::FromResponse(0, "", kUa).IsAllowed("/x"));    // unreachable
  EXPECT_FALSE(RobotsTxt::FromResponse(200, "User-agent: *\nDisallow: /x", kUa).IsAllowed("/x"));
}

TEST(RobotsTest, OnlyFirst500KiBAreParsed) {
  std::string body = "User-agent: *\nDisallow: /early\n";
  body.append(kMaxRobotsBytes, '#');
  body += "\nDisallow: /late\n";
  RobotsTxt r = RobotsTxt::Parse(body, kUa);
  EXPECT_FALSE(r.IsAllowed("/early"));
  EXPECT_TRUE(r.IsAllowed("/late"));
}

TEST(RobotsTest, PatternMatcher) {
  EXPECT_TRUE(RobotsPatternMatches("/a*b$", "/axxb"));
  EXPECT_FALSE(RobotsPatternMatches("/a*b$", "/axxbc"));
  EXPECT_TRUE(RobotsPatternMatches("*", "/anything"));
  EXPECT_TRUE(RobotsPatternMatches("/**x", "/yx"));
  EXPECT_FALSE(RobotsPatternMatches("/x", "/"));
  EXPECT_EQ(ProductToken("AdMon/0.1 (x)"), "admon");
}

}  // namespace
}  // namespace admon::crawler
