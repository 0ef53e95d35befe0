// Copyright 2026 The admon Authors.
#include "tests/hostile_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <list>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "opencv2/core.hpp"
#include "opencv2/imgcodecs.hpp"

namespace admon::testing {
namespace {

constexpr size_t kMaxRequestBytes = 64 << 10;  // a request head larger than this is dropped
constexpr size_t kBombBlock = 1 << 20;         // zeros per repeated deflate block

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 404: return "Not Found";
    default: return "Status";
  }
}

void AppendBe32(std::string* s, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s->push_back(static_cast<char>((v >> shift) & 0xFF));
}
void AppendLe32(std::string* s, uint32_t v) {
  for (int shift = 0; shift <= 24; shift += 8) s->push_back(static_cast<char>((v >> shift) & 0xFF));
}

// Runs deflate over `in` with `flush`, returning what it wrote.
std::string DeflateSome(z_stream* z, const std::string& in, int flush) {
  std::string out;
  z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z->avail_in = static_cast<uInt>(in.size());
  char buf[1 << 16];
  do {
    z->next_out = reinterpret_cast<Bytef*>(buf);
    z->avail_out = sizeof(buf);
    deflate(z, flush);
    out.append(buf, sizeof(buf) - z->avail_out);
  } while (z->avail_out == 0 || z->avail_in > 0);
  return out;
}

std::string GzipWrap(const std::string& raw_deflate, uint32_t crc, uint64_t size) {
  std::string g("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  g += raw_deflate;
  AppendLe32(&g, crc);
  AppendLe32(&g, static_cast<uint32_t>(size & 0xFFFFFFFFu));
  return g;
}

std::string Gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string out = DeflateSome(&z, data, Z_FINISH);
  deflateEnd(&z);
  return out;
}

std::string Chunk(std::string_view data) { return absl::StrFormat("%x\r\n%s\r\n", data.size(), data); }

}  // namespace

// --- The poll loop ----------------------------------------------------------

class HostileServer::Loop {
 public:
  Loop(HostileServer* server, int listen_fd) : server_(server), listen_fd_(listen_fd) {
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    thread_ = std::thread([this] { Run(); });
  }
  ~Loop() {
    stop_ = true;
    uint64_t one = 1;
    (void)!write(wake_fd_, &one, sizeof(one));
    thread_.join();
    for (Conn& c : conns_) close(c.fd);
    close(listen_fd_);
    close(wake_fd_);
  }

 private:
  struct Conn {
    int fd = -1;
    std::string in;
    bool responding = false;
    Reply reply;
    std::string out;   // bytes queued for sending
    size_t off = 0;    // of `out` already sent
    size_t body_dripped = 0;
    absl::Time next_drip = absl::InfiniteFuture();
    bool done = false;  // close after `out` drains
  };

  void Run() {
    while (!stop_) {
      std::vector<pollfd> fds = {{wake_fd_, POLLIN, 0}, {listen_fd_, POLLIN, 0}};
      absl::Time now = absl::Now();
      absl::Time wake = absl::InfiniteFuture();
      for (Conn& c : conns_) {
        short ev = POLLIN;
        if (c.off < c.out.size()) ev |= POLLOUT;
        fds.push_back({c.fd, ev, 0});
        wake = std::min(wake, c.next_drip);
      }
      int timeout = -1;
      if (wake != absl::InfiniteFuture()) {
        timeout = static_cast<int>(std::max<int64_t>(0, absl::ToInt64Milliseconds(wake - now) + 1));
      }
      if (poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) return;
      if (stop_) return;
      if (fds[1].revents & POLLIN) Accept();
      size_t i = 2;
      for (auto it = conns_.begin(); it != conns_.end(); ++i) {
        bool keep = i < fds.size() ? Service(*it, fds[i].revents) : true;
        if (keep) {
          ++it;
        } else {
          close(it->fd);
          it = conns_.erase(it);
        }
      }
    }
  }

  void Accept() {
    while (true) {
      int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      conns_.emplace_back();
      conns_.back().fd = fd;
    }
  }

  // Returns false when the connection is finished (caller closes it).
  bool Service(Conn& c, short revents) {
    if (revents & (POLLERR | POLLNVAL)) return false;
    if (revents & (POLLIN | POLLHUP)) {
      char buf[4096];
      ssize_t n = recv(c.fd, buf, sizeof(buf), 0);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return false;  // client gone
      if (n > 0 && !c.responding) {
        c.in.append(buf, static_cast<size_t>(n));
        if (c.in.size() > kMaxRequestBytes) return false;
        if (c.in.find("\r\n\r\n") != std::string::npos) Respond(c);
      }
    }
    if (!c.responding) return true;
    absl::Time now = absl::Now();
    if (c.reply.mode == Reply::Mode::kDrip && now >= c.next_drip) {
      if (c.body_dripped < c.reply.body.size()) {
        c.out.push_back(c.reply.body[c.body_dripped++]);
        c.next_drip = now + server_->options_.drip_interval;
      } else {
        c.next_drip = absl::InfiniteFuture();
        c.done = true;
      }
    }
    while (c.off < c.out.size()) {
      ssize_t n = send(c.fd, c.out.data() + c.off, c.out.size() - c.off, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
        return false;  // reset by the client (e.g. it hit its size limit)
      }
      c.off += static_cast<size_t>(n);
      if (c.reply.mode == Reply::Mode::kEndless && c.off == c.out.size()) {
        c.out.assign(endless_chunk_);  // next chunk; never ends
        c.off = 0;
        return true;  // let other connections run
      }
    }
    if (!c.done) return true;
    if (c.reply.mode == Reply::Mode::kReset) {
      linger l{.l_onoff = 1, .l_linger = 0};
      setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
    } else {
      shutdown(c.fd, SHUT_WR);
    }
    return false;
  }

  void Respond(Conn& c) {
    std::string path = "/";
    size_t sp1 = c.in.find(' ');
    size_t sp2 = sp1 == std::string::npos ? std::string::npos : c.in.find(' ', sp1 + 1);
    if (sp2 != std::string::npos) path = c.in.substr(sp1 + 1, sp2 - sp1 - 1);
    {
      std::lock_guard<std::mutex> l(server_->mu_);
      server_->paths_.push_back(path);
      auto it = server_->routes_.find(path);
      c.reply = it != server_->routes_.end() ? it->second : Whole("not found", "text/plain", 404);
    }
    c.responding = true;
    c.out = c.reply.head;
    switch (c.reply.mode) {
      case Reply::Mode::kWhole:
      case Reply::Mode::kReset:
        c.out += c.reply.body;
        c.done = true;
        break;
      case Reply::Mode::kDrip:
        c.next_drip = absl::Now() + server_->options_.drip_interval;
        break;
      case Reply::Mode::kEndless:
        if (endless_chunk_.empty()) {
          std::string data;
          while (data.size() < server_->options_.endless_chunk_bytes) data += "<p>endless</p>\n";
          endless_chunk_ = Chunk(data);
        }
        break;
    }
  }

  HostileServer* server_;
  int listen_fd_;
  int wake_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::list<Conn> conns_;  // loop thread only
  std::string endless_chunk_;
  std::thread thread_;
};

absl::StatusOr<std::unique_ptr<HostileServer>> HostileServer::Start(const HostileOptions& options) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  if (inet_pton(AF_INET, options.address.c_str(), &addr.sin_addr) != 1 ||
      (ntohl(addr.sin_addr.s_addr) >> 24) != 127) {
    return absl::InvalidArgumentError(absl::StrCat("hostile server: ", options.address, " is not in 127.0.0.0/8"));
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError(absl::StrCat("hostile server: socket: ", std::strerror(errno)));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(fd, 64) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    int err = errno;
    close(fd);
    return absl::InternalError(absl::StrCat("hostile server: bind ", options.address, ": ", std::strerror(err)));
  }
  std::unique_ptr<HostileServer> s(new HostileServer());
  s->options_ = options;
  s->port_ = ntohs(addr.sin_port);
  s->loop_ = std::make_unique<Loop>(s.get(), fd);
  return s;
}

HostileServer::~HostileServer() { loop_.reset(); }

void HostileServer::Route(const std::string& path, Reply reply) {
  std::lock_guard<std::mutex> l(mu_);
  routes_[path] = std::move(reply);
}

std::string HostileServer::Url(const std::string& path) const { return absl::StrCat("http://", HostKey(), path); }
std::string HostileServer::HostKey() const { return absl::StrCat(options_.address, ":", port_); }

int64_t HostileServer::Requests(const std::string& path) const {
  std::lock_guard<std::mutex> l(mu_);
  return std::count(paths_.begin(), paths_.end(), path);
}

std::vector<std::string> HostileServer::Paths() const {
  std::lock_guard<std::mutex> l(mu_);
  return paths_;
}

// --- Replies ---------------------------------------------------------------

Reply Whole(std::string body, const std::string& content_type, int status, const std::string& extra_headers) {
  Reply r;
  r.head = absl::StrCat("HTTP/1.1 ", status, " ", Reason(status), "\r\nContent-Type: ", content_type,
                        "\r\nContent-Length: ", body.size(), "\r\nConnection: close\r\n", extra_headers, "\r\n");
  r.body = std::move(body);
  return r;
}

Reply Redirect(const std::string& location, int status) {
  return Whole("", "text/html", status, absl::StrCat("Location: ", location, "\r\n"));
}

Reply SlowDrip(std::string body) {
  Reply r = Whole(std::move(body));
  r.mode = Reply::Mode::kDrip;
  return r;
}

Reply EndlessChunked(const std::string& content_type) {
  Reply r;
  r.mode = Reply::Mode::kEndless;
  r.head = absl::StrCat("HTTP/1.1 200 OK\r\nContent-Type: ", content_type,
                        "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
  return r;
}

Reply ResetMidBody(size_t announced, size_t sent) {
  std::string body;
  while (body.size() < sent) body += "<p>reset me</p>\n";
  body.resize(sent);
  Reply r;
  r.mode = Reply::Mode::kReset;
  r.head = absl::StrCat("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ", announced,
                        "\r\nConnection: close\r\n\r\n");
  r.body = std::move(body);
  return r;
}

Reply Raw(std::string bytes) {
  Reply r;
  r.head = std::move(bytes);
  return r;
}

// --- Hostile bodies ---------------------------------------------------------

std::string GzipZeros(uint64_t inflated_bytes, int layers) {
  uint64_t blocks = std::max<uint64_t>(2, (inflated_bytes + kBombBlock - 1) / kBombBlock);
  const std::string zeros(kBombBlock, '\0');
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string first = DeflateSome(&z, zeros, Z_FULL_FLUSH);
  std::string repeat = DeflateSome(&z, zeros, Z_FULL_FLUSH);  // state after a full flush repeats
  std::string tail = DeflateSome(&z, "", Z_FINISH);
  deflateEnd(&z);
  std::string raw = first;
  raw.reserve(first.size() + repeat.size() * (blocks - 1) + tail.size());
  for (uint64_t i = 1; i < blocks; ++i) raw += repeat;
  raw += tail;
  uLong block_crc = crc32(0, reinterpret_cast<const Bytef*>(zeros.data()), static_cast<uInt>(zeros.size()));
  uLong crc = block_crc;
  for (uint64_t i = 1; i < blocks; ++i) crc = crc32_combine(crc, block_crc, static_cast<z_off_t>(kBombBlock));
  std::string out = GzipWrap(raw, static_cast<uint32_t>(crc), blocks * kBombBlock);
  for (int i = 1; i < layers; ++i) out = Gzip(out);
  return out;
}

namespace {

// Inflates `data` through layers[level..]; adds the innermost output size to `total`.
bool Feed(std::vector<z_stream>& zs, size_t level, const Bytef* data, size_t len, int64_t* total) {
  z_stream& z = zs[level];
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(len);
  Bytef buf[1 << 16];
  while (true) {
    z.next_out = buf;
    z.avail_out = sizeof(buf);
    int rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return false;
    size_t produced = sizeof(buf) - z.avail_out;
    if (level + 1 < zs.size()) {
      if (produced > 0 && !Feed(zs, level + 1, buf, produced, total)) return false;
    } else {
      *total += static_cast<int64_t>(produced);
    }
    if (rc == Z_STREAM_END || (z.avail_in == 0 && z.avail_out != 0)) return true;
  }
}

}  // namespace

int64_t InflatedSize(const std::string& gzip, int layers) {
  std::vector<z_stream> zs(static_cast<size_t>(layers));
  for (z_stream& z : zs) inflateInit2(&z, 15 + 16);
  int64_t total = 0;
  bool ok = Feed(zs, 0, reinterpret_cast<const Bytef*>(gzip.data()), gzip.size(), &total);
  for (z_stream& z : zs) inflateEnd(&z);
  return ok ? total : -1;
}

std::string NestedTagsHtml(int depth, int unclosed, const std::string& inner) {
  std::string html = "<!doctype html><html><head><title>Nested advert</title></head><body>";
  html.reserve(html.size() + static_cast<size_t>(depth) * 5 + static_cast<size_t>(unclosed) * 9 + inner.size());
  for (int i = 0; i < depth; ++i) html += "<div>";
  html += inner;
  static const char* kUnclosed[] = {"<b>", "<span>", "<p>", "<i>", "<table>"};
  for (int i = 0; i < unclosed; ++i) html += kUnclosed[i % 5];
  return html;  // nothing is ever closed
}

std::string InvalidUtf8Html() {
  return std::string(
      "<!doctype html><html><head><meta charset=\"shift_jis\"><title>Caf\xe9 na\xefve</title></head><body>"
      "<main><h1>Mixed \xc3\xa9 UTF-8 and \xe9 Latin-1</h1>"
      "<p>Stray \x80\xbf continuation, overlong \xc0\xaf, surrogate \xed\xa0\x80, cut \xe2\x82</p>"
      "<p>Independent, Leeds. Call 07700 900111</p></main></body></html>");
}

std::string PngDeclaring(uint32_t width, uint32_t height) {
  auto chunk = [](const std::string& type, const std::string& data) {
    std::string c;
    AppendBe32(&c, static_cast<uint32_t>(data.size()));
    std::string td = type + data;
    c += td;
    AppendBe32(&c, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(td.data()),
                                               static_cast<uInt>(td.size()))));
    return c;
  };
  std::string ihdr;
  AppendBe32(&ihdr, width);
  AppendBe32(&ihdr, height);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, no interlace
  // Two rows of zeros (filter byte + 3 bytes per pixel): a stream that starts
  // like the real thing; the rest of the 10^10 pixels never arrive.
  std::string rows(2 * (1 + 3 * static_cast<size_t>(std::min<uint32_t>(width, 100000))), '\0');
  uLongf n = compressBound(static_cast<uLong>(rows.size()));
  std::string idat(n, '\0');
  compress2(reinterpret_cast<Bytef*>(idat.data()), &n, reinterpret_cast<const Bytef*>(rows.data()),
            static_cast<uLong>(rows.size()), 9);
  idat.resize(n);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", idat) + chunk("IEND", "");
}

namespace {
std::string Jpeg(int width, int height, int seed) {
  cv::Mat img(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>((x * 3 + seed * 40) & 0xFF),
                                          static_cast<uchar>((y * 5 + seed * 17) & 0xFF),
                                          static_cast<uchar>(((x ^ y) + seed * 90) & 0xFF));
    }
  }
  std::vector<uchar> buf;
  cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, 90});
  return std::string(buf.begin(), buf.end());
}
}  // namespace

std::string TruncatedJpeg(int width, int height, double keep_fraction) {
  std::string j = Jpeg(width, height, 3);
  j.resize(static_cast<size_t>(static_cast<double>(j.size()) * keep_fraction));
  return j;
}

std::string SmallJpeg(int seed) { return Jpeg(96, 96, seed); }

std::string ListingHtml(const std::vector<std::string>& advert_names) {
  std::string html = "<!doctype html><html><head><title>Listing</title></head><body><main><ul>";
  for (const auto& name : advert_names) absl::StrAppend(&html, "<li><a href=\"/advert/", name, "\">", name, "</a></li>");
  return html + "</ul></main></body></html>";
}

std::string AdvertHtml(const std::string& name, const std::string& image_path) {
  uint32_t h = 0;
  for (char c : name) h = h * 31 + static_cast<unsigned char>(c);
  std::string html = absl::StrCat("<!doctype html><html><head><title>Advert ", name,
                                  "</title></head><body><main><h1>Advert ", name,
                                  "</h1><p>Independent, Leeds. Call 07700 900", absl::StrFormat("%03d", h % 1000),
                                  "</p>");
  if (!image_path.empty()) absl::StrAppend(&html, "<img src=\"", image_path, "\">");
  return html + "</main></body></html>";
}

}  // namespace admon::testing
