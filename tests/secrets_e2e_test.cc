// Copyright 2026 The admon Authors.
//
// Secrets never reach logs, the store or exported evidence (issue 9): a crawl
// at trace log level with an Authorization header and an age-gate cookie on
// one site and proxy credentials on another; the logs, the WARC export of
// every capture and the daily report must not contain any of them.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testsite/generate.h"
#include "testsite/server.h"
#include "tests/cli_runner.h"

namespace admon::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kHeaderSecret[] = "hdr-s3cret-4711";
constexpr char kProxySecret[] = "pr0xy-pa55";
constexpr char kCookie[] = "over18=1";

// A loopback port nothing listens on (bound, then closed).
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    return 9;  // discard: nothing listens there either
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

std::string Gunzip(const std::string& path) {
  std::string out;
  gzFile f = gzopen(path.c_str(), "rb");  // reads every member of a multi-member file
  if (f == nullptr) return out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

std::string ReadTree(const std::string& dir) {
  std::string all;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) all += ReadWholeFile(e.path().string());
  }
  return all;
}

void ReplaceOnce(std::string* s, const std::string& from, const std::string& to, size_t start = 0) {
  size_t at = s->find(from, start);
  ASSERT_NE(at, std::string::npos) << from;
  s->replace(at, from.size(), to);
}

TEST(SecretsE2E, CredentialsAndCookiesNeverReachLogsEvidenceOrReports) {
  const std::string dir = FreshTempDir("secrets");
  testsite::GenerateOptions gen;
  gen.world = {.seed = 37, .adverts = 30, .days = 1};
  gen.out_dir = dir + "/site";
  ASSERT_TRUE(testsite::Generate(gen).ok());
  auto server = testsite::Server::Start({.data_dir = gen.out_dir, .crawl_delay = absl::Milliseconds(1)});
  ASSERT_TRUE(server.ok()) << server.status();
  std::string yaml = (*server)->SitesYaml();
  ASSERT_THAT(yaml, HasSubstr(kCookie));  // the first site's age gate
  ReplaceOnce(&yaml, R"(headers: {Accept-Language: "en-GB"})",
              std::string(R"(headers: {Accept-Language: "en-GB", Authorization: "Bearer )") + kHeaderSecret + "\"}");
  const size_t second = yaml.find("  - name:", yaml.find("  - name:") + 1);
  ReplaceOnce(&yaml, "    robots: obey\n",
              "    proxy: \"http://agent:" + std::string(kProxySecret) + "@127.0.0.1:" +
                  std::to_string(ClosedPort()) + "\"\n    robots: obey\n",
              second);
  std::ofstream(dir + "/sites.yaml") << yaml;

  const std::vector<std::string> common = {"--db", dir + "/db", "--config", dir + "/sites.yaml", "--indicators",
                                           SourcePath("config/indicators.yaml"), "--gazetteer",
                                           SourcePath("config/gazetteer.yaml")};
  std::vector<std::string> run = {"--log-level", "trace", "run", "--once", "--out", dir + "/reports"};
  run.insert(run.end(), common.begin(), common.end());
  CliResult r = RunAdmon(run);
  ASSERT_LT(r.exit_code, 2) << r;  // the proxied site fails to connect; the run itself must not break
  // The proxied site's failures were logged: where a proxy URL would leak.
  ASSERT_THAT(r.err, HasSubstr("connect")) << r;
  CliResult warc = RunAdmon({"export", "warc", "--db", dir + "/db", "--since", "2000-01-01", "--out",
                             dir + "/all.warc.gz"});
  ASSERT_EQ(warc.exit_code, 0) << warc;
  const std::string evidence = Gunzip(dir + "/all.warc.gz");
  ASSERT_THAT(evidence, HasSubstr("WARC-Type: request")) << "the export holds the request records";
  ASSERT_THAT(evidence, HasSubstr("Authorization")) << "the header was sent (and is shown redacted)";
  const std::string reports = ReadTree(dir + "/reports");
  ASSERT_FALSE(reports.empty());

  for (const char* secret : {kHeaderSecret, kProxySecret, kCookie}) {
    EXPECT_THAT(r.out + r.err, Not(HasSubstr(secret))) << "in the logs";
    EXPECT_THAT(evidence, Not(HasSubstr(secret))) << "in the WARC export";
    EXPECT_THAT(reports, Not(HasSubstr(secret))) << "in the report";
  }
  if (!::testing::Test::HasFailure()) std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace admon::testing
