// Copyright 2026 The admon Authors.
//
// Runs the real `admon` binary for end-to-end tests and captures its output.
#ifndef ADMON_TESTS_CLI_RUNNER_H_
#define ADMON_TESTS_CLI_RUNNER_H_

#include <sys/types.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace admon::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
std::ostream& operator<<(std::ostream& os, const CliResult& r);

// Path of the built admon binary (from ADMON_BINARY_DIR set by ctest).
std::string AdmonPath();
// Path inside the source tree (from ADMON_SOURCE_DIR set by ctest).
std::string SourcePath(const std::string& relative);
// Path under <build dir>/artifacts/ (created): files a test run keeps for
// people to look at, e.g. the report screenshot. Overwritten by each run.
std::string ArtifactPath(const std::string& name);
// The bytes of the file at `path`; "" if it cannot be read.
std::string ReadWholeFile(const std::string& path);
// A fresh, empty directory under the test temp dir.
std::string FreshTempDir(const std::string& name);

struct SpawnOptions {
  std::string cwd = "";        // working directory; empty: inherit
  int64_t max_file_bytes = 0;  // > 0: RLIMIT_FSIZE in bytes with SIGXFSZ ignored, so
                               // writes past it fail with EFBIG like a full disk
};

// Starts admon with `args` in a child process without waiting for it: stdin
// from `stdin_path` (e.g. /dev/null), stdout and stderr to the named files
// (created or truncated). Returns the child's pid (the caller waitpid()s it),
// or -1 if fork failed. For crash and fault tests.
pid_t SpawnAdmon(const std::vector<std::string>& args, const std::string& stdin_path, const std::string& stdout_path,
                 const std::string& stderr_path, const SpawnOptions& options = {});

// Runs admon with `args` and `options` and waits for it.
CliResult RunAdmonWith(const std::vector<std::string>& args, const SpawnOptions& options);

// Runs admon with `args`, optional stdin text, in `cwd` (empty: inherit).
CliResult RunAdmon(const std::vector<std::string>& args, const std::string& stdin_text = "",
                   const std::string& cwd = "");

}  // namespace admon::testing

#endif  // ADMON_TESTS_CLI_RUNNER_H_
