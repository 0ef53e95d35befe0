// Copyright 2026 The admon Authors.
#include "app/pipeline.h"
#include "gtest/gtest.h"

namespace admon::app {
namespace {

TEST(StoredScoreTest, ReadsScoreAndFlagWithDefaultsForAbsentFields) {
  auto s = StoredScoreFromRecord({{"v", 1}, {"score", 0.75}, {"flag", "urgent"}}, "cluster C1");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_DOUBLE_EQ(s->score, 0.75);
  EXPECT_EQ(s->flag, "urgent");
  auto empty = StoredScoreFromRecord(nlohmann::json::object(), "advert a:1");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->flag, "none");
}

// Retention decides on the flag: a malformed record must stop it, named,
// rather than read as "none" (which would purge protected evidence).
TEST(StoredScoreTest, WronglyTypedFieldsAreDataLossNamingTheKey) {
  auto s = StoredScoreFromRecord({{"score", 0.5}, {"flag", 2}}, "cluster C7");
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(s.status().message()).find("cluster C7"), std::string::npos) << s.status();
  EXPECT_FALSE(StoredScoreFromRecord(nlohmann::json::array(), "k").ok());
}

}  // namespace
}  // namespace admon::app
