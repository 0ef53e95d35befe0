// Copyright 2026 The admon Authors.
//
// Fuzz target: URL parsing, resolution and canonicalisation (crawler/url.h).
// Input: "<url>" or "<base>\n<ref>". Checked contract: canonicalisation is
// idempotent (Canonicalize(Canonicalize(u)) == Canonicalize(u)) and its
// output parses with ParseUrl.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/url.h"

namespace {

// 8 KiB: longer than any URL the crawler keeps (browsers/servers cap ~8 KB).
constexpr size_t kMaxInputBytes = 8u << 10;

const std::vector<std::string> kStrip = {"utm_source", "utm_medium", "ref", "sid"};

void CheckCanonical(std::string_view url) {
  auto c1 = admon::crawler::CanonicalizeUrl(url, kStrip);
  if (!c1.ok()) return;
  auto c2 = admon::crawler::CanonicalizeUrl(*c1, kStrip);
  if (!c2.ok() || *c2 != *c1) {
    std::fprintf(stderr, "CanonicalizeUrl not idempotent:\n  in:  %s\n  1st: %s\n  2nd: %s\n",
                 std::string(url).c_str(), c1->c_str(), c2.ok() ? c2->c_str() : std::string(c2.status().message()).c_str());
    std::abort();
  }
  auto parsed = admon::crawler::ParseUrl(*c1);
  if (!parsed.ok()) {
    std::fprintf(stderr, "canonical URL does not parse: %s: %s\n", c1->c_str(),
                 std::string(parsed.status().message()).c_str());
    std::abort();
  }
  (void)parsed->HostKey();
  (void)parsed->Origin();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return -1;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t nl = in.find('\n');
  const std::string_view first = in.substr(0, nl);
  CheckCanonical(first);
  (void)admon::crawler::NormalizePercentEncoding(first);
  (void)admon::crawler::IsPrivateIpLiteral(first);
  if (nl != std::string_view::npos) {
    auto resolved = admon::crawler::ResolveUrl(first, in.substr(nl + 1));
    if (resolved.ok()) CheckCanonical(*resolved);
  }
  return 0;
}
