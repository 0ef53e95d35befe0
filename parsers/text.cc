// Copyright 2026 The admon Authors.
#include "parsers/text.h"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <utility>

#include "nlohmann/json.hpp"

namespace admon::parsers {
namespace {

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Appends `text` to `*buf` collapsing whitespace (NBSP counts as space).
void AppendCollapsed(std::string_view text, std::string* buf) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool space = IsSpace(c);
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      space = true;
      ++i;
    }
    if (space) {
      if (!buf->empty() && buf->back() != ' ') buf->push_back(' ');
    } else {
      buf->push_back(static_cast<char>(c));
    }
  }
}

bool StyleHides(const char* style) {
  std::string s;
  for (const char* p = style; *p; ++p) {
    if (!IsSpace(static_cast<unsigned char>(*p))) s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(*p))));
  }
  return s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos;
}

bool IsAppStateScript(std::string_view text) {
  static constexpr const char* kMarkers[] = {"__INITIAL_STATE__", "__NEXT_DATA__", "__NUXT__", "__APOLLO_STATE__",
                                             "__PRELOADED_STATE__", "__APP_STATE__"};
  for (const char* m : kMarkers) {
    if (text.find(m) != std::string_view::npos) return true;
  }
  return false;
}

struct Frame {
  const GumboNode* node;
  unsigned next = 0;
};

// Iterative pre-order walk calling `enter(element)` (return false to skip the
// subtree), `text(node)` for text nodes and `leave(element)` after children.
template <typename Enter, typename TextFn, typename Leave>
void Walk(const GumboNode* root, Enter enter, TextFn text, Leave leave) {
  if (root == nullptr) return;
  std::vector<Frame> stack;
  auto push = [&](const GumboNode* n) {
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE || n->type == GUMBO_NODE_DOCUMENT) {
      if (n->type != GUMBO_NODE_DOCUMENT && !enter(n)) return;
      stack.push_back({n, 0});
    } else if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      text(n);
    }
  };
  push(root);
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector& children =
        f.node->type == GUMBO_NODE_DOCUMENT ? f.node->v.document.children : f.node->v.element.children;
    if (f.next < children.length) {
      const GumboNode* child = static_cast<const GumboNode*>(children.data[f.next++]);
      push(child);  // may invalidate `f`
    } else {
      const GumboNode* done = f.node;
      stack.pop_back();
      if (done->type != GUMBO_NODE_DOCUMENT) leave(done);
    }
  }
}

}  // namespace

std::string_view Utf8Prefix(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // a continuation byte
  return s.substr(0, cut);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const char* AttrValue(const GumboNode* node, const char* name) {
  if (node == nullptr || (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  if (a == nullptr || std::strlen(a->value) > kMaxAttributeBytes) return nullptr;
  return a->value;
}

std::string TagName(const GumboNode* node) {
  if (node == nullptr || (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)) return "";
  const GumboElement& e = node->v.element;
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  return AsciiLower(std::string_view(piece.data, piece.length));
}

bool IsHiddenElement(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEMPLATE) return true;
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH: case GUMBO_TAG_TITLE:
      return true;
    case GUMBO_TAG_INPUT: {
      const char* type = AttrValue(node, "type");
      if (type != nullptr && AsciiLower(type) == "hidden") return true;
      break;
    }
    default:
      break;
  }
  if (gumbo_get_attribute(&node->v.element.attributes, "hidden") != nullptr) return true;
  const char* style = AttrValue(node, "style");
  return style != nullptr && StyleHides(style);
}

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_BR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HR: case GUMBO_TAG_HTML: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_OPTION: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TD:
    case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_UL:
    case GUMBO_TAG_TIME:
      return true;
    default:
      return false;
  }
}

std::vector<TextBlock> TextBlocks(const GumboNode* root, const ExcludeFn& exclude) {
  std::vector<TextBlock> blocks;
  std::vector<const GumboNode*> owners;  // innermost block ancestors
  std::string buf;
  auto flush = [&] {
    while (!buf.empty() && buf.back() == ' ') buf.pop_back();
    size_t start = buf.find_first_not_of(' ');
    if (start != std::string::npos) {
      blocks.push_back({owners.empty() ? root : owners.back(), buf.substr(start)});
    }
    buf.clear();
  };
  Walk(
      root,
      [&](const GumboNode* n) {
        if (IsHiddenElement(n) || (exclude && exclude(n))) return false;
        if (n->type == GUMBO_NODE_ELEMENT && IsBlockTag(n->v.element.tag)) {
          flush();
          owners.push_back(n);
        }
        return true;
      },
      [&](const GumboNode* n) { AppendCollapsed(n->v.text.text, &buf); },
      [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_ELEMENT && IsBlockTag(n->v.element.tag)) {
          flush();
          if (!owners.empty()) owners.pop_back();
        }
      });
  flush();
  return blocks;
}

std::string VisibleText(const GumboNode* root, const ExcludeFn& exclude) {
  std::string out;
  for (const TextBlock& b : TextBlocks(root, exclude)) {
    if (!out.empty()) out.push_back('\n');
    out += b.text;
  }
  return out;
}

bool JsonStrings(std::string_view json, std::string* out) {
  nlohmann::json doc = nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return false;
  std::vector<const nlohmann::json*> stack = {&doc};
  while (!stack.empty() && out->size() < kMaxScriptTextBytes) {
    const nlohmann::json* j = stack.back();
    stack.pop_back();
    if (j->is_string()) {
      const std::string& s = j->get_ref<const std::string&>();
      if (!s.empty()) {
        if (!out->empty()) out->push_back('\n');
        out->append(s, 0, kMaxScriptTextBytes - std::min(out->size(), kMaxScriptTextBytes));
      }
    } else if (j->is_number_integer() || j->is_number_unsigned()) {
      std::string s = j->dump();
      if (s.size() >= 7) {
        if (!out->empty()) out->push_back('\n');
        *out += s;
      }
    } else if (j->is_structured()) {
      // Push in reverse so values come out in document order.
      std::vector<const nlohmann::json*> kids;
      for (const auto& v : *j) kids.push_back(&v);
      for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(*it);
    }
  }
  return true;
}

std::vector<HiddenText> HiddenSources(const GumboNode* root, const ExcludeFn& exclude, bool attributes,
                                      bool scripts, std::vector<std::string>* diagnostics) {
  std::vector<HiddenText> out;
  auto script_text = [](const GumboNode* n) {
    std::string s;
    for (unsigned i = 0; i < n->v.element.children.length; ++i) {
      const GumboNode* c = static_cast<const GumboNode*>(n->v.element.children.data[i]);
      if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA) {
        s += c->v.text.text;
      }
    }
    return s;
  };
  Walk(
      root,
      [&](const GumboNode* n) {
        if (n->type != GUMBO_NODE_ELEMENT) return false;
        if (exclude && exclude(n)) return false;
        const GumboElement& e = n->v.element;
        if (e.tag == GUMBO_TAG_SCRIPT) {
          if (!scripts) return false;
          const char* type = AttrValue(n, "type");
          std::string t = type ? AsciiLower(type) : "";
          std::string body = script_text(n);
          bool json_type = t == "application/ld+json" || t == "application/json";
          if (!json_type && !IsAppStateScript(body)) return false;
          if (body.size() > kMaxScriptBytes) {
            diagnostics->push_back("script: " + std::to_string(body.size()) + " bytes > kMaxScriptBytes; not parsed");
            return false;
          }
          std::string_view json = body;
          if (!json_type) {  // window.__X__ = {...};  take the outermost braces
            size_t b = json.find('{');
            size_t e2 = json.rfind('}');
            if (b == std::string_view::npos || e2 == std::string_view::npos || e2 < b) return false;
            json = json.substr(b, e2 - b + 1);
          }
          std::string strings;
          if (!JsonStrings(json, &strings)) {
            diagnostics->push_back("script: " + (t.empty() ? std::string("app state") : t) + " is not valid JSON");
          } else if (!strings.empty()) {
            out.push_back({Source::kScript, "script", std::move(strings)});
          }
          return false;
        }
        if (IsHiddenElement(n) && e.tag != GUMBO_TAG_HEAD) return false;
        if (!attributes) return true;
        for (unsigned i = 0; i < e.attributes.length; ++i) {
          const GumboAttribute* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
          std::string_view name = a->name;
          size_t len = std::strlen(a->value);
          if (len == 0 || len > kMaxAttributeBytes) continue;
          if (name == "href" && e.tag == GUMBO_TAG_A) {
            out.push_back({Source::kLink, "href", a->value});
          } else if (name == "alt" || name == "title" || name == "aria-label" || name.substr(0, 5) == "data-") {
            if (name == "data-src" || name == "data-srcset" || name == "data-lazy-src") continue;  // image URLs
            out.push_back({Source::kAttribute, std::string(name), a->value});
          }
        }
        return true;
      },
      [](const GumboNode*) {}, [](const GumboNode*) {});
  return out;
}

size_t RepairUtf8(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  size_t replaced = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  size_t n = in.size(), i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {  // copy the whole ASCII run at once
      size_t j = i + 1;
      for (uint64_t w; j + 8 <= n; j += 8) {  // eight bytes at a time while none has the high bit
        std::memcpy(&w, s + j, 8);
        if ((w & 0x8080808080808080ull) != 0) break;
      }
      while (j < n && s[j] < 0x80) ++j;
      out->append(in.data() + i, j - i);
      i = j;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    bool ok = len != 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) ok = false;
      else cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (ok) {
      if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
        ok = false;
      }
    }
    if (ok) {
      out->append(in.substr(i, len));
      i += len;
    } else {
      out->append("\xEF\xBF\xBD");
      ++replaced;
      ++i;
    }
  }
  return replaced;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  AppendCollapsed(s, &out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  size_t start = out.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : out.substr(start);
}

}  // namespace admon::parsers
