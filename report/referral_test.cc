// Copyright 2026 The admon Authors.
#include "report/referral.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "common/files.h"
#include "common/sha256.h"
#include "gtest/gtest.h"
#include "report/test_model.h"

namespace admon::report {
namespace {

ReferralModel MakeReferral() {
  const ReportModel rm = testing::MakeModel();
  const ClusterView& c = rm.clusters[1];
  ReferralModel m;
  m.created_at = "2026-11-23T20:05:00Z";
  m.created_by = "analyst";
  m.subject_kind = "cluster";
  m.subject_id = c.id;
  m.force = "West Yorkshire Police";
  m.force_reason = "most recent advert town Leeds -> West Yorkshire Police (gazetteer)";
  m.other_forces = {"Greater Manchester Police"};
  m.score = c.score;
  m.flag = c.flag;
  m.hits = c.adverts[0].hits;
  m.phones = c.phones;
  m.adverts = c.adverts;
  m.locations = {{"Leeds", "West Yorkshire Police", "2026-11-20T10:00:00Z", "2026-11-23T09:00:00Z", 2},
                 {"Manchester", "Greater Manchester Police", "2026-11-21T10:00:00Z", "2026-11-22T09:00:00Z", 1}};
  m.captures = {{"https://siteA.example/ad/siteA:100", "2026-11-23T09:00:00Z", 200, "text/html; charset=utf-8", "",
                 "<html><script>alert(1)</script>ad 100</html>"},
                {"https://siteA.example/ad/siteA:101", "2026-11-22T09:00:00Z", 200, "text/html", "",
                 "<html>ad 101</html>"}};
  m.captures[1].sha256 = Sha256Hex(m.captures[1].body);
  m.images = {{"", "https://siteA.example/i/1.png", "2026-11-23T09:00:01Z", std::string("\x89PNG\r\n\x1a\n", 8) + "x"}};
  return m;
}

std::string OutDir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "/referral_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(WriteReferralTest, ManifestVerifiesWithSha256sum) {
  const std::string dir = OutDir("manifest");
  ReferralModel m = MakeReferral();
  m.write_warc = [](const std::string& path) { return WriteFileOwnerOnly(path, "WARC/1.0\r\nfake\r\n"); };
  ASSERT_TRUE(WriteReferral(m, dir).ok());
  const std::string cmd = "cd '" + dir + "' && sha256sum --quiet -c manifest.sha256 >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  auto manifest = ReadFile(dir + "/manifest.sha256");
  ASSERT_TRUE(manifest.ok());
  for (const char* f : {"  referral.html\n", "  referral.json\n", "  evidence/captures.warc.gz\n",
                        "  evidence/images/"}) {
    EXPECT_NE(manifest->find(f), std::string::npos) << f;
  }
  // Tampering is detected.
  ASSERT_TRUE(WriteFileOwnerOnly(dir + "/referral.json", "{}").ok());
  EXPECT_NE(std::system(cmd.c_str()), 0);
}

TEST(WriteReferralTest, FilesOwnerOnlyAndDirectoriesPrivate) {
  const std::string dir = OutDir("modes");
  ASSERT_TRUE(WriteReferral(MakeReferral(), dir).ok());
  int files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    struct stat st {};
    ASSERT_EQ(::stat(e.path().c_str(), &st), 0);
    if (e.is_directory()) {
      EXPECT_EQ(st.st_mode & 0777, 0700u) << e.path();
    } else {
      EXPECT_EQ(st.st_mode & 0777, 0600u) << e.path();
      ++files;
    }
  }
  EXPECT_EQ(files, 6);  // 2 captures, 1 image, json, html, manifest
}

TEST(WriteReferralTest, JsonListsEvidenceWithUrlsTimesAndIntegrity) {
  const std::string dir = OutDir("json");
  ASSERT_TRUE(WriteReferral(MakeReferral(), dir).ok());
  auto text = ReadFile(dir + "/referral.json");
  ASSERT_TRUE(text.ok());
  const auto j = nlohmann::json::parse(*text);
  EXPECT_EQ(j["reference"], "ADM-20261123-C00000001");
  EXPECT_EQ(j["routing"]["force"], "West Yorkshire Police");
  ASSERT_EQ(j["evidence"].size(), 3u);
  EXPECT_EQ(j["evidence"][0]["url"], "https://siteA.example/ad/siteA:100");
  EXPECT_EQ(j["evidence"][0]["fetched"], "2026-11-23T09:00:00Z");
  EXPECT_EQ(j["evidence"][0]["integrity"], "not recorded");
  EXPECT_EQ(j["evidence"][1]["integrity"], "ok");
  EXPECT_EQ(j["captures"].size(), 2u);
  EXPECT_FALSE(j["captures"][0].contains("body"));
  auto body = ReadFile(dir + "/" + j["evidence"][0]["path"].get<std::string>());
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, "<html><script>alert(1)</script>ad 100</html>");  // evidence kept byte-exact
}

TEST(WriteReferralTest, HtmlIsSelfContainedAndEscaped) {
  const std::string dir = OutDir("html");
  ASSERT_TRUE(WriteReferral(MakeReferral(), dir).ok());
  auto html = ReadFile(dir + "/referral.html");
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(html->find("<script"), std::string::npos);
  EXPECT_EQ(html->find("src=\"http"), std::string::npos);
  EXPECT_NE(html->find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html->find("URGENT SAFEGUARDING"), std::string::npos);
  EXPECT_NE(html->find("sha256sum -c manifest.sha256"), std::string::npos);
}

TEST(WriteReferralTest, RefusesNonEmptyDirectoryAndMissingSubject) {
  const std::string dir = OutDir("twice");
  ASSERT_TRUE(WriteReferral(MakeReferral(), dir).ok());
  EXPECT_EQ(WriteReferral(MakeReferral(), dir).code(), absl::StatusCode::kAlreadyExists);
  ReferralModel m = MakeReferral();
  m.subject_id.clear();
  EXPECT_EQ(WriteReferral(m, OutDir("nosubject")).code(), absl::StatusCode::kInvalidArgument);
}

TEST(WriteReferralTest, WarcFailureIsReportedWithPath) {
  ReferralModel m = MakeReferral();
  m.write_warc = [](const std::string&) { return absl::InternalError("disk full"); };
  const absl::Status s = WriteReferral(m, OutDir("warcfail"));
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_NE(std::string(s.message()).find("captures.warc.gz"), std::string::npos);
}

TEST(SuggestSafeguardingTest, YouthControlAndMovement) {
  ReferralModel m = MakeReferral();
  m.hits.push_back({"third_party_booking", "control", 1.0, "ring my manager", "description", 0, 5});
  const auto s = SuggestSafeguarding(m);
  ASSERT_GE(s.size(), 4u);
  EXPECT_NE(s[0].find("URGENT SAFEGUARDING"), std::string::npos);
  EXPECT_NE(s[1].find("third-party control"), std::string::npos);
  bool movement = false;
  for (const auto& x : s) movement |= x.find("Advertised in 2 towns: Leeds; Manchester") != std::string::npos;
  EXPECT_TRUE(movement);
  EXPECT_NE(s.back().find("not proof"), std::string::npos);
}

TEST(SuggestSafeguardingTest, NoIndicatorsOnlyTheCaveat) {
  ReferralModel m;
  m.subject_kind = "advert";
  m.subject_id = "siteA:1";
  const auto s = SuggestSafeguarding(m);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_NE(s[0].find("not proof"), std::string::npos);
}

}  // namespace
}  // namespace admon::report
