// Copyright 2026 The admon Authors.
#include "parsers/html_tree.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "parsers/text.h"

namespace admon::parsers::internal {
namespace {

// ---------------------------------------------------------------- input guard

bool LooksBinary(std::string_view s, double fraction) {
  static constexpr const char* kMagic[] = {"\x89PNG", "\xFF\xD8\xFF", "GIF8", "%PDF", "\x1F\x8B", "PK\x03\x04"};
  for (const char* m : kMagic) {
    if (s.substr(0, std::strlen(m)) == m) return true;
  }
  size_t n = std::min<size_t>(s.size(), 4096), bad = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')) ++bad;
  }
  return n > 0 && double(bad) / double(n) > fraction;
}

// Per Gumbo tag: void, or its end tag optional (closed implicitly by
// siblings, not nesting).
const std::array<bool, GUMBO_TAG_LAST + 1>& VoidOrOptionalEnd() {
  static const auto* table = [] {
    auto* t = new std::array<bool, GUMBO_TAG_LAST + 1>{};
    for (const char* name : {// void elements
                             "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                             "source", "track", "wbr", "keygen",
                             // end tag optional
                             "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
                             "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head", "body"}) {
      (*t)[gumbo_tag_enum(name)] = true;
    }
    (*t)[GUMBO_TAG_UNKNOWN] = false;
    return t;
  }();
  return *table;
}

// Offset of the '>' ending the start tag whose attributes begin at `from`,
// skipping quoted values; s.size() if none.
size_t StartTagEnd(std::string_view s, size_t from) {
  size_t gt = from;
  char quote = 0;
  while (gt < s.size() && (quote != 0 || s[gt] != '>')) {
    if (quote != 0 && s[gt] == quote) quote = 0;
    else if (quote == 0 && (s[gt] == '"' || s[gt] == '\'')) quote = s[gt];
    ++gt;
  }
  return gt;
}

// Does `s` start with `lower` (lower-case ASCII), in any case?
bool StartsWithLower(std::string_view s, std::string_view lower) {
  if (s.size() < lower.size()) return false;
  for (size_t k = 0; k < lower.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(s[k])) != lower[k]) return false;
  }
  return true;
}

struct Limited {
  size_t deep = 0;         // start tags blanked: deeper than max_depth
  size_t over_budget = 0;  // tags blanked: past max_elements (the rest of the page is text)
};

// Blanks start tags that would nest deeper than `max_depth` (per-tag-name
// open-minus-close counts: never below Gumbo's real depth for counted tags),
// and every tag once `max_elements` elements (start tags, and end tags that
// close nothing counted: a stray </p> is an element to Gumbo) are in.
Limited LimitDepth(std::string* html, int max_depth, size_t max_elements) {
  std::string& s = *html;
  // Open-minus-close counts: per Gumbo tag for known names (no string per
  // tag), by lower-case name for the rest.
  std::array<int, GUMBO_TAG_LAST + 1> open{};
  std::unordered_map<std::string, int> open_unknown;
  const auto& void_or_optional_end = VoidOrOptionalEnd();
  int depth = 0;
  Limited out;
  size_t& blanked = out.deep;
  size_t elements = 0, i = 0, n = s.size();
  auto blank = [&](size_t from, size_t to) {  // [from, to)
    std::fill(s.begin() + static_cast<std::ptrdiff_t>(from), s.begin() + static_cast<std::ptrdiff_t>(to), ' ');
  };
  struct Name {
    GumboTag tag;
    size_t begin, end;
  };
  auto name_at = [&](size_t p) {
    Name m{GUMBO_TAG_UNKNOWN, p, p};
    while (m.end < n && (std::isalnum(static_cast<unsigned char>(s[m.end])) || s[m.end] == '-' || s[m.end] == ':')) {
      ++m.end;
    }
    if (m.end > m.begin) m.tag = gumbo_tagn_enum(s.data() + m.begin, static_cast<unsigned>(m.end - m.begin));
    return m;
  };
  auto count = [&](const Name& m) -> int& {
    if (m.tag != GUMBO_TAG_UNKNOWN) return open[m.tag];
    return open_unknown[AsciiLower(std::string_view(s).substr(m.begin, m.end - m.begin))];
  };
  while (i < n) {
    size_t lt = s.find('<', i);
    if (lt == std::string::npos || lt + 1 >= n) break;
    char c = s[lt + 1];
    if (c == '!') {
      size_t end = s.compare(lt, 4, "<!--") == 0 ? s.find("-->", lt + 4) : s.find('>', lt);
      if (end == std::string::npos) break;
      i = end + 1;
      continue;
    }
    if (c == '/') {
      const Name m = name_at(lt + 2);
      int& opened = count(m);
      if (elements >= max_elements) {
        blank(lt, m.end);
        ++out.over_budget;
      } else if (opened > 0) {
        --opened;
        --depth;
      } else {
        ++elements;
      }
      i = m.end;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      i = lt + 1;
      continue;
    }
    const Name m = name_at(lt + 1);
    const size_t gt = StartTagEnd(s, m.end);
    if (gt >= n) break;
    if (elements >= max_elements) {
      blank(lt, gt + 1);
      ++out.over_budget;
      i = gt + 1;
      continue;
    }
    ++elements;
    // "<div/>" does not close a div in HTML: self-closing counts only inside svg/math.
    bool foreign = open[GUMBO_TAG_SVG] > 0 || open[GUMBO_TAG_MATH] > 0;
    bool self_closing = foreign && gt > lt && s[gt - 1] == '/';
    if (m.tag == GUMBO_TAG_SCRIPT || m.tag == GUMBO_TAG_STYLE || m.tag == GUMBO_TAG_TEXTAREA ||
        m.tag == GUMBO_TAG_TITLE || m.tag == GUMBO_TAG_XMP || m.tag == GUMBO_TAG_PLAINTEXT) {
      // Raw text: skip to the matching end tag (not counted). Unclosed: the
      // rest of the page is text to Gumbo too, so no deeper tree can follow.
      if (m.tag == GUMBO_TAG_PLAINTEXT) break;
      const std::string_view name = gumbo_normalized_tagname(m.tag);
      size_t p = gt + 1;
      size_t close = std::string::npos;
      while (p < n) {
        size_t q = s.find("</", p);
        if (q == std::string::npos) break;
        if (StartsWithLower(std::string_view(s).substr(q + 2), name)) {
          close = q;
          break;
        }
        p = q + 2;
      }
      if (close == std::string::npos) break;
      i = close;
      continue;
    }
    if (self_closing || void_or_optional_end[m.tag]) {
      i = gt + 1;
      continue;
    }
    if (depth >= max_depth) {
      blank(lt, gt + 1);
      ++blanked;
    } else {
      ++count(m);
      ++depth;
    }
    i = gt + 1;
  }
  return out;
}

// ----------------------------------------------------------- raw-text scan

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Characters a text core never contains: special in some tokenizer state that
// emits characters ("-->", "]]>", "<!--", "</", references), or NUL.
bool IsCoreBreak(char c) { return c == '<' || c == '&' || c == '-' || c == '>' || c == ']' || c == '\0'; }

// A text core's mark: the code point U+E000 + its number, one token to
// Gumbo. Every mark's UTF-8 starts with the byte 0xEE (U+E000..U+EFFF, private
// use), which a page must not contain for its text to be set aside.
constexpr char kMarkLead = '\xEE';
constexpr size_t kMaxMarks = 0x1000;

// Could a numeric character reference of the page give Gumbo a code point a
// mark uses ("&#57344;", "&#xE123")? Checked over the whole page, also where
// references are not read: then no marks.
bool RefersToMarkRange(std::string_view s) {
  for (size_t at = s.find("&#"); at != std::string_view::npos; at = s.find("&#", at + 2)) {
    size_t k = at + 2;
    const bool hex = k < s.size() && (s[k] == 'x' || s[k] == 'X');
    k += hex;
    uint64_t value = 0;
    for (; k < s.size() && value <= 0x10FFFF; ++k) {
      const char c = s[k];
      int digit = c >= '0' && c <= '9' ? c - '0' : -1;
      if (hex && digit < 0) digit = c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (digit < 0) break;
      value = value * (hex ? 16 : 10) + uint64_t(digit);
    }
    if (value >= 0xE000 && value <= 0xEFFF) return true;
  }
  return false;
}

void AppendMark(size_t index, std::string* out) {
  out->push_back(kMarkLead);
  out->push_back(static_cast<char>(0x80 | (index >> 6)));
  out->push_back(static_cast<char>(0x80 | (index & 0x3F)));
}

bool IsTagNameEnd(char c) { return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ' || c == '/' || c == '>'; }

// Offset of the first "</name" (any case) followed by a tag-name end, at or
// after `from`; npos if none. This is how the tokenizer ends RAWTEXT, RCDATA
// and script data (outside the escaped states).
size_t FindEndTag(std::string_view s, size_t from, std::string_view name) {
  while (from < s.size()) {
    size_t q = s.find("</", from);
    if (q == std::string_view::npos || q + 2 + name.size() >= s.size()) return std::string_view::npos;
    bool same = true;
    for (size_t k = 0; k < name.size() && same; ++k) {
      same = std::tolower(static_cast<unsigned char>(s[q + 2 + k])) == name[k];
    }
    if (same && IsTagNameEnd(s[q + 2 + name.size()])) return q;
    from = q + 2;
  }
  return std::string_view::npos;
}

// Gumbo's input stream (utf8.c) turns CR LF and CR into LF, and code points
// it deems invalid into U+FFFD: C0 controls other than TAB, LF, FF and CR;
// DEL and the C1 controls; U+FDD0..U+FDEF; U+xFFFE and U+xFFFF. The
// tokenizer turns NUL in script data and RAWTEXT into U+FFFD too. A
// set-aside body must read as Gumbo would have read it.
bool GumboInvalid(uint32_t cp) {
  return cp == 0 || (cp >= 0x1 && cp <= 0x8) || cp == 0xB || (cp >= 0xE && cp <= 0x1F) ||
         (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFF) == 0xFFFE ||
         (cp & 0xFFFF) == 0xFFFF;
}

// False when no byte of `s` can need preprocessing (plain ASCII text and the
// common two-byte letters): the body is then copied as is.
bool NeedsGumboPreprocessing(std::string_view s) {
  // No early exit and byte arithmetic only, so the compiler vectorises it.
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  uint8_t any = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const uint8_t c = p[i];
    any |= static_cast<uint8_t>((c < 0x20) & (c != '\t') & (c != '\n') & (c != '\f')) |
           static_cast<uint8_t>(c == 0x7F) | static_cast<uint8_t>(c == 0xC2) | static_cast<uint8_t>(c >= 0xEF);
  }
  return any != 0;
}

// Appends `s` as Gumbo reads it. REQUIRES: `s` is valid UTF-8 (RepairUtf8 ran on the page).
void GumboPreprocess(std::string_view s, std::string* out) {
  out->reserve(out->size() + s.size());
  for (size_t k = 0; k < s.size();) {
    const auto c = static_cast<unsigned char>(s[k]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c == '\r') {
      out->push_back('\n');
      k += k + 1 < s.size() && s[k + 1] == '\n' ? 2 : 1;
      continue;
    }
    uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (size_t b = 1; b < len && k + b < s.size(); ++b) cp = (cp << 6) | (static_cast<unsigned char>(s[k + b]) & 0x3F);
    if (GumboInvalid(cp)) {
      *out += "\xEF\xBF\xBD";
    } else {
      out->append(s, k, len);
    }
    k += len;
  }
}

enum class RawKind { kNone, kSetAsideable, kOther, kPlaintext };

RawKind KindOf(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE: return RawKind::kSetAsideable;
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES: return RawKind::kOther;
    case GUMBO_TAG_PLAINTEXT: return RawKind::kPlaintext;
    default: return RawKind::kNone;
  }
}

// Block reuse: a 34 KB page takes ~200 KB of arena. Fresh blocks cost zeroed
// pages from the kernel on every page; each thread keeps up to this many bytes
// of released blocks for its next parse.
constexpr size_t kArenaCacheBytes = 8u << 20;

struct ArenaBlock {
  std::unique_ptr<std::max_align_t[]> data;
  size_t bytes = 0;
};

std::vector<ArenaBlock>& ThreadBlockCache() {
  thread_local std::vector<ArenaBlock> cache;
  return cache;
}

}  // namespace

// Gumbo makes ~1,800 small allocations for a 3-4 KB advert page and frees
// them one by one walking the tree: malloc/free and that walk were ~10% of
// Parse. Pages up to kMaxArenaPageBytes are parsed into a bump arena dropped
// whole (Gumbo's frees are no-ops); larger (hostile) pages use malloc, so
// memory freed during their parse is reused. The arena holds at most a few
// times what malloc would for the same page (buffers grow by doubling).
constexpr size_t kMaxArenaPageBytes = 1u << 20;
constexpr size_t kArenaFirstBlockBytes = 64u << 10;
constexpr size_t kArenaMaxBlockBytes = 4u << 20;

class GumboArena {
 public:
  GumboArena() = default;
  GumboArena(const GumboArena&) = delete;
  GumboArena& operator=(const GumboArena&) = delete;
  ~GumboArena() {
    std::vector<ArenaBlock>& cache = ThreadBlockCache();
    size_t cached = 0;
    for (const ArenaBlock& b : cache) cached += b.bytes;
    for (ArenaBlock& b : blocks_) {
      if (cached + b.bytes > kArenaCacheBytes) break;
      cached += b.bytes;
      cache.push_back(std::move(b));
    }
  }

  static void* Allocate(void* self, size_t n) { return static_cast<GumboArena*>(self)->Take(n); }
  static void Deallocate(void* /*self*/, void* /*p*/) {}

 private:
  static constexpr size_t kAlign = alignof(std::max_align_t);

  void* Take(size_t n) {
    n = (n + kAlign - 1) & ~(kAlign - 1);
    if (n > left_) NewBlock(std::max(n, next_));
    void* p = cur_;
    cur_ += n;
    left_ -= n;
    return p;
  }

  void NewBlock(size_t bytes) {
    next_ = std::min(next_ * 2, kArenaMaxBlockBytes);
    std::vector<ArenaBlock>& cache = ThreadBlockCache();
    auto fit = std::find_if(cache.begin(), cache.end(), [&](const ArenaBlock& b) { return b.bytes >= bytes; });
    if (fit != cache.end()) {
      blocks_.push_back(std::move(*fit));
      cache.erase(fit);
    } else {
      size_t units = (bytes + kAlign - 1) / kAlign;
      blocks_.push_back({std::unique_ptr<std::max_align_t[]>(new std::max_align_t[units]), units * kAlign});
    }
    cur_ = reinterpret_cast<char*>(blocks_.back().data.get());
    left_ = blocks_.back().bytes;
  }

  std::vector<ArenaBlock> blocks_;
  char* cur_ = nullptr;
  size_t left_ = 0;
  size_t next_ = kArenaFirstBlockBytes;
};

void GumboDeleter::operator()(GumboOutput* o) const {
  if (!arena) gumbo_destroy_output(&kGumboDefaultOptions, o);
}

ParsedHtml::ParsedHtml() = default;
ParsedHtml::~ParsedHtml() = default;
ParsedHtml::ParsedHtml(ParsedHtml&&) noexcept = default;
ParsedHtml& ParsedHtml::operator=(ParsedHtml&&) noexcept = default;

std::string SetAside(std::string_view s, size_t min_body_bytes, size_t min_text_bytes, int min_region_elements,
                     SetAsides* asides) {
  std::string out;
  out.reserve(s.size());
  size_t copied = 0, i = 0;
  const size_t n = s.size();
  std::optional<RegionScanner> regions;
  if (min_region_elements > 0) regions.emplace(min_region_elements);
  auto saved = [&] {
    return RegionScanner::Saved{.out = out.size(), .copied = copied, .text = asides->text.size(),
                                .raw = asides->raw.size()};
  };
  // Undoes what was set aside inside the region's content and marks it.
  auto set_aside_region = [&](const RegionScanner::Region& r) {
    if (r.saved.text >= kMaxMarks) return;
    out.resize(r.saved.out);
    copied = r.saved.copied;
    asides->text.resize(r.saved.text);
    asides->raw.resize(r.saved.raw);
    out.append(s, copied, r.content - copied);
    const size_t tag_offset = out.size() - (r.content - r.tag_offset);
    AppendMark(asides->text.size(), &out);
    asides->text.push_back({.offset = r.content, .size = r.content_end - r.content, .region = true, .tag = r.tag,
                            .tag_offset = tag_offset, .end_offset = out.size(), .needs = r.needs});
    copied = r.content_end;
  };
  // Start of text the tokenizer reads in the data state (after a tag, a
  // comment or a '<' that starts none); npos inside raw text and before the
  // first tag (a byte-order mark there is not text).
  size_t text_from = std::string_view::npos;
  auto set_aside_text = [&](size_t from, size_t to) {
    size_t k = from;
    while (k < to) {
      const char c = s[k];
      if (c == '&') {  // a character reference's name stays: its end depends on what follows
        ++k;
        while (k < to && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '#' || s[k] == ';')) ++k;
        continue;
      }
      if (IsCoreBreak(c) || IsHtmlSpace(c)) {
        ++k;
        continue;
      }
      size_t end = k;
      while (end < to && !IsCoreBreak(s[end])) ++end;
      size_t last = end;
      while (last > k && IsHtmlSpace(s[last - 1])) --last;
      if (last - k >= min_text_bytes && asides->text.size() < kMaxMarks) {
        out.append(s, copied, k - copied);
        AppendMark(asides->text.size(), &out);
        asides->text.emplace_back().offset = k;
        asides->text.back().size = last - k;
        copied = last;
      }
      k = end;
    }
  };
  while (i < n) {
    const size_t lt = s.find('<', i);
    if (text_from != std::string_view::npos) {
      if (regions) regions->Text(s, text_from, lt == std::string_view::npos ? n : lt);
      if (min_text_bytes > 0) set_aside_text(text_from, lt == std::string_view::npos ? n : lt);
    }
    text_from = std::string_view::npos;
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    char c = s[lt + 1];
    if (regions && c != '/' && !std::isalpha(static_cast<unsigned char>(c))) regions->Spoil();
    if (c == '!' || c == '?') {  // comment, doctype, CDATA, bogus comment
      size_t end = s.compare(lt, 4, "<!--") == 0 ? s.find("-->", lt + 4) : s.find('>', lt);
      if (end == std::string_view::npos) break;
      i = end + 1;
      text_from = i;
      continue;
    }
    if (c == '/') {  // an end tag (attributes and all), or a bogus comment up to '>'
      if (lt + 2 >= n) break;
      size_t e = lt + 2;
      if (std::isalpha(static_cast<unsigned char>(s[e]))) {
        while (e < n && !IsTagNameEnd(s[e])) ++e;
        e = StartTagEnd(s, e);
      } else {
        e = s.find('>', e);
      }
      if (e == std::string_view::npos || e >= n) break;
      if (regions) {
        if (std::optional<RegionScanner::Region> r = regions->EndTag(s, lt)) set_aside_region(*r);
      }
      i = e + 1;
      text_from = i;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(c))) {  // a '<' that is text: the data state goes on
      i = lt + 1;
      text_from = i;
      continue;
    }
    size_t e = lt + 1;
    while (e < n && !IsTagNameEnd(s[e])) ++e;
    const GumboTag tag = gumbo_tagn_enum(s.data() + lt + 1, static_cast<unsigned>(e - lt - 1));
    const size_t gt = StartTagEnd(s, e);  // a misread is caught by Restore
    if (gt >= n) break;
    const RawKind kind = KindOf(tag);
    if (kind == RawKind::kPlaintext) break;
    if (kind == RawKind::kNone) {
      if (regions) regions->StartTag(s, lt, saved());
      i = gt + 1;
      text_from = i;
      continue;
    }
    if (regions) regions->Spoil();
    const size_t body = gt + 1;
    const std::string_view name = gumbo_normalized_tagname(tag);
    const size_t close = FindEndTag(s, body, name);
    if (close == std::string_view::npos) break;  // the rest of the page is this element's text
    const size_t size = close - body;
    const bool escapes = tag == GUMBO_TAG_SCRIPT && s.substr(body, size).find("<!--") != std::string_view::npos;
    if (kind == RawKind::kSetAsideable && min_body_bytes > 0 && size >= min_body_bytes && !escapes) {
      out.append(s, copied, lt - copied);
      const size_t tag_offset = out.size();
      out.append(s, lt, body - lt);
      out.push_back('x');
      asides->raw.push_back({.tag_offset = tag_offset, .end_offset = out.size(), .body_offset = body, .body_size = size});
      copied = close;
    }
    i = close;
  }
  out.append(s, copied, std::string_view::npos);
  return out;
}

void AppendAsGumboReads(std::string_view raw, std::string* out) {
  if (NeedsGumboPreprocessing(raw)) {
    GumboPreprocess(raw, out);
  } else {
    out->append(raw);
  }
}

const char* TreeCopy(std::string_view text, const GumboOptions& options) {
  auto* copy = static_cast<char*>(options.allocator(options.userdata, text.size() + 1));
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

namespace {

// Builds a region's tree in place of its mark, `node`: the only child of the
// element Gumbo made of the start tag the scan saw, in a context that leaves
// the region's tree alone (html_region.h); false if not.
bool RestoreRegion(GumboNode* node, std::string_view original, const TextAside& region,
                   const GumboOptions& options) {
  GumboNode* element = node->parent;
  const bool placed = node->type == GUMBO_NODE_TEXT && std::strlen(node->v.text.text) == 3 && element != nullptr &&
                      element->type == GUMBO_NODE_ELEMENT && element->v.element.tag == region.tag &&
                      element->v.element.tag_namespace == GUMBO_NAMESPACE_HTML &&
                      element->v.element.start_pos.offset == region.tag_offset &&
                      element->v.element.end_pos.offset == region.end_offset &&
                      element->v.element.children.length == 1;
  return placed && RegionContextOk(element, region.needs) &&
         BuildRegion(element, original.substr(region.offset, region.size), options);
}

// Replaces each mark in the text of `node` by its core, or `node` by its
// region's tree; false on a mark that is malformed, unknown, seen before, or
// a region's out of place.
bool RestoreMarks(GumboNode* node, std::string_view original, const std::vector<TextAside>& cores,
                  std::vector<bool>* seen, size_t* found, const GumboOptions& options) {
  const std::string_view t = node->v.text.text;
  size_t mark = t.find(kMarkLead);
  if (mark == std::string_view::npos) return true;
  std::string rebuilt;
  size_t from = 0;
  while (mark != std::string_view::npos) {
    if (mark + 3 > t.size()) return false;
    const size_t index = (size_t(t[mark + 1] & 0x3F) << 6) | size_t(t[mark + 2] & 0x3F);
    if (index >= cores.size() || (*seen)[index]) return false;
    (*seen)[index] = true;
    ++*found;
    if (cores[index].region) return RestoreRegion(node, original, cores[index], options);  // frees `node`
    rebuilt.append(t, from, mark - from);
    AppendAsGumboReads(original.substr(cores[index].offset, cores[index].size), &rebuilt);
    from = mark + 3;
    mark = t.find(kMarkLead, from);
  }
  rebuilt.append(t, from, std::string_view::npos);
  const char* old = node->v.text.text;
  node->v.text.text = TreeCopy(rebuilt, options);
  options.deallocator(options.userdata, const_cast<char*>(old));
  return true;
}

}  // namespace

bool Restore(GumboNode* document, std::string_view original, const SetAsides& asides, const GumboOptions& options) {
  size_t restored = 0, found = 0;
  std::vector<bool> seen(asides.text.size());
  std::vector<GumboNode*> stack = {document};
  while (!stack.empty()) {
    GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
      if (!asides.text.empty() && !RestoreMarks(node, original, asides.text, &seen, &found, options)) return false;
      continue;
    }
    if (node->type != GUMBO_NODE_DOCUMENT && node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) {
      continue;
    }
    GumboVector& kids = node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
    if (node->type == GUMBO_NODE_ELEMENT && !asides.raw.empty()) {
      const GumboElement& e = node->v.element;
      if ((e.tag == GUMBO_TAG_SCRIPT || e.tag == GUMBO_TAG_STYLE) && e.tag_namespace == GUMBO_NAMESPACE_HTML) {
        auto it = std::lower_bound(asides.raw.begin(), asides.raw.end(), e.start_pos.offset,
                                   [](const RawTextAside& a, size_t offset) { return a.tag_offset < offset; });
        if (it != asides.raw.end() && it->tag_offset == e.start_pos.offset) {
          if (kids.length != 1 || e.end_pos.offset != it->end_offset) return false;
          GumboNode* text = static_cast<GumboNode*>(kids.data[0]);
          if (text->type != GUMBO_NODE_TEXT || std::strcmp(text->v.text.text, "x") != 0) return false;
          std::string normal;
          std::string_view body = original.substr(it->body_offset, it->body_size);
          if (NeedsGumboPreprocessing(body)) {
            GumboPreprocess(body, &normal);
            body = normal;
          }
          const char* old = text->v.text.text;
          text->v.text.text = TreeCopy(body, options);
          options.deallocator(options.userdata, const_cast<char*>(old));
          const bool blank = std::string_view(text->v.text.text).find_first_not_of(" \t\n\f") == std::string_view::npos;
          text->type = blank ? GUMBO_NODE_WHITESPACE : GUMBO_NODE_TEXT;
          ++restored;
          continue;  // its only child is the body just put back: no marks in it
        }
      }
    }
    for (unsigned k = 0; k < kids.length; ++k) stack.push_back(static_cast<GumboNode*>(kids.data[k]));
  }
  return restored == asides.raw.size() && found == asides.text.size();
}

ParsedHtml ParseHtml(std::string_view raw, const PageParserOptions& o) {
  ParsedHtml p;
  if (raw.size() > o.max_page_bytes) {
    p.diagnostics.push_back("page: " + std::to_string(raw.size()) + " bytes > max_page_bytes " +
                            std::to_string(o.max_page_bytes) + "; truncated");
    raw = raw.substr(0, o.max_page_bytes);
  }
  if (LooksBinary(raw, o.binary_control_fraction)) {
    p.diagnostics.push_back("page: binary content served as HTML (" + std::to_string(raw.size()) +
                            " bytes); not parsed");
    return p;
  }
  std::string whole;
  size_t replaced = RepairUtf8(raw, &whole);
  if (replaced > 0) {
    p.diagnostics.push_back("page: " + std::to_string(replaced) + " invalid UTF-8 byte(s) replaced with U+FFFD");
  }
  Limited limited = LimitDepth(&whole, o.max_tree_depth, o.max_elements);
  if (limited.deep > 0) {
    p.diagnostics.push_back("page: " + std::to_string(limited.deep) +
                            " start tag(s) nested deeper than max_tree_depth " + std::to_string(o.max_tree_depth) +
                            " ignored");
  }
  if (limited.over_budget > 0) {
    p.diagnostics.push_back("page: " + std::to_string(limited.over_budget) + " tag(s) past max_elements " +
                            std::to_string(o.max_elements) + " read as text");
  }
  SetAsides asides;
  const bool marks = (o.set_aside_text_bytes > 0 || o.set_aside_region_elements > 0) &&
                     whole.find(kMarkLead) == std::string::npos && !RefersToMarkRange(whole);
  const size_t text_bytes = marks ? o.set_aside_text_bytes : 0;
  // Regions only in the arena: a region's tree is built piece by piece, and a
  // build that fails half way leaves pieces no tree owns.
  const int region_elements = marks && whole.size() <= kMaxArenaPageBytes ? o.set_aside_region_elements : 0;
  if (o.set_aside_raw_text_bytes > 0 || text_bytes > 0 || region_elements > 0) {
    p.html = SetAside(whole, o.set_aside_raw_text_bytes, text_bytes, region_elements, &asides);
  }
  if (asides.empty()) p.html = std::move(whole);
  auto parse = [&p](const std::string& html) {
    GumboOptions go = kGumboDefaultOptions;
    go.max_errors = static_cast<int>(kMaxParseErrors);
    p.tree.reset();
    p.arena.reset();
    if (html.size() <= kMaxArenaPageBytes) {
      p.arena = std::make_unique<GumboArena>();
      go.allocator = &GumboArena::Allocate;
      go.deallocator = &GumboArena::Deallocate;
      go.userdata = p.arena.get();
    }
    p.tree = GumboPtr(gumbo_parse_with_options(&go, html.data(), html.size()), GumboDeleter{p.arena != nullptr});
    return go;
  };
  GumboOptions used = parse(p.html);
  if (asides.empty()) return p;
  if (Restore(p.tree->document, whole, asides, used)) {
    p.set_aside = asides.raw.size();
    p.regions = static_cast<size_t>(
        std::count_if(asides.text.begin(), asides.text.end(), [](const TextAside& a) { return a.region; }));
    p.set_aside_text = asides.text.size() - p.regions;
    return p;
  }
  p.html = std::move(whole);
  p.reparsed = true;
  parse(p.html);
  return p;
}

}  // namespace admon::parsers::internal
