// Copyright 2026 The admon Authors.
#include "store/crawl_days.h"

#include <filesystem>

#include "gtest/gtest.h"

namespace admon::store {
namespace {

TEST(CrawlDaysTest, CyclesOfADayAddUpPerSiteAndDaysStaySeparate) {
  const std::string dir = ::testing::TempDir() + "/crawl_days_add";
  std::filesystem::remove_all(dir);
  auto db = Db::Open(dir);
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(AddCrawlDay(**db, {.site = "a", .date = "2026-03-02", .fetched = 10, .politeness_waits = 4,
                                 .cycles = 1}).ok());
  ASSERT_TRUE(AddCrawlDay(**db, {.site = "a", .date = "2026-03-02", .fetched = 5, .errors = 1,
                                 .politeness_violations = 1, .cycles = 1}).ok());
  ASSERT_TRUE(AddCrawlDay(**db, {.site = "b", .date = "2026-03-02", .fetched = 7, .cycles = 1}).ok());
  ASSERT_TRUE(AddCrawlDay(**db, {.site = "a", .date = "2026-03-03", .fetched = 99, .cycles = 1}).ok());
  auto day = LoadCrawlDays(**db, "2026-03-02");
  ASSERT_TRUE(day.ok()) << day.status();
  ASSERT_EQ(day->size(), 2u);
  const CrawlDay& a = (*day)[0];
  EXPECT_EQ(a.site, "a") << a;
  EXPECT_EQ(a.fetched, 15);
  EXPECT_EQ(a.errors, 1);
  EXPECT_EQ(a.politeness_waits, 4);
  EXPECT_EQ(a.politeness_violations, 1);
  EXPECT_EQ(a.cycles, 2);
  EXPECT_EQ((*day)[1].site, "b");
  EXPECT_EQ((*day)[1].fetched, 7);
  EXPECT_TRUE(LoadCrawlDays(**db, "2026-03-04")->empty());
}

TEST(CrawlDaysTest, EmptySiteIsRejectedWithTheDate) {
  const std::string dir = ::testing::TempDir() + "/crawl_days_empty";
  std::filesystem::remove_all(dir);
  auto db = Db::Open(dir);
  ASSERT_TRUE(db.ok()) << db.status();
  absl::Status s = AddCrawlDay(**db, {.date = "2026-03-02"});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(s.message()).find("2026-03-02"), std::string::npos) << s;
}

}  // namespace
}  // namespace admon::store
