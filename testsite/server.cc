// Copyright 2026 The admon Authors.
#include "testsite/server.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <optional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "httplib.h"
#include "spdlog/spdlog.h"
#include "testsite/generate.h"
#include "testsite/html.h"
#include "testsite/images.h"
#include "testsite/phones.h"
#include "testsite/rng.h"

namespace admon::testsite {
namespace {

constexpr int kBindAttempts = 20;          // tries to find one free port on all three site addresses
constexpr size_t kMaxSitemapUrls = 50000;  // sitemaps.org limit per file
constexpr int kRecentViolations = 20;      // violation records kept for /__stats
constexpr size_t kSmallBodyBytes = 64 * 1024;  // bodies written in one loopback write (see set_logger)
constexpr int kStartWaitMs = 5000;         // bound sockets start accepting well within this
const char* const kHtml = "text/html; charset=utf-8";

struct Counters {
  int64_t requests = 0;
  int64_t violations = 0;
  int64_t bytes = 0;
  int64_t disallowed = 0;
  std::map<int, int64_t> statuses;
  std::set<int64_t> advert_pages;  // site ids served with 200
};

struct ClientState {
  int inflight = 0;
  bool has_last = false;
  absl::Time last_end;
  const void* last_request = nullptr;  // the request that started last (identity only)
};

// Live adverts of one day, per site and town, in listing order.
struct DayIndex {
  int day = 0;
  std::vector<std::vector<std::vector<int64_t>>> by_town;  // [site][town]
  std::vector<int64_t> live;                               // [site]
  std::vector<std::vector<LinkItem>> featured;             // [site]
};

bool ParseInt(const std::string& s, int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool StartsWith(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }
bool EndsWith(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

}  // namespace

const char* FaultKindName(FaultKind k) {
  switch (k) {
    case FaultKind::k5xxBurst: return "5xx_burst";
    case FaultKind::kSlow: return "slow";
    case FaultKind::kReset: return "reset";
    case FaultKind::kTruncate: return "truncate";
    case FaultKind::kRedirectLoop: return "redirect_loop";
    case FaultKind::k429: return "429";
  }
  return "unknown";
}

absl::StatusOr<FaultKind> ParseFaultKind(const std::string& name) {
  for (FaultKind k : {FaultKind::k5xxBurst, FaultKind::kSlow, FaultKind::kReset, FaultKind::kTruncate,
                      FaultKind::kRedirectLoop, FaultKind::k429}) {
    if (name == FaultKindName(k)) return k;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("testsite: unknown fault kind \"", name,
                   "\" (want 5xx_burst, slow, reset, truncate, redirect_loop or 429)"));
}

struct Server::Impl {
  ServerOptions options;
  std::unique_ptr<World> world;
  Clock* clock = nullptr;
  std::vector<AdvertMeta> metas;
  std::vector<std::string> banners;  // JPEG bytes per site
  std::vector<std::string> base_urls;
  std::string control;
  std::vector<std::unique_ptr<httplib::Server>> servers;  // sites then control
  std::vector<std::thread> threads;
  bool stopped = false;

  mutable std::mutex mu;  // guards everything below
  std::shared_ptr<const DayIndex> index;
  std::vector<Counters> counters;  // per site
  std::map<std::pair<std::string, int>, ClientState> clients;
  std::vector<std::deque<FaultKind>> faults;  // per site
  std::vector<nlohmann::json> recent_violations;

  std::shared_ptr<const DayIndex> Index() const {
    std::lock_guard<std::mutex> l(mu);
    return index;
  }

  std::shared_ptr<const DayIndex> BuildIndex(int day) const {
    auto idx = std::make_shared<DayIndex>();
    idx->day = day;
    idx->by_town = ListingOrder(*world, metas, day);
    idx->live.assign(kNumSites, 0);
    for (int s = 0; s < kNumSites; ++s) {
      for (const auto& town : idx->by_town[static_cast<size_t>(s)]) {
        idx->live[static_cast<size_t>(s)] += static_cast<int64_t>(town.size());
      }
      idx->featured.push_back(FeaturedOf(*world, idx->by_town[static_cast<size_t>(s)], s, day));
    }
    return idx;
  }

  // Politeness bookkeeping at the start of a site request. Returns true on a violation.
  bool BeginRequest(int site, const httplib::Request& req) {
    const absl::Time now = clock->Now();
    std::lock_guard<std::mutex> l(mu);
    Counters& c = counters[static_cast<size_t>(site)];
    c.requests++;
    ClientState& st = clients[{req.remote_addr, site}];
    bool violation = false;
    absl::Duration gap = absl::InfiniteDuration();
    if (st.inflight > 0) {
      violation = true;
      gap = absl::ZeroDuration();
    } else if (st.has_last) {
      gap = now - st.last_end;
      violation = gap < options.crawl_delay - options.tolerance;
    }
    st.inflight++;
    st.last_request = &req;
    if (violation) {
      c.violations++;
      if (recent_violations.size() >= kRecentViolations) recent_violations.erase(recent_violations.begin());
      recent_violations.push_back({{"site", Site(site).name},
                                   {"client", req.remote_addr},
                                   {"path", req.path},
                                   {"overlap", st.inflight > 1},
                                   {"gap_ms", absl::ToDoubleMilliseconds(gap)}});
    }
    return violation;
  }

  // Called when the handler returns and again after the response is written.
  void EndRequest(int site, const httplib::Request& req, bool written) {
    const absl::Time now = clock->Now();
    std::lock_guard<std::mutex> l(mu);
    ClientState& st = clients[{req.remote_addr, site}];
    if (!written) {
      st.inflight = std::max(0, st.inflight - 1);
    } else if (st.last_request != &req) {
      // A newer request from this client already started (on another
      // connection): this late stamp must not shorten the newer one's gap.
      return;
    }
    if (!st.has_last || now > st.last_end) st.last_end = now;
    st.has_last = true;
  }

  void Record(int site, const httplib::Request&, const httplib::Response& res) {
    std::lock_guard<std::mutex> l(mu);
    Counters& c = counters[static_cast<size_t>(site)];
    c.statuses[res.status]++;
    c.bytes += static_cast<int64_t>(res.body.size());
  }

  std::optional<FaultKind> TakeFault(int site) {
    std::lock_guard<std::mutex> l(mu);
    auto& q = faults[static_cast<size_t>(site)];
    if (q.empty()) return std::nullopt;
    FaultKind k = q.front();
    q.pop_front();
    return k;
  }

  PageContext Context(int site, const DayIndex& idx) const {
    return {.site = site, .day = idx.day, .featured = idx.featured[static_cast<size_t>(site)],
            .chrome_bytes = options.page_chrome_bytes};
  }

  void NotFound(int site, const DayIndex& idx, httplib::Response& res, int status = 404) const {
    res.status = status;
    res.set_content(RenderPlain(Context(site, idx), status == 410 ? "Advert removed" : "Page not found",
                                status == 410 ? "This advert has been removed by the advertiser."
                                              : "Sorry, we could not find that page."),
                    kHtml);
  }

  // Advert index named by a site path, with the status to use when it is not live.
  std::optional<int64_t> AdvertOf(int site, int64_t site_id) const {
    std::optional<int64_t> i = world->IndexOfSiteId(site_id);
    if (!i || metas[static_cast<size_t>(*i)].site != site) return std::nullopt;
    return i;
  }

  bool ServeAdvert(int site, const DayIndex& idx, int64_t site_id, const std::string& path,
                   httplib::Response& res) {
    std::optional<int64_t> i = AdvertOf(site, site_id);
    if (!i) return false;
    const AdvertMeta& m = metas[static_cast<size_t>(*i)];
    if (AdvertPath(m) != path) return false;
    if (idx.day < m.first_day) return false;
    if (idx.day > m.last_day) {
      NotFound(site, idx, res, 410);
      return true;
    }
    res.set_content(RenderAdvert(Context(site, idx), world->Build(*i, idx.day)), kHtml);
    std::lock_guard<std::mutex> l(mu);
    counters[static_cast<size_t>(site)].advert_pages.insert(site_id);
    return true;
  }

  bool ServeImage(int site, const DayIndex& idx, int64_t site_id, const std::string& path, httplib::Response& res) {
    std::optional<int64_t> i = AdvertOf(site, site_id);
    if (!i || !world->Live(metas[static_cast<size_t>(*i)], idx.day)) return false;
    Advert a = world->Build(*i, idx.day);
    for (const ImageRef& ref : a.images) {
      if (ref.path != path) continue;
      absl::StatusOr<std::string> bytes = RenderImage(ref, Site(site).display);
      if (!bytes.ok()) {
        spdlog::error("testsite: {}", std::string(bytes.status().message()));
        res.status = 500;
        return true;
      }
      res.set_content(*bytes, "image/jpeg");
      return true;
    }
    return false;
  }

  void ServeListing(int site, const DayIndex& idx, int town, const httplib::Request& req, httplib::Response& res) {
    const auto& all = idx.by_town[static_cast<size_t>(site)][static_cast<size_t>(town)];
    const int64_t per = Site(site).page_size;
    const int64_t pages = std::max<int64_t>(1, (static_cast<int64_t>(all.size()) + per - 1) / per);
    int64_t page = 1;
    if (req.has_param("page") && (!ParseInt(req.get_param_value("page"), &page) || page < 1 || page > pages)) {
      NotFound(site, idx, res);
      return;
    }
    std::vector<LinkItem> items;
    for (int64_t k = (page - 1) * per; k < std::min<int64_t>(page * per, static_cast<int64_t>(all.size())); ++k) {
      items.push_back(ItemOf(world->Build(all[static_cast<size_t>(k)], idx.day)));
    }
    res.set_content(RenderListing(Context(site, idx), town, static_cast<int>(page), static_cast<int>(pages), items),
                    kHtml);
  }

  bool ServeProfile(int site, const DayIndex& idx, const std::string& slug, httplib::Response& res) {
    const size_t dash = slug.rfind('-');
    if (dash == std::string::npos) return false;
    std::vector<LinkItem> items;
    std::string title;
    for (int64_t i : world->AdvertsOfProfile(slug.substr(dash + 1))) {
      const AdvertMeta& m = metas[static_cast<size_t>(i)];
      if (m.site != site || !world->Live(m, idx.day)) continue;
      Advert a = world->Build(i, idx.day);
      if (a.profile_slug != slug) return false;
      if (title.empty()) title = a.agency.empty() ? a.name : a.agency;
      items.push_back(ItemOf(a));
    }
    if (items.empty()) return false;
    res.set_content(RenderProfile(Context(site, idx), title, items), kHtml);
    return true;
  }

  void ServeFault(FaultKind k, const httplib::Request& req, httplib::Response& res) {
    switch (k) {
      case FaultKind::k5xxBurst:
        res.status = 503;
        res.set_content("Service temporarily unavailable\n", "text/plain");
        return;
      case FaultKind::k429:
        res.status = 429;
        res.set_header("Retry-After", "1");
        res.set_content("Too many requests\n", "text/plain");
        return;
      case FaultKind::kRedirectLoop:
        res.set_redirect("/loop/a", 302);
        return;
      case FaultKind::kSlow:
        std::this_thread::sleep_for(absl::ToChronoMilliseconds(options.slow_delay));
        res.set_content("<!DOCTYPE html><html><body><p>Slow response to " + HtmlEscape(req.path) +
                            "</p></body></html>\n",
                        kHtml);
        return;
      case FaultKind::kReset:
      case FaultKind::kTruncate: {
        const bool truncate = k == FaultKind::kTruncate;
        auto body = std::make_shared<std::string>(
            "<!DOCTYPE html><html><body>" + std::string(4096, 'x') + "</body></html>\n");
        // Promise the whole body, send half (truncate) or nothing (reset), then drop the connection.
        res.set_content_provider(body->size(), "text/html",
                                 [body, truncate](size_t offset, size_t, httplib::DataSink& sink) {
                                   if (truncate && offset == 0) sink.write(body->data(), body->size() / 2);
                                   return false;
                                 });
        return;
      }
    }
  }

  void HandleSite(int site, const httplib::Request& req, httplib::Response& res) {
    const bool violation = BeginRequest(site, req);
    HandleSiteInner(site, violation, req, res);
    EndRequest(site, req, /*written=*/false);
  }

  void HandleSiteInner(int site, bool violation, const httplib::Request& req, httplib::Response& res) {
    std::shared_ptr<const DayIndex> idx_ptr = Index();
    const DayIndex& idx = *idx_ptr;
    const std::string& path = req.path;
    // Compression: nightowl gzips (when asked), the others never compress.
    auto& headers = const_cast<httplib::Headers&>(req.headers);
    const bool gzip_ok = site == 2 && req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
    headers.erase("Accept-Encoding");
    if (gzip_ok) headers.emplace("Accept-Encoding", "gzip");

    if (path == "/robots.txt") {
      res.set_content(RenderRobots(site, absl::ToDoubleSeconds(options.crawl_delay), base_urls[static_cast<size_t>(site)]),
                      "text/plain");
      return;
    }
    if (violation && options.reject_violations) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      res.set_content("Too many requests: slow down\n", "text/plain");
      return;
    }
    if (std::optional<FaultKind> f = TakeFault(site)) {
      ServeFault(*f, req, res);
      return;
    }
    if (path == "/loop/a" || path == "/loop/b") {
      res.set_redirect(path == "/loop/a" ? "/loop/b" : "/loop/a", 302);
      return;
    }
    if (path == BannerPath(site)) {
      res.set_content(banners[static_cast<size_t>(site)], "image/jpeg");
      return;
    }
    if (RouteImage(site, idx, path, res)) return;
    if (site == 0) {
      if (path == "/age-check") {
        std::string next = req.get_param_value("next");
        if (!StartsWith(next, "/") || StartsWith(next, "//")) next = "/";
        res.set_header("Set-Cookie", "over18=1; Path=/; SameSite=Lax");
        res.set_redirect(next, 302);
        return;
      }
      if (req.get_header_value("Cookie").find("over18=1") == std::string::npos) {
        std::string next = path;
        if (req.has_param("page")) next += "?page=" + req.get_param_value("page");
        res.set_content(RenderAgeGate(next), kHtml);
        return;
      }
    }
    if (RouteHtml(site, idx, req, res)) return;
    NotFound(site, idx, res);
  }

  bool RouteImage(int site, const DayIndex& idx, const std::string& path, httplib::Response& res) {
    std::string id;
    if (site == 0 && StartsWith(path, "/img/") && EndsWith(path, ".jpg")) {
      id = path.substr(5, path.find('-') == std::string::npos ? 0 : path.find('-') - 5);
    } else if (site == 1 && StartsWith(path, "/media/")) {
      id = path.substr(7, path.find('/', 7) == std::string::npos ? 0 : path.find('/', 7) - 7);
    } else if (site == 2 && StartsWith(path, "/photos/")) {
      id = path.substr(8, path.find('_') == std::string::npos ? 0 : path.find('_') - 8);
    } else {
      return false;
    }
    int64_t site_id = 0;
    if (!ParseInt(id, &site_id) || !ServeImage(site, idx, site_id, path, res)) NotFound(site, idx, res);
    return true;
  }

  bool RouteHtml(int site, const DayIndex& idx, const httplib::Request& req, httplib::Response& res) {
    const std::string& path = req.path;
    const PageContext ctx = Context(site, idx);
    if (path == "/") {
      std::vector<std::pair<int, int>> counts;
      for (size_t t = 0; t < Towns().size(); ++t) {
        counts.push_back({static_cast<int>(t), static_cast<int>(idx.by_town[static_cast<size_t>(site)][t].size())});
      }
      res.set_content(RenderHome(ctx, counts), kHtml);
      return true;
    }
    for (size_t t = 0; t < Towns().size(); ++t) {
      if (path == TownPath(site, static_cast<int>(t))) {
        ServeListing(site, idx, static_cast<int>(t), req, res);
        return true;
      }
    }
    const char* const kAdvertPrefix[] = {"/advert/", "/ad/", "/listing/"};
    const char* const kProfilePrefix[] = {"/profile/", "/poster/", "/u/"};
    const std::string ap = kAdvertPrefix[site], pp = kProfilePrefix[site];
    if (StartsWith(path, ap)) {
      std::string rest = path.substr(ap.size());
      rest = rest.substr(0, std::min(rest.find('.'), rest.find('-')));
      int64_t site_id = 0;
      return ParseInt(rest, &site_id) && ServeAdvert(site, idx, site_id, path, res);
    }
    if (StartsWith(path, pp)) return ServeProfile(site, idx, path.substr(pp.size()), res);
    if (site == 0 && StartsWith(path, "/report/")) {
      CountDisallowed(site);
      res.set_content(RenderPlain(ctx, "Report this advert", "Tell us what is wrong with this advert."), kHtml);
      return true;
    }
    if (site == 1 && path == "/sitemap.xml") {
      std::vector<std::string> paths = {"/"};
      for (size_t t = 0; t < Towns().size(); ++t) paths.push_back(TownPath(site, static_cast<int>(t)));
      for (const auto& town : idx.by_town[static_cast<size_t>(site)]) {
        for (int64_t i : town) {
          if (paths.size() >= kMaxSitemapUrls) break;
          paths.push_back(AdvertPath(metas[static_cast<size_t>(i)]));
        }
      }
      res.set_content(RenderSitemap(base_urls[static_cast<size_t>(site)], paths), "application/xml");
      return true;
    }
    if (site == 1 && path == "/search") {
      CountDisallowed(site);
      res.set_content(RenderPlain(ctx, "Search", "Search is temporarily unavailable."), kHtml);
      return true;
    }
    if (site == 2 && StartsWith(path, "/out/")) {
      CountDisallowed(site);
      res.set_content(RenderPlain(ctx, "Leaving NightOwl", "You are leaving NightOwl Companions."), kHtml);
      return true;
    }
    return false;
  }

  void CountDisallowed(int site) {
    std::lock_guard<std::mutex> l(mu);
    counters[static_cast<size_t>(site)].disallowed++;
  }

  void HandleControl(const httplib::Request& req, httplib::Response& res, Server* owner) {
    if (req.path == "/__stats") {
      res.set_content(owner->Stats().dump(2) + "\n", "application/json");
    } else if (req.path == "/__config") {
      res.set_content(owner->SitesYaml(), "text/yaml");
    } else if (req.path == "/__health") {
      res.set_content("ok\n", "text/plain");
    } else if (req.path == "/__advance" && req.method == "POST") {
      absl::Status s = owner->Advance();
      res.status = s.ok() ? 200 : 409;
      res.set_content(nlohmann::json{{"day", owner->day()}, {"error", std::string(s.message())}}.dump() + "\n",
                      "application/json");
    } else if (req.path == "/__faults" && req.method == "POST") {
      int64_t count = 1;
      if (req.has_param("count") && !ParseInt(req.get_param_value("count"), &count)) count = -1;
      absl::StatusOr<FaultKind> kind = ParseFaultKind(req.get_param_value("kind"));
      absl::Status s = kind.ok() ? owner->InjectFault(req.get_param_value("site"), *kind, static_cast<int>(count))
                                 : kind.status();
      res.status = s.ok() ? 200 : 400;
      res.set_content(s.ok() ? "ok\n" : std::string(s.message()) + "\n", "text/plain");
    } else {
      res.status = 404;
      res.set_content("unknown control endpoint\n", "text/plain");
    }
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  WorldSpec spec = options.world;
  if (!options.data_dir.empty()) {
    ADMON_ASSIGN_OR_RETURN(spec, LoadManifest(options.data_dir));
  }
  ADMON_RETURN_IF_ERROR(ValidateSpec(spec));
  if (options.day < 0 || options.day >= spec.days) {
    return absl::InvalidArgumentError(absl::StrCat("testsite: --day ", options.day, " outside 0..", spec.days - 1));
  }
  if (options.port < 0 || options.port > 65535 - kNumSites) {
    return absl::InvalidArgumentError(absl::StrCat("testsite: --port ", options.port, " out of range"));
  }
  impl->world = std::make_unique<World>(spec);
  impl->clock = options.clock ? options.clock : Clock::Real();
  impl->metas.reserve(static_cast<size_t>(spec.adverts));
  for (int64_t i = 0; i < spec.adverts; ++i) impl->metas.push_back(impl->world->Meta(i));
  for (int s = 0; s < kNumSites; ++s) {
    ADMON_ASSIGN_OR_RETURN(std::string banner, RenderBanner(s));
    impl->banners.push_back(std::move(banner));
  }
  impl->counters.resize(kNumSites);
  impl->faults.resize(kNumSites);
  impl->index = impl->BuildIndex(options.day);

  Impl* raw = impl.get();
  auto make_site = [raw](int site) {
    auto svr = std::make_unique<httplib::Server>();
    svr->Get(".*", [raw, site](const httplib::Request& req, httplib::Response& res) { raw->HandleSite(site, req, res); });
    svr->set_logger([raw, site](const httplib::Request& req, const httplib::Response& res) {
      // Small in-memory bodies: the handler's return is the end (a loopback
      // write takes microseconds, while this stamp, taken after write(), can
      // come milliseconds late on a loaded machine and falsely shorten the
      // next gap). Streamed or large bodies: the end is after the write.
      if (res.content_provider_ || res.body.size() > kSmallBodyBytes) raw->EndRequest(site, req, /*written=*/true);
      raw->Record(site, req, res);
    });
    svr->set_keep_alive_max_count(1000);
    return svr;
  };

  // Bind the sites.
  std::vector<std::unique_ptr<httplib::Server>> sites;
  std::vector<std::string> urls;
  for (int attempt = 0; attempt < kBindAttempts && sites.empty(); ++attempt) {
    int port = options.port == 0 ? 0 : options.port + 1;
    std::vector<std::unique_ptr<httplib::Server>> got;
    std::vector<std::string> got_urls;
    for (int s = 0; s < kNumSites; ++s) {
      auto svr = make_site(s);
      const std::string host = options.hosts_mode == HostsMode::kIp ? "127.0.0." + std::to_string(2 + s) : "127.0.0.1";
      int want = options.hosts_mode == HostsMode::kIp ? port : (port == 0 ? 0 : port + s);
      int bound = want;
      if (want == 0) {
        bound = svr->bind_to_any_port(host);
        if (bound < 0) break;
      } else if (!svr->bind_to_port(host, want)) {
        break;
      }
      if (options.hosts_mode == HostsMode::kIp && s == 0) port = bound;
      got_urls.push_back("http://" + host + ":" + std::to_string(bound));
      got.push_back(std::move(svr));
    }
    if (got.size() == kNumSites) {
      sites = std::move(got);
      urls = std::move(got_urls);
    } else if (options.port != 0) {
      return absl::UnavailableError(absl::StrCat("testsite: cannot bind site ", Site(static_cast<int>(got.size())).name,
                                                 " (port ", options.port + 1, ", mode ",
                                                 options.hosts_mode == HostsMode::kIp ? "ip" : "port", ")"));
    }
  }
  if (sites.empty()) return absl::UnavailableError("testsite: cannot find a free port for the sites");

  auto control = std::make_unique<httplib::Server>();
  int control_port = options.port;
  if (control_port == 0) {
    control_port = control->bind_to_any_port("127.0.0.1");
    if (control_port < 0) return absl::UnavailableError("testsite: cannot bind control on 127.0.0.1");
  } else if (!control->bind_to_port("127.0.0.1", control_port)) {
    return absl::UnavailableError(absl::StrCat("testsite: cannot bind control on 127.0.0.1:", control_port));
  }
  impl->base_urls = urls;
  impl->control = "http://127.0.0.1:" + std::to_string(control_port);

  std::unique_ptr<Server> server(new Server(std::move(impl)));
  Server* owner = server.get();
  control->Get(".*", [raw, owner](const httplib::Request& req, httplib::Response& res) {
    raw->HandleControl(req, res, owner);
  });
  control->Post(".*", [raw, owner](const httplib::Request& req, httplib::Response& res) {
    raw->HandleControl(req, res, owner);
  });
  sites.push_back(std::move(control));
  for (auto& svr : sites) {
    httplib::Server* p = svr.get();
    raw->threads.emplace_back([p] { p->listen_after_bind(); });
  }
  raw->servers = std::move(sites);
  // Sockets are bound and listening already; wait for the accept loops so
  // Stop() never races a server that has not started.
  for (auto& svr : raw->servers) {
    for (int i = 0; i < kStartWaitMs && !svr->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  spdlog::info("testsite: day {} of {}, {} adverts; control {}; sites {} {} {}", options.day, spec.days,
               spec.adverts, raw->control, raw->base_urls[0], raw->base_urls[1], raw->base_urls[2]);
  return server;
}

void Server::Stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  for (auto& svr : impl_->servers) svr->stop();
  for (auto& t : impl_->threads) t.join();
}

const std::vector<std::string>& Server::site_base_urls() const { return impl_->base_urls; }
const std::string& Server::control_url() const { return impl_->control; }
const World& Server::world() const { return *impl_->world; }
int Server::day() const { return impl_->Index()->day; }

absl::Status Server::Advance() {
  const int next = day() + 1;
  if (next >= impl_->world->spec().days) {
    return absl::FailedPreconditionError(
        absl::StrCat("testsite: already on the last day (", next - 1, " of 0..", impl_->world->spec().days - 1, ")"));
  }
  std::shared_ptr<const DayIndex> idx = impl_->BuildIndex(next);
  std::lock_guard<std::mutex> l(impl_->mu);
  impl_->index = std::move(idx);
  return absl::OkStatus();
}

absl::Status Server::InjectFault(const std::string& site, FaultKind kind, int count) {
  if (count < 1 || count > 1000) {
    return absl::InvalidArgumentError(absl::StrCat("testsite: fault count ", count, " outside 1..1000"));
  }
  for (int s = 0; s < kNumSites; ++s) {
    if (Site(s).name != site) continue;
    std::lock_guard<std::mutex> l(impl_->mu);
    for (int i = 0; i < count; ++i) impl_->faults[static_cast<size_t>(s)].push_back(kind);
    return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrCat("testsite: no site named \"", site, "\""));
}

nlohmann::json Server::Stats() const {
  std::shared_ptr<const DayIndex> idx = impl_->Index();
  std::lock_guard<std::mutex> l(impl_->mu);
  nlohmann::json out;
  out["day"] = idx->day;
  out["days"] = impl_->world->spec().days;
  out["crawl_delay_ms"] = absl::ToDoubleMilliseconds(impl_->options.crawl_delay);
  Counters total;
  int64_t distinct = 0, live = 0;
  nlohmann::json sites = nlohmann::json::object();
  for (int s = 0; s < kNumSites; ++s) {
    const Counters& c = impl_->counters[static_cast<size_t>(s)];
    nlohmann::json statuses = nlohmann::json::object();
    for (const auto& [code, n] : c.statuses) {
      statuses[std::to_string(code)] = n;
      total.statuses[code] += n;
    }
    sites[Site(s).name] = {{"base_url", impl_->base_urls[static_cast<size_t>(s)]},
                           {"requests", c.requests},
                           {"violations", c.violations},
                           {"bytes", c.bytes},
                           {"disallowed_requests", c.disallowed},
                           {"advert_pages_distinct", c.advert_pages.size()},
                           {"adverts_live", idx->live[static_cast<size_t>(s)]},
                           {"faults_pending", impl_->faults[static_cast<size_t>(s)].size()},
                           {"status", statuses}};
    total.requests += c.requests;
    total.violations += c.violations;
    total.bytes += c.bytes;
    total.disallowed += c.disallowed;
    distinct += static_cast<int64_t>(c.advert_pages.size());
    live += idx->live[static_cast<size_t>(s)];
  }
  nlohmann::json statuses = nlohmann::json::object();
  for (const auto& [code, n] : total.statuses) statuses[std::to_string(code)] = n;
  out["total"] = {{"requests", total.requests},   {"violations", total.violations},
                  {"bytes", total.bytes},         {"disallowed_requests", total.disallowed},
                  {"advert_pages_distinct", distinct}, {"adverts_live", live},
                  {"status", statuses}};
  out["sites"] = sites;
  out["recent_violations"] = impl_->recent_violations;
  return out;
}

std::string Server::SitesYaml() const { return MakeSitesYaml(impl_->base_urls, impl_->options.crawl_delay); }

}  // namespace admon::testsite
