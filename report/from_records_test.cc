// Copyright 2026 The admon Authors.
#include "report/from_records.h"

#include <map>

#include "gtest/gtest.h"

namespace admon::report {
namespace {

TEST(FromRecordsTest, AdvertViewMergesDuplicateIdentifiers) {
  parsers::Advert a;
  a.id = "siteA:1";
  a.title = "t";
  a.description = "d";
  a.age = 19;
  a.location.town = "Leeds";
  a.location.force = "West Yorkshire Police";
  parsers::Phone p1;
  p1.e164 = "+447700900123";
  p1.styles = {"spaced"};
  parsers::Phone p2 = p1;
  p2.styles = {"words"};
  a.phones = {p1, p2};
  parsers::Image im;
  im.sha256 = "ab";
  im.phash = 0x1f;
  im.hashed = true;
  a.images = {im, im};
  const AdvertView v = AdvertViewFrom(a, "2026-11-20T00:00:00Z", "2026-11-23T00:00:00Z", false);
  EXPECT_EQ(v.age, 19);
  EXPECT_EQ(v.force, "West Yorkshire Police");
  ASSERT_EQ(v.phones.size(), 1u);
  EXPECT_EQ(v.phones[0].styles, (std::vector<std::string>{"spaced", "words"}));
  ASSERT_EQ(v.images.size(), 1u);
  EXPECT_EQ(v.images[0].phash, "000000000000001f");
}

// Stand-ins with the field names of indicators::AdvertScore / dedupe::Cluster.
enum class FakeFlag { kNone, kReview, kUrgent };
struct FakeHit {
  std::string id = "youth", category = "youth";
  double weight = 2;
  std::string match = "young", field = "description";
  int begin = 3, end = 8;
};
struct FakeScore {
  double score = 0.9;
  FakeFlag flag = FakeFlag::kUrgent;
  std::string flag_reason = "youth forces urgent";
  std::vector<FakeHit> hits = {FakeHit{}};
};
struct FakeCounts {
  std::map<std::string, int64_t> counts;
};
struct FakeStats {
  int64_t adverts = 3, live = 2, removed = 1;
  FakeCounts phones{{{"+44", 2}}}, names, ages, nationalities, towns{{{"Leeds", 3}}}, forces, sites;
  std::map<std::string, int64_t> adverts_per_day{{"2026-11-23", 3}};
  std::map<std::string, FakeCounts> towns_by_week{{"2026-W48", FakeCounts{{{"Leeds", 3}}}}};
};
struct FakeMerge {
  std::string from;
  int64_t unix = 0;
};
struct FakeCluster {
  std::string id = "C1";
  int64_t first_seen = 10, last_seen = 20;
  std::vector<FakeMerge> merged_from = {{"C0", 5}};
  FakeStats stats;
};

TEST(FromRecordsTest, ScoreAndClusterTemplatesFillViews) {
  AdvertView a;
  ApplyScore(FakeScore{}, a);
  EXPECT_EQ(a.flag, Flag::kUrgent);
  ASSERT_EQ(a.hits.size(), 1u);
  EXPECT_EQ(a.hits[0].begin, 3);
  ClusterView c;
  FillClusterStats(FakeCluster{}, [](int64_t t) { return "t" + std::to_string(t); }, c);
  EXPECT_EQ(c.id, "C1");
  EXPECT_EQ(c.size, 3);
  EXPECT_EQ(c.phones, (std::vector<std::string>{"+44"}));
  EXPECT_EQ(c.first_seen, "t10");
  EXPECT_EQ(c.merged_from, (std::vector<std::string>{"C0"}));
  EXPECT_EQ(c.timeline.at("2026-11-23"), 3);
  EXPECT_EQ(c.movement.at("2026-W48"), (std::vector<std::string>{"Leeds"}));
}

}  // namespace
}  // namespace admon::report
