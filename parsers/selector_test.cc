// Copyright 2026 The admon Authors.
#include "parsers/selector.h"

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "parsers/text.h"

namespace admon::parsers {
namespace {

constexpr char kHtml[] = R"(<html><body>
<div id="ad" class="advert main">
  <h1 class="ad-title">Title</h1>
  <div class="profile"><span class="name">Anna</span><span class="age" data-age="23">23</span></div>
  <ul class="rates"><li>30 min £80</li><li>1 hour £150</li></ul>
  <p class="phone" data-phone="07700900123">call me</p>
  <section><div><p class="deep">deep</p></div></section>
</div>
<div class="profile other"><span class="name">Other</span></div>
</body></html>)";

struct Doc {
  explicit Doc(const char* html) : out(gumbo_parse(html)) {}
  ~Doc() { gumbo_destroy_output(&kGumboDefaultOptions, out); }
  GumboOutput* out;
};

std::vector<std::string> TextsOf(const char* selector) {
  Doc d(kHtml);
  auto s = Selector::Parse(selector);
  EXPECT_TRUE(s.ok()) << selector << ": " << s.status();
  std::vector<std::string> out;
  if (!s.ok()) return out;
  for (const GumboNode* n : s->SelectAll(d.out->document)) out.push_back(VisibleText(n));
  return out;
}

TEST(SelectorTest, TableOfSelectorsMatchesExpectedElements) {
  struct Case {
    const char* selector;
    std::vector<std::string> want;
  } cases[] = {
      {"h1", {"Title"}},
      {"#ad > h1", {"Title"}},
      {".ad-title", {"Title"}},
      {"h1.ad-title", {"Title"}},
      {"div.advert.main > h1", {"Title"}},
      {".profile .name", {"Anna", "Other"}},
      {"#ad .profile .name", {"Anna"}},
      {".profile.other .name", {"Other"}},
      {".rates li", {"30 min £80", "1 hour £150"}},
      {".rates > li", {"30 min £80", "1 hour £150"}},
      {"#ad > li", {}},
      {"[data-age]", {"23"}},
      {"span[data-age=23]", {"23"}},
      {"span[data-age=\"24\"]", {}},
      {"h1, .name", {"Title", "Anna", "Other"}},
      {"section p", {"deep"}},
      {"section > p", {}},
      {"section > div > p.deep", {"deep"}},
      {"* > .deep", {"deep"}},
  };
  for (const Case& c : cases) EXPECT_EQ(TextsOf(c.selector), c.want) << c.selector;
}

// The elements under `root` that Matches accepts, in document order, at most
// `max`: what SelectAll and SelectEach must give.
std::vector<const GumboNode*> MatchingInOrder(const GumboNode* root, const Selector& s, size_t max) {
  std::vector<const GumboNode*> out;
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty() && out.size() < max) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (s.Matches(n)) out.push_back(n);
    const GumboVector* kids = n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children
                              : n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE ? &n->v.element.children
                                                                                               : nullptr;
    for (unsigned i = kids == nullptr ? 0 : kids->length; i-- > 0;) {
      stack.push_back(static_cast<const GumboNode*>(kids->data[i]));
    }
  }
  return out;
}

TEST(SelectorTest, SelectEachGivesEachSelectorsSelectAllInOneWalk) {
  Doc d(kHtml);
  const std::vector<std::string> texts = {".profile .name", "span", "#ad > .ad-title", "li, p.deep", ".absent",
                                          "[data-age]", "div.profile.other span", "*"};
  std::vector<Selector> parsed;
  for (const std::string& t : texts) parsed.push_back(*Selector::Parse(t));
  std::vector<const Selector*> selectors;
  for (const Selector& s : parsed) selectors.push_back(&s);
  for (const std::vector<size_t>& max : {std::vector<size_t>(texts.size(), 50), std::vector<size_t>{1, 2, 0, 1, 5, 3, 1, 4}}) {
    const auto each = Selector::SelectEach(d.out->document, selectors, max);
    ASSERT_EQ(each.size(), texts.size());
    for (size_t k = 0; k < texts.size(); ++k) {
      EXPECT_EQ(each[k], parsed[k].SelectAll(d.out->document, max[k])) << texts[k] << " max " << max[k];
      EXPECT_EQ(each[k], MatchingInOrder(d.out->document, parsed[k], max[k])) << texts[k] << " max " << max[k];
    }
    EXPECT_EQ(each[0].size(), std::min<size_t>(max[0], 2));  // both .profile .name
  }
}

TEST(SelectorTest, SelectEachAgreesWithMatchesOnRandomTrees) {
  // Two-compound groups are matched along the walk's path (each ancestor
  // tested once); every other group per element. Both must agree with Matches.
  const std::vector<std::string> texts = {
      ".a .b", ".a > .b", "div span", "div > span", "#x .b", "li, .a .b", ".a .b, .c > span", "ul li span",
      ".a > div > .b", "* > .c", "span.b.c .a", "[data-x] .b", ".c", "div .a, p"};
  std::vector<Selector> parsed;
  for (const std::string& t : texts) parsed.push_back(*Selector::Parse(t));
  std::vector<const Selector*> selectors;
  for (const Selector& s : parsed) selectors.push_back(&s);
  const std::vector<std::string> opens = {"<div class=\"a\">", "<span class=\"b\">", "<div id=\"x\">",
                                          "<span class=\"b c\">", "<ul>", "<li class=\"a\">", "<p class=\"c\">",
                                          "<div data-x=\"1\" class=\"c\">", "<span>", "<template>"};
  std::mt19937 rng(20261207);
  for (int round = 0; round < 300; ++round) {
    std::string html = "<html><body>";
    for (int k = 0; k < 40; ++k) {
      const size_t roll = std::uniform_int_distribution<size_t>(0, opens.size() + 2)(rng);
      html += roll < opens.size() ? opens[roll] : roll == opens.size() ? "t" : "</div></span></li></template>";
    }
    Doc d(html.c_str());
    const std::vector<size_t> max(texts.size(), 50);
    const auto each = Selector::SelectEach(d.out->document, selectors, max);
    for (size_t k = 0; k < texts.size(); ++k) {
      ASSERT_EQ(each[k], MatchingInOrder(d.out->document, parsed[k], max[k])) << texts[k] << " in " << html;
    }
  }
}

TEST(SelectorTest, ValueAttributeIsTrailingPresenceTest) {
  EXPECT_EQ(Selector::Parse(".phone[data-phone]")->value_attribute(), "data-phone");
  EXPECT_EQ(Selector::Parse(".phone")->value_attribute(), "");
  EXPECT_EQ(Selector::Parse("span[itemprop=telephone]")->value_attribute(), "");
  EXPECT_EQ(Selector::Parse("a[href], b[href]")->value_attribute(), "href");
  EXPECT_EQ(Selector::Parse("a[href], b")->value_attribute(), "");
}

TEST(SelectorTest, InvalidSelectorsAreErrorsNamingTheSelector) {
  for (const char* bad : {"", "div >", "> div", "div,", "[x", "[=x]", "#", ".", "div:hover", "a[b=\"c]", "a*"}) {
    auto s = Selector::Parse(bad);
    EXPECT_FALSE(s.ok()) << bad;
    if (!s.ok()) {
      EXPECT_NE(std::string(s.status().message()).find("selector"), std::string::npos);
    }
  }
  EXPECT_FALSE(Selector::Parse(std::string(2000, 'a')).ok());
}

TEST(SelectorTest, DeepTreeMatchingStaysBounded) {
  std::string html;
  for (int i = 0; i < 200; ++i) html += "<div>";
  html += "<p>x</p>";
  Doc d(html.c_str());
  // Fails everywhere; memoisation keeps this polynomial.
  auto s = Selector::Parse("span div div div div div div div div div div div p");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->SelectAll(d.out->document).empty());
  auto t = Selector::Parse("div div div div div div div div div div div p");
  EXPECT_EQ(t->SelectAll(d.out->document).size(), 1u);
}

}  // namespace
}  // namespace admon::parsers
