// Copyright 2026 The admon Authors.
//
// The crawler against the synthetic loopback sites of testsite/ (three hosts,
// server-side politeness accounting).
#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "config/sites.h"
#include "crawler/crawler.h"
#include "gtest/gtest.h"
#include "store/captures.h"
#include "testsite/server.h"

namespace admon::crawler {
namespace {

class CrawlerTestsiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testsite::ServerOptions so;
    so.world = {.seed = 7, .adverts = 30, .days = 2};
    so.crawl_delay = absl::Milliseconds(10);
    auto server = testsite::Server::Start(so);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto cfg = config::ParseSitesConfig(server_->SitesYaml(), "testsite-sites.yaml");
    ASSERT_TRUE(cfg.ok()) << cfg.status();
    cfg_ = *cfg;
    // Margin over the robots Crawl-delay so the check stays about the
    // crawler, not about scheduling noise on a loaded 2-core machine.
    for (auto& s : cfg_.sites) s.politeness.min_delay = std::max(s.politeness.min_delay, absl::Milliseconds(20));
    // One directory per test: ctest -j runs this suite's tests in parallel.
    std::string dir = ::testing::TempDir() + "/crawler_testsite_db_" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir);
    auto db = store::Db::Open(dir);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }
  std::vector<CrawlSummary> CrawlOnce() {
    CrawlOptions o;
    o.once = true;
    o.progress_interval = absl::ZeroDuration();
    auto c = Crawler::Create(cfg_, db_.get(), std::move(o));
    EXPECT_TRUE(c.ok()) << c.status();
    auto s = (*c)->Run();
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : std::vector<CrawlSummary>{};
  }
  int64_t LiveStoredAdverts() {
    int64_t n = 0;
    store::CaptureStore cs(db_.get());
    EXPECT_TRUE(cs.ScanAdvertPages("", [&](const store::PageState& p, const store::Capture&) {
      n += !p.removed_at.has_value();
      return true;
    }).ok());
    return n;
  }
  std::unique_ptr<testsite::Server> server_;
  config::SitesConfig cfg_;
  std::unique_ptr<store::Db> db_;
};

TEST_F(CrawlerTestsiteTest, OnceCrawlIsPoliteAndFindsEveryLiveAdvert) {
  auto sum = CrawlOnce();
  ASSERT_EQ(sum.size(), cfg_.sites.size());
  nlohmann::json stats = server_->Stats();
  EXPECT_EQ(stats["total"]["violations"].get<int64_t>(), 0) << stats["recent_violations"].dump();
  EXPECT_EQ(stats["total"]["disallowed_requests"].get<int64_t>(), 0);
  EXPECT_EQ(LiveStoredAdverts(), stats["total"]["adverts_live"].get<int64_t>()) << stats.dump();
}

TEST_F(CrawlerTestsiteTest, NextDayRecrawlStaysPoliteAndTracksRemovals) {
  for (auto& s : cfg_.sites) {
    s.recrawl.listing = absl::ZeroDuration();
    s.recrawl.advert = absl::ZeroDuration();
  }
  CrawlOnce();
  ASSERT_TRUE(server_->Advance().ok());
  auto sum = CrawlOnce();
  nlohmann::json stats = server_->Stats();
  EXPECT_EQ(stats["total"]["violations"].get<int64_t>(), 0) << stats["recent_violations"].dump();
  EXPECT_EQ(LiveStoredAdverts(), stats["total"]["adverts_live"].get<int64_t>()) << stats.dump();
}

}  // namespace
}  // namespace admon::crawler
