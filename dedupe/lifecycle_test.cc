// Copyright 2026 The admon Authors.
#include <string>
#include <vector>

#include "dedupe/dedupe.h"
#include "dedupe/test_util.h"
#include "gtest/gtest.h"

namespace admon::dedupe {
namespace {

using testing::MakeAdvert;
using testing::OpenLinker;
using testing::Partition;
using testing::TempDb;

constexpr int64_t kT0 = 1795000000;

TEST(TouchTest, SeenAgainMovesAdvertAndClusterLastSeenForwardOnly) {
  TempDb tmp("touch");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  auto r = linker->Add(MakeAdvert("s:1", "Anna", "+447700900001"), kT0);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(linker->Touch("s:1", kT0 + 86400).ok());
  ASSERT_TRUE(linker->Touch("s:1", kT0 + 10).ok());  // older sighting: ignored
  EXPECT_EQ(linker->GetAdvert("s:1")->last_seen, kT0 + 86400);
  EXPECT_EQ(linker->GetAdvert("s:1")->first_seen, kT0);
  EXPECT_EQ(linker->GetCluster(r->cluster_id)->last_seen, kT0 + 86400);
  EXPECT_EQ(linker->Touch("s:404", kT0).code(), absl::StatusCode::kNotFound);
}

// a1 -(phone P)- a2 -(phone Q)- a3: forgetting the bridge a2 splits the
// cluster; the older part keeps the id.
TEST(ForgetTest, ForgettingABridgeAdvertSplitsItsCluster) {
  TempDb tmp("forget_bridge");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  auto bridge = MakeAdvert("s:2", "Bea", "+447700900001");
  bridge.phones.push_back(bridge.phones[0]);
  bridge.phones[1].e164 = "+447700900002";
  auto r1 = linker->Add(MakeAdvert("s:1", "Anna", "+447700900001"), kT0);
  ASSERT_TRUE(r1.ok());
  ASSERT_TRUE(linker->Add(bridge, kT0 + 10).ok());
  ASSERT_TRUE(linker->Add(MakeAdvert("s:3", "Cleo", "+447700900002"), kT0 + 20).ok());
  ASSERT_EQ(Partition(*linker), (std::set<std::set<std::string>>{{"s:1", "s:2", "s:3"}}));

  auto f = linker->Forget({"s:2", "unknown:9"}, kT0 + 100);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->forgotten, 1);
  EXPECT_TRUE(f->deleted.empty());
  EXPECT_EQ(f->rebuilt.size(), 2u);
  EXPECT_EQ(Partition(*linker), (std::set<std::set<std::string>>{{"s:1"}, {"s:3"}}));
  EXPECT_EQ(*linker->ClusterOf("s:1"), r1->cluster_id);
  EXPECT_EQ(linker->GetAdvert("s:2").status().code(), absl::StatusCode::kNotFound);
  auto links = linker->LinksOf("s:1");
  ASSERT_TRUE(links.ok());
  EXPECT_TRUE(links->empty()) << "links to the forgotten advert must go both ways";
  auto c = linker->GetCluster(r1->cluster_id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->stats.adverts, 1);
  EXPECT_EQ(c->stats.phones.distinct(), 1);
}

TEST(ForgetTest, ForgettingEveryMemberDeletesTheClusterAndNewAdvertsStartAfresh) {
  TempDb tmp("forget_all");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  auto r1 = linker->Add(MakeAdvert("s:1", "Anna", "+447700900001"), kT0);
  auto r2 = linker->Add(MakeAdvert("s:2", "Bea", "+447700900001"), kT0 + 10);
  ASSERT_TRUE(r1.ok() && r2.ok());
  auto f = linker->Forget({"s:1", "s:2"}, kT0 + 100);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->forgotten, 2);
  EXPECT_EQ(f->deleted, std::vector<std::string>{r1->cluster_id});
  EXPECT_EQ(linker->GetCluster(r1->cluster_id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(Partition(*linker).empty());
  // The phone's postings are gone: a new advert with it founds a new cluster.
  auto r3 = linker->Add(MakeAdvert("s:3", "Cleo", "+447700900001"), kT0 + 200);
  ASSERT_TRUE(r3.ok());
  EXPECT_TRUE(r3->new_cluster);
  EXPECT_EQ(r3->links_added, 0);
}

TEST(ForgetTest, ForgetSurvivesReopenAndMatchesNeverHavingAdded) {
  TempDb tmp("forget_reopen");
  std::set<std::set<std::string>> after;
  {
    auto db = tmp.Open();
    auto linker = OpenLinker(db.get());
    for (int i = 0; i < 6; ++i) {
      ASSERT_TRUE(linker->Add(MakeAdvert("s:" + std::to_string(i), "N" + std::to_string(i),
                                         "+44770090000" + std::to_string(i % 2)), kT0 + i).ok());
    }
    ASSERT_TRUE(linker->Forget({"s:0", "s:3"}, kT0 + 100).ok());
    after = Partition(*linker);
  }
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  EXPECT_EQ(Partition(*linker), after);
  EXPECT_EQ(after, (std::set<std::set<std::string>>{{"s:2", "s:4"}, {"s:1", "s:5"}}));
}

}  // namespace
}  // namespace admon::dedupe
