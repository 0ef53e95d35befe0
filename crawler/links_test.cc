// Copyright 2026 The admon Authors.
#include "crawler/links.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace admon::crawler {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

TEST(ExtractLinksTest, AnchorsNextLinksAndImages) {
  const char* html = R"html(<html><head><link rel="next" href="?page=2"><link rel="stylesheet" href="/s.css"></head>
    <body><a href="/advert/1">a</a><a href="advert/2#top">b</a><a href="#x">skip</a>
    <a href="javascript:void(0)">js</a><a href="mailto:x@y.z">mail</a>
    <img src="/img/1.jpg" srcset="/img/1-2x.jpg 2x, /img/1-3x.jpg 3x"></body></html>)html";
  PageLinks l = ExtractLinks(html, "http://h.test/town/leeds");
  EXPECT_THAT(l.links, UnorderedElementsAre("http://h.test/town/leeds?page=2", "http://h.test/advert/1",
                                            "http://h.test/town/advert/2#top"));
  EXPECT_THAT(l.images, ElementsAre("http://h.test/img/1.jpg", "http://h.test/img/1-2x.jpg", "http://h.test/img/1-3x.jpg"));
}

TEST(ExtractLinksTest, BaseHrefIsHonoured) {
  PageLinks l = ExtractLinks(R"(<base href="http://h.test/sub/"><a href="x">x</a>)", "http://h.test/a/b");
  EXPECT_THAT(l.links, ElementsAre("http://h.test/sub/x"));
}

TEST(ExtractLinksTest, CommentsAndRawTextHideTags) {
  PageLinks l = ExtractLinks(
      R"(<!-- <a href="/c"> --><script>var s = '<a href="/s">';</script><STYLE>a{}</style>)"
      R"(<textarea><img src="/t.jpg"></textarea><A HREF='/x?a=1&amp;b=2' title="a>b">x</A><img src=/i.jpg>)",
      "http://h.test/");
  EXPECT_THAT(l.links, ElementsAre("http://h.test/x?a=1&b=2"));
  EXPECT_THAT(l.images, ElementsAre("http://h.test/i.jpg"));
}

TEST(ExtractLinksTest, HostileNestingAndWidthStayLinear) {
  // Gumbo's tree building is quadratic in nesting depth: a million unclosed
  // <div>s took minutes before only link tags were handed to it.
  std::string deep;
  for (int i = 0; i < 1000000; ++i) deep += "<div>";
  deep += "<a href=\"/advert/1\">";
  EXPECT_THAT(ExtractLinks(deep, "http://h.test/").links, ElementsAre("http://h.test/advert/1"));
  std::string wide;
  for (size_t i = 0; i < 2 * kMaxLinkTags; ++i) wide += "<a href=\"/a\">";
  EXPECT_EQ(ExtractLinks(wide, "http://h.test/").links.size(), kMaxLinksPerPage);
}

TEST(ParseSitemapTest, UrlsetAndIndex) {
  SitemapUrls u = ParseSitemap(
      "<?xml version='1.0'?><urlset><url><loc> http://h.test/advert/1?a=1&amp;b=2 </loc></url>"
      "<url><loc>http://h.test/advert/2</loc></url></urlset>");
  EXPECT_THAT(u.pages, ElementsAre("http://h.test/advert/1?a=1&b=2", "http://h.test/advert/2"));
  EXPECT_TRUE(u.sitemaps.empty());
  SitemapUrls idx = ParseSitemap("<sitemapindex><sitemap><loc>http://h.test/s1.xml</loc></sitemap></sitemapindex>");
  EXPECT_THAT(idx.sitemaps, ElementsAre("http://h.test/s1.xml"));
}

}  // namespace
}  // namespace admon::crawler
