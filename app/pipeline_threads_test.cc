// Copyright 2026 The admon Authors.
//
// Pipeline::ProcessPending with worker threads must store exactly what one
// thread stores: the same stored crawl processed with threads = 1 and with
// threads = 2 (small batches, so several are in flight and pages of one batch
// depend on earlier ones) gives the same database, key for key, on the first
// processing of a crawl and again after a second day's crawl (changed,
// unchanged and removed adverts), OCR on.
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "app/pipeline.h"
#include "app/pipeline_test_util.h"
#include "common/clock.h"
#include "config/sites.h"
#include "crawler/crawler.h"
#include "gtest/gtest.h"
#include "spdlog/sinks/ostream_sink.h"
#include "spdlog/spdlog.h"
#include "store/db.h"
#include "testsite/server.h"
#include "tests/db_dump.h"

namespace admon::app {
namespace {

namespace fs = std::filesystem;

using testing::Source;

void Crawl(const config::SitesConfig& sites, const std::string& dir, int day) {
  auto db = store::Db::Open(dir);
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_NO_FATAL_FAILURE(testing::CrawlInto(sites, db->get(), day));
}

ProcessSummary Process(const config::SitesConfig& sites, const std::string& dir, int threads) {
  auto db = store::Db::Open(dir);
  EXPECT_TRUE(db.ok()) << db.status();
  if (!db.ok()) return {};
  auto pipeline = Pipeline::Create(db->get(), &sites, testing::TestPipelineOptions(threads, 8));
  EXPECT_TRUE(pipeline.ok()) << pipeline.status();
  if (!pipeline.ok()) return {};
  auto summary = (*pipeline)->ProcessPending();
  EXPECT_TRUE(summary.ok()) << summary.status();
  return summary.ok() ? *summary : ProcessSummary{};
}

void ExpectSameSummary(const ProcessSummary& a, const ProcessSummary& b) {
  EXPECT_EQ(a.pages_seen, b.pages_seen);
  EXPECT_EQ(a.adverts_parsed, b.adverts_parsed);
  EXPECT_EQ(a.adverts_changed, b.adverts_changed);
  EXPECT_EQ(a.adverts_unchanged, b.adverts_unchanged);
  EXPECT_EQ(a.adverts_removed, b.adverts_removed);
  EXPECT_EQ(a.images_decoded, b.images_decoded);
  EXPECT_EQ(a.images_cached, b.images_cached);
  EXPECT_EQ(a.images_missing, b.images_missing);
  EXPECT_EQ(a.images_ocr, b.images_ocr);
  EXPECT_EQ(a.clusters_scored, b.clusters_scored);
  EXPECT_EQ(a.flagged_adverts, b.flagged_adverts);
}

void ExpectSameDb(const std::string& want_dir, const std::string& got_dir) {
  absl::StatusOr<testing::DbDump> want = testing::DumpDb(want_dir);
  absl::StatusOr<testing::DbDump> got = testing::DumpDb(got_dir);
  ASSERT_TRUE(want.ok() && got.ok()) << want.status() << got.status();
  EXPECT_GT(testing::KeysOf(*want, store::Cf::kAdverts).size(), 50u);
  EXPECT_EQ(want->size(), got->size());
  EXPECT_TRUE(*want == *got) << testing::DiffDumps(*want, *got);
}

TEST(PipelineThreads, TwoThreadsStoreTheSameDatabaseAsOneOverTwoDays) {
  const std::string dir = ::testing::TempDir() + "/pipeline_threads";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto server = testsite::Server::Start({.world = {.seed = 31, .adverts = 90, .days = 2},
                                         .crawl_delay = absl::Milliseconds(1)});
  ASSERT_TRUE(server.ok()) << server.status();
  auto sites = config::ParseSitesConfig((*server)->SitesYaml(), "sites.yaml");
  ASSERT_TRUE(sites.ok()) << sites.status();

  // Day 0: a fresh crawl, processed once per thread count.
  ASSERT_NO_FATAL_FAILURE(Crawl(*sites, dir + "/one", 0));
  fs::copy(dir + "/one", dir + "/two", fs::copy_options::recursive);
  const ProcessSummary one = Process(*sites, dir + "/one", 1);
  const ProcessSummary two = Process(*sites, dir + "/two", 2);
  EXPECT_GT(one.adverts_parsed, 50);
  EXPECT_GT(one.images_decoded, 50);
  std::cout << "day 0: " << one << "\n";
  ExpectSameSummary(one, two);
  ASSERT_NO_FATAL_FAILURE(ExpectSameDb(dir + "/one", dir + "/two"));

  // Day 1 on top of day 0's processed database: new, changed, unchanged and
  // removed adverts, images already known.
  ASSERT_TRUE((*server)->Advance().ok());
  ASSERT_NO_FATAL_FAILURE(Crawl(*sites, dir + "/one", 1));
  fs::remove_all(dir + "/two");
  fs::copy(dir + "/one", dir + "/two", fs::copy_options::recursive);
  const ProcessSummary one1 = Process(*sites, dir + "/one", 1);
  const ProcessSummary two1 = Process(*sites, dir + "/two", 2);
  EXPECT_GT(one1.adverts_unchanged + one1.adverts_changed, 0) << one1;
  EXPECT_GT(one1.images_cached, 0) << one1;
  std::cout << "day 1: " << one1 << "\n";
  ExpectSameSummary(one1, two1);
  ASSERT_NO_FATAL_FAILURE(ExpectSameDb(dir + "/one", dir + "/two"));

  // Nothing left to do: a re-run changes nothing, with either count.
  const ProcessSummary again = Process(*sites, dir + "/two", 2);
  EXPECT_EQ(again.adverts_parsed, 0) << again;
  ASSERT_NO_FATAL_FAILURE(ExpectSameDb(dir + "/one", dir + "/two"));
  if (!HasFailure()) fs::remove_all(dir);
}

TEST(PipelineThreads, LongRunsLogProgressEveryNPages) {
  const std::string dir = ::testing::TempDir() + "/pipeline_progress";
  fs::remove_all(dir);
  auto server = testsite::Server::Start({.world = {.seed = 5, .adverts = 40, .days = 1},
                                         .crawl_delay = absl::Milliseconds(1)});
  ASSERT_TRUE(server.ok()) << server.status();
  auto sites = config::ParseSitesConfig((*server)->SitesYaml(), "sites.yaml");
  ASSERT_TRUE(sites.ok()) << sites.status();
  ASSERT_NO_FATAL_FAILURE(Crawl(*sites, dir, 0));

  std::ostringstream log;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(
      std::make_shared<spdlog::logger>("progress", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
  ProcessSummary summary;
  {
    auto db = store::Db::Open(dir);
    ASSERT_TRUE(db.ok()) << db.status();
    PipelineOptions options = testing::TestPipelineOptions(2, 4);
    options.progress_every_pages = 10;
    auto pipeline = Pipeline::Create(db->get(), &*sites, options);
    ASSERT_TRUE(pipeline.ok()) << pipeline.status();
    auto done = (*pipeline)->ProcessPending();
    ASSERT_TRUE(done.ok()) << done.status();
    summary = *done;
  }
  spdlog::set_default_logger(previous);
  ASSERT_GE(summary.pages_seen, 30) << summary;
  for (int64_t n = 10; n <= summary.pages_seen; n += 10) {
    EXPECT_NE(log.str().find("process: " + std::to_string(n) + " pages so far"), std::string::npos) << n;
  }
  EXPECT_EQ(log.str().find("process: " + std::to_string(summary.pages_seen / 10 * 10 + 10) + " pages so far"),
            std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace admon::app
