// Copyright 2026 The admon Authors.
#include <sys/stat.h>

#include <cstdlib>
#include <string>

#include "common/clock.h"
#include "common/files.h"
#include "common/sha256.h"
#include "common/status.h"
#include "gtest/gtest.h"

namespace admon {
namespace {

TEST(Sha256, MatchesKnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, IncrementalEqualsOneShot) {
  Sha256Hasher h;
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(ToHex(h.Finish()), Sha256Hex("abc"));
}

TEST(Clock, LondonDateFollowsBritishSummerTime) {
  // 23:30 UTC on 1 July is 00:30 BST on 2 July.
  absl::Time t = absl::FromCivil(absl::CivilSecond(2026, 7, 1, 23, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(LondonDate(t), "2026-07-02");
  // In winter London is UTC.
  absl::Time w = absl::FromCivil(absl::CivilSecond(2026, 1, 1, 23, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(LondonDate(w), "2026-01-01");
}

TEST(Clock, ShiftToLondonDateLandsOnThatDayAtTheSameTimeOfDay) {
  const absl::Time now = *ParseUtc("2026-11-23T18:34:58Z");
  auto shift = ShiftToLondonDate("2026-03-02", now);
  ASSERT_TRUE(shift.ok()) << shift.status();
  EXPECT_EQ(LondonDate(now + *shift), "2026-03-02");
  EXPECT_EQ(*shift, absl::Hours(-266 * 24));
  EXPECT_FALSE(ShiftToLondonDate("2 March", now).ok());
}

TEST(Clock, ParseLondonDateRejectsGarbage) {
  EXPECT_TRUE(ParseLondonDate("2026-11-23").ok());
  auto bad = ParseLondonDate("23/11/2026");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("23/11/2026"), std::string::npos);
}

TEST(Clock, FakeClockOnlyMovesWhenTold) {
  FakeClock c(absl::FromUnixSeconds(1000));
  EXPECT_EQ(c.Now(), absl::FromUnixSeconds(1000));
  c.Advance(absl::Seconds(5));
  EXPECT_EQ(c.Now(), absl::FromUnixSeconds(1005));
}

TEST(Files, WriteIsOwnerOnlyAndReadBack) {
  std::string dir = ::testing::TempDir() + "/admon_files_test";
  ASSERT_TRUE(MakeDirsOwnerOnly(dir + "/a/b").ok());
  std::string path = dir + "/a/b/f.txt";
  ASSERT_TRUE(WriteFileOwnerOnly(path, "hello").ok());
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir + "/a").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  auto back = ReadFile(path);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "hello");
}

TEST(Files, ReadErrorsNameThePath) {
  auto r = ReadFile("/nonexistent/admon/x.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("/nonexistent/admon/x.yaml"), std::string::npos);
}

TEST(Files, ReadRefusesFilesOverTheLimit) {
  std::string path = ::testing::TempDir() + "/admon_big";
  ASSERT_TRUE(WriteFileOwnerOnly(path, std::string(100, 'x')).ok());
  EXPECT_EQ(ReadFile(path, 10).status().code(), absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace admon
