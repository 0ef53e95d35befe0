// Copyright 2026 The admon Authors.
//
// StreamProcessor: adverts processed while the crawl runs must end up as a
// crawl-then-process run stores them (same identifiers, same networks), with
// their photos; pages whose images never come are left to the cycle's
// ProcessPending; a processing error stops the crawl and names the key.
#include "app/stream.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "app/pipeline.h"
#include "app/pipeline_test_util.h"
#include "gtest/gtest.h"
#include "parsers/advert.h"
#include "store/captures.h"
#include "store/db.h"
#include "store/record.h"
#include "testsite/server.h"

namespace admon::app {
namespace {

namespace fs = std::filesystem;

constexpr int kFurnitureSample = 20;  // small, so the test's sites stream after 20 pages

PipelineOptions Options(int threads, int furniture_sample) {
  PipelineOptions o = testing::TestPipelineOptions(threads, 8);
  o.furniture_sample_pages = furniture_sample;
  return o;
}

// One test site and one stored crawl of it for the whole suite; each test
// works on its own copy (`Crawled`).
class StreamTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = testsite::Server::Start({.world = {.seed = 37, .adverts = 90, .days = 1},
                                           .crawl_delay = absl::Milliseconds(1)});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    auto sites = config::ParseSitesConfig(server_->SitesYaml(), "sites.yaml");
    ASSERT_TRUE(sites.ok()) << sites.status();
    sites_ = new config::SitesConfig(*std::move(sites));
    crawled_ = absl::StrCat(::testing::TempDir(), "/stream_crawled_", ::getpid());  // ctest runs tests in parallel
    fs::remove_all(crawled_);
    auto db = store::Db::Open(crawled_);
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_NO_FATAL_FAILURE(testing::CrawlInto(*sites_, db->get(), 0));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete sites_;
    fs::remove_all(crawled_);
  }
  void SetUp() override {
    ASSERT_NE(sites_, nullptr);
    dir_ = ::testing::TempDir() + "/stream_" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // A copy of the suite's stored crawl, not processed yet.
  std::unique_ptr<store::Db> Crawled(const std::string& name) {
    fs::copy(crawled_, dir_ + "/" + name, fs::copy_options::recursive);
    return Open(name);
  }
  std::unique_ptr<store::Db> Open(const std::string& name) {
    auto db = store::Db::Open(dir_ + "/" + name);
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? *std::move(db) : nullptr;
  }
  std::unique_ptr<Pipeline> MakePipeline(store::Db* db, int threads, int furniture_sample = kFurnitureSample) {
    auto pipeline = Pipeline::Create(db, sites_, Options(threads, furniture_sample));
    EXPECT_TRUE(pipeline.ok()) << pipeline.status();
    return pipeline.ok() ? *std::move(pipeline) : nullptr;
  }
  // The first stored advert pages' latest captures, in scan order.
  std::vector<store::Capture> AdvertCaptures(store::Db* db, size_t n) {
    std::vector<store::Capture> out;
    store::CaptureStore captures(db);
    EXPECT_TRUE(captures.ScanAdvertPages("", [&](const store::PageState&, const store::Capture& c) {
      out.push_back(c);
      return out.size() < n;
    }).ok());
    return out;
  }

  static inline testsite::Server* server_ = nullptr;
  static inline config::SitesConfig* sites_ = nullptr;
  static inline std::string crawled_;
  std::string dir_;
};

// What linking sees of each advert: phones and image hashes, and the
// networks as sets of advert ids (cluster ids depend on arrival order).
struct Linked {
  std::map<std::string, std::string> identifiers;  // advert id -> phones and image sha256s
  std::set<std::set<std::string>> networks;
};

Linked ReadLinked(store::Db* db, Pipeline& pipeline) {
  Linked out;
  std::map<std::string, std::set<std::string>> clusters;
  EXPECT_TRUE(db->Scan(store::Cf::kAdverts, "", [&](std::string_view key, std::string_view value) {
    auto j = store::DecodeRecord(value, key);
    EXPECT_TRUE(j.ok()) << j.status();
    if (!j.ok()) return false;
    parsers::Advert a = j->get<parsers::Advert>();
    std::set<std::string> ids;
    for (const auto& p : a.phones) ids.insert("phone " + p.e164);
    for (const auto& i : a.images) ids.insert("image " + i.sha256);
    std::string joined;
    for (const auto& id : ids) joined += id + "; ";
    out.identifiers[std::string(key)] = joined;
    auto cluster = pipeline.linker().ClusterOf(key);
    EXPECT_TRUE(cluster.ok()) << cluster.status();
    if (cluster.ok()) clusters[*cluster].insert(std::string(key));
    return true;
  }).ok());
  for (auto& [id, members] : clusters) out.networks.insert(std::move(members));
  return out;
}

// The first stored advert record `pred` accepts: {id, record}; {"", null} if none.
std::pair<std::string, nlohmann::json> FirstAdvert(store::Db* db,
                                                   const std::function<bool(const nlohmann::json&)>& pred) {
  std::pair<std::string, nlohmann::json> found;
  EXPECT_TRUE(db->Scan(store::Cf::kAdverts, "", [&](std::string_view key, std::string_view value) {
    auto j = store::DecodeRecord(value, key);
    if (!j.ok() || !pred(*j)) return true;
    found = {std::string(key), *std::move(j)};
    return false;
  }).ok());
  return found;
}

int64_t PendingClusters(store::Db* db) {
  int64_t n = 0;
  EXPECT_TRUE(db->Scan(store::Cf::kMeta, std::string("pending_cluster\0", 16), [&](std::string_view, std::string_view) {
    ++n;
    return true;
  }).ok());
  return n;
}

TEST_F(StreamTest, StreamedCrawlLinksTheSameAdvertsAndNetworksAsCrawlThenProcess) {
  // Crawl, then process.
  auto batch_db = Crawled("batch");
  ASSERT_NE(batch_db, nullptr);
  auto batch_pipeline = MakePipeline(batch_db.get(), 1);
  ASSERT_NE(batch_pipeline, nullptr);
  auto batch = batch_pipeline->ProcessPending();
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_GT(batch->adverts_parsed, 60);

  // The same site, processed while it is crawled: a tiny queue, so the crawl
  // also waits for the processing thread.
  auto db = Open("stream");
  ASSERT_NE(db, nullptr);
  auto pipeline = MakePipeline(db.get(), 2);
  ASSERT_NE(pipeline, nullptr);
  std::atomic<bool> stop{false};
  StreamProcessor stream(pipeline.get(), {.max_queued = 4, .max_waiting = 64, .batch_pages = 8}, &stop);
  ASSERT_NO_FATAL_FAILURE(testing::CrawlInto(
      *sites_, db.get(), 0,
      {.on_capture = [&](const store::Capture& c, const crawler::CaptureNote& n) { stream.OnCapture(c, n); },
       .stop = &stop}));
  auto streamed = stream.Finish();
  ASSERT_TRUE(streamed.ok()) << streamed.status();
  std::cout << "streamed: " << *streamed << "\n";
  auto rest = pipeline->ProcessPending();
  ASSERT_TRUE(rest.ok()) << rest.status();
  std::cout << "at the end: " << *rest << "\n";

  // Most adverts were linked during the crawl, each with its photos.
  EXPECT_GT(streamed->processed.adverts_parsed, batch->adverts_parsed / 2) << *streamed;
  EXPECT_EQ(streamed->processed.images_missing, 0) << *streamed;
  EXPECT_EQ(streamed->processed.adverts_parsed + rest->adverts_parsed, batch->adverts_parsed) << *rest;
  EXPECT_EQ(streamed->processed.clusters_scored, 0);
  EXPECT_GT(rest->clusters_scored, 0);
  EXPECT_EQ(PendingClusters(db.get()), 0);

  const Linked want = ReadLinked(batch_db.get(), *batch_pipeline);
  const Linked got = ReadLinked(db.get(), *pipeline);
  EXPECT_EQ(want.identifiers, got.identifiers);
  EXPECT_EQ(want.networks.size(), got.networks.size());
  EXPECT_TRUE(want.networks == got.networks);
}

TEST_F(StreamTest, AdvertWaitsForItsQueuedImageAndIsLeftToTheEndWithoutIt) {
  auto db = Crawled("db");
  ASSERT_NE(db, nullptr);
  std::vector<store::Capture> pages = AdvertCaptures(db.get(), 3);
  ASSERT_EQ(pages.size(), 3u);
  auto pipeline = MakePipeline(db.get(), 1, /*furniture_sample=*/1);  // no wait for furniture
  ASSERT_NE(pipeline, nullptr);
  const std::string never = "http://127.0.0.1:9/never.jpg";
  const std::string later = "http://127.0.0.1:9/later.jpg";
  {
    StreamProcessor stream(pipeline.get(), {}, nullptr);
    stream.OnCapture(pages[0], {.images_queued = {never}});
    stream.OnCapture(pages[1], {.images_queued = {later, later}});
    stream.OnCapture(pages[2], {});
    store::Capture image;
    image.url = later;
    image.kind = store::CaptureKind::kImage;
    stream.OnCapture(image, {});
    auto streamed = stream.Finish();
    ASSERT_TRUE(streamed.ok()) << streamed.status();
    // pages[2] at once, pages[1] once its image came; pages[0] still waits.
    EXPECT_EQ(streamed->processed.adverts_parsed, 2) << *streamed;
    EXPECT_EQ(streamed->left_for_end, 1) << *streamed;
    EXPECT_EQ(streamed->left_for_furniture, 0) << *streamed;
  }
  auto rest = pipeline->ProcessPending();
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(rest->adverts_parsed, static_cast<int64_t>(AdvertCaptures(db.get(), 1000).size()) - 2) << *rest;
}

// Before its site has furniture_sample_pages advert pages, a complete advert
// waits: parsed now, the site's footer phone would link it to every advert.
TEST_F(StreamTest, CompleteAdvertWaitsUntilItsSiteFurnitureCanBeLearnt) {
  auto db = Crawled("db");
  ASSERT_NE(db, nullptr);
  std::vector<store::Capture> pages = AdvertCaptures(db.get(), 3);
  ASSERT_EQ(pages.size(), 3u);
  auto pipeline = MakePipeline(db.get(), 1);  // kFurnitureSample pages per site
  ASSERT_NE(pipeline, nullptr);
  StreamProcessor stream(pipeline.get(), {}, nullptr);
  for (const store::Capture& page : pages) stream.OnCapture(page, {});
  auto streamed = stream.Finish();
  ASSERT_TRUE(streamed.ok()) << streamed.status();
  EXPECT_EQ(streamed->processed.adverts_parsed, 0) << *streamed;
  EXPECT_EQ(streamed->left_for_end, 3) << *streamed;
  EXPECT_EQ(streamed->left_for_furniture, 3) << *streamed;
}

// An advert processed before its photo was stored is processed again once
// it is (not counted as a changed advert); while the photo is still missing,
// it is not.
TEST_F(StreamTest, AdvertIsProcessedAgainWhenAMissingImageIsStored) {
  auto db = Crawled("db");
  ASSERT_NE(db, nullptr);
  auto pipeline = MakePipeline(db.get(), 1);
  ASSERT_NE(pipeline, nullptr);
  ASSERT_TRUE(pipeline->ProcessPending().ok());  // everything processed once

  // An advert with a photo, as if processed before the photo was stored.
  auto [id, record] = FirstAdvert(db.get(), [](const nlohmann::json& j) {
    return j.contains("images") && !j["images"].empty();
  });
  ASSERT_FALSE(id.empty());
  const std::string image_url = record["images"][0]["url"].get<std::string>();
  const std::string sha256 = record["images"][0]["sha256"].get<std::string>();
  ASSERT_FALSE(sha256.empty());
  record["images"][0]["sha256"] = "";
  ASSERT_TRUE(db->Put(store::Cf::kAdverts, id, store::EncodeRecord(record)).ok());

  auto again = pipeline->ProcessPending();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->adverts_parsed, 1) << *again;
  EXPECT_EQ(again->adverts_changed, 0) << *again;
  auto stored = db->Get(store::Cf::kAdverts, id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*store::DecodeRecord(**stored, id))["images"][0]["sha256"], sha256);

  // The photo's capture gone: nothing to do.
  store::CaptureStore captures(db.get());
  store::WriteBatch gone(*db);
  ASSERT_TRUE(captures.StageDeletePage(image_url, gone).ok());
  ASSERT_TRUE(db->Write(gone).ok());
  ASSERT_TRUE(db->Put(store::Cf::kAdverts, id, store::EncodeRecord(record)).ok());
  auto missing = pipeline->ProcessPending();
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->adverts_parsed, 0) << *missing;
}

TEST_F(StreamTest, ProcessingErrorStopsTheCrawlAndNamesTheKey) {
  auto db = Crawled("db");
  ASSERT_NE(db, nullptr);
  auto pipeline = MakePipeline(db.get(), 1);
  ASSERT_NE(pipeline, nullptr);
  ASSERT_TRUE(pipeline->ProcessPending().ok());  // everything processed once
  std::vector<store::Capture> pages = AdvertCaptures(db.get(), 1);
  ASSERT_EQ(pages.size(), 1u);
  const std::string id =
      FirstAdvert(db.get(), [&](const nlohmann::json& j) { return j.value("url", "") == pages[0].url; }).first;
  ASSERT_FALSE(id.empty()) << pages[0].url;
  ASSERT_TRUE(db->Put(store::Cf::kAdverts, id, "not a record").ok());

  std::atomic<bool> stop{false};
  StreamProcessor stream(pipeline.get(), {.max_queued = 1, .batch_pages = 1}, &stop);
  stream.OnCapture(pages[0], {});
  // After the failure the crawl is never blocked by the full queue.
  for (int i = 0; i < 5; ++i) stream.OnCapture(pages[0], {});
  auto streamed = stream.Finish();
  ASSERT_FALSE(streamed.ok());
  EXPECT_NE(std::string(streamed.status().message()).find(id), std::string::npos) << streamed.status();
  EXPECT_TRUE(stop.load());
}

}  // namespace
}  // namespace admon::app
