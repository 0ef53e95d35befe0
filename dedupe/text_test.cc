// Copyright 2026 The admon Authors.
#include "dedupe/text.h"

#include <algorithm>
#include <random>
#include <string>

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

TEST(TextTest, LowByteFilterNeverRejectsAPairTheFullSignatureAccepts) {
  // Equal MinHashes have equal low bytes, so the in-memory count bounds the
  // full count from above: filtering on it cannot lose a text link.
  std::mt19937 rng(7);
  LshIndex lsh(32);
  std::vector<uint32_t> base(128);
  for (auto& v : base) v = static_cast<uint32_t>(rng());
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
  }
  EXPECT_EQ(lsh.LowByteMatches(lsh.Intern("never-set"), base), -1);  // unknown: the caller reads the signature
  EXPECT_EQ(lsh.LowByteMatches(0, std::vector<uint32_t>(64)), -1);    // other length: read it too
}

}  // namespace
}  // namespace admon::dedupe
