// Copyright 2026 The admon Authors.
#include "dedupe/codec.h"

#include <string>

#include "dedupe/dedupe.h"
#include "dedupe/keys.h"
#include "dedupe/linker_impl.h"
#include "dedupe/test_util.h"
#include "gtest/gtest.h"
#include "store/record.h"

namespace admon::dedupe {
namespace {

using testing::MakeAdvert;
using testing::OpenLinker;
using testing::TempDb;

std::string LinkKey(const Link& l) { return keys::Link(l.from, l.to, LinkTypeName(l.type), l.value); }

// Links compare by their JSON (every field).
void ExpectSameLink(const Link& a, const Link& b) { EXPECT_EQ(nlohmann::json(a).dump(), nlohmann::json(b).dump()); }

void ExpectRoundTrip(const Link& l) {
  auto back = DecodeLink(LinkKey(l), EncodeLinkValue(l));
  ASSERT_TRUE(back.ok()) << back.status();
  ExpectSameLink(*back, l);
  // The same value serves the other direction.
  Link rev = l;
  std::swap(rev.from, rev.to);
  auto back_rev = DecodeLink(LinkKey(rev), EncodeLinkValue(l));
  ASSERT_TRUE(back_rev.ok()) << back_rev.status();
  ExpectSameLink(*back_rev, rev);
}

TEST(CodecTest, LinkRoundTripsEveryShapeOfVia) {
  ExpectRoundTrip(Link{.from = "s:1", .to = "s:2", .type = LinkType::kPhone, .value = "+447700900001",
                       .created_unix = 1795000000, .via = {"phone:+447700900001"}});
  ExpectRoundTrip(Link{.from = "s:1", .to = "s:2", .type = LinkType::kImageExact, .value = "ab12",
                       .hub = true, .created_unix = 7, .via = {"image:ab12"}});
  ExpectRoundTrip(Link{.from = "s:1", .to = "s:2", .type = LinkType::kImageNear,
                       .value = "00000000000000ff~00000000000000fe", .distance = 1, .created_unix = -5,
                       .via = {"phash:00000000000000fe", "phash:00000000000000ff"}});
  ExpectRoundTrip(Link{.from = "s:1", .to = "s:2", .type = LinkType::kImageNear,
                       .value = "00000000000000fe~00000000000000ff", .distance = 1, .created_unix = 5,
                       .via = {"phash:00000000000000ff", "phash:00000000000000fe"}});
  ExpectRoundTrip(Link{.from = "s:1", .to = "s:2", .type = LinkType::kText, .jaccard = 0.8359375,
                       .created_unix = 9});
  // A via that no shorthand describes is stored as is.
  ExpectRoundTrip(Link{.from = "s:1", .to = "s:2", .type = LinkType::kEmail, .value = "a@b.c",
                       .created_unix = 1, .via = {"email:other@b.c", "x"}});
}

TEST(CodecTest, CorruptLinkIsDataLossNamingTheKey) {
  Link l{.from = "s:1", .to = "s:2", .type = LinkType::kPhone, .value = "+44", .via = {"phone:+44"}};
  std::string v = EncodeLinkValue(l);
  auto bad = DecodeLink(LinkKey(l), v + "x");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(bad.status().message().find("s:1"), absl::string_view::npos);
  EXPECT_EQ(DecodeLink("no separators", v).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeLink(LinkKey(l), "Z").status().code(), absl::StatusCode::kDataLoss);
}

// Databases written before the binary formats hold MessagePack JSON records:
// links, clusters and advert state written that way are still read.
TEST(CodecTest, ReadsJsonRecordsWrittenBeforeTheBinaryFormat) {
  TempDb tmp("codec_json");
  auto db = tmp.Open();
  {
    auto linker = OpenLinker(db.get());
    ASSERT_TRUE(linker->Add(MakeAdvert("s:1", "Anna", "+447700900001"), 1795000000).ok());
    ASSERT_TRUE(linker->Add(MakeAdvert("s:2", "Bea", "+447700900001"), 1795000100).ok());
  }
  // Rewrite every record of the two adverts in the old format.
  std::string cluster_id;
  {
    auto linker = OpenLinker(db.get());
    auto links = linker->LinksOf("s:2");
    ASSERT_TRUE(links.ok() && links->size() == 1);
    const Link l = (*links)[0];
    Link rev = l;
    std::swap(rev.from, rev.to);
    ASSERT_TRUE(db->Put(store::Cf::kLinks, LinkKey(l), store::EncodeRecord(LinkRecord(l))).ok());
    ASSERT_TRUE(db->Put(store::Cf::kLinks, LinkKey(rev), store::EncodeRecord(LinkRecord(rev))).ok());
    auto c = linker->ClusterOf("s:1");
    ASSERT_TRUE(c.ok());
    cluster_id = *c;
    auto rec = linker->GetCluster(cluster_id);
    ASSERT_TRUE(rec.ok());
    Cluster stored = *rec;
    stored.members.clear();
    nlohmann::json j = stored;
    j["v"] = kStateVersion;
    ASSERT_TRUE(db->Put(store::Cf::kClusters, keys::Cluster(cluster_id), store::EncodeRecord(j)).ok());
    for (const char* id : {"s:1", "s:2"}) {
      auto bytes = db->Get(store::Cf::kIndex, keys::Advert(id));
      ASSERT_TRUE(bytes.ok() && bytes->has_value());
      auto st = DecodeAdvert(keys::Advert(id), **bytes);
      ASSERT_TRUE(st.ok()) << st.status();
      nlohmann::json a = {{"v", kStateVersion}, {"id", st->id}, {"site", st->site}, {"url", st->url},
                          {"name", st->name}, {"fp", st->fp}, {"first_seen", st->first_seen},
                          {"last_seen", st->last_seen}, {"removed", st->removed},
                          {"removed_unix", st->removed_unix}, {"ids", st->ids}, {"phashes", st->phashes},
                          {"text_sig", st->text_sig}, {"sum", st->sum}};
      ASSERT_TRUE(db->Put(store::Cf::kIndex, keys::Advert(id), store::EncodeRecord(a)).ok());
    }
  }
  auto linker = OpenLinker(db.get());
  auto links = linker->LinksOf("s:1");
  ASSERT_TRUE(links.ok()) << links.status();
  ASSERT_EQ(links->size(), 1u);
  EXPECT_EQ((*links)[0].to, "s:2");
  EXPECT_EQ((*links)[0].type, LinkType::kPhone);
  EXPECT_EQ((*links)[0].via, std::vector<std::string>{"phone:+447700900001"});
  auto c = linker->GetCluster(cluster_id);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->stats.adverts, 2);
  EXPECT_EQ(c->stats.phones.counts.at("+447700900001"), 2);
  auto a = linker->GetAdvert("s:2");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->name, "Bea");
  EXPECT_EQ(a->first_seen, 1795000100);
  // Old records keep working when the linker updates them.
  auto r3 = linker->Add(MakeAdvert("s:3", "Cleo", "+447700900001"), 1795000200);
  ASSERT_TRUE(r3.ok()) << r3.status();
  EXPECT_EQ(r3->cluster_id, cluster_id);
  auto c3 = linker->GetCluster(cluster_id);
  ASSERT_TRUE(c3.ok());
  EXPECT_EQ(c3->stats.adverts, 3);
  EXPECT_TRUE(linker->MarkRemoved("s:1", 1795000300).ok());
  EXPECT_TRUE(linker->GetAdvert("s:1")->removed);
}

TEST(CodecTest, ClusterRoundTripsEveryField) {
  Cluster c{.id = "C00000007", .parent = "C00000001", .first_seen = 10, .last_seen = -3,
            .merged_from = {{"C00000002", 11}, {"C00000003", 12}}, .history = {"split 1 from C1 into 2"}};
  c.stats.adverts = 5;
  c.stats.live = 4;
  c.stats.removed = 1;
  c.stats.phones.counts = {{"+447700900001", 3}, {"+447700900002", 2}};
  c.stats.phones.overflow = 7;
  c.stats.phone_day.counts = {{"+447700900001|2026-11-19", 1}, {"+447700900001|2026-11-20", 2}};
  c.stats.towns_by_week["2026-W47"].counts = {{"leeds", 1}};
  c.stats.towns_by_week["2026-W48"].counts = {{"leeds", 2}, {"york", 1}};
  c.stats.image_owners["phash:00ff"].counts = {{"n:anna", 1}, {"p:+44", 2}};
  c.stats.adverts_per_day = {{"2026-11-19", 2}, {"2026-11-20", 3}};
  c.stats.links = {{"phone", 4}};
  c.stats.hub_links = {{"email", 1}};
  auto back = DecodeCluster("c\0C00000007", EncodeClusterValue(c));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(nlohmann::json(*back).dump(), nlohmann::json(c).dump());
  std::string v = EncodeClusterValue(c);
  EXPECT_EQ(DecodeCluster("k", v.substr(0, v.size() - 1)).status().code(), absl::StatusCode::kDataLoss);
}

TEST(CodecTest, AdvertStateRoundTripsEveryField) {
  AdvertState s{.id = "s:1", .site = "s", .url = "http://127.0.0.1/1", .name = "Anna", .fp = "ab",
                .first_seen = 1795000000, .last_seen = 1795000100, .removed_unix = 1795000200, .removed = true,
                .ids = {"email:a@b.c", "phone:+44"}, .phashes = {1, UINT64_MAX}, .text_sig = UINT64_MAX - 2,
                .sum = AdvertSummary{.phones = {"+44"}, .emails = {"a@b.c"}, .handles = {"x:y"},
                                     .nationalities = {"thai"}, .images = {"phash:00ff"}, .name = "anna",
                                     .age = "24", .town = "Leeds", .force = "West Yorkshire", .site = "s",
                                     .day = "2026-11-19", .week = "2026-W47", .removed = true}};
  const std::string v = EncodeAdvertValue(s);
  auto back = DecodeAdvert("a\0s:1", v);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(EncodeAdvertValue(*back), v);
  EXPECT_EQ(back->phashes, s.phashes);
  EXPECT_EQ(back->text_sig, s.text_sig);
  EXPECT_TRUE(back->removed && back->sum.removed);
  EXPECT_EQ(nlohmann::json(back->sum).dump(), nlohmann::json(s.sum).dump());
  EXPECT_EQ(DecodeAdvert("k", v.substr(0, v.size() - 1)).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace admon::dedupe
