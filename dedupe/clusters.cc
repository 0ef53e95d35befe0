// Copyright 2026 The admon Authors.
//
// Linker::Impl state records, union-find over cluster nodes, and recompute.
#include <algorithm>
#include <deque>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "dedupe/codec.h"
#include "dedupe/keys.h"
#include "dedupe/linker_impl.h"
#include "store/record.h"

namespace admon::dedupe {

using store::Cf;

nlohmann::json LinkRecord(const Link& l) {
  nlohmann::json j = l;
  j["v"] = kStateVersion;
  return j;
}

Link LinkFromRecord(const nlohmann::json& j) {
  Link l;
  l.from = j.value("from", "");
  l.to = j.value("to", "");
  l.type = ParseLinkType(j.value("type", "phone")).value_or(LinkType::kPhone);
  l.value = j.value("value", "");
  l.distance = j.value("distance", -1);
  l.jaccard = j.value("jaccard", 0.0);
  l.hub = j.value("hub", false);
  l.created_unix = j.value("created", int64_t{0});
  l.via = j.value("via", std::vector<std::string>{});
  return l;
}

absl::StatusOr<std::optional<AdvertState>> Linker::Impl::LoadAdvert(const Txn& t, std::string_view id) const {
  const std::string key = keys::Advert(id);
  ADMON_ASSIGN_OR_RETURN(auto bytes, t.Get(Cf::kIndex, key));
  if (!bytes) return std::optional<AdvertState>();
  ADMON_ASSIGN_OR_RETURN(AdvertState s, DecodeAdvert(key, *bytes));
  return std::optional<AdvertState>(std::move(s));
}

void Linker::Impl::SaveAdvert(Txn& t, const AdvertState& s) const {
  t.Put(Cf::kIndex, keys::Advert(s.id), EncodeAdvertValue(s));
}

absl::StatusOr<std::optional<Cluster>> Linker::Impl::LoadCluster(const Txn& t, std::string_view id) const {
  const std::string key = keys::Cluster(id);
  ADMON_ASSIGN_OR_RETURN(auto bytes, t.Get(Cf::kClusters, key));
  if (!bytes) return std::optional<Cluster>();
  ADMON_ASSIGN_OR_RETURN(Cluster c, DecodeCluster(key, *bytes));
  return std::optional<Cluster>(std::move(c));
}

void Linker::Impl::SaveRoot(Txn& t, const Cluster& c) const {
  t.Put(Cf::kClusters, keys::Cluster(c.id), EncodeClusterValue(c));  // members are not stored
}

void Linker::Impl::SaveCluster(Txn& t, const Cluster& c) const {
  SaveRoot(t, c);
  if (c.parent.empty()) {
    t.Delete(Cf::kIndex, keys::Parent(c.id));
  } else {
    t.Put(Cf::kIndex, keys::Parent(c.id), c.parent);
  }
}

absl::StatusOr<std::string> Linker::Impl::Find(Txn& t, std::string node, bool compress) const {
  std::vector<std::string> path;
  for (int hops = 0;; ++hops) {
    ADMON_ASSIGN_OR_RETURN(auto parent, t.Get(Cf::kIndex, keys::Parent(node)));
    if (!parent) break;
    if (hops > 1'000'000) return absl::DataLossError(absl::StrCat("cluster ", node, ": parent cycle"));
    path.push_back(node);
    node = *parent;
  }
  // Lazy path compression: nodes more than one hop away point at the root.
  if (compress && path.size() > 1) {
    for (size_t i = 0; i + 1 < path.size(); ++i) t.Put(Cf::kIndex, keys::Parent(path[i]), node);
  }
  return node;
}

absl::StatusOr<std::string> Linker::Impl::NodeOf(const Txn& t, std::string_view advert) const {
  ADMON_ASSIGN_OR_RETURN(auto node, t.Get(Cf::kIndex, keys::AdvertCluster(advert)));
  if (!node) return absl::NotFoundError(absl::StrCat("advert ", AV(advert), ": not linked"));
  return *node;
}

absl::StatusOr<std::string> Linker::Impl::NewClusterId(Txn& t) const {
  ADMON_ASSIGN_OR_RETURN(auto last, t.Get(Cf::kIndex, keys::ClusterSeq()));
  uint64_t n = last && last->size() == 8 ? store::DecodeU64(*last) : 0;
  ++n;
  t.Put(Cf::kIndex, keys::ClusterSeq(), store::EncodeU64(n));
  return absl::StrFormat("C%08d", n);
}

absl::StatusOr<bool> Linker::Impl::IsHub(const Txn& t, std::string_view key) const {
  auto [kind, value] = SplitIdKey(std::string(key));
  ADMON_ASSIGN_OR_RETURN(auto rec, t.Get(Cf::kIndex, keys::Hub(kind, value)));
  return rec.has_value();
}

absl::StatusOr<std::vector<std::string>> Linker::Impl::TreeNodes(const Txn& t, const std::string& root) const {
  std::vector<std::string> out;
  std::set<std::string> seen{root};
  std::deque<std::string> queue{root};
  while (!queue.empty()) {
    std::string n = queue.front();
    queue.pop_front();
    out.push_back(n);
    ADMON_ASSIGN_OR_RETURN(auto c, LoadCluster(t, n));
    if (!c) continue;
    for (const auto& m : c->merged_from) {
      if (seen.insert(m.from).second) queue.push_back(m.from);
    }
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> Linker::Impl::Members(const Txn& t, const std::string& root) const {
  ADMON_ASSIGN_OR_RETURN(auto nodes, TreeNodes(t, root));
  std::vector<std::string> out;
  for (const auto& n : nodes) {
    const std::string prefix = keys::MemberPrefix(n);
    ADMON_RETURN_IF_ERROR(t.Scan(Cf::kClusters, prefix, [&](std::string_view k, std::string_view) {
      out.emplace_back(k.substr(prefix.size()));
      return true;
    }));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

absl::StatusOr<std::vector<Link>> Linker::Impl::LinksOf(const Txn& t, std::string_view advert) const {
  std::vector<Link> out;
  absl::Status decode = absl::OkStatus();
  ADMON_RETURN_IF_ERROR(t.Scan(Cf::kLinks, keys::LinksPrefix(advert), [&](std::string_view k, std::string_view v) {
    auto l = DecodeLink(k, v);
    if (!l.ok()) {
      decode = l.status();
      return false;
    }
    out.push_back(std::move(*l));
    return true;
  }));
  ADMON_RETURN_IF_ERROR(decode);
  return out;
}

absl::Status Linker::Impl::FlagHubLinks(Txn& t, const std::string& key, std::set<std::string>* roots) const {
  auto [kind, value] = SplitIdKey(key);
  const std::string prefix = keys::PostingPrefix(kind, value);
  std::vector<std::string> adverts;
  ADMON_RETURN_IF_ERROR(t.Scan(Cf::kIdentifiers, prefix, [&](std::string_view k, std::string_view) {
    adverts.emplace_back(k.substr(prefix.size()));
    return true;
  }));
  for (const auto& a : adverts) {
    ADMON_ASSIGN_OR_RETURN(std::vector<Link> links, LinksOf(t, a));
    for (Link& l : links) {
      if (l.hub || std::find(l.via.begin(), l.via.end(), key) == l.via.end()) continue;
      l.hub = true;
      PutLink(t, l);
    }
    ADMON_RETURN_IF_ERROR(InsertRootOf(t, a, roots));
  }
  return absl::OkStatus();
}

absl::Status Linker::Impl::InsertRootOf(Txn& t, std::string_view advert, std::set<std::string>* roots) const {
  auto node = NodeOf(t, advert);
  if (!node.ok()) return absl::OkStatus();  // not linked yet
  ADMON_ASSIGN_OR_RETURN(std::string root, Find(t, *node, true));
  roots->insert(std::move(root));
  return absl::OkStatus();
}

namespace {

struct LocalUf {
  std::vector<int> p;
  explicit LocalUf(size_t n) : p(n) { std::iota(p.begin(), p.end(), 0); }
  int F(int x) {
    while (p[x] != x) x = p[x] = p[p[x]];
    return x;
  }
  void U(int a, int b) {
    a = F(a);
    b = F(b);
    if (a != b) p[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

absl::Status Linker::Impl::Recompute(Txn& t, const std::set<std::string>& roots, int64_t unix,
                                     std::vector<std::string>* rebuilt,
                                     const std::set<std::string>& shared_now) const {
  const auto is_shared = [&](const std::string& k) { return IsShared(k, shared_now); };
  // Nodes of every tree, and the node each member was recorded under.
  std::set<std::string> true_roots;
  for (const auto& r : roots) {
    ADMON_ASSIGN_OR_RETURN(std::string root, Find(t, r, false));
    true_roots.insert(root);
  }
  std::vector<std::string> nodes;
  std::map<std::string, std::string> member_node;
  for (const auto& r : true_roots) {
    ADMON_ASSIGN_OR_RETURN(auto tree, TreeNodes(t, r));
    for (auto& n : tree) {
      const std::string prefix = keys::MemberPrefix(n);
      ADMON_RETURN_IF_ERROR(t.Scan(Cf::kClusters, prefix, [&](std::string_view k, std::string_view) {
        member_node.emplace(std::string(k.substr(prefix.size())), n);
        return true;
      }));
      nodes.push_back(std::move(n));
    }
  }
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  std::vector<std::string> members;
  std::map<std::string, int> index;
  for (const auto& [a, n] : member_node) {
    index[a] = static_cast<int>(members.size());
    members.push_back(a);
  }
  std::vector<AdvertState> states(members.size());
  for (size_t i = 0; i < members.size(); ++i) {
    ADMON_ASSIGN_OR_RETURN(auto s, LoadAdvert(t, members[i]));
    if (!s) return absl::DataLossError(absl::StrCat("advert ", members[i], ": member without state"));
    states[i] = std::move(*s);
  }
  // Components over the pairs whose links merge (PairMerges); link counts per
  // (from < to) link: non-hub links of merging pairs, hub links inside a
  // component (as Add counts them).
  LocalUf uf(members.size());
  struct PairCount {
    int to;
    LinkType type;
    bool hub, merges;
  };
  std::vector<std::vector<PairCount>> pair_links(members.size());
  for (size_t i = 0; i < members.size(); ++i) {
    std::map<int, std::vector<Link>> by_pair;
    ADMON_ASSIGN_OR_RETURN(std::vector<Link> links, LinksOf(t, members[i]));
    for (Link& l : links) {
      auto it = index.find(l.to);
      if (it != index.end()) by_pair[it->second].push_back(std::move(l));
    }
    for (const auto& [to, ls] : by_pair) {
      const bool merges = PairMerges(ls, PhonesConflict(states[i].ids, states[to].ids), o_, is_shared);
      if (merges) uf.U(static_cast<int>(i), to);
      for (const auto& l : ls) {
        if (l.from < l.to) pair_links[i].push_back({to, l.type, l.hub, merges});
      }
    }
  }
  std::map<int, std::vector<int>> comps;
  for (size_t i = 0; i < members.size(); ++i) comps[uf.F(static_cast<int>(i))].push_back(static_cast<int>(i));
  auto older = [&](int a, int b) {
    return std::tie(states[a].first_seen, members[a]) < std::tie(states[b].first_seen, members[b]);
  };
  std::vector<std::vector<int>> ordered;
  for (auto& [r, v] : comps) {
    std::sort(v.begin(), v.end(), older);
    ordered.push_back(std::move(v));
  }
  std::sort(ordered.begin(), ordered.end(), [&](const auto& a, const auto& b) { return older(a[0], b[0]); });
  if (ordered.empty()) return absl::OkStatus();

  // Old node records.
  std::map<std::string, Cluster> old;
  for (const auto& n : nodes) {
    ADMON_ASSIGN_OR_RETURN(auto c, LoadCluster(t, n));
    if (c) old[n] = std::move(*c);
  }
  auto node_older = [&](const std::string& a, const std::string& b) {
    return std::tie(old[a].first_seen, a) < std::tie(old[b].first_seen, b);
  };
  // Owner per component: the oldest untaken node holding one of its members.
  std::set<std::string> taken;
  std::vector<std::string> owner(ordered.size());
  std::map<std::string, std::string> node_owner;
  for (size_t ci = 0; ci < ordered.size(); ++ci) {
    std::string best;
    for (int m : ordered[ci]) {
      const std::string& n = member_node[members[m]];
      if (taken.count(n)) continue;
      if (best.empty() || node_older(n, best)) best = n;
    }
    if (best.empty()) {
      ADMON_ASSIGN_OR_RETURN(best, NewClusterId(t));
    }
    taken.insert(best);
    owner[ci] = best;
  }
  std::map<std::string, size_t> comp_of_member;
  for (size_t ci = 0; ci < ordered.size(); ++ci) {
    for (int m : ordered[ci]) comp_of_member[members[m]] = ci;
  }
  // Non-owner nodes follow the component of their first member.
  for (const auto& n : nodes) {
    if (taken.count(n)) continue;
    size_t ci = 0;
    for (const auto& [a, an] : member_node) {
      if (an == n) {
        ci = comp_of_member[a];
        break;
      }
    }
    node_owner[n] = owner[ci];
  }
  // Rewrite members, owners and non-owners.
  for (const auto& [a, n] : member_node) t.Delete(Cf::kClusters, keys::MemberPrefix(n) + a);
  std::string from_roots;
  for (const auto& r : true_roots) absl::StrAppend(&from_roots, from_roots.empty() ? "" : ",", r);
  for (size_t ci = 0; ci < ordered.size(); ++ci) {
    Cluster c;
    c.id = owner[ci];
    auto it = old.find(c.id);
    if (it != old.end()) {
      c.history = it->second.history;
      for (const auto& m : it->second.merged_from) {
        if (node_owner.count(m.from) && node_owner[m.from] == c.id) c.merged_from.push_back(m);
      }
    }
    for (const auto& entry : node_owner) {
      if (entry.second != c.id) continue;
      const std::string& n = entry.first;  // clang 14 lambdas cannot capture structured bindings
      bool listed = std::any_of(c.merged_from.begin(), c.merged_from.end(), [&](const auto& m) { return m.from == n; });
      if (!listed) c.merged_from.push_back({n, unix});
    }
    if (ordered.size() > 1) {
      c.history.push_back(absl::StrCat("split ", unix, " from ", from_roots, " into ", ordered.size(), " clusters"));
    }
    c.first_seen = INT64_MAX;
    for (int m : ordered[ci]) {
      const AdvertState& s = states[m];
      c.first_seen = std::min(c.first_seen, s.first_seen);
      c.last_seen = std::max(c.last_seen, s.last_seen);
      ApplySummary(s.sum, +1, o_, &c.stats);
      for (const auto& p : pair_links[m]) {
        if (uf.F(p.to) != uf.F(m)) continue;
        if (p.hub) {
          c.stats.hub_links[LinkTypeName(p.type)] += 1;
        } else if (p.merges) {
          c.stats.links[LinkTypeName(p.type)] += 1;
        }
      }
      t.Put(Cf::kClusters, keys::MemberPrefix(c.id) + members[m], "");
      t.Put(Cf::kIndex, keys::AdvertCluster(members[m]), c.id);
    }
    SaveCluster(t, c);
    if (rebuilt != nullptr) rebuilt->push_back(c.id);
  }
  for (const auto& [n, o] : node_owner) {
    Cluster c = old.count(n) ? old[n] : Cluster{.id = n};
    c.parent = o;
    c.stats = ClusterStats{};  // counted in the owner
    c.merged_from.clear();     // flattened: the owner lists every node pointing to it
    SaveCluster(t, c);
  }
  return absl::OkStatus();
}

}  // namespace admon::dedupe
