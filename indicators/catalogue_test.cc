// Copyright 2026 The admon Authors.
//
// Catalogue loading: the shipped file, strict YAML, pattern errors, formula.
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "indicators/indicators.h"
#include "indicators/test_util.h"

namespace admon::indicators {
namespace {

using ::testing::HasSubstr;
using testing::Shipped;

std::string Catalogue1(const std::string& indicator_yaml) {
  return "version: t1\n"
         "scoring:\n"
         "  advert: {bias: 3, scale: 1, review_at: 0.5, urgent_at: 0.9}\n"
         "  cluster: {bias: 3, scale: 1, review_at: 0.5, urgent_at: 0.9}\n"
         "indicators:\n" +
         indicator_yaml;
}

constexpr char kGood[] =
    "  - id: good\n"
    "    category: c\n"
    "    description: d\n"
    "    provenance: p\n"
    "    scope: advert\n"
    "    weight: 1\n"
    "    detector:\n"
    "      patterns: ['hello']\n";

// One indicator entry: `extra` goes before the detector, `detector` after it.
std::string Entry(const std::string& id, const std::string& scope, const std::string& detector,
                  const std::string& extra = "") {
  return "  - id: " + id + "\n    category: c\n    description: d\n    provenance: p\n    scope: " + scope +
         "\n    weight: 1\n" + extra + "    detector:\n      " + detector + "\n";
}

// The load error for `yaml` (empty, plus a test failure, if it loads).
std::string ErrorOf(const std::string& yaml) {
  auto cat = Catalogue::LoadFromString(yaml, "cat.yaml");
  EXPECT_FALSE(cat.ok());
  return cat.ok() ? "" : std::string(cat.status().message());
}

TEST(CatalogueTest, ShippedCatalogueLoadsWithProvenanceForEveryIndicator) {
  const Catalogue& cat = Shipped();
  EXPECT_FALSE(cat.version().empty());
  auto list = cat.List();
  EXPECT_GE(list.size(), 30u);
  std::set<std::string> categories;
  for (const auto& i : list) {
    EXPECT_FALSE(i.provenance.empty()) << i.id;
    EXPECT_FALSE(i.description.empty()) << i.id;
    categories.insert(i.category);
  }
  for (const char* c : {"youth", "control", "contact", "origin", "services", "movement", "network"}) {
    EXPECT_TRUE(categories.count(c)) << c;
  }
}

TEST(CatalogueTest, MinimalCatalogueLoadsFromString) {
  auto cat = Catalogue::LoadFromString(Catalogue1(kGood), "mem.yaml");
  ASSERT_TRUE(cat.ok()) << cat.status();
  EXPECT_EQ((*cat)->version(), "t1");
  ASSERT_EQ((*cat)->List().size(), 1u);
  EXPECT_EQ((*cat)->List()[0].detector, "patterns");
}

TEST(CatalogueTest, BrokenPatternErrorNamesIndicatorPatternAndLine) {
  std::string y = Catalogue1(
      "  - id: broken_one\n"
      "    category: c\n"
      "    description: d\n"
      "    provenance: p\n"
      "    scope: advert\n"
      "    weight: 1\n"
      "    detector:\n"
      "      patterns:\n"
      "        - 'fine'\n"
      "        - 'bad(pattern'\n");
  std::string msg = ErrorOf(y);
  EXPECT_THAT(msg, HasSubstr("cat.yaml:15:"));
  EXPECT_THAT(msg, HasSubstr("indicators[0].detector.patterns[1]"));
  EXPECT_THAT(msg, HasSubstr("broken_one"));
  EXPECT_THAT(msg, HasSubstr("bad(pattern"));
  EXPECT_THAT(msg, HasSubstr("missing )"));  // RE2's own error text
}

TEST(CatalogueTest, UnknownKeyIsAnErrorWithFileLineAndPath) {
  std::string y = Catalogue1(std::string(kGood) + "    wieght: 2\n");
  EXPECT_THAT(ErrorOf(y), HasSubstr("cat.yaml:14: indicators[0].wieght"));
}

TEST(CatalogueTest, UnknownDetectorOptionIsAnError) {
  std::string y = Catalogue1(std::string(kGood) + "      feilds: [title]\n");
  EXPECT_THAT(ErrorOf(y), HasSubstr("indicators[0].detector.feilds"));
}

TEST(CatalogueTest, UnknownTopLevelKeyIsAnError) {
  EXPECT_THAT(ErrorOf("extra: 1\n" + Catalogue1(kGood)), HasSubstr("cat.yaml:1: extra"));
}

TEST(CatalogueTest, TwoDetectorKindsAreAnError) {
  std::string y = Catalogue1(std::string(kGood) + "      emoji: ['x']\n");
  EXPECT_THAT(ErrorOf(y), HasSubstr("exactly one detector kind"));
}

TEST(CatalogueTest, ClusterDetectorNeedsClusterScope) {
  std::string y = Catalogue1(Entry("c1", "advert", "cluster: {statistic: phones, at_least: 2}"));
  EXPECT_THAT(ErrorOf(y), HasSubstr("scope: cluster"));
}

TEST(CatalogueTest, UnknownClusterStatisticListsAllowedValues) {
  std::string y = Catalogue1(Entry("c1", "cluster", "cluster: {statistic: phone_count, at_least: 2}"));
  EXPECT_THAT(ErrorOf(y), HasSubstr("max_names_per_phone"));
}

TEST(CatalogueTest, RequiresAnyMustNameAnExistingIndicator) {
  std::string y = Catalogue1(kGood + Entry("combo", "advert", "patterns: ['x']", "    requires_any: [nope]\n"));
  EXPECT_THAT(ErrorOf(y), HasSubstr("unknown indicator \"nope\""));
}

TEST(CatalogueTest, DuplicateIdsAreAnError) {
  EXPECT_THAT(ErrorOf(Catalogue1(std::string(kGood) + kGood)), HasSubstr("duplicate indicator id \"good\""));
}

TEST(CatalogueTest, PatternMatchingEmptyTextIsRejected) {
  std::string y = Catalogue1(Entry("empty_re", "advert", "patterns: ['x*']"));
  EXPECT_THAT(ErrorOf(y), HasSubstr("indicator empty_re: pattern matches empty text"));
}

TEST(CatalogueTest, ReviewThresholdAboveUrgentIsAnError) {
  std::string y = Catalogue1(kGood);
  y.replace(y.find("review_at: 0.5"), 14, "review_at: 0.95");
  EXPECT_THAT(ErrorOf(y), HasSubstr("scoring.advert.review_at"));
}

TEST(CatalogueTest, MissingFileIsNotFoundNamingThePath) {
  auto cat = Catalogue::Load("/nonexistent/indicators.yaml");
  ASSERT_FALSE(cat.ok());
  EXPECT_THAT(std::string(cat.status().message()), HasSubstr("/nonexistent/indicators.yaml"));
}

TEST(FormulaTest, ZeroWithoutEvidenceAndStrictlyIncreasing) {
  ScoringParams p{.bias = 3.0, .scale = 1.0};
  EXPECT_EQ(Logistic01(0, p), 0.0);
  EXPECT_EQ(Logistic01(-2, p), 0.0);
  double prev = 0;
  for (double s = 0.25; s <= 12; s += 0.25) {
    double v = Logistic01(s, p);
    EXPECT_GT(v, prev) << s;
    EXPECT_LT(v, 1.0) << s;
    prev = v;
  }
  EXPECT_NEAR(Logistic01(3, p), 0.4752, 1e-3);
}

}  // namespace
}  // namespace admon::indicators
