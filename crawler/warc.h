// Copyright 2026 The admon Authors.
//
// WARC/1.1 writing and reading (ISO 28500:2017) for evidence export and
// referrals. Each record is its own gzip member (the ".warc.gz" convention),
// so a reader can seek to any record. Records carry WARC-Record-ID
// <urn:uuid:...>, WARC-Date, exact Content-Length and, for captures,
// WARC-Target-URI, WARC-Payload-Digest and WARC-Block-Digest
// ("sha256:<lower-case hex>").
//
// Captures store the DECODED body (Content-Encoding removed by the crawler),
// so response records carry the decoded payload with Content-Encoding /
// Transfer-Encoding removed and Content-Length rewritten to match; the
// original values are kept as X-Admon-Original-Content-Encoding etc.
//
// Thread safety: a WarcWriter is used by one thread. Files are created 0600.
#ifndef ADMON_CRAWLER_WARC_H_
#define ADMON_CRAWLER_WARC_H_

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "store/captures.h"

namespace admon::crawler {

inline constexpr size_t kMaxWarcHeaderBytes = 1 << 20;   // a WARC header block larger than this is corrupt
inline constexpr uint64_t kMaxWarcRecordBytes = 1ull << 31;  // 2 GiB: larger records are refused by the reader

struct WarcRecord {
  std::string type;  // WARC-Type: warcinfo, request, response, revisit, ...
  // Named WARC header fields in order (WARC-Type, Content-Length and
  // WARC/1.1 are written by the writer; readers see every field here).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string block;  // the record content block
  std::string Header(std::string_view name) const;  // "" if absent
};

// "<urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx>" from a CSPRNG.
std::string NewWarcRecordId();
// "2026-11-23T18:34:58.123456Z"
std::string WarcDate(absl::Time t);

class WarcWriter {
 public:
  // Creates (truncates) `path` with mode 0600.
  static absl::StatusOr<std::unique_ptr<WarcWriter>> Open(const std::string& path);
  ~WarcWriter();
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Writes one record as one gzip member. Adds WARC-Type, WARC-Record-ID and
  // WARC-Date when `record.headers` lacks them; Content-Length is computed.
  absl::Status Write(const WarcRecord& record);
  absl::Status WriteWarcinfo(std::string_view software, std::string_view description);
  // request + response records for a stored copy, or a revisit record for a
  // "seen again" capture. `original_date` (revisits): WARC-Refers-To-Date.
  absl::Status WriteCapture(const store::Capture& c, absl::Time original_date = absl::InfinitePast());
  // Flushes and closes; errors name the path.
  absl::Status Close();
  int64_t records() const { return records_; }

 private:
  WarcWriter(std::string path, std::FILE* f) : path_(std::move(path)), file_(f) {}
  std::string path_;
  std::FILE* file_;
  int64_t records_ = 0;
};

// Calls fn for every record of a .warc.gz (multi-member gzip) or plain .warc
// file, in order, until fn returns false. DataLoss naming the path and byte
// offset on malformed input.
absl::Status ReadWarc(const std::string& path, const std::function<bool(const WarcRecord&)>& fn);

}  // namespace admon::crawler

#endif  // ADMON_CRAWLER_WARC_H_
