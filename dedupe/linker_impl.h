// Copyright 2026 The admon Authors.
//
// Internal: Linker::Impl — state records, union-find and recompute (split)
// shared by linker.cc (adding) and clusters.cc (cluster maintenance).
#ifndef ADMON_DEDUPE_LINKER_IMPL_H_
#define ADMON_DEDUPE_LINKER_IMPL_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "dedupe/dedupe.h"
#include "dedupe/mih.h"
#include "dedupe/stats.h"
#include "dedupe/text.h"
#include "dedupe/txn.h"

namespace admon::dedupe {

inline constexpr int kStateVersion = 1;

// Per-advert state (index a\0<id>).
struct AdvertState {
  std::string id, site, url, name, fp;
  int64_t first_seen = 0, last_seen = 0, removed_unix = 0;
  bool removed = false;
  std::vector<std::string> ids;      // identifier keys "kind:value", sorted
  std::vector<uint64_t> phashes;     // sorted distinct
  uint64_t text_sig = 0;             // hash of the MinHash signature (0: none)
  AdvertSummary sum;
};

class Linker::Impl {
 public:
  Impl(store::Db* db, const DedupeOptions& o) : db_(db), o_(o) {}

  absl::Status LoadIndexes();
  absl::StatusOr<AddResult> Add(const parsers::Advert& a, int64_t seen, const TextSignature* text);
  absl::Status MarkRemoved(std::string_view id, int64_t unix);
  absl::Status Touch(std::string_view id, int64_t seen);                                   // lifecycle.cc
  // Moves the advert's (and its root cluster's) last_seen forward to `seen`;
  // nothing when it is not later. Shared by Add (same version seen again) and
  // Touch.
  absl::Status MoveLastSeen(Txn& t, AdvertState& st, const std::string& root, int64_t seen) const;
  absl::StatusOr<ForgetResult> Forget(const std::vector<std::string>& ids, int64_t unix);  // lifecycle.cc

  // Shared helpers (txn-scoped).
  absl::StatusOr<std::optional<AdvertState>> LoadAdvert(const Txn& t, std::string_view id) const;
  void SaveAdvert(Txn& t, const AdvertState& s) const;
  absl::StatusOr<std::optional<Cluster>> LoadCluster(const Txn& t, std::string_view id) const;
  void SaveCluster(Txn& t, const Cluster& c) const;
  // SaveCluster for a cluster that was a root (Find returned it, or its id is
  // new) and stays one: it has no parent entry to delete.
  void SaveRoot(Txn& t, const Cluster& c) const;
  // Root of `node`; when `compress` and `t` writable, re-points the path.
  absl::StatusOr<std::string> Find(Txn& t, std::string node, bool compress) const;
  absl::StatusOr<std::string> NodeOf(const Txn& t, std::string_view advert) const;
  absl::StatusOr<std::string> NewClusterId(Txn& t) const;
  absl::StatusOr<bool> IsHub(const Txn& t, std::string_view key) const;
  absl::StatusOr<std::vector<std::string>> TreeNodes(const Txn& t, const std::string& root) const;
  absl::StatusOr<std::vector<std::string>> Members(const Txn& t, const std::string& root) const;
  // Every stored link from `advert` (pending writes applied), decoded.
  absl::StatusOr<std::vector<Link>> LinksOf(const Txn& t, std::string_view advert) const;
  // Recomputes the clusters rooted at `roots` from stored non-hub links:
  // splits them into connected components (used after hub promotion or a
  // changed advert dropped links).
  // `rebuilt` (optional) receives the resulting root clusters.
  // `shared_now`: account identifiers found shared in this transaction (not
  // yet in shared_).
  absl::Status Recompute(Txn& t, const std::set<std::string>& roots, int64_t unix,
                         std::vector<std::string>* rebuilt = nullptr,
                         const std::set<std::string>& shared_now = {}) const;
  // Flags every link depending on identifier `key` as hub and returns the
  // roots of the clusters holding its adverts.
  absl::Status FlagHubLinks(Txn& t, const std::string& key, std::set<std::string>* roots) const;
  // Inserts the root of `advert`'s cluster into `roots` (compressing the
  // path); nothing for an advert not linked yet (the one being added, or an
  // inconsistent store).
  absl::Status InsertRootOf(Txn& t, std::string_view advert, std::set<std::string>* roots) const;
  // `key` has a shared-account record, or is in `shared_now` (found shared
  // by the transaction in progress).
  bool IsShared(const std::string& key, const std::set<std::string>& shared_now) const {
    return shared_.contains(key) || shared_now.count(key) > 0;
  }

  store::Db* db() const { return db_; }

 private:
  // Over the posting values of one identifier `key` (hub_rule.cc; the added
  // advert's own included): PhoneGroups ignoring `key` itself and hubs, known
  // or `promoted` by this add.
  int PhoneGroupsOfValues(const std::vector<std::string>& posting_values, const std::string& key,
                          const std::set<std::string>& promoted) const;
  // What the hub rule weighs: those phone groups, and the distinct names and
  // sites, which the hub record keeps for the analyst.
  struct HubEvidence {
    int phone_groups = 0;  // groups
    int names = 0;         // distinct advertised names (case-folded)
    int sites = 0;         // distinct sites
  };
  HubEvidence HubEvidenceOf(const std::vector<std::string>& posting_values, const std::string& key,
                            const std::set<std::string>& promoted) const;
  // Whether any advert was ever posted under the identifier's posting prefix
  // (false: its postings are certainly empty and need no scan).
  bool MaybePosted(std::string_view posting_prefix) const;
  // Whether text links to adverts with no other evidence are looked for
  // (text_max_links > 0): only then is the in-memory LSH index kept.
  bool UseLsh() const { return o_.text_max_links > 0; }

  store::Db* db_;
  DedupeOptions o_;
  // Text-candidate bounds that follow from the options (text.h).
  const int min_shared_bands_ = MinSharedBands(o_.text_bands, o_.text_rows, o_.text_min_jaccard);
  const int min_equal_minhashes_ = MinEqualMinHashes(o_.text_bands * o_.text_rows, o_.text_min_jaccard);
  // In-memory indexes rebuilt from the store at open. Like the store's lock,
  // they assume this Linker is the only writer of the dedupe families.
  MihIndex mih_;
  LshIndex lsh_{o_.text_bands};  // empty unless UseLsh()
  // Fnv1a64 of every posting prefix ever written ("<kind>\0<value>\0"); never
  // shrinks (a stale entry only costs a scan of an empty prefix). 8 bytes per
  // distinct identifier.
  absl::flat_hash_set<uint64_t> posted_;
  absl::flat_hash_set<std::string> hubs_;  // identifier keys "kind:value" with a hub record
  // Account identifiers (email, handle) with a shared record: their adverts
  // list phones of more than account_max_phone_groups groups.
  absl::flat_hash_set<std::string> shared_;
};

// Identifier key helpers: "kind:value".
inline std::string IdKey(const std::string& kind, const std::string& value) { return kind + ":" + value; }
inline std::pair<std::string, std::string> SplitIdKey(const std::string& key) {
  auto pos = key.find(':');
  if (pos == std::string::npos) return {key, ""};
  return {key.substr(0, pos), key.substr(pos + 1)};
}

// Which links merge clusters (merge_rule.cc, docs/dedupe.md "Which links
// merge"): decided per advert pair from all the pair's links (hub links are
// ignored) and whether the two adverts' phones conflict. Symmetric and
// independent of arrival order.
// `shared(key)`: the account identifier `key` is shared by several posters
// (DedupeOptions::account_max_phone_groups); its links merge only as the
// links of two adverts with different phones do.
bool PairMerges(const std::vector<Link>& pair_links, bool phones_conflict, const DedupeOptions& o,
                const std::function<bool(const std::string&)>& shared);
// Both adverts list phones (identifier keys "phone:...", sorted) and share none.
bool PhonesConflict(const std::vector<std::string>& ids_a, const std::vector<std::string>& ids_b);

// Every posting value under `posting_prefix` (pending writes of `t` applied).
absl::StatusOr<std::vector<std::string>> PostingValues(const Txn& t, std::string_view posting_prefix);
// Posting values (`<kind>\0<value>\0<advert>` -> value, hub_rule.cc):
// "name\0site" then "\0<E.164>" per phone the advert lists. Postings written
// before phones were added have none.
std::string PostingValue(std::string_view lower_name, std::string_view site, const std::vector<std::string>& ids);
struct PostingFields {
  std::string_view name, site;
  std::string_view phones;  // "<E.164>\0<E.164>..." (empty: none); borrowed from the value
};
PostingFields ParsePostingValue(std::string_view v);
// The hub rule's relatedness test: the number of groups that the adverts'
// phones (one PostingFields::phones per advert) fall into when adverts listing
// a common phone are one group. Phones for which `ignore` is true (the
// identifier itself, known hubs) are skipped; an advert listing no other
// phone belongs to no group.
int PhoneGroups(const std::vector<std::string_view>& phone_fields,
                const std::function<bool(std::string_view)>& ignore);

// Writes / deletes the link in both directions (links are stored once per
// direction).
void PutLink(Txn& t, const Link& l);
void DeleteLink(Txn& t, const Link& l);

// The MessagePack JSON link record written before the binary format
// (dedupe/codec.h), still read from older databases.
nlohmann::json LinkRecord(const Link& l);
Link LinkFromRecord(const nlohmann::json& j);

}  // namespace admon::dedupe

#endif  // ADMON_DEDUPE_LINKER_IMPL_H_
