// Copyright 2026 The admon Authors.
//
// Visible text and hidden identifier sources of a Gumbo tree.
//
// Every walk here is iterative (an explicit stack), never recursive: page
// trees are untrusted and may be arbitrarily deep.
//
// Visible text skips script, style, noscript, template, head, iframe, object,
// svg, <input type=hidden>, and elements that are hidden by the `hidden`
// attribute or an inline style with display:none / visibility:hidden.
// aria-hidden content is KEPT: it is visible to sighted readers and adverts
// use it to split numbers.
//
// Hidden sources (collected by HiddenSources) are alt/title/aria-label and
// data-* attributes (Source::kAttribute), <a href> (Source::kLink: the
// identifier extractor decides which schemes carry identifiers), and JSON in
// <script type=application/ld+json|application/json> or app-state scripts
// (window.__INITIAL_STATE__ = {...}, __NEXT_DATA__, ...; Source::kScript),
// parsed with nlohmann::json without exceptions, string values walked.
//
// Thread safety: pure functions over an immutable tree.
#ifndef ADMON_PARSERS_TEXT_H_
#define ADMON_PARSERS_TEXT_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gumbo.h"
#include "parsers/advert.h"

namespace admon::parsers {

// Attribute values longer than this are ignored (64 KiB: no legitimate
// alt/title/data value is that long; base64 blobs are not evidence).
inline constexpr size_t kMaxAttributeBytes = 64u << 10;
// Scripts longer than this are not JSON-parsed (1 MiB bounds parse time).
inline constexpr size_t kMaxScriptBytes = 1u << 20;
// Text collected from one script's JSON string values (256 KiB).
inline constexpr size_t kMaxScriptTextBytes = 256u << 10;

// Returns true to skip `element`'s whole subtree (in addition to hidden ones).
using ExcludeFn = std::function<bool(const GumboNode* element)>;

// `s` with ASCII letters lower-cased (HTML names, schemes, units).
std::string AsciiLower(std::string_view s);

// The value of attribute `name` or nullptr (absent, or longer than kMaxAttributeBytes).
const char* AttrValue(const GumboNode* node, const char* name);
// Lower-case tag name ("div", or the original name of an unknown tag).
std::string TagName(const GumboNode* node);
// True for elements whose text is never visible (see the file comment).
bool IsHiddenElement(const GumboNode* node);
// True for block-level elements (text is split into blocks at them).
bool IsBlockTag(GumboTag tag);

// A run of visible text owned by one block element (the innermost block
// ancestor of the text). Whitespace collapsed; never empty.
struct TextBlock {
  const GumboNode* element = nullptr;
  std::string text;
};

// Visible text blocks of `root`'s subtree in document order.
std::vector<TextBlock> TextBlocks(const GumboNode* root, const ExcludeFn& exclude = {});
// Blocks joined with '\n'.
std::string VisibleText(const GumboNode* root, const ExcludeFn& exclude = {});

struct HiddenText {
  Source source = Source::kAttribute;
  std::string name;   // attribute name ("alt", "data-phone", "href") or "script"
  std::string value;  // for kScript: the JSON string values joined with '\n'
};

// Attribute and link sources under `root`; scripts only if `scripts` is true.
// Script problems (unparseable JSON, oversize) append to `diagnostics`.
std::vector<HiddenText> HiddenSources(const GumboNode* root, const ExcludeFn& exclude, bool attributes,
                                      bool scripts, std::vector<std::string>* diagnostics);

// String values (and integers of >= 7 digits) of a JSON document, '\n'-joined,
// at most kMaxScriptTextBytes. Iterative walk. False if `json` does not parse.
bool JsonStrings(std::string_view json, std::string* out);

// Replaces invalid UTF-8 sequences with U+FFFD; returns the number replaced.
size_t RepairUtf8(std::string_view in, std::string* out);

// The longest prefix of `s` of at most `max_bytes` that does not end inside a
// UTF-8 sequence (cutting one would make the record invalid UTF-8, which JSON
// output refuses).
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

// Collapses runs of ASCII whitespace and NBSP to one space; trims.
std::string CollapseSpaces(std::string_view s);

}  // namespace admon::parsers

#endif  // ADMON_PARSERS_TEXT_H_
