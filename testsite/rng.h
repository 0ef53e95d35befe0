// Copyright 2026 The admon Authors.
//
// Deterministic, platform-independent randomness for the test sites: every
// draw is a function of (seed, tag, keys). No std::*_distribution (their
// output differs between standard libraries).
//
// Thread safety: Rng is a value; use one per thread.
#ifndef ADMON_TESTSITE_RNG_H_
#define ADMON_TESTSITE_RNG_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace admon::testsite {

inline uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

inline uint64_t TagHash(std::string_view tag) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : tag) h = (h ^ c) * 1099511628211ULL;
  return h;
}

inline uint64_t Hash(uint64_t seed, std::string_view tag, uint64_t a = 0, uint64_t b = 0, uint64_t c = 0) {
  uint64_t h = Mix64(seed ^ TagHash(tag));
  h = Mix64(h ^ a);
  h = Mix64(h ^ (b * 0x9e3779b97f4a7c15ULL));
  return Mix64(h ^ (c * 0xc2b2ae3d27d4eb4fULL));
}

class Rng {
 public:
  explicit Rng(uint64_t state) : s_(state) {}
  Rng(uint64_t seed, std::string_view tag, uint64_t a = 0, uint64_t b = 0, uint64_t c = 0)
      : s_(Hash(seed, tag, a, b, c)) {}

  uint64_t Next() { return Mix64(s_++); }
  // Uniform in [0, n). REQUIRES: n > 0.
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64); }
  // Uniform in [lo, hi].
  int Range(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo + 1))); }
  double Unit() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  bool Chance(double p) { return Unit() < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(i)]);
  }

 private:
  uint64_t s_;
};

// A keyed Feistel permutation of [0, 2^bits), bits even, <= 64.
class Permutation {
 public:
  Permutation(uint64_t key, int bits) : key_(key), half_(bits / 2), mask_((uint64_t{1} << (bits / 2)) - 1) {}
  uint64_t Forward(uint64_t x) const {
    uint64_t l = x >> half_, r = x & mask_;
    for (int i = 0; i < 4; ++i) {
      uint64_t t = l ^ (Hash(key_, "feistel", static_cast<uint64_t>(i), r) & mask_);
      l = r;
      r = t;
    }
    return (l << half_) | r;
  }
  uint64_t Inverse(uint64_t y) const {
    uint64_t l = y >> half_, r = y & mask_;
    for (int i = 3; i >= 0; --i) {
      uint64_t t = r ^ (Hash(key_, "feistel", static_cast<uint64_t>(i), l) & mask_);
      r = l;
      l = t;
    }
    return (l << half_) | r;
  }

 private:
  uint64_t key_;
  int half_;
  uint64_t mask_;
};

}  // namespace admon::testsite

#endif  // ADMON_TESTSITE_RNG_H_
