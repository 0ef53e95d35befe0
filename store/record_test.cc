// Copyright 2026 The admon Authors.
#include "store/record.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace admon::store {
namespace {

TEST(Record, RoundTripsThroughMsgpack) {
  nlohmann::json rec = {{"v", 1}, {"id", "site:1"}, {"phones", {"+447700900123"}}};
  auto back = DecodeRecord(EncodeRecord(rec), "adverts/site:1");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, rec);
}

TEST(Record, GarbageIsDataLossNamingTheKey) {
  auto r = DecodeRecord("Mgarbage\xff", "adverts/x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("adverts/x"), std::string::npos);
  EXPECT_FALSE(DecodeRecord("", "k").ok());
  EXPECT_FALSE(DecodeRecord(EncodeRecord({{"no_version", 1}}), "k").ok());
}

TEST(Record, U64KeysSortNumerically) {
  EXPECT_LT(EncodeU64(2), EncodeU64(10));
  EXPECT_EQ(DecodeU64(EncodeU64(0x0102030405060708ull)), 0x0102030405060708ull);
}

// DecodeRecord's fast MessagePack reader must build exactly what nlohmann's
// strict reader builds, and fail exactly when it fails: random records of
// every type EncodeRecord writes (long strings and arrays, binary with and
// without subtype, extreme integers and floats, nesting), then truncated,
// mutated and extended copies of each.
nlohmann::json RandomValue(std::mt19937_64& rng, int depth) {
  using nlohmann::json;
  switch (rng() % (depth > 4 ? 8 : 11)) {
    case 0: return nullptr;
    case 1: return static_cast<bool>(rng() & 1);
    case 2: return static_cast<int64_t>(rng()) >> (rng() % 64);
    case 3: return rng() >> (rng() % 64);
    case 4: {
      static constexpr double kDoubles[] = {0.0, -0.0, 1.5, 3.14159, 1e300, -2.5e-10, 0.1f};
      return kDoubles[rng() % 7];
    }
    case 5:
    case 6: {
      std::string s(rng() % (rng() % 16 == 0 ? 70000 : 40), 'x');
      for (char& c : s) c = static_cast<char>(rng());
      return s;
    }
    case 7: {
      std::vector<uint8_t> b(rng() % 300);
      for (auto& c : b) c = static_cast<uint8_t>(rng());
      return rng() % 3 == 0 ? json::binary(b, static_cast<uint8_t>(rng() % 128)) : json::binary(b);
    }
    case 8: {
      json a = json::array();
      const int n = rng() % 8 == 0 ? static_cast<int>(rng() % 70000) : static_cast<int>(rng() % 6);
      for (int i = 0; i < n; ++i) a.push_back(n > 6 ? json(static_cast<int>(rng() % 300) - 150) : RandomValue(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      const int n = static_cast<int>(rng() % 20);
      for (int i = 0; i < n; ++i) o[absl::StrCat("k", rng() % 30)] = RandomValue(rng, depth + 1);
      return o;
    }
  }
}

TEST(Record, FastReaderAgreesWithNlohmannOnRandomAndDamagedRecords) {
  std::mt19937_64 rng(12345);
  int compared = 0, failed_alike = 0;
  for (int it = 0; it < 200; ++it) {
    nlohmann::json record = {{"v", 1}};
    const int fields = static_cast<int>(rng() % 8);
    for (int i = 0; i < fields; ++i) record[absl::StrCat("f", i)] = RandomValue(rng, 0);
    const std::string encoded = EncodeRecord(record);
    std::vector<std::string> inputs = {encoded};
    for (int m = 0; m < 6; ++m) {
      std::string e = encoded;
      if (m < 2 && e.size() > 2) {
        e.resize(1 + rng() % (e.size() - 1));  // truncated
      } else if (m < 5) {
        for (int k = 0; k < 3; ++k) e[1 + rng() % (e.size() - 1)] = static_cast<char>(rng());  // mutated
      } else {
        e += static_cast<char>(rng());  // trailing byte
      }
      inputs.push_back(e);
    }
    for (const std::string& in : inputs) {
      // EncodeRecord writes one format byte, then MessagePack.
      nlohmann::json want = nlohmann::json::from_msgpack(std::string_view(in).substr(1), true, false);
      const bool want_ok = !want.is_discarded() && want.is_object() && want.contains("v");
      absl::StatusOr<nlohmann::json> got = DecodeRecord(in, "adverts/fuzz");
      ASSERT_EQ(got.ok(), want_ok) << "iteration " << it << ": " << got.status();
      if (want_ok) {
        ASSERT_EQ(*got, want) << "iteration " << it;
        ++compared;
      } else {
        ++failed_alike;
      }
    }
  }
  EXPECT_GT(compared, 200);      // every intact record and some harmless mutations
  EXPECT_GT(failed_alike, 200);  // and plenty of damage both readers refuse
}

}  // namespace
}  // namespace admon::store
