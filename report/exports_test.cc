// Copyright 2026 The admon Authors.
#include "report/exports.h"

#include <sys/stat.h>

#include <filesystem>
#include <set>
#include <vector>

#include "common/files.h"
#include "gtest/gtest.h"
#include "report/test_model.h"

namespace admon::report {
namespace {

std::string FirstLine(const std::string& s) { return s.substr(0, s.find("\r\n")); }

int Count(const std::string& s, const std::string& needle) {
  int n = 0;
  for (size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + needle.size())) ++n;
  return n;
}

TEST(I2Test, HeadersMatchTheImportSpecification) {
  const I2Files f = BuildI2(testing::MakeModel());
  EXPECT_EQ(FirstLine(f.entities),
            "Entity Type,Identity,Label,Site,URL,Name,Age,Town,Force,Cluster,Score,Flag,First Seen,Last Seen,Details");
  EXPECT_EQ(FirstLine(f.links), "From Type,From Identity,To Type,To Identity,Link Type,Date,Last Date,Cluster,Evidence");
}

TEST(I2Test, EntitiesAreUniqueAndLinksCarryDates) {
  const I2Files f = BuildI2(testing::MakeModel());
  EXPECT_EQ(Count(f.entities, "\r\nPhone,+447700900123,"), 1);  // shared phone: one entity
  EXPECT_EQ(Count(f.entities, "\r\nAdvert,"), 4);
  EXPECT_EQ(Count(f.entities, "\r\nLocation,Leeds,"), 1);
  EXPECT_EQ(Count(f.entities, "\r\nHandle,paypal:boss.cash,"), 1);
  EXPECT_NE(f.links.find("Advert,siteA:100,Phone,+447700900123,advert-has-phone,2026-11-20,2026-11-23,C00000001"),
            std::string::npos);
  EXPECT_NE(f.links.find("advert-has-payment"), std::string::npos);
  EXPECT_NE(f.links.find("advert-in-location"), std::string::npos);
  EXPECT_NE(f.links.find("advert-similar-text"), std::string::npos);
  EXPECT_NE(f.links.find("advert-similar-image"), std::string::npos);
  // The hostile title is data, quoted only as CSV needs, and neutralised as a formula if needed.
  EXPECT_NE(f.entities.find("<script>alert(1)</script> Lily 19 new in town"), std::string::npos);
}

TEST(I2Test, WritesOwnerOnlyFiles) {
  const std::string dir = ::testing::TempDir() + "/i2_out";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(WriteI2(testing::MakeModel(), dir).ok());
  for (const char* f : {"/entities.csv", "/links.csv"}) {
    struct stat st {};
    ASSERT_EQ(::stat((dir + f).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
}

TEST(GraphmlTest, IsWellFormedWithTypedNodesAndEdges) {
  ReportModel m = testing::MakeModel();
  m.clusters[1].adverts[0].title = "A & B <c> \"d\" 'e' \x01 \xFF";
  const std::string xml = BuildGraphml(m);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml", 0), 0u);
  EXPECT_EQ(Count(xml, "<node "), Count(xml, "</node>"));
  EXPECT_EQ(Count(xml, "<edge "), Count(xml, "</edge>"));
  EXPECT_GT(Count(xml, "<edge "), 10);
  EXPECT_NE(xml.find("A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39;"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);  // not allowed in XML 1.0
  EXPECT_NE(xml.find("<data key=\"link_type\">advert-has-phone</data>"), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"type\">Image</data>"), std::string::npos);
  // Every edge endpoint is a declared node.
  std::set<std::string> nodes;
  for (size_t p = xml.find("<node id=\""); p != std::string::npos; p = xml.find("<node id=\"", p + 1)) {
    nodes.insert(xml.substr(p + 10, xml.find('"', p + 10) - p - 10));
  }
  for (size_t p = xml.find("source=\""); p != std::string::npos; p = xml.find("source=\"", p + 1)) {
    EXPECT_TRUE(nodes.count(xml.substr(p + 8, xml.find('"', p + 8) - p - 8)));
  }
  // Balanced tags (Gumbo is an HTML parser and would accept anything).
  std::vector<std::string> stack;
  for (size_t p = xml.find('<'); p != std::string::npos; p = xml.find('<', p + 1)) {
    if (xml.compare(p, 2, "<?") == 0) continue;
    const size_t end = xml.find('>', p);
    ASSERT_NE(end, std::string::npos);
    const std::string tag = xml.substr(p + 1, end - p - 1);
    if (tag.back() == '/') continue;
    if (tag[0] == '/') {
      ASSERT_FALSE(stack.empty());
      EXPECT_EQ(stack.back(), tag.substr(1));
      stack.pop_back();
    } else {
      stack.push_back(tag.substr(0, tag.find(' ')));
    }
  }
  EXPECT_TRUE(stack.empty());
}

TEST(GraphmlTest, WritesOwnerOnlyFile) {
  const std::string path = ::testing::TempDir() + "/graph.graphml";
  ASSERT_TRUE(WriteGraphml(testing::MakeModel(), path).ok());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace admon::report
