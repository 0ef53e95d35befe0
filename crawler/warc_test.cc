// Copyright 2026 The admon Authors.
#include "crawler/warc.h"

#include <sys/stat.h>

#include <string>
#include <vector>

#include "common/sha256.h"
#include "gtest/gtest.h"

namespace admon::crawler {
namespace {

store::Capture MakeCapture(std::string body, bool seen_again) {
  store::Capture c;
  c.url = "http://127.0.0.1:1/advert/1";
  c.kind = store::CaptureKind::kAdvert;
  c.status = 200;
  c.headers = {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"}};
  c.body = std::move(body);
  c.sha256 = Sha256Hex(c.body);
  c.fetched = absl::FromUnixSeconds(1790000000);
  c.request_headers = {{"User-Agent", "admon"}, {"Cookie", "over18=1"}};
  c.seen_again = seen_again;
  c.ip = "127.0.0.1";
  return c;
}

TEST(WarcTest, RoundTripPerRecordGzip) {
  std::string path = ::testing::TempDir() + "/roundtrip.warc.gz";
  auto w = WarcWriter::Open(path);
  ASSERT_TRUE(w.ok()) << w.status();
  ASSERT_TRUE((*w)->WriteWarcinfo("admon test", "round trip").ok());
  std::string body("<html>caf\xc3\xa9\0bin</html>", 19);
  ASSERT_TRUE((*w)->WriteCapture(MakeCapture(body, false)).ok());
  ASSERT_TRUE((*w)->WriteCapture(MakeCapture(body, true), absl::FromUnixSeconds(1789990000)).ok());
  EXPECT_EQ((*w)->records(), 4);
  ASSERT_TRUE((*w)->Close().ok());
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  std::vector<WarcRecord> records;
  ASSERT_TRUE(ReadWarc(path, [&](const WarcRecord& r) {
    records.push_back(r);
    return true;
  }).ok());
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].type, "warcinfo");
  EXPECT_EQ(records[1].type, "response");
  EXPECT_EQ(records[2].type, "request");
  EXPECT_EQ(records[3].type, "revisit");
  const WarcRecord& resp = records[1];
  EXPECT_EQ(resp.Header("WARC-Target-URI"), "http://127.0.0.1:1/advert/1");
  EXPECT_EQ(resp.Header("WARC-Payload-Digest"), "sha256:" + Sha256Hex(body));
  EXPECT_EQ(resp.Header("WARC-Block-Digest"), "sha256:" + Sha256Hex(resp.block));
  EXPECT_EQ(resp.Header("WARC-Date"), "2026-09-21T14:13:20.000000Z");
  EXPECT_EQ(resp.Header("Content-Length"), std::to_string(resp.block.size()));
  EXPECT_EQ(resp.Header("WARC-Record-ID").substr(0, 10), "<urn:uuid:");
  // Payload is the decoded body after the HTTP header block.
  size_t split = resp.block.find("\r\n\r\n");
  ASSERT_NE(split, std::string::npos);
  EXPECT_EQ(resp.block.substr(split + 4), body);
  EXPECT_NE(resp.block.find("X-Admon-Original-Content-Encoding: gzip"), std::string::npos);
  EXPECT_EQ(records[2].Header("WARC-Concurrent-To"), resp.Header("WARC-Record-ID"));
  EXPECT_NE(records[2].block.find("Cookie: [redacted]"), std::string::npos);
  EXPECT_EQ(records[2].block.find("over18"), std::string::npos);
  EXPECT_EQ(records[3].Header("WARC-Refers-To-Date"), WarcDate(absl::FromUnixSeconds(1789990000)));
  EXPECT_EQ(records[3].Header("WARC-Payload-Digest"), "sha256:" + Sha256Hex(body));
}

TEST(WarcTest, ReaderRejectsTruncatedFile) {
  std::string path = ::testing::TempDir() + "/trunc.warc";
  FILE* f = fopen(path.c_str(), "wb");
  fputs("WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 100\r\n\r\nshort", f);
  fclose(f);
  absl::Status s = ReadWarc(path, [](const WarcRecord&) { return true; });
  EXPECT_TRUE(absl::IsDataLoss(s)) << s;
}

}  // namespace
}  // namespace admon::crawler
