// Copyright 2026 The admon Authors.
#include "crawler/crawler.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/sha256.h"
#include "common/status.h"
#include "crawler/frontier.h"
#include "crawler/links.h"
#include "crawler/politeness.h"
#include "crawler/robots.h"
#include "crawler/url.h"
#include "store/crawl_days.h"
#include "re2/re2.h"
#include "spdlog/spdlog.h"

namespace admon::crawler {

using store::CaptureKind;

namespace {

constexpr absl::Duration kMaxLoopWait = absl::Milliseconds(200);  // bounds reaction time to `stop`
constexpr absl::Duration kFailedRetry = absl::Hours(1);           // a URL that failed is retried next after this

enum class JobType { kPage, kRobots, kSitemap, kAgeGate };

struct Job {
  JobType type = JobType::kPage;
  size_t site = 0;
  std::string url;        // canonical URL (the capture key)
  std::string fetch_url;  // current hop
  CaptureKind kind = CaptureKind::kOther;
  int priority = 0;
  uint64_t seq = 0;
  int attempts = 0;
  std::vector<std::string> chain;  // previous hops
};

struct JobOrder {
  bool operator()(const Job& a, const Job& b) const {
    return std::tie(a.priority, a.seq) > std::tie(b.priority, b.seq);
  }
};

struct Host {
  std::string key;
  size_t site = 0;
  std::unique_ptr<HostPoliteness> pol;
  enum class Robots { kUnknown, kFetching, kReady } robots_state = Robots::kUnknown;
  RobotsTxt robots;
  absl::Time robots_expires = absl::InfinitePast();
  std::priority_queue<Job, std::vector<Job>, JobOrder> queue;
  int sitemaps = 0;
  bool sitemaps_tried = false;
  bool waiting = false;
};

struct Patterns {
  std::unique_ptr<RE2> listing, advert, profile, image;
  std::vector<std::unique_ptr<RE2>> follow, skip;
};

struct SiteState {
  const config::SiteConfig* cfg = nullptr;
  Patterns re;
  std::set<std::string> allowed_hosts;  // host:port of seeds
  std::map<std::string, FrontierEntry> frontier;
  bool loaded = false;
  CrawlSummary summary;
  CrawlSummary recorded;  // counters already added to the day's crawl health
  int64_t cycle = 0;
  std::set<std::string> scheduled;      // URLs queued or fetched this cycle
  std::set<std::string> listings_done;  // listing URLs fetched fine this cycle
  bool listing_failed = false;
  bool age_gate_done = false;
};

bool IsHtml(const std::string& content_type, const std::string& body) {
  if (content_type.find("html") != std::string::npos) return true;
  return content_type.empty() && body.find("<html") != std::string::npos;
}

std::unique_ptr<RE2> Compile(const std::string& pattern) {
  if (pattern.empty()) return nullptr;
  auto re = std::make_unique<RE2>(pattern, RE2::Quiet);
  return re->ok() ? std::move(re) : nullptr;  // validated at config load
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const CrawlSummary& s) {
  return os << s.site << ": fetched=" << s.fetched << " new=" << s.new_copies << " changed=" << s.changed
            << " seen_again=" << s.seen_again << " removed=" << s.removed << " errors=" << s.errors
            << " retries=" << s.retries << " bytes=" << s.bytes << " robots_blocked=" << s.robots_blocked
            << " politeness_waits=" << s.politeness_waits << " politeness_violations=" << s.politeness_violations
            << " queued=" << s.queued;
}

class Crawler::Impl {
 public:
  Impl(store::Db* db, CrawlOptions options, std::unique_ptr<Transport> transport)
      : db_(db), captures_(db), options_(std::move(options)), transport_(std::move(transport)) {}

  absl::Status Init(const config::SitesConfig& sites) {
    config_ = sites;
    for (const auto& cfg : config_.sites) {
      SiteState s;
      s.cfg = &cfg;
      s.summary.site = cfg.name;
      s.re.listing = Compile(cfg.urls.listing);
      s.re.advert = Compile(cfg.urls.advert);
      s.re.profile = Compile(cfg.urls.profile);
      s.re.image = Compile(cfg.urls.image);
      for (const auto& p : cfg.urls.follow) s.re.follow.push_back(Compile(p));
      for (const auto& p : cfg.urls.skip) s.re.skip.push_back(Compile(p));
      if (!s.re.listing || !s.re.advert) {
        return absl::InvalidArgumentError(absl::StrCat("site \"", cfg.name, "\": invalid url patterns"));
      }
      for (const auto& seed : cfg.seeds) {
        ADMON_ASSIGN_OR_RETURN(ParsedUrl p, ParseUrl(seed));
        s.allowed_hosts.insert(p.HostKey());
      }
      if (!cfg.obey_robots) {
        spdlog::warn("site {}: robots: ignore is set; robots.txt will NOT be obeyed", cfg.name);
      }
      sites_.push_back(std::move(s));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<CrawlSummary>> Run() {
    absl::Time start = Now();
    absl::Time deadline = options_.once || options_.run_for <= absl::ZeroDuration()
                              ? absl::InfiniteFuture()
                              : start + options_.run_for;
    while (true) {
      ADMON_RETURN_IF_ERROR(StartCycle());
      ADMON_RETURN_IF_ERROR(RunCycle());
      ADMON_RETURN_IF_ERROR(FinishCycle());
      ADMON_RETURN_IF_ERROR(RecordCycle());
      if (options_.once || Stopping() || Now() >= deadline) break;
      absl::Time next = std::min(NextDue(), deadline);
      while (!Stopping() && Now() < next) transport_->Wait(std::min(next - Now(), kMaxLoopWait));
      if (Stopping() || Now() >= deadline) break;
    }
    if (options_.progress_tty) std::fprintf(stderr, "\n");
    std::vector<CrawlSummary> out;
    for (auto& s : sites_) out.push_back(s.summary);
    return out;
  }

 private:
  absl::Time Now() const { return options_.clock->Now(); }
  bool Stopping() const { return options_.stop != nullptr && options_.stop->load(); }

  absl::Duration Recrawl(const SiteState& s, CaptureKind kind) const {
    switch (kind) {
      case CaptureKind::kListing:
      case CaptureKind::kSitemap:
        return s.cfg->recrawl.listing;
      case CaptureKind::kImage:
        return absl::InfiniteDuration();  // images are content: fetched once
      default:
        return s.cfg->recrawl.advert;
    }
  }

  absl::Time NextDue() const {
    absl::Time next = absl::InfiniteFuture();
    for (const auto& s : sites_) {
      for (const auto& [url, e] : s.frontier) {
        if (!e.removed) next = std::min(next, e.next_fetch);
      }
    }
    return next;
  }

  // --- Cycle ---------------------------------------------------------------

  absl::Status StartCycle() {
    absl::Time now = Now();
    for (size_t i = 0; i < sites_.size(); ++i) {
      SiteState& s = sites_[i];
      if (!s.loaded) {
        ADMON_ASSIGN_OR_RETURN(s.frontier, LoadFrontier(*db_, s.cfg->name));
        ADMON_ASSIGN_OR_RETURN(std::optional<std::string> c, db_->Get(store::Cf::kFrontier, CycleKey(s.cfg->name)));
        s.cycle = c ? DecodeCounter(*c) : 0;
        s.loaded = true;
      }
      ++s.cycle;
      s.scheduled.clear();
      s.listings_done.clear();
      s.listing_failed = false;
      store::WriteBatch batch(*db_);
      batch.Put(store::Cf::kFrontier, CycleKey(s.cfg->name), EncodeCounter(s.cycle));
      for (const auto& seed : s.cfg->seeds) {
        ADMON_ASSIGN_OR_RETURN(std::string url, CanonicalizeUrl(seed, s.cfg->urls.strip_params));
        if (s.frontier.count(url) != 0) continue;
        FrontierEntry e{.url = url, .site = s.cfg->name, .kind = CaptureKind::kListing, .discovered = now,
                        .next_fetch = now};
        batch.Put(store::Cf::kFrontier, FrontierKey(s.cfg->name, url), EncodeFrontierEntry(e));
        s.frontier[url] = e;
      }
      ADMON_RETURN_IF_ERROR(db_->Write(batch));
      if (!s.cfg->age_gate.form_url.empty() && !s.age_gate_done) {
        auto form = ResolveUrl(s.cfg->seeds[0], s.cfg->age_gate.form_url);
        if (form.ok()) {
          Job j{.type = JobType::kAgeGate, .site = i, .url = *form, .fetch_url = *form, .priority = -1};
          Enqueue(std::move(j));
        }
      }
      for (const auto& [url, e] : s.frontier) {
        if (e.removed || e.next_fetch > now) continue;
        Enqueue(PageJob(i, e, e.fetched ? (e.kind == CaptureKind::kListing ? Priority::kListing : Priority::kRecrawl)
                                        : NewPriority(e.kind)));
      }
    }
    return absl::OkStatus();
  }

  static Priority NewPriority(CaptureKind kind) {
    switch (kind) {
      case CaptureKind::kListing:
        return Priority::kListing;
      case CaptureKind::kAdvert:
        return Priority::kNewAdvert;
      case CaptureKind::kImage:
        return Priority::kNewImage;
      default:
        return Priority::kNewOther;
    }
  }

  Job PageJob(size_t site, const FrontierEntry& e, Priority p) {
    return Job{.type = JobType::kPage, .site = site, .url = e.url, .fetch_url = e.url, .kind = e.kind,
               .priority = static_cast<int>(p)};
  }

  absl::Status RunCycle() {
    while (true) {
      absl::Time now = Now();
      absl::Time earliest = absl::InfiniteFuture();
      if (!Stopping()) ADMON_RETURN_IF_ERROR(StartReady(now, &earliest));
      if (transport_->in_flight() == 0 && (Stopping() || earliest == absl::InfiniteFuture())) break;
      absl::Duration wait = kMaxLoopWait;
      if (earliest != absl::InfiniteFuture()) wait = std::min(wait, std::max(absl::ZeroDuration(), earliest - now));
      for (FetchResult& r : transport_->Wait(wait)) ADMON_RETURN_IF_ERROR(Handle(std::move(r)));
      Progress(false);
    }
    for (auto& [key, host] : hosts_) {
      sites_[host.site].summary.queued += static_cast<int64_t>(host.queue.size());
      host.queue = {};
    }
    Progress(true);
    return absl::OkStatus();
  }

  absl::Status FinishCycle() {
    absl::Time now = Now();
    if (Stopping()) return absl::OkStatus();
    for (SiteState& s : sites_) {
      if (s.listing_failed || s.listings_done.empty()) continue;
      bool full = true;
      for (const auto& [url, e] : s.frontier) {
        if (e.kind == CaptureKind::kListing && s.listings_done.count(url) == 0) full = false;
      }
      if (!full) continue;
      store::WriteBatch batch(*db_);
      int64_t removed = 0;
      for (auto& [url, e] : s.frontier) {
        if (e.kind != CaptureKind::kAdvert || e.removed || e.last_listed_cycle == 0 || e.last_listed_cycle >= s.cycle) {
          continue;
        }
        if (!captures_.StageMarkRemoved(url, now, batch).ok()) continue;  // never captured: nothing to mark
        e.removed = true;
        batch.Put(store::Cf::kFrontier, FrontierKey(s.cfg->name, url), EncodeFrontierEntry(e));
        ++removed;
      }
      ADMON_RETURN_IF_ERROR(db_->Write(batch));
      s.summary.removed += removed;
      if (removed > 0) spdlog::info("site {}: {} adverts gone from every listing page, marked removed", s.cfg->name, removed);
    }
    return absl::OkStatus();
  }

  // Adds this cycle's counters to the day's crawl health (store/crawl_days.h).
  absl::Status RecordCycle() {
    const std::string day = LondonDate(Now());
    for (SiteState& s : sites_) {
      const CrawlSummary& now = s.summary;
      CrawlSummary& was = s.recorded;
      ADMON_RETURN_IF_ERROR(store::AddCrawlDay(
          *db_, {.site = s.cfg->name, .date = day, .fetched = now.fetched - was.fetched,
                 .errors = now.errors - was.errors, .retries = now.retries - was.retries,
                 .changed = now.changed - was.changed, .removed = now.removed - was.removed,
                 .robots_blocked = now.robots_blocked - was.robots_blocked,
                 .politeness_waits = now.politeness_waits - was.politeness_waits,
                 .politeness_violations = now.politeness_violations - was.politeness_violations, .cycles = 1}));
      was = now;
    }
    return absl::OkStatus();
  }

  // --- Scheduling ----------------------------------------------------------

  Host& HostFor(const std::string& key, size_t site) {
    auto it = hosts_.find(key);
    if (it != hosts_.end()) return it->second;
    const config::SiteConfig& cfg = *sites_[site].cfg;
    PolitenessOptions po{.enabled = options_.politeness,
                         .min_delay = cfg.politeness.min_delay,
                         .max_connections = cfg.politeness.max_connections,
                         .daily_budget = cfg.politeness.daily_budget,
                         .crawl_delay_cap = cfg.politeness.crawl_delay_cap,
                         .backoff_base = options_.backoff_base,
                         .max_consecutive_failures = options_.max_consecutive_failures};
    Host& h = hosts_[key];
    h.key = key;
    h.site = site;
    h.pol = std::make_unique<HostPoliteness>(po, std::hash<std::string>()(key) ^ absl::ToUnixNanos(Now()));
    std::string day = LondonDate(Now());
    auto used = db_->Get(store::Cf::kFrontier, BudgetKey(key, day));
    if (used.ok() && used->has_value()) h.pol->SetBudgetUsed(day, DecodeCounter(**used));
    return h;
  }

  void Enqueue(Job job) {
    SiteState& s = sites_[job.site];
    if (job.type == JobType::kPage && job.chain.empty() && !s.scheduled.insert(job.url).second) return;
    auto parsed = ParseUrl(job.fetch_url);
    if (!parsed.ok()) return;
    if (!s.cfg->allow_private_addresses && IsPrivateIpLiteral(parsed->host)) {
      spdlog::warn("site {}: not fetching {}: private address (SSRF guard)", s.cfg->name, job.fetch_url);
      ++s.summary.errors;
      return;
    }
    job.seq = ++seq_;
    HostFor(parsed->HostKey(), job.site).queue.push(std::move(job));
  }

  absl::Status StartReady(absl::Time now, absl::Time* earliest) {
    for (auto& [key, h] : hosts_) {
      if (h.queue.empty()) continue;
      SiteState& s = sites_[h.site];
      if (h.pol->budget_exhausted() && h.pol->budget_day() == LondonDate(now) && h.pol->in_flight() == 0) {
        spdlog::warn("host {}: daily budget of {} requests spent; {} URLs left for later", key,
                     s.cfg->politeness.daily_budget, h.queue.size());
        s.summary.queued += static_cast<int64_t>(h.queue.size());
        h.queue = {};
        continue;
      }
      absl::Time next = h.pol->NextStart(now);
      if (h.pol->paused(now) || (next != absl::InfiniteFuture() && next - now > options_.max_host_wait)) {
        spdlog::warn("host {}: paused or asked to wait past {} (failures/Retry-After); {} URLs left for later", key,
                     absl::FormatDuration(options_.max_host_wait), h.queue.size());
        for (; !h.queue.empty(); h.queue.pop()) {
          if (h.queue.top().kind == CaptureKind::kListing) s.listing_failed = true;
          ++s.summary.queued;
        }
        continue;
      }
      if (s.cfg->obey_robots) {
        if (h.robots_state == Host::Robots::kFetching) continue;
        if (h.robots_state == Host::Robots::kUnknown || h.robots_expires <= now) {
          absl::Time t = h.pol->NextStart(now);
          if (t > now) {
            *earliest = std::min(*earliest, t);
            continue;
          }
          ADMON_RETURN_IF_ERROR(StartRobots(h, now));
          continue;
        }
      }
      while (!h.queue.empty()) {
        absl::Time t = h.pol->NextStart(now);
        if (t > now) {
          if (t != absl::InfiniteFuture() && !h.waiting) {
            h.waiting = true;
            ++s.summary.politeness_waits;
          }
          *earliest = std::min(*earliest, t);
          break;
        }
        h.waiting = false;
        Job job = h.queue.top();
        h.queue.pop();
        if (s.cfg->obey_robots && job.type != JobType::kRobots) {
          auto p = ParseUrl(job.fetch_url);
          if (p.ok() && !h.robots.IsAllowed(p->path_query)) {
            ++s.summary.robots_blocked;
            ADMON_RETURN_IF_ERROR(Postpone(job, now));
            continue;
          }
        }
        ADMON_RETURN_IF_ERROR(StartFetch(h, std::move(job), now));
      }
    }
    return absl::OkStatus();
  }

  // A URL not fetched this cycle (robots): due again after its recrawl interval.
  absl::Status Postpone(const Job& job, absl::Time now) {
    SiteState& s = sites_[job.site];
    if (job.kind == CaptureKind::kListing) s.listing_failed = true;
    auto it = s.frontier.find(job.url);
    if (job.type != JobType::kPage || it == s.frontier.end()) return absl::OkStatus();
    it->second.next_fetch = now + std::min(Recrawl(s, job.kind), kFailedRetry * 24);
    return db_->Put(store::Cf::kFrontier, FrontierKey(s.cfg->name, job.url), EncodeFrontierEntry(it->second));
  }

  absl::Status StartRobots(Host& h, absl::Time now) {
    ADMON_ASSIGN_OR_RETURN(ParsedUrl p, ParseUrl(h.queue.top().fetch_url));
    std::string url = p.Origin() + "/robots.txt";
    h.robots_state = Host::Robots::kFetching;
    Job job{.type = JobType::kRobots, .site = h.site, .url = url, .fetch_url = url, .kind = CaptureKind::kRobots};
    return StartFetch(h, std::move(job), now);
  }

  absl::Status StartFetch(Host& h, Job job, absl::Time now) {
    const config::SiteConfig& cfg = *sites_[job.site].cfg;
    FetchRequest req{.id = ++next_id_,
                     .url = job.fetch_url,
                     .user_agent = cfg.user_agent,
                     .cookie = cfg.age_gate.cookie,
                     .cookie_jar = cfg.name,
                     .proxy = cfg.proxy,
                     .allow_private_addresses = cfg.allow_private_addresses,
                     .connect_timeout = cfg.fetch.connect_timeout,
                     .timeout = cfg.fetch.timeout,
                     .low_speed_limit = cfg.fetch.low_speed_limit,
                     .low_speed_time = cfg.fetch.low_speed_time,
                     .max_body = job.type == JobType::kRobots ? std::min<uint64_t>(cfg.fetch.max_body, kMaxRobotsBytes)
                                                              : cfg.fetch.max_body,
                     .keep_prefix = job.type == JobType::kRobots};
    for (const auto& [k, v] : cfg.headers) req.headers.emplace_back(k, v);
    if (job.type == JobType::kAgeGate) {
      req.method = "POST";
      std::vector<std::string> parts;
      for (const auto& [k, v] : cfg.age_gate.form_fields) parts.push_back(absl::StrCat(k, "=", v));
      req.post_body = absl::StrJoin(parts, "&");
    }
    if (job.type == JobType::kPage && job.chain.empty() && job.kind != CaptureKind::kImage) {
      auto page = captures_.GetPage(job.url);
      if (page.ok() && page->has_value() && (*page)->copies > 0) {
        if (!(*page)->etag.empty()) req.headers.emplace_back("If-None-Match", (*page)->etag);
        if (!(*page)->last_modified.empty()) req.headers.emplace_back("If-Modified-Since", (*page)->last_modified);
      }
    }
    if (!h.pol->OnStart(now)) {
      ++sites_[job.site].summary.politeness_violations;
      spdlog::error("host {}: request started against its politeness rules: {}", h.key, job.fetch_url);
    }
    in_flight_[req.id] = std::move(job);
    transport_->Start(std::move(req));
    return absl::OkStatus();
  }

  // --- Results -------------------------------------------------------------

  absl::Status Handle(FetchResult r) {
    auto it = in_flight_.find(r.id);
    if (it == in_flight_.end()) return absl::OkStatus();
    Job job = std::move(it->second);
    in_flight_.erase(it);
    absl::Time now = Now();
    SiteState& s = sites_[job.site];
    ADMON_ASSIGN_OR_RETURN(ParsedUrl hop, ParseUrl(job.fetch_url));
    Host& h = HostFor(hop.HostKey(), job.site);
    std::optional<absl::Duration> retry_after;
    if (std::string ra = FindHeader(r.headers, "Retry-After"); !ra.empty()) retry_after = ParseRetryAfter(ra, now);
    h.pol->OnFinish(now, r.error == "oversize" ? 200 : r.status, retry_after);
    if (r.status != 0) ++s.summary.fetched;
    s.summary.bytes += static_cast<int64_t>(r.body.size());

    if (job.type == JobType::kRobots) return HandleRobots(h, job, r, now);
    if (job.type == JobType::kAgeGate) {
      s.age_gate_done = true;
      if (r.status == 0 || r.status >= 400) {
        ++s.summary.errors;
        spdlog::warn("site {}: age-gate form {} failed: {}", s.cfg->name, job.fetch_url,
                     r.error.empty() ? absl::StrCat("HTTP ", r.status) : r.error);
      }
      return absl::OkStatus();
    }

    bool retryable = (r.status == 0 && r.error != "oversize" && r.error != "blocked_private_address") ||
                     r.status >= 500 || r.status == 429;
    if (retryable && job.attempts + 1 < options_.max_attempts && !Stopping()) {
      ++job.attempts;
      ++s.summary.retries;
      if (h.pol->paused(now)) {
        spdlog::warn("host {}: paused after {} consecutive failures", h.key, h.pol->consecutive_failures());
        s.summary.queued += static_cast<int64_t>(h.queue.size()) + 1;
        h.queue = {};
        return absl::OkStatus();
      }
      job.seq = ++seq_;
      h.queue.push(std::move(job));
      return absl::OkStatus();
    }
    if (r.status >= 300 && r.status < 400 && r.status != 304) {
      std::string location = FindHeader(r.headers, "Location");
      if (!location.empty()) {
        std::string next;
        std::string err = CheckRedirect(s, job, location, &next);
        if (err.empty()) {
          job.chain.push_back(job.fetch_url);
          job.fetch_url = next;
          job.attempts = 0;
          Enqueue(std::move(job));
          return absl::OkStatus();
        }
        spdlog::warn("site {}: {} -> {}: {}", s.cfg->name, job.fetch_url, location, err);
        r.error = err;
      }
    }
    return StorePage(h, job, std::move(r), now);
  }

  std::string CheckRedirect(const SiteState& s, const Job& job, const std::string& location, std::string* next) {
    if (static_cast<int64_t>(job.chain.size()) >= s.cfg->fetch.max_redirects) return "too_many_redirects";
    auto resolved = ResolveUrl(job.fetch_url, location);
    if (!resolved.ok()) return "redirect_invalid";
    auto p = ParseUrl(*resolved);
    if (!p.ok()) return "redirect_scheme";
    if (s.allowed_hosts.count(p->HostKey()) == 0) return "redirect_offsite";
    if (!s.cfg->allow_private_addresses && IsPrivateIpLiteral(p->host)) return "blocked_private_address";
    auto canon = CanonicalizeUrl(*resolved);
    if (!canon.ok()) return "redirect_invalid";
    for (const auto& prev : job.chain) {
      auto c = CanonicalizeUrl(prev);
      if (c.ok() && *c == *canon) return "redirect_loop";
    }
    auto cur = CanonicalizeUrl(job.fetch_url);
    if (cur.ok() && *cur == *canon) return "redirect_loop";
    *next = *resolved;
    return "";
  }

  absl::Status HandleRobots(Host& h, const Job& job, const FetchResult& r, absl::Time now) {
    SiteState& s = sites_[job.site];
    int status = r.error.empty() || r.error == "oversize" ? r.status : 0;
    h.robots = RobotsTxt::FromResponse(status, r.body, s.cfg->user_agent);
    h.robots_state = Host::Robots::kReady;
    bool unreachable = status == 0 || status >= 500;
    h.robots_expires = now + (unreachable ? options_.robots_error_retry : options_.robots_expiry);
    h.pol->SetCrawlDelay(h.robots.crawl_delay());
    if (h.robots.crawl_delay()) {
      spdlog::info("host {}: robots.txt Crawl-delay {} (cap {})", h.key, absl::FormatDuration(*h.robots.crawl_delay()),
                   absl::FormatDuration(s.cfg->politeness.crawl_delay_cap));
    }
    if (r.status != 0) {
      store::Capture c = MakeCapture(s, job, r, now);
      store::WriteBatch batch(*db_);
      ADMON_RETURN_IF_ERROR(captures_.Stage(c, batch).status());
      PutBudget(h, batch);
      ADMON_RETURN_IF_ERROR(db_->Write(batch));
      if (options_.on_capture) options_.on_capture(c, CaptureNote{});
    }
    if (unreachable) {
      spdlog::warn("host {}: robots.txt unreachable ({}); disallowing the host until {}", h.key,
                   r.error.empty() ? absl::StrCat("HTTP ", r.status) : r.error, FormatUtc(h.robots_expires));
      ++s.summary.errors;
      for (; !h.queue.empty(); h.queue.pop()) {
        if (h.queue.top().kind == CaptureKind::kListing) s.listing_failed = true;
        ++s.summary.queued;
      }
      return absl::OkStatus();
    }
    if (!h.sitemaps_tried) {
      h.sitemaps_tried = true;
      std::vector<std::string> maps = h.robots.sitemaps();
      if (maps.empty()) maps.push_back(job.url.substr(0, job.url.size() - std::string_view("/robots.txt").size()) +
                                       "/sitemap.xml");
      for (const auto& m : maps) EnqueueSitemap(h, job.site, m);
    }
    return absl::OkStatus();
  }

  void EnqueueSitemap(Host& h, size_t site, const std::string& url) {
    if (h.sitemaps >= options_.max_sitemaps_per_host) return;
    auto p = ParseUrl(url);
    if (!p.ok() || sites_[site].allowed_hosts.count(p->HostKey()) == 0) return;
    ++h.sitemaps;
    Enqueue(Job{.type = JobType::kSitemap, .site = site, .url = url, .fetch_url = url, .kind = CaptureKind::kSitemap,
                .priority = static_cast<int>(Priority::kSitemap)});
  }

  store::Capture MakeCapture(const SiteState& s, const Job& job, const FetchResult& r, absl::Time now) {
    store::Capture c;
    c.url = job.url;
    c.final_url = job.fetch_url == job.url ? "" : job.fetch_url;
    c.site = s.cfg->name;
    c.kind = job.kind;
    c.status = r.status;
    c.headers = r.headers;
    c.body = r.body;
    c.content_type = r.content_type;
    c.fetched = now;
    c.error = r.error;
    c.truncated = r.truncated;
    c.request_headers = store::RedactSecrets(r.request_headers);
    c.ip = r.ip;
    if (c.status != 0 && c.status != 304 && c.error.empty()) c.sha256 = Sha256Hex(c.body);
    return c;
  }

  void PutBudget(const Host& h, store::WriteBatch& batch) {
    batch.Put(store::Cf::kFrontier, BudgetKey(h.key, h.pol->budget_day()), EncodeCounter(h.pol->budget_used()));
  }

  std::optional<CaptureKind> Classify(const SiteState& s, const std::string& url, const ParsedUrl& p) const {
    if (s.allowed_hosts.count(p.HostKey()) == 0) return std::nullopt;
    const std::string& pq = p.path_query;
    for (const auto& re : s.re.skip) {
      if (re && RE2::PartialMatch(pq, *re)) return std::nullopt;
    }
    if (RE2::PartialMatch(pq, *s.re.advert)) return CaptureKind::kAdvert;
    if (RE2::PartialMatch(pq, *s.re.listing)) {
      const std::string& param = s.cfg->pagination.param;
      if (!param.empty()) {
        size_t q = url.find('?');
        if (q != std::string::npos) {
          for (absl::string_view kv : absl::StrSplit(url.substr(q + 1), '&')) {
            std::pair<std::string, std::string> nv = absl::StrSplit(kv, absl::MaxSplits('=', 1));
            int64_t page = 0;
            if (nv.first == param && absl::SimpleAtoi(nv.second, &page) && page > s.cfg->pagination.max_pages) {
              return std::nullopt;
            }
          }
        }
      }
      return CaptureKind::kListing;
    }
    if (s.re.profile && RE2::PartialMatch(pq, *s.re.profile)) return CaptureKind::kProfile;
    for (const auto& re : s.re.follow) {
      if (re && RE2::PartialMatch(pq, *re)) return CaptureKind::kOther;
    }
    return std::nullopt;
  }

  // Adds a discovered URL to the frontier (in `batch`) and queues it when new.
  // Returns its frontier entry (null when the URL is not followed).
  const FrontierEntry* Discover(SiteState& s, size_t site, const std::string& raw, std::optional<CaptureKind> forced,
                                bool from_listing, absl::Time now, store::WriteBatch& batch) {
    auto canon = CanonicalizeUrl(raw, s.cfg->urls.strip_params);
    if (!canon.ok()) return nullptr;
    auto p = ParseUrl(*canon);
    if (!p.ok()) return nullptr;
    std::optional<CaptureKind> kind = forced ? forced : Classify(s, *canon, *p);
    if (!kind) return nullptr;
    auto it = s.frontier.find(*canon);
    if (it == s.frontier.end()) {
      FrontierEntry e{.url = *canon, .site = s.cfg->name, .kind = *kind, .discovered = now, .next_fetch = now};
      if (from_listing && *kind == CaptureKind::kAdvert) e.last_listed_cycle = s.cycle;
      batch.Put(store::Cf::kFrontier, FrontierKey(s.cfg->name, e.url), EncodeFrontierEntry(e));
      const FrontierEntry& added = s.frontier[e.url] = e;
      Enqueue(PageJob(site, e, NewPriority(*kind)));
      return &added;
    }
    FrontierEntry& e = it->second;
    if (from_listing && e.kind == CaptureKind::kAdvert && e.last_listed_cycle != s.cycle) {
      e.last_listed_cycle = s.cycle;
      bool back = e.removed;
      if (back) {
        e.removed = false;
        e.next_fetch = now;
      }
      batch.Put(store::Cf::kFrontier, FrontierKey(s.cfg->name, e.url), EncodeFrontierEntry(e));
      if (back) Enqueue(PageJob(site, e, Priority::kNewAdvert));
    }
    return &e;
  }

  absl::Status StorePage(Host& h, const Job& job, FetchResult r, absl::Time now) {
    SiteState& s = sites_[job.site];
    store::Capture c = MakeCapture(s, job, r, now);
    store::WriteBatch batch(*db_);
    ADMON_ASSIGN_OR_RETURN(store::PutResult put, captures_.Stage(c, batch));
    bool ok_response = c.error.empty() && ((c.status >= 200 && c.status < 300) || c.status == 304);
    bool gone = c.error.empty() && (c.status == 404 || c.status == 410);
    // A missing sitemap (4xx) is normal, not an error.
    if (!ok_response && !(job.type == JobType::kSitemap && c.status >= 400 && c.status < 500)) ++s.summary.errors;
    if (put.seen_again) ++s.summary.seen_again;
    else if (put.changed) ++s.summary.changed;
    else if (put.new_copy) ++s.summary.new_copies;

    if (job.kind == CaptureKind::kListing) {
      if (ok_response || gone) s.listings_done.insert(job.url);
      else s.listing_failed = true;
    }
    // Links: from the body, or for 304 from the stored copy.
    CaptureNote note;
    std::string body;
    std::string content_type = c.content_type;
    if (ok_response) {
      body = c.body;
      if (c.status == 304) {
        auto latest = captures_.GetLatest(job.url);
        if (latest.ok() && latest->has_value()) {
          body = (*latest)->body;
          content_type = (*latest)->content_type;
        }
      }
    }
    std::string base = c.final_url.empty() ? c.url : c.final_url;
    if (ok_response && job.type == JobType::kSitemap) {
      SitemapUrls urls = ParseSitemap(body);
      for (const auto& u : urls.pages) Discover(s, job.site, u, std::nullopt, false, now, batch);
      for (const auto& m : urls.sitemaps) EnqueueSitemap(h, job.site, m);
    } else if (ok_response && job.kind != CaptureKind::kImage && IsHtml(content_type, body)) {
      PageLinks links = ExtractLinks(body, base);
      for (const auto& l : links.links) {
        Discover(s, job.site, l, std::nullopt, job.kind == CaptureKind::kListing, now, batch);
      }
      if (job.kind == CaptureKind::kAdvert) {
        for (const auto& img : links.images) {
          auto p = ParseUrl(img);
          if (!p.ok() || s.allowed_hosts.count(p->HostKey()) == 0) continue;
          if (s.re.image && !RE2::PartialMatch(p->path_query, *s.re.image)) continue;
          const FrontierEntry* e = Discover(s, job.site, img, CaptureKind::kImage, false, now, batch);
          if (e != nullptr && !e->fetched && e->next_fetch <= now) note.images_queued.push_back(e->url);
        }
      }
    }
    if (job.type == JobType::kPage) {
      FrontierEntry& e = s.frontier[job.url];
      if (e.url.empty()) e = FrontierEntry{.url = job.url, .site = s.cfg->name, .kind = job.kind, .discovered = now};
      e.fetched = e.fetched || ok_response || gone;
      absl::Duration again = ok_response || gone ? Recrawl(s, job.kind) : kFailedRetry;
      e.next_fetch = again == absl::InfiniteDuration() ? absl::InfiniteFuture() : now + again;
      if (gone && job.kind == CaptureKind::kAdvert && !e.removed) {
        e.removed = true;
        ++s.summary.removed;
      }
      batch.Put(store::Cf::kFrontier, FrontierKey(s.cfg->name, job.url), EncodeFrontierEntry(e));
    }
    PutBudget(h, batch);
    ADMON_RETURN_IF_ERROR(db_->Write(batch));
    if (options_.on_capture) {
      c.seen_again = put.seen_again;
      options_.on_capture(c, note);
    }
    return absl::OkStatus();
  }

  // --- Progress ------------------------------------------------------------

  void Progress(bool final) {
    absl::Time now = absl::Now();
    if (!final && now - last_progress_ < (options_.progress_tty ? absl::Milliseconds(500) : options_.progress_interval)) {
      return;
    }
    if (!final && !options_.progress_tty && options_.progress_interval <= absl::ZeroDuration()) return;
    last_progress_ = now;
    std::vector<std::string> parts;
    for (const auto& s : sites_) {
      int64_t queued = 0;
      for (const auto& [k, h] : hosts_) {
        if (h.site == static_cast<size_t>(&s - &sites_[0])) queued += static_cast<int64_t>(h.queue.size());
      }
      double allowed = s.cfg->politeness.min_delay > absl::ZeroDuration()
                           ? s.cfg->politeness.max_connections / absl::ToDoubleSeconds(s.cfg->politeness.min_delay)
                           : 0;
      double elapsed = std::max(1e-3, absl::ToDoubleSeconds(now - run_start_));
      parts.push_back(absl::StrCat(s.cfg->name, " fetched ", s.summary.fetched, " queued ", queued, " errors ",
                                   s.summary.errors, " rate ", absl::StrFormat("%.1f", s.summary.fetched / elapsed),
                                   "/s (allowed ", allowed > 0 ? absl::StrFormat("%.1f/s", allowed) : "unlimited",
                                   "/host)"));
    }
    if (options_.progress_tty) {
      std::fprintf(stderr, "\r\033[K%s", absl::StrJoin(parts, " | ").c_str());
    } else if (!final) {
      for (const auto& p : parts) spdlog::info("crawl: {}", p);
    }
  }

  config::SitesConfig config_;
  store::Db* db_;
  store::CaptureStore captures_;
  CrawlOptions options_;
  std::unique_ptr<Transport> transport_;
  std::vector<SiteState> sites_;
  std::map<std::string, Host> hosts_;
  std::map<uint64_t, Job> in_flight_;
  uint64_t next_id_ = 0;
  uint64_t seq_ = 0;
  absl::Time run_start_ = absl::Now();
  absl::Time last_progress_ = absl::Now();

  friend class Crawler;
};

Crawler::Crawler(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Crawler::~Crawler() = default;

absl::StatusOr<std::unique_ptr<Crawler>> Crawler::Create(const config::SitesConfig& sites, store::Db* db,
                                                         CrawlOptions options, std::unique_ptr<Transport> transport) {
  if (db == nullptr) return absl::InvalidArgumentError("crawler: no database");
  if (options.clock == nullptr) options.clock = Clock::Real();
  if (!transport) transport = NewCurlTransport();
  auto impl = std::make_unique<Impl>(db, std::move(options), std::move(transport));
  ADMON_RETURN_IF_ERROR(impl->Init(sites));
  return std::unique_ptr<Crawler>(new Crawler(std::move(impl)));
}

absl::StatusOr<std::vector<CrawlSummary>> Crawler::Run() { return impl_->Run(); }

}  // namespace admon::crawler
