// Copyright 2026 The admon Authors.
#include "report/text.h"

#include "gtest/gtest.h"

namespace admon::report {
namespace {

TEST(HtmlEscapeTest, EscapesMarkupAndQuotes) {
  EXPECT_EQ(HtmlEscape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
}

TEST(SanitizeUtf8Test, ReplacesInvalidSequencesAndControls) {
  EXPECT_EQ(SanitizeUtf8("ok \xC3\xA9"), "ok \xC3\xA9");
  EXPECT_EQ(SanitizeUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(SanitizeUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(SanitizeUtf8(std::string("a\0b", 3)), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(SanitizeUtf8("\xE2\x98"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated
}

TEST(TruncateUtf8Test, CutsAtCharacterBoundary) {
  EXPECT_EQ(TruncateUtf8("abc", 5), "abc");
  EXPECT_EQ(TruncateUtf8("a\xC3\xA9z", 2), "a\xE2\x80\xA6");
}

TEST(HighlightHtmlTest, MarksSpanAndEscapesInside) {
  EXPECT_EQ(HighlightHtml("a <b> c", {{2, 5, "tag"}}), "a <mark title=\"tag\">&lt;b&gt;</mark> c");
}

TEST(HighlightHtmlTest, MergesOverlappingSpansAndListsLabels) {
  EXPECT_EQ(HighlightHtml("abcdefgh", {{1, 4, "x"}, {3, 6, "y"}}), "a<mark title=\"x, y\">bcdef</mark>gh");
}

TEST(HighlightHtmlTest, ClampsAndIgnoresInvalidSpans) {
  EXPECT_EQ(HighlightHtml("abc", {{-1, 2, "neg"}, {2, 1, "rev"}, {5, 9, "far"}, {1, 99, "long"}}),
            "a<mark title=\"long\">bc</mark>");
  EXPECT_EQ(HighlightHtml("", {{0, 3, "x"}}), "");
}

TEST(HighlightHtmlTest, SnapsSpansToUtf8Characters) {
  // "\xE2\x98\x8E" is one character; a span inside it marks the whole character.
  EXPECT_EQ(HighlightHtml("a\xE2\x98\x8E" "b", {{2, 3, "mid"}}), "a<mark title=\"mid\">\xE2\x98\x8E</mark>b");
}

TEST(CsvFieldTest, QuotesPerRfc4180) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField(" padded"), "\" padded\"");
  EXPECT_EQ(CsvRow({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

TEST(CsvFieldTest, NeutralisesSpreadsheetFormulasButKeepsPhones) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
  EXPECT_EQ(CsvField("+447700900123"), "+447700900123");
  EXPECT_EQ(CsvField("-12.5"), "-12.5");
  EXPECT_EQ(CsvField("=x", /*neutralise_formulas=*/false), "=x");
}

TEST(DotQuoteTest, EscapesQuotesBackslashesAndNewlines) {
  EXPECT_EQ(DotQuote("a\"b\\c\nd"), "\"a\\\"b\\\\c d\"");
}

}  // namespace
}  // namespace admon::report
