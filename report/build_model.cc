// Copyright 2026 The admon Authors.
#include "report/build_model.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "common/status.h"
#include "parsers/advert.h"
#include "report/from_records.h"
#include "store/captures.h"
#include "store/crawl_days.h"
#include "store/record.h"

namespace admon::report {
namespace {

std::string Utc(int64_t unix) { return unix > 0 ? FormatUtc(absl::FromUnixSeconds(unix)) : ""; }
std::string Day(int64_t unix) { return unix > 0 ? LondonDate(absl::FromUnixSeconds(unix)) : ""; }

struct Scored {
  double score = 0;
  Flag flag = Flag::kNone;
  std::string flag_reason;
  std::vector<HitView> hits;
};

// Stored score record (MessagePack record or JSON text); nullopt if absent.
std::optional<Scored> LoadScore(const store::Db& db, const std::string& kind, const std::string& id) {
  std::string key = kind;
  key.push_back('\0');
  key += id;
  auto v = db.Get(store::Cf::kScores, key);
  if (!v.ok() || !v->has_value()) return std::nullopt;
  nlohmann::json j;
  auto rec = store::DecodeRecord(**v, key);
  j = rec.ok() ? *rec : nlohmann::json::parse(**v, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  Scored s;
  s.score = j.value("score", 0.0);
  const std::string flag = j.value("flag", "none");
  s.flag = flag == "urgent" ? Flag::kUrgent : (flag == "review" ? Flag::kReview : Flag::kNone);
  s.flag_reason = j.value("flag_reason", "");
  if (j.contains("hits") && j["hits"].is_array()) {
    for (const auto& h : j["hits"]) s.hits.push_back(h.get<HitView>());
  }
  return s;
}

// `changed_unix` (optional) receives the time the pipeline last saw the
// advert's content change (0: never changed since first parse).
absl::StatusOr<std::optional<parsers::Advert>> LoadAdvert(const store::Db& db, const std::string& id,
                                                          int64_t* changed_unix = nullptr) {
  ADMON_ASSIGN_OR_RETURN(auto bytes, db.Get(store::Cf::kAdverts, id));
  if (!bytes.has_value()) return std::optional<parsers::Advert>();
  ADMON_ASSIGN_OR_RETURN(nlohmann::json j, store::DecodeRecord(*bytes, id));
  if (changed_unix != nullptr) *changed_unix = j.value("changed_unix", int64_t{0});
  try {
    return std::optional<parsers::Advert>(j.get<parsers::Advert>());
  } catch (const nlohmann::json::exception& e) {
    return absl::DataLossError(absl::StrCat("adverts/", id, ": ", e.what()));
  }
}

// One member advert as a view (info from dedupe, record from the store).
absl::StatusOr<AdvertView> MemberView(const store::Db& db, const dedupe::AdvertInfo& info) {
  ADMON_ASSIGN_OR_RETURN(auto advert, LoadAdvert(db, info.id));
  AdvertView v;
  if (advert.has_value()) {
    v = AdvertViewFrom(*advert, Utc(info.first_seen), Utc(info.last_seen), info.removed);
  } else {
    v.id = info.id;
    v.site = info.site;
    v.url = info.url;
    v.name = info.name;
    v.first_seen = Utc(info.first_seen);
    v.last_seen = Utc(info.last_seen);
    v.removed = info.removed;
  }
  if (auto s = LoadScore(db, "advert", info.id)) {
    v.score = s->score;
    v.flag = s->flag;
    v.flag_reason = s->flag_reason;
    v.hits = s->hits;
  }
  return v;
}

// Related clusters named per cluster in the report: at most kMaxRelated,
// each tied by at least kMinRelatedLinks photo or account links. On the
// 400-advert demo crawl a tie of one near-duplicate photo joined the same
// poster or network 0 times in 50 (look-alike photos); ties of two or more
// photo links, 2 in 2. `admon cluster show` lists every tie.
constexpr size_t kMaxRelated = 10;
constexpr int64_t kMinRelatedLinks = 2;

// Members (capped), links among them, and related clusters.
absl::Status FillMembers(store::Db& db, const dedupe::Linker& linker, const dedupe::Cluster& c,
                         int max_members, ClusterView& view) {
  std::set<std::string> members;
  for (const std::string& m : c.members) {
    if (static_cast<int>(view.adverts.size()) >= max_members) break;
    ADMON_ASSIGN_OR_RETURN(dedupe::AdvertInfo info, linker.GetAdvert(m));
    ADMON_ASSIGN_OR_RETURN(AdvertView v, MemberView(db, info));
    view.adverts.push_back(std::move(v));
    members.insert(m);
  }
  std::vector<dedupe::Link> outside;  // photo and account links that did not merge
  std::vector<std::string> outside_roots;
  for (const std::string& m : members) {
    ADMON_ASSIGN_OR_RETURN(auto links, linker.LinksOf(m));
    for (dedupe::Link& l : links) {
      if (l.from < l.to && members.count(l.from) && members.count(l.to)) {
        view.links.push_back(LinkViewFrom(l, dedupe::LinkTypeName(l.type)));
      }
      // Text links are left out: with text_max_links > 0 an advert has up
      // to that many to adverts of unrelated posters, and each would cost a
      // cluster lookup here.
      if (members.count(l.to) || l.hub || l.type == dedupe::LinkType::kText) continue;
      auto root = linker.ClusterOf(l.to);
      if (!root.ok() || *root == c.id) continue;  // beyond the member cap, or not linked yet
      outside.push_back(std::move(l));
      outside_roots.push_back(*root);
    }
  }
  for (const auto& r : dedupe::RankRelatedClusters(outside, outside_roots, kMaxRelated)) {
    if (r.non_text < kMinRelatedLinks) break;  // ranked by non_text: the rest have fewer
    view.related.push_back(dedupe::Describe(r));
  }
  return absl::OkStatus();
}

void CountFlag(FlagCounts& f, Flag flag) {
  (flag == Flag::kUrgent ? f.urgent : flag == Flag::kReview ? f.review : f.none)++;
}

}  // namespace

absl::StatusOr<ReportModel> BuildReportModel(store::Db& db, const dedupe::Linker& linker,
                                             const BuildOptions& o) {
  ADMON_ASSIGN_OR_RETURN(absl::Time day_start, ParseLondonDate(o.date));
  const std::string& day = o.date;
  ReportModel m;
  m.date = day;
  m.generated_at = FormatUtc(o.now);

  // Adverts seen on the day: summary per site / force, parser coverage.
  std::map<std::string, SiteSummary> sites;
  std::map<std::string, ForceSummary> forces;
  std::map<std::string, CrawlHealth> crawl;
  std::map<std::string, std::set<std::string>> force_clusters;
  absl::Status inner = absl::OkStatus();
  ADMON_RETURN_IF_ERROR(linker.ForEachAdvert([&](const dedupe::AdvertInfo& a) {
    const std::string first = Day(a.first_seen), last = Day(a.last_seen);
    if (first > day || last < day) {
      if (a.removed && Day(a.removed_unix) == day) {
        ++m.summary.adverts_removed;
        ++sites[a.site].adverts_removed;
      }
      return true;
    }
    int64_t changed_unix = 0;
    auto advert = LoadAdvert(db, a.id, &changed_unix);
    if (!advert.ok()) {
      inner = advert.status();
      return false;
    }
    const auto score = LoadScore(db, "advert", a.id);
    const Flag flag = score ? score->flag : Flag::kNone;
    if (m.catalogue_version.empty()) {
      // Scores carry the catalogue version; read it once.
      std::string key = "advert";
      key.push_back('\0');
      key += a.id;
      auto v = db.Get(store::Cf::kScores, key);
      if (v.ok() && v->has_value()) {
        auto rec = store::DecodeRecord(**v, key);
        if (rec.ok()) m.catalogue_version = rec->value("catalogue_version", "");
      }
    }
    ++m.summary.adverts_seen;
    CountFlag(m.summary.flags, flag);
    SiteSummary& s = sites[a.site];
    ++s.adverts_seen;
    CountFlag(s.flags, flag);
    if (first == day) {
      ++m.summary.adverts_new;
      ++s.adverts_new;
    } else if (Day(changed_unix) == day) {
      ++m.summary.adverts_changed;
      ++s.adverts_changed;
    }
    if (a.removed && Day(a.removed_unix) == day) {
      ++m.summary.adverts_removed;
      ++s.adverts_removed;
    }
    const std::string force = advert->has_value() ? (*advert)->location.force : "";
    ForceSummary& f = forces[force];
    ++f.adverts;
    CountFlag(f.flags, flag);
    force_clusters[force].insert(a.cluster);
    CrawlHealth& h = crawl[a.site];
    ++h.adverts;
    if (advert->has_value() && !(*advert)->phones.empty()) ++h.adverts_with_phone;
    return true;
  }));
  ADMON_RETURN_IF_ERROR(inner);

  // Fetches on the day per site.
  const absl::Time day_end = day_start + absl::Hours(25);  // DST-safe upper bound; filtered by LondonDate
  store::CaptureStore captures(&db);
  ADMON_RETURN_IF_ERROR(captures.ScanSince(day_start, [&](const store::Capture& c) {
    if (c.fetched >= day_end || LondonDate(c.fetched) != day) return true;
    CrawlHealth& h = crawl[c.site];
    ++h.pages;
    if (c.status == 0 || c.status >= 400 || !c.error.empty()) ++h.errors;
    return true;
  }));
  ADMON_ASSIGN_OR_RETURN(std::vector<store::CrawlDay> crawl_days, store::LoadCrawlDays(db, day));
  for (const store::CrawlDay& d : crawl_days) {
    CrawlHealth& h = crawl[d.site];
    h.politeness_waits += d.politeness_waits;
    h.politeness_violations += d.politeness_violations;
  }
  for (auto& [site, s] : sites) {
    s.site = site;
    m.summary.sites.push_back(s);
  }
  for (auto& [force, f] : forces) {
    f.force = force;
    f.clusters = static_cast<int64_t>(force_clusters[force].size());
    m.summary.forces.push_back(f);
  }
  for (auto& [site, h] : crawl) {
    h.site = site;
    h.parser_coverage = h.adverts > 0 ? static_cast<double>(h.adverts_with_phone) / h.adverts : 0;
    m.crawl.push_back(h);
  }

  // Clusters: counts for the day, then choose which to show.
  struct Candidate {
    std::string id;
    Scored score;
    int64_t size = 0;
  };
  std::vector<Candidate> candidates;
  ADMON_RETURN_IF_ERROR(linker.ForEachCluster([&](const dedupe::Cluster& c) {
    const dedupe::ClusterFigures f = dedupe::Figures(c, day);
    const bool fresh = Day(c.first_seen) == day;
    if (fresh) ++m.summary.clusters_new;
    if (!fresh && f.new_on_day > 0) ++m.summary.clusters_grown;
    for (const auto& mf : c.merged_from) {
      if (Day(mf.unix) == day) {
        ++m.summary.clusters_merged;
        break;
      }
    }
    Candidate cand{c.id, LoadScore(db, "cluster", c.id).value_or(Scored{}), c.stats.adverts};
    if (cand.score.flag != Flag::kNone || c.stats.adverts >= 2) candidates.push_back(std::move(cand));
    return true;
  }));
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return std::make_tuple(-static_cast<int>(a.score.flag), -a.score.score, -a.size, a.id) <
           std::make_tuple(-static_cast<int>(b.score.flag), -b.score.score, -b.size, b.id);
  });
  for (const Candidate& cand : candidates) {
    if (cand.score.flag == Flag::kNone && static_cast<int>(m.clusters.size()) >= o.max_clusters) break;
    ADMON_ASSIGN_OR_RETURN(dedupe::Cluster c, linker.GetCluster(cand.id));
    ClusterView v;
    FillClusterStats(c, Utc, v);
    v.score = cand.score.score;
    v.flag = cand.score.flag;
    v.flag_reason = cand.score.flag_reason;
    v.hits = cand.score.hits;
    v.growth = dedupe::Figures(c, day).new_on_day;
    std::vector<std::string> merged_today;
    for (const auto& mf : c.merged_from) {
      if (Day(mf.unix) == day) merged_today.push_back(mf.from);
    }
    v.merged_from = merged_today;
    ADMON_RETURN_IF_ERROR(FillMembers(db, linker, c, o.max_members, v));
    m.clusters.push_back(std::move(v));
  }
  RankClusters(m.clusters);
  return m;
}

absl::StatusOr<ReferralModel> BuildReferral(store::Db& db, const dedupe::Linker& linker,
                                            const std::string& kind, const std::string& id, absl::Time now,
                                            int max_members) {
  if (kind != "advert" && kind != "cluster") {
    return absl::InvalidArgumentError(absl::StrCat("referral subject kind '", kind, "' is not advert or cluster"));
  }
  ReferralModel r;
  r.created_at = FormatUtc(now);
  r.subject_kind = kind;
  r.subject_id = id;
  ClusterView view;
  if (kind == "cluster") {
    ADMON_ASSIGN_OR_RETURN(dedupe::Cluster c, linker.GetCluster(id));
    if (!c.parent.empty()) {
      ADMON_ASSIGN_OR_RETURN(c, linker.GetCluster(c.parent));
    }
    FillClusterStats(c, Utc, view);
    ADMON_RETURN_IF_ERROR(FillMembers(db, linker, c, max_members, view));
    if (auto s = LoadScore(db, "cluster", c.id)) {
      r.score = s->score;
      r.flag = s->flag;
      r.flag_reason = s->flag_reason;
      r.hits = s->hits;
    }
  } else {
    ADMON_ASSIGN_OR_RETURN(dedupe::AdvertInfo info, linker.GetAdvert(id));
    ADMON_ASSIGN_OR_RETURN(AdvertView v, MemberView(db, info));
    r.score = v.score;
    r.flag = v.flag;
    r.flag_reason = v.flag_reason;
    view.adverts.push_back(std::move(v));
  }
  // Advert-level hits with evidence, identifiers, locations.
  std::set<std::string> phones, emails, handles, names, ages, images;
  std::map<std::string, LocationTime> locs;
  const AdvertView* latest = nullptr;
  for (const AdvertView& a : view.adverts) {
    if (kind == "cluster") {
      for (HitView h : a.hits) {
        h.match = absl::StrCat(a.id, ": ", h.match);
        r.hits.push_back(std::move(h));
      }
    } else {
      r.hits = a.hits;
    }
    if (a.flag > r.flag && kind == "cluster") r.flag_reason += absl::StrCat(" member ", a.id, " ", FlagName(a.flag));
    for (const auto& p : a.phones) phones.insert(p.e164);
    for (const auto& e : a.emails) emails.insert(e.address);
    for (const auto& h : a.handles) handles.insert(h.platform + ":" + h.handle);
    for (const auto& im : a.images) images.insert(im.sha256);
    if (!a.name.empty()) names.insert(a.name);
    if (a.age > 0) ages.insert(std::to_string(a.age));
    LocationTime& l = locs[a.town];
    l.town = a.town;
    l.force = a.force;
    if (l.first_seen.empty() || a.first_seen < l.first_seen) l.first_seen = a.first_seen;
    if (a.last_seen > l.last_seen) l.last_seen = a.last_seen;
    ++l.adverts;
    if (!a.town.empty() && (latest == nullptr || a.last_seen > latest->last_seen)) latest = &a;
  }
  r.phones = {phones.begin(), phones.end()};
  r.emails = {emails.begin(), emails.end()};
  r.handles = {handles.begin(), handles.end()};
  r.names = {names.begin(), names.end()};
  r.ages = {ages.begin(), ages.end()};
  r.image_sha256 = {images.begin(), images.end()};
  r.nationalities = view.nationalities;
  for (auto& [town, l] : locs) r.locations.push_back(l);
  if (latest != nullptr) {
    r.force = latest->force;
    r.force_reason = absl::StrCat("most recent advert (", latest->id, ", last seen ", latest->last_seen, ") in ",
                                  latest->town, " -> ", latest->force, " (gazetteer)");
  } else {
    r.force_reason = "no advert location resolved to a police force area";
  }
  std::set<std::string> other;
  for (const auto& [town, l] : locs) {
    if (!l.force.empty() && l.force != r.force) other.insert(l.force);
  }
  r.other_forces = {other.begin(), other.end()};
  r.links = view.links;
  // Evidence: the latest stored copy of each advert page and its images.
  store::CaptureStore captures(&db);
  std::set<std::string> image_urls;
  for (const AdvertView& a : view.adverts) {
    ADMON_ASSIGN_OR_RETURN(auto cap, captures.GetLatest(a.url));
    if (cap.has_value()) {
      r.captures.push_back({cap->url, FormatUtc(cap->fetched), cap->status, cap->content_type, cap->sha256,
                            cap->body});
    }
  }
  for (const AdvertView& a : view.adverts) {
    ADMON_ASSIGN_OR_RETURN(auto advert, LoadAdvert(db, a.id));
    if (!advert.has_value()) continue;
    for (const parsers::Image& im : advert->images) {
      if (im.url.empty() || !image_urls.insert(im.url).second) continue;
      ADMON_ASSIGN_OR_RETURN(auto cap, captures.GetLatest(im.url));
      if (cap.has_value()) r.images.push_back({im.sha256, im.url, FormatUtc(cap->fetched), cap->body});
    }
  }
  r.adverts = std::move(view.adverts);
  return r;
}

}  // namespace admon::report
