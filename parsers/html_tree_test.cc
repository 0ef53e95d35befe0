// Copyright 2026 The admon Authors.
#include "parsers/html_tree.h"

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "parsers/tree_dump_test_util.h"

namespace admon::parsers::internal {
namespace {

// Whole pages against every script/style body and text core of at least
// `min_bytes` set aside.
Parses Both(const std::string& page, size_t min_bytes = 1) {
  return ParseWholeAndAside(page, {.set_aside_raw_text_bytes = min_bytes, .set_aside_text_bytes = min_bytes});
}

// Parses `page` both ways; the trees must be equal.
Parses ExpectSameTree(const std::string& page) {
  Parses p = Both(page);
  EXPECT_EQ(Dump(p.aside.tree->document), Dump(p.whole.tree->document)) << page;
  return p;
}

// ... and `set_aside` bodies set aside.
void ExpectSameTree(const std::string& page, size_t set_aside) {
  EXPECT_EQ(ExpectSameTree(page).aside.set_aside, set_aside) << page;
}

std::string Body(int i) {  // a script-ish body long enough to set aside
  return "var slots" + std::to_string(i) + " = [{\"id\": \"a<b && c>d\", \"n\": 1}, 'x</scr' + 'ipt>'];";
}

TEST(HtmlTreeTest, SetAsideScriptAndStyleBodiesGiveTheTreeOfTheWholePage) {
  const std::string page = "<!doctype html><html><head><title>T &amp; x</title><style>.a{color:red}\n.b>p{x:1}</style>"
                           "<script>" + Body(1) + "</script></head><body><p>Call 07700 900123</p>"
                           "<script type=\"application/ld+json\">{\"telephone\": \"07700 900456\"}</script>"
                           "<STYLE media=\"x\">" + Body(2) + "</STYLE ></body></html>";
  Parses p = ExpectSameTree(page);
  EXPECT_EQ(p.aside.set_aside, 4u);
  EXPECT_FALSE(p.aside.reparsed);
  EXPECT_LT(p.aside.html.size(), page.size());
}

TEST(HtmlTreeTest, SetAsideBodyGetsGumbosNewlineAndNulNormalisation) {
  using std::string_literals::operator""s;
  const std::string page = "<html><head><script>a = 1;\r\nb = 2;\rc = '\0';\r\n</script>"s +
                           "<style>\r\n\r\n</style></head><body>x</body></html>";
  ASSERT_NE(page.find('\0'), std::string::npos);
  ExpectSameTree(page, 2u);
}

TEST(HtmlTreeTest, SetAsideBodyGetsGumbosInvalidCodePointReplacement) {
  // C0 and C1 controls, DEL, noncharacters: Gumbo reads them as U+FFFD; a £ and an emoji stay.
  const std::string page = "<html><head><script type=\"application/ld+json\">{\"t\": \"07700 9\x18\x7F\x0B"
                           "\xC2\x85\xC2\xA3\xEF\xB7\x90\xEF\xBF\xBE\xF0\x9F\xBF\xBF\xF0\x9F\x98\x80\"}</script></head></html>";
  ExpectSameTree(page, 1u);
}

TEST(HtmlTreeTest, EndTagNeedsATagNameEndAndAnyCase) {
  const std::string page = "<html><body><script>var s = '</scripts>'; var t = 1;</SCRIPT\n>"
                           "<p>after</p></body></html>";
  ExpectSameTree(page, 1u);
}

TEST(HtmlTreeTest, ScriptWithCommentOpenerIsLeftToGumbo) {
  // "<!--" can start the script data escaped states: Gumbo must read it.
  const std::string page = "<html><body><script><!-- <script>x</script> --></script><p>after</p>"
                           "<script>" + Body(3) + "</script></body></html>";
  EXPECT_FALSE(ExpectSameTree(page).aside.reparsed);
}

TEST(HtmlTreeTest, MisreadPagesAreParsedWhole) {
  const std::vector<std::string> pages = {
      // <script> in a comment, in a textarea, in svg (foreign: markup inside), an attribute quirk.
      "<html><body><!-- <script>" + Body(4) + "</script> --><p>x</p></body></html>",
      "<html><body><textarea><script>" + Body(5) + "</script></textarea><p>x</p></body></html>",
      "<html><body><svg><style><g>" + Body(6) + "</g></style></svg><p>x</p></body></html>",
      "<html><body><script data-x=a\"b>" + Body(7) + "</script><p>\">x</p></body></html>",
      "<html><body><title><script>" + Body(8) + "</script></title></body></html>",
  };
  int reparsed = 0;
  for (const std::string& page : pages) reparsed += ExpectSameTree(page).aside.reparsed;
  EXPECT_GE(reparsed, 2);  // the svg <style> and the attribute quirk are caught after the parse
}

TEST(HtmlTreeTest, ABodyOfXInAMisreadStartTagIsNotThePlaceholder) {
  // A quote in an attribute name starts no value, so Gumbo's <script> ends at
  // its '>' and its body is "x"; the scan reads a quoted value up to c">, and
  // sets aside the text after it as the body. Gumbo's script holds an "x"
  // where the placeholder was expected, but ends at the first </script>.
  const std::string page = "<html><body><script a$\"b>x</script><p>c\">" + Body(15) + "</script><p>d</p></body></html>";
  Parses p = ExpectSameTree(page);
  EXPECT_TRUE(p.aside.reparsed);
}

TEST(HtmlTreeTest, ScriptsInTablesTemplatesSelectsAndUnclosedOnesKeepTheirTree) {
  const std::vector<std::string> pages = {
      "<table><tr><td>a</td><script>" + Body(9) + "</script>stray text<tr><td>b</table>",
      "<template><script>" + Body(10) + "</script><p>t</p></template><p>x</p>",
      "<select><option>a<script>" + Body(11) + "</script><option>b</select>",
      "\xEF\xBB\xBF<html><script/>" + Body(12) + "</script><p>x</p>",
      "<html><body><script>   \n\t  </script><style>\f </style><p>x</p>",
      "<html><body><p>x</p><script>" + Body(13),  // unclosed: the rest is script text
      "<html><body><noscript><style>" + Body(14) + "</style></noscript><p>x</p>",
  };
  for (const std::string& page : pages) ExpectSameTree(page);
}

TEST(HtmlTreeTest, RandomPagesGiveTheSameTreeWithAndWithoutSetAside) {
  const std::vector<std::string> pieces = {
      "<script>", "</script>", "<style>", "</style>", "<SCRIPT type=\"application/json\">", "</Script >",
      "<!--", "-->", "<p>", "</p>", "<svg>", "</svg>", "<math>", "<table>", "<td>", "<textarea>", "</textarea>",
      "<title>", "</title>", "<template>", "</template>", "<select>", "<option>", "\r\n", "\r", "\n", std::string(1, '\0'),
      "<", ">", "'", "\"", "=", "</", "</scriptx>", "a", "07700 900123", " ", "<div class='a>b'>", "</div>",
      "{\"k\": \"v\"}", "&amp;", "<![CDATA[", "]]>", "<br/>", "<plaintext>", "\xC3\xA9", "<iframe>", "</iframe>",
      "\x18", "\x7F", "\x0B", "\xC2\x85", "\xC2\xA3", "\xEF\xB7\x90", "\xEF\xBF\xBE", "\xF0\x9F\xBF\xBF", "\xF0\x9F\x98\x80",
      // text cores: their breaks, references whose end depends on what follows, modes that treat text apart
      "Call Anna on", " in Leeds ", "-", "]", "&middot;", "&notin;", "&not", "&#49;", "&#x31", "&", "<pre>", "<frameset>",
      "</frameset>", "<noframes>", "<head>", "</head>", "<body>", "</body>", "</html>", "<colgroup>", "<!-->", "--!>",
      "<a title=x\"y>", "\t", "\f", "&#57344;", "&#xE001;", "\xEE\x80\x81"};
  std::mt19937 rng(20261124);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 60);
  int set_aside = 0, set_aside_text = 0, reparsed = 0;
  for (int round = 0; round < 6000; ++round) {
    std::string page;
    for (int k = length(rng); k > 0; --k) page += pieces[pick(rng)];
    Parses p = Both(page);
    if (p.whole.tree == nullptr) {  // NUL-heavy: binary, never parsed
      ASSERT_EQ(p.aside.tree, nullptr);
      continue;
    }
    ASSERT_EQ(Dump(p.aside.tree->document), Dump(p.whole.tree->document)) << "round " << round << ": " << page;
    set_aside += p.aside.set_aside > 0;
    set_aside_text += p.aside.set_aside_text > 0;
    reparsed += p.aside.reparsed;
  }
  // The property is only tested if bodies and text are set aside, and the check must sometimes fire.
  EXPECT_GT(set_aside, 300);
  EXPECT_GT(set_aside_text, 1000);
  EXPECT_GT(reparsed, 10);
}

TEST(HtmlTreeTest, SetAsideTextGivesTheTreeOfTheWholePage) {
  // References (one whose end depends on the next character), a table's
  // foster-parented text, <pre>'s dropped newline, RCDATA and raw text that
  // must keep their own reading, a select, svg with CDATA, a script whose
  // comment opener keeps the tokenizer in script data, CR LF and a C1 control.
  const std::string page =
      "<!doctype html><html><head><title>Anna &amp; friends, Leeds</title></head><body>\r\n"
      "<h1 class=\"t\">New in town: Anna, 23 &middot; call 07700 900123 &notin; today</h1>"
      "<table>Some stray text before the row<tr><td>A cell with a long text</td></tr> and after</table>"
      "<pre>\nPreformatted text stays as it was</pre><textarea>\nA textarea body with &amp; text</textarea>"
      "<select><option>An option's long label<option>Second label, long too</select>"
      "<svg><desc>Vector description text</desc><![CDATA[ a CDATA section's text ]]></svg>"
      "<script>var a = '<!--'; var b = 'some script text here';</script><p>After a script with a comment"
      " opener</p><p>Prices: 1 hour \xC2\x85 150, overnight 800 - ask]]> me</p>\r\n</body></html>";
  Parses p = ExpectSameTree(page);
  EXPECT_GE(p.aside.set_aside_text, 10u);
  EXPECT_FALSE(p.aside.reparsed);
}

TEST(HtmlTreeTest, TextWhereAMarkIsLostIsParsedWhole) {
  // A frameset drops text that is not whitespace; an attribute quirk the scan
  // misreads puts a mark into an attribute value.
  const std::vector<std::string> pages = {
      "<html><head></head><frameset>Text that a frameset drops<frame></frameset></html>",
      "<html><body><a title=x\"y>Some long text here<i c=\"z>more text in a value\">x</i></body></html>",
  };
  for (const std::string& page : pages) {
    Parses p = ExpectSameTree(page);
    EXPECT_TRUE(p.aside.reparsed) << page;
  }
}

TEST(HtmlTreeTest, PagesWithTheMarksOwnCharactersGetNoMarks) {
  // The characters themselves, or references that Gumbo decodes into them.
  const std::vector<std::string> pages = {
      "<html><body><p>Private use \xEE\x80\x80 text here</p><p>Another paragraph of text</p></body></html>",
      "<html><body><p>Private use \xEE\xBF\xBF text here</p><p>Another paragraph of text</p></body></html>",
      "<html><body><p>A reference &#57344; to the first</p><p>Another paragraph of text</p></body></html>",
      "<html><body><p>A reference &#xEfFf to the last</p><p>Another paragraph of text</p></body></html>",
  };
  for (const std::string& page : pages) {
    Parses p = ExpectSameTree(page);
    EXPECT_EQ(p.aside.set_aside_text, 0u) << page;
    EXPECT_FALSE(p.aside.reparsed) << page;
  }
  // Neighbours of the range do not stop marks.
  Parses p = ExpectSameTree("<html><body><p>&#57343; &#xF000; \xED\x9F\xBF and a long text</p></body></html>");
  EXPECT_GT(p.aside.set_aside_text, 0u);
}

TEST(HtmlTreeTest, MarksRunOutAfter4096CoresAndTheRestIsParsedAsItIs) {
  std::string page = "<html><body>";
  for (int i = 0; i < 5000; ++i) page += "<p>Paragraph number " + std::to_string(i) + "</p>";
  Parses p = ExpectSameTree(page);
  EXPECT_EQ(p.aside.set_aside_text, 4096u);
  EXPECT_FALSE(p.aside.reparsed);
}

TEST(HtmlTreeTest, DuplicateAttributeAfterManyParseErrorsKeepsTheNextAttributesName) {
  std::string errors;
  for (int i = 0; i < 150; ++i) errors += "</x>";  // stray end tags: one parse error each
  const std::string page = "<html><body>" + errors + "<div class=\"a\" hidden hidden id=\"x\">t</div></body></html>";
  ParsedHtml p = ParseHtml(page, PageParserOptions{});
  const std::string tree = Dump(p.tree->document);
  EXPECT_NE(tree.find("<div ns=0 class=\"a\" hidden=\"\" id=\"x\">"), std::string::npos) << tree;
}

TEST(HtmlTreeTest, ShortTextIsLeftToGumbo) {
  const std::string page = "<html><body><p>Hi!</p><p>A text core of more than four bytes</p></body></html>";
  ParsedHtml p = ParseHtml(page, PageParserOptions{});  // default threshold: 4 bytes
  EXPECT_EQ(p.set_aside_text, 1u);
  EXPECT_NE(p.html.find("<p>Hi!</p>"), std::string::npos);
  EXPECT_EQ(p.html.find("four"), std::string::npos);
}

TEST(HtmlTreeTest, SmallBodiesAreLeftToGumbo) {
  const std::string page = "<html><head><script>var a = 1;</script><style>" + std::string(300, 'a') +
                           "</style></head></html>";
  ParsedHtml p = ParseHtml(page, PageParserOptions{});  // default threshold: 256 bytes
  EXPECT_EQ(p.set_aside, 1u);
  EXPECT_NE(p.html.find("var a = 1;"), std::string::npos);
}

}  // namespace
}  // namespace admon::parsers::internal
