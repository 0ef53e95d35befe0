// Copyright 2026 The admon Authors.
#include "app/purge.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "common/status.h"
#include "crawler/frontier.h"
#include "report/retention.h"
#include "store/audit.h"
#include "store/captures.h"
#include "store/compact.h"
#include "store/record.h"

namespace admon::app {
namespace {

// Retention keys: one per thing an advert keeps alive.
std::string UrlKey(std::string_view url) { return absl::StrCat("url:", AV(url)); }
std::string ShaKey(std::string_view sha) { return absl::StrCat("sha:", AV(sha)); }

absl::StatusOr<report::Flag> StoredFlag(const store::Db& db, const std::string& key) {
  ADMON_ASSIGN_OR_RETURN(StoredScore s, ReadStoredScore(db, key));
  return s.flag == "urgent" ? report::Flag::kUrgent : s.flag == "review" ? report::Flag::kReview : report::Flag::kNone;
}

// Referred advert ids and cluster roots, from the audit log.
absl::Status ReadReferrals(store::Db& db, const dedupe::Linker& linker, report::RetentionInput& in) {
  std::set<std::string> clusters;
  store::AuditLog audit(&db);
  ADMON_RETURN_IF_ERROR(audit.List([&](const store::AuditEntry& e) {
    if (e.action != "referral" || !e.disclosed.is_object()) return true;
    for (const auto& id : e.disclosed.value("adverts", nlohmann::json::array())) {
      if (id.is_string()) in.referred_adverts.insert(id.get<std::string>());
    }
    const nlohmann::json subject = e.disclosed.value("subject", nlohmann::json::object());
    if (subject.value("kind", "") == "cluster") clusters.insert(subject.value("id", ""));
    return true;
  }));
  for (const std::string& id : clusters) {
    auto c = linker.GetCluster(id);  // merged since: protect the cluster it is part of now
    if (c.ok()) in.referred_clusters.insert(c->parent.empty() ? c->id : c->parent);
  }
  return absl::OkStatus();
}

struct Known {
  std::string site;
  std::vector<std::string> urls;  // page and image URLs
  std::vector<std::string> shas;  // image SHA-256
};

}  // namespace

std::ostream& operator<<(std::ostream& os, const PurgeSummary& s) {
  os << "cutoff " << FormatUtc(s.cutoff) << ": purged " << s.adverts.size() << " adverts, " << s.captures
     << " captures, " << s.pages << " page states, " << s.images << " images; clusters deleted "
     << s.clusters_deleted << ", rebuilt " << s.clusters_rebuilt << "; kept " << s.kept_old << " older adverts";
  for (const auto& [why, n] : s.kept_why) os << " (" << why << ": " << n << ")";
  if (s.compacted) os << "; files compacted";
  return os;
}

absl::StatusOr<PurgeSummary> Purge(store::Db& db, Pipeline& pipeline, const PurgeOptions& o) {
  dedupe::Linker& linker = pipeline.linker();
  PurgeSummary sum;
  sum.cutoff = o.now - o.older_than;
  report::RetentionInput in;
  ADMON_RETURN_IF_ERROR(ReadReferrals(db, linker, in));

  std::map<std::string, Known> known;
  absl::Status inner;
  ADMON_RETURN_IF_ERROR(linker.ForEachAdvert([&](const dedupe::AdvertInfo& a) {
    report::RetentionAdvert r{.id = a.id, .last_seen = absl::FromUnixSeconds(a.last_seen), .cluster = a.cluster,
                              .flag = report::Flag::kNone, .captures = {}};
    auto flag = StoredFlag(db, AdvertScoreKey(a.id));
    if (!flag.ok()) {
      inner = flag.status();
      return false;
    }
    r.flag = *flag;
    if (!a.cluster.empty() && !in.cluster_flags.count(a.cluster)) {
      auto cluster_flag = StoredFlag(db, ClusterScoreKey(a.cluster));
      if (!cluster_flag.ok()) {
        inner = cluster_flag.status();
        return false;
      }
      in.cluster_flags[a.cluster] = *cluster_flag;
    }
    Known& k = known[a.id];
    k.site = a.site;
    k.urls.push_back(a.url);
    auto stored = db.Get(store::Cf::kAdverts, a.id);
    if (!stored.ok()) {
      inner = stored.status();
      return false;
    }
    if (stored->has_value()) {
      auto j = store::DecodeRecord(**stored, absl::StrCat("adverts/", a.id));
      if (!j.ok()) {
        inner = j.status();
        return false;
      }
      for (const auto& image : j->value("images", nlohmann::json::array())) {
        if (!image.value("url", "").empty()) k.urls.push_back(image.value("url", ""));
        if (!image.value("sha256", "").empty()) k.shas.push_back(image.value("sha256", ""));
      }
    }
    for (const auto& u : k.urls) r.captures.push_back(UrlKey(u));
    for (const auto& s : k.shas) r.captures.push_back(ShaKey(s));
    in.adverts.push_back(std::move(r));
    return true;
  }));
  ADMON_RETURN_IF_ERROR(inner);

  const report::RetentionDecision d = report::DecideRetention(in, o.now, {.older_than = o.older_than});
  sum.adverts = d.purge_adverts;
  for (const report::RetentionAdvert& a : in.adverts) {
    auto it = d.kept.find(a.id);
    if (a.last_seen >= sum.cutoff || it == d.kept.end()) continue;
    ++sum.kept_old;
    ++sum.kept_why[it->second];
  }
  if (o.dry_run) return sum;

  // Store records first, dedupe last: an interrupted purge is redone by the
  // next run, because the linker still lists the adverts it did not forget.
  const std::set<std::string> purge_keys(d.purge_captures.begin(), d.purge_captures.end());
  std::set<std::string> done;
  store::CaptureStore captures(&db);
  for (const std::string& id : d.purge_adverts) {
    store::WriteBatch batch(db);
    batch.Delete(store::Cf::kAdverts, id);
    batch.Delete(store::Cf::kScores, AdvertScoreKey(id));
    const Known& k = known[id];
    for (const std::string& url : k.urls) {
      if (!purge_keys.count(UrlKey(url)) || !done.insert(UrlKey(url)).second) continue;
      ADMON_ASSIGN_OR_RETURN(std::optional<store::PageState> page, captures.GetPage(url));
      ADMON_ASSIGN_OR_RETURN(int64_t n, captures.StageDeletePage(url, batch));
      sum.captures += n;
      sum.pages += page.has_value() ? 1 : 0;
      batch.Delete(store::Cf::kFrontier, crawler::FrontierKey(k.site, url));
    }
    for (const std::string& sha : k.shas) {
      if (!purge_keys.count(ShaKey(sha)) || !done.insert(ShaKey(sha)).second) continue;
      ADMON_ASSIGN_OR_RETURN(std::optional<std::string> image, db.Get(store::Cf::kImages, sha));
      sum.images += image.has_value() ? 1 : 0;
      batch.Delete(store::Cf::kImages, sha);
    }
    ADMON_RETURN_IF_ERROR(db.Write(batch));
  }
  ADMON_ASSIGN_OR_RETURN(dedupe::ForgetResult forgot,
                         linker.Forget(d.purge_adverts, absl::ToUnixSeconds(o.now)));
  store::WriteBatch scores(db);
  for (const std::string& c : forgot.deleted) scores.Delete(store::Cf::kScores, ClusterScoreKey(c));
  ADMON_RETURN_IF_ERROR(db.Write(scores));
  ADMON_RETURN_IF_ERROR(pipeline.RescoreClusters(forgot.rebuilt));
  sum.clusters_deleted = static_cast<int64_t>(forgot.deleted.size());
  sum.clusters_rebuilt = static_cast<int64_t>(forgot.rebuilt.size());

  // Superseded copies of listings, robots.txt and sitemaps.
  std::vector<std::string> other_pages;
  ADMON_RETURN_IF_ERROR(captures.ScanPages("", [&](const store::PageState& p) {
    if (p.kind != store::CaptureKind::kAdvert && p.kind != store::CaptureKind::kImage) other_pages.push_back(p.url);
    return true;
  }));
  for (const std::string& url : other_pages) {
    store::WriteBatch batch(db);
    ADMON_ASSIGN_OR_RETURN(int64_t n, captures.StageDeleteOldCaptures(url, sum.cutoff, batch));
    if (n == 0) continue;
    sum.captures += n;
    ADMON_RETURN_IF_ERROR(db.Write(batch));
  }
  const bool deleted = !sum.adverts.empty() || sum.captures > 0 || sum.images > 0 || sum.clusters_deleted > 0;
  if (o.compact && deleted) {
    ADMON_RETURN_IF_ERROR(store::CompactAll(db));
    sum.compacted = true;
  }
  return sum;
}

}  // namespace admon::app
