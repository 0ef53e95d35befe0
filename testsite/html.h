// Copyright 2026 The admon Authors.
//
// HTML of the three test sites. Each site has its own layout (class names and
// structure differ, as on real directories); site_config.cc writes the field
// selectors that match these layouts. Internal to testsite/.
//
// Thread safety: pure functions.
#ifndef ADMON_TESTSITE_HTML_H_
#define ADMON_TESTSITE_HTML_H_

#include <string>
#include <utility>
#include <vector>

#include "testsite/world.h"

namespace admon::testsite {

struct LinkItem {
  std::string path;
  std::string title;
  std::string meta;  // "Anna, 24, Leeds"
  std::string updated;
};

// Per-page context: the site, the simulated day and site furniture.
struct PageContext {
  int site = 0;
  int day = 0;
  std::vector<LinkItem> featured;  // sidebar repeating other adverts
  int64_t chrome_bytes = 0;        // extra site chrome per page (ServerOptions::page_chrome_bytes)
};

std::string RenderHome(const PageContext& c, const std::vector<std::pair<int, int>>& town_counts);
// `page` is 1-based; `pages` >= 1.
std::string RenderListing(const PageContext& c, int town, int page, int pages, const std::vector<LinkItem>& items);
std::string RenderAdvert(const PageContext& c, const Advert& a);
std::string RenderProfile(const PageContext& c, const std::string& title, const std::vector<LinkItem>& items);
std::string RenderAgeGate(const std::string& next);
std::string RenderPlain(const PageContext& c, const std::string& title, const std::string& body_text);
std::string RenderRobots(int site, double crawl_delay_seconds, const std::string& base_url);
std::string RenderSitemap(const std::string& base_url, const std::vector<std::string>& paths);

// Listing card text of an advert.
LinkItem ItemOf(const Advert& a);

inline constexpr int kFeaturedPerPage = 3;  // sidebar adverts per page

// Adverts live on `day`, [site][town] -> world indices in listing order:
// most recently bumped first, then higher site id.
// REQUIRES: metas[i] == world.Meta(i) for every advert.
std::vector<std::vector<std::vector<int64_t>>> ListingOrder(const World& world, const std::vector<AdvertMeta>& metas,
                                                            int day);
// The featured sidebar of `site` on `day`: kFeaturedPerPage picks of the
// day's Rng among the site's live adverts in listing order (`by_town`: the
// site's part of ListingOrder).
std::vector<LinkItem> FeaturedOf(const World& world, const std::vector<std::vector<int64_t>>& by_town, int site,
                                 int day);

// Path of the site's stock banner, shown on every page.
const char* BannerPath(int site);

}  // namespace admon::testsite

#endif  // ADMON_TESTSITE_HTML_H_
