// Copyright 2026 The admon Authors.
#include "crawler/links.h"

#include <gumbo.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "common/status.h"
#include "crawler/url.h"

namespace admon::crawler {
namespace {

const char* Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a != nullptr ? a->value : nullptr;
}

void Walk(const GumboNode* node, std::string* base, std::vector<std::string>* links,
          std::vector<std::string>* images) {
  if (node->type != GUMBO_NODE_ELEMENT) return;
  const GumboElement& e = node->v.element;
  switch (e.tag) {
    case GUMBO_TAG_BASE:
      if (const char* h = Attr(e, "href"); h != nullptr && base->empty()) *base = h;
      break;
    case GUMBO_TAG_A:
      if (const char* h = Attr(e, "href")) links->push_back(h);
      break;
    case GUMBO_TAG_LINK: {
      const char* rel = Attr(e, "rel");
      const char* h = Attr(e, "href");
      if (rel != nullptr && h != nullptr && absl::AsciiStrToLower(rel) == "next") links->push_back(h);
      break;
    }
    case GUMBO_TAG_IMG: {
      if (const char* s = Attr(e, "src")) images->push_back(s);
      if (const char* set = Attr(e, "srcset")) {
        for (absl::string_view cand : absl::StrSplit(set, ',', absl::SkipWhitespace())) {
          cand = absl::StripAsciiWhitespace(cand);
          images->emplace_back(cand.substr(0, cand.find_first_of(" \t\n")));
        }
      }
      break;
    }
    default:
      break;
  }
  for (unsigned i = 0; i < e.children.length; ++i) {
    Walk(static_cast<const GumboNode*>(e.children.data[i]), base, links, images);
  }
}

std::string DecodeXmlEntities(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    static const std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    bool done = false;
    for (const auto& [name, ch] : kEntities) {
      if (s.substr(i, name.size()) == name) {
        out.push_back(ch);
        i += name.size() - 1;
        done = true;
        break;
      }
    }
    if (!done) out.push_back('&');
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

}  // namespace

PageLinks ExtractLinks(std::string_view html, std::string_view page_url) {
  PageLinks raw;
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string base;
  Walk(out->root, &base, &raw.links, &raw.images);
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  std::string base_url(page_url);
  if (!base.empty()) {
    auto b = ResolveUrl(page_url, base);
    if (b.ok()) base_url = *b;
  }
  PageLinks result;
  auto resolve_all = [&](const std::vector<std::string>& in, std::vector<std::string>* dst) {
    for (const auto& ref : in) {
      if (dst->size() >= kMaxLinksPerPage) break;
      if (ref.empty() || ref[0] == '#') continue;
      auto r = ResolveUrl(base_url, ref);
      if (r.ok()) dst->push_back(*r);
    }
  };
  resolve_all(raw.links, &result.links);
  resolve_all(raw.images, &result.images);
  return result;
}

SitemapUrls ParseSitemap(std::string_view xml) {
  SitemapUrls out;
  bool is_index = xml.find("<sitemapindex") != std::string_view::npos;
  size_t pos = 0;
  while (out.pages.size() + out.sitemaps.size() < 50000) {  // sitemaps.org limit per file
    size_t open = xml.find("<loc>", pos);
    if (open == std::string_view::npos) break;
    size_t close = xml.find("</loc>", open);
    if (close == std::string_view::npos) break;
    std::string loc = DecodeXmlEntities(xml.substr(open + 5, close - open - 5));
    if (!loc.empty()) (is_index ? out.sitemaps : out.pages).push_back(std::move(loc));
    pos = close + 6;
  }
  return out;
}

}  // namespace admon::crawler
