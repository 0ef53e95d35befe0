// Copyright 2026 The admon Authors.
#include "parsers/identifiers.h"

#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace admon::parsers {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class IdentifiersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto x = IdentifierExtractor::Create();
    ASSERT_TRUE(x.ok()) << x.status();
    x_ = std::move(*x);
  }
  Identifiers Text(const std::string& text) {
    Identifiers ids;
    x_->ExtractText(text, "description", Source::kText, &ids);
    return ids;
  }
  Identifiers Link(const std::string& href) {
    Identifiers ids;
    x_->ExtractLink(href, &ids);
    return ids;
  }
  static std::vector<std::string> Addresses(const Identifiers& ids) {
    std::vector<std::string> out;
    for (const auto& e : ids.emails) out.push_back(e.address);
    return out;
  }
  static std::vector<std::string> HandleKeys(const Identifiers& ids) {
    std::vector<std::string> out;
    for (const auto& h : ids.handles) out.push_back(h.platform + ":" + h.handle + (h.payment ? "$" : ""));
    return out;
  }
  std::unique_ptr<IdentifierExtractor> x_;
};

// PhoneFinder memoises libphonenumber results by digit string: a warm lookup
// must give exactly what the cold one gave (valid and invalid candidates).
TEST_F(IdentifiersTest, RepeatedNumbersResolveTheSameFromTheMemo) {
  const std::string text =
      "Call 07911 123456 or +44 7911 123456 (also 0044 7911 123456), 06 30 123 4567, "
      "ref 0203 123 4567, 0161 496 0071, 12345678901234";
  Identifiers cold = Text(text);
  Identifiers warm = Text(text);
  ASSERT_THAT(cold.phones, SizeIs(5));
  EXPECT_EQ(nlohmann::json(warm.phones), nlohmann::json(cold.phones));
  Identifiers link_cold = Link("tel:+447911123456");
  Identifiers link_warm = Link("tel:+447911123456");
  ASSERT_THAT(link_cold.phones, SizeIs(1));
  EXPECT_EQ(nlohmann::json(link_warm.phones), nlohmann::json(link_cold.phones));
  EXPECT_EQ(link_cold.phones[0].e164, cold.phones[0].e164);
}

TEST_F(IdentifiersTest, CreateRejectsUnknownRegion) {
  auto x = IdentifierExtractor::Create({.default_region = "QQ"});
  EXPECT_EQ(x.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(x.status().message()), ::testing::HasSubstr("QQ"));
}

TEST_F(IdentifiersTest, PlainEmailIsLowerCasedWithSpan) {
  const std::string text = "Email Jane.Doe@GMail.com today";
  Identifiers ids = Text(text);
  ASSERT_THAT(ids.emails, SizeIs(1));
  EXPECT_EQ(ids.emails[0].address, "jane.doe@gmail.com");
  EXPECT_THAT(ids.emails[0].styles, ElementsAre("plain"));
  EXPECT_EQ(text.substr(ids.emails[0].span.begin, ids.emails[0].span.end - ids.emails[0].span.begin),
            "Jane.Doe@GMail.com");
  EXPECT_THAT(ids.handles, IsEmpty());  // the '@' of an e-mail is not a handle
}

TEST_F(IdentifiersTest, AtDotWordEmails) {
  EXPECT_THAT(Addresses(Text("mail me: lucy at gmail dot com")), ElementsAre("lucy@gmail.com"));
  EXPECT_THAT(Addresses(Text("lucy (at) yahoo (dot) co (dot) uk")), ElementsAre("lucy@yahoo.co.uk"));
  EXPECT_THAT(Addresses(Text("lucy[at]hotmail[dot]com")), ElementsAre("lucy@hotmail.com"));
  EXPECT_THAT(Addresses(Text("lucy {at} outlook.com")), ElementsAre("lucy@outlook.com"));
  Identifiers ids = Text("x: anna_22 at protonmail dot me");
  ASSERT_THAT(ids.emails, SizeIs(1));
  EXPECT_THAT(ids.emails[0].styles, ElementsAre("at_dot_words"));
}

TEST_F(IdentifiersTest, AtWordsWithoutKnownDomainAreNotEmails) {
  EXPECT_THAT(Text("meet me at the hotel. Call after 8").emails, IsEmpty());
  EXPECT_THAT(Text("available at leeds dot station").emails, IsEmpty());
}

TEST_F(IdentifiersTest, LabelledHandles) {
  EXPECT_THAT(HandleKeys(Text("Snap: Lucy_xx")), ElementsAre("snapchat:lucy_xx"));
  EXPECT_THAT(HandleKeys(Text("sc: lucy.xx")), ElementsAre("snapchat:lucy.xx"));
  EXPECT_THAT(HandleKeys(Text("insta: @Lucy.Official")), ElementsAre("instagram:lucy.official"));
  EXPECT_THAT(HandleKeys(Text("IG: lucy22")), ElementsAre("instagram:lucy22"));
  EXPECT_THAT(HandleKeys(Text("telegram: lucyxx")), ElementsAre("telegram:lucyxx"));
  EXPECT_THAT(HandleKeys(Text("OF: lucyfree")), ElementsAre("onlyfans:lucyfree"));
  EXPECT_THAT(HandleKeys(Text("twitter @LucyX")), ElementsAre("x:lucyx"));
}

TEST_F(IdentifiersTest, HandleLinksInText) {
  EXPECT_THAT(HandleKeys(Text("find me t.me/LucyTG or https://www.instagram.com/lucy.ig/")),
              ElementsAre("telegram:lucytg", "instagram:lucy.ig"));
  EXPECT_THAT(HandleKeys(Text("snapchat.com/add/lucy_snap")), ElementsAre("snapchat:lucy_snap"));
  EXPECT_THAT(HandleKeys(Text("tips: paypal.me/LucyPay cash.app/$LucyCash")),
              ElementsAre("paypal:lucypay$", "cashapp:lucycash$"));
  EXPECT_THAT(HandleKeys(Text("onlyfans.com/lucy_of and x.com/lucy_x")), ElementsAre("onlyfans:lucy_of", "x:lucy_x"));
}

TEST_F(IdentifiersTest, BareAtHandleTakesPlatformFromContext) {
  EXPECT_THAT(HandleKeys(Text("add my telegram @lucy_tg")), ElementsAre("telegram:lucy_tg"));
  EXPECT_THAT(HandleKeys(Text("follow @lucy_22")), ElementsAre("unknown:lucy_22"));
}

TEST_F(IdentifiersTest, NoHandlesFromOrdinaryWords) {
  EXPECT_THAT(Text("see you @ 10pm, meet @10pm").handles, IsEmpty());
  EXPECT_THAT(Text("Of course, I am kind").handles, IsEmpty());
  EXPECT_THAT(Text("Price $150 per hour").handles, IsEmpty());
  EXPECT_THAT(Text("x - y and snap - happy").handles, ::testing::SizeIs(1));  // "snap - happy" is labelled
}

TEST_F(IdentifiersTest, CashtagNeedsCashAppContext) {
  EXPECT_THAT(HandleKeys(Text("deposit via Cash App $LucyPays")), ElementsAre("cashapp:lucypays$"));
  EXPECT_THAT(Text("deposit $LucyPays").handles, IsEmpty());
}

TEST_F(IdentifiersTest, WhatsAppNextToPhone) {
  Identifiers ids = Text("WhatsApp only: 07911 123456");
  ASSERT_THAT(ids.phones, SizeIs(1));
  EXPECT_THAT(HandleKeys(ids), ElementsAre("whatsapp:+447911123456"));
}

TEST_F(IdentifiersTest, WhatsAppLabelBelongsToTheNextPhoneOnly) {
  Identifiers ids = Text("Call or text me on 07911 123456 WhatsApp: 07400 123456");
  ASSERT_THAT(ids.phones, SizeIs(2));
  EXPECT_THAT(HandleKeys(ids), ElementsAre("whatsapp:+447400123456"));
  EXPECT_THAT(HandleKeys(Text("07911 123456 (WhatsApp only)")), ElementsAre("whatsapp:+447911123456"));
  EXPECT_THAT(HandleKeys(Text("wa: 07911 123456")), ElementsAre("whatsapp:+447911123456"));
}

TEST_F(IdentifiersTest, WhatsAppLabelBeforeOtherContentOrOcrNoiseIsNotAHandle) {
  EXPECT_THAT(Text("Call 07911 123456 WhatsApp: Message me on WhatsApp").handles, IsEmpty());
  EXPECT_THAT(Text("Call 07911 123456 WhatsApp: Chat on WhatsApp").handles, IsEmpty());
  EXPECT_THAT(Text("Call me\n\n07820963799\n\nwa\n").handles, IsEmpty());  // OCR of a card's "xx"
}

TEST_F(IdentifiersTest, TelAndSmsLinks) {
  Identifiers ids = Link("tel:+44-7911-123456");
  ASSERT_THAT(ids.phones, SizeIs(1));
  EXPECT_EQ(ids.phones[0].e164, "+447911123456");
  EXPECT_EQ(ids.phones[0].source, Source::kLink);
  EXPECT_THAT(ids.phones[0].styles, ::testing::Contains("link"));
  EXPECT_FALSE(IsObfuscated(ids.phones[0]));
  EXPECT_EQ(Link("sms:07911123456?body=hi").phones.at(0).e164, "+447911123456");
  EXPECT_EQ(Link("tel:0744%20123%20456").phones.at(0).e164, "+40744123456");
  EXPECT_THAT(Link("tel:123").phones, IsEmpty());
}

TEST_F(IdentifiersTest, WhatsAppLinks) {
  Identifiers a = Link("https://wa.me/447911123456?text=hi");
  ASSERT_THAT(a.phones, SizeIs(1));
  EXPECT_EQ(a.phones[0].e164, "+447911123456");
  EXPECT_THAT(HandleKeys(a), ElementsAre("whatsapp:+447911123456"));
  Identifiers b = Link("https://api.whatsapp.com/send?phone=36201234567&text=x");
  ASSERT_THAT(b.phones, SizeIs(1));
  EXPECT_EQ(b.phones[0].e164, "+36201234567");
}

TEST_F(IdentifiersTest, OtherLinks) {
  EXPECT_THAT(Addresses(Link("mailto:Lucy%40Example.com?subject=hi")), ElementsAre("lucy@example.com"));
  EXPECT_THAT(HandleKeys(Link("https://t.me/lucy_tg")), ElementsAre("telegram:lucy_tg"));
  EXPECT_THAT(HandleKeys(Link("https://www.snapchat.com/add/lucy.snap")), ElementsAre("snapchat:lucy.snap"));
  EXPECT_THAT(HandleKeys(Link("https://instagram.com/lucy_ig?hl=en")), ElementsAre("instagram:lucy_ig"));
  EXPECT_THAT(HandleKeys(Link("https://onlyfans.com/lucyof")), ElementsAre("onlyfans:lucyof"));
  EXPECT_THAT(HandleKeys(Link("https://twitter.com/LucyTw")), ElementsAre("x:lucytw"));
  EXPECT_THAT(HandleKeys(Link("https://x.com/lucyx")), ElementsAre("x:lucyx"));
  EXPECT_THAT(HandleKeys(Link("https://paypal.me/LucyPP/20")), ElementsAre("paypal:lucypp$"));
  EXPECT_THAT(HandleKeys(Link("https://cash.app/$LucyCA")), ElementsAre("cashapp:lucyca$"));
  EXPECT_THAT(HandleKeys(Link("https://revolut.me/lucyrev")), ElementsAre("revolut:lucyrev$"));
  EXPECT_THAT(HandleKeys(Link("https://instagram.com/p/abc123")), IsEmpty());
  EXPECT_THAT(HandleKeys(Link("https://t.me/joinchat/abc")), IsEmpty());
  EXPECT_THAT(HandleKeys(Link("https://example.com/lucy")), IsEmpty());
  Identifiers ids = Link("https://t.me/lucy");
  ASSERT_THAT(ids.handles, SizeIs(1));
  EXPECT_EQ(ids.handles[0].source, Source::kLink);
  EXPECT_EQ(ids.handles[0].span.field, "link");
}

TEST_F(IdentifiersTest, DedupeMergesStylesAndKeepsFirstSpan) {
  Identifiers ids = Text("07911 123456 or O7911 l23456, lucy@gmail.com, LUCY at gmail dot com, t.me/lucy @lucy");
  x_->ExtractLink("tel:+447911123456", &ids);
  x_->ExtractLink("https://t.me/Lucy", &ids);
  ASSERT_THAT(ids.phones, SizeIs(3));
  const int first_begin = ids.phones[0].span.begin;
  IdentifierExtractor::Dedupe(&ids);
  ASSERT_THAT(ids.phones, SizeIs(1));
  EXPECT_EQ(ids.phones[0].span.begin, first_begin);
  EXPECT_THAT(ids.phones[0].styles, ::testing::IsSupersetOf({"spaced", "letters", "link"}));
  EXPECT_EQ(ids.phones[0].source, Source::kText);
  ASSERT_THAT(ids.emails, SizeIs(1));
  EXPECT_THAT(ids.emails[0].styles, ElementsAre("plain", "at_dot_words"));
  EXPECT_THAT(HandleKeys(ids), ElementsAre("telegram:lucy", "unknown:lucy"));
}

TEST_F(IdentifiersTest, SeveralNumbersInOneText) {
  Identifiers ids = Text("Call 07911 123456 or 07400 123456. Landline 0113 496 0123\n+36 20 123 4567");
  std::vector<std::string> e164;
  for (const auto& p : ids.phones) e164.push_back(p.e164);
  EXPECT_THAT(e164, ElementsAre("+447911123456", "+447400123456", "+441134960123", "+36201234567"));
}

TEST_F(IdentifiersTest, InvalidUtf8DoesNotCrashAndKeepsByteSpans) {
  const std::string text = std::string("\xff\xfe\xc3 call \x80 07911 123456 \xe2\x82") + "\xf0\x9f";
  Identifiers ids = Text(text);
  ASSERT_THAT(ids.phones, SizeIs(1));
  EXPECT_EQ(ids.phones[0].raw, "07911 123456");
  EXPECT_EQ(text.substr(ids.phones[0].span.begin, 12), "07911 123456");
}

TEST_F(IdentifiersTest, MegabyteOfJunkIsBoundedAndTruncated) {
  std::mt19937 rng(42);
  std::string junk(1 << 20, '\0');
  for (char& c : junk) c = static_cast<char>(rng());
  junk += " 07911 123456 ";  // beyond max_text_bytes
  Identifiers ids = Text(junk);
  ASSERT_THAT(ids.diagnostics, SizeIs(1));
  EXPECT_THAT(ids.diagnostics[0], ::testing::HasSubstr("truncated"));
  for (const auto& p : ids.phones) EXPECT_NE(p.e164, "+447911123456");
  // Digits and separators only: many candidates, still bounded.
  std::string digits;
  for (int i = 0; i < 200000; ++i) digits += static_cast<char>('0' + rng() % 10), digits += (rng() % 3 ? "" : " ");
  Identifiers d = Text(digits);
  EXPECT_THAT(d.diagnostics, IsEmpty());
}

TEST_F(IdentifiersTest, JsonHasTheDocumentedKeys) {
  Identifiers ids = Text("07911 123456 lucy@gmail.com snap: lucyx");
  nlohmann::json j = IdentifiersToJson(ids);
  ASSERT_EQ(j["phones"].size(), 1u);
  EXPECT_EQ(j["phones"][0]["e164"], "+447911123456");
  EXPECT_EQ(j["phones"][0]["national"], "07911 123456");
  EXPECT_EQ(j["phones"][0]["type"], "mobile");
  EXPECT_EQ(j["phones"][0]["raw"], "07911 123456");
  EXPECT_EQ(j["phones"][0]["styles"], nlohmann::json::array({"spaced"}));
  EXPECT_EQ(j["emails"][0]["address"], "lucy@gmail.com");
  EXPECT_EQ(j["handles"][0]["platform"], "snapchat");
}

}  // namespace
}  // namespace admon::parsers
