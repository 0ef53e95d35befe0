// Copyright 2026 The admon Authors.
#include "parsers/fields.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parsers/gazetteer.h"

namespace admon::parsers {
namespace {

using ::testing::ElementsAre;

TEST(FieldsTest, AgeFromLabelsAndSuffixes) {
  EXPECT_EQ(ParseAge("Age: 23"), 23);
  EXPECT_EQ(ParseAge("age 31, slim"), 31);
  EXPECT_EQ(ParseAge("I am 23 years old"), 23);
  EXPECT_EQ(ParseAge("Anna 23yo"), 23);
  EXPECT_EQ(ParseAge("new girl 22 y/o"), 22);
  EXPECT_EQ(ParseAge("24 yrs"), 24);
  EXPECT_EQ(ParseAge("Age: 17"), 17);  // not clamped: a minor claim must be visible
  EXPECT_EQ(ParseAge("call 07700 900123"), std::nullopt);
  EXPECT_EQ(ParseAge("5 years experience? no: Age 26"), 26);
  EXPECT_EQ(ParseAge("no age here"), std::nullopt);
}

TEST(FieldsTest, PricesPairAmountsWithDurations) {
  auto p = ParsePrices("£80 30min, 1 hour £150\n£150/hr | half hour £70");
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].minutes, 30);
  EXPECT_EQ(p[0].pounds, 80);
  EXPECT_EQ(p[1].minutes, 60);
  EXPECT_EQ(p[1].pounds, 150);
  EXPECT_EQ(p[2].minutes, 60);
  EXPECT_EQ(p[2].pounds, 150);
  EXPECT_EQ(p[3].minutes, 30);
  EXPECT_EQ(p[3].pounds, 70);
  auto q = ParsePrices("30 mins - £80   1hr - £140   2 hours £260");
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[2].minutes, 120);
  EXPECT_EQ(q[2].pounds, 260);
  EXPECT_EQ(q[0].raw, "30 mins - £80");
  EXPECT_TRUE(ParsePrices("call 07700 900123 for 30 minutes of fun").empty());
  EXPECT_TRUE(ParsePrices("£100").empty());
}

TEST(FieldsTest, NationalityClaimsSkipServiceIdioms) {
  EXPECT_THAT(ParseNationalities("New Romanian girl in town"), ElementsAre("romanian"));
  EXPECT_THAT(ParseNationalities("Nationality: Greek"), ElementsAre("greek"));
  EXPECT_THAT(ParseNationalities("Offering Thai massage and French kissing, Greek"), ElementsAre());
  EXPECT_THAT(ParseNationalities("Brazilian wax. Sexy Brazilian"), ElementsAre("brazilian"));
  EXPECT_THAT(ParseNationalities("Ethnicity: White\nfrom Hungary"), ElementsAre("white", "hungarian"));
  EXPECT_THAT(ParseNationalities("I speak Polish and English"), ElementsAre());
  EXPECT_THAT(ParseNationalities("Sweet Asian lady, Eastern European friend"), ElementsAre("asian", "eastern european"));
}

TEST(FieldsTest, LanguagesOnlyFromLabelledText) {
  EXPECT_THAT(ParseLanguages("Languages: English, Romanian"), ElementsAre("english", "romanian"));
  EXPECT_THAT(ParseLanguages("I speak a little English and Spanish."), ElementsAre("english", "spanish"));
  EXPECT_THAT(ParseLanguages("Romanian girl, English rose"), ElementsAre());
}

TEST(FieldsTest, ServicesCleanList) {
  EXPECT_THAT(ParseServices("About me...\nServices: GFE, Massage • Dinner dates; OWO | gfe\nRates: x"),
              ElementsAre("gfe", "massage", "dinner dates", "owo"));
  EXPECT_THAT(ParseServices("Services:\n- GFE\n- Duo\n\nContact"), ElementsAre("gfe", "duo"));
  EXPECT_THAT(ParseServices("Massage, Couples", /*is_list=*/true), ElementsAre("massage", "couples"));
  EXPECT_TRUE(ParseServices("no list here").empty());
}

class GazetteerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* dir = std::getenv("ADMON_SOURCE_DIR");
    std::string path = std::string(dir ? dir : "/work/main") + "/config/gazetteer.yaml";
    auto g = Gazetteer::LoadFile(path);
    ASSERT_TRUE(g.ok()) << g.status();
    gaz_ = g->release();
  }
  static const Gazetteer* gaz_;
};
const Gazetteer* GazetteerTest::gaz_ = nullptr;

TEST_F(GazetteerTest, CoversAllFortyFiveForcesAndManyPlaces) {
  EXPECT_EQ(gaz_->force_count(), 45u);
  EXPECT_EQ(TerritorialForces().size(), 45u);
  EXPECT_GE(gaz_->place_count(), 300u);
}

TEST_F(GazetteerTest, RoutesTownsToForces) {
  EXPECT_EQ(gaz_->Match("Leeds city centre").force, "West Yorkshire Police");
  EXPECT_EQ(gaz_->Match("Newcastle upon Tyne").town, "Newcastle upon Tyne");
  EXPECT_EQ(gaz_->Match("newcastle-upon-tyne").force, "Northumbria Police");
  EXPECT_EQ(gaz_->Match("Newcastle-under-Lyme").force, "Staffordshire Police");
  EXPECT_EQ(gaz_->Match("Newcastle").force, "Northumbria Police");
  EXPECT_EQ(gaz_->Match("Cardiff Bay").force, "South Wales Police");
  EXPECT_EQ(gaz_->Match("GLASGOW").force, "Police Scotland");
  EXPECT_EQ(gaz_->Match("Belfast").force, "Police Service of Northern Ireland");
  EXPECT_EQ(gaz_->Match("Newport").force, "Gwent Police");  // the larger Newport
  EXPECT_EQ(gaz_->Match("Stoke on Trent").force, "Staffordshire Police");
  EXPECT_EQ(gaz_->Match("St. Albans").force, "Hertfordshire Constabulary");
  EXPECT_EQ(gaz_->Match("Outcall: Leeds, Bradford").town, "Leeds");
}

TEST_F(GazetteerTest, WordBoundedAndCommonWordsNeedCapitals) {
  EXPECT_EQ(gaz_->Match("Leedsville").force, "");
  EXPECT_EQ(gaz_->Match("I love reading books").force, "");
  EXPECT_EQ(gaz_->Match("Reading town centre").force, "Thames Valley Police");
}

TEST_F(GazetteerTest, PostcodesGiveDistrictAndForce) {
  Location l = gaz_->Match("near LS1 4AB");
  EXPECT_EQ(l.postcode_district, "LS1");
  EXPECT_EQ(l.force, "West Yorkshire Police");
  EXPECT_EQ(gaz_->Match("Leeds LS11").postcode_district, "LS11");
  EXPECT_EQ(gaz_->Match("G2").force, "Police Scotland");
}

TEST(GazetteerLoadTest, ErrorsNameFileAndLine) {
  auto node = config::ParseYaml("version: 1\nforces:\n  - name: Gotham Police\n    places: [Gotham]\n", "g.yaml");
  ASSERT_TRUE(node.ok());
  auto g = Gazetteer::FromNode(*node, "g.yaml");
  ASSERT_FALSE(g.ok());
  EXPECT_NE(std::string(g.status().message()).find("g.yaml:3"), std::string::npos) << g.status();
}

}  // namespace
}  // namespace admon::parsers
