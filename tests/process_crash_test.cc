// Copyright 2026 The admon Authors.
//
// Crash safety of processing (issue 9): `admon process` over a stored crawl is
// SIGKILLed at random moments, at least 15 times (the crawler's own crash test
// adds at least 5 kills during crawling), then run to completion. The database
// must open after every kill, and the finished database must equal, key for
// key and byte for byte, one processed without interruption from the same
// captures: nothing stored lost, nothing duplicated. (The audit log aside:
// each run appends its own entries; the chain must still verify.)
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "testsite/generate.h"
#include "testsite/server.h"
#include "tests/cli_runner.h"
#include "tests/db_dump.h"

namespace admon::testing {
namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

TEST(ProcessCrash, SigkillAtRandomPointsThenResumeEqualsUninterruptedRun) {
  const std::string dir = FreshTempDir("process_crash");
  testsite::GenerateOptions gen;
  gen.world = {.seed = 29, .adverts = 160, .days = 3};
  gen.out_dir = dir + "/site";
  ASSERT_TRUE(testsite::Generate(gen).ok());
  auto server = testsite::Server::Start({.data_dir = gen.out_dir, .crawl_delay = absl::Milliseconds(1)});
  ASSERT_TRUE(server.ok()) << server.status();
  std::ofstream(dir + "/sites.yaml") << (*server)->SitesYaml();
  CliResult crawl = RunAdmon({"crawl", "--once", "--db", dir + "/captured", "--config", dir + "/sites.yaml"});
  ASSERT_EQ(crawl.exit_code, 0) << crawl;

  namespace fs = std::filesystem;
  fs::copy(dir + "/captured", dir + "/reference", fs::copy_options::recursive);
  fs::copy(dir + "/captured", dir + "/killed", fs::copy_options::recursive);
  auto process_args = [&](const std::string& db) {
    return std::vector<std::string>{"process", "--db", db, "--config", dir + "/sites.yaml", "--indicators",
                                    SourcePath("config/indicators.yaml"), "--gazetteer",
                                    SourcePath("config/gazetteer.yaml")};
  };

  // The uninterrupted run, timed to place the kills across its length.
  Clock::time_point t0 = Clock::now();
  CliResult reference = RunAdmon(process_args(dir + "/reference"));
  const double full = Seconds(Clock::now() - t0);
  ASSERT_EQ(reference.exit_code, 0) << reference;
  t0 = Clock::now();
  CliResult noop = RunAdmon(process_args(dir + "/reference"));  // startup cost: nothing left to do
  const double startup = Seconds(Clock::now() - t0);
  ASSERT_EQ(noop.exit_code, 0) << noop;

  // Kill moments: startup plus a random share of the work, so the kills fall
  // while opening, parsing, decoding, scoring, linking and writing.
  constexpr int kKills = 15;
  const double work = std::max(0.05, full - startup);
  std::mt19937_64 rng(std::random_device{}());
  std::uniform_real_distribution<double> delay(0.0, startup + 2.0 * work / kKills);
  int kills = 0, finished_early = 0;
  for (int attempt = 0; attempt < 4 * kKills && kills < kKills; ++attempt) {
    pid_t pid = SpawnAdmon(process_args(dir + "/killed"), "/dev/null", dir + "/killed.out", dir + "/killed.err");
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay(rng)));  // picks the kill moment
    ::kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
      ++kills;
    } else {
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "process failed after a kill: status "
                                                                 << status << "\n" << ReadWholeFile(dir + "/killed.err");
      ++finished_early;
      // It finished: start again from the captures so the remaining kills
      // still land in real work.
      fs::remove_all(dir + "/killed");
      fs::copy(dir + "/captured", dir + "/killed", fs::copy_options::recursive);
    }
  }
  EXPECT_GE(kills, kKills) << "finished before the kill " << finished_early << " times (full run " << full
                           << " s, startup " << startup << " s)";

  CliResult resumed = RunAdmon(process_args(dir + "/killed"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed;
  absl::StatusOr<DbDump> want = DumpDb(dir + "/reference");
  absl::StatusOr<DbDump> got = DumpDb(dir + "/killed");
  ASSERT_TRUE(want.ok() && got.ok()) << want.status() << got.status();
  EXPECT_GT(want->size(), 1000u);
  EXPECT_EQ(want->size(), got->size());
  EXPECT_TRUE(*want == *got) << DiffDumps(*want, *got);
  CliResult audit = RunAdmon({"audit", "verify", "--db", dir + "/killed"});
  EXPECT_EQ(audit.exit_code, 0) << audit;
  if (!HasFailure()) fs::remove_all(dir);
}

}  // namespace
}  // namespace admon::testing
