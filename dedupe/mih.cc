// Copyright 2026 The admon Authors.
#include "dedupe/mih.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <new>

namespace admon::dedupe {
namespace {

// Block b covers bits [kShift[b], kShift[b] + kWidth[b]).
constexpr int kWidth[MihIndex::kBlocks] = {22, 21, 21};
constexpr int kShift[MihIndex::kBlocks] = {0, 22, 43};
constexpr size_t kOffset[MihIndex::kBlocks] = {0, size_t{1} << 22, (size_t{1} << 22) + (size_t{1} << 21)};
constexpr size_t kHeads = (size_t{1} << 22) + 2 * (size_t{1} << 21);
constexpr int kMaxFlips = 15 / MihIndex::kBlocks;  // radius < 16
constexpr size_t kProbeChunk = 64;  // buckets probed per prefetch round (stack arrays)
constexpr size_t kRecentDivisor = 8;  // repack when recent reaches packed / 8

inline uint32_t Block(uint64_t h, int b) {
  return static_cast<uint32_t>((h >> kShift[b]) & ((uint64_t{1} << kWidth[b]) - 1));
}

inline bool Bit(const uint64_t* bits, size_t i) { return (bits[i / 64] >> (i % 64) & 1) != 0; }
inline void SetBit(uint64_t* bits, size_t i) { bits[i / 64] |= uint64_t{1} << (i % 64); }

template <typename T>
T* Allocate(size_t n, bool zero) {
  void* p = zero ? std::calloc(n, sizeof(T)) : std::malloc(n * sizeof(T));
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<T*>(p);
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

MihIndex::MihIndex(size_t min_recent)
    : min_recent_(min_recent),
      heads_(Allocate<uint32_t>(kHeads, true)),
      occupied_(Allocate<uint64_t>(kHeads / 64, true)) {}

MihIndex::~MihIndex() = default;

bool MihIndex::RecentContains(uint64_t h) const {
  const size_t bucket = kOffset[0] + Block(h, 0);
  if (!Bit(occupied_.get(), bucket)) return false;
  for (uint32_t e = heads_.get()[bucket]; e != 0; e = recent_[e - 1].next[0]) {
    if (recent_[e - 1].hash == h) return true;
  }
  return false;
}

bool MihIndex::PackedContains(uint64_t h) const {
  const size_t bucket = kOffset[0] + Block(h, 0);
  if (packed_size_ == 0 || !Bit(packed_occupied_.get(), bucket)) return false;
  const uint64_t* begin = packed_[0].get() + starts_.get()[bucket];
  const uint64_t* end = packed_[0].get() + starts_.get()[bucket + 1];
  return std::find(begin, end, h) != end;
}

bool MihIndex::Contains(uint64_t h) const { return RecentContains(h) || PackedContains(h); }

bool MihIndex::Insert(uint64_t h) {
  if (Contains(h)) return false;
  Entry entry{.hash = h, .next = {}};
  const auto index = static_cast<uint32_t>(recent_.size() + 1);
  for (int b = 0; b < kBlocks; ++b) {
    const size_t bucket = kOffset[b] + Block(h, b);
    uint32_t& head = heads_.get()[bucket];
    SetBit(occupied_.get(), bucket);
    entry.next[b] = head;
    head = index;
  }
  recent_.push_back(entry);
  if (recent_.size() >= std::max(min_recent_, packed_size_ / kRecentDivisor)) Repack();
  return true;
}

void MihIndex::ClearRecent() {
  // Zero only the heads in use, so untouched pages of heads_ stay unmapped.
  uint64_t* occupied = occupied_.get();
  for (size_t w = 0; w < kHeads / 64; ++w) {
    for (uint64_t bits = occupied[w]; bits != 0; bits &= bits - 1) heads_.get()[w * 64 + std::countr_zero(bits)] = 0;
    occupied[w] = 0;
  }
  recent_.clear();
}

void MihIndex::Repack() {
  const size_t total = packed_size_ + recent_.size();
  if (recent_.empty() || total > std::numeric_limits<uint32_t>::max()) return;
  if (!starts_) {
    starts_.reset(Allocate<uint32_t>(kHeads + kBlocks, true));
    packed_occupied_.reset(Allocate<uint64_t>(kHeads / 64, true));
  }
  // Per block: sort the recent hashes by bucket, grow the block's array
  // (realloc: large blocks are remapped, not copied) and merge from the back,
  // bucket by bucket, so each old bucket moves up once and needs no copy.
  std::vector<std::pair<uint32_t, uint64_t>> fresh(recent_.size());
  for (int b = 0; b < kBlocks; ++b) {
    for (size_t i = 0; i < recent_.size(); ++i) fresh[i] = {Block(recent_[i].hash, b), recent_[i].hash};
    std::sort(fresh.begin(), fresh.end());
    void* grown = std::realloc(packed_[b].get(), total * sizeof(uint64_t));
    if (grown == nullptr) throw std::bad_alloc();
    (void)packed_[b].release();
    packed_[b].reset(static_cast<uint64_t*>(grown));
    uint64_t* hashes = packed_[b].get();
    uint32_t* starts = starts_.get() + kOffset[b] + b;
    auto next = fresh.rbegin();
    auto out = static_cast<uint32_t>(total);
    uint32_t old_end = starts[uint32_t{1} << kWidth[b]];
    starts[uint32_t{1} << kWidth[b]] = out;
    for (uint32_t v = (uint32_t{1} << kWidth[b]); v-- > 0;) {
      if (next != fresh.rend() && next->first == v) SetBit(packed_occupied_.get(), kOffset[b] + v);
      for (; next != fresh.rend() && next->first == v; ++next) hashes[--out] = next->second;
      const uint32_t old_begin = starts[v];
      std::copy_backward(hashes + old_begin, hashes + old_end, hashes + out);
      out -= old_end - old_begin;
      old_end = old_begin;
      starts[v] = out;
    }
  }
  packed_size_ = total;
  ClearRecent();
}

// Debian builds for baseline x86-64, where std::popcount is a libgcc call
// (__popcountdi2, 2.7 us per advert at 1 M adverts); a clone for CPUs with
// the POPCNT instruction is chosen when the program loads.
// GCC only: clang 14 (the sanitizer build) emits no definition for a
// member function with target_clones, so its callers do not link.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define ADMON_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#endif
#ifndef ADMON_POPCNT_CLONES
#define ADMON_POPCNT_CLONES
#endif

ADMON_POPCNT_CLONES
void MihIndex::Query(uint64_t q, int radius, std::vector<std::pair<uint64_t, int>>* out) const {
  const int flips = radius / kBlocks;
  const bool packed = packed_size_ > 0;
  // Report each hash from the first block through which it is reachable.
  auto consider = [&](uint64_t h, int b) {
    const int d = std::popcount(h ^ q);
    if (d > radius) return;
    for (int k = 0; k < b; ++k) {
      if (std::popcount(Block(h, k) ^ Block(q, k)) <= flips) return;
    }
    out->emplace_back(h, d);
  };
  for (int b = 0; b < kBlocks; ++b) {
    const uint32_t qb = Block(q, b);
    const Masks& m = MasksFor(kWidth[b]);
    // Probed buckets are scattered over megabytes: in chunks, prefetch the
    // occupancy words, then the heads (offsets) of occupied buckets, then
    // their first entries, then scan (the loads overlap instead of missing
    // the cache one by one).
    const size_t probes = m.count[flips];
    for (size_t first = 0; first < probes; first += kProbeChunk) {
      const size_t end = std::min(probes, first + kProbeChunk);
      for (size_t i = first; i < end; ++i) {
        const size_t bucket = kOffset[b] + (qb ^ m.masks[i]);
        __builtin_prefetch(&occupied_.get()[bucket / 64]);
        if (packed) __builtin_prefetch(&packed_occupied_.get()[bucket / 64]);
      }
      uint32_t recent_hit[kProbeChunk], packed_hit[kProbeChunk], packed_end[kProbeChunk];
      size_t recent_hits = 0, packed_hits = 0;
      for (size_t i = first; i < end; ++i) {
        const size_t bucket = kOffset[b] + (qb ^ m.masks[i]);
        if (Bit(occupied_.get(), bucket)) {
          __builtin_prefetch(&heads_.get()[bucket]);
          recent_hit[recent_hits++] = static_cast<uint32_t>(bucket);
        }
        if (packed && Bit(packed_occupied_.get(), bucket)) {
          __builtin_prefetch(&starts_.get()[bucket + b]);
          packed_hit[packed_hits++] = static_cast<uint32_t>(bucket);
        }
      }
      for (size_t i = 0; i < recent_hits; ++i) {
        recent_hit[i] = heads_.get()[recent_hit[i]];
        __builtin_prefetch(&recent_[recent_hit[i] - 1]);
      }
      for (size_t i = 0; i < packed_hits; ++i) {
        const uint32_t start = packed_hit[i] + b;
        packed_hit[i] = starts_.get()[start];
        packed_end[i] = starts_.get()[start + 1];
        __builtin_prefetch(&packed_[b].get()[packed_hit[i]]);
      }
      for (size_t i = 0; i < recent_hits; ++i) {
        for (uint32_t e = recent_hit[i]; e != 0; e = recent_[e - 1].next[b]) consider(recent_[e - 1].hash, b);
      }
      for (size_t i = 0; i < packed_hits; ++i) {
        for (uint32_t j = packed_hit[i]; j < packed_end[i]; ++j) consider(packed_[b].get()[j], b);
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
