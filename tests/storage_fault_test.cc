// Copyright 2026 The admon Authors.
//
// Storage faults end to end (issue 9): `admon crawl` and `admon process` run
// with a file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored), so RocksDB's writes
// fail part-way the way they do on a full disk. Each must stop with a clear
// error naming the database and a non-zero exit (not a crash), and a restart
// once space is back must carry on to the same database as a run that never
// failed.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testsite/generate.h"
#include "testsite/server.h"
#include "tests/cli_runner.h"
#include "tests/db_dump.h"

namespace admon::testing {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

// Small enough that the write-ahead log of either command outgrows it.
constexpr int64_t kFullDiskFileBytes = 256 * 1024;

class StorageFault : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("storage_fault");
    testsite::GenerateOptions gen;
    gen.world = {.seed = 31, .adverts = 120, .days = 2};
    gen.out_dir = dir_ + "/site";
    ASSERT_TRUE(testsite::Generate(gen).ok());
    auto server = testsite::Server::Start({.data_dir = gen.out_dir, .crawl_delay = absl::Milliseconds(1)});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    std::ofstream(dir_ + "/sites.yaml") << server_->SitesYaml();
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  std::vector<std::string> Crawl(const std::string& db) const {
    return {"crawl", "--once", "--db", db, "--config", dir_ + "/sites.yaml"};
  }
  std::vector<std::string> Process(const std::string& db) const {
    return {"process", "--db", db, "--config", dir_ + "/sites.yaml", "--indicators",
            SourcePath("config/indicators.yaml"), "--gazetteer", SourcePath("config/gazetteer.yaml")};
  }
  // A failed write must be reported, naming the database, as an error exit.
  static void ExpectCleanWriteFailure(const CliResult& r, const std::string& db) {
    EXPECT_EQ(r.exit_code, 1) << "want a clean error exit, not a crash or success\n" << r;
    EXPECT_THAT(r.err, HasSubstr(db)) << r;
    EXPECT_THAT(r.err, AnyOf(HasSubstr("File too large"), HasSubstr("No space"), HasSubstr("IO error"))) << r;
  }

  std::string dir_;
  std::unique_ptr<testsite::Server> server_;
};

TEST_F(StorageFault, CrawlStopsCleanlyOnWriteErrorAndResumesToTheSamePages) {
  CliResult reference = RunAdmon(Crawl(dir_ + "/reference"));
  ASSERT_EQ(reference.exit_code, 0) << reference;

  const std::string db = dir_ + "/faulted";
  ExpectCleanWriteFailure(RunAdmonWith(Crawl(db), {.max_file_bytes = kFullDiskFileBytes}), db);
  CliResult resumed = RunAdmon(Crawl(db));  // space is back
  ASSERT_EQ(resumed.exit_code, 0) << resumed;

  absl::StatusOr<DbDump> want = DumpDb(dir_ + "/reference");
  absl::StatusOr<DbDump> got = DumpDb(db);
  ASSERT_TRUE(want.ok() && got.ok()) << want.status() << got.status();
  // Fetch times differ between the runs; the pages known and stored must not.
  EXPECT_GT(KeysOf(*want, store::Cf::kPages).size(), 100u);
  EXPECT_EQ(KeysOf(*want, store::Cf::kPages), KeysOf(*got, store::Cf::kPages));
  EXPECT_EQ(KeysOf(*want, store::Cf::kFrontier), KeysOf(*got, store::Cf::kFrontier));
}

TEST_F(StorageFault, ProcessStopsCleanlyOnWriteErrorAndResumesToTheSameDatabase) {
  CliResult crawl = RunAdmon(Crawl(dir_ + "/captured"));
  ASSERT_EQ(crawl.exit_code, 0) << crawl;
  namespace fs = std::filesystem;
  fs::copy(dir_ + "/captured", dir_ + "/reference", fs::copy_options::recursive);
  fs::copy(dir_ + "/captured", dir_ + "/faulted", fs::copy_options::recursive);
  CliResult reference = RunAdmon(Process(dir_ + "/reference"));
  ASSERT_EQ(reference.exit_code, 0) << reference;

  const std::string db = dir_ + "/faulted";
  ExpectCleanWriteFailure(RunAdmonWith(Process(db), {.max_file_bytes = kFullDiskFileBytes}), db);
  CliResult resumed = RunAdmon(Process(db));
  ASSERT_EQ(resumed.exit_code, 0) << resumed;

  absl::StatusOr<DbDump> want = DumpDb(dir_ + "/reference");
  absl::StatusOr<DbDump> got = DumpDb(db);
  ASSERT_TRUE(want.ok() && got.ok()) << want.status() << got.status();
  EXPECT_TRUE(*want == *got) << DiffDumps(*want, *got);
  CliResult audit = RunAdmon({"audit", "verify", "--db", db});
  EXPECT_EQ(audit.exit_code, 0) << audit;
}

}  // namespace
}  // namespace admon::testing
