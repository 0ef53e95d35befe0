// Copyright 2026 The admon Authors.
#include "app/pipeline.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "crawler/url.h"
#include "parsers/gazetteer.h"
#include "parsers/identifiers.h"
#include "parsers/image.h"
#include "parsers/page.h"
#include "re2/re2.h"
#include "spdlog/spdlog.h"
#include "store/captures.h"
#include "store/record.h"

namespace admon::app {
namespace {

std::string FurnitureKey(std::string_view site) { return absl::StrCat("furniture", std::string(1, '\0'), AV(site)); }

// meta "pending_cluster" NUL <cluster id>: a cluster changed by an advert
// whose record is written, but not scored yet. Written in the advert's batch
// and deleted once the cluster is scored, so a crash between linking and
// cluster scoring is caught up by the next run.
constexpr std::string_view kPendingClusterPrefix{"pending_cluster\0", 16};
std::string PendingClusterKey(std::string_view cluster_id) {
  return absl::StrCat(AV(kPendingClusterPrefix), AV(cluster_id));
}

// ISO 8601 week of a Unix time, e.g. "2026-W48".
std::string IsoWeek(int64_t unix) {
  return absl::FormatTime("%G-W%V", absl::FromUnixSeconds(unix), absl::UTCTimeZone());
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Stage timing: each call returns the steady_clock nanoseconds since the
// previous call (or construction), so consecutive stages are charged in turn.
int64_t CpuNanos(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

class Lap {
 public:
  Lap() : last_(std::chrono::steady_clock::now()) {}
  int64_t operator()() {
    const auto now = std::chrono::steady_clock::now();
    const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now - last_).count();
    last_ = now;
    return ns;
  }

 private:
  std::chrono::steady_clock::time_point last_;
};

using PageFn = std::function<bool(const store::PageState&, const store::Capture&)>;
// Yields advert pages with their latest capture to `fn` until it returns false.
using PageScan = std::function<absl::Status(const PageFn&)>;

struct SiteState {
  const config::SiteConfig* config = nullptr;
  std::unique_ptr<RE2> advert_pattern;
  std::optional<parsers::FieldRules> rules;  // nullopt: generic fallback
  parsers::FurnitureModel furniture;
};

// A fixed set of worker threads running submitted tasks in FIFO order. The
// owner may also run queued tasks itself (RunOne) while it waits for them.
class WorkPool {
 public:
  explicit WorkPool(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this](std::stop_token stop) { Loop(stop); });
  }
  // Joins the workers (jthread); queued tasks are run first.
  ~WorkPool() = default;

  void Submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(std::move(task));
    }
    cv_.notify_one();
  }
  // Runs the oldest queued task on the calling thread; false if none.
  bool RunOne() {
    std::function<void()> task;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.empty()) return false;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
    return true;
  }

 private:
  void Loop(std::stop_token stop) {
    while (true) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (!cv_.wait(lock, stop, [&] { return !queue_.empty(); })) return;  // stop requested, queue empty
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  std::vector<std::jthread> threads_;        // last: joined before mu_ and cv_ go
};

// Pure work on one new image (by SHA-256) shared by the pages of a batch that
// show it, so it is decoded and OCR'd once. The claim flags are guarded by
// Batch::mu; the result is written by the claiming task and read by the
// commit after the whole batch completed.
struct ImageWork {
  bool decode_claimed = false;
  bool ocr_claimed = false;
  std::optional<parsers::Image> decoded;           // DecodeAndHash, url left empty
  std::optional<absl::StatusOr<std::string>> ocr;  // OcrEngine::OcrBytes
};

struct PreparedImage {
  bool read = false;                  // `cap` holds GetLatest(url)
  std::optional<store::Capture> cap;  // the image's latest capture
  std::shared_ptr<ImageWork> work;    // null: nothing computed ahead
};

// What a worker computed for one page ahead of its commit. Database reads are
// of the state when the worker ran (earlier pages may not be committed yet):
// hints the commit re-checks. Parse, decode and OCR results are pure.
struct Prepared {
  bool done = false;                      // ran to the end; otherwise the commit ignores it
  std::optional<std::string> existing;    // stored advert record as read
  nlohmann::json old;                     // `existing` decoded
  std::optional<parsers::Advert> advert;  // parsed, images not filled; nullopt: looked unchanged
  std::vector<PreparedImage> images;      // parallel to advert->images
  StageTimes times;                       // this page's worker-side stages
};

struct PageWork {
  store::PageState page;
  store::Capture capture;
  Prepared prep;
};

struct Batch {
  std::vector<PageWork> pages;
  std::mutex mu;
  std::condition_variable done;
  int pending = 0;                                                // guarded by mu: pages not prepared yet
  std::map<std::string, std::shared_ptr<ImageWork>, std::less<>> images;  // guarded by mu; by SHA-256
};

void AddStages(const StageTimes& from, StageTimes& to) {
  to.lookup_ns += from.lookup_ns;
  to.parse_ns += from.parse_ns;
  to.image_read_ns += from.image_read_ns;
  to.image_hash_ns += from.image_hash_ns;
  to.ocr_ns += from.ocr_ns;
}

}  // namespace

ProcessSummary& operator+=(ProcessSummary& a, const ProcessSummary& b) {
  a.pages_seen += b.pages_seen;
  a.adverts_parsed += b.adverts_parsed;
  a.adverts_changed += b.adverts_changed;
  a.adverts_unchanged += b.adverts_unchanged;
  a.adverts_removed += b.adverts_removed;
  a.images_decoded += b.images_decoded;
  a.images_cached += b.images_cached;
  a.images_missing += b.images_missing;
  a.images_ocr += b.images_ocr;
  a.clusters_scored += b.clusters_scored;
  a.flagged_adverts += b.flagged_adverts;
  StageTimes& t = a.stages;
  const StageTimes& u = b.stages;
  for (auto field : {&StageTimes::furniture_ns, &StageTimes::lookup_ns, &StageTimes::parse_ns,
                     &StageTimes::image_read_ns, &StageTimes::image_hash_ns, &StageTimes::ocr_ns,
                     &StageTimes::score_ns, &StageTimes::link_ns, &StageTimes::write_ns,
                     &StageTimes::cluster_score_ns, &StageTimes::wait_ns, &StageTimes::other_ns,
                     &StageTimes::total_ns, &StageTimes::cpu_ns, &StageTimes::main_cpu_ns}) {
    t.*field += u.*field;
  }
  return a;
}

std::ostream& operator<<(std::ostream& os, const ProcessSummary& s) {
  return os << "pages " << s.pages_seen << ", parsed " << s.adverts_parsed << " (changed " << s.adverts_changed
            << "), unchanged " << s.adverts_unchanged
            << ", removed " << s.adverts_removed << ", images decoded " << s.images_decoded << " (cached "
            << s.images_cached << ", missing " << s.images_missing << ", ocr " << s.images_ocr << "), clusters scored "
            << s.clusters_scored << ", flagged " << s.flagged_adverts;
}

std::ostream& operator<<(std::ostream& os, const StageTimes& t) {
  auto ms = [](int64_t ns) { return absl::StrFormat("%.1f", static_cast<double>(ns) / 1e6); };
  return os << "furniture " << ms(t.furniture_ns) << " ms, lookup " << ms(t.lookup_ns) << ", parse "
            << ms(t.parse_ns) << ", image read " << ms(t.image_read_ns) << ", image hash " << ms(t.image_hash_ns)
            << ", ocr " << ms(t.ocr_ns) << ", score " << ms(t.score_ns) << ", link " << ms(t.link_ns) << ", write "
            << ms(t.write_ns) << ", cluster score " << ms(t.cluster_score_ns) << ", wait " << ms(t.wait_ns) << ", other " << ms(t.other_ns)
            << ", total " << ms(t.total_ns) << " (cpu " << ms(t.cpu_ns) << ", main thread cpu " << ms(t.main_cpu_ns)
            << ")";
}

std::string AdvertScoreKey(std::string_view advert_id) {
  return absl::StrCat("advert", std::string(1, '\0'), AV(advert_id));
}
std::string ClusterScoreKey(std::string_view cluster_id) {
  return absl::StrCat("cluster", std::string(1, '\0'), AV(cluster_id));
}

absl::StatusOr<StoredScore> StoredScoreFromRecord(const nlohmann::json& record, std::string_view key) {
  const bool bad = !record.is_object() || (record.contains("score") && !record["score"].is_number()) ||
                   (record.contains("flag") && !record["flag"].is_string());
  if (bad) return absl::DataLossError(absl::StrCat("scores/", AV(key), ": not a score record"));
  return StoredScore{.score = record.value("score", 0.0), .flag = record.value("flag", "none")};
}

absl::StatusOr<StoredScore> ReadStoredScore(const store::Db& db, std::string_view key) {
  ADMON_ASSIGN_OR_RETURN(std::optional<std::string> v, db.Get(store::Cf::kScores, key));
  if (!v.has_value()) return StoredScore{};
  ADMON_ASSIGN_OR_RETURN(nlohmann::json j, store::DecodeRecord(*v, key));
  return StoredScoreFromRecord(j, key);
}

namespace {

// What an analyst would call the advert's content: its fields and the
// identifiers' values, not where they sat in the page nor capture metadata
// (a new view counter or layout must not count as a changed advert).
nlohmann::json Content(const nlohmann::json& advert) {
  nlohmann::json c = nlohmann::json::object();
  for (const char* field : {"title", "name", "age", "description", "location_text", "prices", "nationalities",
                            "languages", "services", "profile_url"}) {
    if (advert.contains(field)) c[field] = advert[field];
  }
  auto values = [&](const char* list, std::initializer_list<const char*> keys) {
    std::vector<std::string> out;
    if (!advert.contains(list) || !advert[list].is_array()) return out;
    for (const auto& item : advert[list]) {
      std::string v;
      for (const char* k : keys) v += item.value(k, "") + "\n";
      out.push_back(std::move(v));
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  c["phones"] = values("phones", {"e164"});
  c["emails"] = values("emails", {"address"});
  c["handles"] = values("handles", {"platform", "handle"});
  c["images"] = values("images", {"sha256"});
  return c;
}

// The score record ("v" included by indicators' to_json) under its key.
void StageAdvertScore(const indicators::AdvertScore& score, store::WriteBatch& batch) {
  batch.Put(store::Cf::kScores, AdvertScoreKey(score.advert_id), store::EncodeRecord(nlohmann::json(score)));
}

}  // namespace

indicators::ClusterFacts FactsFromMembers(const dedupe::Cluster& cluster, const std::vector<parsers::Advert>& adverts,
                                          const std::vector<indicators::AdvertScore>& scores) {
  indicators::ClusterFacts f;
  f.cluster_id = cluster.id;
  f.adverts = static_cast<int>(std::max<int64_t>(cluster.stats.adverts, static_cast<int64_t>(adverts.size())));
  std::set<std::string> phones, names, ages, nats, towns;
  std::map<std::string, std::set<std::string>> names_by_phone, ages_by_phone, nats_by_phone, phones_by_profile,
      phones_by_image, names_by_image;
  std::map<std::string, std::map<std::string, std::string>> town_by_week_by_phone;  // phone -> week -> town
  std::map<std::string, int> per_phone_day;
  for (const parsers::Advert& a : adverts) {
    std::string name = Lower(a.name);
    if (!name.empty()) names.insert(name);
    if (a.age) ages.insert(std::to_string(*a.age));
    for (const auto& n : a.nationalities) nats.insert(n);
    if (!a.location.town.empty()) towns.insert(a.location.town);
    std::string profile = !a.profile_url.empty() ? a.profile_url : absl::StrCat(a.site, "|", name);
    std::string day = absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(a.fetched_unix), absl::UTCTimeZone());
    for (const auto& p : a.phones) {
      phones.insert(p.e164);
      if (!name.empty()) names_by_phone[p.e164].insert(name);
      if (a.age) ages_by_phone[p.e164].insert(std::to_string(*a.age));
      for (const auto& n : a.nationalities) nats_by_phone[p.e164].insert(n);
      phones_by_profile[profile].insert(p.e164);
      ++per_phone_day[absl::StrCat(p.e164, "|", day)];
      if (!a.location.town.empty()) {
        town_by_week_by_phone[p.e164].emplace(IsoWeek(a.fetched_unix), a.location.town);
      }
    }
    for (const auto& img : a.images) {
      if (img.sha256.empty()) continue;
      for (const auto& p : a.phones) phones_by_image[img.sha256].insert(p.e164);
      if (!name.empty()) names_by_image[img.sha256].insert(name);
    }
  }
  auto max_size = [](const std::map<std::string, std::set<std::string>>& m) {
    size_t best = 0;
    for (const auto& [k, v] : m) best = std::max(best, v.size());
    return static_cast<int>(best);
  };
  auto count_multi = [](const std::map<std::string, std::set<std::string>>& m) {
    int n = 0;
    for (const auto& [k, v] : m) n += v.size() >= 2 ? 1 : 0;
    return n;
  };
  f.phones = static_cast<int>(phones.size());
  f.names = static_cast<int>(names.size());
  f.ages = static_cast<int>(ages.size());
  f.nationalities = static_cast<int>(nats.size());
  f.towns = static_cast<int>(towns.size());
  f.max_names_per_phone = max_size(names_by_phone);
  f.max_ages_per_phone = max_size(ages_by_phone);
  f.max_nationalities_per_phone = max_size(nats_by_phone);
  f.max_phones_per_profile = max_size(phones_by_profile);
  f.images_across_phones = count_multi(phones_by_image);
  f.images_across_names = count_multi(names_by_image);
  for (const auto& [phone, weeks] : town_by_week_by_phone) {
    int moves = 0;
    const std::string* prev = nullptr;
    for (const auto& [week, town] : weeks) {
      if (prev != nullptr && *prev != town) ++moves;
      prev = &town;
    }
    f.max_town_moves = std::max(f.max_town_moves, moves);
  }
  if (auto it = cluster.stats.links.find("text"); it != cluster.stats.links.end()) {
    f.templated_text_links = static_cast<int>(it->second);
  }
  for (const auto& [k, n] : per_phone_day) f.max_adverts_per_phone_per_day = std::max(f.max_adverts_per_phone_per_day, n);
  for (const auto& s : scores) indicators::AddMemberScore(s, &f);
  return f;
}

class Pipeline::Impl {
 public:
  store::Db* db = nullptr;
  const config::SitesConfig* sites = nullptr;
  PipelineOptions options;
  std::unique_ptr<const indicators::Catalogue> catalogue;
  std::unique_ptr<parsers::IdentifierExtractor> extractor;
  std::unique_ptr<parsers::Gazetteer> gazetteer;
  std::unique_ptr<parsers::PageParser> parser;
  std::unique_ptr<parsers::OcrEngine> ocr;  // null when OCR is off or unavailable
  std::unique_ptr<dedupe::Linker> linker;
  std::map<std::string, SiteState, std::less<>> site_states;
  parsers::ImageGuardOptions guard;

  absl::Status PrepareSites();
  absl::Status LearnFurniture(SiteState& state);
  absl::StatusOr<std::string> AdvertIdFor(const SiteState& state, std::string_view url) const;
  // Parses one advert page with its site's rules and furniture; the result carries `advert_id`.
  parsers::Advert ParseAdvert(const SiteState& state, const store::PageState& page, const store::Capture& capture,
                              const std::string& site_id, const std::string& advert_id) const;
  bool WantOcr(const SiteState& state, const parsers::Advert& advert) const {
    return ocr != nullptr && state.config->ocr && advert.phones.empty();
  }
  // Worker side (threads > 1): `w.prep` from the page; thread safe.
  void Prepare(PageWork& w, Batch& batch) const;
  // `prepared` (may be null) is parallel to advert.images.
  absl::Status FillImages(const SiteState& state, parsers::Advert& advert, std::vector<PreparedImage>* prepared,
                          ProcessSummary& summary);
  // The page's sequential part, in scan order; `prep` (may be null) holds
  // what a worker computed ahead.
  absl::Status Commit(const store::PageState& page, const store::Capture& capture, Prepared* prep,
                      ProcessSummary& summary, std::set<std::string>& touched);
  // `workers`: stages of the workers' Prepare; `helped_ns`: time the calling
  // thread ran workers' tasks while waiting.
  absl::Status ScanAndCommit(const PageScan& scan, ProcessSummary& summary, std::set<std::string>& touched,
                             StageTimes& workers, int64_t& helped_ns);
  // ProcessPending (`only_sites` null) and ProcessPages: furniture learnt
  // for every site or `only_sites`, the pages `scan` yields, timed, then
  // (ProcessPending only) the pending clusters scored.
  absl::StatusOr<ProcessSummary> Process(const PageScan& scan, const std::set<std::string, std::less<>>* only_sites);
  // Whether an image the stored advert record lacked (not captured when it
  // was processed) has a stored capture now: the advert is processed again.
  absl::StatusOr<bool> ImagesArrivedSince(const nlohmann::json& advert) const;
  absl::Status ScorePending(std::set<std::string>& touched, ProcessSummary& summary);
  absl::Status ScoreCluster(const std::string& id);
  absl::StatusOr<std::string> RootOf(const std::string& id) const;
};

absl::Status Pipeline::Impl::PrepareSites() {
  for (const config::SiteConfig& site : sites->sites) {
    SiteState state;
    state.config = &site;
    state.advert_pattern = std::make_unique<RE2>(site.urls.advert);
    if (!state.advert_pattern->ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("site ", site.name, ": urls.advert: ", state.advert_pattern->error()));
    }
    if (!site.fields.empty()) {
      auto rules = parsers::FieldRules::Compile(site.fields);
      if (!rules.ok()) return Annotate(rules.status(), absl::StrCat("site ", site.name, ": fields"));
      state.rules = *std::move(rules);
    }
    auto stored = db->Get(store::Cf::kMeta, FurnitureKey(site.name));
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) {
      ADMON_ASSIGN_OR_RETURN(nlohmann::json j, store::DecodeRecord(**stored, FurnitureKey(site.name)));
      ADMON_ASSIGN_OR_RETURN(state.furniture, parsers::FurnitureModel::FromJson(j, site.name));
    }
    site_states.emplace(site.name, std::move(state));
  }
  return absl::OkStatus();
}

// Learns a site's furniture (footer contacts, banners, repeated sidebars) from
// a sample of its advert pages, once there are enough pages to tell.
absl::Status Pipeline::Impl::LearnFurniture(SiteState& state) {
  if (state.furniture.pages() >= options.furniture_sample_pages) return absl::OkStatus();
  parsers::FurnitureLearner learner(state.config->name);
  store::CaptureStore captures(db);
  absl::Status inner;
  ADMON_RETURN_IF_ERROR(captures.ScanAdvertPages([&](const store::PageState& page, const store::Capture& cap) {
    if (page.site != state.config->name) return true;
    auto id = AdvertIdFor(state, cap.url);
    parsers::PageInput input{.html = cap.body, .site = page.site, .url = cap.url,
                             .advert_id = id.ok() ? *id : "", .capture_sha256 = cap.sha256,
                             .fetched_unix = absl::ToUnixSeconds(cap.fetched)};
    learner.Add(parser->Features(input, state.rules ? &*state.rules : nullptr));
    return learner.pages() < options.furniture_sample_pages;
  }));
  if (learner.pages() <= state.furniture.pages()) return absl::OkStatus();
  state.furniture = learner.Build();
  return db->Put(store::Cf::kMeta, FurnitureKey(state.config->name), store::EncodeRecord(state.furniture.ToJson()));
}

absl::StatusOr<std::string> Pipeline::Impl::AdvertIdFor(const SiteState& state, std::string_view url) const {
  ADMON_ASSIGN_OR_RETURN(crawler::ParsedUrl parsed, crawler::ParseUrl(url));
  std::string id;
  if (!RE2::PartialMatch(parsed.path_query, *state.advert_pattern, &id) || id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(AV(url), ": no advert id (urls.advert of site ",
                                                   state.config->name, " did not capture one)"));
  }
  return id;
}

parsers::Advert Pipeline::Impl::ParseAdvert(const SiteState& state, const store::PageState& page,
                                            const store::Capture& capture, const std::string& site_id,
                                            const std::string& advert_id) const {
  const parsers::PageInput input{.html = capture.body, .site = page.site,
                                 .url = capture.final_url.empty() ? capture.url : capture.final_url,
                                 .advert_id = site_id, .capture_sha256 = capture.sha256,
                                 .fetched_unix = absl::ToUnixSeconds(capture.fetched)};
  parsers::Advert advert = parser->Parse(input, state.rules ? &*state.rules : nullptr,
                                         state.furniture.empty() ? nullptr : &state.furniture);
  advert.id = advert_id;
  return advert;
}

// Any read error or surprise just stops here with `done` false: the commit
// then does the page's work itself and reports the error in order.
void Pipeline::Impl::Prepare(PageWork& w, Batch& batch) const {
  Prepared& p = w.prep;
  StageTimes& t = p.times;
  Lap lap;
  auto it = site_states.find(w.page.site);
  if (it == site_states.end()) return;
  const SiteState& state = it->second;
  auto site_id = AdvertIdFor(state, w.capture.url);
  if (!site_id.ok()) return;
  const std::string advert_id = absl::StrCat(w.page.site, ":", *site_id);
  auto existing = db->Get(store::Cf::kAdverts, advert_id);
  if (!existing.ok()) return;
  p.existing = *std::move(existing);
  if (p.existing.has_value()) {
    auto old = store::DecodeRecord(*p.existing, absl::StrCat("adverts/", advert_id));
    if (!old.ok()) return;
    p.old = *std::move(old);
  }
  t.lookup_ns += lap();
  if (p.existing.has_value() && p.old.value("capture_sha256", "") == w.capture.sha256) {
    p.done = true;  // looks unchanged: no parse
    return;
  }
  p.advert = ParseAdvert(state, w.page, w.capture, *site_id, advert_id);
  t.parse_ns += lap();
  const bool want_ocr = WantOcr(state, *p.advert);
  store::CaptureStore captures(db);
  p.images.resize(p.advert->images.size());
  for (size_t i = 0; i < p.images.size(); ++i) {
    PreparedImage& pi = p.images[i];
    auto cap = captures.GetLatest(p.advert->images[i].url);
    if (!cap.ok()) return;
    pi.cap = *std::move(cap);
    pi.read = true;
    if (!pi.cap.has_value() || pi.cap->body.empty()) {
      t.image_read_ns += lap();
      continue;
    }
    auto stored = db->Get(store::Cf::kImages, pi.cap->sha256);
    if (!stored.ok()) return;
    bool need_decode = !stored->has_value();
    bool need_ocr = want_ocr;
    if (stored->has_value()) {
      auto record = store::DecodeRecord(**stored, absl::StrCat("images/", pi.cap->sha256));
      if (!record.ok()) return;
      need_ocr = need_ocr && !record->contains("ocr_text") && record->value("error", "").empty();
    }
    t.image_read_ns += lap();
    if (!need_decode && !need_ocr) continue;
    bool decode_here = false;
    {
      std::lock_guard<std::mutex> lock(batch.mu);
      std::shared_ptr<ImageWork>& work = batch.images[pi.cap->sha256];
      if (work == nullptr) work = std::make_shared<ImageWork>();
      pi.work = work;
      decode_here = need_decode && !std::exchange(work->decode_claimed, true);
    }
    if (decode_here) {
      pi.work->decoded = parsers::DecodeAndHash(pi.cap->body, guard, {}, pi.cap->sha256);
      need_ocr = need_ocr && pi.work->decoded->error.empty();
      t.image_hash_ns += lap();
    }
    if (!need_ocr) continue;
    bool ocr_here = false;
    {
      std::lock_guard<std::mutex> lock(batch.mu);
      ocr_here = !std::exchange(pi.work->ocr_claimed, true);
    }
    if (ocr_here) {
      pi.work->ocr = ocr->OcrBytes(pi.cap->body, guard);
      t.ocr_ns += lap();
    }
  }
  p.done = true;
}

absl::Status Pipeline::Impl::FillImages(const SiteState& state, parsers::Advert& advert,
                                        std::vector<PreparedImage>* prepared, ProcessSummary& summary) {
  store::CaptureStore captures(db);
  bool want_ocr = WantOcr(state, advert);
  StageTimes& t = summary.stages;
  Lap lap;
  for (size_t i = 0; i < advert.images.size(); ++i) {
    parsers::Image& image = advert.images[i];
    PreparedImage* pi = prepared != nullptr && i < prepared->size() && (*prepared)[i].read ? &(*prepared)[i]
                                                                                          : nullptr;
    const ImageWork* work = pi != nullptr ? pi->work.get() : nullptr;
    std::optional<store::Capture> cap;
    if (pi != nullptr) {
      cap = std::move(pi->cap);
    } else {
      ADMON_ASSIGN_OR_RETURN(cap, captures.GetLatest(image.url));
    }
    if (!cap.has_value() || cap->body.empty()) {
      ++summary.images_missing;
      t.image_read_ns += lap();
      continue;
    }
    nlohmann::json record;
    ADMON_ASSIGN_OR_RETURN(std::optional<std::string> stored, db->Get(store::Cf::kImages, cap->sha256));
    bool dirty = false;
    if (stored.has_value()) {
      ADMON_ASSIGN_OR_RETURN(record, store::DecodeRecord(*stored, absl::StrCat("images/", cap->sha256)));
      ++summary.images_cached;
      t.image_read_ns += lap();
    } else {
      t.image_read_ns += lap();
      parsers::Image decoded;
      if (work != nullptr && work->decoded.has_value()) {
        decoded = *work->decoded;  // decoded by a worker: the same bytes give the same record
        decoded.url = image.url;
      } else {
        decoded = parsers::DecodeAndHash(cap->body, guard, image.url, cap->sha256);
      }
      record = decoded;
      record["v"] = 1;
      dirty = true;
      ++summary.images_decoded;
      t.image_hash_ns += lap();
    }
    std::string url = image.url;
    image = record.get<parsers::Image>();
    image.url = url;
    t.image_read_ns += lap();
    // OCR is the costly fallback: only for adverts that show no phone in text
    // (numbers posted only as pictures), and at most once per image.
    if (want_ocr && image.error.empty()) {
      if (!record.contains("ocr_text")) {
        absl::StatusOr<std::string> text =
            work != nullptr && work->ocr.has_value() ? *work->ocr : ocr->OcrBytes(cap->body, guard);
        record["ocr_text"] = text.ok() ? *text : "";
        if (!text.ok()) advert.diagnostics.push_back(absl::StrCat("ocr ", url, ": ", text.status().message()));
        dirty = true;
        ++summary.images_ocr;
      }
      const std::string ocr_text = record["ocr_text"].get<std::string>();
      if (!ocr_text.empty()) parser->AddOcrText(ocr_text, url, &advert);
      t.ocr_ns += lap();
    }
    if (dirty) {
      ADMON_RETURN_IF_ERROR(db->Put(store::Cf::kImages, cap->sha256, store::EncodeRecord(record)));
      t.write_ns += lap();
    }
  }
  return absl::OkStatus();
}

absl::Status Pipeline::Impl::Commit(const store::PageState& page, const store::Capture& capture, Prepared* prep,
                                    ProcessSummary& summary, std::set<std::string>& touched) {
  auto it = site_states.find(page.site);
  if (it == site_states.end()) return absl::OkStatus();  // a site no longer configured
  SiteState& state = it->second;
  ++summary.pages_seen;
  StageTimes& t = summary.stages;
  Lap lap;
  auto site_id = AdvertIdFor(state, capture.url);
  if (!site_id.ok()) {
    spdlog::warn("{}", SV(site_id.status().message()));
    return absl::OkStatus();
  }
  if (prep != nullptr && !prep->done) prep = nullptr;
  std::string advert_id = absl::StrCat(page.site, ":", *site_id);
  // Always read again: an earlier page of the batch may have written it.
  ADMON_ASSIGN_OR_RETURN(std::optional<std::string> existing, db->Get(store::Cf::kAdverts, advert_id));
  int64_t removed_unix = page.removed_at ? absl::ToUnixSeconds(*page.removed_at) : 0;
  nlohmann::json old;
  if (prep != nullptr && existing.has_value() && prep->existing == existing) {
    old = std::move(prep->old);
  } else if (existing.has_value()) {
    ADMON_ASSIGN_OR_RETURN(old, store::DecodeRecord(*existing, absl::StrCat("adverts/", advert_id)));
  }
  const bool same_page = existing.has_value() && old.value("capture_sha256", "") == capture.sha256;
  ADMON_ASSIGN_OR_RETURN(const bool late_images, same_page ? ImagesArrivedSince(old) : false);
  t.lookup_ns += lap();
  if (same_page && !late_images) {
    if (removed_unix > 0 && old.value("removed_unix", int64_t{0}) == 0) {
      ADMON_RETURN_IF_ERROR(linker->MarkRemoved(advert_id, removed_unix));
      old["removed_unix"] = removed_unix;
      ADMON_ASSIGN_OR_RETURN(std::string cluster, linker->ClusterOf(advert_id));
      store::WriteBatch batch(*db);
      batch.Put(store::Cf::kMeta, PendingClusterKey(cluster), "");
      batch.Put(store::Cf::kAdverts, advert_id, store::EncodeRecord(old));
      ADMON_RETURN_IF_ERROR(db->Write(batch));
      touched.insert(cluster);
      ++summary.adverts_removed;
    } else {
      ++summary.adverts_unchanged;
    }
    absl::Status status = linker->Touch(advert_id, absl::ToUnixSeconds(page.last_seen));
    t.link_ns += lap();
    return status;
  }
  parsers::Advert advert;
  std::vector<PreparedImage>* prepared_images = nullptr;
  if (prep != nullptr && prep->advert.has_value()) {
    advert = *std::move(prep->advert);
    prepared_images = &prep->images;
  } else {
    advert = ParseAdvert(state, page, capture, *site_id, advert_id);
  }
  t.parse_ns += lap();
  ADMON_RETURN_IF_ERROR(FillImages(state, advert, prepared_images, summary));
  lap();  // FillImages charged its own stages
  indicators::AdvertScore score = catalogue->ScoreAdvert(advert);
  score.advert_id = advert_id;
  if (score.flag != indicators::Flag::kNone) ++summary.flagged_adverts;
  t.score_ns += lap();

  // Link first: Add is idempotent, and the advert record written last marks
  // the capture as processed, so a crash in between is redone on restart.
  ADMON_ASSIGN_OR_RETURN(dedupe::AddResult added, linker->Add(advert, absl::ToUnixSeconds(page.first_seen)));
  ADMON_RETURN_IF_ERROR(linker->Touch(advert_id, absl::ToUnixSeconds(page.last_seen)));
  if (removed_unix > 0) ADMON_RETURN_IF_ERROR(linker->MarkRemoved(advert_id, removed_unix));
  touched.insert(added.cluster_id);
  // A hub promotion can split clusters into new ids: those need scores too.
  for (const std::string& id : added.split) touched.insert(id);
  t.link_ns += lap();

  store::WriteBatch batch(*db);
  for (const std::string& merged : added.merged) batch.Delete(store::Cf::kScores, ClusterScoreKey(merged));
  StageAdvertScore(score, batch);
  batch.Put(store::Cf::kMeta, PendingClusterKey(added.cluster_id), "");
  for (const std::string& id : added.split) batch.Put(store::Cf::kMeta, PendingClusterKey(id), "");
  nlohmann::json advert_json = advert;
  if (removed_unix > 0) advert_json["removed_unix"] = removed_unix;
  if (existing.has_value()) {
    // changed_unix: when the content last changed (kept while it does not;
    // photos stored after the page was processed are not a change).
    const bool changed = !same_page && Content(old) != Content(advert_json);
    const int64_t was = old.value("changed_unix", int64_t{0});
    if (changed) ++summary.adverts_changed;
    if (changed || was > 0) advert_json["changed_unix"] = changed ? advert.fetched_unix : was;
  }
  batch.Put(store::Cf::kAdverts, advert_id, store::EncodeRecord(advert_json));
  ADMON_RETURN_IF_ERROR(db->Write(batch));
  t.write_ns += lap();
  ++summary.adverts_parsed;
  return absl::OkStatus();
}

absl::StatusOr<bool> Pipeline::Impl::ImagesArrivedSince(const nlohmann::json& advert) const {
  auto images = advert.find("images");
  if (images == advert.end() || !images->is_array()) return false;
  store::CaptureStore captures(db);
  for (const nlohmann::json& image : *images) {
    if (!image.is_object() || !image.value("sha256", "").empty()) continue;
    ADMON_ASSIGN_OR_RETURN(std::optional<store::Capture> cap, captures.GetLatest(image.value("url", "")));
    if (cap.has_value() && !cap->body.empty()) return true;
  }
  return false;
}

// Scans advert pages and commits each in scan order. threads > 1: batches of
// pages go to the workers (Prepare) while the calling thread commits earlier
// batches, at most kBatchesInFlight at once.
absl::Status Pipeline::Impl::ScanAndCommit(const PageScan& scan, ProcessSummary& summary,
                                           std::set<std::string>& touched, StageTimes& workers, int64_t& helped_ns) {
  absl::Status inner;
  int threads = options.threads;
  if (threads <= 0) threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (threads == 1) {
    ADMON_RETURN_IF_ERROR(scan([&](const store::PageState& page, const store::Capture& cap) {
      inner = Commit(page, cap, nullptr, summary, touched);
      return inner.ok();
    }));
    return inner;
  }
  StageTimes& t = summary.stages;
  WorkPool pool(threads - 1);
  std::deque<std::unique_ptr<Batch>> in_flight;
  // Waits for `batch`'s pages to be prepared, running queued tasks meanwhile.
  auto wait = [&](Batch& batch) {
    while (true) {
      {
        std::lock_guard<std::mutex> lock(batch.mu);
        if (batch.pending == 0) return;
      }
      Lap lap;
      if (pool.RunOne()) {
        helped_ns += lap();
        continue;
      }
      std::unique_lock<std::mutex> lock(batch.mu);
      batch.done.wait(lock, [&] { return batch.pending == 0; });
      t.wait_ns += lap();
    }
  };
  // On any return, no task may outlive its batch.
  struct Drain {
    std::deque<std::unique_ptr<Batch>>& batches;
    std::function<void(Batch&)> wait;
    ~Drain() {
      for (auto& b : batches) wait(*b);
    }
  } drain{in_flight, wait};
  auto dispatch = [&](std::unique_ptr<Batch> batch) {
    batch->pending = static_cast<int>(batch->pages.size());
    Batch* b = batch.get();
    in_flight.push_back(std::move(batch));
    for (PageWork& w : b->pages) {
      pool.Submit([this, b, &w] {
        Prepare(w, *b);
        std::lock_guard<std::mutex> lock(b->mu);
        if (--b->pending == 0) b->done.notify_all();
      });
    }
  };
  auto commit_oldest = [&]() -> absl::Status {
    Batch& batch = *in_flight.front();
    wait(batch);
    for (PageWork& w : batch.pages) {
      AddStages(w.prep.times, workers);
      ADMON_RETURN_IF_ERROR(Commit(w.page, w.capture, &w.prep, summary, touched));
    }
    in_flight.pop_front();
    return absl::OkStatus();
  };
  const size_t batch_pages = static_cast<size_t>(std::max(1, options.batch_pages));
  auto filling = std::make_unique<Batch>();
  ADMON_RETURN_IF_ERROR(scan([&](const store::PageState& page, const store::Capture& cap) {
    filling->pages.push_back(PageWork{.page = page, .capture = cap, .prep = {}});
    if (filling->pages.size() < batch_pages) return true;
    dispatch(std::exchange(filling, std::make_unique<Batch>()));
    if (in_flight.size() >= static_cast<size_t>(kBatchesInFlight)) inner = commit_oldest();
    return inner.ok();
  }));
  ADMON_RETURN_IF_ERROR(inner);
  if (!filling->pages.empty()) dispatch(std::move(filling));
  while (!in_flight.empty()) ADMON_RETURN_IF_ERROR(commit_oldest());
  return absl::OkStatus();
}

// GetCluster reports a merged id's root in `parent`.
absl::StatusOr<std::string> Pipeline::Impl::RootOf(const std::string& id) const {
  ADMON_ASSIGN_OR_RETURN(dedupe::Cluster c, linker->GetCluster(id));
  return c.parent.empty() ? c.id : c.parent;
}

absl::Status Pipeline::Impl::ScoreCluster(const std::string& id) {
  ADMON_ASSIGN_OR_RETURN(dedupe::Cluster cluster, linker->GetCluster(id));
  std::vector<parsers::Advert> adverts;
  std::vector<indicators::AdvertScore> scores;
  for (const std::string& member : cluster.members) {
    if (static_cast<int>(adverts.size()) >= options.max_cluster_members_scored) break;
    ADMON_ASSIGN_OR_RETURN(std::optional<std::string> raw, db->Get(store::Cf::kAdverts, member));
    if (!raw.has_value()) continue;
    ADMON_ASSIGN_OR_RETURN(nlohmann::json j, store::DecodeRecord(*raw, absl::StrCat("adverts/", member)));
    adverts.push_back(j.get<parsers::Advert>());
    scores.push_back(catalogue->ScoreAdvert(adverts.back()));
    scores.back().advert_id = member;
  }
  indicators::ClusterFacts facts = FactsFromMembers(cluster, adverts, scores);
  indicators::ClusterScore score = catalogue->ScoreCluster(facts);
  score.cluster_id = cluster.id;
  nlohmann::json j = score;
  j["facts"] = facts;
  return db->Put(store::Cf::kScores, ClusterScoreKey(cluster.id), store::EncodeRecord(j));
}

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pipeline::~Pipeline() = default;

absl::StatusOr<std::unique_ptr<Pipeline>> Pipeline::Create(store::Db* db, const config::SitesConfig* sites,
                                                           const PipelineOptions& options) {
  if (options.threads < 0 || options.threads > kMaxThreads || options.batch_pages < 1) {
    return absl::InvalidArgumentError(absl::StrCat("pipeline: threads ", options.threads, " not in [0, ", kMaxThreads,
                                                   "] or batch_pages ", options.batch_pages, " < 1"));
  }
  auto impl = std::make_unique<Impl>();
  impl->db = db;
  impl->sites = sites;
  impl->options = options;
  ADMON_ASSIGN_OR_RETURN(impl->catalogue, indicators::Catalogue::Load(options.indicators_path));
  ADMON_ASSIGN_OR_RETURN(impl->extractor, parsers::IdentifierExtractor::Create());
  ADMON_ASSIGN_OR_RETURN(impl->gazetteer, parsers::Gazetteer::LoadFile(options.gazetteer_path));
  ADMON_ASSIGN_OR_RETURN(impl->parser,
                         parsers::PageParser::Create({}, impl->extractor.get(), impl->gazetteer.get()));
  bool any_ocr = false;
  for (const auto& s : sites->sites) any_ocr = any_ocr || s.ocr;
  if (options.ocr && any_ocr) {
    // One Tesseract instance per thread that may OCR at once (the pool's cap).
    const int threads = options.threads > 0 ? options.threads
                                            : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    auto engine = parsers::OcrEngine::Create({.max_instances = std::max(2, threads)});
    if (engine.ok()) {
      impl->ocr = *std::move(engine);
    } else {
      spdlog::warn("OCR unavailable, phones shown only in images will be missed: {}", SV(engine.status().message()));
    }
  }
  ADMON_ASSIGN_OR_RETURN(impl->linker, dedupe::Linker::Open(db, options.dedupe));
  ADMON_RETURN_IF_ERROR(impl->PrepareSites());
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

absl::StatusOr<ProcessSummary> Pipeline::ProcessPending() {
  store::CaptureStore captures(impl_->db);
  return impl_->Process([&](const PageFn& fn) { return captures.ScanAdvertPages(fn); }, nullptr);
}

absl::StatusOr<ProcessSummary> Pipeline::ProcessPages(const std::vector<std::string>& urls) {
  store::CaptureStore captures(impl_->db);
  std::vector<store::PageState> pages;
  std::set<std::string, std::less<>> sites;
  for (const std::string& url : urls) {
    ADMON_ASSIGN_OR_RETURN(std::optional<store::PageState> page, captures.GetPage(url));
    if (!page || page->kind != store::CaptureKind::kAdvert || page->last_capture_key.empty()) continue;
    sites.insert(page->site);
    pages.push_back(*std::move(page));
  }
  return impl_->Process(
      [&](const PageFn& fn) -> absl::Status {
        for (const store::PageState& page : pages) {
          ADMON_ASSIGN_OR_RETURN(std::optional<store::Capture> cap, captures.GetByKey(page.last_capture_key));
          if (cap.has_value() && !fn(page, *cap)) break;
        }
        return absl::OkStatus();
      },
      &sites);
}

int Pipeline::FurniturePages(std::string_view site) const {
  auto it = impl_->site_states.find(site);
  return it == impl_->site_states.end() ? 0 : it->second.furniture.pages();
}

absl::StatusOr<ProcessSummary> Pipeline::Impl::Process(const PageScan& scan,
                                                       const std::set<std::string, std::less<>>* only_sites) {
  Impl& m = *this;
  ProcessSummary summary;
  StageTimes& t = summary.stages;
  Lap total, lap;
  const int64_t cpu0 = CpuNanos(CLOCK_PROCESS_CPUTIME_ID), main_cpu0 = CpuNanos(CLOCK_THREAD_CPUTIME_ID);
  for (auto& [name, state] : m.site_states) {
    if (only_sites == nullptr || only_sites->contains(name)) ADMON_RETURN_IF_ERROR(m.LearnFurniture(state));
  }
  t.furniture_ns += lap();
  std::set<std::string> touched;
  StageTimes workers;
  int64_t helped_ns = 0;
  ADMON_RETURN_IF_ERROR(m.ScanAndCommit(scan, summary, touched, workers, helped_ns));
  lap();
  if (only_sites == nullptr) ADMON_RETURN_IF_ERROR(m.ScorePending(touched, summary));
  t.cluster_score_ns += lap();
  t.total_ns = total();
  t.cpu_ns = CpuNanos(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
  t.main_cpu_ns = CpuNanos(CLOCK_THREAD_CPUTIME_ID) - main_cpu0;
  // Here `t` holds the calling thread's own stages only.
  t.other_ns = t.total_ns - (t.furniture_ns + t.lookup_ns + t.parse_ns + t.image_read_ns + t.image_hash_ns +
                             t.ocr_ns + t.score_ns + t.link_ns + t.write_ns + t.cluster_score_ns + t.wait_ns +
                             helped_ns);
  AddStages(workers, t);
  std::ostringstream os;
  os << t;
  spdlog::info("process stages: {}", os.str());
  return summary;
}

// The touched clusters and those left unscored by an interrupted run (or by
// ProcessPages) are scored with this run's.
absl::Status Pipeline::Impl::ScorePending(std::set<std::string>& touched, ProcessSummary& summary) {
  Impl& m = *this;
  store::WriteBatch done(*m.db);
  ADMON_RETURN_IF_ERROR(m.db->Scan(store::Cf::kMeta, kPendingClusterPrefix, [&](std::string_view key, std::string_view) {
    touched.emplace(key.substr(kPendingClusterPrefix.size()));
    done.Delete(store::Cf::kMeta, key);
    return true;
  }));
  std::set<std::string> roots;
  for (const std::string& id : touched) {
    absl::StatusOr<std::string> root = m.RootOf(id);
    if (absl::IsNotFound(root.status())) continue;  // purged since
    ADMON_RETURN_IF_ERROR(root.status());
    roots.insert(*root);
  }
  for (const std::string& root : roots) {
    ADMON_RETURN_IF_ERROR(m.ScoreCluster(root));
    ++summary.clusters_scored;
  }
  return m.db->Write(done);
}

absl::StatusOr<int64_t> Pipeline::RescoreAll() {
  Impl& m = *impl_;
  int64_t n = 0;
  store::WriteBatch batch(*m.db);
  absl::Status inner;
  ADMON_RETURN_IF_ERROR(m.db->Scan(store::Cf::kAdverts, "", [&](std::string_view key, std::string_view value) {
    auto j = store::DecodeRecord(value, absl::StrCat("adverts/", AV(key)));
    if (!j.ok()) {
      inner = j.status();
      return false;
    }
    parsers::Advert advert = j->get<parsers::Advert>();
    indicators::AdvertScore score = m.catalogue->ScoreAdvert(advert);
    score.advert_id = advert.id;
    StageAdvertScore(score, batch);
    ++n;
    if (batch.Count() >= 1000) {
      inner = m.db->Write(batch);
      batch.Clear();
    }
    return inner.ok();
  }));
  ADMON_RETURN_IF_ERROR(inner);
  ADMON_RETURN_IF_ERROR(m.db->Write(batch));
  std::vector<std::string> roots;
  ADMON_RETURN_IF_ERROR(m.linker->ForEachCluster([&](const dedupe::Cluster& c) {
    if (c.parent.empty()) roots.push_back(c.id);
    return true;
  }));
  for (const std::string& id : roots) ADMON_RETURN_IF_ERROR(m.ScoreCluster(id));
  return n;
}

absl::Status Pipeline::RescoreClusters(const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    auto cluster = impl_->linker->GetCluster(id);
    if (absl::IsNotFound(cluster.status())) continue;
    ADMON_RETURN_IF_ERROR(cluster.status());
    if (cluster->parent.empty()) ADMON_RETURN_IF_ERROR(impl_->ScoreCluster(id));
  }
  return absl::OkStatus();
}

const PipelineOptions& Pipeline::options() const { return impl_->options; }
const indicators::Catalogue& Pipeline::catalogue() const { return *impl_->catalogue; }
dedupe::Linker& Pipeline::linker() { return *impl_->linker; }

}  // namespace admon::app
