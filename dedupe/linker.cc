// Copyright 2026 The admon Authors.
//
// Linker: adding adverts (identifiers, near images, text), joining clusters.
#include <algorithm>
#include <cctype>
#include <climits>
#include <queue>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/sha256.h"
#include "common/status.h"
#include "dedupe/codec.h"
#include "dedupe/keys.h"
#include "dedupe/linker_impl.h"
#include "dedupe/text.h"
#include "spdlog/spdlog.h"
#include "store/record.h"

namespace admon::dedupe {

using store::Cf;

namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string Hex16(uint64_t h) { return absl::StrFormat("%016x", h); }

// What a version of an advert contributes to the indexes.
struct Built {
  std::vector<std::string> ids;  // "kind:value", sorted distinct
  std::vector<uint64_t> phashes;
  std::vector<uint32_t> sig;     // empty: too little text
  std::vector<uint64_t> bands;
  uint64_t text_sig = 0;         // hash of the signature; 0 when none
  std::string fp;
};

LinkType TypeOfKind(const std::string& kind) {
  if (kind == "phone") return LinkType::kPhone;
  if (kind == "email") return LinkType::kEmail;
  if (kind == "handle") return LinkType::kHandle;
  if (kind == "payment") return LinkType::kPayment;
  return LinkType::kImageExact;  // "image"
}

Built Build(const parsers::Advert& a, const DedupeOptions& o, const TextSignature* text) {
  Built b;
  std::set<std::string> ids;
  std::set<uint64_t> phashes;
  for (const auto& p : a.phones) if (!p.e164.empty()) ids.insert(IdKey("phone", p.e164));
  for (const auto& e : a.emails) if (!e.address.empty()) ids.insert(IdKey("email", Lower(e.address)));
  for (const auto& h : a.handles) {
    if (h.handle.empty()) continue;
    ids.insert(IdKey(h.payment ? "payment" : "handle", Lower(h.platform) + ":" + Lower(h.handle)));
  }
  for (const auto& im : a.images) {
    if (!im.sha256.empty()) ids.insert(IdKey("image", Lower(im.sha256)));
    if (im.hashed) {
      phashes.insert(im.phash);
      ids.insert(IdKey("phash", Hex16(im.phash)));
    }
  }
  b.ids.assign(ids.begin(), ids.end());
  b.phashes.assign(phashes.begin(), phashes.end());
  const size_t perms = static_cast<size_t>(o.text_bands * o.text_rows);
  if (text != nullptr && text->input == TextInputHash(a) && (text->sig.empty() || text->sig.size() == perms)) {
    b.sig = text->sig;
  } else {
    b.sig = TextMinHash(a, o);
  }
  if (!b.sig.empty()) {
    for (int i = 0; i < o.text_bands; ++i) b.bands.push_back(BandKey(b.sig, i, o.text_rows));
    b.text_sig = Fnv1a64(EncodeSignature(b.sig)) | 1;
  }
  nlohmann::json fp = {{"ids", b.ids},         {"sig", Sha256Hex(EncodeSignature(b.sig))},
                       {"name", Lower(a.name)}, {"age", a.age ? *a.age : -1},
                       {"town", a.location.town}, {"force", a.location.force},
                       {"nats", a.nationalities}, {"site", a.site}, {"url", a.url}};
  b.fp = Sha256Hex(fp.dump()).substr(0, 32);
  return b;
}

bool Contains(const std::vector<std::string>& v, const std::string& x) { return std::binary_search(v.begin(), v.end(), x); }

// Text links from `from` (signature `sig`) to each advert of `evidenced` (the
// adverts it shares another link with) reaching text_min_jaccard. These are
// the text links that can decide a merge (one merges only beside a photo link
// of the same pair: PairMerges), so the two signatures are compared directly
// rather than through the LSH buckets: every such pair is found whatever the
// buckets hold, in whatever order the adverts arrived. The low bytes `lsh`
// holds (none when it is not kept) skip reads that cannot reach the threshold.
absl::StatusOr<std::vector<Link>> CorroboratingTextLinks(const Txn& t, const LshIndex& lsh, int min_equal,
                                                         const std::string& from, const std::vector<uint32_t>& sig,
                                                         const std::set<std::string, std::less<>>& evidenced,
                                                         const DedupeOptions& o, int64_t seen) {
  std::vector<Link> text;
  for (const std::string& q : evidenced) {
    const uint32_t doc = lsh.Find(q);
    const int low = doc == kNoDoc ? -1 : lsh.LowByteMatches(doc, sig);
    if (low >= 0 && low < min_equal) continue;  // cannot reach the threshold: not read
    ADMON_ASSIGN_OR_RETURN(auto bytes, t.Get(Cf::kIndex, keys::Signature(q)));
    if (!bytes) continue;
    const std::vector<uint32_t> other = DecodeSignature(*bytes);
    if (other.size() != sig.size()) continue;  // made with other band options
    const double j = EstimatedJaccard(sig, other);
    if (j < o.text_min_jaccard) continue;
    text.push_back(Link{.from = from, .to = q, .type = LinkType::kText, .jaccard = j, .created_unix = seen});
  }
  return text;
}

// The text_max_links links from `from` (signature `sig`) to the most similar
// of `candidates` (LSH candidates, ascending) reaching text_min_jaccard,
// skipping adverts in `skip` (linked by CorroboratingTextLinks); ties go to
// the lower LSH doc number (the older advert within a session; after a
// restart docs are numbered in advert-id order). Links to adverts it shares no other evidence with never
// merge: they show an analyst who else posts the same text.
// `bound[i]`: the most MinHashes candidate i can share with `sig`
// (LshIndex::DropByLowBytes; -1: unknown). Each verified candidate costs a
// read of its signature from the store, so candidates are read by bound,
// highest first (unknown first), stopping once text_max_links links are found
// and the lowest of their Jaccards exceeds the next bound. Measured on 1 M
// test-site adverts (sampled queries): 68 signatures read per advert before,
// 261 at the 90th percentile (copies of one template, nearly all above the
// threshold); 19.5 and 58 with this order.
absl::StatusOr<std::vector<Link>> NearestTextLinks(const Txn& t, const LshIndex& lsh, const std::string& from,
                                                   const std::vector<uint32_t>& sig,
                                                   const std::vector<uint32_t>& candidates,
                                                   const std::vector<int>& bound,
                                                   const std::set<std::string, std::less<>>& skip,
                                                   const DedupeOptions& o,
                                                   int64_t seen) {
  const size_t cap = static_cast<size_t>(o.text_max_links);
  if (candidates.empty() || cap == 0) return std::vector<Link>{};
  std::vector<size_t> order(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) order[i] = i;
  const auto rank = [&](size_t i) { return bound[i] < 0 ? INT_MAX : bound[i]; };
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return rank(x) > rank(y); });
  std::priority_queue<double, std::vector<double>, std::greater<>> best;  // the cap highest Jaccards
  std::vector<std::pair<size_t, Link>> found;
  for (size_t i : order) {
    if (bound[i] >= 0 && best.size() >= cap && best.top() > static_cast<double>(bound[i]) / sig.size()) break;
    const std::string_view q = lsh.Name(candidates[i]);
    if (skip.count(q)) continue;
    ADMON_ASSIGN_OR_RETURN(auto bytes, t.Get(Cf::kIndex, keys::Signature(q)));
    if (!bytes) continue;
    const double j = EstimatedJaccard(sig, DecodeSignature(*bytes));
    if (j < o.text_min_jaccard) continue;
    best.push(j);
    if (best.size() > cap) best.pop();
    found.emplace_back(
        i, Link{.from = from, .to = std::string(q), .type = LinkType::kText, .jaccard = j, .created_unix = seen});
  }
  // The cap most similar; among equal Jaccards the older (lower) candidate.
  std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
    return std::pair(-x.second.jaccard, x.first) < std::pair(-y.second.jaccard, y.first);
  });
  if (found.size() > cap) found.resize(cap);
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<Link> text;
  for (auto& [i, l] : found) text.push_back(std::move(l));
  return text;
}

}  // namespace

void PutLink(Txn& t, const Link& l) {
  // One value serves both directions: from and to are the key's fields.
  const std::string value = EncodeLinkValue(l);
  t.Put(Cf::kLinks, keys::Link(l.from, l.to, LinkTypeName(l.type), l.value), value);
  t.Put(Cf::kLinks, keys::Link(l.to, l.from, LinkTypeName(l.type), l.value), value);
}

void DeleteLink(Txn& t, const Link& l) {
  t.Delete(Cf::kLinks, keys::Link(l.from, l.to, LinkTypeName(l.type), l.value));
  t.Delete(Cf::kLinks, keys::Link(l.to, l.from, LinkTypeName(l.type), l.value));
}

bool Linker::Impl::MaybePosted(std::string_view posting_prefix) const {
  return posted_.contains(Fnv1a64(posting_prefix));
}

absl::Status Linker::Impl::LoadIndexes() {
  // Every posting: the identifier filter, and near-image hashes for MIH.
  const std::string prefix("phash\0", 6);
  ADMON_RETURN_IF_ERROR(db_->Scan(Cf::kIdentifiers, "", [&](std::string_view k, std::string_view) {
    const size_t end = k.rfind('\0');
    if (end != std::string_view::npos) posted_.insert(Fnv1a64(k.substr(0, end + 1)));
    if (!k.starts_with(prefix)) return true;
    std::string_view rest = k.substr(prefix.size());
    uint64_t h = 0;
    if (rest.size() >= 16 && absl::SimpleHexAtoi(AV(rest.substr(0, 16)), &h)) mih_.Insert(h);
    return true;
  }));
  mih_.Repack();  // queries after a restart read contiguous buckets
  // Hub and shared-account records: "<hub|shared>\0<kind>\0<value>".
  for (const auto& record : {std::pair{keys::Hub("", "").substr(0, 4), &hubs_},
                             std::pair{keys::Shared("", "").substr(0, 7), &shared_}}) {
    // Plain locals: clang 14 lambdas cannot capture structured bindings.
    const std::string& record_prefix = record.first;
    absl::flat_hash_set<std::string>* set = record.second;
    ADMON_RETURN_IF_ERROR(db_->Scan(Cf::kIndex, record_prefix, [&](std::string_view k, std::string_view) {
      std::string_view rest = k.substr(record_prefix.size());
      const size_t sep = rest.find('\0');
      if (sep != std::string_view::npos) set->insert(IdKey(std::string(rest.substr(0, sep)), std::string(rest.substr(sep + 1))));
      return true;
    }));
  }
  // Text LSH buckets from the stored signatures (a signature of another
  // length was made with other band options: re-add those adverts).
  if (!UseLsh()) return absl::OkStatus();
  const std::string sig_prefix = keys::Signature("");
  const size_t perms = static_cast<size_t>(o_.text_bands * o_.text_rows);
  size_t skipped = 0;
  std::vector<uint64_t> bands;
  ADMON_RETURN_IF_ERROR(db_->Scan(Cf::kIndex, sig_prefix, [&](std::string_view k, std::string_view v) {
    std::vector<uint32_t> sig = DecodeSignature(v);
    if (sig.size() != perms) {
      ++skipped;
      return true;
    }
    bands.clear();
    for (int i = 0; i < o_.text_bands; ++i) bands.push_back(BandKey(sig, i, o_.text_rows));
    const uint32_t doc = lsh_.Intern(k.substr(sig_prefix.size()));
    lsh_.Insert(doc, bands);
    lsh_.SetLowBytes(doc, sig);
    return true;
  }));
  if (skipped > 0) spdlog::warn("dedupe: {} text signatures made with other band options ignored", skipped);
  return absl::OkStatus();
}

absl::StatusOr<AddResult> Linker::Impl::Add(const parsers::Advert& a, int64_t seen, const TextSignature* ahead) {
  if (a.id.empty()) return absl::InvalidArgumentError(absl::StrCat("advert ", a.url, ": empty id"));
  Txn t(db_);
  AddResult res;
  res.advert_id = a.id;
  Built b = Build(a, o_, ahead);
  ADMON_ASSIGN_OR_RETURN(auto old, LoadAdvert(t, a.id));

  if (old && old->fp == b.fp) {
    res.unchanged = true;
    ADMON_ASSIGN_OR_RETURN(std::string node, NodeOf(t, a.id));
    ADMON_ASSIGN_OR_RETURN(res.cluster_id, Find(t, node, false));
    ADMON_RETURN_IF_ERROR(MoveLastSeen(t, *old, res.cluster_id, seen));
    ADMON_RETURN_IF_ERROR(t.Commit());  // a no-op when nothing moved
    return res;
  }

  AdvertState st;
  st.id = a.id;
  st.site = a.site;
  st.url = a.url;
  st.name = a.name;
  st.fp = b.fp;
  st.first_seen = old ? std::min(old->first_seen, seen) : seen;
  st.last_seen = old ? std::max(old->last_seen, seen) : seen;
  st.removed = old && old->removed;
  st.removed_unix = old ? old->removed_unix : 0;
  st.ids = b.ids;
  st.phashes = b.phashes;
  st.text_sig = b.text_sig;
  st.sum = Summarise(a, st.first_seen);
  st.sum.removed = st.removed;

  bool need_recompute = false;
  std::string own_root;
  std::vector<Link> kept;  // a changed advert's links that stay
  const bool sig_changed = !old || old->text_sig != b.text_sig;
  if (old) {
    ADMON_ASSIGN_OR_RETURN(std::string node, NodeOf(t, a.id));
    ADMON_ASSIGN_OR_RETURN(own_root, Find(t, node, true));
    ADMON_ASSIGN_OR_RETURN(auto root, LoadCluster(t, own_root));
    if (root) {
      ApplySummary(old->sum, -1, o_, &root->stats);
      SaveRoot(t, *root);
    }
    std::set<std::string> dropped;
    for (const auto& k : old->ids) {
      if (Contains(b.ids, k)) continue;
      dropped.insert(k);
      auto [kind, value] = SplitIdKey(k);
      t.Delete(Cf::kIdentifiers, keys::Posting(kind, value, a.id));
    }
    // Stale LSH entries stay in memory; candidates are verified against the
    // stored signature, so they only cost a lookup.
    if (sig_changed && b.sig.empty()) t.Delete(Cf::kIndex, keys::Signature(a.id));
    std::vector<Link> stale;
    ADMON_ASSIGN_OR_RETURN(std::vector<Link> links, LinksOf(t, a.id));
    for (Link& l : links) {
      bool drop = l.type == LinkType::kText && sig_changed;
      for (const auto& via : l.via) drop = drop || dropped.count(via);
      (drop ? stale : kept).push_back(std::move(l));
    }
    for (const auto& l : stale) DeleteLink(t, l);
    // Whether a pair merges depends on all its links and both adverts'
    // phones (PairMerges): rebuild the cluster from its links.
    need_recompute = true;
  }

  std::vector<Link> links;
  std::set<std::string> promoted;
  std::set<std::string> hubs;
  std::set<std::string> shared_now;  // account identifiers found shared by this add
  std::set<std::string> shared_roots;  // clusters holding their adverts
  const std::string posting_value = PostingValue(Lower(a.name), a.site, b.ids);
  for (const auto& key : b.ids) {
    auto [kind, value] = SplitIdKey(key);
    t.Put(Cf::kIdentifiers, keys::Posting(kind, value, a.id), posting_value);
    if (old && Contains(old->ids, key)) continue;  // links already recorded
    if (hubs_.contains(key)) {
      hubs.insert(key);
      continue;
    }
    const std::string prefix = keys::PostingPrefix(kind, value);
    // No advert was ever posted under this identifier: nothing to scan (the
    // scan would only meet this advert's own pending posting).
    if (!MaybePosted(prefix)) continue;
    std::vector<std::string> others;
    // Posting values (name, site, phones): copied here only for an account not
    // yet known to be shared; read again below past the hub size.
    const bool check_shared = (kind == "email" || kind == "handle") && !shared_.contains(key);
    std::vector<std::string> values;
    ADMON_RETURN_IF_ERROR(t.Scan(Cf::kIdentifiers, prefix, [&](std::string_view k, std::string_view v) {
      if (check_shared) values.emplace_back(v);
      std::string other(k.substr(prefix.size()));
      if (other != a.id) others.push_back(std::move(other));
      return true;
    }));
    const int adverts = static_cast<int>(others.size()) + 1;
    if (adverts > o_.hub_min_adverts) {
      if (!check_shared) {
        ADMON_ASSIGN_OR_RETURN(values, PostingValues(t, prefix));
      }
      const HubEvidence e = HubEvidenceOf(values, key, promoted);
      if (e.phone_groups > o_.hub_min_phone_groups) {
        nlohmann::json rec = {{"v", kStateVersion}, {"key", key},       {"adverts", adverts},
                              {"names", e.names},   {"sites", e.sites}, {"phone_groups", e.phone_groups},
                              {"unix", seen}};
        t.Put(Cf::kIndex, keys::Hub(kind, value), store::EncodeRecord(rec));
        promoted.insert(key);
        hubs.insert(key);
        spdlog::info("dedupe: identifier {} is a hub ({} adverts, {} names, {} sites, {} phone groups)", key, adverts,
                     e.names, e.sites, e.phone_groups);
        continue;
      }
    }
    if (check_shared && !others.empty()) {
      const int groups = PhoneGroupsOfValues(values, key, promoted);
      if (groups > o_.account_max_phone_groups) {
        nlohmann::json rec = {
            {"v", kStateVersion}, {"key", key}, {"adverts", adverts}, {"phone_groups", groups}, {"unix", seen}};
        t.Put(Cf::kIndex, keys::Shared(kind, value), store::EncodeRecord(rec));
        shared_now.insert(key);
        // Links already stored through it may have placed phone-less adverts.
        for (const auto& q : others) ADMON_RETURN_IF_ERROR(InsertRootOf(t, q, &shared_roots));
      }
    }
    if (kind == "phash") continue;  // near-image links below
    // Adverts already sharing the identifier are connected to each other, so
    // a bounded number of links keeps connectivity without O(k^2) links.
    if (static_cast<int>(others.size()) > o_.max_links_per_identifier) others.resize(o_.max_links_per_identifier);
    for (const auto& q : others) {
      links.push_back(Link{.from = a.id, .to = q, .type = TypeOfKind(kind), .value = value, .created_unix = seen,
                           .via = {key}});
    }
  }

  // Near-duplicate images.
  std::vector<std::pair<uint64_t, int>> near;
  for (uint64_t h : b.phashes) {
    if (old && std::binary_search(old->phashes.begin(), old->phashes.end(), h)) continue;
    const std::string own = IdKey("phash", Hex16(h));
    if (hubs.count(own)) continue;
    near.clear();
    mih_.Query(h, o_.image_radius, &near);
    for (const auto& hit : near) {
      const uint64_t h2 = hit.first;
      const int d = hit.second;  // a plain local: clang 14 lambdas cannot capture structured bindings
      const std::string other = IdKey("phash", Hex16(h2));
      if (h2 != h && (hubs_.contains(other) || promoted.count(other))) continue;
      const std::string prefix = keys::PostingPrefix("phash", Hex16(h2));
      const std::string value = Hex16(std::min(h, h2)) + "~" + Hex16(std::max(h, h2));
      int linked = 0;
      ADMON_RETURN_IF_ERROR(t.Scan(Cf::kIdentifiers, prefix, [&](std::string_view k, std::string_view) {
        std::string q(k.substr(prefix.size()));
        if (q == a.id) return true;
        if (++linked > o_.max_links_per_identifier) return false;
        links.push_back(Link{.from = a.id, .to = q, .type = LinkType::kImageNear, .value = value, .distance = d,
                             .created_unix = seen, .via = {own, other}});
        return true;
      }));
    }
  }

  // Templated text: links to the adverts this one shares other evidence with
  // (they can corroborate a photo link), and, when text_max_links > 0, to the
  // nearest others through the LSH buckets. An unchanged signature keeps its
  // text links, and is compared with the adverts it shares another link with
  // but no text link (those newly linked, and those below the threshold).
  std::set<std::string, std::less<>> evidenced;  // adverts it shares a link with besides text
  for (const auto* v : {&kept, &links}) {
    for (const auto& l : *v) {
      if (l.type != LinkType::kText) evidenced.insert(l.to);
    }
  }
  if (!UseLsh() && !kept.empty()) {
    // No text link stands alone: a changed advert's text link to an advert it
    // no longer shares anything else with goes, as if the two had arrived as
    // they are now.
    std::vector<Link> still;
    for (Link& l : kept) {
      if (l.type == LinkType::kText && !evidenced.count(l.to)) {
        DeleteLink(t, l);
      } else {
        still.push_back(std::move(l));
      }
    }
    kept = std::move(still);
  }
  if (!b.sig.empty()) {
    if (sig_changed) t.Put(Cf::kIndex, keys::Signature(a.id), EncodeSignature(b.sig));
    for (const auto& l : kept) {
      if (l.type == LinkType::kText) evidenced.erase(l.to);  // linked already: not compared again
    }
    ADMON_ASSIGN_OR_RETURN(std::vector<Link> text,
                           CorroboratingTextLinks(t, lsh_, min_equal_minhashes_, a.id, b.sig, evidenced, o_, seen));
    if (UseLsh() && sig_changed) {
      std::vector<uint32_t> candidates;
      // Only adverts sharing enough bands can reach text_min_jaccard (exact).
      lsh_.Candidates(b.bands,
                      {.per_bucket = static_cast<size_t>(o_.text_max_bucket),
                       .min_shared = min_shared_bands_,
                       .exclude = lsh_.Find(a.id)},
                      &candidates);
      // Exact pre-filter (text.h): too few equal low bytes => too few equal MinHashes.
      std::vector<int> bound;
      lsh_.DropByLowBytes(b.sig, min_equal_minhashes_, &candidates, &bound);
      ADMON_ASSIGN_OR_RETURN(std::vector<Link> nearest,
                             NearestTextLinks(t, lsh_, a.id, b.sig, candidates, bound, evidenced, o_, seen));
      for (auto& l : nearest) text.push_back(std::move(l));
    }
    for (auto& l : text) links.push_back(std::move(l));
  }

  // Write links; pairs whose links merge (PairMerges) join clusters.
  std::map<std::string, std::vector<Link>> by_pair;
  for (const auto& l : kept) by_pair[l.to].push_back(l);
  for (const auto& l : links) {
    PutLink(t, l);
    by_pair[l.to].push_back(l);
  }
  res.links_added = static_cast<int>(links.size());
  std::set<std::string> neighbours;
  std::map<std::string, int64_t> link_counts;  // non-hub links of merging pairs
  const auto is_shared = [&](const std::string& k) { return IsShared(k, shared_now); };
  for (const auto& [q, pair_links] : by_pair) {
    // The other advert's state is read only when its phones decide (most
    // pairs merge or not whatever the phones: a shared phone merges alone).
    // A missing state (inconsistent store) is skipped; its cluster node,
    // written in the same batch as the state, is checked below.
    const bool if_conflict = PairMerges(pair_links, true, o_, is_shared);
    bool merges = PairMerges(pair_links, false, o_, is_shared);
    if (merges != if_conflict) {
      ADMON_ASSIGN_OR_RETURN(auto other, LoadAdvert(t, q));
      if (!other) continue;  // not linked yet (inconsistent store): skip
      merges = PairMerges(pair_links, PhonesConflict(b.ids, other->ids), o_, is_shared);
    }
    if (!merges) continue;
    neighbours.insert(q);
    for (const auto& l : pair_links) {
      if (!l.hub) link_counts[LinkTypeName(l.type)] += 1;
    }
  }

  std::set<std::string> roots;
  for (const auto& q : neighbours) ADMON_RETURN_IF_ERROR(InsertRootOf(t, q, &roots));  // unlinked: skipped
  if (old) roots.insert(own_root);
  std::string winner;
  if (roots.empty()) {
    ADMON_ASSIGN_OR_RETURN(winner, NewClusterId(t));
    Cluster c{.id = winner, .first_seen = st.first_seen, .last_seen = st.last_seen};
    ApplySummary(st.sum, +1, o_, &c.stats);
    for (const auto& [k, n] : link_counts) c.stats.links[k] += n;
    SaveRoot(t, c);
    res.new_cluster = true;
  } else {
    std::map<std::string, Cluster> recs;
    for (const auto& r : roots) {
      ADMON_ASSIGN_OR_RETURN(auto c, LoadCluster(t, r));
      if (!c) return absl::DataLossError(absl::StrCat("cluster ", r, ": missing record"));
      recs[r] = std::move(*c);
    }
    for (const auto& [r, c] : recs) {
      if (winner.empty() || std::tie(c.first_seen, c.id) < std::tie(recs[winner].first_seen, winner)) winner = r;
    }
    Cluster& w = recs[winner];
    for (auto& [r, c] : recs) {
      if (r == winner) continue;
      MergeStats(c.stats, o_, &w.stats);
      w.first_seen = std::min(w.first_seen, c.first_seen);
      w.last_seen = std::max(w.last_seen, c.last_seen);
      w.merged_from.push_back({r, seen});
      c.parent = winner;
      c.stats = ClusterStats{};
      SaveCluster(t, c);
      res.merged.push_back(r);
    }
    ApplySummary(st.sum, +1, o_, &w.stats);
    for (const auto& [k, n] : link_counts) w.stats.links[k] += n;
    w.first_seen = std::min(w.first_seen, st.first_seen);
    w.last_seen = std::max(w.last_seen, st.last_seen);
    SaveRoot(t, w);
  }
  if (!old) {
    t.Put(Cf::kClusters, keys::MemberPrefix(winner) + a.id, "");
    t.Put(Cf::kIndex, keys::AdvertCluster(a.id), winner);
  }
  SaveAdvert(t, st);

  // Hubs promoted by this advert: flag their links and split what they joined.
  std::set<std::string> split_roots;
  for (const auto& key : promoted) ADMON_RETURN_IF_ERROR(FlagHubLinks(t, key, &split_roots));
  split_roots.insert(shared_roots.begin(), shared_roots.end());
  if (need_recompute || !promoted.empty() || !shared_roots.empty()) {
    split_roots.insert(winner);
    ADMON_RETURN_IF_ERROR(Recompute(t, split_roots, seen, &res.split, shared_now));
  }
  res.hubs_promoted.assign(promoted.begin(), promoted.end());
  ADMON_ASSIGN_OR_RETURN(std::string node, NodeOf(t, a.id));
  ADMON_ASSIGN_OR_RETURN(res.cluster_id, Find(t, node, false));
  ADMON_RETURN_IF_ERROR(t.Commit());
  for (const auto& key : b.ids) {
    auto [kind, value] = SplitIdKey(key);
    posted_.insert(Fnv1a64(keys::PostingPrefix(kind, value)));
  }
  hubs_.insert(promoted.begin(), promoted.end());
  shared_.insert(shared_now.begin(), shared_now.end());
  for (uint64_t h : b.phashes) mih_.Insert(h);
  if (!b.sig.empty() && sig_changed && UseLsh()) {
    const uint32_t doc = lsh_.Intern(a.id);
    lsh_.Insert(doc, b.bands);
    lsh_.SetLowBytes(doc, b.sig);
  }
  return res;
}

absl::Status Linker::Impl::MarkRemoved(std::string_view id, int64_t unix) {
  Txn t(db_);
  ADMON_ASSIGN_OR_RETURN(auto st, LoadAdvert(t, id));
  if (!st) return absl::NotFoundError(absl::StrCat("advert ", AV(id), ": not linked"));
  if (st->removed) return absl::OkStatus();
  ADMON_ASSIGN_OR_RETURN(std::string node, NodeOf(t, id));
  ADMON_ASSIGN_OR_RETURN(std::string root, Find(t, node, true));
  ADMON_ASSIGN_OR_RETURN(auto c, LoadCluster(t, root));
  if (c) {
    ApplySummary(st->sum, -1, o_, &c->stats);
    st->sum.removed = true;
    ApplySummary(st->sum, +1, o_, &c->stats);
    SaveRoot(t, *c);
  }
  st->sum.removed = true;
  st->removed = true;
  st->removed_unix = unix;
  SaveAdvert(t, *st);
  return t.Commit();
}

// ---- Linker ----

Linker::Linker(std::unique_ptr<Impl> impl, const DedupeOptions& options)
    : impl_(std::move(impl)), options_(options) {}
Linker::~Linker() = default;

absl::StatusOr<std::unique_ptr<Linker>> Linker::Open(store::Db* db, const DedupeOptions& o) {
  if (db == nullptr) return absl::InvalidArgumentError("dedupe: null Db");
  if (o.image_radius < 0 || o.image_radius > kMaxImageRadius) {
    return absl::InvalidArgumentError(absl::StrCat("dedupe: image_radius ", o.image_radius, " outside 0..",
                                                   kMaxImageRadius));
  }
  if (o.text_bands <= 0 || o.text_rows <= 0 || o.text_bands * o.text_rows > kMaxPermutations ||
      o.text_bands > 255) {
    return absl::InvalidArgumentError(absl::StrCat("dedupe: text_bands*text_rows must be 1..", kMaxPermutations));
  }
  if (o.text_min_jaccard < 0 || o.text_min_jaccard > 1 || o.text_shingle_words < 1 || o.max_set_size < 1 ||
      o.text_max_bucket < 1 || o.text_max_links < 0) {
    return absl::InvalidArgumentError("dedupe: text_min_jaccard, text_shingle_words, text_max_bucket, "
                                      "text_max_links or max_set_size out of range");
  }
  auto impl = std::make_unique<Impl>(db, o);
  ADMON_RETURN_IF_ERROR(impl->LoadIndexes());
  return std::unique_ptr<Linker>(new Linker(std::move(impl), o));
}

absl::StatusOr<AddResult> Linker::Add(const parsers::Advert& advert, int64_t seen_unix, const TextSignature* text) {
  return impl_->Add(advert, seen_unix, text);
}

absl::Status Linker::MarkRemoved(std::string_view advert_id, int64_t unix) {
  return impl_->MarkRemoved(advert_id, unix);
}

absl::StatusOr<Cluster> Linker::GetCluster(std::string_view id) const {
  Txn t(impl_->db());
  ADMON_ASSIGN_OR_RETURN(auto c, impl_->LoadCluster(t, id));
  if (!c) return absl::NotFoundError(absl::StrCat("cluster ", AV(id), ": not found"));
  ADMON_ASSIGN_OR_RETURN(std::string root, impl_->Find(t, c->id, false));
  if (root != c->id) {
    c->parent = root;
  } else {
    ADMON_ASSIGN_OR_RETURN(c->members, impl_->Members(t, c->id));
  }
  return *c;
}

absl::StatusOr<std::string> Linker::RootOf(std::string_view cluster_id) const {
  Txn t(impl_->db());
  ADMON_ASSIGN_OR_RETURN(auto record, t.Get(Cf::kClusters, keys::Cluster(cluster_id)));
  if (!record) return absl::NotFoundError(absl::StrCat("cluster ", AV(cluster_id), ": not found"));
  return impl_->Find(t, std::string(cluster_id), false);
}

absl::StatusOr<std::string> Linker::ClusterOf(std::string_view advert_id) const {
  Txn t(impl_->db());
  ADMON_ASSIGN_OR_RETURN(std::string node, impl_->NodeOf(t, advert_id));
  return impl_->Find(t, node, false);
}

absl::Status Linker::ForEachCluster(const std::function<bool(const Cluster&)>& fn) const {
  Txn t(impl_->db());
  std::vector<std::string> ids;
  const std::string prefix = keys::Cluster("");
  absl::Status inner = absl::OkStatus();
  ADMON_RETURN_IF_ERROR(impl_->db()->Scan(Cf::kClusters, prefix, [&](std::string_view k, std::string_view) {
    auto c = impl_->LoadCluster(t, k.substr(prefix.size()));
    if (!c.ok()) {
      inner = c.status();
      return false;
    }
    if (!*c || !(*c)->parent.empty()) return true;
    return fn(**c);
  }));
  return inner;
}

absl::Status Linker::ForEachAdvert(const std::function<bool(const AdvertInfo&)>& fn) const {
  Txn t(impl_->db());
  const std::string prefix = keys::Advert("");
  absl::Status inner = absl::OkStatus();
  ADMON_RETURN_IF_ERROR(impl_->db()->Scan(Cf::kIndex, prefix, [&](std::string_view k, std::string_view) {
    auto s = impl_->LoadAdvert(t, k.substr(prefix.size()));
    if (!s.ok() || !*s) {
      inner = s.ok() ? absl::DataLossError(absl::StrCat("advert ", AV(k.substr(prefix.size())), ": vanished"))
                     : s.status();
      return false;
    }
    AdvertInfo info{.id = (*s)->id, .site = (*s)->site, .url = (*s)->url, .name = (*s)->name,
                    .first_seen = (*s)->first_seen, .last_seen = (*s)->last_seen, .removed = (*s)->removed,
                    .removed_unix = (*s)->removed_unix};
    auto node = impl_->NodeOf(t, info.id);
    if (node.ok()) {
      auto root = impl_->Find(t, *node, false);
      if (root.ok()) info.cluster = *root;
    }
    return fn(info);
  }));
  return inner;
}

absl::StatusOr<AdvertInfo> Linker::GetAdvert(std::string_view advert_id) const {
  Txn t(impl_->db());
  ADMON_ASSIGN_OR_RETURN(auto s, impl_->LoadAdvert(t, advert_id));
  if (!s) return absl::NotFoundError(absl::StrCat("advert ", AV(advert_id), ": not linked"));
  AdvertInfo info{.id = s->id, .site = s->site, .url = s->url, .name = s->name, .first_seen = s->first_seen,
                  .last_seen = s->last_seen, .removed = s->removed, .removed_unix = s->removed_unix};
  ADMON_ASSIGN_OR_RETURN(std::string node, impl_->NodeOf(t, advert_id));
  ADMON_ASSIGN_OR_RETURN(info.cluster, impl_->Find(t, node, false));
  return info;
}

absl::StatusOr<std::vector<Link>> Linker::LinksOf(std::string_view advert_id) const {
  const Txn read_only(impl_->db());  // no writes: a plain read of the store
  return impl_->LinksOf(read_only, advert_id);
}

absl::StatusOr<bool> Linker::IsHub(std::string_view identifier_key) const {
  Txn t(impl_->db());
  return impl_->IsHub(t, identifier_key);
}

}  // namespace admon::dedupe
