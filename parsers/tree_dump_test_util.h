// Copyright 2026 The admon Authors.
//
// Test helpers for parsers/ tests: a Gumbo tree as text, to compare the trees
// two parses give, and a page parsed both ways.
#ifndef ADMON_PARSERS_TREE_DUMP_TEST_UTIL_H_
#define ADMON_PARSERS_TREE_DUMP_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "gumbo.h"
#include "parsers/html_tree.h"
#include "parsers/text.h"

namespace admon::parsers::internal {

// The tree as text: elements with namespace and attributes, text nodes with
// their kind, comments; positions left out (they move by design). A child
// whose parent pointer or index is not where it hangs is marked "!link".
inline std::string Dump(const GumboNode* root) {
  std::string out;
  struct Item {
    const GumboNode* node;
    int depth;
  };
  std::vector<Item> stack = {{root, 0}};
  while (!stack.empty()) {
    auto [n, depth] = stack.back();
    stack.pop_back();
    out.append(static_cast<size_t>(depth) * 2, ' ');
    const GumboVector* kids = nullptr;
    switch (n->type) {
      case GUMBO_NODE_DOCUMENT:
        out += "#document\n";
        kids = &n->v.document.children;
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        out += '<';
        out += TagName(n);
        out += " ns=" + std::to_string(n->v.element.tag_namespace);
        const GumboVector& attrs = n->v.element.attributes;
        for (unsigned i = 0; i < attrs.length; ++i) {
          const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
          out += std::string(" ") + a->name + "=\"" + a->value + "\"";
        }
        out += ">\n";
        kids = &n->v.element.children;
        break;
      }
      case GUMBO_NODE_TEXT: out += "text:" + std::string(n->v.text.text) + "\n"; break;
      case GUMBO_NODE_WHITESPACE: out += "space:" + std::string(n->v.text.text) + "\n"; break;
      case GUMBO_NODE_CDATA: out += "cdata:" + std::string(n->v.text.text) + "\n"; break;
      case GUMBO_NODE_COMMENT: out += "comment:" + std::string(n->v.text.text) + "\n"; break;
    }
    if (kids == nullptr) continue;
    for (unsigned i = kids->length; i-- > 0;) {
      const auto* kid = static_cast<const GumboNode*>(kids->data[i]);
      if (kid->parent != n || kid->index_within_parent != i) out += "!link\n";
      stack.push_back({kid, depth + 1});
    }
  }
  return out;
}

// A page parsed whole by Gumbo and with the set-asides of `aside`.
struct Parses {
  ParsedHtml whole;
  ParsedHtml aside;
};

inline Parses ParseWholeAndAside(std::string_view page, const PageParserOptions& aside) {
  const PageParserOptions whole{
      .set_aside_raw_text_bytes = 0, .set_aside_text_bytes = 0, .set_aside_region_elements = 0};
  return {ParseHtml(page, whole), ParseHtml(page, aside)};
}

}  // namespace admon::parsers::internal

#endif  // ADMON_PARSERS_TREE_DUMP_TEST_UTIL_H_
