// Copyright 2026 The admon Authors.
//
// Link extraction from HTML (Gumbo) and sitemap XML. Results are absolute
// URLs resolved against the document base (<base href> honoured), not yet
// canonicalised or filtered. Only link-carrying tags are parsed (at most
// kMaxLinkTags; comments and script/style/... text skipped): time and memory
// stay linear in the page however deep or wide its markup.
//
// Thread safety: pure functions.
#ifndef ADMON_CRAWLER_LINKS_H_
#define ADMON_CRAWLER_LINKS_H_

#include <string>
#include <string_view>
#include <vector>

namespace admon::crawler {

inline constexpr size_t kMaxLinksPerPage = 5000;  // bounds work on hostile pages
// <a>/<link>/<img>/<base> tags read per page (before '#' anchors and bad URLs
// are dropped): bounds the parse of a hostile page to a few MB.
inline constexpr size_t kMaxLinkTags = 4 * kMaxLinksPerPage;

struct PageLinks {
  std::vector<std::string> links;   // a[href], link[rel=next]
  std::vector<std::string> images;  // img[src], img[srcset] candidates
};

PageLinks ExtractLinks(std::string_view html, std::string_view page_url);

struct SitemapUrls {
  std::vector<std::string> pages;     // <urlset><url><loc>
  std::vector<std::string> sitemaps;  // <sitemapindex><sitemap><loc>
};
// Tolerant scan of <loc> elements (entities &amp; &lt; &gt; &quot; &apos; decoded).
SitemapUrls ParseSitemap(std::string_view xml);

}  // namespace admon::crawler

#endif  // ADMON_CRAWLER_LINKS_H_
