// Copyright 2026 The admon Authors.
#include "dedupe/mih.h"

#include <algorithm>
#include <random>

#include "gtest/gtest.h"

namespace admon::dedupe {
namespace {

std::vector<std::pair<uint64_t, int>> Sorted(std::vector<std::pair<uint64_t, int>> v) {
  std::sort(v.begin(), v.end());
  return v;
}

uint64_t FlipBits(uint64_t h, int n, std::mt19937_64& rng) {
  std::vector<int> bits(64);
  for (int i = 0; i < 64; ++i) bits[i] = i;
  std::shuffle(bits.begin(), bits.end(), rng);
  for (int i = 0; i < n; ++i) h ^= uint64_t{1} << bits[i];
  return h;
}

TEST(MihIndexTest, EqualsBruteForceOnRandomAndClusteredHashesUpToRadius10) {
  std::mt19937_64 rng(42);
  std::vector<uint64_t> hashes;
  MihIndex mih;
  // Random hashes plus families of near variants (0..12 bits from a centre)
  // so every radius has true hits to find.
  for (int i = 0; i < 20000; ++i) hashes.push_back(rng());
  for (int c = 0; c < 200; ++c) {
    uint64_t centre = rng();
    for (int k = 0; k < 20; ++k) hashes.push_back(FlipBits(centre, static_cast<int>(rng() % 13), rng));
  }
  std::vector<uint64_t> distinct;
  for (uint64_t h : hashes) {
    if (mih.Insert(h)) distinct.push_back(h);
  }
  EXPECT_EQ(mih.size(), distinct.size());
  EXPECT_FALSE(mih.Insert(distinct[0]));
  size_t total_hits = 0;
  for (int radius = 0; radius <= 10; ++radius) {
    for (int q = 0; q < 300; ++q) {
      uint64_t query = q % 2 ? FlipBits(distinct[rng() % distinct.size()], static_cast<int>(rng() % 8), rng) : rng();
      std::vector<std::pair<uint64_t, int>> got, want;
      mih.Query(query, radius, &got);
      BruteForceQuery(distinct, query, radius, &want);
      ASSERT_EQ(Sorted(got), Sorted(want)) << "radius " << radius << " query " << query;
      total_hits += want.size();
    }
  }
  EXPECT_GT(total_hits, 1000u);  // the comparison exercised real matches
}

TEST(MihIndexTest, PackedAndRecentHashesTogetherEqualBruteForceAcrossRepacks) {
  std::mt19937_64 rng(11);
  MihIndex mih(/*min_recent=*/500);  // repacks every few hundred inserts
  std::vector<uint64_t> distinct;
  size_t packed_seen = 0, repacks = 0;
  for (int c = 0; c < 400; ++c) {
    const uint64_t centre = rng();
    for (int k = 0; k < 10; ++k) {
      const uint64_t h = FlipBits(centre, static_cast<int>(rng() % 10), rng);
      if (mih.Insert(h)) distinct.push_back(h);
      if (mih.packed_size() != packed_seen) ++repacks, packed_seen = mih.packed_size();
    }
  }
  ASSERT_GE(repacks, 3u);
  ASSERT_GT(mih.size(), mih.packed_size());  // some hashes are still recent
  EXPECT_EQ(mih.size(), distinct.size());
  for (uint64_t h : distinct) {
    ASSERT_TRUE(mih.Contains(h)) << h;
    ASSERT_FALSE(mih.Insert(h)) << h;  // a packed or recent duplicate
  }
  size_t total_hits = 0;
  for (int radius = 0; radius <= 12; ++radius) {
    for (int q = 0; q < 200; ++q) {
      const uint64_t query = FlipBits(distinct[rng() % distinct.size()], static_cast<int>(rng() % 6), rng);
      std::vector<std::pair<uint64_t, int>> got, want;
      mih.Query(query, radius, &got);
      BruteForceQuery(distinct, query, radius, &want);
      ASSERT_EQ(Sorted(got), Sorted(want)) << "radius " << radius << " query " << query;
      total_hits += want.size();
    }
  }
  EXPECT_GT(total_hits, 400u);
  mih.Repack();
  EXPECT_EQ(mih.packed_size(), distinct.size());
  std::vector<std::pair<uint64_t, int>> got, want;
  mih.Query(distinct[5], 8, &got);
  BruteForceQuery(distinct, distinct[5], 8, &want);
  EXPECT_EQ(Sorted(got), Sorted(want));
}

TEST(MihIndexTest, FindsHashesAtExactlyTheRadiusButNotBeyond) {
  std::mt19937_64 rng(7);
  MihIndex mih;
  const uint64_t base = rng();
  uint64_t at8 = FlipBits(base, 8, rng), at9 = FlipBits(base, 9, rng);
  mih.Insert(at8);
  mih.Insert(at9);
  std::vector<std::pair<uint64_t, int>> got;
  mih.Query(base, 8, &got);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].first, at8);
  EXPECT_EQ(got[0].second, 8);
}

}  // namespace
}  // namespace admon::dedupe
