// Copyright 2026 The admon Authors.
#include "crawler/url.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status.h"

namespace admon::crawler {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

std::string GetPart(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* s = nullptr;
  if (curl_url_get(u, part, &s, flags) != CURLUE_OK || s == nullptr) return "";
  std::string out(s);
  curl_free(s);
  return out;
}

absl::Status Invalid(std::string_view url, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("URL \"", AV(url.substr(0, 200)), "\": ", AV(why)));
}

absl::StatusOr<UrlHandle> Parse(std::string_view url) {
  UrlHandle u(curl_url());
  std::string s(url);
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, s.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK) return Invalid(url, curl_url_strerror(rc));
  std::string scheme = absl::AsciiStrToLower(GetPart(u.get(), CURLUPART_SCHEME));
  if (scheme != "http" && scheme != "https") return Invalid(url, "only http and https are allowed");
  if (GetPart(u.get(), CURLUPART_HOST).empty()) return Invalid(url, "no host");
  return u;
}

bool IsUnreserved(unsigned char c) {
  return absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 section 5.2.4. curl removes dot segments before percent-decoding,
// so "/%2E/a" only becomes "/./a" in NormalizePercentEncoding; removing them
// again keeps the canonical form a fixed point (found by fuzz/url_fuzzer).
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  auto pop_segment = [&out] {
    const size_t slash = out.rfind('/');
    out.erase(slash == std::string::npos ? 0 : slash);
  };
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./") || in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../")) {
      in.remove_prefix(3);
      pop_segment();
    } else if (in == "/..") {
      in = "/";
      pop_segment();
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      size_t end = in.find('/', 1);
      if (end == std::string_view::npos) end = in.size();
      out.append(in.substr(0, end));
      in.remove_prefix(end);
    }
  }
  return out;
}

}  // namespace

std::string ParsedUrl::HostKey() const { return absl::StrCat(host, ":", port); }

std::string ParsedUrl::Origin() const {
  std::string h = host.find(':') != std::string::npos ? absl::StrCat("[", host, "]") : host;
  bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  return default_port ? absl::StrCat(scheme, "://", h) : absl::StrCat(scheme, "://", h, ":", port);
}

std::string NormalizePercentEncoding(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexVal(s[i + 1]) >= 0 && HexVal(s[i + 2]) >= 0) {
      unsigned char c = static_cast<unsigned char>(HexVal(s[i + 1]) * 16 + HexVal(s[i + 2]));
      if (IsUnreserved(c)) {
        out.push_back(static_cast<char>(c));
      } else {
        out.push_back('%');
        out.push_back(absl::ascii_toupper(s[i + 1]));
        out.push_back(absl::ascii_toupper(s[i + 2]));
      }
      i += 2;
    } else if (s[i] == '%') {
      out.append("%25");  // a stray '%' (as browsers send it); left bare, "%3%32" would decode to "%32" then "2"
    } else if (static_cast<unsigned char>(s[i]) <= 0x20 || static_cast<unsigned char>(s[i]) >= 0x7f) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      unsigned char c = static_cast<unsigned char>(s[i]);
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

absl::StatusOr<ParsedUrl> ParseUrl(std::string_view url) {
  ADMON_ASSIGN_OR_RETURN(UrlHandle u, Parse(url));
  ParsedUrl p;
  p.scheme = absl::AsciiStrToLower(GetPart(u.get(), CURLUPART_SCHEME));
  p.host = absl::AsciiStrToLower(GetPart(u.get(), CURLUPART_HOST));
  // curl decodes %-escapes in a host once, and applies its IPv4 shorthand
  // rules ("1" -> "0.0.0.1") only to the host as written, so "http://%31/" has
  // host "1" and "http://e%%443/" host "e%d3": canonical forms that change when
  // canonicalised again (found by fuzz/url_fuzzer). A '%' or control byte
  // left after decoding is refused (no DNS name or IP has one; curl refuses
  // them written plainly); a numeric-looking host is parsed once more to reach
  // the fixed point.
  if (std::any_of(p.host.begin(), p.host.end(),
                  [](char c) { return c == '%' || static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; })) {
    return Invalid(url, "'%', space or control character in host after percent-decoding");
  }
  if (!p.host.empty() && p.host.front() != '[' &&
      p.host.find_first_not_of("0123456789abcdefx.") == std::string::npos) {
    ADMON_ASSIGN_OR_RETURN(UrlHandle again, Parse(absl::StrCat("http://", p.host, "/")));
    p.host = absl::AsciiStrToLower(GetPart(again.get(), CURLUPART_HOST));
  }
  if (p.host.size() > 2 && p.host.front() == '[' && p.host.back() == ']') p.host = p.host.substr(1, p.host.size() - 2);
  std::string port = GetPart(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  p.port = port.empty() ? (p.scheme == "https" ? 443 : 80) : std::atoi(port.c_str());
  p.path_query = GetPart(u.get(), CURLUPART_PATH);
  if (p.path_query.empty()) p.path_query.assign(1, '/');
  std::string query = GetPart(u.get(), CURLUPART_QUERY);
  if (!query.empty()) absl::StrAppend(&p.path_query, "?", query);
  return p;
}

absl::StatusOr<std::string> ResolveUrl(std::string_view base, std::string_view ref) {
  ADMON_ASSIGN_OR_RETURN(UrlHandle u, Parse(base));
  std::string r(absl::StripAsciiWhitespace(AV(ref)));
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, r.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK) return Invalid(ref, curl_url_strerror(rc));
  std::string out = GetPart(u.get(), CURLUPART_URL);
  ADMON_RETURN_IF_ERROR(Parse(out).status());
  return out;
}

absl::StatusOr<std::string> CanonicalizeUrl(std::string_view url, const std::vector<std::string>& strip_params) {
  ADMON_ASSIGN_OR_RETURN(ParsedUrl p, ParseUrl(url));
  ADMON_ASSIGN_OR_RETURN(UrlHandle u, Parse(url));
  std::string path = RemoveDotSegments(NormalizePercentEncoding(GetPart(u.get(), CURLUPART_PATH)));
  if (path.empty()) path.assign(1, '/');
  std::string query = GetPart(u.get(), CURLUPART_QUERY);
  std::vector<std::string> params;
  for (absl::string_view part : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    std::string param = NormalizePercentEncoding(SV(part));
    std::string name = param.substr(0, param.find('='));
    if (std::find(strip_params.begin(), strip_params.end(), name) != strip_params.end()) continue;
    params.push_back(std::move(param));
  }
  std::stable_sort(params.begin(), params.end());
  std::string out = absl::StrCat(p.Origin(), path);
  if (!params.empty()) absl::StrAppend(&out, "?", absl::StrJoin(params, "&"));
  return out;
}

bool IsPrivateAddress(const struct sockaddr* addr) {
  if (addr == nullptr) return true;
  if (addr->sa_family == AF_INET) {
    uint32_t a = ntohl(reinterpret_cast<const sockaddr_in*>(addr)->sin_addr.s_addr);
    auto in = [a](uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
    return in(0x7f000000, 8) || in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16) ||
           in(0xa9fe0000, 16) || in(0x64400000, 10) || in(0x00000000, 8) || in(0xe0000000, 4) ||
           a == 0xffffffff;
  }
  if (addr->sa_family == AF_INET6) {
    const uint8_t* b = reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr.s6_addr;
    static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(b, kMapped, 12) == 0) {
      sockaddr_in v4{};
      v4.sin_family = AF_INET;
      std::memcpy(&v4.sin_addr.s_addr, b + 12, 4);
      return IsPrivateAddress(reinterpret_cast<const sockaddr*>(&v4));
    }
    static const uint8_t kZero[15] = {};
    if (std::memcmp(b, kZero, 15) == 0 && (b[15] == 1 || b[15] == 0)) return true;  // ::1, ::
    if ((b[0] & 0xfe) == 0xfc) return true;                                           // fc00::/7
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;                           // fe80::/10
    if (b[0] == 0xff) return true;                                                    // multicast
    return false;
  }
  return true;  // unknown families are not allowed
}

bool IsPrivateIpLiteral(std::string_view host) {
  std::string h(host);
  sockaddr_in v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    return IsPrivateAddress(reinterpret_cast<const sockaddr*>(&v4));
  }
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET6, h.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    return IsPrivateAddress(reinterpret_cast<const sockaddr*>(&v6));
  }
  return false;
}

}  // namespace admon::crawler
