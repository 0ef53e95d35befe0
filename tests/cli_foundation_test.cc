// Copyright 2026 The admon Authors.
//
// The foundation's behaviour through the real CLI: help, exit codes, version,
// `db info`, and database errors an operator will meet.
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

}  // namespace
}  // namespace admon::testing
