// Copyright 2026 The admon Authors.
//
// Retention end to end (issue 8): two daily runs against the synthetic site,
// a cluster referred to a force, then `admon purge --older-than 90d` months
// later. Referred evidence and flagged clusters stay whole; everything else
// that is old goes from every column family that held it, the purge is
// audited, a second purge finds nothing, and monitoring carries on.
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "dedupe/dedupe.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "store/captures.h"
#include "store/db.h"
#include "store/record.h"
#include "testsite/generate.h"
#include "testsite/server.h"
#include "tests/cli_runner.h"

namespace admon::testing {
namespace {

using ::testing::HasSubstr;

TEST(RetentionE2E, PurgeKeepsReferredAndFlaggedEvidenceAndDeletesTheRest) {
  const std::string dir = FreshTempDir("retention");
  testsite::GenerateOptions gen;
  gen.world = {.seed = 5, .adverts = 120, .days = 6};
  gen.out_dir = dir + "/site";
  ASSERT_TRUE(testsite::Generate(gen).ok());
  auto server = testsite::Server::Start({.data_dir = gen.out_dir, .crawl_delay = absl::Milliseconds(5)});
  ASSERT_TRUE(server.ok()) << server.status();
  std::ofstream(dir + "/sites.yaml") << (*server)->SitesYaml();
  const std::vector<std::string> common = {"--db", dir + "/db", "--config", dir + "/sites.yaml", "--indicators",
                                           SourcePath("config/indicators.yaml"), "--gazetteer",
                                           SourcePath("config/gazetteer.yaml")};
  auto run = [&](const std::string& as_of) {
    std::vector<std::string> args = {"run", "--out", dir + "/reports", "--once", "--as-of", as_of};
    args.insert(args.end(), common.begin(), common.end());
    return RunAdmon(args);
  };
  ASSERT_EQ(run("2026-03-02").exit_code, 0);
  ASSERT_TRUE((*server)->Advance().ok());
  ASSERT_EQ(run("2026-03-03").exit_code, 0);

  // Refer the top flagged cluster.
  CliResult clusters = RunAdmon({"clusters", "--db", dir + "/db", "--json"});
  ASSERT_EQ(clusters.exit_code, 0) << clusters;
  std::string referred, flagged_unreferred;
  for (const auto& c : nlohmann::json::parse(clusters.out)) {
    if (c["flag"] == "none") continue;
    (referred.empty() ? referred : flagged_unreferred) = c["id"].get<std::string>();
    if (!flagged_unreferred.empty()) break;
  }
  ASSERT_FALSE(referred.empty()) << clusters.out;
  CliResult refer = RunAdmon({"refer", "--db", dir + "/db", "--cluster", referred, "--out", dir + "/ref1"});
  ASSERT_EQ(refer.exit_code, 0) << refer;

  // A dry run deletes nothing.
  std::vector<std::string> purge = {"purge", "--older-than", "90d", "--as-of", "2026-07-01"};
  purge.insert(purge.end(), common.begin(), common.end());
  std::vector<std::string> dry = purge;
  dry.push_back("--dry-run");
  CliResult dry_run = RunAdmon(dry);
  ASSERT_EQ(dry_run.exit_code, 0) << dry_run;
  EXPECT_THAT(dry_run.out, HasSubstr("nothing deleted"));

  CliResult purged = RunAdmon(purge);
  ASSERT_EQ(purged.exit_code, 0) << purged;
  EXPECT_THAT(purged.out, ::testing::ContainsRegex("purged [1-9][0-9]* adverts")) << purged.out;
  // Purged records leave the files, not just the key space (store/compact.h).
  EXPECT_THAT(purged.out, HasSubstr("files compacted")) << purged.out;
  CliResult again = RunAdmon(purge);
  ASSERT_EQ(again.exit_code, 0) << again;
  EXPECT_THAT(again.out, HasSubstr("purged 0 adverts")) << "a second purge must find nothing left";

  {
    auto db = store::Db::Open(dir + "/db");
    ASSERT_TRUE(db.ok()) << db.status();
    auto linker = dedupe::Linker::Open(db->get(), {});
    ASSERT_TRUE(linker.ok()) << linker.status();
    // The referred cluster is whole: members, records and evidence.
    auto c = (*linker)->GetCluster(referred);
    ASSERT_TRUE(c.ok()) << c.status();
    ASSERT_FALSE(c->members.empty());
    store::CaptureStore captures(db->get());
    for (const std::string& m : c->members) {
      auto advert = (*db)->Get(store::Cf::kAdverts, m);
      ASSERT_TRUE(advert.ok() && advert->has_value()) << "referred advert " << m << " purged";
      auto info = (*linker)->GetAdvert(m);
      ASSERT_TRUE(info.ok()) << info.status();
      auto latest = captures.GetLatest(info->url);
      ASSERT_TRUE(latest.ok() && latest->has_value()) << "evidence capture of " << info->url << " purged";
    }
    if (!flagged_unreferred.empty()) {
      EXPECT_TRUE((*linker)->GetCluster(flagged_unreferred).ok());
    }
    // Every advert left is protected: in a flagged cluster or referred.
    std::set<std::string> left;
    ASSERT_TRUE((*db)->Scan(store::Cf::kAdverts, "", [&](std::string_view k, std::string_view) {
      left.emplace(k);
      return true;
    }).ok());
    for (const std::string& id : left) {
      auto root = (*linker)->ClusterOf(id);
      ASSERT_TRUE(root.ok()) << id << ": advert record without dedupe entry: " << root.status();
      std::string key = "cluster";
      key.push_back('\0');
      key += *root;
      auto score = (*db)->Get(store::Cf::kScores, key);
      ASSERT_TRUE(score.ok() && score->has_value()) << *root;
      auto j = store::DecodeRecord(**score, key);
      ASSERT_TRUE(j.ok());
      EXPECT_TRUE(*root == referred || j->value("flag", "none") != "none") << id << " in " << *root << " kept";
    }
    // And every advert the linker still knows has its record.
    ASSERT_TRUE((*linker)->ForEachAdvert([&](const dedupe::AdvertInfo& a) {
      EXPECT_TRUE(left.count(a.id)) << a.id << ": dedupe entry without advert record";
      return true;
    }).ok());
  }

  // The referral can be rebuilt from what was kept, and verifies.
  CliResult refer2 = RunAdmon({"refer", "--db", dir + "/db", "--cluster", referred, "--out", dir + "/ref2"});
  ASSERT_EQ(refer2.exit_code, 0) << refer2;
  EXPECT_EQ(std::system(("cd '" + dir + "/ref2' && sha256sum -c --quiet manifest.sha256").c_str()), 0);

  // The purge is audited and the chain still verifies.
  CliResult audit = RunAdmon({"audit", "list", "--db", dir + "/db"});
  ASSERT_EQ(audit.exit_code, 0) << audit;
  EXPECT_THAT(audit.out, HasSubstr("purge"));
  EXPECT_EQ(RunAdmon({"audit", "verify", "--db", dir + "/db"}).exit_code, 0);

  // Monitoring carries on over the purged database.
  CliResult later = run("2026-07-01");
  EXPECT_EQ(later.exit_code, 0) << later;
  EXPECT_EQ((*server)->Stats()["total"]["violations"].get<int64_t>(), 0);
  (*server)->Stop();
}

}  // namespace
}  // namespace admon::testing
