// Copyright 2026 The admon Authors.
#include "crawler/url.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace admon::crawler {
namespace {

struct CanonCase {
  const char* in;
  const char* want;
};

TEST(CanonicalizeUrlTest, Table) {
  const std::vector<std::string> strip = {"utm_source", "sid", "ref"};
  const CanonCase cases[] = {
      {"HTTP://Example.COM/a/b", "http://example.com/a/b"},
      {"http://example.com:80/x", "http://example.com/x"},
      {"https://example.com:443/x", "https://example.com/x"},
      {"http://example.com:8080/x", "http://example.com:8080/x"},
      {"http://example.com", "http://example.com/"},
      {"http://example.com/a#frag", "http://example.com/a"},
      {"http://example.com/a?b=2&a=1", "http://example.com/a?a=1&b=2"},
      {"http://example.com/a?utm_source=x&id=3&sid=abc", "http://example.com/a?id=3"},
      {"http://example.com/a?ref=1", "http://example.com/a"},
      {"http://example.com/%7euser/%2f", "http://example.com/~user/%2F"},
      {"http://example.com/a%2db", "http://example.com/a-b"},
      {"http://example.com/a/./b/../c", "http://example.com/a/c"},
      {"http://127.0.0.2:18080/advert/1?page=2", "http://127.0.0.2:18080/advert/1?page=2"},
  };
  for (const auto& c : cases) {
    auto got = CanonicalizeUrl(c.in, strip);
    ASSERT_TRUE(got.ok()) << c.in << ": " << got.status();
    EXPECT_EQ(*got, c.want) << c.in;
  }
}

// Found by fuzz/url_fuzzer: canonicalising again must not change a URL, or
// one page is stored under two keys.
TEST(CanonicalizeUrlTest, CanonicalFormIsAFixedPoint) {
  const char* inputs[] = {"http:/%31", "http://127.0.0.2/a/%2E%2e/b/%2E/c", "http://127.0.0.2/%3%321?a=%zz",
                          "http://example.com/%7euser/%2f", "http://example.com/a/./b/../c"};
  for (const char* in : inputs) {
    auto once = CanonicalizeUrl(in);
    if (!once.ok()) continue;  // refused inputs are fine; accepted ones must be stable
    auto twice = CanonicalizeUrl(*once);
    ASSERT_TRUE(twice.ok()) << in << " -> " << *once << ": " << twice.status();
    EXPECT_EQ(*twice, *once) << in;
  }
  EXPECT_EQ(*CanonicalizeUrl("http://127.0.0.2/a/%2E%2e/b/%2E/c"), "http://127.0.0.2/b/c");
  EXPECT_FALSE(CanonicalizeUrl("HTTPS://E%%443/x").ok()) << "a host with '%' left after decoding is refused";
}

TEST(CanonicalizeUrlTest, RejectsNonHttpSchemes) {
  EXPECT_FALSE(CanonicalizeUrl("ftp://example.com/").ok());
  EXPECT_FALSE(CanonicalizeUrl("javascript:alert(1)").ok());
  EXPECT_FALSE(CanonicalizeUrl("mailto:a@b.c").ok());
  EXPECT_FALSE(CanonicalizeUrl("/relative").ok());
}

TEST(ResolveUrlTest, RelativeReferences) {
  EXPECT_EQ(*ResolveUrl("http://a.com/x/y?q=1", "z"), "http://a.com/x/z");
  EXPECT_EQ(*ResolveUrl("http://a.com/x/y", "/advert/2"), "http://a.com/advert/2");
  EXPECT_EQ(*ResolveUrl("http://a.com/x/y", "?page=2"), "http://a.com/x/y?page=2");
  EXPECT_EQ(*ResolveUrl("http://a.com/x/y", "//b.com/p"), "http://b.com/p");
  EXPECT_EQ(*ResolveUrl("http://a.com/x/y", "https://c.com/"), "https://c.com/");
  EXPECT_FALSE(ResolveUrl("http://a.com/", "javascript:void(0)").ok());
}

TEST(ParseUrlTest, HostKeyAndPathQuery) {
  auto p = ParseUrl("http://Example.com/advert/12?x=1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->HostKey(), "example.com:80");
  EXPECT_EQ(p->path_query, "/advert/12?x=1");
  EXPECT_EQ(ParseUrl("https://[::1]:8443/")->HostKey(), "::1:8443");
}

TEST(SsrfGuardTest, PrivateLiterals) {
  for (const char* h : {"127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                        "169.254.169.254", "0.0.0.0", "::1", "fc00::1", "fd12::3", "fe80::1", "::ffff:10.0.0.1"}) {
    EXPECT_TRUE(IsPrivateIpLiteral(h)) << h;
  }
  for (const char* h : {"8.8.8.8", "172.32.0.1", "193.168.1.1", "2001:db8::1", "example.com"}) {
    EXPECT_FALSE(IsPrivateIpLiteral(h)) << h;
  }
}

}  // namespace
}  // namespace admon::crawler
