// Copyright 2026 The admon Authors.
//
// A hostile HTTP server for tests (issue 9): raw sockets on a loopback
// address, so it can send what no well-behaved server library would —
// malformed headers, bad status lines, bodies that drip or never end, gzip
// bombs, connection resets (SO_LINGER 0) mid-body.
//
// One thread runs a poll() loop over the listener, every connection and a
// wake-up eventfd; the destructor stops it at once (no sleeps, no blocking
// calls). Every response is followed by closing the connection.
//
// Routes map an exact request path (query included) to a Reply. A path with
// no route answers 404. The helpers below build the usual hostile replies and
// the HTML of a minimal advert site (listing "/" linking "/advert/<name>").
//
// Ownership: Start() returns the only handle; destroying it stops the server.
// Thread safety: every public method may be called from any thread.
#ifndef ADMON_TESTS_HOSTILE_SERVER_H_
#define ADMON_TESTS_HOSTILE_SERVER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace admon::testing {

struct Reply {
  enum class Mode {
    kWhole,     // head + body at full speed, then close
    kDrip,      // head at once, then the body one byte per drip interval
    kEndless,   // head, then chunked body chunks forever (until the client hangs up)
    kReset,     // head + body, then RST (SO_LINGER 0) instead of a clean close
  };
  Mode mode = Mode::kWhole;
  std::string head;  // raw status line + headers + blank line, sent as-is
  std::string body;  // raw bytes after the head
};

struct HostileOptions {
  std::string address = "127.0.0.1";                     // must be in 127.0.0.0/8
  absl::Duration drip_interval = absl::Seconds(1);       // kDrip: one byte per interval
  size_t endless_chunk_bytes = 64 << 10;                 // kEndless: bytes per chunk
};

class HostileServer {
 public:
  // Binds address:ephemeral port and starts the thread. Errors name the address.
  static absl::StatusOr<std::unique_ptr<HostileServer>> Start(const HostileOptions& options = {});
  ~HostileServer();
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;

  void Route(const std::string& path, Reply reply);

  int port() const { return port_; }
  // "http://127.0.0.1:PORT" + path.
  std::string Url(const std::string& path = "/") const;
  // "127.0.0.1:PORT" (the crawler's host key).
  std::string HostKey() const;
  // Requests received for `path`, and every path requested in order.
  int64_t Requests(const std::string& path) const;
  std::vector<std::string> Paths() const;

  class Loop;

 private:
  HostileServer() = default;
  HostileOptions options_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::map<std::string, Reply> routes_;  // guarded by mu_
  std::vector<std::string> paths_;       // guarded by mu_
  std::unique_ptr<Loop> loop_;
  friend class Loop;
};

// --- Replies ---------------------------------------------------------------

// "HTTP/1.1 <status> <reason>" + Content-Type/Content-Length/Connection: close
// + `extra_headers` (raw "Name: value\r\n" lines).
Reply Whole(std::string body, const std::string& content_type = "text/html; charset=utf-8", int status = 200,
            const std::string& extra_headers = "");
Reply Redirect(const std::string& location, int status = 302);
// Content-Length announced; the body arrives one byte per drip interval.
Reply SlowDrip(std::string body);
// Chunked transfer encoding that never ends.
Reply EndlessChunked(const std::string& content_type = "text/html");
// Sends `head` and the first `sent` bytes of a body announced as `announced`
// bytes long, then resets the connection.
Reply ResetMidBody(size_t announced, size_t sent);
// Raw bytes as the whole response (malformed heads).
Reply Raw(std::string bytes);

// --- Hostile bodies ---------------------------------------------------------

// gzip member of `inflated_bytes` zero bytes, built from one deflate block
// repeated (Z_FULL_FLUSH makes blocks context-free): ~1 KB per MiB inflated,
// built in milliseconds. `layers` = 2 gzips that member again (served with
// "Content-Encoding: gzip, gzip": a few KB on the wire).
std::string GzipZeros(uint64_t inflated_bytes, int layers = 1);
// Total bytes `gzip` inflates to (all layers, streaming, constant memory);
// -1 when it is not a valid gzip member.
int64_t InflatedSize(const std::string& gzip, int layers = 1);
// <html> with `depth` nested <div>s then `unclosed` unclosed <b>/<span>/<p>.
std::string NestedTagsHtml(int depth, int unclosed, const std::string& inner = "");
// Latin-1 bytes, stray continuation bytes, overlongs and surrogates in a
// page declaring <meta charset="shift_jis"> while served as UTF-8.
std::string InvalidUtf8Html();
// A PNG whose IHDR declares width x height (a few hundred bytes).
std::string PngDeclaring(uint32_t width, uint32_t height);
// A real JPEG (width x height) cut to `keep_fraction` of its bytes.
std::string TruncatedJpeg(int width, int height, double keep_fraction);
// A small valid JPEG (deterministic pattern from `seed`).
std::string SmallJpeg(int seed);

// The HTML of the minimal advert site: a listing linking /advert/<name>,
// an advert page (title, phone text, optional image).
std::string ListingHtml(const std::vector<std::string>& advert_names);
std::string AdvertHtml(const std::string& name, const std::string& image_path = "");

}  // namespace admon::testing

#endif  // ADMON_TESTS_HOSTILE_SERVER_H_
