// Copyright 2026 The admon Authors.
//
// Linker::Touch and Linker::Forget: an advert seen again unchanged, and
// adverts deleted from the index for retention.
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "dedupe/keys.h"
#include "dedupe/linker_impl.h"

namespace admon::dedupe {

using store::Cf;

namespace {

// Every index entry of one advert; `links` are its links (deleted both ways).
void DeleteAdvertEntries(Txn& t, const AdvertState& s, const std::vector<Link>& links,
                         const std::vector<std::string>& tree) {
  for (const auto& key : s.ids) {
    auto [kind, value] = SplitIdKey(key);
    t.Delete(Cf::kIdentifiers, keys::Posting(kind, value, s.id));
  }
  for (const Link& l : links) DeleteLink(t, l);
  t.Delete(Cf::kIndex, keys::Signature(s.id));
  t.Delete(Cf::kIndex, keys::Advert(s.id));
  t.Delete(Cf::kIndex, keys::AdvertCluster(s.id));
  for (const std::string& node : tree) t.Delete(Cf::kClusters, keys::MemberPrefix(node) + s.id);
}

}  // namespace

absl::StatusOr<ForgetResult> Linker::Impl::Forget(const std::vector<std::string>& ids, int64_t unix) {
  ForgetResult res;
  // Group by root cluster: one batch per cluster.
  std::map<std::string, std::vector<AdvertState>> by_root;
  {
    Txn t(db_);
    for (const std::string& id : std::set<std::string>(ids.begin(), ids.end())) {
      ADMON_ASSIGN_OR_RETURN(auto st, LoadAdvert(t, id));
      if (!st) continue;
      ADMON_ASSIGN_OR_RETURN(std::string node, NodeOf(t, id));
      ADMON_ASSIGN_OR_RETURN(std::string root, Find(t, node, false));
      by_root[root].push_back(std::move(*st));
    }
  }
  for (const auto& [root, states] : by_root) {
    Txn t(db_);
    ADMON_ASSIGN_OR_RETURN(std::vector<std::string> tree, TreeNodes(t, root));
    for (const AdvertState& s : states) {
      ADMON_ASSIGN_OR_RETURN(std::vector<Link> links, LinksOf(t, s.id));
      DeleteAdvertEntries(t, s, links, tree);
    }
    ADMON_ASSIGN_OR_RETURN(std::vector<std::string> left, Members(t, root));
    if (left.empty()) {
      for (const std::string& node : tree) {
        t.Delete(Cf::kClusters, keys::Cluster(node));
        t.Delete(Cf::kIndex, keys::Parent(node));
        res.deleted.push_back(node);
      }
    } else {
      ADMON_RETURN_IF_ERROR(Recompute(t, {root}, unix, &res.rebuilt));
    }
    ADMON_RETURN_IF_ERROR(t.Commit());
    res.forgotten += static_cast<int64_t>(states.size());
  }
  return res;
}

absl::Status Linker::Impl::MoveLastSeen(Txn& t, AdvertState& st, const std::string& root, int64_t seen) const {
  if (seen <= st.last_seen) return absl::OkStatus();
  st.last_seen = seen;
  SaveAdvert(t, st);
  ADMON_ASSIGN_OR_RETURN(auto c, LoadCluster(t, root));
  if (c && c->last_seen < seen) {
    c->last_seen = seen;
    SaveRoot(t, *c);
  }
  return absl::OkStatus();
}

absl::Status Linker::Impl::Touch(std::string_view id, int64_t seen) {
  Txn t(db_);
  ADMON_ASSIGN_OR_RETURN(auto st, LoadAdvert(t, id));
  if (!st) return absl::NotFoundError(absl::StrCat("advert ", AV(id), ": not linked"));
  if (seen <= st->last_seen) return absl::OkStatus();
  ADMON_ASSIGN_OR_RETURN(std::string node, NodeOf(t, id));
  ADMON_ASSIGN_OR_RETURN(std::string root, Find(t, node, false));
  ADMON_RETURN_IF_ERROR(MoveLastSeen(t, *st, root, seen));
  return t.Commit();
}

absl::Status Linker::Touch(std::string_view advert_id, int64_t seen_unix) { return impl_->Touch(advert_id, seen_unix); }

absl::StatusOr<ForgetResult> Linker::Forget(const std::vector<std::string>& advert_ids, int64_t unix) {
  return impl_->Forget(advert_ids, unix);
}

}  // namespace admon::dedupe
