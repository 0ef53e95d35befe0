// Copyright 2026 The admon Authors.
#include "report/build_model.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/clock.h"
#include "gtest/gtest.h"
#include "parsers/advert.h"
#include "report/html.h"
#include "store/captures.h"
#include "store/record.h"

namespace admon::report {
namespace {

class BuildModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One directory per test: ctest -j runs this suite's tests in parallel.
    dir_ = ::testing::TempDir() + "/report_build_model_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    auto db = store::Db::Open(dir_ + "/db");
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    auto linker = dedupe::Linker::Open(db_.get(), dedupe::DedupeOptions{});
    ASSERT_TRUE(linker.ok()) << linker.status();
    linker_ = std::move(*linker);
  }

  // Stores the advert record, its score and a capture, and links it.
  void Add(const std::string& id, const std::string& phone, const std::string& town, const std::string& flag,
           absl::Time seen, const std::string& email = "") {
    parsers::Advert a;
    a.id = id;
    a.site = "siteA";
    a.url = "http://127.0.0.1/ad/" + id;
    a.name = "Anna";
    a.title = "<script>alert(1)</script>";
    a.description = "young and new in town";
    a.location.town = town;
    a.location.force = town == "Leeds" ? "West Yorkshire Police" : "Greater Manchester Police";
    parsers::Phone p;
    p.e164 = phone;
    a.phones = {p};
    if (!email.empty()) {
      parsers::Email e;
      e.address = email;
      a.emails = {e};
    }
    ASSERT_TRUE(db_->Put(store::Cf::kAdverts, id, store::EncodeRecord(nlohmann::json(a))).ok());
    std::string key = "advert";
    key.push_back('\0');
    key += id;
    nlohmann::json score = {{"v", 1}, {"catalogue_version", "cat-test"}, {"score", flag == "urgent" ? 0.95 : 0.1},
                            {"flag", flag}, {"flag_reason", "test"},
                            {"hits", {{{"id", "youth_language"}, {"category", "youth"}, {"weight", 3.0},
                                       {"match", "young"}, {"field", "description"}, {"begin", 0}, {"end", 5}}}}};
    ASSERT_TRUE(db_->Put(store::Cf::kScores, key, store::EncodeRecord(score)).ok());
    store::Capture c;
    c.url = a.url;
    c.site = "siteA";
    c.kind = store::CaptureKind::kAdvert;
    c.status = 200;
    c.content_type = "text/html";
    c.body = "<html>" + id + "</html>";
    c.fetched = seen;
    ASSERT_TRUE(store::CaptureStore(db_.get()).Put(c).ok());
    ASSERT_TRUE(linker_->Add(a, absl::ToUnixSeconds(seen)).ok());
  }

  std::string dir_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<dedupe::Linker> linker_;
};

TEST_F(BuildModelTest, ReportModelFromDatabaseRendersWithClustersAndSummary) {
  const absl::Time t = *ParseUtc("2026-11-23T12:00:00Z");
  Add("siteA:1", "+447700900123", "Leeds", "urgent", t);
  Add("siteA:2", "+447700900123", "Manchester", "none", t);
  Add("siteA:3", "+447700900999", "Leeds", "none", t - absl::Hours(72));
  auto m = BuildReportModel(*db_, *linker_, BuildOptions{.date = "2026-11-23", .now = t});
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->summary.adverts_seen, 2);  // siteA:3 was last seen three days earlier
  EXPECT_EQ(m->summary.adverts_new, 2);
  EXPECT_EQ(m->summary.flags.urgent, 1);
  EXPECT_EQ(m->catalogue_version, "cat-test");
  ASSERT_EQ(m->crawl.size(), 1u);
  EXPECT_EQ(m->crawl[0].pages, 2);
  EXPECT_DOUBLE_EQ(m->crawl[0].parser_coverage, 1.0);
  ASSERT_EQ(m->clusters.size(), 1u);  // the two adverts sharing a phone; singleton unflagged is left out
  const ClusterView& c = m->clusters[0];
  EXPECT_EQ(c.size, 2);
  ASSERT_EQ(c.adverts.size(), 2u);
  ASSERT_EQ(c.links.size(), 1u);
  EXPECT_EQ(c.links[0].type, "phone");
  EXPECT_EQ(c.phones, (std::vector<std::string>{"+447700900123"}));
  ASSERT_TRUE(RenderReport(*m, ReportOptions{}, dir_ + "/out").ok());
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/out/report-2026-11-23.html"));
}

TEST_F(BuildModelTest, ClustersNameTheClustersTheirNonMergingAccountLinksReach) {
  // siteA:1 shares an e-mail with siteA:4 and siteA:5 but lists another
  // phone: the e-mail alone does not merge the clusters, and the two links
  // tie them, so each names the other.
  const absl::Time t = *ParseUtc("2026-11-23T12:00:00Z");
  Add("siteA:1", "+447700900123", "Leeds", "urgent", t, "net@example.com");
  Add("siteA:2", "+447700900123", "Leeds", "none", t);
  Add("siteA:4", "+447700900555", "Leeds", "urgent", t, "net@example.com");
  Add("siteA:5", "+447700900555", "Leeds", "none", t, "net@example.com");
  const std::string c1 = *linker_->ClusterOf("siteA:1"), c4 = *linker_->ClusterOf("siteA:4");
  ASSERT_NE(c1, c4);
  auto m = BuildReportModel(*db_, *linker_, BuildOptions{.date = "2026-11-23", .now = t});
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->clusters.size(), 2u);
  for (const ClusterView& c : m->clusters) {
    const std::string other = c.id == c1 ? c4 : c1;
    EXPECT_EQ(c.related, (std::vector<std::string>{other + " (email 2)"})) << c.id;
  }
  // One more advert tied to siteA:1's cluster by a single e-mail link only:
  // one link is no tie.
  Add("siteA:6", "+447700900777", "Leeds", "urgent", t, "solo@example.com");
  Add("siteA:7", "+447700900777", "Leeds", "none", t);
  Add("siteA:2", "+447700900123", "Leeds", "none", t, "solo@example.com");
  auto m2 = BuildReportModel(*db_, *linker_, BuildOptions{.date = "2026-11-23", .now = t});
  ASSERT_TRUE(m2.ok()) << m2.status();
  for (const ClusterView& c : m2->clusters) {
    for (const auto& r : c.related) EXPECT_EQ(r.find(*linker_->ClusterOf("siteA:6")), std::string::npos) << c.id;
  }
  ASSERT_TRUE(RenderReport(*m, ReportOptions{}, dir_ + "/out").ok());
  std::ifstream html(dir_ + "/out/report-2026-11-23.html");
  std::stringstream body;
  body << html.rdbuf();
  EXPECT_NE(body.str().find("related clusters (not merged)"), std::string::npos);
}

TEST_F(BuildModelTest, ReferralForClusterRoutesToLatestTownAndCarriesCaptures) {
  const absl::Time t = *ParseUtc("2026-11-23T12:00:00Z");
  Add("siteA:1", "+447700900123", "Leeds", "urgent", t - absl::Hours(24));
  Add("siteA:2", "+447700900123", "Manchester", "none", t);
  auto cluster = linker_->ClusterOf("siteA:1");
  ASSERT_TRUE(cluster.ok());
  auto r = BuildReferral(*db_, *linker_, "cluster", *cluster, t);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->force, "Greater Manchester Police");
  EXPECT_EQ(r->other_forces, (std::vector<std::string>{"West Yorkshire Police"}));
  EXPECT_EQ(r->captures.size(), 2u);
  EXPECT_EQ(r->locations.size(), 2u);
  ASSERT_TRUE(WriteReferral(*r, dir_ + "/referral").ok());
  EXPECT_EQ(BuildReferral(*db_, *linker_, "advert", "siteA:404", t).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace admon::report
