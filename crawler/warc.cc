// Copyright 2026 The admon Authors.
#include "crawler/warc.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/sha256.h"
#include "common/status.h"

namespace admon::crawler {
namespace {

constexpr size_t kChunk = 64 * 1024;

std::string ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

absl::Status Gzip(std::string_view in, std::string* out) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("zlib: deflateInit2 failed");
  }
  out->resize(deflateBound(&zs, in.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out->data());
  zs.avail_out = static_cast<uInt>(out->size());
  int rc = deflate(&zs, Z_FINISH);
  out->resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return absl::InternalError("zlib: deflate did not finish");
  return absl::OkStatus();
}

std::string Digest(std::string_view bytes) { return absl::StrCat("sha256:", Sha256Hex(bytes)); }

}  // namespace

std::string WarcRecord::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (absl::EqualsIgnoreCase(k, AV(name))) return v;
  }
  return "";
}

std::string NewWarcRecordId() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof(b)) != 1) {
    for (auto& c : b) c = static_cast<unsigned char>(std::rand());
  }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  std::string hex;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex.push_back('-');
    absl::StrAppend(&hex, absl::StrFormat("%02x", b[i]));
  }
  return absl::StrCat("<urn:uuid:", hex, ">");
}

std::string WarcDate(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", t, absl::UTCTimeZone()); }

absl::StatusOr<std::unique_ptr<WarcWriter>> WarcWriter::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoToStatus(errno, path);
  ::fchmod(fd, 0600);
  std::FILE* f = ::fdopen(fd, "wb");
  if (f == nullptr) {
    ::close(fd);
    return ErrnoToStatus(errno, path);
  }
  return std::unique_ptr<WarcWriter>(new WarcWriter(path, f));
}

WarcWriter::~WarcWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status WarcWriter::Write(const WarcRecord& record) {
  if (file_ == nullptr) return absl::FailedPreconditionError(absl::StrCat(path_, ": WARC writer is closed"));
  std::string head = "WARC/1.1\r\n";
  bool has_type = false, has_id = false, has_date = false;
  for (const auto& [k, v] : record.headers) {
    has_type |= absl::EqualsIgnoreCase(k, "WARC-Type");
    has_id |= absl::EqualsIgnoreCase(k, "WARC-Record-ID");
    has_date |= absl::EqualsIgnoreCase(k, "WARC-Date");
  }
  if (!has_type) absl::StrAppend(&head, "WARC-Type: ", record.type, "\r\n");
  if (!has_id) absl::StrAppend(&head, "WARC-Record-ID: ", NewWarcRecordId(), "\r\n");
  if (!has_date) absl::StrAppend(&head, "WARC-Date: ", WarcDate(absl::Now()), "\r\n");
  for (const auto& [k, v] : record.headers) {
    if (absl::EqualsIgnoreCase(k, "Content-Length")) continue;
    absl::StrAppend(&head, k, ": ", v, "\r\n");
  }
  absl::StrAppend(&head, "Content-Length: ", record.block.size(), "\r\n\r\n");
  std::string raw = head;
  raw += record.block;
  raw += "\r\n\r\n";
  std::string gz;
  ADMON_RETURN_IF_ERROR(Annotate(Gzip(raw, &gz), path_));
  if (std::fwrite(gz.data(), 1, gz.size(), file_) != gz.size()) return ErrnoToStatus(errno, path_);
  ++records_;
  return absl::OkStatus();
}

absl::Status WarcWriter::WriteWarcinfo(std::string_view software, std::string_view description) {
  WarcRecord r;
  r.type = "warcinfo";
  r.headers = {{"Content-Type", "application/warc-fields"}};
  r.block = absl::StrCat("software: ", AV(software), "\r\nformat: WARC File Format 1.1\r\n",
                         "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n",
                         "description: ", AV(description), "\r\n");
  return Write(r);
}

absl::Status WarcWriter::WriteCapture(const store::Capture& c, absl::Time original_date) {
  const std::string target = c.final_url.empty() ? c.url : c.final_url;
  const std::string date = WarcDate(c.fetched);
  // HTTP response header block, with the payload as stored (decoded).
  std::string http = absl::StrCat("HTTP/1.1 ", c.status, " ", ReasonPhrase(c.status), "\r\n");
  for (const auto& [k, v] : c.headers) {
    if (absl::EqualsIgnoreCase(k, "Content-Encoding") || absl::EqualsIgnoreCase(k, "Transfer-Encoding") ||
        absl::EqualsIgnoreCase(k, "Content-Length")) {
      absl::StrAppend(&http, "X-Admon-Original-", k, ": ", v, "\r\n");
      continue;
    }
    absl::StrAppend(&http, k, ": ", v, "\r\n");
  }
  std::string response_id = NewWarcRecordId();
  if (c.seen_again) {
    absl::StrAppend(&http, "\r\n");
    WarcRecord rv{.type = "revisit",
                  .headers = {{"WARC-Type", "revisit"},
                              {"WARC-Record-ID", response_id},
                              {"WARC-Date", date},
                              {"WARC-Target-URI", target},
                              {"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
                              {"WARC-Refers-To-Target-URI", target},
                              {"WARC-Payload-Digest", absl::StrCat("sha256:", c.sha256)},
                              {"Content-Type", "application/http; msgtype=response"}},
                  .block = http};
    if (original_date != absl::InfinitePast()) rv.headers.emplace_back("WARC-Refers-To-Date", WarcDate(original_date));
    if (!c.ip.empty()) rv.headers.emplace_back("WARC-IP-Address", c.ip);
    rv.headers.emplace_back("WARC-Block-Digest", Digest(rv.block));
    return Write(rv);
  }
  absl::StrAppend(&http, "Content-Length: ", c.body.size(), "\r\n\r\n");
  std::string block = http + c.body;
  WarcRecord resp{.type = "response",
                  .headers = {{"WARC-Type", "response"},
                              {"WARC-Record-ID", response_id},
                              {"WARC-Date", date},
                              {"WARC-Target-URI", target},
                              {"Content-Type", "application/http; msgtype=response"},
                              {"WARC-Payload-Digest", Digest(c.body)},
                              {"WARC-Block-Digest", Digest(block)}},
                  .block = std::move(block)};
  if (!c.ip.empty()) resp.headers.emplace_back("WARC-IP-Address", c.ip);
  if (c.truncated) resp.headers.emplace_back("WARC-Truncated", "length");
  ADMON_RETURN_IF_ERROR(Write(resp));
  if (c.request_headers.empty()) return absl::OkStatus();
  auto path_start = target.find('/', target.find("://") + 3);
  std::string path = path_start == std::string::npos ? "/" : target.substr(path_start);
  std::string req = absl::StrCat(c.method, " ", path, " HTTP/1.1\r\n");
  for (const auto& [k, v] : store::RedactSecrets(c.request_headers)) absl::StrAppend(&req, k, ": ", v, "\r\n");
  absl::StrAppend(&req, "\r\n");
  WarcRecord rq{.type = "request",
                .headers = {{"WARC-Type", "request"},
                            {"WARC-Record-ID", NewWarcRecordId()},
                            {"WARC-Date", date},
                            {"WARC-Target-URI", target},
                            {"WARC-Concurrent-To", response_id},
                            {"Content-Type", "application/http; msgtype=request"},
                            {"WARC-Block-Digest", Digest(req)}},
                .block = std::move(req)};
  return Write(rq);
}

absl::Status WarcWriter::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  bool ok = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  int err = errno;
  ok = std::fclose(file_) == 0 && ok;
  file_ = nullptr;
  return ok ? absl::OkStatus() : ErrnoToStatus(err, path_);
}

namespace {

// Parses complete records at the front of `buf`; returns false when fn stops.
absl::StatusOr<bool> ParseRecords(std::string& buf, uint64_t* offset, bool at_eof, const std::string& path,
                                  const std::function<bool(const WarcRecord&)>& fn) {
  size_t pos = 0;
  bool go_on = true;
  while (go_on) {
    while (pos < buf.size() && (buf[pos] == '\r' || buf[pos] == '\n')) ++pos;
    if (pos >= buf.size()) break;
    size_t end = buf.find("\r\n\r\n", pos);
    if (end == std::string::npos) {
      if (buf.size() - pos > kMaxWarcHeaderBytes || at_eof) {
        return absl::DataLossError(absl::StrCat(path, ": offset ", *offset + pos, ": truncated WARC header"));
      }
      break;
    }
    std::string_view head(buf.data() + pos, end - pos);
    if (!absl::StartsWith(AV(head), "WARC/")) {
      return absl::DataLossError(absl::StrCat(path, ": offset ", *offset + pos, ": not a WARC record"));
    }
    WarcRecord r;
    uint64_t length = 0;
    bool has_length = false;
    size_t line_start = head.find("\r\n");
    while (line_start != std::string_view::npos && line_start < head.size()) {
      line_start += 2;
      size_t line_end = head.find("\r\n", line_start);
      std::string_view line = head.substr(line_start, line_end == std::string_view::npos ? std::string_view::npos
                                                                                         : line_end - line_start);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string k(absl::StripAsciiWhitespace(AV(line.substr(0, colon))));
        std::string v(absl::StripAsciiWhitespace(AV(line.substr(colon + 1))));
        if (absl::EqualsIgnoreCase(k, "Content-Length")) has_length = absl::SimpleAtoi(v, &length);
        if (absl::EqualsIgnoreCase(k, "WARC-Type")) r.type = v;
        r.headers.emplace_back(std::move(k), std::move(v));
      }
      line_start = line_end;
    }
    if (!has_length || length > kMaxWarcRecordBytes) {
      return absl::DataLossError(absl::StrCat(path, ": offset ", *offset + pos, ": bad Content-Length"));
    }
    size_t block_start = end + 4;
    if (buf.size() < block_start + length + 4) {
      if (at_eof) return absl::DataLossError(absl::StrCat(path, ": offset ", *offset + pos, ": truncated record"));
      break;
    }
    r.block = buf.substr(block_start, length);
    pos = block_start + length + 4;
    go_on = fn(r);
  }
  buf.erase(0, pos);
  *offset += pos;
  return go_on;
}

}  // namespace

absl::Status ReadWarc(const std::string& path, const std::function<bool(const WarcRecord&)>& fn) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return ErrnoToStatus(errno, path);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, std::fclose);
  std::string in(kChunk, '\0');
  size_t n = std::fread(in.data(), 1, in.size(), f);
  in.resize(n);
  const bool gz = n >= 2 && static_cast<unsigned char>(in[0]) == 0x1f && static_cast<unsigned char>(in[1]) == 0x8b;
  std::string buf;
  uint64_t offset = 0;
  z_stream zs{};
  if (gz && inflateInit2(&zs, 15 + 32) != Z_OK) return absl::InternalError("zlib: inflateInit2 failed");
  absl::Status status;
  while (true) {
    if (gz) {
      zs.next_in = reinterpret_cast<Bytef*>(in.data());
      zs.avail_in = static_cast<uInt>(in.size());
      while (zs.avail_in > 0) {
        char out[kChunk];
        zs.next_out = reinterpret_cast<Bytef*>(out);
        zs.avail_out = sizeof(out);
        int rc = inflate(&zs, Z_NO_FLUSH);
        buf.append(out, sizeof(out) - zs.avail_out);
        if (rc == Z_STREAM_END) {
          inflateReset(&zs);  // next gzip member
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
          inflateEnd(&zs);
          return absl::DataLossError(absl::StrCat(path, ": corrupt gzip data"));
        }
      }
    } else {
      buf += in;
    }
    bool eof = n == 0;
    auto more = ParseRecords(buf, &offset, eof, path, fn);
    if (!more.ok() || !*more || eof) {
      if (more.ok() && eof && !buf.empty()) status = absl::DataLossError(absl::StrCat(path, ": trailing bytes"));
      if (!more.ok()) status = more.status();
      break;
    }
    in.resize(kChunk);
    n = std::fread(in.data(), 1, in.size(), f);
    in.resize(n);
  }
  if (gz) inflateEnd(&zs);
  return status;
}

}  // namespace admon::crawler
