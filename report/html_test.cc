// Copyright 2026 The admon Authors.
#include "report/html.h"

#include <gumbo.h>
#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/files.h"
#include "gtest/gtest.h"
#include "report/test_model.h"

namespace admon::report {
namespace {

std::string Attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a == nullptr ? "" : a->value;
}

std::string TextOf(const GumboNode* n) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) return n->v.text.text;
  if (n->type != GUMBO_NODE_ELEMENT) return "";
  std::string out;
  for (unsigned i = 0; i < n->v.element.children.length; ++i) {
    out += TextOf(static_cast<const GumboNode*>(n->v.element.children.data[i]));
  }
  return out;
}

void Walk(const GumboNode* n, const std::function<void(const GumboNode*)>& fn) {
  if (n->type != GUMBO_NODE_ELEMENT) return;
  fn(n);
  for (unsigned i = 0; i < n->v.element.children.length; ++i) {
    Walk(static_cast<const GumboNode*>(n->v.element.children.data[i]), fn);
  }
}

// What the tests check in a parsed report.
struct Parsed {
  int scripts = 0, imgs = 0, iframes_objects = 0;
  std::vector<std::string> external_urls;  // src/href/action to http(s) or protocol-relative
  std::vector<std::string> marks;          // text of each <mark>
  std::vector<std::string> article_ids;    // cluster articles in order, with their <h3> text
  std::vector<int> svgs_per_article;
  std::vector<std::string> img_classes, img_srcs;
  std::string body_text;
};

Parsed Parse(const std::string& html) {
  Parsed p;
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  Walk(out->root, [&](const GumboNode* n) {
    const GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_SCRIPT) ++p.scripts;
    if (tag == GUMBO_TAG_IFRAME || tag == GUMBO_TAG_OBJECT || tag == GUMBO_TAG_EMBED) ++p.iframes_objects;
    if (tag == GUMBO_TAG_IMG) {
      ++p.imgs;
      p.img_classes.push_back(Attr(n, "class"));
      p.img_srcs.push_back(Attr(n, "src"));
    }
    for (const char* a : {"src", "href", "action", "xlink:href", "srcset", "poster"}) {
      const std::string v = Attr(n, a);
      if (v.rfind("http:", 0) == 0 || v.rfind("https:", 0) == 0 || v.rfind("//", 0) == 0) {
        p.external_urls.push_back(v);
      }
    }
    if (tag == GUMBO_TAG_MARK) p.marks.push_back(TextOf(n));
    if (tag == GUMBO_TAG_ARTICLE && Attr(n, "class").find("cluster") != std::string::npos) {
      int svgs = 0;
      std::string h3;
      Walk(n, [&](const GumboNode* c) {
        if (c->v.element.tag == GUMBO_TAG_SVG) ++svgs;
        if (c->v.element.tag == GUMBO_TAG_H3 && h3.empty()) h3 = TextOf(c);
      });
      p.article_ids.push_back(h3);
      p.svgs_per_article.push_back(svgs);
    }
    if (tag == GUMBO_TAG_BODY) p.body_text = TextOf(n);
  });
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  return p;
}

std::string OutDir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "/report_html_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(RenderReportTest, WritesOwnerOnlyHtmlJsonAndCsv) {
  const std::string dir = OutDir("files");
  ASSERT_TRUE(RenderReport(testing::MakeModel(), ReportOptions{}, dir).ok());
  for (const char* f : {"report-2026-11-23.html", "report-2026-11-23.json", "clusters.csv", "adverts.csv"}) {
    struct stat st {};
    ASSERT_EQ(::stat((dir + "/" + f).c_str(), &st), 0) << f;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << f;
  }
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST(RenderReportTest, RejectsMalformedDate) {
  ReportModel m = testing::MakeModel();
  m.date = "../../etc/x";
  EXPECT_EQ(RenderReport(m, ReportOptions{}, OutDir("baddate")).code(), absl::StatusCode::kInvalidArgument);
}

TEST(RenderReportHtmlTest, IsSelfContainedWithoutScriptsOrExternalUrls) {
  const Parsed p = Parse(RenderReportHtml(testing::MakeModel(), ReportOptions{}));
  EXPECT_EQ(p.scripts, 0);
  EXPECT_EQ(p.iframes_objects, 0);
  EXPECT_EQ(p.imgs, 0) << "images are shown by hash only by default";
  EXPECT_TRUE(p.external_urls.empty()) << p.external_urls.front();
}

TEST(RenderReportHtmlTest, HostileAdvertTextIsEscaped) {
  const std::string html = RenderReportHtml(testing::MakeModel(), ReportOptions{});
  EXPECT_EQ(html.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<img src=http://evil"), std::string::npos);
  EXPECT_EQ(html.find("<i>Lily</i>"), std::string::npos);
  const Parsed p = Parse(html);
  // The hostile markup survives as visible text, not as elements.
  EXPECT_NE(p.body_text.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(p.body_text.find("onerror=alert(2)"), std::string::npos);
}

TEST(RenderReportHtmlTest, RanksUrgentFirstWithOneNetworkSvgPerCluster) {
  const Parsed p = Parse(RenderReportHtml(testing::MakeModel(), ReportOptions{}));
  ASSERT_EQ(p.article_ids.size(), 2u);
  EXPECT_NE(p.article_ids[0].find("C00000001"), std::string::npos) << p.article_ids[0];
  EXPECT_NE(p.article_ids[0].find("URGENT"), std::string::npos);
  EXPECT_NE(p.article_ids[1].find("C00000002"), std::string::npos);
  EXPECT_EQ(p.svgs_per_article, (std::vector<int>{1, 1}));
}

TEST(RenderReportHtmlTest, NetworkPictureIsGraphvizSvgWithNodesAndEdges) {
  const std::string html = RenderReportHtml(testing::MakeModel(), ReportOptions{});
  EXPECT_NE(html.find("class=\"node\""), std::string::npos);
  EXPECT_NE(html.find("class=\"edge\""), std::string::npos);
  EXPECT_EQ(html.find("<?xml"), std::string::npos);
  EXPECT_EQ(html.find("<!DOCTYPE svg"), std::string::npos);
  EXPECT_EQ(html.find("Network picture unavailable"), std::string::npos);
}

TEST(RenderReportHtmlTest, HighlightsHitsIncludingOverlappingAndSkipsInvalidSpans) {
  const Parsed p = Parse(RenderReportHtml(testing::MakeModel(), ReportOptions{}));
  bool merged = false, title = false, phone_symbol = false;
  for (const std::string& m : p.marks) {
    if (m == "\"fresh\" & young girl") merged = true;  // two overlapping hits, one mark
    if (m == "new in town") title = true;
    if (m == "\xE2\x98\x8E") phone_symbol = true;    // span inside a character snaps to it
  }
  EXPECT_TRUE(merged);
  EXPECT_TRUE(title);
  EXPECT_TRUE(phone_symbol);
  EXPECT_EQ(p.marks.size(), 3u);  // far, negative and reversed spans are dropped
}

TEST(RenderReportHtmlTest, ThumbnailsOnlyWhenAskedAndBlurredByDefault) {
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "fake-body";
  const std::map<std::string, std::string> bytes = {{"aa11" + std::string(60, '0'), png}};
  const Parsed blurred = Parse(
      RenderReportHtml(testing::MakeModel(), ReportOptions{.thumbnails = true, .image_bytes = &bytes}));
  ASSERT_GT(blurred.imgs, 0);
  EXPECT_EQ(blurred.img_classes[0], "thumb blur");
  EXPECT_EQ(blurred.img_srcs[0].rfind("data:image/png;base64,", 0), 0u);
  const Parsed clear = Parse(RenderReportHtml(
      testing::MakeModel(), ReportOptions{.thumbnails = true, .unblurred = true, .image_bytes = &bytes}));
  ASSERT_GT(clear.imgs, 0);
  EXPECT_EQ(clear.img_classes[0], "thumb");
  const Parsed off = Parse(RenderReportHtml(testing::MakeModel(), ReportOptions{.image_bytes = &bytes}));
  EXPECT_EQ(off.imgs, 0);
}

TEST(RenderReportHtmlTest, CapsNetworkPictureAndSaysSo) {
  ReportModel m = testing::MakeModel();
  ClusterView big;
  big.id = "C00000099";
  big.flag = Flag::kReview;
  for (int i = 0; i < 300; ++i) {
    big.adverts.push_back(testing::MakeAdvert("siteA:" + std::to_string(1000 + i),
                                              "+4477009" + std::to_string(10000 + i), "Leeds", Flag::kNone, 0));
  }
  big.size = 300;
  m.clusters = {big};
  const ReportOptions o{.graph = {.max_nodes = 40, .layout = Layout::kNeato}, .max_adverts_per_cluster = 5};
  const std::string html = RenderReportHtml(m, o);
  EXPECT_NE(html.find("Showing 40 of 601 nodes"), std::string::npos);
  EXPECT_NE(html.find("295 more adverts not shown"), std::string::npos);
  const Parsed p = Parse(html);
  EXPECT_EQ(p.svgs_per_article, (std::vector<int>{1}));
}

TEST(RenderReportTest, JsonRoundTripsTheModel) {
  const ReportModel m = testing::MakeModel();
  const nlohmann::json j = m;
  const ReportModel back = j.get<ReportModel>();
  EXPECT_EQ(nlohmann::json(back), j);
  EXPECT_EQ(back.clusters[1].adverts[0].hits.size(), m.clusters[1].adverts[0].hits.size());
  EXPECT_EQ(back.clusters[1].adverts[0].flag, Flag::kUrgent);
  EXPECT_EQ(j["clusters"][1]["flag"], "urgent");
}

TEST(RenderReportTest, JsonFileIsRankedAndParses) {
  const std::string dir = OutDir("json");
  ASSERT_TRUE(RenderReport(testing::MakeModel(), ReportOptions{}, dir).ok());
  auto text = ReadFile(dir + "/report-2026-11-23.json");
  ASSERT_TRUE(text.ok());
  const nlohmann::json j = nlohmann::json::parse(*text);  // invalid UTF-8 was replaced
  EXPECT_EQ(j["schema_version"], kReportSchemaVersion);
  ASSERT_EQ(j["clusters"].size(), 2u);
  EXPECT_EQ(j["clusters"][0]["id"], "C00000001");
  const ReportModel back = j.get<ReportModel>();
  EXPECT_EQ(back.clusters[0].adverts.size(), 3u);
}

// Minimal RFC 4180 reader for the tests: records of fields.
std::vector<std::vector<std::string>> ReadCsv(const std::string& s) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      ++i;
      if (i + 1 < s.size()) rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  return rows;
}

TEST(RenderReportTest, CsvFilesHaveHeaderAndOneRecordPerRow) {
  ReportModel m = testing::MakeModel();
  m.clusters[1].adverts[1].title = "Comma, \"quotes\"\nand newline";
  const std::string dir = OutDir("csv");
  ASSERT_TRUE(RenderReport(m, ReportOptions{}, dir).ok());
  auto adverts = ReadFile(dir + "/adverts.csv");
  ASSERT_TRUE(adverts.ok());
  const auto rows = ReadCsv(*adverts);
  ASSERT_EQ(rows.size(), 5u);  // header + 4 adverts
  for (const auto& r : rows) EXPECT_EQ(r.size(), rows[0].size());
  EXPECT_EQ(rows[0][0], "cluster_id");
  EXPECT_EQ(rows[1][0], "C00000001");  // ranked
  EXPECT_EQ(rows[2][4], "Comma, \"quotes\"\nand newline");
  auto clusters = ReadFile(dir + "/clusters.csv");
  ASSERT_TRUE(clusters.ok());
  const auto crow = ReadCsv(*clusters);
  ASSERT_EQ(crow.size(), 3u);
  EXPECT_EQ(crow[1][1], "C00000001");
  EXPECT_EQ(crow[1][2], "urgent");
}

TEST(RenderReportHtmlTest, EmptyModelRenders) {
  ReportModel m;
  m.date = "2026-11-23";
  const Parsed p = Parse(RenderReportHtml(m, ReportOptions{}));
  EXPECT_TRUE(p.article_ids.empty());
  EXPECT_NE(p.body_text.find("No clusters to report"), std::string::npos);
}

}  // namespace
}  // namespace admon::report
