// Copyright 2026 The admon Authors.
//
// Internal to parsers/: page bytes -> a Gumbo tree, within the limits of
// PageParserOptions (see parsers/page.h for what each limit does). Use
// parsers/page.h instead.
//
// Speed. Real advert pages are 20-60 KB, and most of those bytes are the
// site's inline scripts and stylesheets. Gumbo tokenises their bodies one code
// point at a time (a third of all processing CPU on 34 KB pages), although
// nothing reads a stylesheet and only JSON scripts are read, whole. So before
// Gumbo, the body of every <script> and <style> of at least
// PageParserOptions::set_aside_raw_text_bytes is set aside: Gumbo parses the
// page with a one-byte placeholder in its place, and the body is then put back
// into the tree as the element's text node, with the input-stream
// normalisation Gumbo would have applied (CR LF and CR to LF, NUL to U+FFFD).
// The tree is the same as parsing the whole page (tested on adverse pages);
// only source positions after a set-aside body differ, and nothing reads them.
//
// Why that is safe: a body is set aside only if the page scan sees it as raw
// text that ends at the first "</script" or "</style" followed by a tag-name
// end, and a script body never contains "<!--" (which can start the script
// data escaped states). After the parse, every placeholder must be the only
// child of an HTML-namespace <script>/<style> element whose start tag is where
// the scan saw it, ending at the end tag the scan saw (a body of "x" in a
// start tag the scan misread would otherwise pass for the placeholder); if
// any is not (a scan that misread the page: a <script> in a comment, in svg,
// in a <textarea>, an attribute quirk), the page is parsed again whole.
// Either way the tree is Gumbo's reading of the page.
//
// Text runs. What Gumbo then spends most on is text: every character is a
// token through the tree builder. So the text between tags is set aside too:
// each "core" of at least PageParserOptions::set_aside_text_bytes (a stretch
// of text after a tag, without leading or trailing whitespace and without any
// of < & - > ] NUL, or a character reference's name) becomes a mark, the
// code point U+E000 + the core's number (one token to Gumbo, at most 4,096 per
// page), and after the parse each mark in a text node is replaced by its
// core. Why that is safe: in every tokenizer state that emits
// characters (data, RCDATA, RAWTEXT, script data and its escaped states,
// PLAINTEXT, CDATA) none of the core's characters nor the mark's is special,
// so both are emitted as characters, the tokenizer ends in the same state, and
// the tree builder treats both alike (the first character is not whitespace in
// either; the leading whitespace stays in place). In any other state (a tag,
// an attribute, a comment the scan misread) the mark does not reach a text
// node; so unless every mark is found exactly once in the tree's text, the
// page is parsed again whole. Pages that contain a code point of
// U+E000..U+EFFF themselves, or a numeric reference to one, are not given
// marks.
//
// Regions. The contents of elements written in a well-formed subset of HTML
// get a mark too, and admon builds their trees itself: see html_region.h.
//
// Thread safety: pure functions; a ParsedHtml is owned by one thread.
#ifndef ADMON_PARSERS_HTML_TREE_H_
#define ADMON_PARSERS_HTML_TREE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gumbo.h"
#include "parsers/html_region.h"
#include "parsers/page.h"

namespace admon::parsers::internal {

class GumboArena;

struct GumboDeleter {
  bool arena = false;  // memory owned by a GumboArena: nothing to free one by one
  void operator()(GumboOutput* o) const;
};
using GumboPtr = std::unique_ptr<GumboOutput, GumboDeleter>;

// The guarded, parsed page. `tree` is null for binary input.
struct ParsedHtml {
  ParsedHtml();
  ~ParsedHtml();
  ParsedHtml(ParsedHtml&&) noexcept;
  ParsedHtml& operator=(ParsedHtml&&) noexcept;

  std::string html;                   // owns the bytes Gumbo points into (placeholders in place of set-aside bodies)
  std::unique_ptr<GumboArena> arena;  // owns the tree when set; declared before `tree` so it outlives it
  GumboPtr tree;
  std::vector<std::string> diagnostics;  // page-level anomalies (limits hit, repairs)
  size_t set_aside = 0;                  // raw-text bodies Gumbo did not tokenise
  size_t set_aside_text = 0;             // text cores Gumbo did not tokenise
  size_t regions = 0;                    // element contents built by BuildRegion
  bool reparsed = false;                 // the set-aside check failed and the page was parsed whole
};

// Parse errors Gumbo records per page, for memory's sake (a parser error
// copies the stack of open elements: at most ~20 MB at this bound). Past this
// many, Gumbo 0.10.1 no longer resets its name buffer after a duplicate
// attribute without a value, so `<div hidden hidden id=x>` gets an attribute
// "hiddenid" and no id: with the old bound of 100, real pages lost
// attributes. Only there does the tree depend on errors, so the set-aside's
// promise of Gumbo's own tree holds for pages with fewer errors than this.
inline constexpr size_t kMaxParseErrors = 10'000;

// Applies the limits of `o` (truncation, binary check, UTF-8 repair, depth
// and element budgets), then parses with Gumbo, setting large raw-text bodies
// aside as described above.
ParsedHtml ParseHtml(std::string_view raw, const PageParserOptions& o);

// One raw-text body set aside: where its element's start tag is in the
// reduced page, and where the body is in the page given to SetAside.
struct RawTextAside {
  size_t tag_offset = 0;   // bytes into the reduced page, of the start tag's '<'
  size_t end_offset = 0;   // bytes into the reduced page, of the end tag's '<' (after the placeholder)
  size_t body_offset = 0;  // bytes into the original page
  size_t body_size = 0;    // bytes
};

// One text core or region set aside (its mark's number is its index in
// SetAsides::text).
struct TextAside {
  size_t offset = 0;  // bytes into the original page
  size_t size = 0;    // bytes
  // A region (html_region.h): the content of the element `tag` whose start
  // tag is at `tag_offset` bytes into the reduced page and its end tag at
  // `end_offset` (just after the mark).
  bool region = false;
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  size_t tag_offset = 0;
  size_t end_offset = 0;
  RegionNeeds needs;
};

struct SetAsides {
  std::vector<RawTextAside> raw;  // page order
  std::vector<TextAside> text;    // page order
  bool empty() const { return raw.empty() && text.empty(); }
};

// Returns `html` with the body of each <script> and <style> of at least
// `min_body_bytes` replaced by the placeholder "x", each text core of at
// least `min_text_bytes` by its mark, and each region of at least
// `min_region_elements` elements (the outermost) by its mark, and appends one
// entry per replacement to `asides`. A minimum of 0 turns that kind off.
// REQUIRES: `html` contains no code point of U+E000..U+EFFF if
// min_text_bytes or min_region_elements > 0.
std::string SetAside(std::string_view html, size_t min_body_bytes, size_t min_text_bytes, int min_region_elements,
                     SetAsides* asides);

// Puts the bodies and cores of `asides` (slices of `original`) back into the
// tree parsed from SetAside's result, allocating with `options`' allocator.
// False if some placeholder is not where the scan saw it, or some mark is not
// found exactly once in a text node (parse again whole).
bool Restore(GumboNode* document, std::string_view original, const SetAsides& asides, const GumboOptions& options);

// Appends `raw` as Gumbo's input stream reads it: CR LF and CR as LF, code
// points Gumbo deems invalid (and NUL) as U+FFFD. REQUIRES: valid UTF-8.
void AppendAsGumboReads(std::string_view raw, std::string* out);

// A NUL-terminated copy of `text` in `options`' allocator.
const char* TreeCopy(std::string_view text, const GumboOptions& options);

}  // namespace admon::parsers::internal

#endif  // ADMON_PARSERS_HTML_TREE_H_
