// Copyright 2026 The admon Authors.
//
// Templated-text signatures: the advert's description with its slots removed
// (name, age, numbers, phone/email/handle strings, town, location text,
// nationalities), cut into word shingles, summarised by MinHash and banded
// for LSH. Hashes are fixed (FNV-1a + splitmix64 with constant seeds) so
// signatures stored in RocksDB stay valid across builds and machines.
//
// Thread safety: pure functions.
#ifndef ADMON_DEDUPE_TEXT_H_
#define ADMON_DEDUPE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "parsers/advert.h"

namespace admon::dedupe {

struct DedupeOptions;  // dedupe.h

inline constexpr int kMaxPermutations = 256;  // signature length bound (bytes stored = 4 x perms)

// Lower-cased word tokens of title + description, slots removed.
std::vector<std::string> SlotFreeTokens(const parsers::Advert& advert);
// Distinct 64-bit hashes of `k`-word shingles (sorted).
std::vector<uint64_t> Shingles(const std::vector<std::string>& tokens, int k);
// MinHash signature with `perms` permutations. REQUIRES: shingles non-empty.
std::vector<uint32_t> MinHash(const std::vector<uint64_t>& shingles, int perms);
// Fraction of equal positions. REQUIRES: same length.
double EstimatedJaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);
// Key of band `band` (rows consecutive values).
uint64_t BandKey(const std::vector<uint32_t>& sig, int band, int rows);
// Exact Jaccard of two sorted shingle sets (tests, tuning).
double ExactJaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

std::string EncodeSignature(const std::vector<uint32_t>& sig);
std::vector<uint32_t> DecodeSignature(std::string_view bytes);

// Fewest equal positions of two `perms`-MinHash signatures whose
// EstimatedJaccard is at least `min_jaccard` (same division); perms + 1 if
// none is.
int MinEqualMinHashes(int perms, double min_jaccard);

// Fewest bands two signatures of `bands` x `rows` MinHashes can share when
// their estimated Jaccard (EstimatedJaccard) is at least `min_jaccard`: each
// unequal MinHash spoils at most one band, and such a pair has at most
// perms - ceil(min_jaccard * perms) unequal positions. At least 1. With the
// defaults (32 x 4, 0.8): 128 - 103 = 25 unequal, so 7 shared bands.
int MinSharedBands(int bands, int rows, double min_jaccard);

inline constexpr uint32_t kNoDoc = UINT32_MAX;  // no LshIndex doc

// Which candidates LshIndex::Candidates returns.
struct CandidateLimits {
  // Entries read per bucket, newest first (bounds work on spam templates and
  // stock phrases). An older doc in an over-full bucket counts only through
  // the query's other buckets: a bucket that full is a phrase many posters
  // use, and its newest entries already link the query to that template.
  // (Lowering the requirement by one per over-full bucket instead, so that
  // no such doc is lost, made every doc of any bucket a candidate for 82 % of
  // adverts at 1 M test-site adverts: linking cost grew with the corpus.)
  size_t per_bucket = 500;
  // A doc must share at least this many of the probed buckets (MinSharedBands
  // for a filter that loses no pair among the buckets read in full). Up to
  // min_shared - kMinSharedAfterSkip of the largest buckets are not read and
  // the requirement drops by as many: a doc sharing min_shared buckets shares
  // at least the rest among those read. Never below 1.
  int min_shared = 1;
  // Docs never returned (the querying advert itself). kNoDoc: none.
  uint32_t exclude = kNoDoc;
};
// Buckets still required after skipping large ones. Measured on 100 k
// test-site adverts: docs sharing only 1-2 of a query's buckets were 90 % of
// its distinct candidates, and its 4 largest buckets half the entries read.
inline constexpr int kMinSharedAfterSkip = 3;

// In-memory LSH buckets: per band, a 32-bit bucket key -> the docs inserted
// under it, oldest first (truncation only adds candidates; they are verified
// by Jaccard). A bucket's docs are contiguous, so reading one streams memory:
// a linked chain cost a dependent cache miss per entry, 12 % of `admon
// process` at 100 k adverts. Rebuilt from the stored signatures at open.
// Memory per advert: ~ 9 bytes per band whose bucket it is alone in, ~ 4 per
// band shared with others, its id once (plus ~ 13 bytes), and the low bytes.
// Thread safety: const methods may run concurrently; Intern, Insert and
// SetLowBytes need exclusion. Not copyable (the id set refers to the index).
class LshIndex {
 public:
  explicit LshIndex(int bands);
  LshIndex(const LshIndex&) = delete;
  LshIndex& operator=(const LshIndex&) = delete;
  // Numeric id of an advert (allocated on first use; at most kMaxDocs).
  uint32_t Intern(std::string_view advert_id);
  // The advert's id if it was interned, else kNoDoc.
  uint32_t Find(std::string_view advert_id) const;
  // REQUIRES: doc was returned by Intern.
  std::string_view Name(uint32_t doc) const;
  static constexpr uint32_t kMaxDocs = 1u << 31;  // a bucket slot's top bit marks a list
  // REQUIRES: band_keys.size() == bands.
  void Insert(uint32_t doc, const std::vector<uint64_t>& band_keys);
  // Distinct docs (ascending) in at least `limits.min_shared` of the buckets
  // of `band_keys` (see CandidateLimits), reading at most
  // `limits.per_bucket` entries per bucket.
  void Candidates(const std::vector<uint64_t>& band_keys, const CandidateLimits& limits,
                  std::vector<uint32_t>* out) const;

  // The low byte of each MinHash of `doc`'s current signature, kept in memory
  // (one byte per permutation: 128 bytes per advert by default). Two equal
  // MinHashes have equal low bytes, so a candidate whose low bytes agree in
  // fewer positions than the Jaccard threshold needs cannot reach it: its
  // full signature need not be read from the store. An exact filter: links are
  // the same with or without it. Measured: at 100 k test-site adverts, linking
  // read ~1,000 signatures per advert (5.7 ms), nearly all of them misses.
  // REQUIRES: every signature has the same length.
  void SetLowBytes(uint32_t doc, const std::vector<uint32_t>& sig);
  // Positions where the low bytes of `sig` and of `doc`'s signature agree;
  // -1 if none is recorded for `doc` (then read the signature).
  int LowByteMatches(uint32_t doc, const std::vector<uint32_t>& sig) const;
  // Removes from `docs` those whose low bytes agree with `sig`'s in fewer
  // than `min_equal` positions (MinEqualMinHashes); docs without recorded
  // low bytes stay. Order is kept. Prefetches ahead: at 350 k adverts the
  // one-at-a-time check was 14 % of `admon process`, waiting on cache misses.
  // `matches` (optional) receives, for each doc kept, its LowByteMatches:
  // an upper bound on the MinHashes its signature shares with `sig`.
  void DropByLowBytes(const std::vector<uint32_t>& sig, int min_equal, std::vector<uint32_t>* docs,
                      std::vector<int>* matches = nullptr) const;

 private:
  static constexpr uint32_t kListBit = kMaxDocs;
  // Hash and equality of interned docs by name, also callable with a name.
  struct NameHash {
    using is_transparent = void;
    const LshIndex* index;
    size_t operator()(uint32_t doc) const { return (*this)(index->Name(doc)); }
    size_t operator()(std::string_view name) const { return absl::Hash<std::string_view>()(name); }
  };
  struct NameEq {
    using is_transparent = void;
    const LshIndex* index;
    bool operator()(uint32_t a, uint32_t b) const { return a == b; }
    bool operator()(uint32_t a, std::string_view b) const { return index->Name(a) == b; }
    bool operator()(std::string_view a, uint32_t b) const { return a == index->Name(b); }
  };
  // A bucket's docs: a doc alone, or kListBit | index in lists_ (2 or more).
  std::vector<absl::flat_hash_map<uint32_t, uint32_t>> heads_;  // per band: bucket key -> slot
  std::vector<std::vector<uint32_t>> lists_;
  std::string name_bytes_;             // every interned id, concatenated
  std::vector<uint64_t> name_ends_;    // doc -> end of its id in name_bytes_
  absl::flat_hash_set<uint32_t, NameHash, NameEq> ids_;
  size_t sig_len_ = 0;             // permutations per signature (from the first SetLowBytes)
  std::vector<uint8_t> low_;       // doc * sig_len_ -> low byte of each MinHash
  std::vector<bool> has_low_;      // doc -> low bytes recorded
};

// Hash of the fields SlotFreeTokens reads: a TextSignature computed ahead is
// used only while it matches (filling images can add OCR phones).
size_t TextInputHash(const parsers::Advert& a);
// ComputeTextSignature's `sig` alone (empty: fewer than text_min_shingles
// shingles), for a caller that needs no input hash.
std::vector<uint32_t> TextMinHash(const parsers::Advert& a, const DedupeOptions& o);

uint64_t Fnv1a64(std::string_view s);
uint64_t Mix64(uint64_t x);

}  // namespace admon::dedupe

#endif  // ADMON_DEDUPE_TEXT_H_
