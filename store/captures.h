// Copyright 2026 The admon Authors.
//
// Raw fetched responses (`captures` column family) and per-URL page state
// (`pages` column family). Used by the crawler (writer), the parsers (advert
// pages), WARC export and referrals (readers).
//
// Key layouts:
//   captures: <canonical url> \0 <fetch time, unix micros, big-endian u64>
//             -> Capture record (all fetches of one URL are adjacent and in time order)
//   pages:    <canonical url> -> PageState record (latest state of the URL)
// Bodies are stored as-is (MessagePack binary) and compressed by RocksDB's
// per-block ZSTD compression of the captures family (store/db.cc): one codec,
// better ratio across similar pages, and readers never decompress by hand.
//
// Unchanged bodies (same SHA-256, or HTTP 304) are recorded as "seen again":
// the page state is updated, no new copy of the body is stored. Each Put is ONE
// WriteBatch (capture + page state), optionally with the caller's own writes
// (e.g. the frontier entries discovered on that page) — see Stage().
//
// Secrets: request headers are stored with Cookie / Authorization /
// Proxy-Authorization values redacted (names kept as evidence they were sent).
//
// Thread safety: CaptureStore is NOT safe for concurrent Put/Stage of the same
// URL (read-modify-write of the page state); reads are safe from any thread.
#ifndef ADMON_STORE_CAPTURES_H_
#define ADMON_STORE_CAPTURES_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "store/db.h"

namespace admon::store {

inline constexpr int kCaptureRecordVersion = 1;
inline constexpr int kPageRecordVersion = 1;

enum class CaptureKind { kListing, kAdvert, kProfile, kImage, kRobots, kSitemap, kOther };
std::string_view CaptureKindName(CaptureKind kind);  // "listing", "advert", ...
std::optional<CaptureKind> ParseCaptureKind(std::string_view name);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Capture {
  std::string url;          // canonical URL requested (the key)
  std::string final_url;    // after redirects ("" = same as url)
  std::string site;         // config site name
  CaptureKind kind = CaptureKind::kOther;
  int status = 0;           // HTTP status; 0 = no response (see error)
  HeaderList headers;       // response headers, in order
  std::string body;         // decoded (Content-Encoding removed) bytes
  std::string content_type;
  absl::Time fetched = absl::UnixEpoch();  // end of the response
  std::string sha256;       // hex of body; computed by Put when empty
  std::string error;        // "" or "oversize", "timeout", "redirect_loop", "network: ..."
  bool truncated = false;   // body cut at max_body
  std::string method = "GET";
  HeaderList request_headers;  // as sent, secrets redacted by Put
  bool seen_again = false;  // set by reads: this record is a "seen again" marker without body
  std::string ip;           // remote address ("" unknown)
};
std::ostream& operator<<(std::ostream& os, const Capture& c);

struct PageState {
  std::string url;
  std::string site;
  CaptureKind kind = CaptureKind::kOther;
  std::string last_sha256;
  std::string last_capture_key;  // captures key of the latest stored copy (with body)
  absl::Time first_seen = absl::InfinitePast();
  absl::Time last_seen = absl::InfinitePast();
  int64_t seen_again_count = 0;
  int64_t copies = 0;           // stored bodies
  std::optional<absl::Time> removed_at;  // set by MarkRemoved, cleared when the page comes back
  int last_status = 0;
  std::string last_error;
  std::string etag;             // validators for conditional requests
  std::string last_modified;
};
std::ostream& operator<<(std::ostream& os, const PageState& p);

struct PutResult {
  bool new_copy = false;    // a body was stored (first fetch or changed)
  bool changed = false;     // new copy of a page that existed before with another body
  bool seen_again = false;  // unchanged (same sha256 or 304)
  std::string key;          // captures key written
};

std::string CaptureKey(std::string_view url, absl::Time fetched);
// Replaces the values of secret headers (Cookie, Authorization, Proxy-Authorization) by "[redacted]".
HeaderList RedactSecrets(const HeaderList& headers);

class CaptureStore {
 public:
  // REQUIRES: `db` outlives the store. Not owned.
  explicit CaptureStore(Db* db) : db_(db) {}

  // Stores `c` and updates its page state atomically. Only 2xx responses
  // without error become stored copies; anything else (no response, error,
  // 3xx/4xx/5xx) is stored as a record of the attempt and leaves the page's
  // latest copy alone. 304 (or the same sha256) is "seen again". An advert
  // answering 404/410 is marked removed (time kept, last copy kept).
  absl::StatusOr<PutResult> Put(const Capture& c);
  // Same as Put but only adds the writes to `batch` (the caller Writes it,
  // together with its own changes). REQUIRES: no other Stage/Put for the same
  // URL until the batch is written.
  absl::StatusOr<PutResult> Stage(const Capture& c, WriteBatch& batch);

  // Latest stored capture with a body (seen-again markers skipped); nullopt if none.
  absl::StatusOr<std::optional<Capture>> GetLatest(std::string_view url) const;
  absl::StatusOr<std::optional<Capture>> GetByKey(std::string_view key) const;
  absl::StatusOr<std::optional<PageState>> GetPage(std::string_view url) const;
  // Every capture record fetched at or after `since` (in key order: by URL,
  // then time), seen-again markers included. fn returns false to stop.
  absl::Status ScanSince(absl::Time since, const std::function<bool(const Capture&)>& fn) const;
  // Latest stored copy of every advert page of `site` (empty: of every site;
  // removed pages included, check the PageState). Captures of other sites are
  // not read. fn returns false to stop.
  absl::Status ScanAdvertPages(std::string_view site,
                               const std::function<bool(const PageState&, const Capture&)>& fn) const;
  // All page states (optionally of one site).
  absl::Status ScanPages(std::string_view site, const std::function<bool(const PageState&)>& fn) const;
  // Marks the page removed at `when` (keeps its captures). NotFound if unknown.
  absl::Status MarkRemoved(std::string_view url, absl::Time when);
  absl::Status StageMarkRemoved(std::string_view url, absl::Time when, WriteBatch& batch);

  // Retention (`admon purge`). Both only add deletes to `batch` and return
  // how many capture records they delete.
  // Every capture of `url` and its page state.
  absl::StatusOr<int64_t> StageDeletePage(std::string_view url, WriteBatch& batch) const;
  // Captures of `url` fetched before `before`, except the page's latest stored
  // copy (so a page that is still crawled keeps its current content).
  absl::StatusOr<int64_t> StageDeleteOldCaptures(std::string_view url, absl::Time before, WriteBatch& batch) const;

 private:
  Db* db_;
};

}  // namespace admon::store

#endif  // ADMON_STORE_CAPTURES_H_
