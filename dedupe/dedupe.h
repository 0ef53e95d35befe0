// Copyright 2026 The admon Authors.
//
// dedupe: links adverts that share identifiers (phones, emails, handles,
// payment handles, exact images), near-duplicate images (64-bit perceptual
// hashes within a Hamming radius) and templated text (MinHash + LSH), and
// groups them incrementally into clusters ("networks") persisted in RocksDB.
// See docs/dedupe.md for key layouts, thresholds and their rationale.
//
// Ownership: Linker borrows the Db (REQUIRES: the Db outlives the Linker).
// Thread safety: Linker is single-writer. Add/MarkRemoved must not run
// concurrently with each other or with reads on the same Linker; read-only
// methods may run concurrently with each other. Several processes must not
// write the same Db (RocksDB's lock already forbids it).
// Atomicity: every Add / MarkRemoved is one store::WriteBatch.
// Units: all times are seconds since the Unix epoch, UTC.
#ifndef ADMON_DEDUPE_DEDUPE_H_
#define ADMON_DEDUPE_DEDUPE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "parsers/advert.h"
#include "store/db.h"

namespace admon::dedupe {

enum class LinkType { kPhone, kEmail, kHandle, kPayment, kImageExact, kImageNear, kText };
inline constexpr int kNumLinkTypes = 7;
// "phone", "email", "handle", "payment", "image_exact", "image_near", "text".
const char* LinkTypeName(LinkType t);
std::optional<LinkType> ParseLinkType(std::string_view name);

struct DedupeOptions {
  // Near-duplicate images: perceptual hashes within this many differing bits
  // (of 64) link. Range 0..kMaxImageRadius.
  int image_radius = 8;
  // Templated text (see docs/dedupe.md): words per shingle after slot removal.
  int text_shingle_words = 5;
  // Adverts with fewer distinct shingles get no text signature (too little
  // text to be evidence of a shared template). Count of shingles.
  int text_min_shingles = 8;
  // LSH banding: text_bands * text_rows MinHash permutations (<= 256).
  int text_bands = 32;
  int text_rows = 4;
  // Candidate pairs link iff estimated Jaccard >= this (fraction 0..1).
  // 0.8 from the test site's measured distribution (300-advert demo corpus):
  // pairs of different networks reached 0.78 while 0.6 let 13 of 98 text
  // links join unrelated posters; same-network pairs above 0.8 remain, and
  // most templated adverts are also tied by phones or photos.
  double text_min_jaccard = 0.8;
  // Adverts read per LSH bucket per band (bounds work on spam templates).
  int text_max_bucket = 500;
  // Text links from an added advert to adverts it shares NO other evidence
  // with, the most similar first (found through the in-memory LSH index, kept
  // only when this is > 0: about 0.6 KB per advert). Text links to adverts it
  // shares a phone, photo or other identifier with are always written (found
  // by comparing the two signatures; a text link merges only beside a photo
  // link of the same pair). The others never merge (unless
  // weak_links_need_corroboration is false); they show who else posts
  // the same text. Default 0, measured on 100 k stored test-site adverts:
  // with 50 there were 508,663 text links, 2,073 of them between adverts of
  // one poster or network (stock phrases and templates are shared by
  // unrelated posters); with 0, 2,822 and 1,968, the same 1,792 inside
  // clusters, identical clusters, and 29 % less time in the link stage
  // (docs/dedupe.md "Which text links are made"). Links.
  int text_max_links = 0;
  // Hub suppression: an identifier on MORE than hub_min_adverts adverts is
  // a hub when those adverts look like many posters: the phones they list
  // (other than the identifier itself and known hubs) fall into MORE than
  // hub_min_phone_groups groups, adverts sharing a phone being one group and
  // adverts listing no other phone in none. A hub's links are flagged and
  // never merge clusters. The group test keeps a network's phone or handle on
  // many adverts a link (measured on the test site: a network's adverts list
  // at most 3 phone groups; an agency brand's booking address at 51 adverts,
  // 7). Distinct names and sites are recorded with a hub but do not decide:
  // unrelated posters sharing an address under few names chained 66,556
  // adverts into one cluster at 1 M test-site adverts (docs/dedupe.md "Hubs").
  int hub_min_adverts = 50;     // adverts
  int hub_min_phone_groups = 5; // groups of adverts by phone
  // Shared accounts: an email or handle whose adverts' phones fall into MORE
  // than this many groups (counted as for hubs) is shared by several posters
  // (a booking service, a brand, two posters who chose the same name). It
  // cannot say which of them an advert listing no phone belongs to, so its
  // links then merge only as between adverts with different phones: with a
  // near-duplicate photo as well (docs/dedupe.md "Which links merge").
  // Without it, phone-less adverts chained unrelated posters through such
  // accounts. Sticky, like hubs. Groups.
  int account_max_phone_groups = 1;
  // Which links merge clusters (docs/dedupe.md "Which links merge"). When
  // true, the decision is made per advert pair from all its non-hub links:
  // a phone, payment handle or exact image merges alone; an email or handle
  // merges alone unless both adverts list phones and share none (then it
  // needs a near-duplicate photo as well); a near-duplicate photo merges
  // only with an email, handle or text link for the same pair, or when two
  // different photos match; templated text merges only with a near-duplicate
  // photo. Links that do not merge are still stored and returned by LinksOf
  // (hub = false). false: every non-hub link merges (the behaviour before
  // issue 7; B-cubed precision 0.52 on a 2,000-advert test site; text links
  // between adverts sharing nothing else exist only with text_max_links > 0).
  // Boolean.
  bool weak_links_need_corroboration = true;
  // Links written per identifier (and per matching image hash) when an advert
  // is added: adverts already sharing it are connected among themselves, so a
  // bounded number keeps connectivity without O(k^2) links. Links.
  int max_links_per_identifier = 50;
  // Entries kept per distinct-value set in cluster statistics; beyond it only
  // an overflow count grows.
  int max_set_size = 1000;
  // Days and ISO weeks kept in per-day / per-week statistics (oldest dropped).
  int max_days = 400;
  int max_weeks = 104;
};
inline constexpr int kMaxImageRadius = 15;  // bits; MIH probes grow as C(16, r/4) per block

struct Link {
  std::string from{};           // advert id
  std::string to{};             // advert id
  LinkType type = LinkType::kPhone;
  std::string value{};        // shared value: E.164, email, platform:handle, sha256, "hashA~hashB" (hex), "" for text
  int distance = -1;          // image_near: Hamming bits; else -1
  double jaccard = 0;         // text: estimated Jaccard; else 0
  bool hub = false;           // depends on a hub identifier: does not merge clusters
  int64_t created_unix = 0;
  std::vector<std::string> via{};  // identifier keys "kind:value" the link depends on
};
std::ostream& operator<<(std::ostream& os, const Link& l);
void to_json(nlohmann::json& j, const Link& v);

// Distinct values with counts, at most `cap` entries; later new values only
// increase `overflow` (an estimate: removal cannot tell which overflowed).
struct BoundedCounts {
  std::map<std::string, int64_t> counts;
  int64_t overflow = 0;
  int64_t distinct() const { return static_cast<int64_t>(counts.size()) + overflow; }
};

// Cluster statistics, maintained incrementally (merge = sum of counts).
struct ClusterStats {
  int64_t adverts = 0;  // members, live and removed
  int64_t live = 0;
  int64_t removed = 0;
  BoundedCounts phones, emails, handles, names, ages, nationalities, towns, forces, sites, images;
  std::map<std::string, BoundedCounts> towns_by_week;   // ISO week "2026-W48" -> towns
  std::map<std::string, BoundedCounts> forces_by_week;  // ISO week -> police force areas
  std::map<std::string, int64_t> adverts_per_day;       // London date of first sight -> new adverts
  BoundedCounts phone_day;                              // "<e164>|<date>" -> adverts
  std::map<std::string, BoundedCounts> image_owners;    // image key -> "p:<e164>" / "n:<name>" counts
  std::map<std::string, int64_t> links;                 // link type -> pairs (non-hub)
  std::map<std::string, int64_t> hub_links;             // link type -> pairs (hub-flagged)
};
void to_json(nlohmann::json& j, const ClusterStats& v);
void from_json(const nlohmann::json& j, ClusterStats& v);

struct MergeEvent {
  std::string from;  // cluster id merged into this one
  int64_t unix = 0;
};

struct Cluster {
  std::string id{};            // stable, e.g. "C00000042"
  std::string parent{};      // empty for a live (root) cluster; else merged into
  int64_t first_seen = 0;    // earliest member first sight
  int64_t last_seen = 0;
  std::vector<MergeEvent> merged_from{};
  std::vector<std::string> history{};  // human-readable events (splits after hub promotion)
  ClusterStats stats{};
  std::vector<std::string> members{};  // advert ids; filled by GetCluster only
};
std::ostream& operator<<(std::ostream& os, const Cluster& c);
void to_json(nlohmann::json& j, const Cluster& v);

// Figures derived from a cluster for scoring (indicators fill ClusterFacts
// from these) and for reports.
struct ClusterFigures {
  int64_t adverts = 0, live = 0, removed = 0;
  int64_t distinct_phones = 0, distinct_emails = 0, distinct_handles = 0, distinct_names = 0,
          distinct_ages = 0, distinct_nationalities = 0, distinct_towns = 0, distinct_forces = 0,
          distinct_sites = 0, distinct_images = 0;
  int64_t reused_images = 0;       // images seen under >1 phone or >1 name
  int64_t weeks_active = 0;        // ISO weeks with a new advert
  int64_t town_moves = 0;          // consecutive active weeks whose town sets differ
  int64_t force_moves = 0;         // same for police force areas
  int64_t max_adverts_per_phone_per_day = 0;
  int64_t text_links = 0, phone_links = 0, image_links = 0, hub_links = 0;  // pairs
  int64_t first_seen = 0, last_seen = 0;
  int64_t new_on_day = 0;          // adverts first seen on `day`
  int64_t new_day_before = 0;      // adverts first seen the day before
  int64_t growth = 0;              // new_on_day - new_day_before
};
// `day`: London date "YYYY-MM-DD"; empty means the cluster's latest day.
ClusterFigures Figures(const Cluster& c, std::string_view day = {});
void to_json(nlohmann::json& j, const ClusterFigures& v);

// A cluster tied to another by links that did not merge: weak evidence
// without corroboration, e.g. a network split in two whose halves list
// different phones but share photos. Analysts check these next.
struct RelatedCluster {
  std::string id{};                          // the other root cluster
  std::map<std::string, int64_t> links{};    // link type name -> links to its adverts
  int64_t non_text = 0;                      // those links that are not text links
};
// "C00000026 (image_near 3, text 1)": how the report and `cluster show` name it.
std::string Describe(const RelatedCluster& r);
std::ostream& operator<<(std::ostream& os, const RelatedCluster& r);  // Describe(r)
void to_json(nlohmann::json& j, const RelatedCluster& v);
// Groups the links leaving a cluster (`outside[i]` reaches an advert of root
// cluster `other_cluster[i]`; an empty id is skipped) by that cluster, leaves
// out hub links (furniture is no evidence of a relation), and ranks: most
// non-text links first (a templated-text link alone is weak: copied wording
// is shared by unrelated posters), then most links, then id. Returns at most
// `limit`. REQUIRES: outside.size() == other_cluster.size().
std::vector<RelatedCluster> RankRelatedClusters(const std::vector<Link>& outside,
                                                const std::vector<std::string>& other_cluster, size_t limit);

struct AddResult {
  std::string advert_id{};
  std::string cluster_id{};          // root cluster after the add
  bool unchanged = false;          // same advert version already linked
  bool new_cluster = false;        // the advert founded a cluster
  std::vector<std::string> merged{};  // clusters merged into cluster_id by this add
  int links_added = 0;             // link pairs written (non-hub and hub)
  std::vector<std::string> hubs_promoted{};  // identifier keys that became hubs
  // Root clusters rebuilt by a split (hub promotion or a changed advert's
  // dropped links); their ids may be new. Re-score these.
  std::vector<std::string> split{};
};

// What Linker::Forget did.
struct ForgetResult {
  int64_t forgotten = 0;              // adverts deleted from the index
  std::vector<std::string> deleted{};  // cluster ids (all nodes) left without members: records deleted
  std::vector<std::string> rebuilt{};  // root clusters rebuilt from their remaining members: re-score these
};

struct AdvertInfo {
  std::string id{}, site{}, url{}, name{};
  std::string cluster{};  // root cluster id
  int64_t first_seen = 0, last_seen = 0;
  bool removed = false;
  int64_t removed_unix = 0;
};

// The MinHash signature of an advert's text with its slots (name, town,
// phones, ...) removed (docs/dedupe.md "Templated text"): the costliest part of
// Linker::Add that depends on the advert alone (a fifth of the linking
// thread's Add at 100 k adverts). Pure and thread-safe, so a caller with
// worker threads computes it there and passes it to Add.
struct TextSignature {
  size_t input = 0;           // hash of the fields it was computed from (this process only)
  std::vector<uint32_t> sig;  // text_bands * text_rows MinHashes; empty: too little text
};
TextSignature ComputeTextSignature(const parsers::Advert& advert, const DedupeOptions& options);

class Linker {
 public:
  // Loads the in-memory perceptual-hash index from the store. REQUIRES: `db`
  // non-null and outlives the Linker. InvalidArgument for bad options.
  static absl::StatusOr<std::unique_ptr<Linker>> Open(store::Db* db, const DedupeOptions& options);
  ~Linker();
  Linker(const Linker&) = delete;
  Linker& operator=(const Linker&) = delete;

  // Links `advert` (REQUIRES non-empty id) first/again seen at `seen_unix`.
  // Idempotent: re-adding the same version only moves last_seen forward. A
  // changed version replaces the advert's identifiers, links and signature
  // (clusters split when links it relied on disappear). `text` (optional):
  // the advert's signature computed ahead, on any thread; used when it was
  // computed from the fields the advert has now, else computed again.
  absl::StatusOr<AddResult> Add(const parsers::Advert& advert, int64_t seen_unix,
                                const TextSignature* text = nullptr);
  // NotFound for an unknown advert. Idempotent.
  absl::Status MarkRemoved(std::string_view advert_id, int64_t unix);
  // The advert was seen again, unchanged, at `seen_unix`: moves its and its
  // cluster's last_seen forward (never back). NotFound if never added.
  absl::Status Touch(std::string_view advert_id, int64_t seen_unix);
  // Retention (`admon purge`): deletes the adverts from the index — their
  // postings, links (both directions), text signature, state and cluster
  // membership. Each cluster they leave is rebuilt from its remaining members'
  // links (it may split, keeping the oldest id); a cluster left without
  // members is deleted with its merged nodes. Hub records stay. Unknown ids
  // are ignored. One WriteBatch per affected cluster, so a crash leaves every
  // cluster either before or after its purge.
  absl::StatusOr<ForgetResult> Forget(const std::vector<std::string>& advert_ids, int64_t unix);

  // The cluster record `id` (merged clusters return their record with
  // `parent` set). Root clusters come with `members`. NotFound if unknown.
  absl::StatusOr<Cluster> GetCluster(std::string_view id) const;
  // The root cluster that cluster `id` is part of now (`id` itself for a root),
  // without reading members: what GetCluster's `parent` tells, for a fraction
  // of its cost on a large cluster. NotFound if unknown.
  absl::StatusOr<std::string> RootOf(std::string_view cluster_id) const;
  // Root cluster of an advert. NotFound if the advert was never added.
  absl::StatusOr<std::string> ClusterOf(std::string_view advert_id) const;
  // Calls fn for every root cluster (without members) until it returns false.
  absl::Status ForEachCluster(const std::function<bool(const Cluster&)>& fn) const;
  absl::Status ForEachAdvert(const std::function<bool(const AdvertInfo&)>& fn) const;
  // NotFound if the advert was never added.
  absl::StatusOr<AdvertInfo> GetAdvert(std::string_view advert_id) const;
  absl::StatusOr<std::vector<Link>> LinksOf(std::string_view advert_id) const;
  // True if the identifier key ("phone:+4477...") has been marked a hub.
  absl::StatusOr<bool> IsHub(std::string_view identifier_key) const;

  const DedupeOptions& options() const { return options_; }

 private:
  class Impl;
  explicit Linker(std::unique_ptr<Impl> impl, const DedupeOptions& options);
  std::unique_ptr<Impl> impl_;
  DedupeOptions options_;
};

}  // namespace admon::dedupe

#endif  // ADMON_DEDUPE_DEDUPE_H_
