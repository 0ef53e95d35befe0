// Copyright 2026 The admon Authors.
//
// In-memory multi-index hashing (Norouzi et al.) over 64-bit perceptual
// hashes: three blocks of 22, 21 and 21 bits, each an exact-value table. By
// pigeonhole, a hash within Hamming radius r of the query differs from it in
// at most floor(r/3) bits in at least one block, so probing every block value
// within floor(r/3) bits of the query's block finds all of them (r <= 2: 3
// exact block lookups in all; r 3..5: 67 probes; r 6..8: 718; r 9..11: 4,918;
// r 12..14: 24,203; r 15: 91,235).
//
// Why three blocks (issue 7): with four 16-bit blocks a radius-8 query reads
// 548 buckets of n / 65,536 hashes each, so its cost grows linearly with the
// index (16,000 candidates at 2 M hashes); 21-bit blocks keep about one hash
// per bucket up to ~2 M hashes, so a query stays near 718 probes.
//
// Two parts (issue 7, "a query in microseconds at 10 M hashes"):
//  - packed: per block, every hash stored contiguously by block value with
//    bucket offsets, so a probed bucket of ~5 hashes is one cache line, not a
//    chain of dependent loads;
//  - recent: hashes inserted since the last repack, in per-bucket chains.
// When recent reaches max(min_recent, packed / 8) hashes, Insert repacks:
// a sequential merge of the sorted recent hashes into each block's array,
// so each hash is copied about 9 times over the index's life.
//
// Memory: 32 MiB of bucket offsets once packed + 32 MiB of recent bucket
// heads (calloc'ed: pages are only touched as buckets fill) + 24 bytes per
// packed hash and 24 per recent one. A repack briefly adds 16 bytes per recent
// hash, and up to 8 per hash if realloc must move a block's array.
// Thread safety: const methods may run concurrently; Insert and Repack need
// exclusion. Capacity: fewer than 2^32 hashes (32-bit offsets).
#ifndef ADMON_DEDUPE_MIH_H_
#define ADMON_DEDUPE_MIH_H_

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

namespace admon::dedupe {

class MihIndex {
 public:
  // Recent hashes below which Insert never repacks: a repack costs a pass
  // over the 32 MiB of offsets whatever the index's size.
  static constexpr size_t kDefaultMinRecent = size_t{1} << 16;

  explicit MihIndex(size_t min_recent = kDefaultMinRecent);
  ~MihIndex();
  MihIndex(const MihIndex&) = delete;
  MihIndex& operator=(const MihIndex&) = delete;

  // Adds `h`; false if already present. May repack (see above).
  bool Insert(uint64_t h);
  bool Contains(uint64_t h) const;
  size_t size() const { return packed_size_ + recent_.size(); }
  size_t packed_size() const { return packed_size_; }
  // Moves every recent hash into the packed part (e.g. after a bulk load);
  // does nothing past the capacity above.
  void Repack();
  // Appends (hash, distance) for every stored hash within `radius` bits of
  // `q` (each once, unordered). REQUIRES: 0 <= radius < 16.
  void Query(uint64_t q, int radius, std::vector<std::pair<uint64_t, int>>* out) const;

  static constexpr int kBlocks = 3;

 private:
  struct Entry {
    uint64_t hash;
    uint32_t next[kBlocks];  // previous entry + 1 in the same bucket of each block (0 ends)
  };
  struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
  };
  template <typename T>
  using Buffer = std::unique_ptr<T, FreeDeleter>;

  bool RecentContains(uint64_t h) const;
  bool PackedContains(uint64_t h) const;
  void ClearRecent();

  const size_t min_recent_;
  // Recent part. heads_: per block, 2^width buckets -> entry + 1.
  Buffer<uint32_t> heads_;
  // One bit per bucket of heads_ (set: non-empty), 1 MB: a query probing
  // hundreds of mostly empty buckets skips them without touching the 32 MB
  // of heads_ (issue 7: median query 12.6 -> 7.6 us at 300 k hashes).
  Buffer<uint64_t> occupied_;
  std::vector<Entry> recent_;
  // Packed part: block b's bucket v holds packed_[b][starts_[s], starts_[s + 1])
  // with s = b + kOffset[b] + v (one end sentinel per block).
  Buffer<uint32_t> starts_;
  Buffer<uint64_t> packed_occupied_;  // as occupied_, for the packed buckets
  Buffer<uint64_t> packed_[kBlocks];
  size_t packed_size_ = 0;
};

// Reference implementation for tests: linear scan.
void BruteForceQuery(const std::vector<uint64_t>& hashes, uint64_t q, int radius,
                     std::vector<std::pair<uint64_t, int>>* out);

}  // namespace admon::dedupe

#endif  // ADMON_DEDUPE_MIH_H_
