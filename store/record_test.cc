// Copyright 2026 The admon Authors.
#include "store/record.h"

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

}  // namespace
}  // namespace admon::store
