// Copyright 2026 The admon Authors.
#include "dedupe/mih.h"

#include <algorithm>
#include <bit>
#include <new>

namespace admon::dedupe {
namespace {

// Block b covers bits [kShift[b], kShift[b] + kWidth[b]).
constexpr int kWidth[MihIndex::kBlocks] = {22, 21, 21};
constexpr int kShift[MihIndex::kBlocks] = {0, 22, 43};
constexpr size_t kOffset[MihIndex::kBlocks] = {0, size_t{1} << 22, (size_t{1} << 22) + (size_t{1} << 21)};
constexpr size_t kHeads = (size_t{1} << 22) + 2 * (size_t{1} << 21);
constexpr int kMaxFlips = 15 / MihIndex::kBlocks;  // radius < 16
constexpr size_t kProbeChunk = 64;  // buckets probed per prefetch round (stack array)

inline uint32_t Block(uint64_t h, int b) {
  return static_cast<uint32_t>((h >> kShift[b]) & ((uint64_t{1} << kWidth[b]) - 1));
}

// Every mask of `width` bits with at most kMaxFlips bits set, ordered by bit
// count; count[f] = masks with at most f bits.
struct Masks {
  std::vector<uint32_t> masks;
  size_t count[kMaxFlips + 1] = {};
  explicit Masks(int width) {
    for (int f = 0; f <= kMaxFlips; ++f) {
      Add(width, f, 0, 0);
      count[f] = masks.size();
    }
  }
  void Add(int width, int left, int start, uint32_t mask) {
    if (left == 0) {
      masks.push_back(mask);
      return;
    }
    for (int bit = start; bit < width; ++bit) Add(width, left - 1, bit + 1, mask | (1u << bit));
  }
};

const Masks& MasksFor(int width) {
  static const Masks k22(22), k21(21);  // thread-safe initialisation
  return width == 22 ? k22 : k21;
}

}  // namespace

MihIndex::MihIndex()
    : heads_(static_cast<uint32_t*>(std::calloc(kHeads, sizeof(uint32_t)))),
      occupied_(static_cast<uint64_t*>(std::calloc(kHeads / 64, sizeof(uint64_t)))) {
  if (heads_ == nullptr || occupied_ == nullptr) throw std::bad_alloc();
}

bool MihIndex::Contains(uint64_t h) const {
  const uint32_t* heads = heads_.get() + kOffset[0];
  const size_t bit = kOffset[0] + Block(h, 0);
  if ((occupied_.get()[bit / 64] >> (bit % 64) & 1) == 0) return false;
  for (uint32_t e = heads[Block(h, 0)]; e != 0; e = entries_[e - 1].next[0]) {
    if (entries_[e - 1].hash == h) return true;
  }
  return false;
}

bool MihIndex::Insert(uint64_t h) {
  if (Contains(h)) return false;
  Entry entry{.hash = h, .next = {}};
  const auto index = static_cast<uint32_t>(entries_.size() + 1);
  for (int b = 0; b < kBlocks; ++b) {
    const size_t bucket = kOffset[b] + Block(h, b);
    uint32_t& head = heads_.get()[bucket];
    occupied_.get()[bucket / 64] |= uint64_t{1} << (bucket % 64);
    entry.next[b] = head;
    head = index;
  }
  entries_.push_back(entry);
  return true;
}

void MihIndex::Query(uint64_t q, int radius, std::vector<std::pair<uint64_t, int>>* out) const {
  const int flips = radius / kBlocks;
  for (int b = 0; b < kBlocks; ++b) {
    const uint32_t qb = Block(q, b);
    const uint32_t* heads = heads_.get() + kOffset[b];
    const uint64_t* occupied = occupied_.get();
    const Masks& m = MasksFor(kWidth[b]);
    // Probed buckets are scattered over megabytes: in chunks, prefetch the
    // occupancy words, then the heads of occupied buckets, then walk them in
    // probe order (the loads overlap instead of missing the cache one by one).
    const size_t probes = m.count[flips];
    for (size_t start = 0; start < probes; start += kProbeChunk) {
      const size_t end = std::min(probes, start + kProbeChunk);
      for (size_t i = start; i < end; ++i) __builtin_prefetch(&occupied[(kOffset[b] + (qb ^ m.masks[i])) / 64]);
      uint32_t hit[kProbeChunk];
      size_t hits = 0;
      for (size_t i = start; i < end; ++i) {
        const uint32_t bucket = qb ^ m.masks[i];
        const size_t bit = kOffset[b] + bucket;
        if ((occupied[bit / 64] >> (bit % 64) & 1) == 0) continue;
        __builtin_prefetch(&heads[bucket]);
        hit[hits++] = bucket;
      }
      // Then the first entry of each occupied bucket: at ~1 hash per bucket
      // (1 M adverts) nearly every probe is a cache miss on entries_.
      for (size_t i = 0; i < hits; ++i) {
        hit[i] = heads[hit[i]];
        if (hit[i] != 0) __builtin_prefetch(&entries_[hit[i] - 1]);
      }
      for (size_t i = 0; i < hits; ++i) {
        for (uint32_t e = hit[i]; e != 0; e = entries_[e - 1].next[b]) {
          const uint64_t h = entries_[e - 1].hash;
          const int d = std::popcount(h ^ q);
          if (d > radius) continue;
          // Report each hash from the first block through which it is reachable.
          bool earlier = false;
          for (int k = 0; k < b && !earlier; ++k) earlier = std::popcount(Block(h, k) ^ Block(q, k)) <= flips;
          if (!earlier) out->emplace_back(h, d);
        }
      }
    }
  }
}

void BruteForceQuery(const std::vector<uint64_t>& hashes, uint64_t q, int radius,
                     std::vector<std::pair<uint64_t, int>>* out) {
  for (uint64_t h : hashes) {
    const int d = std::popcount(h ^ q);
    if (d <= radius) out->emplace_back(h, d);
  }
}

}  // namespace admon::dedupe
