// Copyright 2026 The admon Authors.
#include "parsers/html_region.h"

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "parsers/html_tree.h"
#include "parsers/tree_dump_test_util.h"

namespace admon::parsers::internal {
namespace {

// Gumbo on the whole page against regions of at least `min_elements`
// elements built by admon (text cores and bodies set aside as by default).
Parses Both(const std::string& page, int min_elements = 1) {
  return ParseWholeAndAside(page, {.set_aside_region_elements = min_elements});
}

Parses ExpectSameTree(const std::string& page, int min_elements = 1) {
  Parses p = Both(page, min_elements);
  EXPECT_EQ(Dump(p.aside.tree->document), Dump(p.whole.tree->document)) << page;
  return p;
}

const std::string kHead = "<!doctype html><html><head><title>Velvet</title></head><body>";

TEST(HtmlRegionTest, WellFormedSiteChromeIsBuiltAsRegions) {
  std::string menu = "<div class=\"menu\"><ul>";
  for (int i = 0; i < 30; ++i) {
    menu += "<li><span class=\"search\">Companions in Leeds &middot; page " + std::to_string(i) + "</span></li>";
  }
  menu += "</ul></div>";
  const std::string page =
      kHead + "<header><a href=\"/\"><img class=banner src=\"/static/banner.jpg\" alt=\"Velvet Rooms\"></a>\n"
      "<nav class=\"towns\"><a href=\"/town/leeds\">Leeds</a> <a href='/town/hull'>Hull</a> </nav></header>\n"
      "<main><article class=\"ad\" id=\"ad-1\"><h1 class=\"ad-title\">VIP GIRLS IN LEEDS!!!</h1>"
      "<div class=\"profile\"><span class=\"name\">Charlotte</span> <span class=\"age\">24</span></div>"
      "<ul class=\"rates\"><li>30 mins: \xC2\xA3" "90</li><li>1 hour: \xC2\xA3" "140</li></ul>"
      "<div class=\"description\">Height 5&#39;4&quot;, slim. Call 07700 900123<br>Texts answered 24/7.</div>"
      "<p class=\"dates\">Posted <time class=\"posted\" datetime=\"2026-11-02T13:26:00Z\">2026-11-02</time></p>"
      "</article>" + menu + "</main>\n"
      "<footer>Customer support: <span class=\"support-phone\">0808 157 0192</span> &middot; "
      "<a href=\"mailto:support@velvetrooms.example\">support@velvetrooms.example</a> &copy; 2026</footer>"
      "</body></html>";
  Parses p = ExpectSameTree(page, 2);
  EXPECT_GE(p.aside.regions, 3u);  // header, main, footer
  EXPECT_FALSE(p.aside.reparsed);
}

TEST(HtmlRegionTest, ReferencesAttributesAndLineEndsReadAsGumboReadsThem) {
  const std::vector<std::string> contents = {
      // Legacy names without ';' read differently in attributes and text; '&' alone; numeric references.
      "<a href=\"/s?town=leeds&amp;page=2&copy=1&ampx;\" title='&ampx; &para-x'>A &amp; B &ampx; &#x41;&#66; & done</a>",
      "<span data-x=a&amp;b class=plain>x</span><img src=/img/1.jpg/><br/><span lang=EN-gb DATA-Y=\"Q\">y</span>",
      "<b>one\r\ntwo\rthree</b><i title=\"line\r\nbreak\">i</i>",
      "<em>\xC2\x85 \x18 \xEF\xBF\xBE \xF0\x9F\x98\x80 \xC2\xA3</em>",  // Gumbo's U+FFFD for C1, C0, nonchars
      "<span>  </span> \n <strong>  \t </strong>x",                   // whitespace-only text nodes
      "<span hidden>x</span><span checked = \"checked\" >y</span><span\ta\n=\n'b'>z</span>",
  };
  for (const std::string& content : contents) {
    Parses p = ExpectSameTree(kHead + "<div class=\"c\">" + content + "</div><p>after</p></body></html>");
    EXPECT_EQ(p.aside.regions, 1u) << content;
    EXPECT_FALSE(p.aside.reparsed) << content;
  }
}

TEST(HtmlRegionTest, ContentOutsideTheSubsetIsLeftToGumbo) {
  const std::vector<std::string> contents = {
      "<span>a</span><!-- a comment --><b>b</b>",          // comments
      "<span>a</span><table><tr><td>x</table>",              // tables
      "<span>a</span><form><input name=q></form>",           // forms
      "<span id=a id=b>a</span><b>b</b>",                    // duplicate attribute: Gumbo keeps the first
      "<span>a</span><span/><b>b</b>",                       // self-closing syntax on a non-void element
      "<ul><li>one<li>two</ul><b>b</b>",                     // li closed by the next li
      "<p>one<div>two</div></p><b>b</b>",                    // a block closes the open p
      "<p><span>a</span><ul><li>x</li></ul></p>",            // so does ul
      "<b><i>x</b></i><span>s</span>",                       // misnested formatting
      "<a href=x>one <a href=y>two</a></a><span>s</span>",   // a in a: the adoption agency
      "<b><b><b><b>x</b></b></b></b><span>s</span>",         // Noah's ark
      "<h2><h3>x</h3></h2><span>s</span>",                   // heading in heading
      "<div><li>x</li></div><span>s</span>",                 // li outside a list: its walk leaves the region
      "<span>a &notin b &x</span><b>b</b>",                  // references without ';'
      "<span>a</span>< b <b>b</b>",                          // '<' that starts no tag
      "<span title=\"a\"b>a</span><b>b</b>",                 // no space between attributes
      "<span>a</span><br></br><b>b</b>",                     // </br> is a <br>
      "<span>a</span><dialog>d</dialog><b>b</b>",            // a name Gumbo does not know
      "<span>&#32;</span><b>&#9;</b>",                       // references that read as whitespace
      "<span>a</span><pre>\nx</pre><b>b</b>",                // pre drops a leading newline
      "<span>a</span><svg><g>x</g></svg><b>b</b>",           // foreign content
      "<span> </span><b> </b>",                              // nothing that clears frameset-ok
  };
  for (const std::string& content : contents) {
    Parses p = ExpectSameTree(kHead + "<div class=\"c\">" + content + "</div><p>after</p></body></html>");
    EXPECT_EQ(p.aside.regions, 0u) << content;
  }
}

TEST(HtmlRegionTest, RegionsInsideTheirContextsKeepTheTreeOrAreParsedWhole) {
  // The region's element sits where its content would interact with what is
  // around it: RegionContextOk or the mark's place sends the page to Gumbo.
  const std::string region = "<div class=r><span>a</span><b>b</b><a href=x>c</a><ul><li>d</li></ul></div>";
  const std::vector<std::string> prefixes = {
      "<p>", "<p><button>", "<b>", "<a href=y>", "<table>", "<table><tr>", "<table><tr><td>", "<table><caption>",
      "<select>", "<svg>", "<math>", "<template>", "<object>", "<marquee>", "<frameset>", "<ul>", "<li>", "<h1>",
      "<b><i><u>", "<a href=y></p>", "<b><p>", "<p><b></p>", "<center>", "</body>", "</html>", "<pre>", "<textarea>",
      "<noscript>", "<dl><dt>", "<form>", "<button>", "<head>", "<frameset></frameset>", "<table><colgroup>",
  };
  for (const std::string& prefix : prefixes) {
    ExpectSameTree("<!doctype html><html><body>" + prefix + region + "<p>after</p><frameset>");
  }
}

TEST(HtmlRegionTest, UnclosedElementsDoNotGrowTheScan) {
  // 50,000 <p> never closed: Gumbo closes each at the next; the scan stops
  // following them past its depth bound (each tag would otherwise look at
  // every open one: quadratic). Correctness is the same tree; the bound is
  // what keeps this test fast.
  std::string page = kHead;
  for (int i = 0; i < 50000; ++i) page += "<p><span>a</span><b>b</b>";
  Parses p = ExpectSameTree(page + "</body></html>");
  EXPECT_FALSE(p.aside.reparsed);
}

TEST(HtmlRegionTest, ContextCheckNamesWhatTheContentNeeds) {
  auto element = [](const ParsedHtml& p) {
    std::vector<const GumboNode*> stack = {p.tree->document};
    while (!stack.empty()) {
      const GumboNode* n = stack.back();
      stack.pop_back();
      if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
      if (n->type == GUMBO_NODE_ELEMENT && gumbo_get_attribute(&n->v.element.attributes, "id") != nullptr) return n;
      const GumboVector& kids = n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
      for (unsigned k = 0; k < kids.length; ++k) stack.push_back(static_cast<const GumboNode*>(kids.data[k]));
    }
    return static_cast<const GumboNode*>(nullptr);
  };
  const PageParserOptions whole{.set_aside_raw_text_bytes = 0, .set_aside_text_bytes = 0, .set_aside_region_elements = 0};
  const RegionNeeds nothing, closes_p{.closes_p = true}, an_a{.formatting = 1};  // bit 0: a
  struct Case {
    const char* page;
    RegionNeeds needs;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"<p><span id=r>x</span></p>", nothing, true},
      {"<p><span id=r>x</span></p>", closes_p, false},
      {"<p><button><span id=r>x</span></button></p>", closes_p, true},
      {"<a href=y><span id=r>x</span></a>", an_a, false},
      {"<a href=y><span id=r>x</span></a>", closes_p, true},
      {"<a href=y><table><tr><td><span id=r>x</span></table></a>", an_a, true},
      {"<table><tr><td><p><span id=r>x</span></table>", closes_p, false},
      {"<p><table><tr><td><span id=r>x</span></table>", closes_p, true},
      {"<svg><g><span id=r>x</span></g></svg>", nothing, true},  // span breaks out of svg
      {"<svg><foreignObject><span id=r>x</span></foreignObject></svg>", nothing, false},
      {"<object><span id=r>x</span></object>", nothing, false},
  };
  for (const Case& c : cases) {
    ParsedHtml p = ParseHtml(std::string("<!doctype html><html><body>") + c.page, whole);
    const GumboNode* e = element(p);
    ASSERT_NE(e, nullptr) << c.page;
    EXPECT_EQ(RegionContextOk(e, c.needs), c.ok) << c.page;
  }
}

// A random well-formed tree of the subset, with now and then a piece from
// outside it.
class RandomTree {
 public:
  explicit RandomTree(uint32_t seed) : rng_(seed) {}

  std::string Page() {
    static const std::vector<std::string> contexts = {
        "", "", "", "<p>", "<b>", "<a href=q>", "<table><tr><td>", "<table>", "<ul>", "<h2>", "<select>", "<svg>",
        "<button>", "<template>", "<p><i>", "<frameset>"};
    std::string page = "<!doctype html><html><body>" + contexts[Pick(contexts.size())];
    for (int k = 1 + static_cast<int>(Pick(3)); k > 0; --k) page += Node(0);
    return page + "<p>after</p></body></html>";
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::string Node(int depth) {
    static const std::vector<std::string> texts = {"Leeds", " ", "\n", "Call 07700 900123", "&middot; page 4", "&amp;",
                                                   "&ampx;", "& ", "\r\n", "\xC2\xA3" "90", "a&#66;c", "&notin;", "\t"};
    static const std::vector<std::string> voids = {"<br>", "<br/>", "<img src=/a.jpg alt=\"A &amp; B\">", "<hr>",
                                                   "<wbr>", "<img src=x/>"};
    static const std::vector<std::string> noise = {
        "<!-- c -->", "<table><td>x</table>", "<li>", "</p>", "<p>", "</b>", "<b>", "<div>", "</div>", "<span/>",
        "<a href=z>", "</a>", "<pre>\n", "<h3>", "&notin", "<input>", "<td>", "<frameset>", "</body>", "<select>",
        "<svg>", "</svg>", "<span id=a id=b>"};
    static const std::vector<std::string> tags = {"div", "span", "a", "b", "i", "em", "strong", "small", "p", "ul",
                                                  "ol", "nav", "section", "h2", "h3", "time", "label", "code",
                                                  "footer", "center", "u", "s", "blockquote", "figure", "main"};
    const size_t roll = Pick(100);
    if (roll < 3) return noise[Pick(noise.size())];
    if (depth > 5 || roll < 40) return texts[Pick(texts.size())];
    if (roll < 50) return voids[Pick(voids.size())];
    std::string tag = tags[Pick(tags.size())];
    std::string out = "<" + tag + (Pick(3) == 0 ? " class=\"k" + std::to_string(Pick(9)) + "\"" : "") +
                      (tag == "a" ? " href=\"/x?a=1&b=2\"" : "") + ">";
    if (tag == "ul" || tag == "ol") {
      for (int k = 1 + static_cast<int>(Pick(4)); k > 0; --k) out += "<li>" + Node(depth + 1) + "</li>";
    } else {
      for (int k = static_cast<int>(Pick(4)); k > 0; --k) out += Node(depth + 1);
    }
    return out + "</" + tag + ">";
  }

  std::mt19937 rng_;
};

TEST(HtmlRegionTest, RandomPagesGiveTheSameTreeWithAndWithoutRegions) {
  RandomTree random(20261207);
  int with_regions = 0, reparsed = 0;
  for (int round = 0; round < 4000; ++round) {
    const std::string page = random.Page();
    Parses p = Both(page);
    ASSERT_EQ(Dump(p.aside.tree->document), Dump(p.whole.tree->document)) << "round " << round << ": " << page;
    with_regions += p.aside.regions > 0;
    reparsed += p.aside.reparsed;
  }
  // The property is only tested if regions are built, and the context check must sometimes fire.
  EXPECT_GT(with_regions, 1000);
  EXPECT_GT(reparsed, 20);
  std::printf("%d of 4000 pages with regions, %d parsed whole again\n", with_regions, reparsed);
}

}  // namespace
}  // namespace admon::parsers::internal
