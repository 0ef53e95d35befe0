// Copyright 2026 The admon Authors.
//
// Cluster commands (dedupe/):
//   admon clusters --db DIR [--top N] [--json]      clusters by score, then size
//   admon cluster show ID --db DIR [--json]         members, links, statistics, timeline
//   admon eval --db DIR --truth FILE                B-cubed and score ranking vs the test site's truth.jsonl
// All open the database read-only, so they work beside a running crawl.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/command.h"
#include "common/clock.h"
#include "common/files.h"
#include "common/status.h"
#include "dedupe/dedupe.h"
#include "dedupe/eval.h"
#include "app/pipeline.h"
#include "app/rank_eval.h"
#include "nlohmann/json.hpp"
#include "store/record.h"

namespace admon::app {
namespace {

struct ListOptions {
  std::string db;
  int top = 20;
  bool json = false;
};
struct ShowOptions {
  std::string db, id;
  bool json = false;
};
struct EvalOptions {
  std::string db, truth;
};

// Stored score under `key` (app/pipeline.h: AdvertScoreKey, ClusterScoreKey;
// MessagePack record or JSON text): score 0 / flag "none" when absent or
// unreadable (listing must not stop on one bad record; purge is strict).
std::pair<double, std::string> StoredScoreOrNone(const store::Db& db, const std::string& key) {
  auto v = db.Get(store::Cf::kScores, key);
  if (!v.ok() || !v->has_value()) return {0.0, "none"};
  auto rec = store::DecodeRecord(**v, key);
  auto s = StoredScoreFromRecord(rec.ok() ? *rec : nlohmann::json::parse(**v, nullptr, false), key);
  if (!s.ok()) return {0.0, "none"};
  return {s->score, s->flag};
}

absl::StatusOr<std::unique_ptr<dedupe::Linker>> OpenLinker(store::Db* db) {
  return dedupe::Linker::Open(db, dedupe::DedupeOptions{});
}

absl::Status RunList(const ListOptions& o) {
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/true, /*create=*/false));
  ADMON_ASSIGN_OR_RETURN(auto linker, OpenLinker(db.get()));
  std::vector<nlohmann::json> rows;
  ADMON_RETURN_IF_ERROR(linker->ForEachCluster([&](const dedupe::Cluster& c) {
    auto [score, flag] = StoredScoreOrNone(*db, ClusterScoreKey(c.id));
    auto f = dedupe::Figures(c);
    rows.push_back({{"id", c.id},
                    {"score", score},
                    {"flag", flag},
                    {"adverts", f.adverts},
                    {"live", f.live},
                    {"phones", f.distinct_phones},
                    {"names", f.distinct_names},
                    {"towns", f.distinct_towns},
                    {"sites", f.distinct_sites},
                    {"first_seen", FormatUtc(absl::FromUnixSeconds(c.first_seen))},
                    {"last_seen", FormatUtc(absl::FromUnixSeconds(c.last_seen))}});
    return true;
  }));
  std::sort(rows.begin(), rows.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    if (a["score"] != b["score"]) return a["score"].get<double>() > b["score"].get<double>();
    if (a["adverts"] != b["adverts"]) return a["adverts"].get<int64_t>() > b["adverts"].get<int64_t>();
    return a["id"].get<std::string>() < b["id"].get<std::string>();
  });
  if (o.top > 0 && static_cast<int>(rows.size()) > o.top) rows.resize(o.top);
  if (o.json) {
    std::printf("%s\n", nlohmann::json(rows).dump(2).c_str());
    return absl::OkStatus();
  }
  std::printf("%-10s %6s %-8s %7s %6s %6s %6s %6s  %-20s %-20s\n", "cluster", "score", "flag", "adverts", "live",
              "phones", "names", "towns", "first seen", "last seen");
  for (const auto& r : rows) {
    std::printf("%-10s %6.2f %-8s %7lld %6lld %6lld %6lld %6lld  %-20s %-20s\n", r["id"].get<std::string>().c_str(),
                r["score"].get<double>(), r["flag"].get<std::string>().c_str(),
                static_cast<long long>(r["adverts"].get<int64_t>()), static_cast<long long>(r["live"].get<int64_t>()),
                static_cast<long long>(r["phones"].get<int64_t>()), static_cast<long long>(r["names"].get<int64_t>()),
                static_cast<long long>(r["towns"].get<int64_t>()), r["first_seen"].get<std::string>().c_str(),
                r["last_seen"].get<std::string>().c_str());
  }
  return absl::OkStatus();
}

// Related clusters listed by `cluster show`: enough for an analyst to follow
// a split network, few enough that templated-text ties at scale (with
// text_max_links > 0, up to that many per advert) do not bury them.
constexpr size_t kMaxRelated = 20;

absl::Status RunShow(const ShowOptions& o) {
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/true, /*create=*/false));
  ADMON_ASSIGN_OR_RETURN(auto linker, OpenLinker(db.get()));
  ADMON_ASSIGN_OR_RETURN(dedupe::Cluster c, linker->GetCluster(o.id));
  std::string note;
  if (!c.parent.empty()) {
    note = absl::StrCat(o.id, " was merged into ", c.parent);
    ADMON_ASSIGN_OR_RETURN(c, linker->GetCluster(c.parent));
  }
  auto [score, flag] = StoredScoreOrNone(*db, ClusterScoreKey(c.id));
  nlohmann::json members = nlohmann::json::array();
  nlohmann::json links = nlohmann::json::array();
  const std::set<std::string> member_set(c.members.begin(), c.members.end());
  std::vector<dedupe::Link> outside;       // links that left the cluster ...
  std::vector<std::string> outside_roots;  // ... and the cluster each reaches
  for (const auto& m : c.members) {
    ADMON_ASSIGN_OR_RETURN(auto info, linker->GetAdvert(m));
    members.push_back({{"id", info.id},
                       {"site", info.site},
                       {"url", info.url},
                       {"name", info.name},
                       {"first_seen", FormatUtc(absl::FromUnixSeconds(info.first_seen))},
                       {"last_seen", FormatUtc(absl::FromUnixSeconds(info.last_seen))},
                       {"removed", info.removed}});
    ADMON_ASSIGN_OR_RETURN(auto ls, linker->LinksOf(m));
    for (const auto& l : ls) {
      const bool inside = member_set.count(l.to) > 0;
      if (inside && l.from > l.to) continue;  // each pair inside once
      nlohmann::json jl = l;
      jl["in_cluster"] = inside;
      if (!inside) {
        // Evidence that did not merge: a hub, or a weak link without
        // corroboration (docs/dedupe.md "Which links merge").
        auto other = linker->ClusterOf(l.to);
        jl["other_cluster"] = other.ok() ? *other : "";
        outside.push_back(l);
        outside_roots.push_back(other.ok() ? *other : "");
      }
      links.push_back(std::move(jl));
    }
  }
  const auto related = dedupe::RankRelatedClusters(outside, outside_roots, kMaxRelated);
  nlohmann::json out = {{"id", c.id},
                        {"score", score},
                        {"flag", flag},
                        {"figures", dedupe::Figures(c)},
                        {"merged_from", nlohmann::json(c)["merged_from"]},
                        {"history", c.history},
                        {"timeline", c.stats.adverts_per_day},
                        {"members", members},
                        {"links", links},
                        {"related", related},
                        {"stats", c.stats}};
  if (!note.empty()) out["note"] = note;
  if (o.json) {
    std::printf("%s\n", out.dump(2).c_str());
    return absl::OkStatus();
  }
  if (!note.empty()) std::printf("(%s)\n", note.c_str());
  std::printf("cluster %s  score %.2f  flag %s\n\nfigures\n", c.id.c_str(), score, flag.c_str());
  for (const auto& [k, v] : out["figures"].items()) std::printf("  %-30s %s\n", k.c_str(), v.dump().c_str());
  std::printf("\nmembers (%zu)\n", members.size());
  for (const auto& m : members) {
    std::printf("  %-28s %-16s %s%s\n", m["id"].get<std::string>().c_str(), m["name"].get<std::string>().c_str(),
                m["url"].get<std::string>().c_str(), m["removed"].get<bool>() ? "  [removed]" : "");
  }
  std::printf("\nlinks (%zu)\n", links.size());
  for (const auto& l : links) {
    std::string ev = l["value"].get<std::string>();
    if (l.contains("distance")) ev += absl::StrCat(" d=", l["distance"].get<int>());
    if (l.contains("jaccard")) ev += absl::StrCat(" jaccard=", l["jaccard"].get<double>());
    std::string why;
    if (l["hub"].get<bool>()) why = "  [hub: does not merge]";
    if (!l["in_cluster"].get<bool>()) {
      absl::StrAppend(&why, "  [not merged: other advert in ", l["other_cluster"].get<std::string>(),
                      l["hub"].get<bool>() ? "]" : "; weak link without corroboration]");
    }
    std::printf("  %-28s %-28s %-11s %s%s\n", l["from"].get<std::string>().c_str(), l["to"].get<std::string>().c_str(),
                l["type"].get<std::string>().c_str(), ev.c_str(), why.c_str());
  }
  std::printf("\nrelated clusters (links that did not merge; photo and account links first)\n");
  for (const auto& r : related) std::printf("  %s\n", dedupe::Describe(r).c_str());
  std::printf("\ntimeline (new adverts per day)\n");
  for (const auto& [day, n] : c.stats.adverts_per_day) std::printf("  %s %lld\n", day.c_str(), static_cast<long long>(n));
  for (const auto& m : c.merged_from) {
    std::printf("merged %s at %s\n", m.from.c_str(), FormatUtc(absl::FromUnixSeconds(m.unix)).c_str());
  }
  for (const auto& h : c.history) std::printf("%s\n", h.c_str());
  return absl::OkStatus();
}

absl::Status RunEval(const EvalOptions& o) {
  ADMON_ASSIGN_OR_RETURN(std::string text, ReadFile(o.truth));
  auto truth = dedupe::ParseTruthJsonl(text);
  if (!truth.ok()) return Annotate(truth.status(), o.truth);
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/true, /*create=*/false));
  ADMON_ASSIGN_OR_RETURN(auto linker, OpenLinker(db.get()));
  std::vector<dedupe::EvalAdvert> adverts;
  std::vector<dedupe::EvalLink> links;
  absl::Status inner = absl::OkStatus();
  ADMON_RETURN_IF_ERROR(linker->ForEachAdvert([&](const dedupe::AdvertInfo& a) {
    adverts.push_back({a.id, a.url, a.cluster});
    auto ls = linker->LinksOf(a.id);
    if (!ls.ok()) {
      inner = ls.status();
      return false;
    }
    for (const auto& l : *ls) {
      if (l.from < l.to) links.push_back({l.from, l.to, l.type, l.hub});
    }
    return true;
  }));
  ADMON_RETURN_IF_ERROR(inner);
  nlohmann::json out = dedupe::Evaluate(*truth, adverts, links);

  // Ranking of the stored scores (issue 6), truth matched by advert id.
  std::map<std::string, std::string> kind_of;
  for (const dedupe::TruthItem& t : *truth) kind_of[t.advert_id] = t.kind;
  std::map<std::string, RankedCluster> ranked;
  for (const dedupe::EvalAdvert& a : adverts) {
    RankedCluster& c = ranked[a.cluster];
    if (c.id.empty()) {
      c.id = a.cluster;
      std::tie(c.score, c.flag) = StoredScoreOrNone(*db, ClusterScoreKey(a.cluster));
    }
    auto k = kind_of.find(a.id);
    c.adverts.push_back({.kind = k == kind_of.end() ? "" : k->second,
                         .flag = StoredScoreOrNone(*db, AdvertScoreKey(a.id)).second});
  }
  std::vector<RankedCluster> clusters;
  for (auto& [id, c] : ranked) clusters.push_back(std::move(c));
  out["ranking"] = EvaluateRanking(clusters, 20);
  std::printf("%s\n", out.dump(2).c_str());
  return absl::OkStatus();
}

void Register(CLI::App& root, Context& ctx) {
  auto* list = root.add_subcommand("clusters", "List clusters by stored score, then size");
  auto lo = std::make_shared<ListOptions>();
  list->add_option("--db", lo->db, "Database directory")->required();
  list->add_option("--top", lo->top, "Clusters to show (0: all)");
  list->add_flag("--json", lo->json, "Print JSON");
  list->callback([&ctx, lo] { ctx.action = [lo] { return RunList(*lo); }; });

  auto* cluster = root.add_subcommand("cluster", "Inspect one cluster");
  cluster->require_subcommand(1);
  auto* show = cluster->add_subcommand("show", "Members, links with evidence, related clusters, statistics and timeline");
  auto so = std::make_shared<ShowOptions>();
  show->add_option("id", so->id, "Cluster id, e.g. C00000042")->required();
  show->add_option("--db", so->db, "Database directory")->required();
  show->add_flag("--json", so->json, "Print JSON");
  show->callback([&ctx, so] { ctx.action = [so] { return RunShow(*so); }; });

  auto* eval = root.add_subcommand(
      "eval", "Score clustering (B-cubed, link precision) and the ranking of scores (AUC) against ground truth");
  auto eo = std::make_shared<EvalOptions>();
  eval->add_option("--db", eo->db, "Database directory")->required();
  eval->add_option("--truth", eo->truth, "truth.jsonl from the test site")->required();
  eval->callback([&ctx, eo] { ctx.action = [eo] { return RunEval(*eo); }; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
