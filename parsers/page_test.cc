// Copyright 2026 The admon Authors.
#include "parsers/page.h"

#include <atomic>
#include <memory>
#include <thread>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "parsers/text.h"

namespace admon::parsers {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

class PageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto ex = IdentifierExtractor::Create();
    ASSERT_TRUE(ex.ok()) << ex.status();
    extractor_ = ex->release();
    const char* dir = std::getenv("ADMON_SOURCE_DIR");
    auto g = Gazetteer::LoadFile(std::string(dir ? dir : "/work/main") + "/config/gazetteer.yaml");
    ASSERT_TRUE(g.ok()) << g.status();
    gazetteer_ = g->release();
    auto p = PageParser::Create({}, extractor_, gazetteer_);
    ASSERT_TRUE(p.ok());
    parser_ = p->release();
  }

  static Advert Parse(std::string_view html, const FieldRules* rules = nullptr,
                      const FurnitureModel* furniture = nullptr, std::string url = "http://127.0.0.1:8080/advert/7") {
    PageInput in{.html = html, .site = "velvet", .url = url, .advert_id = "7", .capture_sha256 = "ab",
                 .fetched_unix = 1700000000};
    return parser_->Parse(in, rules, furniture);
  }
  static std::vector<std::string> Phones(const Advert& a) {
    std::vector<std::string> out;
    for (const Phone& p : a.phones) out.push_back(p.e164);
    return out;
  }
  static std::vector<std::string> Emails(const Advert& a) {
    std::vector<std::string> out;
    for (const Email& e : a.emails) out.push_back(e.address);
    return out;
  }

  static const IdentifierExtractor* extractor_;
  static const Gazetteer* gazetteer_;
  static const PageParser* parser_;
};
const IdentifierExtractor* PageTest::extractor_ = nullptr;
const Gazetteer* PageTest::gazetteer_ = nullptr;
const PageParser* PageTest::parser_ = nullptr;

TEST_F(PageTest, LongTextsAreCutOnCharacterBoundaries) {
  // The location's raw text is kept to 200 bytes; the 200th byte here falls inside an emoji. Found by the
  // page fuzzer: the cut emoji made the advert invalid UTF-8, which JSON output refuses.
  std::string town = "Leeds " + std::string(193, 'x') + "\xF0\x9F\x8C\xB8 Hungarian";
  auto rules = FieldRules::Compile({{"location", ".where"}, {"age", ".age"}});
  ASSERT_TRUE(rules.ok()) << rules.status();
  Advert a = Parse("<html><body><div class=where>" + town + "</div><div class=age>" + std::string(38, 'y') +
                   "\xC3\xA9\xC3\xA9</div></body></html>", &*rules);
  EXPECT_EQ(a.location.town, "Leeds");
  EXPECT_EQ(a.location.raw.size(), 199u);
  EXPECT_NO_THROW(nlohmann::json(a).dump()) << "invalid UTF-8 in the advert";
}

struct Doc {
  explicit Doc(const std::string& html) : out(gumbo_parse(html.c_str())) {}
  ~Doc() { gumbo_destroy_output(&kGumboDefaultOptions, out); }
  GumboOutput* out;
};

TEST(VisibleTextTest, SkipsScriptStyleAndHiddenKeepsBlocks) {
  Doc d(R"(<html><head><title>T</title><style>.x{}</style></head><body>
    <p>One <b>two</b></p><script>var phone="07911123999";</script><noscript>nojs</noscript>
    <template><p>tpl</p></template><div hidden>hidden1</div><div style="display: none">hidden2</div>
    <span style="visibility:hidden">hidden3</span><input type="hidden" value="x"><div aria-hidden="true">shown</div>
    <p>Three&nbsp;&nbsp;four</p></body></html>)");
  EXPECT_EQ(VisibleText(d.out->document), "One two\nshown\nThree four");
}

TEST(VisibleTextTest, AltTitleAndDataAttributesAreHiddenSources) {
  Doc d(R"(<body><img alt="call 07911 123123" src="a.jpg"><span title="t1" data-phone="07911123124">x</span>
    <a href="tel:+447911123125">call</a><script type="application/ld+json">{"telephone": "07911123126",
    "nested": [{"email": "x@example.org"}], "n": 447911123127}</script></body>)");
  std::vector<std::string> diags;
  auto hidden = HiddenSources(d.out->document, {}, true, true, &diags);
  std::vector<std::string> names;
  for (const auto& h : hidden) names.push_back(h.name + "=" + h.value);
  EXPECT_THAT(names, Contains("alt=call 07911 123123"));
  EXPECT_THAT(names, Contains("data-phone=07911123124"));
  EXPECT_THAT(names, Contains("href=tel:+447911123125"));
  EXPECT_THAT(names, Contains("script=447911123127\nx@example.org\n07911123126"));
  EXPECT_TRUE(diags.empty());
}

TEST_F(PageTest, RulesExtractFieldsAndIdentifiersWithSpans) {
  auto rules = FieldRules::Compile({{"title", "h1.ad-title"}, {"name", ".profile .name"}, {"age", ".age"},
                                    {"location", ".location"}, {"price", ".rates li"},
                                    {"description", ".description"}, {"phone", ".phone[data-phone]"},
                                    {"images", ".gallery img"}, {"posted", "time.posted"},
                                    {"profile", "a.profile-link"}});
  ASSERT_TRUE(rules.ok()) << rules.status();
  Advert a = Parse(R"(<html><body><div class="ad">
    <h1 class="ad-title">Anna new in Leeds</h1>
    <div class="profile"><span class="name">Anna</span> <span class="age">22</span></div>
    <div class="location">Leeds city centre, LS1</div>
    <ul class="rates"><li>30 min £80</li><li>1 hour £150</li></ul>
    <div class="description">New Romanian girl. Text me on 07911 123 123 or anna@example.org.
      Languages: English, Romanian. Services: GFE, massage</div>
    <p class="phone" data-phone="07911123124">Show number</p>
    <div class="gallery"><img src="/img/1.jpg"><img data-src="/img/2.jpg" src="data:image/gif;base64,R0"></div>
    <time class="posted" datetime="2026-11-20T10:00:00Z">3 days ago</time>
    <a class="profile-link" href="/profile/anna">profile</a></div>
    <aside class="featured"><p>Featured: Bella 07911 123 555</p></aside></body></html>)",
                   &*rules);
  EXPECT_EQ(a.id, "velvet:7");
  EXPECT_FALSE(a.generic);
  EXPECT_EQ(a.title, "Anna new in Leeds");
  EXPECT_EQ(a.name, "Anna");
  EXPECT_EQ(a.age, 22);
  EXPECT_EQ(a.location.force, "West Yorkshire Police");
  EXPECT_EQ(a.location.postcode_district, "LS1");
  ASSERT_EQ(a.prices.size(), 2u);
  EXPECT_EQ(a.prices[1].minutes, 60);
  EXPECT_THAT(a.nationalities, Contains("romanian"));
  EXPECT_THAT(a.languages, Contains("english"));
  EXPECT_THAT(a.services, Contains("gfe"));
  EXPECT_EQ(a.posted, "2026-11-20T10:00:00Z");
  EXPECT_EQ(a.profile_url, "http://127.0.0.1:8080/profile/anna");
  EXPECT_THAT(Phones(a), Contains("+447911123123"));
  EXPECT_THAT(Phones(a), Contains("+447911123124"));
  EXPECT_THAT(Phones(a), Not(Contains("+447911123555")));  // sidebar advert
  EXPECT_THAT(Emails(a), Contains("anna@example.org"));
  for (const Phone& p : a.phones) {
    if (p.e164 == "+447911123124") {
      EXPECT_EQ(p.source, Source::kAttribute);
    }
    if (p.e164 == "+447911123123") {
      EXPECT_EQ(p.span.field, "description");
      EXPECT_EQ(a.description.substr(p.span.begin, p.span.end - p.span.begin), p.raw);
    }
  }
  ASSERT_EQ(a.images.size(), 2u);
  EXPECT_EQ(a.images[0].url, "http://127.0.0.1:8080/img/1.jpg");
  EXPECT_EQ(a.images[1].url, "http://127.0.0.1:8080/img/2.jpg");
}

// Pages up to 1 MiB are parsed into an arena, larger ones with malloc: both
// paths give the same advert.
TEST_F(PageTest, PagesAboveTheGumboArenaLimitParseTheSame) {
  const std::string page =
      "<html><head><title>Anna</title></head><body><main><h1>Anna in Leeds</h1>"
      "<div class=description><p>Call 07911 123456, anna@example.com</p></div>"
      "<img src=/img/1.jpg></main></body></html>";
  const std::string big = page + "<!--" + std::string(3u << 19, 'x') + "-->";
  Advert small_ad = Parse(page);
  Advert big_ad = Parse(big);
  ASSERT_THAT(Phones(small_ad), ::testing::ElementsAre("+447911123456"));
  EXPECT_EQ(nlohmann::json(big_ad), nlohmann::json(small_ad));
}

TEST_F(PageTest, ScriptJsonAndDataAttributePhonesAreFound) {
  Advert a = Parse(R"(<html><head><script type="application/ld+json">
    {"@type":"Person","name":"Bella","telephone":"07911 123 201"}</script>
    <script>window.__INITIAL_STATE__ = {"ad":{"contact":{"mobile":"07911123202"}}};</script></head>
    <body><main><h1>Bella</h1><p>Lovely description text that is the longest block here.</p>
    <span data-contact="07911123203">reveal</span></main></body></html>)");
  EXPECT_THAT(Phones(a), Contains("+447911123201"));
  EXPECT_THAT(Phones(a), Contains("+447911123202"));
  EXPECT_THAT(Phones(a), Contains("+447911123203"));
  for (const Phone& p : a.phones) {
    if (p.e164 == "+447911123201") {
      EXPECT_EQ(p.source, Source::kScript);
    }
    if (p.e164 == "+447911123203") {
      EXPECT_EQ(p.source, Source::kAttribute);
    }
  }
}

constexpr char kGenericLayout[] = R"(<html><head><title>Cleo | Escorts Cardiff</title>
  <meta property="og:image" content="https://cdn.example.org/og/cleo.jpg"></head><body>
  <header><nav><a href="/">Home</a> Support: 0800 123 4567</nav></header>
  <div id="wrap"><h1>Cleo - Cardiff</h1>
    <div class="text"><p>Hi, I'm Cleo, 25 years old. Sweet Brazilian girl visiting Cardiff this week. Call or
    WhatsApp 07911 123 301, email cleo@example.org. 1 hour £160.</p></div>
    <div class="pics"><img src="pics/c1.jpg"><img srcset="pics/c2-small.jpg 1x, pics/c2-big.jpg 2x">
      <img src="/pixel.gif" width="1" height="1"></div>
    <a href="mailto:bookings.cleo@example.org">mail</a></div>
  <div class="sidebar"><h3>Featured</h3><p>Dora 07911 123 999</p><img src="/img/dora.jpg"></div>
  <footer>Report abuse: help@site.example 0800 765 4321</footer></body></html>)";

TEST_F(PageTest, GenericFallbackFindsIdentifiersImagesAndSkipsFurniture) {
  Advert a = Parse(kGenericLayout, nullptr, nullptr, "https://site.example/ads/cleo");
  EXPECT_TRUE(a.generic);
  EXPECT_EQ(a.title, "Cleo - Cardiff");
  EXPECT_THAT(a.description, HasSubstr("Sweet Brazilian girl"));
  EXPECT_EQ(a.age, 25);
  EXPECT_EQ(a.location.force, "South Wales Police");
  EXPECT_THAT(a.nationalities, Contains("brazilian"));
  ASSERT_EQ(a.prices.size(), 1u);
  EXPECT_THAT(Phones(a), Contains("+447911123301"));
  EXPECT_THAT(Phones(a), Not(Contains("+447911123999")));
  EXPECT_THAT(Phones(a), Not(Contains("+448001234567")));
  EXPECT_THAT(Phones(a), Not(Contains("+448007654321")));
  EXPECT_THAT(Emails(a), Contains("cleo@example.org"));
  EXPECT_THAT(Emails(a), Contains("bookings.cleo@example.org"));
  EXPECT_THAT(Emails(a), Not(Contains("help@site.example")));
  std::vector<std::string> urls;
  for (const Image& i : a.images) urls.push_back(i.url);
  EXPECT_THAT(urls, Contains("https://site.example/ads/pics/c1.jpg"));
  EXPECT_THAT(urls, Contains("https://site.example/ads/pics/c2-big.jpg"));
  EXPECT_THAT(urls, Contains("https://cdn.example.org/og/cleo.jpg"));
  EXPECT_THAT(urls, Not(Contains("https://site.example/img/dora.jpg")));
  EXPECT_THAT(urls, Not(Contains("https://site.example/pixel.gif")));
}

std::string SitePage(int i, const std::string& featured_phone) {
  return "<html><body><div id=content><h1>Advert " + std::to_string(i) +
         "</h1><p>Hello I am girl number " + std::to_string(i) + ", call 07911 123 4" +
         (i < 10 ? "0" : "") + std::to_string(i) +
         " any time, lovely and friendly.</p><div class=box>Featured girl: call " + featured_phone +
         "</div><p class=contact>Site support line 0113 496 0000 or support@velvet-help.com</p></div></body></html>";
}

TEST_F(PageTest, LearnedFurnitureIsNeverAttached) {
  FurnitureLearner learner("velvet", {.min_fraction = 0.5, .min_pages = 5});
  std::vector<std::string> pages;
  for (int i = 0; i < 10; ++i) pages.push_back(SitePage(i, "07911 123 777"));
  for (int i = 0; i < 10; ++i) {
    learner.Add(parser_->Features({.html = pages[i], .site = "velvet", .url = "http://127.0.0.1/a/" + std::to_string(i)}, nullptr));
  }
  FurnitureModel model = learner.Build();
  EXPECT_TRUE(model.IsIdentifier("phone:+441134960000"));
  EXPECT_TRUE(model.IsIdentifier("email:support@velvet-help.com"));
  EXPECT_TRUE(model.IsIdentifier("phone:+447911123777"));
  EXPECT_FALSE(model.IsIdentifier("phone:+447911123403"));
  // Persisted and restored.
  auto restored = FurnitureModel::FromJson(nlohmann::json::parse(model.ToJson().dump()), "velvet");
  ASSERT_TRUE(restored.ok()) << restored.status();
  Advert a = Parse(pages[3], nullptr, &*restored);
  EXPECT_THAT(Phones(a), Contains("+447911123403"));
  EXPECT_THAT(Phones(a), Not(Contains("+441134960000")));
  EXPECT_THAT(Phones(a), Not(Contains("+447911123777")));
  EXPECT_THAT(Emails(a), Not(Contains("support@velvet-help.com")));
  EXPECT_THAT(a.diagnostics, Contains(HasSubstr("furniture:")));
  // Without the model the repeated phones would attach: the model matters.
  EXPECT_THAT(Phones(Parse(pages[3])), Contains("+441134960000"));
}

TEST_F(PageTest, TooFewPagesGiveAnEmptyModel) {
  FurnitureLearner learner("velvet");
  learner.Add(parser_->Features({.html = SitePage(1, "07911 123 777")}, nullptr));
  EXPECT_TRUE(learner.Build().empty());
  EXPECT_FALSE(FurnitureModel::FromJson(nlohmann::json::parse(R"({"v":1,"site":"x","pages":1,"blocks":["zz"],
      "identifiers":[],"images":[]})"), "k").ok());
}

TEST_F(PageTest, HostileDeepNestingDoesNotCrash) {
  std::string html = "<html><body>";
  for (int i = 0; i < 10000; ++i) html += "<div><span>";
  html += "call 07911 123 501";
  Advert a = Parse(html);
  EXPECT_THAT(a.diagnostics, Contains(HasSubstr("max_tree_depth")));
  EXPECT_THAT(Phones(a), Contains("+447911123501"));
}

TEST_F(PageTest, HostileSelfClosingAndTemplateNestingIsLimited) {
  for (std::string open : {"<div/>", "<template><div>", "<noscript><span>", "<svg><g>"}) {
    std::string html = "<html><body>";
    for (int i = 0; i < 5000; ++i) html += open;
    html += "call 07911 123 504";
    Advert a = Parse(html);
    EXPECT_THAT(a.diagnostics, Contains(HasSubstr("max_tree_depth"))) << open;
  }
}

TEST_F(PageTest, HostileWidePageIsCutAtMaxElements) {
  std::string html = "<html><body><h1>Wide</h1><p>call 07911 123 505</p>";
  for (int i = 0; i < 200000; ++i) html += "<a></a><br>";
  Advert a = Parse(html);
  EXPECT_THAT(a.diagnostics, Contains(HasSubstr("max_elements")));
  EXPECT_EQ(a.title, "Wide");
  EXPECT_THAT(Phones(a), Contains("+447911123505"));
}

TEST(RepairUtf8Test, ReplacesEachInvalidByteWhereverItFallsInAnAsciiRun) {
  // Every position relative to the eight-byte ASCII scan, runs of every length.
  for (size_t before = 0; before < 20; ++before) {
    for (const std::string bad : {"\xFF", "\xC3\x28", "\xED\xA0\x80", "\xF0\x9F\x98"}) {
      const std::string in = std::string(before, 'a') + bad + std::string(before % 9, 'b') + "\xC2\xA3";
      std::string out;
      const size_t replaced = RepairUtf8(in, &out);
      EXPECT_GE(replaced, 1u) << before;
      EXPECT_EQ(out.substr(0, before), std::string(before, 'a'));
      EXPECT_EQ(out.substr(before, 3), "\xEF\xBF\xBD") << before;
      EXPECT_EQ(out.substr(out.size() - 2), "\xC2\xA3") << before;
      std::string again;
      EXPECT_EQ(RepairUtf8(out, &again), 0u);
      EXPECT_EQ(again, out);
    }
    const std::string ascii(before * 3, 'x');
    std::string out;
    EXPECT_EQ(RepairUtf8(ascii, &out), 0u);
    EXPECT_EQ(out, ascii);
  }
}

TEST_F(PageTest, InvalidUtf8IsRepairedWithDiagnostic) {
  Advert a = Parse("<html><body><main><h1>Bad \xC3\x28 bytes \xFF</h1><p>call 07911 123 502</p></main></body></html>");
  EXPECT_THAT(a.diagnostics, Contains(HasSubstr("invalid UTF-8")));
  EXPECT_THAT(a.title, HasSubstr("\xEF\xBF\xBD"));
  EXPECT_THAT(Phones(a), Contains("+447911123502"));
}

TEST_F(PageTest, OversizePageIsTruncatedWithDiagnostic) {
  std::string html = "<html><body><main><h1>Big</h1><p>call 07911 123 503</p>";
  while (html.size() < kMaxPageBytes + 100000) html += "<p>filler text filler text filler text filler</p>\n";
  Advert a = Parse(html);
  EXPECT_THAT(a.diagnostics, Contains(HasSubstr("truncated")));
  EXPECT_THAT(Phones(a), Contains("+447911123503"));
}

TEST_F(PageTest, BinaryServedAsHtmlGivesRecordWithDiagnostic) {
  std::string bin("\x89PNG\r\n\x1a\n", 8);
  for (int i = 0; i < 5000; ++i) bin.push_back(static_cast<char>(i * 7));
  Advert a = Parse(bin);
  EXPECT_EQ(a.id, "velvet:7");
  EXPECT_THAT(a.diagnostics, Contains(HasSubstr("binary")));
  std::string noise;
  for (int i = 0; i < 5000; ++i) noise.push_back(static_cast<char>((i * 131) % 32));
  EXPECT_THAT(Parse(noise).diagnostics, Contains(HasSubstr("binary")));
}

TEST_F(PageTest, AdvertIdFromUrlHashWhenSiteIdMissing) {
  PageInput in{.html = "<p>x</p>", .site = "velvet", .url = "http://127.0.0.1/a?b=1"};
  Advert a = parser_->Parse(in, nullptr, nullptr);
  EXPECT_EQ(a.id.rfind("velvet:u", 0), 0u);
  EXPECT_EQ(a.id.size(), std::string("velvet:u").size() + 16);
}

TEST_F(PageTest, OcrTextAddsImageSourcedPhones) {
  Advert a = Parse("<main><p>hello there</p></main>");
  parser_->AddOcrText("Call 07911 123 601", "http://127.0.0.1/img/1.jpg", &a);
  ASSERT_EQ(a.phones.size(), 1u);
  EXPECT_EQ(a.phones[0].source, Source::kImage);
  EXPECT_THAT(a.phones[0].styles, Contains("ocr"));
}

TEST_F(PageTest, ConcurrentParsesAgree) {
  const std::string want = nlohmann::json(Parse(kGenericLayout)).dump();
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        if (nlohmann::json(Parse(kGenericLayout)).dump() != want) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(ResolveUrlTest, ResolvesRelativeAndRejectsNonHttp) {
  EXPECT_EQ(ResolveUrl("http://h/a/b", "c.jpg"), "http://h/a/c.jpg");
  EXPECT_EQ(ResolveUrl("http://h/a/b", "/c.jpg"), "http://h/c.jpg");
  EXPECT_EQ(ResolveUrl("https://h/a/b", "//cdn/x.png"), "https://cdn/x.png");
  EXPECT_EQ(ResolveUrl("http://h/", "javascript:alert(1)"), "");
  EXPECT_EQ(ResolveUrl("", "rel.jpg"), "");
}

}  // namespace
}  // namespace admon::parsers
