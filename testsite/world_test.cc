// Copyright 2026 The admon Authors.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "common/files.h"
#include "gtest/gtest.h"
#include "phonenumbers/phonenumber.pb.h"
#include "phonenumbers/phonenumberutil.h"
#include "testsite/generate.h"
#include "testsite/html.h"
#include "testsite/phones.h"
#include "testsite/world.h"

namespace admon::testsite {
namespace {

using ::i18n::phonenumbers::PhoneNumber;
using ::i18n::phonenumbers::PhoneNumberUtil;

std::string TempDir(const std::string& name) { return ::testing::TempDir() + "/testsite_" + name; }

std::string TruthOf(const WorldSpec& spec, const std::string& dir) {
  auto stats = Generate({.world = spec, .out_dir = dir});
  EXPECT_TRUE(stats.ok()) << stats.status();
  auto text = ReadFile(dir + "/" + kTruthFile);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(GenerateTest, SameSeedWritesSameBytesAndOtherSeedDiffers) {
  const std::string a = TruthOf({.seed = 42, .adverts = 300, .days = 5}, TempDir("det_a"));
  const std::string b = TruthOf({.seed = 42, .adverts = 300, .days = 5}, TempDir("det_b"));
  const std::string c = TruthOf({.seed = 43, .adverts = 300, .days = 5}, TempDir("det_c"));
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(Lines(a).size(), 300u);
  auto spec = LoadManifest(TempDir("det_a"));
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->seed, 42u);
  EXPECT_EQ(spec->adverts, 300);
  EXPECT_EQ(spec->days, 5);
}

TEST(GenerateTest, TruthLinesCarryTheDocumentedKeys) {
  const auto lines = Lines(TruthOf({.seed = 5, .adverts = 50, .days = 3}, TempDir("keys")));
  ASSERT_EQ(lines.size(), 50u);
  for (const auto& j : lines) {
    for (const char* key : {"site", "url", "advert_id", "poster", "network", "kind", "phones", "phone_styles",
                            "emails", "handles", "images", "town", "first_day", "last_day", "name", "age",
                            "indicators", "decoys"}) {
      EXPECT_TRUE(j.contains(key)) << key << " missing in " << j.dump();
    }
    EXPECT_EQ(j["advert_id"].get<std::string>().rfind(j["site"].get<std::string>() + ":", 0), 0u);
    EXPECT_EQ(j["url"].get<std::string>()[0], '/');
  }
}

TEST(GenerateTest, RejectsBadSpec) {
  EXPECT_FALSE(Generate({.world = {.seed = 1, .adverts = 0, .days = 3}, .out_dir = TempDir("bad")}).ok());
  EXPECT_FALSE(Generate({.world = {.seed = 1, .adverts = 10, .days = 0}, .out_dir = TempDir("bad")}).ok());
}

TEST(WorldTest, BuildAndPagesAreDeterministic) {
  const World w1({.seed = 9, .adverts = 400, .days = 6});
  const World w2({.seed = 9, .adverts = 400, .days = 6});
  for (int64_t i = 0; i < 400; i += 37) {
    const AdvertMeta m = w1.Meta(i);
    const Advert a = w1.Build(i, m.last_day), b = w2.Build(i, m.last_day);
    EXPECT_EQ(TruthJson(a).dump(), TruthJson(b).dump());
    PageContext c{.site = m.site, .day = m.last_day, .featured = {}};
    EXPECT_EQ(RenderAdvert(c, a), RenderAdvert(c, b));
  }
}

TEST(WorldTest, EveryTruthPhoneIsValidInLibphonenumber) {
  const World w({.seed = 3, .adverts = 1000, .days = 7});
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::set<std::string> regions;
  int checked = 0;
  for (int64_t i = 0; i < w.size(); ++i) {
    const Advert a = w.Build(i, w.Meta(i).first_day);
    for (const std::string& e164 : a.phones) {
      PhoneNumber n;
      ASSERT_EQ(util.Parse(e164, "ZZ", &n), PhoneNumberUtil::NO_PARSING_ERROR) << e164;
      EXPECT_TRUE(util.IsValidNumber(n)) << e164 << " in " << a;
      std::string region;
      util.GetRegionCodeForNumber(n, &region);
      regions.insert(region);
      ++checked;
    }
  }
  EXPECT_GT(checked, 900);
  EXPECT_TRUE(regions.count("GB") && regions.count("HU") && regions.count("RO"));
}

TEST(WorldTest, EveryPhoneStyleOccursInAThousandAdvertCorpus) {
  const World w({.seed = 11, .adverts = 1000, .days = 7});
  std::map<std::string, int> seen;
  for (int64_t i = 0; i < w.size(); ++i) {
    for (const auto& p : w.Build(i, w.Meta(i).first_day).phone_occurrences) seen[p.style]++;
  }
  for (const std::string& style : AllPhoneStyles()) EXPECT_GT(seen[style], 0) << style;
  for (const auto& [style, n] : seen) {
    EXPECT_NE(std::find(AllPhoneStyles().begin(), AllPhoneStyles().end(), style), AllPhoneStyles().end()) << style;
  }
}

TEST(WorldTest, SmallCorpusHasEveryPosterKind) {
  const World w({.seed = 1, .adverts = 50, .days = 1});
  std::set<std::string> kinds;
  for (int64_t i = 0; i < w.size(); ++i) kinds.insert(PosterKindName(w.Meta(i).kind));
  EXPECT_EQ(kinds, (std::set<std::string>{"independent", "agency", "exploitation", "spam"}));
}

TEST(WorldTest, NetworksShareAControllerPhoneAcrossDifferentNames) {
  const World w({.seed = 21, .adverts = 1000, .days = 14});
  std::map<std::string, std::set<std::string>> names_by_network_phone;
  for (int64_t i = 0; i < w.size(); ++i) {
    const Advert a = w.Build(i, w.Meta(i).first_day);
    if (a.meta.kind != PosterKind::kExploitation || a.phones.empty()) continue;
    EXPECT_FALSE(a.network_id.empty());
    EXPECT_FALSE(a.indicators.empty()) << a;
    names_by_network_phone[a.network_id + a.phones[0]].insert(a.name + std::to_string(a.age));
  }
  int multi = 0;
  for (const auto& [key, names] : names_by_network_phone) multi += names.size() >= 2;
  EXPECT_GT(multi, 3);
}

// The number a generated handle or address ends in ("chloe_57", "vip_alina512").
int TrailingNumber(std::string_view s) {
  size_t i = s.size();
  while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') --i;
  return i == s.size() ? -1 : std::stoi(std::string(s.substr(i)));
}

// Largest number ending an independent's or a network's account handle in the first
// `n` adverts of `w`.
std::pair<int, int> LargestContactNumbers(const World& w, int64_t n) {
  int independent = -1, network = -1;
  for (int64_t i = 0; i < n; ++i) {
    const Advert a = w.Build(i, w.Meta(i).first_day);
    for (const auto& h : a.handles) {
      if (h.platform == "whatsapp") continue;  // a phone number
      if (a.meta.kind == PosterKind::kIndependent) independent = std::max(independent, TrailingNumber(h.handle));
      if (a.meta.kind == PosterKind::kExploitation) network = std::max(network, TrailingNumber(h.handle));
    }
  }
  return {independent, network};
}

TEST(WorldTest, ContactPoolsGrowInProportionToTheWorldBeyondAHundredThousandAdverts) {
  const auto [ind_small, net_small] = LargestContactNumbers(World({.seed = 3, .adverts = 100'000, .days = 1}), 4000);
  EXPECT_GE(ind_small, 50);
  EXPECT_LE(ind_small, 99);
  EXPECT_GE(net_small, 500);
  EXPECT_LE(net_small, 999);
  // Twenty times the adverts: twenty times the pool, so unrelated posters
  // share a contact as often per advert as in the 100 k world.
  const auto [ind_big, net_big] = LargestContactNumbers(World({.seed = 3, .adverts = 2'000'000, .days = 1}), 4000);
  EXPECT_GT(ind_big, 99);
  EXPECT_LE(ind_big, 1980);
  EXPECT_GT(net_big, 999);
  EXPECT_LE(net_big, 10 + 990 * 20 - 1);
}

TEST(WorldTest, SiteIdsAndProfilesRoundTrip) {
  const World w({.seed = 77, .adverts = 700, .days = 3});
  for (int64_t i = 0; i < w.size(); i += 13) {
    const AdvertMeta m = w.Meta(i);
    ASSERT_EQ(w.IndexOfSiteId(m.site_id), i);
    const Advert a = w.Build(i, m.first_day);
    const std::string token = a.profile_slug.substr(a.profile_slug.rfind('-') + 1);
    const auto adverts = w.AdvertsOfProfile(token);
    EXPECT_NE(std::find(adverts.begin(), adverts.end(), i), adverts.end()) << a.profile_slug;
  }
  EXPECT_FALSE(w.IndexOfSiteId(5).has_value());
  EXPECT_TRUE(w.AdvertsOfProfile("zzzzzzzz").empty());
}

TEST(WorldTest, EditsAndBumpsChangeTheAdvertOverDays) {
  const World w({.seed = 5, .adverts = 500, .days = 20});
  int edited = 0;
  for (int64_t i = 0; i < w.size(); ++i) {
    const AdvertMeta m = w.Meta(i);
    if (m.edit_day < 0) continue;
    ++edited;
    const Advert before = w.Build(i, m.edit_day - 1), after = w.Build(i, m.edit_day);
    EXPECT_NE(before.description_html, after.description_html);
    EXPECT_EQ(after.prices[0].pounds, before.prices[0].pounds + 10);
    EXPECT_EQ(before.phones, after.phones);
  }
  EXPECT_GT(edited, 10);
}

TEST(PhonesTest, StylesSpellTheSameDigits) {
  Rng r(1);
  const GeneratedPhone p = MakePhone(PhoneKind::kUkMobile, "", r);
  ASSERT_EQ(p.digits.size(), 11u);
  EXPECT_EQ(RenderPhone(p, "plain", r).text, p.digits);
  const std::string words = RenderPhone(p, "words", r).text;
  EXPECT_EQ(words.rfind("zero seven", 0), 0u) << words;
  const std::string letters = RenderPhone(p, "letters", r).text;
  EXPECT_EQ(letters[0], 'O');
  const RenderedPhone split = RenderPhone(p, "split_lines", r);
  EXPECT_NE(split.html.find("<br>"), std::string::npos);
  const RenderedPhone tel = RenderPhone(p, "tel_link", r);
  EXPECT_NE(tel.html.find("href=\"tel:" + p.e164 + "\""), std::string::npos);
  EXPECT_EQ(RenderPhone(p, "keycap", r).text.find("0\xEF\xB8\x8F\xE2\x83\xA3"), 0u);
  EXPECT_EQ(RenderPhone(p, "fullwidth", r).text.rfind("\xEF\xBC\x90", 0), 0u);  // U+FF10
  EXPECT_EQ(RenderPhone(p, "intl_0", r).text.rfind("+44 (0)7", 0), 0u);
  const GeneratedPhone ro = MakePhone(PhoneKind::kRoMobile, "", r);
  EXPECT_EQ(RenderPhone(ro, "intl_0", r).style, "intl_plus");
  EXPECT_TRUE(IsValidPhone(ro.e164));
}

}  // namespace
}  // namespace admon::testsite
