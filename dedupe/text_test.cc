// Copyright 2026 The admon Authors.
#include "dedupe/text.h"

#include <algorithm>
#include <functional>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace admon::dedupe {
namespace {

TEST(TextTest, SlotsAreRemovedFromTokens) {
  parsers::Advert a;
  a.name = "Bella";
  a.location.town = "Leeds";
  a.description = "Hi I am Bella, 23, new in Leeds. Call 07700 900123 now";
  parsers::Phone p;
  p.raw = "07700 900123";
  a.phones.push_back(p);
  auto tokens = SlotFreeTokens(a);
  EXPECT_EQ(tokens, (std::vector<std::string>{"hi", "i", "am", "new", "in", "call", "now"}));
}

TEST(TextTest, MinHashEstimatesJaccard) {
  std::vector<std::string> a, b;
  for (int i = 0; i < 200; ++i) {
    std::string w = "w";
    w.push_back(static_cast<char>('a' + i % 26));
    w.append(static_cast<size_t>(i / 26) + 1, 'y');  // distinct words without digits
    a.push_back(w);
  }
  b = a;
  for (int i = 0; i < 40; ++i) b[i * 5] = "changed";
  auto sa = Shingles(a, 1), sb = Shingles(b, 1);
  const double exact = ExactJaccard(sa, sb);
  const double est = EstimatedJaccard(MinHash(sa, 256), MinHash(sb, 256));
  EXPECT_NEAR(est, exact, 0.1);
  EXPECT_EQ(DecodeSignature(EncodeSignature(MinHash(sa, 128))), MinHash(sa, 128));
}

TEST(TextTest, BandKeysAgreeIffRowsAgree) {
  std::vector<uint32_t> s1(128), s2(128);
  for (int i = 0; i < 128; ++i) s1[i] = s2[i] = static_cast<uint32_t>(i * 7919);
  s2[5] = 1;  // band 1 with 4 rows
  EXPECT_EQ(BandKey(s1, 0, 4), BandKey(s2, 0, 4));
  EXPECT_NE(BandKey(s1, 1, 4), BandKey(s2, 1, 4));
  EXPECT_NE(BandKey(s1, 0, 4), BandKey(s1, 2, 4));  // band number is part of the key
}

// Signatures that agree with `base` in `equal` random positions.
std::vector<uint32_t> Perturbed(const std::vector<uint32_t>& base, int equal, std::mt19937* rng) {
  std::vector<uint32_t> out = base;
  std::vector<int> pos(base.size());
  for (size_t i = 0; i < pos.size(); ++i) pos[i] = static_cast<int>(i);
  std::shuffle(pos.begin(), pos.end(), *rng);
  for (size_t i = static_cast<size_t>(equal); i < pos.size(); ++i) out[pos[i]] = base[pos[i]] ^ 0x80000000u;
  return out;
}

std::vector<uint64_t> Bands(const std::vector<uint32_t>& sig, int bands, int rows) {
  std::vector<uint64_t> out;
  for (int b = 0; b < bands; ++b) out.push_back(BandKey(sig, b, rows));
  return out;
}

TEST(TextTest, PairsAtTheJaccardThresholdShareAtLeastMinSharedBands) {
  EXPECT_EQ(MinSharedBands(32, 4, 0.8), 7);   // 128 - 103 unequal positions spoil at most 25 bands
  EXPECT_EQ(MinSharedBands(32, 4, 0.5), 1);   // never below one
  EXPECT_EQ(MinSharedBands(16, 8, 0.95), 10);  // 128 - 122 = 6 unequal
  std::mt19937 rng(11);
  for (double t : {0.8, 0.9, 0.95}) {
    const int need = MinSharedBands(32, 4, t);
    std::vector<uint32_t> base(128);
    for (auto& v : base) v = static_cast<uint32_t>(rng());
    for (int trial = 0; trial < 300; ++trial) {
      // The least-agreeing signatures the threshold still accepts.
      int equal = 0;
      while (EstimatedJaccard(base, Perturbed(base, equal, &rng)) < t) ++equal;
      const auto other = Perturbed(base, equal, &rng);
      int shared = 0;
      for (int b = 0; b < 32; ++b) shared += BandKey(base, b, 4) == BandKey(other, b, 4);
      EXPECT_GE(shared, need) << "t=" << t << " trial " << trial;
    }
  }
}

TEST(TextTest, CandidatesAreTheDocsSharingEnoughBucketsEvenWhenLargeBucketsAreSkipped) {
  // Brute force: with min_shared = 7, every doc sharing 7+ of the query's
  // buckets is returned, whatever the bucket sizes; docs sharing fewer than
  // 7 - (skipped buckets) never are; the excluded doc never is.
  std::mt19937 rng(5);
  constexpr int kBands = 32, kRows = 4;
  std::vector<uint32_t> query(kBands * kRows);
  for (auto& v : query) v = static_cast<uint32_t>(rng());
  LshIndex lsh(kBands);
  std::vector<int> shared_of;
  for (int doc = 0; doc < 3000; ++doc) {
    std::vector<uint32_t> sig(query.size());
    for (auto& v : sig) v = static_cast<uint32_t>(rng());
    // A few popular bands (large buckets), and docs sharing 0..12 bands.
    const int shares = doc % 13;
    std::vector<int> bands(kBands);
    for (int b = 0; b < kBands; ++b) bands[b] = b;
    std::shuffle(bands.begin(), bands.end(), rng);
    for (int k = 0; k < shares; ++k) {
      for (int r = 0; r < kRows; ++r) sig[bands[k] * kRows + r] = query[bands[k] * kRows + r];
    }
    for (int b = 0; b < 3; ++b) {
      if (rng() % 2) {
        for (int r = 0; r < kRows; ++r) sig[b * kRows + r] = query[b * kRows + r];
      }
    }
    int shared = 0;
    for (int b = 0; b < kBands; ++b) shared += BandKey(sig, b, kRows) == BandKey(query, b, kRows);
    shared_of.push_back(shared);
    lsh.Insert(lsh.Intern(std::to_string(doc) + "d"), Bands(sig, kBands, kRows));
  }
  const uint32_t excluded = lsh.Find("12d");
  ASSERT_NE(excluded, kNoDoc);
  EXPECT_EQ(lsh.Find("no such advert"), kNoDoc);
  std::vector<uint32_t> got;
  lsh.Candidates(Bands(query, kBands, kRows), {.per_bucket = 100000, .min_shared = 7, .exclude = excluded}, &got);
  ASSERT_TRUE(std::is_sorted(got.begin(), got.end()));
  const int lowest = 7 - (7 - kMinSharedAfterSkip);
  for (int doc = 0; doc < 3000; ++doc) {
    const uint32_t id = lsh.Find(std::to_string(doc) + "d");
    const bool returned = std::binary_search(got.begin(), got.end(), id);
    if (id == excluded) {
      EXPECT_FALSE(returned);
    } else if (shared_of[doc] >= 7) {
      EXPECT_TRUE(returned) << "doc " << doc << " shares " << shared_of[doc];
    } else if (shared_of[doc] < lowest) {
      EXPECT_FALSE(returned) << "doc " << doc << " shares " << shared_of[doc];
    }
  }
  // min_shared 1 is the plain union of the buckets.
  lsh.Candidates(Bands(query, kBands, kRows), {.per_bucket = 100000}, &got);
  EXPECT_EQ(got.size(), static_cast<size_t>(std::count_if(shared_of.begin(), shared_of.end(),
                                                          [](int s) { return s > 0; })));
}

TEST(TextTest, OverfullBucketsAreReadNewestFirstWithoutLoweringTheRequirement) {
  // Seven of the query's buckets hold 300 docs that share only that one band
  // with it (stock phrases); 100 are read per bucket and the 4 largest are
  // skipped, so 3 are read in part. Those docs share 1 bucket, fewer than
  // the 3 still required: none is a candidate (when each partly read bucket
  // lowered the requirement, all 300 newest were). A template copy posted
  // before them (13 shared bands) is found through its 6 small buckets, one
  // posted after them (7 shared bands, all over-full) through their newest
  // entries.
  constexpr int kBands = 32, kRows = 4, kFull = 7, kPerFull = 300;
  std::mt19937 rng(11);
  auto random_sig = [&] {
    std::vector<uint32_t> sig(kBands * kRows);
    for (auto& v : sig) v = static_cast<uint32_t>(rng());
    return sig;
  };
  const std::vector<uint32_t> query = random_sig();
  auto sharing = [&](int first_band, int bands) {
    std::vector<uint32_t> sig = random_sig();
    for (int b = first_band; b < first_band + bands; ++b) {
      for (int r = 0; r < kRows; ++r) sig[b * kRows + r] = query[b * kRows + r];
    }
    return sig;
  };
  LshIndex lsh(kBands);
  lsh.Insert(lsh.Intern("old copy"), Bands(sharing(0, 13), kBands, kRows));
  for (int i = 0; i < kFull * kPerFull; ++i) {
    lsh.Insert(lsh.Intern(absl::StrCat("phrase ", i)), Bands(sharing(i % kFull, 1), kBands, kRows));
  }
  lsh.Insert(lsh.Intern("new copy"), Bands(sharing(0, kFull), kBands, kRows));
  std::vector<uint32_t> got;
  lsh.Candidates(Bands(query, kBands, kRows), {.per_bucket = 100, .min_shared = 7}, &got);
  std::vector<std::string> names;
  for (uint32_t doc : got) names.emplace_back(lsh.Name(doc));
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("old copy", "new copy"));
}

TEST(TextTest, CopiesOfOneTemplateAreEachACandidateOnceInAscendingOrder) {
  // Every doc is in all of the query's buckets: the gathered ids (28 buckets
  // read) are sorted with one radix pass for 200 docs, three for 70,000.
  constexpr int kBands = 32, kRows = 4;
  std::mt19937 rng(3);
  std::vector<uint32_t> sig(kBands * kRows);
  for (auto& v : sig) v = static_cast<uint32_t>(rng());
  const std::vector<uint64_t> bands = Bands(sig, kBands, kRows);
  for (uint32_t n : {200u, 70000u}) {
    LshIndex lsh(kBands);
    for (uint32_t i = 0; i < n; ++i) lsh.Insert(lsh.Intern(absl::StrCat("copy ", i)), bands);
    const uint32_t excluded = lsh.Find("copy 5");
    std::vector<uint32_t> got;
    lsh.Candidates(bands, {.per_bucket = 100000, .min_shared = 7, .exclude = excluded}, &got);
    ASSERT_EQ(got.size(), n - 1) << n;
    EXPECT_TRUE(std::adjacent_find(got.begin(), got.end(), std::greater_equal<>()) == got.end()) << n;
    EXPECT_FALSE(std::binary_search(got.begin(), got.end(), excluded)) << n;
  }
}

TEST(TextTest, LowByteFilterNeverRejectsAPairTheFullSignatureAccepts) {
  // Equal MinHashes have equal low bytes, so the in-memory count bounds the
  // full count from above: filtering on it cannot lose a text link.
  std::mt19937 rng(7);
  LshIndex lsh(32);
  std::vector<uint32_t> base(128);
  for (auto& v : base) v = static_cast<uint32_t>(rng());
  const int min_equal = MinEqualMinHashes(128, 0.8);
  EXPECT_EQ(min_equal, 103);
  std::vector<uint32_t> docs, accepted, expected;
  for (uint32_t doc = 0; doc < 200; ++doc) {
    std::vector<uint32_t> other = base;
    for (auto& v : other) {
      if (rng() % 100 < doc / 2) v = static_cast<uint32_t>(rng()) & (rng() % 2 ? 0xFFFFFF00u : 0xFFFFFFFFu);
    }
    const uint32_t id = lsh.Intern(std::to_string(doc) + "a");
    lsh.SetLowBytes(id, other);
    const int low = lsh.LowByteMatches(id, base);
    const int full = static_cast<int>(EstimatedJaccard(base, other) * 128 + 0.5);
    EXPECT_GE(low, full) << doc;
    docs.push_back(id);
    if (low >= min_equal) expected.push_back(id);
    if (EstimatedJaccard(base, other) >= 0.8) accepted.push_back(id);
  }
  const uint32_t unknown = lsh.Intern("never-set");
  EXPECT_EQ(lsh.LowByteMatches(unknown, base), -1);                // unknown: the caller reads the signature
  EXPECT_EQ(lsh.LowByteMatches(0, std::vector<uint32_t>(64)), -1);  // other length: read it too
  // The batch form keeps exactly the docs the one-at-a-time count keeps, in
  // order, every accepted pair among them, and docs it knows nothing about.
  std::reverse(docs.begin(), docs.end());
  docs.push_back(unknown);
  lsh.DropByLowBytes(base, min_equal, &docs);
  std::reverse(expected.begin(), expected.end());
  expected.push_back(unknown);
  EXPECT_EQ(docs, expected);
  ASSERT_FALSE(accepted.empty());
  ASSERT_LT(expected.size(), 150u);  // the filter removes something
  for (uint32_t id : accepted) EXPECT_NE(std::find(docs.begin(), docs.end(), id), docs.end()) << id;
}

}  // namespace
}  // namespace admon::dedupe
