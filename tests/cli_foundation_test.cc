// Copyright 2026 The admon Authors.
//
// The foundation's behaviour through the real CLI: help, exit codes, version,
// `db info`, and the configuration and database errors an operator will meet
// (each must name the file, key or directory, exit 1, and change nothing).
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/db.h"
#include "tests/cli_runner.h"

namespace admon::testing {
namespace {

using ::testing::HasSubstr;

TEST(Cli, HelpListsSubcommandsAndExitsZero) {
  CliResult r = RunAdmon({"--help"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("version"));
  EXPECT_THAT(r.out, HasSubstr("db"));
  EXPECT_THAT(r.out, HasSubstr("audit"));
}

TEST(Cli, EverySubcommandHasHelp) {
  for (auto args : std::vector<std::vector<std::string>>{{"version", "--help"}, {"db", "info", "--help"},
                                                         {"audit", "verify", "--help"}}) {
    CliResult r = RunAdmon(args);
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_THAT(r.out, HasSubstr("Usage"));
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(RunAdmon({"--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(RunAdmon({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(RunAdmon({"db", "info"}).exit_code, 2);  // --db is required
  EXPECT_EQ(RunAdmon({}).exit_code, 2);
}

TEST(Cli, VersionNamesLibraries) {
  CliResult r = RunAdmon({"version"});
  ASSERT_EQ(r.exit_code, 0) << r;
  for (const char* lib : {"admon", "rocksdb", "libcurl", "opencv", "re2", "gumbo", "libphonenumber"}) {
    EXPECT_THAT(r.out, HasSubstr(lib));
  }
}

TEST(Cli, DbInfoPrintsColumnFamiliesAndCounts) {
  std::string dir = FreshTempDir("dbinfo") + "/db";
  {
    auto db = *store::Db::Open(dir);
    ASSERT_TRUE(db->Put(store::Cf::kAdverts, "site:1", "x").ok());
    ASSERT_TRUE(db->Put(store::Cf::kAdverts, "site:2", "y").ok());
  }
  CliResult r = RunAdmon({"db", "info", "--db", dir});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("schema version  1"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("adverts +2"));
  for (store::Cf cf : store::AllCfs()) EXPECT_THAT(r.out, HasSubstr(std::string(store::CfName(cf))));
  CliResult j = RunAdmon({"db", "info", "--db", dir, "--json"});
  ASSERT_EQ(j.exit_code, 0) << j;
  EXPECT_THAT(j.out, HasSubstr("\"schema_version\": 1"));
}

TEST(Cli, DbInfoOnMissingDatabaseNamesTheDirectory) {
  std::string dir = FreshTempDir("missing") + "/nothing-here";
  CliResult r = RunAdmon({"db", "info", "--db", dir});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr(dir));
}

TEST(Cli, NewerSchemaIsAClearError) {
  std::string dir = FreshTempDir("schema") + "/db";
  {
    auto db = *store::Db::Open(dir);
    ASSERT_TRUE(db->Put(store::Cf::kMeta, "schema_version", "99").ok());
  }
  CliResult r = RunAdmon({"db", "info", "--db", dir});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("schema version 99 is newer than this admon supports"));
}

TEST(Cli, AuditVerifyOnEmptyLog) {
  std::string dir = FreshTempDir("audit") + "/db";
  { auto db = *store::Db::Open(dir); }
  CliResult r = RunAdmon({"audit", "verify", "--db", dir});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("audit log intact: 0 entries"));
}

// Every file of a database directory, to check a failed command changed none.
std::map<std::string, std::string> Files(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().filename().string().starts_with("LOG")) continue;
    out[e.path().filename().string()] = ReadWholeFile(e.path().string());
  }
  return out;
}

TEST(Cli, BrokenSitesConfigNamesFileAndKey) {
  const std::string dir = FreshTempDir("badsites");
  std::ofstream(dir + "/sites.yaml") << "version: 1\nsites:\n  - name: a\n    seeds: [\"http://127.0.0.1:1/\"]\n"
                                        "    urls: {listing: '^/$', advert: '^/ad/(\\d+)$'}\n"
                                        "    politeness: {min_delay: soon}\n";
  CliResult r = RunAdmon({"crawl", "--once", "--config", dir + "/sites.yaml", "--db", dir + "/db"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr(dir + "/sites.yaml")) << r;
  EXPECT_THAT(r.err, HasSubstr("min_delay")) << r;
  EXPECT_FALSE(std::filesystem::exists(dir + "/db")) << "a bad config must stop before the database is created";
}

TEST(Cli, BrokenIndicatorCatalogueNamesRule) {
  const std::string dir = FreshTempDir("badcatalogue");
  std::string yaml = ReadWholeFile(SourcePath("config/indicators.yaml"));
  const std::string good = "        - 'fresh'\n";
  const size_t at = yaml.find(good);
  ASSERT_NE(at, std::string::npos);
  yaml.replace(at, good.size(), "        - 'fresh (unclosed'\n");  // youth_language no longer compiles
  std::ofstream(dir + "/indicators.yaml") << yaml;
  CliResult r = RunAdmon({"indicators", "list", "--indicators", dir + "/indicators.yaml"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr(dir + "/indicators.yaml")) << r;
  EXPECT_THAT(r.err, HasSubstr("youth_language")) << r;
  EXPECT_THAT(r.err, HasSubstr("missing )")) << "the RE2 error is passed on\n" << r;
  // --config, the option's old name, still names the catalogue.
  CliResult old_name = RunAdmon({"indicators", "test", "--config", dir + "/indicators.yaml", "text"});
  EXPECT_EQ(old_name.exit_code, 1) << old_name;
  EXPECT_THAT(old_name.err, HasSubstr("youth_language")) << old_name;
}

TEST(Cli, LockedDatabaseIsAClearErrorAndUntouched) {
  const std::string dir = FreshTempDir("locked") + "/db";
  auto db = store::Db::Open(dir);  // held open by this process for the whole test
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE((*db)->Put(store::Cf::kAdverts, "site:1", "x").ok());
  // A writer (rescore); `db info` opens read-only and may run beside the owner.
  CliResult r = RunAdmon({"rescore", "--db", dir, "--config", SourcePath("config/sites.example.yaml"), "--indicators",
                          SourcePath("config/indicators.yaml"), "--gazetteer", SourcePath("config/gazetteer.yaml")});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("locked by another process")) << r;
  EXPECT_THAT(r.err, HasSubstr(dir)) << r;
  EXPECT_EQ(**(*db)->Get(store::Cf::kAdverts, "site:1"), "x");
}

TEST(Cli, CorruptDatabaseIsDataLossNamingItAndNothingIsRewritten) {
  const std::string dir = FreshTempDir("corrupt") + "/db";
  {
    auto db = *store::Db::Open(dir);
    for (int i = 0; i < 1000; ++i) {
      ASSERT_TRUE(db->Put(store::Cf::kAdverts, "site:" + std::to_string(i), std::string(100, 'v')).ok());
    }
    ASSERT_TRUE(db->Flush().ok());
  }
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".sst") continue;
    std::fstream f(e.path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(std::filesystem::file_size(e.path()) / 2));
    const std::string junk(512, '\xAB');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const auto before = Files(dir);
  CliResult r = RunAdmon({"db", "info", "--db", dir});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr(dir)) << r;
  EXPECT_THAT(r.err, ::testing::AnyOf(HasSubstr("orrupt"), HasSubstr("checksum"))) << r;
  // The damaged files are left exactly as they were for recovery by hand.
  for (const auto& [name, bytes] : before) {
    auto after = Files(dir);
    ASSERT_TRUE(after.count(name)) << name << " removed";
    EXPECT_TRUE(after[name] == bytes) << name << " rewritten";
  }
}

}  // namespace
}  // namespace admon::testing
