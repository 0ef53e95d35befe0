// Copyright 2026 The admon Authors.
#include "dedupe/mih.h"

#include <bit>

namespace admon::dedupe {
namespace {

inline uint32_t Block(uint64_t h, int b) { return static_cast<uint32_t>((h >> (16 * b)) & 0xFFFF); }

// Calls fn(v) for every 16-bit v within `flips` bits of `base` (each once).
template <typename Fn>
void Neighbours(uint32_t base, int flips, int start, Fn&& fn) {
  fn(base);
  if (flips == 0) return;
  for (int bit = start; bit < 16; ++bit) Neighbours(base ^ (1u << bit), flips - 1, bit + 1, fn);
}

}  // namespace

MihIndex::MihIndex() : tables_(kBlocks * kBlockValues) {}

void MihIndex::Reserve(size_t n) { present_.reserve(n); }

bool MihIndex::Insert(uint64_t h) {
  if (!present_.insert(h).second) return false;
  ++size_;
  for (int b = 0; b < kBlocks; ++b) tables_[b * kBlockValues + Block(h, b)].push_back(h);
  return true;
}

void MihIndex::Query(uint64_t q, int radius, std::vector<std::pair<uint64_t, int>>* out) const {
  const int flips = radius / 4;
  for (int b = 0; b < kBlocks; ++b) {
    const uint32_t qb = Block(q, b);
    Neighbours(qb, flips, 0, [&](uint32_t v) {
      for (uint64_t h : tables_[b * kBlockValues + v]) {
        const int d = std::popcount(h ^ q);
        if (d > radius) continue;
        // Report each hash from the first block through which it is reachable.
        bool earlier = false;
        for (int e = 0; e < b && !earlier; ++e) earlier = std::popcount(Block(h, e) ^ Block(q, e)) <= flips;
        if (!earlier) out->emplace_back(h, d);
      }
    });
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
