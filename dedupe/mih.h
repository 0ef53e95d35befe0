// Copyright 2026 The admon Authors.
//
// In-memory multi-index hashing (Norouzi et al.) over 64-bit perceptual
// hashes: four 16-bit blocks, each an exact-value table. By pigeonhole, a hash
// within Hamming radius r of the query differs from it in at most floor(r/4)
// bits in at least one block, so probing every block value within floor(r/4)
// bits of the query's block finds all of them (r <= 3: exact block lookups;
// r 4..7: 17 probes per block; r 8..11: 137; r 12..15: 697).
//
// Memory: 4 x 8 bytes per distinct hash in the block tables + a hash set (~16 B).
// Thread safety: const methods may run concurrently; Insert needs exclusion.
#ifndef ADMON_DEDUPE_MIH_H_
#define ADMON_DEDUPE_MIH_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"

namespace admon::dedupe {

class MihIndex {
 public:
  MihIndex();
  // Adds `h`; false if already present.
  bool Insert(uint64_t h);
  bool Contains(uint64_t h) const { return present_.contains(h); }
  size_t size() const { return size_; }
  void Reserve(size_t n);
  // Appends (hash, distance) for every stored hash within `radius` bits of
  // `q` (each once, unordered). REQUIRES: 0 <= radius < 16.
  void Query(uint64_t q, int radius, std::vector<std::pair<uint64_t, int>>* out) const;

 private:
  static constexpr int kBlocks = 4;
  static constexpr int kBlockValues = 1 << 16;
  size_t size_ = 0;
  absl::flat_hash_set<uint64_t> present_;
  std::vector<std::vector<uint64_t>> tables_;  // kBlocks * kBlockValues buckets of full hashes (no indirection)
};

// Reference implementation for tests: linear scan.
void BruteForceQuery(const std::vector<uint64_t>& hashes, uint64_t q, int radius,
                     std::vector<std::pair<uint64_t, int>>* out);

}  // namespace admon::dedupe

#endif  // ADMON_DEDUPE_MIH_H_
