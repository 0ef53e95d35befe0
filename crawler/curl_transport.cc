// Copyright 2026 The admon Authors.
//
// libcurl multi implementation of Transport.
#include <curl/curl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "crawler/transport.h"
#include "crawler/url.h"

namespace admon::crawler {
namespace {

std::once_flag g_curl_init;

struct Transfer {
  FetchRequest req;
  FetchResult res;
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  bool blocked = false;
  bool oversize = false;
};

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (absl::StartsWith(AV(line), "HTTP/")) {
    t->res.headers.clear();  // a new response (after 1xx or an auth retry)
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    t->res.headers.emplace_back(std::string(absl::StripAsciiWhitespace(AV(line.substr(0, colon)))),
                                std::string(absl::StripAsciiWhitespace(AV(line.substr(colon + 1)))));
  }
  return size * n;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  if (t->res.body.size() + len > t->req.max_body) {
    t->res.body.append(data, t->req.max_body - t->res.body.size());
    t->oversize = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  t->res.body.append(data, len);
  return len;
}

int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type != CURLINFO_HEADER_OUT) return 0;
  auto* t = static_cast<Transfer*>(user);
  t->res.request_headers.clear();
  std::string_view block(data, size);
  bool first = true;
  while (!block.empty()) {
    size_t eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    if (first) {
      first = false;
      continue;  // request line
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    t->res.request_headers.emplace_back(std::string(line.substr(0, colon)),
                                        std::string(absl::StripAsciiWhitespace(AV(line.substr(colon + 1)))));
  }
  return 0;
}

curl_socket_t OnOpenSocket(void* user, curlsocktype, struct curl_sockaddr* addr) {
  auto* t = static_cast<Transfer*>(user);
  if (!t->req.allow_private_addresses && t->req.proxy.empty() && IsPrivateAddress(&addr->addr)) {
    t->blocked = true;
    return CURL_SOCKET_BAD;
  }
  return socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
}

// RFC 9110 8.6: Content-Length = 1*DIGIT. libcurl reads "12abc" as 12 and
// would hand back a silently cut body as a complete response. Returns the
// offending value, or "" when every Content-Length is well formed.
std::string MalformedContentLength(const store::HeaderList& headers) {
  for (const auto& [k, v] : headers) {
    if (!absl::EqualsIgnoreCase(k, "Content-Length")) continue;
    if (v.empty() || v.size() > 19 || !std::all_of(v.begin(), v.end(), absl::ascii_isdigit)) return v.substr(0, 40);
  }
  return "";
}

long Ms(absl::Duration d) { return static_cast<long>(absl::ToInt64Milliseconds(d)); }

class CurlTransport final : public Transport {
 public:
  CurlTransport() {
    std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    multi_ = curl_multi_init();
    curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  }
  ~CurlTransport() override {
    for (auto& [easy, t] : transfers_) {
      curl_multi_remove_handle(multi_, easy);
      curl_easy_cleanup(easy);
      curl_slist_free_all(t->header_list);
    }
    curl_multi_cleanup(multi_);
    for (auto& [name, share] : shares_) curl_share_cleanup(share);
  }

  void Start(FetchRequest request) override {
    auto t = std::make_unique<Transfer>();
    t->req = std::move(request);
    t->res.id = t->req.id;
    t->res.url = t->req.url;
    CURL* e = curl_easy_init();
    t->easy = e;
    const FetchRequest& r = t->req;
    curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, Ms(r.connect_timeout));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, Ms(r.timeout));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(r.low_speed_limit));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(absl::ToInt64Seconds(r.low_speed_time)));
    curl_easy_setopt(e, CURLOPT_USERAGENT, r.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, OnDebug);
    curl_easy_setopt(e, CURLOPT_DEBUGDATA, t.get());
    curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);  // needed for the debug callback; nothing is printed
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
    if (!r.keep_prefix && r.max_body < (uint64_t{1} << 62)) {
      curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_body));
    }
    curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");  // enable the cookie engine (in memory)
    if (!r.cookie_jar.empty()) curl_easy_setopt(e, CURLOPT_SHARE, Share(r.cookie_jar));
    if (!r.cookie.empty()) curl_easy_setopt(e, CURLOPT_COOKIE, r.cookie.c_str());
    if (!r.proxy.empty()) curl_easy_setopt(e, CURLOPT_PROXY, r.proxy.c_str());
    if (r.method == "POST") {
      curl_easy_setopt(e, CURLOPT_POST, 1L);
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(r.post_body.size()));
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.post_body.c_str());
    }
    for (const auto& [k, v] : r.headers) t->header_list = curl_slist_append(t->header_list, absl::StrCat(k, ": ", v).c_str());
    if (t->header_list != nullptr) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->header_list);
    curl_multi_add_handle(multi_, e);
    transfers_[e] = std::move(t);
  }

  std::vector<FetchResult> Wait(absl::Duration max_wait) override {
    std::vector<FetchResult> done;
    int running = 0;
    curl_multi_perform(multi_, &running);
    Collect(&done);
    if (done.empty()) {
      int timeout = static_cast<int>(std::clamp<int64_t>(absl::ToInt64Milliseconds(max_wait), 0, 60000));
      if (timeout > 0) curl_multi_poll(multi_, nullptr, 0, timeout, nullptr);
      curl_multi_perform(multi_, &running);
      Collect(&done);
    }
    return done;
  }

  size_t in_flight() const override { return transfers_.size(); }

 private:
  CURLSH* Share(const std::string& jar) {
    auto it = shares_.find(jar);
    if (it != shares_.end()) return it->second;
    CURLSH* s = curl_share_init();
    curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
    curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    shares_[jar] = s;
    return s;
  }

  void Collect(std::vector<FetchResult>* done) {
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      CURL* e = m->easy_handle;
      CURLcode code = m->data.result;
      auto it = transfers_.find(e);
      if (it == transfers_.end()) continue;
      std::unique_ptr<Transfer> t = std::move(it->second);
      transfers_.erase(it);
      FetchResult& res = t->res;
      res.end = absl::Now();
      long status = 0;
      curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
      res.status = static_cast<int>(status);
      char* ip = nullptr;
      if (curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) res.ip = ip;
      char* ct = nullptr;
      if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct != nullptr) res.content_type = ct;
      if (t->oversize || code == CURLE_FILESIZE_EXCEEDED) {
        res.error = "oversize";
        res.truncated = true;
      } else if (t->blocked) {
        res.error = "blocked_private_address";
        res.status = 0;
      } else if (code == CURLE_OPERATION_TIMEDOUT) {
        res.error = "timeout";
        res.status = 0;
      } else if (code != CURLE_OK) {
        res.error = absl::StrCat("network: ", curl_easy_strerror(code));
        res.status = 0;
      } else if (std::string bad = MalformedContentLength(res.headers); !bad.empty()) {
        res.error = absl::StrCat("network: malformed Content-Length \"", bad, "\"");
        res.status = 0;
      }
      curl_multi_remove_handle(multi_, e);
      curl_easy_cleanup(e);
      curl_slist_free_all(t->header_list);
      done->push_back(std::move(res));
    }
  }

  CURLM* multi_ = nullptr;
  std::map<CURL*, std::unique_ptr<Transfer>> transfers_;
  std::map<std::string, CURLSH*> shares_;
};

}  // namespace

std::unique_ptr<Transport> NewCurlTransport() { return std::make_unique<CurlTransport>(); }

std::string FindHeader(const store::HeaderList& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (absl::EqualsIgnoreCase(k, AV(name))) return v;
  }
  return "";
}

}  // namespace admon::crawler
