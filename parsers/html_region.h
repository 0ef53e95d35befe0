// Copyright 2026 The admon Authors.
//
// Internal to parsers/ (used by html_tree.cc): regions, the contents of
// elements that admon builds into the Gumbo tree itself.
//
// Why. With scripts, styles and text set aside (html_tree.h), Gumbo was
// still half of PageParser::Parse on 34 KB pages (2.9 M of 5.4 M instructions
// a page): its tree builder's work per tag, for menus, link lists and
// footers that are the same well-formed markup on every page of a site. With
// regions, Gumbo parses a skeleton (0.8 KB a page) and Parse takes 3.3 M
// instructions (parse_bench --export). A region is an element's
// content, from its start tag's '>' to its matching end tag, written in a
// subset of HTML whose tree does not depend on what surrounds it: the page
// scan replaces it by one mark (as it does a text core), Gumbo parses the
// element with that mark as its only content, and BuildRegion then puts the
// content's tree in the mark's place.
//
// The subset (checked by RegionScanner as the page is scanned): text without
// NUL, whose '&' starts a reference ended by ';' or stands alone before
// whitespace, '<' or '&'; and elements of a fixed list, each closed by its
// own end tag, properly nested, with attributes that read the same in every
// tokenizer path (quoted or plain values, no duplicates), no comments:
//   ordinary    span time abbr cite sub sup mark label q dfn kbd samp var data
//               bdi bdo: the tree builder inserts them, nothing more;
//   formatting  a b i em strong small u s code: also on the list of active
//               formatting elements; never nested in themselves;
//   block       div ul ol nav section article aside header footer main p
//               blockquote figure figcaption address center h1-h6: close an
//               open p first, so never inside a p of the region, and a
//               heading never directly inside a heading;
//   li          only as a child of ul or ol (the li start walks up the stack
//               and must stop inside the region);
//   void        img br wbr hr (hr closes a p, like a block).
// In that subset, with every element closed by its own end tag, the tree
// builder's "in body" rules insert each element into its parent and pop it
// at its end tag, and each run of characters becomes one text node. What
// they consult beyond the region is checked on Gumbo's tree of the page
// (RegionContextOk): a p open in button scope above the element (if the
// region closes p's), the same formatting element among its ancestors (the
// active formatting list), and table, select, template or foreign content
// around it. The mark itself proves the rest: a non-whitespace character
// that Gumbo inserted as the element's only child means no active
// formatting element waited to be reconstructed there and the element is in
// a body-like insertion mode. A region must hold non-whitespace text or a
// void element, li or hr (as the mark, they clear the frameset-ok flag).
//
// Tests: html_region_test.cc compares trees with and without regions on
// adverse and random pages; the page fuzzer compares adverts.
//
// Thread safety: RegionScanner is one page's state; BuildRegion and
// RegionContextOk are safe from any thread (character references are
// decoded by asking Gumbo once per thread and reference).
#ifndef ADMON_PARSERS_HTML_REGION_H_
#define ADMON_PARSERS_HTML_REGION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "gumbo.h"

namespace admon::parsers::internal {

// What a region's content asks of its element's ancestors (RegionContextOk).
struct RegionNeeds {
  bool closes_p = false;    // a block, heading, li or hr start tag
  uint16_t formatting = 0;  // a bit per formatting tag started inside
};

// Follows a page's tags in order (as SetAside scans it) and reports each
// element whose content is a region. Spans are offsets into the scanned page.
class RegionScanner {
 public:
  // Opaque to the scanner: the caller's state where a content begins, handed
  // back with the region so the caller can undo what it did inside.
  struct Saved {
    size_t out = 0, copied = 0, text = 0, raw = 0;
  };
  struct Region {
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    size_t tag_offset = 0;   // the start tag's '<'
    size_t content = 0;      // just after the start tag's '>'
    size_t content_end = 0;  // the end tag's '<'
    RegionNeeds needs;
    Saved saved;
  };

  // A region holds at least `min_elements` elements (fewer: Gumbo's work
  // saved is less than the mark's and the build's).
  explicit RegionScanner(int min_elements) : min_elements_(min_elements) {}

  // Text s[from, to) between tags.
  void Text(std::string_view s, size_t from, size_t to);
  // Something outside the subset (a comment, raw text, another tag, a '<'
  // that starts no tag): no element open now can be a region.
  void Spoil() { spoiled_ = seq_; }
  // A start tag at s[lt] ('<' and a letter); `saved` is the caller's state
  // after it (which is where it stood at the tag's '<').
  void StartTag(std::string_view s, size_t lt, const Saved& saved);
  // An end tag at s[lt] ("</"); the region it closes, if any.
  std::optional<Region> EndTag(std::string_view s, size_t lt);

 private:
  struct Frame {
    GumboTag tag;
    size_t lt, content;
    uint64_t seq;  // spoiled when <= spoiled_
    RegionNeeds needs;
    int elements = 0;
    bool clears_frameset = false;
    Saved saved;
  };
  int min_elements_;
  std::vector<Frame> stack_;
  uint64_t seq_ = 0, spoiled_ = 0;
};

// Does Gumbo's tree around `element`, whose content was the region, leave
// the region's tree as BuildRegion makes it? See the header comment.
bool RegionContextOk(const GumboNode* element, const RegionNeeds& needs);

// Builds the tree of `content` (a region RegionScanner accepted, as it
// stands in the page) as the children of `element`, replacing its children,
// with `options`' allocator. False if `content` is not in the subset after
// all (then parse the page whole).
bool BuildRegion(GumboNode* element, std::string_view content, const GumboOptions& options);

}  // namespace admon::parsers::internal

#endif  // ADMON_PARSERS_HTML_REGION_H_
