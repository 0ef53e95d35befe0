// Copyright 2026 The admon Authors.
#include "crawler/links.h"

#include <gumbo.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/status.h"
#include "crawler/url.h"

namespace admon::crawler {
namespace {

const char* Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a != nullptr ? a->value : nullptr;
}

// Tags whose attributes carry links; only these reach Gumbo.
bool IsLinkTag(std::string_view name) { return name == "a" || name == "link" || name == "img" || name == "base"; }

// Elements whose content is text, not markup (HTML raw text / escapable raw text).
bool IsRawText(std::string_view name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title" || name == "xmp" ||
         name == "iframe" || name == "noembed" || name == "noframes";
}

// The link-carrying start tags of `html`, in order, as a small document for
// Gumbo (which still parses their attributes and character references).
// Hostile pages cannot grow Gumbo's tree: a few MB of unclosed "<div>" make
// its tree building quadratic (stalling the crawl loop for hours) and its
// destructor recursive; 8 MB of "<a>" is an 860 MB tree. Comments and raw
// text elements are skipped as a browser would; at most kMaxLinkTags tags
// are kept.
std::string LinkTags(std::string_view html) {
  std::string out;
  size_t kept = 0, i = 0;
  const size_t n = html.size();
  while (kept < kMaxLinkTags) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    if (html.substr(lt, 4) == "<!--") {
      size_t end = html.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    size_t b = lt + 1, e = b;
    while (e < n && (absl::ascii_isalnum(static_cast<unsigned char>(html[e])) || html[e] == '-')) ++e;
    if (e == b || !absl::ascii_isalpha(static_cast<unsigned char>(html[b]))) {
      i = lt + 1;  // "</x>", "<!doctype>", "<?", a lone "<"
      continue;
    }
    size_t gt = e;  // the tag's '>', outside quoted attribute values
    for (char quote = 0; gt < n && (quote != 0 || html[gt] != '>'); ++gt) {
      if (quote != 0 && html[gt] == quote) quote = 0;
      else if (quote == 0 && (html[gt] == '"' || html[gt] == '\'')) quote = html[gt];
    }
    if (gt >= n) break;  // unterminated tag at the end: Gumbo drops it too
    std::string name = absl::AsciiStrToLower(AV(html.substr(b, e - b)));
    i = gt + 1;
    if (IsLinkTag(name)) {
      out.append(html.substr(lt, gt + 1 - lt));
      if (name == "a") out += "</a>";  // keeps Gumbo's tree flat
      ++kept;
    } else if (IsRawText(name)) {
      const std::string close = "</" + name;
      size_t end = i;
      while ((end = html.find("</", end)) != std::string_view::npos &&
             !absl::EqualsIgnoreCase(AV(html.substr(end, close.size())), close)) {
        end += 2;
      }
      if (end == std::string_view::npos) break;  // the rest of the page is text
      i = end;
    } else if (name == "plaintext") {
      break;
    }
  }
  return out;
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
  const std::string tags = LinkTags(html);
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, tags.data(), tags.size());
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
