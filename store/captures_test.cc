// Copyright 2026 The admon Authors.
#include "store/captures.h"

#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "common/sha256.h"
#include "gtest/gtest.h"

namespace admon::store {
namespace {

class CapturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/captures_" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    auto db = Db::Open(dir_);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    store_ = std::make_unique<CaptureStore>(db_.get());
  }
  Capture Make(const std::string& url, const std::string& body, int minute, CaptureKind kind = CaptureKind::kAdvert) {
    Capture c;
    c.url = url;
    c.site = "s";
    c.kind = kind;
    c.status = 200;
    c.body = body;
    c.headers = {{"Content-Type", "text/html"}, {"ETag", "\"e1\""}};
    c.content_type = "text/html";
    c.fetched = absl::FromUnixSeconds(1700000000) + absl::Minutes(minute);
    c.request_headers = {{"User-Agent", "ua"}, {"Cookie", "over18=1; sid=secret"}};
    return c;
  }
  std::string dir_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<CaptureStore> store_;
};

TEST_F(CapturesTest, FirstPutStoresCopyAndPageState) {
  auto r = store_->Put(Make("http://a/advert/1", "<html>1</html>", 0));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->new_copy);
  EXPECT_FALSE(r->changed);
  auto latest = store_->GetLatest("http://a/advert/1");
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->body, "<html>1</html>");
  EXPECT_EQ((*latest)->sha256, Sha256Hex("<html>1</html>"));
  auto page = store_->GetPage("http://a/advert/1");
  ASSERT_TRUE(page.ok() && page->has_value());
  EXPECT_EQ((*page)->copies, 1);
  EXPECT_EQ((*page)->etag, "\"e1\"");
}

TEST_F(CapturesTest, UnchangedBodyIsSeenAgainWithoutNewCopy) {
  ASSERT_TRUE(store_->Put(Make("http://a/advert/1", "same", 0)).ok());
  auto r = store_->Put(Make("http://a/advert/1", "same", 5));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->seen_again);
  EXPECT_FALSE(r->new_copy);
  auto page = store_->GetPage("http://a/advert/1");
  EXPECT_EQ((*page)->copies, 1);
  EXPECT_EQ((*page)->seen_again_count, 1);
  EXPECT_EQ((*page)->last_seen, absl::FromUnixSeconds(1700000000) + absl::Minutes(5));
  auto latest = store_->GetLatest("http://a/advert/1");
  EXPECT_EQ((*latest)->fetched, absl::FromUnixSeconds(1700000000));  // the stored copy
}

TEST_F(CapturesTest, NotModifiedIsSeenAgain) {
  ASSERT_TRUE(store_->Put(Make("http://a/advert/1", "x", 0)).ok());
  Capture c = Make("http://a/advert/1", "", 1);
  c.status = 304;
  auto r = store_->Put(c);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->seen_again);
}

TEST_F(CapturesTest, ChangedBodyStoresNewCopy) {
  ASSERT_TRUE(store_->Put(Make("http://a/advert/1", "v1", 0)).ok());
  auto r = store_->Put(Make("http://a/advert/1", "v2", 1));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->new_copy);
  EXPECT_TRUE(r->changed);
  EXPECT_EQ((*store_->GetLatest("http://a/advert/1"))->body, "v2");
}

TEST_F(CapturesTest, OldCapturesArePrunedButTheLatestCopyStays) {
  const std::string u = "http://s/ad/1";
  ASSERT_TRUE(store_->Put(Make(u, "v1", 0)).ok());
  ASSERT_TRUE(store_->Put(Make(u, "v2", 10)).ok());
  ASSERT_TRUE(store_->Put(Make(u, "v3", 20)).ok());  // latest copy
  ASSERT_TRUE(store_->Put(Make("http://s/ad/10", "other", 0)).ok());
  WriteBatch batch(*db_);
  auto n = store_->StageDeleteOldCaptures(u, absl::FromUnixSeconds(1700000000) + absl::Hours(1), batch);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 2);
  ASSERT_TRUE(db_->Write(batch).ok());
  auto latest = store_->GetLatest(u);
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->body, "v3");
  EXPECT_TRUE(store_->GetLatest("http://s/ad/10")->has_value()) << "a URL sharing the prefix is untouched";
}

TEST_F(CapturesTest, DeletePageRemovesEveryCaptureAndTheState) {
  const std::string u = "http://s/ad/1";
  ASSERT_TRUE(store_->Put(Make(u, "v1", 0)).ok());
  ASSERT_TRUE(store_->Put(Make(u, "v1", 5)).ok());  // seen again
  ASSERT_TRUE(store_->Put(Make(u, "v2", 10)).ok());
  WriteBatch batch(*db_);
  auto n = store_->StageDeletePage(u, batch);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 3);
  ASSERT_TRUE(db_->Write(batch).ok());
  EXPECT_FALSE(store_->GetPage(u)->has_value());
  EXPECT_EQ(*db_->CountKeys(Cf::kCaptures), 0u);
}

TEST_F(CapturesTest, CookieValuesAreRedacted) {
  ASSERT_TRUE(store_->Put(Make("http://a/advert/1", "v1", 0)).ok());
  auto latest = store_->GetLatest("http://a/advert/1");
  bool found = false;
  for (const auto& [k, v] : (*latest)->request_headers) {
    if (k == "Cookie") {
      found = true;
      EXPECT_EQ(v, "[redacted]");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(CapturesTest, BinaryBodiesRoundTrip) {
  std::string body("\x89PNG\0\xff\xfe", 7);
  ASSERT_TRUE(store_->Put(Make("http://a/img/1.png", body, 0, CaptureKind::kImage)).ok());
  EXPECT_EQ((*store_->GetLatest("http://a/img/1.png"))->body, body);
}

TEST_F(CapturesTest, ScanAdvertPagesGivesLatestPerAdvert) {
  ASSERT_TRUE(store_->Put(Make("http://a/advert/1", "v1", 0)).ok());
  ASSERT_TRUE(store_->Put(Make("http://a/advert/1", "v2", 1)).ok());
  ASSERT_TRUE(store_->Put(Make("http://a/advert/2", "w", 2)).ok());
  ASSERT_TRUE(store_->Put(Make("http://a/", "list", 2, CaptureKind::kListing)).ok());
  std::set<std::string> bodies;
  ASSERT_TRUE(store_->ScanAdvertPages("", [&](const PageState&, const Capture& c) {
    bodies.insert(c.body);
    return true;
  }).ok());
  EXPECT_EQ(bodies, (std::set<std::string>{"v2", "w"}));
}

TEST_F(CapturesTest, ScanAdvertPagesOfOneSiteDoesNotReadOtherSitesCaptures) {
  ASSERT_TRUE(store_->Put(Make("http://a/advert/1", "mine", 0)).ok());
  Capture other = Make("http://0/advert/9", "theirs", 1);  // sorts before http://a/
  other.site = "t";
  ASSERT_TRUE(store_->Put(other).ok());
  // Spoil the other site's capture: reading it would fail the scan.
  auto page = store_->GetPage("http://0/advert/9");
  ASSERT_TRUE(page.ok() && page->has_value());
  ASSERT_TRUE(db_->Put(Cf::kCaptures, (*page)->last_capture_key, "not a capture record").ok());

  std::vector<std::string> bodies;
  ASSERT_TRUE(store_->ScanAdvertPages("s", [&](const PageState& p, const Capture& c) {
    EXPECT_EQ(p.site, "s");
    bodies.push_back(c.body);
    return true;
  }).ok());
  EXPECT_EQ(bodies, std::vector<std::string>{"mine"});
  EXPECT_FALSE(store_->ScanAdvertPages("", [](const PageState&, const Capture&) { return true; }).ok());
}

TEST_F(CapturesTest, ScanSinceFiltersByFetchTime) {
  ASSERT_TRUE(store_->Put(Make("http://a/advert/1", "v1", 0)).ok());
  ASSERT_TRUE(store_->Put(Make("http://a/advert/1", "v2", 10)).ok());
  ASSERT_TRUE(store_->Put(Make("http://a/advert/2", "w", 20)).ok());
  int n = 0;
  ASSERT_TRUE(store_->ScanSince(absl::FromUnixSeconds(1700000000) + absl::Minutes(5), [&](const Capture&) {
    ++n;
    return true;
  }).ok());
  EXPECT_EQ(n, 2);
}

TEST_F(CapturesTest, MarkRemovedKeepsLastCaptureAndTime) {
  ASSERT_TRUE(store_->Put(Make("http://a/advert/1", "v1", 0)).ok());
  absl::Time when = absl::FromUnixSeconds(1700009999);
  ASSERT_TRUE(store_->MarkRemoved("http://a/advert/1", when).ok());
  auto page = store_->GetPage("http://a/advert/1");
  ASSERT_TRUE((*page)->removed_at.has_value());
  EXPECT_EQ(*(*page)->removed_at, when);
  EXPECT_EQ((*store_->GetLatest("http://a/advert/1"))->body, "v1");
  EXPECT_TRUE(absl::IsNotFound(store_->MarkRemoved("http://a/none", when)));
}

TEST_F(CapturesTest, ErrorCaptureDoesNotReplaceContent) {
  ASSERT_TRUE(store_->Put(Make("http://a/advert/1", "v1", 0)).ok());
  Capture c = Make("http://a/advert/1", "", 1);
  c.status = 0;
  c.error = "timeout";
  auto r = store_->Put(c);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->new_copy);
  EXPECT_EQ((*store_->GetLatest("http://a/advert/1"))->body, "v1");
  EXPECT_EQ((*store_->GetPage("http://a/advert/1"))->last_error, "timeout");
}

}  // namespace
}  // namespace admon::store
