// Copyright 2026 The admon Authors.
#include "testsite/html.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "nlohmann/json.hpp"
#include "testsite/phones.h"
#include "testsite/rng.h"

namespace admon::testsite {
namespace {

const char* const kBanners[] = {"/static/banner.jpg", "/assets/top.jpg", "/s/logo.jpg"};

std::string E(const std::string& s) { return HtmlEscape(s); }

std::string Money(int pounds) { return "\xC2\xA3" + std::to_string(pounds); }

std::string Duration(int minutes) {
  if (minutes < 60) return std::to_string(minutes) + " mins";
  if (minutes == 60) return "1 hour";
  if (minutes >= 600) return "Overnight";
  return std::to_string(minutes / 60) + " hours";
}

std::string Head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + E(title) +
         "</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n</head>\n";
}

std::string TownNav(int site) {
  std::string out = site == 1 ? "<ul class=\"areas\">" : "<nav class=\"towns\">";
  for (size_t t = 0; t < Towns().size(); ++t) {
    const std::string link = "<a href=\"" + TownPath(site, static_cast<int>(t)) + "\">" + E(Towns()[t].name) + "</a>";
    out += site == 1 ? "<li>" + link + "</li>" : link + " ";
  }
  out += site == 1 ? "</ul>\n" : "</nav>\n";
  return out;
}

// What makes real directory pages 20-60 KB: an ad-slot configuration script,
// an inline stylesheet and a mega-menu of searches, the same on every page of
// the site, with no contact details. About `bytes` long (0: none).
std::string Chrome(int site, int64_t bytes) {
  if (bytes <= 0) return "";
  const std::string name = Site(site).name;
  std::string script = "<script>window.__" + name + "_slots = [";
  std::string style = "<style>";
  std::string menu = "<div class=\"menu\"><h6>Popular searches</h6><ul>";
  for (int i = 0; static_cast<int64_t>(script.size() + style.size() + menu.size()) < bytes; ++i) {
    const std::string n = std::to_string(i);
    const std::string& town = Towns()[static_cast<size_t>(i) % Towns().size()].name;
    script += "{\"id\":\"" + name + "-slot-" + n + "\",\"sizes\":[[300,250],[728,90]],\"targeting\":{\"section\":"
              "\"adverts\",\"town\":\"" + town + "\",\"pos\":" + n + "}},";
    style += "." + name + "-c" + n + "{margin:0 " + n + "px;padding:4px 8px;border-bottom:1px solid #e" + n.substr(0, 1) +
             "e;font:14px/1.4 sans-serif}";
    menu += "<li><span class=\"search\">Companions in " + E(town) + " &middot; page " + n + "</span></li>";
  }
  return script + "];</script>\n" + style + "</style>\n" + menu + "</ul></div>\n";
}

std::string Frame(const PageContext& c, const std::string& title, const std::string& main_html) {
  const SiteInfo& s = Site(c.site);
  const std::string main = main_html + Chrome(c.site, c.chrome_bytes);
  std::string out = Head(title + " | " + s.display);
  std::string featured;
  for (const auto& f : c.featured) {
    featured += "<li><a href=\"" + f.path + "\">" + E(f.title) + "</a> <small>" + E(f.meta) + "</small></li>";
  }
  switch (c.site) {
    case 0:
      out += "<body>\n<header><a href=\"/\"><img class=\"banner\" src=\"" + std::string(kBanners[0]) +
             "\" alt=\"Velvet Rooms\"></a>\n" + TownNav(0) + "</header>\n<main>\n" + main +
             "</main>\n<aside class=\"featured\"><h3>Featured</h3><ul>" + featured + "</ul></aside>\n" +
             "<footer>Customer support: <span class=\"support-phone\">" + s.support_phone +
             "</span> &middot; <a href=\"mailto:" + s.support_email + "\">" + s.support_email +
             "</a> &middot; &copy; 2026 Velvet Rooms. All advertisers are over 18.</footer>\n</body>\n</html>\n";
      break;
    case 1:
      out += "<body class=\"sd\">\n<div id=\"top\"><img src=\"" + std::string(kBanners[1]) +
             "\" alt=\"Scarlet Directory\" width=\"728\" height=\"90\"><form action=\"/search\"><input name=\"q\">"
             "</form><a href=\"/search?q=new\">Search</a></div>\n<div id=\"content\">\n" + main +
             "</div>\n<div id=\"side\"><h4>Spotlight</h4><ol class=\"spotlight\">" + featured + "</ol>" +
             TownNav(1) + "</div>\n<div id=\"foot\">Scarlet Directory &ndash; Helpline " + s.support_phone +
             " &ndash; " + s.support_email + "</div>\n</body>\n</html>\n";
      break;
    default:
      out += "<body>\n<div class=\"wrap\"><header class=\"top\"><img class=\"logo\" src=\"" +
             std::string(kBanners[2]) + "\" alt=\"NightOwl\"> " + TownNav(2) + "</header>\n" + main +
             "<section class=\"hot\"><h5>Hot right now</h5><ul>" + featured + "</ul></section>\n" +
             "<footer class=\"bottom\"><p>Questions? Call " + s.support_phone + " or email " + s.support_email +
             "</p></footer></div>\n</body>\n</html>\n";
  }
  return out;
}

std::string ItemList(int site, const std::vector<LinkItem>& items) {
  std::string out;
  switch (site) {
    case 0:
      out = "<ul class=\"ads\">\n";
      for (const auto& i : items) {
        out += "<li class=\"ad-card\"><a href=\"" + i.path + "\">" + E(i.title) + "</a> <span class=\"card-meta\">" +
               E(i.meta) + "</span> <span class=\"bumped\">" + i.updated + "</span></li>\n";
      }
      return out + "</ul>\n";
    case 1:
      out = "<table class=\"results\">\n";
      for (const auto& i : items) {
        out += "<tr><td><a class=\"result\" href=\"" + i.path + "\">" + E(i.title) + "</a></td><td>" + E(i.meta) +
               "</td><td>" + i.updated + "</td></tr>\n";
      }
      return out + "</table>\n";
    default:
      for (const auto& i : items) {
        out += "<div class=\"tile\"><a class=\"tile-link\" href=\"" + i.path + "\"><h3>" + E(i.title) +
               "</h3></a><p>" + E(i.meta) + "</p></div>\n";
      }
      return out;
  }
}

const PhoneOccurrence* FieldOccurrence(const Advert& a, const std::string& where) {
  for (const auto& p : a.phone_occurrences) {
    if (p.where == where) return &p;
  }
  return nullptr;
}

}  // namespace

const char* BannerPath(int site) { return kBanners[site]; }

LinkItem ItemOf(const Advert& a) {
  return {.path = AdvertPath(a.meta),
          .title = a.title,
          .meta = a.name + ", " + std::to_string(a.age) + ", " + Towns()[static_cast<size_t>(a.meta.town)].name,
          .updated = a.updated.substr(0, 10)};
}

std::string RenderHome(const PageContext& c, const std::vector<std::pair<int, int>>& town_counts) {
  std::string main = "<h1>" + E(Site(c.site).display) + "</h1>\n<ul class=\"town-index\">\n";
  for (const auto& [town, n] : town_counts) {
    main += "<li><a href=\"" + TownPath(c.site, town) + "\">" + E(Towns()[static_cast<size_t>(town)].name) +
            "</a> (" + std::to_string(n) + ")</li>\n";
  }
  main += "</ul>\n";
  return Frame(c, "Companions across the UK", main);
}

std::string RenderListing(const PageContext& c, int town, int page, int pages, const std::vector<LinkItem>& items) {
  const std::string& name = Towns()[static_cast<size_t>(town)].name;
  std::string main = "<h1 class=\"listing-title\">Companions in " + E(name) + "</h1>\n" + ItemList(c.site, items);
  main += "<nav class=\"pagination\">";
  if (page > 1) main += "<a rel=\"prev\" href=\"" + TownPath(c.site, town, page - 1) + "\">Previous</a> ";
  main += "<span class=\"page\">Page " + std::to_string(page) + " of " + std::to_string(pages) + "</span>";
  if (page < pages) main += " <a rel=\"next\" href=\"" + TownPath(c.site, town, page + 1) + "\">Next</a>";
  main += "</nav>\n";
  return Frame(c, "Companions in " + name + (page > 1 ? " - page " + std::to_string(page) : ""), main);
}

std::string RenderAdvert(const PageContext& c, const Advert& a) {
  const std::string town = Towns()[static_cast<size_t>(a.meta.town)].name;
  const std::string id = std::to_string(a.meta.site_id);
  const std::string profile = ProfilePath(c.site, a.profile_slug);
  std::string m;
  std::string gallery;
  for (size_t k = 0; k < a.images.size(); ++k) {
    gallery += "<img src=\"" + a.images[k].path + "\" alt=\"" + E(a.name) + " photo " + std::to_string(k + 1) + "\">";
  }
  switch (c.site) {
    case 0: {
      m = "<article class=\"ad\" id=\"ad-" + id + "\">\n<h1 class=\"ad-title\">" + E(a.title) + "</h1>\n" +
          "<div class=\"profile\"><span class=\"name\">" + E(a.name) + "</span> <span class=\"age\">" +
          std::to_string(a.age) + "</span> <span class=\"nationality\">" + E(a.nationality) +
          "</span> <span class=\"location\">" + E(town) + "</span></div>\n<ul class=\"rates\">";
      for (const auto& p : a.prices) m += "<li>" + Duration(p.minutes) + ": " + Money(p.pounds) + "</li>";
      m += "</ul>\n<ul class=\"services\">";
      for (const auto& s : a.services) m += "<li>" + E(s) + "</li>";
      m += "</ul>\n<div class=\"description\">" + a.description_html + "</div>\n";
      if (const PhoneOccurrence* f = FieldOccurrence(a, "field")) {
        m += "<div class=\"phone\">" + f->raw + "</div>\n";
      } else {
        m += "<div class=\"phone-note\">Contact details in my photos</div>\n";
      }
      m += "<div class=\"gallery\">" + gallery + "</div>\n<p class=\"dates\">Posted <time class=\"posted\" datetime=\"" +
           a.posted + "\">" + a.posted.substr(0, 10) + "</time>, updated <time class=\"updated\" datetime=\"" +
           a.updated + "\">" + a.updated.substr(0, 10) + "</time></p>\n<a class=\"profile-link\" href=\"" + profile +
           "\">More from " + E(a.name) + "</a> | <a class=\"report\" href=\"/report/" + id +
           "\">Report this advert</a>\n</article>\n";
      break;
    }
    case 1: {
      m = "<div class=\"listing-page\">\n<h2 class=\"listing-heading\">" + E(a.title) + "</h2>\n<dl class=\"facts\">" +
          "<dt>Name</dt><dd class=\"name\">" + E(a.name) + "</dd><dt>Age</dt><dd class=\"age\">" +
          std::to_string(a.age) + "</dd><dt>Area</dt><dd class=\"area\">" + E(town) +
          "</dd><dt>Nationality</dt><dd class=\"nat\">" + E(a.nationality) + "</dd></dl>\n<table class=\"prices\">";
      for (const auto& p : a.prices) {
        m += "<tr><td class=\"dur\">" + Duration(p.minutes) + "</td><td class=\"amt\">" + Money(p.pounds) + "</td></tr>";
      }
      m += "</table>\n<p class=\"tags\">";
      for (const auto& s : a.services) m += "<span class=\"tag\">" + E(s) + "</span> ";
      m += "</p>\n<section id=\"about\">" + a.description_html + "</section>\n";
      if (!a.field_phone.empty()) {
        m += "<p class=\"contact\">Phone: <span class=\"contact-number\" data-phone=\"" + a.field_phone +
             "\">Show number</span></p>\n";
      }
      m += "<div class=\"photos\">" + gallery + "</div>\n<p>Added <span class=\"date-added\">" + a.posted +
           "</span> &middot; Updated <span class=\"date-updated\">" + a.updated + "</span></p>\n<a class=\"poster\" href=\"" +
           profile + "\">All adverts by this poster</a>\n";
      nlohmann::json ld = {{"@context", "https://schema.org"}, {"@type", "Person"}, {"name", a.name},
                           {"address", {{"@type", "PostalAddress"}, {"addressLocality", town}}}};
      if (!a.field_phone.empty()) ld["telephone"] = a.field_phone;
      std::string json = ld.dump();
      for (size_t p = json.find("</"); p != std::string::npos; p = json.find("</", p)) json.replace(p, 2, "<\\/");
      m += "<script type=\"application/ld+json\">" + json + "</script>\n</div>\n";
      break;
    }
    default: {
      m = "<article class=\"listing\"><header><h1 class=\"headline\">" + E(a.title) + "</h1></header>\n" +
          "<div class=\"bio\"><b class=\"who\">" + E(a.name) + "</b>, <span class=\"yrs\">" + std::to_string(a.age) +
          "</span> &middot; <span class=\"where\">" + E(town) + "</span> &middot; <span class=\"origin\">" +
          E(a.nationality) + "</span></div>\n";
      for (const auto& p : a.prices) {
        m += "<div class=\"price-row\">" + Duration(p.minutes) + " " + Money(p.pounds) + "</div>\n";
      }
      m += "<div class=\"text\">" + a.description_html + "</div>\n<div class=\"skills\">";
      for (size_t i = 0; i < a.services.size(); ++i) m += (i ? ", " : "") + E(a.services[i]);
      m += "</div>\n";
      if (const PhoneOccurrence* f = FieldOccurrence(a, "link")) m += "<div class=\"call\">" + f->raw + "</div>\n";
      m += "<div class=\"pics\">" + gallery + "</div>\n<p class=\"stamp\">Posted <time class=\"ts-posted\" datetime=\"" +
           a.posted + "\">" + a.posted.substr(0, 10) + "</time> &middot; Updated <time class=\"ts-updated\" datetime=\"" +
           a.updated + "\">" + a.updated.substr(0, 10) + "</time></p>\n<a class=\"more\" href=\"" + profile +
           "\">See all my adverts</a> <a class=\"ext\" rel=\"nofollow\" href=\"/out/" + id +
           "\">Visit my website</a>\n</article>\n";
    }
  }
  return Frame(c, a.title, m);
}

std::string RenderProfile(const PageContext& c, const std::string& title, const std::vector<LinkItem>& items) {
  return Frame(c, title, "<h1 class=\"profile-title\">" + E(title) + "</h1>\n" + ItemList(c.site, items));
}

std::string RenderAgeGate(const std::string& next) {
  return Head("Adults only") +
         "<body>\n<div class=\"age-gate\"><h1>Adults only</h1><p>This website contains adverts for adult services. "
         "You must be 18 or over to enter.</p>\n<a class=\"enter\" href=\"/age-check?confirm=yes&amp;next=" +
         E(next) + "\">I am 18 or over &ndash; enter</a></div>\n</body>\n</html>\n";
}

std::string RenderPlain(const PageContext& c, const std::string& title, const std::string& body_text) {
  return Frame(c, title, "<h1>" + E(title) + "</h1>\n<p>" + E(body_text) + "</p>\n");
}

std::string RenderRobots(int site, double crawl_delay_seconds, const std::string& base_url) {
  char delay[32];
  std::snprintf(delay, sizeof(delay), "%g", crawl_delay_seconds);
  std::string out = "User-agent: *\nCrawl-delay: " + std::string(delay) + "\n";
  if (site == 0) out += "Disallow: /report/\nDisallow: /age-check\n";
  if (site == 1) out += "Disallow: /search\n\nSitemap: " + base_url + "/sitemap.xml\n";
  if (site == 2) out += "Disallow: /out/\n";
  return out;
}

std::string RenderSitemap(const std::string& base_url, const std::vector<std::string>& paths) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& p : paths) out += "<url><loc>" + E(base_url + p) + "</loc></url>\n";
  return out + "</urlset>\n";
}

std::vector<std::vector<std::vector<int64_t>>> ListingOrder(const World& world, const std::vector<AdvertMeta>& metas,
                                                            int day) {
  std::vector<std::vector<std::vector<int64_t>>> by_town(kNumSites,
                                                         std::vector<std::vector<int64_t>>(Towns().size()));
  std::vector<std::vector<std::pair<int, int64_t>>> keyed(kNumSites * Towns().size());
  for (const AdvertMeta& m : metas) {
    if (!world.Live(m, day)) continue;
    keyed[static_cast<size_t>(m.site) * Towns().size() + static_cast<size_t>(m.town)].push_back(
        {world.BumpDay(m, day), m.index});
  }
  for (int s = 0; s < kNumSites; ++s) {
    for (size_t t = 0; t < Towns().size(); ++t) {
      auto& v = keyed[static_cast<size_t>(s) * Towns().size() + t];
      // Most recently bumped first; ties in a stable, id-like order.
      std::sort(v.begin(), v.end(), [&metas](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first > b.first;
        return metas[static_cast<size_t>(a.second)].site_id > metas[static_cast<size_t>(b.second)].site_id;
      });
      for (const auto& [bump, i] : v) by_town[static_cast<size_t>(s)][t].push_back(i);
    }
  }
  return by_town;
}

std::vector<LinkItem> FeaturedOf(const World& world, const std::vector<std::vector<int64_t>>& by_town, int site,
                                 int day) {
  std::vector<int64_t> all_live;
  for (const auto& town : by_town) all_live.insert(all_live.end(), town.begin(), town.end());
  std::vector<LinkItem> featured;
  Rng r(world.spec().seed, "featured", static_cast<uint64_t>(site), static_cast<uint64_t>(day));
  for (int k = 0; k < kFeaturedPerPage && !all_live.empty(); ++k) {
    featured.push_back(ItemOf(world.Build(all_live[r.Below(all_live.size())], day)));
  }
  return featured;
}

}  // namespace admon::testsite
