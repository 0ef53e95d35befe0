// Copyright 2026 The admon Authors.
//
// Advert scoring with the shipped catalogue: each family's positives,
// look-alikes that must not fire, field detectors, flags, spans, determinism.
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "indicators/indicators.h"
#include "indicators/test_util.h"

namespace admon::indicators {
namespace {

using testing::Desc;
using testing::Fired;
using testing::Ids;
using testing::Shipped;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

AdvertScore Score(const std::string& text) { return Shipped().ScoreAdvert(Desc(text)); }

parsers::Phone MakePhone(std::string e164, std::string region, std::vector<std::string> styles,
                         parsers::Source source = parsers::Source::kText) {
  parsers::Phone p;
  p.e164 = std::move(e164);
  p.raw = p.e164;
  p.region = std::move(region);
  p.styles = std::move(styles);
  p.source = source;
  return p;
}

parsers::Price MakePrice(int minutes, double pounds, std::string raw = "") {
  parsers::Price p;
  p.minutes = minutes;
  p.pounds = pounds;
  p.raw = std::move(raw);
  return p;
}

// ---------------------------------------------------------------- youth
TEST(YouthTest, YouthLanguageFiresAndForcesUrgent) {
  for (const char* t : {"Young and sweet girl", "fresh new face in Leeds", "I am new to this, be gentle",
                        "just turned 18!", "Barely legal blonde", "teen petite"}) {
    AdvertScore s = Score(t);
    EXPECT_TRUE(Fired(s, "youth_language")) << t;
    EXPECT_EQ(s.flag, Flag::kUrgent) << t;
    EXPECT_THAT(s.flag_reason, ::testing::HasSubstr("youth_language")) << t;
  }
}

TEST(YouthTest, LookAlikesDoNotFire) {
  for (const char* t : {"Young at heart 50-year-old lady", "Fresh towels and clean sheets provided",
                        "Freshly showered, clean and fresh", "Always fresh and clean", "Mature lady, forever young",
                        "I welcome young men and older gents", "Youngstown? no: Manchester", "Fresh pics every week",
                        "Role play: nurse, school uniform, secretary"}) {
    AdvertScore s = Score(t);
    EXPECT_FALSE(Fired(s, "youth_language")) << t << "\n" << s;
    EXPECT_FALSE(Fired(s, "youth_school")) << t << "\n" << s;
    EXPECT_NE(s.flag, Flag::kUrgent) << t << "\n" << s;
  }
}

TEST(YouthTest, SchoolReferencesFireButALevelsServiceSlangDoesNot) {
  EXPECT_TRUE(Fired(Score("cute schoolgirl"), "youth_school"));
  EXPECT_TRUE(Fired(Score("still in sixth form"), "youth_school"));
  EXPECT_FALSE(Fired(Score("A-levels available, extra charge"), "youth_school"));
}

TEST(YouthTest, StatedAge18Or19IsUrgentButNot20) {
  parsers::Advert a = Desc("Hello gentlemen");
  a.age = 19;
  AdvertScore s = Shipped().ScoreAdvert(a);
  ASSERT_TRUE(Fired(s, "youth_stated_age")) << s;
  EXPECT_EQ(s.flag, Flag::kUrgent);
  EXPECT_EQ(s.hits[0].field, "age");
  EXPECT_EQ(s.hits[0].match, "age=19");
  a.age = 18;
  EXPECT_TRUE(Fired(Shipped().ScoreAdvert(a), "youth_stated_age"));
  a.age = 20;
  s = Shipped().ScoreAdvert(a);
  EXPECT_THAT(s.hits, IsEmpty()) << s;
  EXPECT_EQ(s.flag, Flag::kNone);
}

TEST(YouthTest, AgeWrittenInTextFires) {
  EXPECT_TRUE(Fired(Score("I am 17yo"), "youth_age_in_text"));
  EXPECT_TRUE(Fired(Score("19 years old student"), "youth_age_in_text"));
  EXPECT_FALSE(Fired(Score("25 years old, 10 years experience"), "youth_age_in_text"));
}

TEST(YouthTest, ChildEmojiIsUrgentCodedEmojiIsNotUrgentAlone) {
  AdvertScore s = Score("new pics 👧");
  EXPECT_TRUE(Fired(s, "youth_emoji"));
  EXPECT_EQ(s.flag, Flag::kUrgent);
  s = Score("Lovely lady 🌸💗 call me");
  EXPECT_THAT(Ids(s), ElementsAre("youth_coded_emoji"));
  EXPECT_EQ(s.flag, Flag::kNone) << s;
  EXPECT_TRUE(Fired(Score("sweet 🍒"), "youth_coded_emoji"));
}

// ------------------------------------------------------- third party control
TEST(ControlTest, ThirdPersonLanguageFires) {
  for (const char* t : {"She is very friendly", "she's waiting for you", "Meet our girls", "New girls every week"}) {
    EXPECT_TRUE(Fired(Score(t), "third_party_language")) << t;
  }
}

TEST(ControlTest, QuotedClientReviewIsNotThirdPartyLanguage) {
  AdvertScore s = Score("Reviews: lovely time, she is amazing. I am Anna, independent.");
  EXPECT_FALSE(Fired(s, "third_party_language")) << s;
}

TEST(ControlTest, LimitedEnglishFiresButNotEnglishBreakfast) {
  EXPECT_TRUE(Fired(Score("No English, text only"), "limited_english"));
  EXPECT_TRUE(Fired(Score("speaks little english"), "limited_english"));
  EXPECT_TRUE(Fired(Score("English: basic"), "limited_english") || Fired(Score("basic english"), "limited_english"));
  EXPECT_FALSE(Fired(Score("Cosy flat, no English breakfast sorry"), "limited_english"));
  EXPECT_FALSE(Fired(Score("I speak fluent English"), "limited_english"));
}

TEST(ControlTest, IncallOnlyCountsOnlyWithAnotherControlMarker) {
  EXPECT_THAT(Ids(Score("Incall only, Leeds city centre")), IsEmpty());
  AdvertScore s = Score("Incall only. No English.");
  EXPECT_TRUE(Fired(s, "incall_only_combined")) << s;
  EXPECT_TRUE(Fired(s, "limited_english"));
}

TEST(ControlTest, AskForNameButNotAskForPrices) {
  EXPECT_TRUE(Fired(Score("call and ask for Maria"), "ask_for_name"));
  EXPECT_FALSE(Fired(Score("please ask for prices"), "ask_for_name"));
}

TEST(ControlTest, DebtMovementAndCrown) {
  EXPECT_TRUE(Fired(Score("I must work to pay off my debt"), "debt_bondage"));
  EXPECT_TRUE(Fired(Score("my driver brings me"), "restricted_movement"));
  EXPECT_TRUE(Fired(Score("queen 👑"), "crown_emoji"));
}

// ---------------------------------------------------------- contact, origin
TEST(ContactTest, ObfuscatedPhoneStylesFirePlainStylesDoNot) {
  parsers::Advert a = Desc("call me");
  a.phones.push_back(MakePhone("+447700900123", "GB", {"spaced"}));
  EXPECT_THAT(Ids(Shipped().ScoreAdvert(a)), IsEmpty());
  a.phones[0].styles = {"international", "link"};
  EXPECT_THAT(Ids(Shipped().ScoreAdvert(a)), IsEmpty());
  a.phones[0].styles = {"words", "spaced"};
  AdvertScore s = Shipped().ScoreAdvert(a);
  EXPECT_THAT(Ids(s), ElementsAre("phone_obfuscated"));
  EXPECT_EQ(s.hits[0].field, "phones[0]");
}

TEST(ContactTest, PhoneOnlyInImage) {
  parsers::Advert a = Desc("see pic");
  a.phones.push_back(MakePhone("+447700900123", "GB", {"ocr"}, parsers::Source::kImage));
  EXPECT_THAT(Ids(Shipped().ScoreAdvert(a)), ElementsAre("phone_only_in_image"));
  a.phones.push_back(MakePhone("+447700900999", "GB", {"plain"}));
  EXPECT_THAT(Ids(Shipped().ScoreAdvert(a)), IsEmpty());
}

TEST(OriginTest, HungarianAndRomanianPrefixesFireModestlyAndNeverFlagAlone) {
  parsers::Advert a = Desc("hi");
  a.phones.push_back(MakePhone("+36201234567", "HU", {"international"}));
  a.phones.push_back(MakePhone("+40712345678", "RO", {"international"}));
  a.nationalities = {"romanian"};
  AdvertScore s = Shipped().ScoreAdvert(a);
  EXPECT_THAT(Ids(s), ElementsAre("nationality_stated", "foreign_phone_prefix"));
  EXPECT_EQ(s.flag, Flag::kNone) << s;
  a.phones[0].region = "GB";
  a.phones.pop_back();
  a.nationalities = {"british"};
  EXPECT_THAT(Ids(Shipped().ScoreAdvert(a)), IsEmpty());
}

// -------------------------------------------------------- services, price
TEST(ServicesTest, LowPriceUsesPoundsPerHour) {
  parsers::Advert a = Desc("rates");
  a.prices = {MakePrice(60, 100, "1h £100"), MakePrice(30, 40, "30min £40")};
  EXPECT_THAT(Ids(Shipped().ScoreAdvert(a)), IsEmpty());  // £80/hour
  a.prices.push_back(MakePrice(60, 50, "1h £50"));
  AdvertScore s = Shipped().ScoreAdvert(a);
  ASSERT_THAT(Ids(s), ElementsAre("low_price"));
  EXPECT_EQ(s.hits[0].field, "prices[2]");
  a.prices = {MakePrice(0, 20)};  // unparsed duration: no evidence
  EXPECT_THAT(Ids(Shipped().ScoreAdvert(a)), IsEmpty());
}

TEST(ServicesTest, UnprotectedAvailabilityAndMultipleWorkers) {
  EXPECT_TRUE(Fired(Score("BBFS available"), "unprotected_services"));
  EXPECT_TRUE(Fired(Score("open 24/7"), "always_available"));
  EXPECT_FALSE(Fired(Score("please give 24 hours notice"), "always_available"));
  EXPECT_TRUE(Fired(Score("3 girls available"), "multiple_workers"));
}

TEST(ServicesTest, ServicesListIsScannedPerElement) {
  parsers::Advert a = Desc("");
  a.services = {"GFE", "OWO"};
  AdvertScore s = Shipped().ScoreAdvert(a);
  ASSERT_THAT(Ids(s), ElementsAre("unprotected_services"));
  EXPECT_EQ(s.hits[0].field, "services[1]");
  EXPECT_EQ(s.hits[0].begin, 0);
  EXPECT_EQ(s.hits[0].end, 3);
}

// -------------------------------------------------------------- movement
TEST(MovementTest, TouringLanguageIsShownAtZeroWeight) {
  AdvertScore s = Score("New in town, leaving soon ✈️");
  EXPECT_THAT(Ids(s), ElementsAre("movement_language", "movement_emoji"));
  EXPECT_EQ(s.sum, 0);
  EXPECT_EQ(s.score, 0);
  EXPECT_EQ(s.flag, Flag::kNone);
  EXPECT_TRUE(Fired(Score("just landed ✈"), "movement_emoji"));  // without U+FE0F
}

// ------------------------------------------------------- scoring mechanics
TEST(ScoringTest, NoHitsScoresZeroAndNone) {
  AdvertScore s = Score("Independent mature lady, Leeds. Text me.");
  EXPECT_THAT(s.hits, IsEmpty()) << s;
  EXPECT_EQ(s.score, 0);
  EXPECT_EQ(s.flag, Flag::kNone);
  EXPECT_EQ(s.catalogue_version, Shipped().version());
}

TEST(ScoringTest, FlagLevelsFollowTheWeightedSum) {
  // 1.0 + 1.0 + 0.75 = 2.75 -> below review.
  AdvertScore low = Score("she is here, no English, real pics");
  EXPECT_EQ(low.flag, Flag::kNone) << low;
  // + restricted movement 1.5 = 4.25 -> review.
  AdvertScore mid = Score("she is here, no English, real pics, my driver brings her");
  EXPECT_EQ(mid.flag, Flag::kReview) << mid;
  EXPECT_GT(mid.score, low.score);
  // + unprotected 1.0 + debt 2.0 = 7.25 -> urgent by score.
  AdvertScore high = Score("she is here, no English, real pics, my driver brings her, bareback, must work");
  EXPECT_EQ(high.flag, Flag::kUrgent) << high;
  EXPECT_THAT(high.flag_reason, ::testing::HasSubstr("urgent_at"));
}

TEST(ScoringTest, EachIndicatorCountsOnceHoweverManyMatches) {
  AdvertScore one = Score("bareback");
  AdvertScore many = Score("bareback bareback BBFS bbbj no condom");
  EXPECT_EQ(one.sum, many.sum);
  EXPECT_GT(many.hits.size(), one.hits.size());
}

TEST(ScoringTest, SpansPointAtTheMatchedBytesInEachField) {
  parsers::Advert a;
  a.title = "💗 New girls 💗";
  a.description = "Héllo, she's lovely. Fresh face, NO ENGLISH. 👑 Open 24/7!";
  a.name = "Teen Anna";
  AdvertScore s = Shipped().ScoreAdvert(a);
  ASSERT_GE(s.hits.size(), 6u) << s;
  for (const Hit& h : s.hits) {
    const std::string* field = h.field == "title" ? &a.title : h.field == "description" ? &a.description
                               : h.field == "name"                                     ? &a.name
                                                                                       : nullptr;
    ASSERT_NE(field, nullptr) << h;
    ASSERT_GE(h.begin, 0) << h;
    ASSERT_LE(h.end, static_cast<int>(field->size())) << h;
    EXPECT_EQ(field->substr(h.begin, h.end - h.begin), h.match) << h;
  }
  EXPECT_TRUE(Fired(s, "youth_language"));
  EXPECT_TRUE(Fired(s, "limited_english"));
  EXPECT_TRUE(Fired(s, "crown_emoji"));
}

TEST(ScoringTest, LongDescriptionsAreScannedInChunksWithCorrectSpans) {
  std::string text;
  while (text.size() < 3000) text += "A quiet and friendly companion, text me first. ";
  size_t at = text.size();
  text += "Fresh towels always. No English but she is lovely.\nReviews: she is great. ";
  while (text.size() < 5000) text += "Parking nearby! ";
  AdvertScore s = Score(text);
  EXPECT_THAT(Ids(s), ElementsAre("third_party_language", "limited_english")) << s;
  for (const Hit& h : s.hits) {
    EXPECT_GT(h.begin, static_cast<int>(at)) << h;
    EXPECT_EQ(text.substr(h.begin, h.end - h.begin), h.match) << h;
  }
  ASSERT_EQ(s.hits.size(), 2u) << s;  // the quoted review's "she is" is excluded
}

TEST(ScoringTest, DeterministicAcrossRepeatedRuns) {
  parsers::Advert a = Desc("she is new in town, no English, 24/7, bareback 👑 🌸 real pics. Ask for Mia.");
  a.age = 22;
  a.prices = {MakePrice(30, 25)};
  nlohmann::json first = Shipped().ScoreAdvert(a);
  for (int i = 0; i < 20; ++i) {
    nlohmann::json again = Shipped().ScoreAdvert(a);
    EXPECT_EQ(first, again);
  }
}

TEST(ScoringTest, ConcurrentScoringMatchesSerialScoring) {
  parsers::Advert a = Desc("she is new, no English, 24/7, bareback 👑 real pics. Reviews: she is nice.");
  nlohmann::json serial = Shipped().ScoreAdvert(a);
  std::vector<nlohmann::json> results(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) results[t] = Shipped().ScoreAdvert(a);
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& r : results) EXPECT_EQ(r, serial);
}

TEST(ScoringTest, JsonHasVersionFlagAndHits) {
  nlohmann::json j = Score("bareback, no English");
  EXPECT_EQ(j["v"], kScoreRecordVersion);
  EXPECT_EQ(j["catalogue_version"], Shipped().version());
  EXPECT_EQ(j["flag"], "none");
  ASSERT_EQ(j["hits"].size(), 2u);
  EXPECT_EQ(j["hits"][0]["id"], "limited_english");
  EXPECT_EQ(j["hits"][0]["category"], "control");
  EXPECT_EQ(j["hits"][0]["match"], "no English");
  EXPECT_EQ(j["hits"][1]["weight"], 1.0);
}

}  // namespace
}  // namespace admon::indicators
