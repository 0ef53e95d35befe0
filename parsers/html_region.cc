// Copyright 2026 The admon Authors.
#include "parsers/html_region.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>

#include "parsers/html_tree.h"

namespace admon::parsers::internal {
namespace {

// ------------------------------------------------------------ the subset

enum class Kind : uint8_t { kNone, kOrdinary, kFormatting, kBlock, kHeading, kLi, kVoid, kHr };

struct TagInfo {
  Kind kind = Kind::kNone;
  int8_t formatting_bit = -1;
};

const std::array<TagInfo, GUMBO_TAG_LAST + 1>& Tags() {
  static const auto* table = [] {
    auto* t = new std::array<TagInfo, GUMBO_TAG_LAST + 1>{};
    for (GumboTag g : {GUMBO_TAG_SPAN, GUMBO_TAG_TIME, GUMBO_TAG_ABBR, GUMBO_TAG_CITE, GUMBO_TAG_SUB, GUMBO_TAG_SUP,
                       GUMBO_TAG_MARK, GUMBO_TAG_LABEL, GUMBO_TAG_Q, GUMBO_TAG_DFN, GUMBO_TAG_KBD, GUMBO_TAG_SAMP,
                       GUMBO_TAG_VAR, GUMBO_TAG_DATA, GUMBO_TAG_BDI, GUMBO_TAG_BDO}) {
      (*t)[g].kind = Kind::kOrdinary;
    }
    int8_t bit = 0;
    for (GumboTag g : {GUMBO_TAG_A, GUMBO_TAG_B, GUMBO_TAG_I, GUMBO_TAG_EM, GUMBO_TAG_STRONG, GUMBO_TAG_SMALL,
                       GUMBO_TAG_U, GUMBO_TAG_S, GUMBO_TAG_CODE}) {
      (*t)[g] = {Kind::kFormatting, bit++};
    }
    for (GumboTag g : {GUMBO_TAG_DIV, GUMBO_TAG_UL, GUMBO_TAG_OL, GUMBO_TAG_NAV, GUMBO_TAG_SECTION, GUMBO_TAG_ARTICLE,
                       GUMBO_TAG_ASIDE, GUMBO_TAG_HEADER, GUMBO_TAG_FOOTER, GUMBO_TAG_MAIN, GUMBO_TAG_P,
                       GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_FIGURE, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_ADDRESS,
                       GUMBO_TAG_CENTER}) {
      (*t)[g].kind = Kind::kBlock;
    }
    for (GumboTag g : {GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6}) {
      (*t)[g].kind = Kind::kHeading;
    }
    (*t)[GUMBO_TAG_LI].kind = Kind::kLi;
    for (GumboTag g : {GUMBO_TAG_IMG, GUMBO_TAG_BR, GUMBO_TAG_WBR}) (*t)[g].kind = Kind::kVoid;
    (*t)[GUMBO_TAG_HR].kind = Kind::kHr;
    return t;
  }();
  return *table;
}

bool IsVoid(Kind k) { return k == Kind::kVoid || k == Kind::kHr; }
bool ClosesP(Kind k) { return k == Kind::kBlock || k == Kind::kHeading || k == Kind::kLi || k == Kind::kHr; }

bool IsTagSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || (c >= '0' && c <= '9'); }
bool IsAttrNameStart(char c) { return IsAlpha(c) || c == '_' || c == ':'; }
bool IsAttrNameChar(char c) { return IsAlnum(c) || c == '_' || c == ':' || c == '.' || c == '-'; }

struct StrictAttr {
  std::string_view name;   // as written
  std::string_view value;  // as written, without quotes
  char quote = 0;          // '"', '\'' or 0 (unquoted)
  bool has_value = false;
};

struct StrictTag {
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  bool end = false;
  bool self_closing = false;
  size_t next = 0;  // just after the '>'
  std::vector<StrictAttr> attrs;
};

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(a[k])) != std::tolower(static_cast<unsigned char>(b[k]))) return false;
  }
  return true;
}

// Reads the tag at s[lt] ('<') if it is in the subset's syntax: a known tag
// name, then attributes each read the same in every tokenizer path (a name
// of plain characters, then nothing, or '=' and a quoted value or a plain
// unquoted one), no duplicate names; an end tag has no attributes.
bool ReadStrictTag(std::string_view s, size_t lt, StrictTag* t) {
  const size_t n = s.size();
  size_t k = lt + 1;
  t->end = k < n && s[k] == '/';
  t->self_closing = false;
  t->attrs.clear();
  k += t->end;
  const size_t name = k;
  if (k >= n || !IsAlpha(s[k])) return false;
  while (k < n && IsAlnum(s[k])) ++k;
  if (k >= n || !(IsTagSpace(s[k]) || s[k] == '/' || s[k] == '>')) return false;
  t->tag = gumbo_tagn_enum(s.data() + name, static_cast<unsigned>(k - name));
  if (t->tag == GUMBO_TAG_UNKNOWN) return false;
  if (t->end) {
    while (k < n && IsTagSpace(s[k])) ++k;
    if (k >= n || s[k] != '>') return false;
    t->next = k + 1;
    return true;
  }
  while (true) {
    while (k < n && IsTagSpace(s[k])) ++k;
    if (k >= n) return false;
    if (s[k] == '>') {
      t->next = k + 1;
      return true;
    }
    if (s[k] == '/') {
      if (k + 1 >= n || s[k + 1] != '>') return false;
      t->self_closing = true;
      t->next = k + 2;
      return true;
    }
    if (!IsAttrNameStart(s[k])) return false;
    const size_t a = k;
    while (k < n && IsAttrNameChar(s[k])) ++k;
    StrictAttr attr{.name = s.substr(a, k - a), .value = {}, .quote = 0, .has_value = false};
    size_t j = k;
    while (j < n && IsTagSpace(s[j])) ++j;
    if (j < n && s[j] == '=') {
      ++j;
      while (j < n && IsTagSpace(s[j])) ++j;
      if (j >= n) return false;
      if (s[j] == '"' || s[j] == '\'') {
        const size_t close = s.find(s[j], j + 1);
        if (close == std::string_view::npos) return false;
        attr.quote = s[j];
        attr.value = s.substr(j + 1, close - j - 1);
        k = close + 1;
      } else {
        size_t e = j;
        while (e < n && !IsTagSpace(s[e]) && s[e] != '>') {
          const char c = s[e];
          if (c == '"' || c == '\'' || c == '<' || c == '=' || c == '`') return false;
          ++e;
        }
        if (e == j) return false;
        attr.value = s.substr(j, e - j);
        k = e;
      }
      attr.has_value = true;
    }
    if (k >= n || !(IsTagSpace(s[k]) || s[k] == '>' || s[k] == '/')) return false;
    for (const StrictAttr& other : t->attrs) {
      if (SameName(other.name, attr.name)) return false;
    }
    t->attrs.push_back(attr);
  }
}

// ------------------------------------------------- character references

// What Gumbo makes of `html`'s first <p>: its text, or its attribute "a".
// Character references are decoded by asking Gumbo itself, once per
// reference (text) or value (attribute) and thread: the named references are
// 2,231 and their legacy prefixes read differently in attributes.
bool Probe(const std::string& html, bool attribute, std::string* out) {
  GumboOutput* o = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  bool ok = false;
  const GumboNode* body = nullptr;
  const GumboVector& top = o->root->v.element.children;
  for (unsigned k = 0; k < top.length; ++k) {
    const auto* c = static_cast<const GumboNode*>(top.data[k]);
    if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_BODY) body = c;
  }
  if (body != nullptr && body->v.element.children.length == 1) {
    const auto* p = static_cast<const GumboNode*>(body->v.element.children.data[0]);
    if (p->type == GUMBO_NODE_ELEMENT && p->v.element.tag == GUMBO_TAG_P) {
      const GumboVector& kids = p->v.element.children;
      if (attribute) {
        const GumboAttribute* a = gumbo_get_attribute(&p->v.element.attributes, "a");
        ok = a != nullptr && p->v.element.attributes.length == 1;
        if (ok) *out = a->value;
      } else if (kids.length == 1) {
        const auto* text = static_cast<const GumboNode*>(kids.data[0]);
        ok = text->type == GUMBO_NODE_TEXT;
        if (ok) *out = text->v.text.text;
      }
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, o);
  return ok;
}

// Probe of `html` cached under `kind` + `key`; the cache stops growing at
// kMaxProbes entries per thread. `html` is made only on a miss.
constexpr size_t kMaxProbes = 16384;

template <typename MakeHtml>
bool CachedProbe(char kind, std::string_view key, bool attribute, const MakeHtml& make_html, std::string* out) {
  thread_local std::unordered_map<std::string, std::pair<bool, std::string>> cache;
  thread_local std::string full;
  full.assign(1, kind);
  full.append(key);
  auto it = cache.find(full);
  if (it != cache.end()) {
    *out = it->second.second;
    return it->second.first;
  }
  const bool ok = Probe(make_html(), attribute, out);
  if (cache.size() < kMaxProbes) cache.emplace(full, std::make_pair(ok, *out));
  return ok;
}

bool HasSpaceOrNul(std::string_view s) { return s.find_first_of(std::string_view(" \t\n\f\r\0", 6)) != s.npos; }

// Appends to `out` (when not null) the characters Gumbo reads in text `raw`
// (between tags, in the data state), and says whether any is not
// whitespace. False if `raw` is outside the subset: a NUL, an '&' that
// starts neither a reference ended by ';' nor nothing (before whitespace or
// '&'), or a reference that reads as whitespace or NUL (whose token kind
// would differ from the mark's).
bool ReadText(std::string_view raw, std::string* out, bool* visible) {
  size_t k = 0;
  while (k < raw.size()) {
    const size_t amp = raw.find('&', k);
    const std::string_view plain = raw.substr(k, amp == raw.npos ? raw.npos : amp - k);
    if (plain.find('\0') != plain.npos) return false;
    if (!*visible) {
      *visible = std::find_if(plain.begin(), plain.end(), [](char c) { return !IsTagSpace(c); }) != plain.end();
    }
    if (out != nullptr) AppendAsGumboReads(plain, out);
    if (amp == raw.npos) break;
    size_t e = amp + 1;
    if (e >= raw.size() || IsTagSpace(raw[e]) || raw[e] == '&') {
      if (out != nullptr) out->push_back('&');
      *visible = true;
      k = e;
      continue;
    }
    while (e < raw.size() && (IsAlnum(raw[e]) || raw[e] == '#')) ++e;
    if (e >= raw.size() || raw[e] != ';' || e == amp + 1) return false;
    const std::string_view ref = raw.substr(amp, e + 1 - amp);
    thread_local std::string decoded;
    auto html = [ref] { return "<p>" + std::string(ref) + "</p>"; };
    if (!CachedProbe('t', ref, false, html, &decoded) || decoded.empty() || HasSpaceOrNul(decoded)) return false;
    if (out != nullptr) *out += decoded;
    *visible = true;
    k = e + 1;
  }
  return true;
}

// The value Gumbo gives attribute `a`.
std::string AttributeValue(const StrictAttr& a) {
  std::string value;
  if (!a.has_value) return value;
  if (a.value.find('&') == a.value.npos) {
    AppendAsGumboReads(a.value, &value);
    return value;
  }
  const std::string quote = a.quote == 0 ? "" : std::string(1, a.quote);
  auto html = [&] { return "<p a=" + quote + std::string(a.value) + quote + (a.quote == 0 ? " >" : ">"); };
  if (!CachedProbe(a.quote == 0 ? 'u' : a.quote, a.value, true, html, &value)) AppendAsGumboReads(a.value, &value);
  return value;
}

}  // namespace

// ------------------------------------------------------------ the scanner

// Open elements the scanner follows; deeper ones spoil what is open. Gumbo's
// tree is at most kMaxTreeDepth deep, but elements whose end tag is optional
// (p, li) are not counted there, so an unclosed run of them could grow the
// stack with the page.
constexpr size_t kMaxFrames = 256;

void RegionScanner::Text(std::string_view s, size_t from, size_t to) {
  if (stack_.empty() || from >= to || stack_.back().seq <= spoiled_) return;
  bool visible = false;
  if (!ReadText(s.substr(from, to - from), nullptr, &visible)) {
    Spoil();
    return;
  }
  stack_.back().clears_frameset |= visible;
}

void RegionScanner::StartTag(std::string_view s, size_t lt, const Saved& saved) {
  thread_local StrictTag tag;
  if (!ReadStrictTag(s, lt, &tag) || tag.end) {
    Spoil();
    return;
  }
  const TagInfo info = Tags()[tag.tag];
  if (info.kind == Kind::kNone || (tag.self_closing && !IsVoid(info.kind))) {
    Spoil();
    return;
  }
  if (!stack_.empty()) {
    Frame& top = stack_.back();
    ++top.elements;
    bool bad = false;
    for (const Frame& f : stack_) {
      bad = bad || (info.kind == Kind::kFormatting && f.tag == tag.tag) || (ClosesP(info.kind) && f.tag == GUMBO_TAG_P);
    }
    bad = bad || (info.kind == Kind::kLi && top.tag != GUMBO_TAG_UL && top.tag != GUMBO_TAG_OL);
    bad = bad || (info.kind == Kind::kHeading && Tags()[top.tag].kind == Kind::kHeading);
    if (bad) Spoil();
    if (info.kind == Kind::kFormatting) top.needs.formatting |= static_cast<uint16_t>(1u << info.formatting_bit);
    top.needs.closes_p = top.needs.closes_p || ClosesP(info.kind);
    top.clears_frameset = top.clears_frameset || IsVoid(info.kind) || info.kind == Kind::kLi;
  }
  if (!IsVoid(info.kind) && stack_.size() >= kMaxFrames) {
    Spoil();  // e.g. <p> after <p>, never closed: no region in there, and each tag stays O(kMaxFrames)
  } else if (!IsVoid(info.kind)) {
    stack_.push_back(Frame{.tag = tag.tag, .lt = lt, .content = tag.next, .seq = ++seq_, .needs = {}, .saved = saved});
  }
}

std::optional<RegionScanner::Region> RegionScanner::EndTag(std::string_view s, size_t lt) {
  thread_local StrictTag tag;
  if (!ReadStrictTag(s, lt, &tag) || !tag.end || IsVoid(Tags()[tag.tag].kind)) {
    Spoil();
    return std::nullopt;
  }
  if (stack_.empty()) return std::nullopt;
  if (stack_.back().tag != tag.tag) {  // closes others implicitly, or nothing
    Spoil();
    for (size_t k = stack_.size(); k-- > 0;) {
      if (stack_[k].tag == tag.tag) {
        stack_.resize(k);
        break;
      }
    }
    return std::nullopt;
  }
  const Frame f = stack_.back();
  stack_.pop_back();
  if (!stack_.empty()) {
    Frame& parent = stack_.back();
    parent.needs.closes_p = parent.needs.closes_p || f.needs.closes_p;
    parent.needs.formatting |= f.needs.formatting;
    parent.elements += f.elements;
    parent.clears_frameset = parent.clears_frameset || f.clears_frameset;
  }
  if (f.seq <= spoiled_ || f.elements < min_elements_ || !f.clears_frameset) return std::nullopt;
  return Region{.tag = f.tag, .tag_offset = f.lt, .content = f.content, .content_end = lt, .needs = f.needs,
                .saved = f.saved};
}

// ------------------------------------------------------------ the context

bool RegionContextOk(const GumboNode* element, const RegionNeeds& needs) {
  bool past_button = false;
  for (const GumboNode* p = element->parent; p != nullptr; p = p->parent) {
    if (p->type == GUMBO_NODE_DOCUMENT) return true;
    if (p->type != GUMBO_NODE_ELEMENT) return false;  // template contents
    const GumboElement& e = p->v.element;
    if (e.tag_namespace != GUMBO_NAMESPACE_HTML) return false;
    switch (e.tag) {
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TH:
      case GUMBO_TAG_CAPTION: return true;  // in a cell: a marker, and scopes end here
      case GUMBO_TAG_TABLE:
      case GUMBO_TAG_TBODY:
      case GUMBO_TAG_THEAD:
      case GUMBO_TAG_TFOOT:
      case GUMBO_TAG_TR:
      case GUMBO_TAG_COLGROUP:
      case GUMBO_TAG_SELECT:
      case GUMBO_TAG_TEMPLATE:
      case GUMBO_TAG_OBJECT:
      case GUMBO_TAG_APPLET:
      case GUMBO_TAG_MARQUEE:
      case GUMBO_TAG_FRAMESET: return false;
      case GUMBO_TAG_BUTTON: past_button = true; break;
      case GUMBO_TAG_P:
        if (needs.closes_p && !past_button) return false;
        break;
      default: break;
    }
    const int bit = Tags()[e.tag].formatting_bit;
    if (bit >= 0 && ((needs.formatting >> bit) & 1u) != 0) return false;
  }
  return true;
}

// ------------------------------------------------------------ the builder

namespace {

struct Builder {
  const GumboOptions& options;

  void* Alloc(size_t bytes) const {
    void* p = options.allocator(options.userdata, bytes);
    std::memset(p, 0, bytes);
    return p;
  }

  GumboNode* Node(GumboNodeType type, GumboNode* parent, size_t index) const {
    auto* n = static_cast<GumboNode*>(Alloc(sizeof(GumboNode)));
    n->type = type;
    n->parent = parent;
    n->index_within_parent = index;
    n->parse_flags = GUMBO_INSERTION_NORMAL;
    return n;
  }

  GumboVector Vector(const std::vector<void*>& items) const {
    GumboVector v = kGumboEmptyVector;
    if (items.empty()) return v;
    v.data = static_cast<void**>(Alloc(items.size() * sizeof(void*)));
    std::memcpy(v.data, items.data(), items.size() * sizeof(void*));
    v.length = v.capacity = static_cast<unsigned>(items.size());
    return v;
  }

  GumboNode* Text(const std::string& text, bool visible, GumboNode* parent, size_t index) const {
    GumboNode* n = Node(visible ? GUMBO_NODE_TEXT : GUMBO_NODE_WHITESPACE, parent, index);
    n->v.text.text = TreeCopy(text, options);
    n->v.text.original_text = kGumboEmptyString;
    n->v.text.start_pos = kGumboEmptySourcePosition;
    return n;
  }

  GumboNode* Element(const StrictTag& tag, GumboNode* parent, size_t index) const {
    GumboNode* n = Node(GUMBO_NODE_ELEMENT, parent, index);
    GumboElement& e = n->v.element;
    e.tag = tag.tag;
    e.tag_namespace = GUMBO_NAMESPACE_HTML;
    e.original_tag = e.original_end_tag = kGumboEmptyString;
    e.start_pos = e.end_pos = kGumboEmptySourcePosition;
    e.children = kGumboEmptyVector;
    thread_local std::vector<void*> attrs;
    attrs.clear();
    for (const StrictAttr& a : tag.attrs) {
      auto* attr = static_cast<GumboAttribute*>(Alloc(sizeof(GumboAttribute)));
      attr->attr_namespace = GUMBO_ATTR_NAMESPACE_NONE;
      std::string name(a.name);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      attr->name = TreeCopy(name, options);
      attr->value = TreeCopy(AttributeValue(a), options);
      attr->original_name = attr->original_value = kGumboEmptyString;
      attr->name_start = attr->name_end = attr->value_start = attr->value_end = kGumboEmptySourcePosition;
      attrs.push_back(attr);
    }
    e.attributes = Vector(attrs);
    return n;
  }

  // Frees what the tree held in `element`'s place: its one text child.
  void FreeOldChildren(GumboNode* element) const {
    GumboVector& kids = element->v.element.children;
    for (unsigned k = 0; k < kids.length; ++k) {
      auto* old = static_cast<GumboNode*>(kids.data[k]);
      options.deallocator(options.userdata, const_cast<char*>(old->v.text.text));
      options.deallocator(options.userdata, old);
    }
    if (kids.capacity > 0) options.deallocator(options.userdata, kids.data);
  }
};

}  // namespace

bool BuildRegion(GumboNode* element, std::string_view content, const GumboOptions& options) {
  const Builder b{options};
  // The open elements, each with where its children start in `kids`: an
  // element's children are the end of `kids` while it is open.
  struct Open {
    GumboNode* node;
    size_t first_kid;
  };
  thread_local std::vector<Open> stack;
  thread_local std::vector<void*> kids;
  stack.assign(1, {element, 0});
  kids.clear();
  auto close = [&] {  // the innermost open element gets its children
    const Open& top = stack.back();
    GumboVector v = kGumboEmptyVector;
    const size_t n = kids.size() - top.first_kid;
    if (n > 0) {
      v.data = static_cast<void**>(b.Alloc(n * sizeof(void*)));
      std::memcpy(v.data, kids.data() + top.first_kid, n * sizeof(void*));
      v.length = v.capacity = static_cast<unsigned>(n);
    }
    kids.resize(top.first_kid);
    return v;
  };
  thread_local std::string text;
  text.clear();
  bool visible = false;
  auto flush = [&] {
    if (text.empty()) return;
    const Open& top = stack.back();
    kids.push_back(b.Text(text, visible, top.node, kids.size() - top.first_kid));
    text.clear();
    visible = false;
  };
  thread_local StrictTag tag;
  size_t k = 0;
  while (k < content.size()) {
    const size_t lt = content.find('<', k);
    const size_t end = lt == content.npos ? content.size() : lt;
    if (end > k && !ReadText(content.substr(k, end - k), &text, &visible)) return false;
    if (lt == content.npos) break;
    if (!ReadStrictTag(content, lt, &tag)) return false;
    const Kind kind = Tags()[tag.tag].kind;
    if (kind == Kind::kNone) return false;
    flush();
    if (tag.end) {
      if (stack.size() < 2 || stack.back().node->v.element.tag != tag.tag) return false;
      GumboNode* closed = stack.back().node;
      closed->v.element.children = close();
      stack.pop_back();
    } else {
      const Open& top = stack.back();
      GumboNode* child = b.Element(tag, top.node, kids.size() - top.first_kid);
      kids.push_back(child);
      if (IsVoid(kind)) {
        child->parse_flags = GUMBO_INSERTION_IMPLICIT_END_TAG;  // as Gumbo: popped at its own start tag
      } else {
        stack.push_back({child, kids.size()});
      }
    }
    k = tag.next;
  }
  flush();
  if (stack.size() != 1) return false;
  b.FreeOldChildren(element);
  element->v.element.children = close();
  return true;
}

}  // namespace admon::parsers::internal
