// Copyright 2026 The admon Authors.
#include "tests/cli_runner.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace admon::testing {
std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::ostream& operator<<(std::ostream& os, const CliResult& r) {
  return os << "exit=" << r.exit_code << "\n--- stdout ---\n" << r.out << "\n--- stderr ---\n" << r.err;
}

std::string AdmonPath() { return std::string(ADMON_TEST_BINARY_DIR) + "/app/admon"; }
std::string SourcePath(const std::string& relative) { return std::string(ADMON_TEST_SOURCE_DIR) + "/" + relative; }

std::string ArtifactPath(const std::string& name) {
  const std::string dir = std::string(ADMON_TEST_BINARY_DIR) + "/artifacts";
  std::filesystem::create_directories(dir);
  return dir + "/" + name;
}

std::string FreshTempDir(const std::string& name) {
  std::string dir = ::testing::TempDir() + "/admon_e2e_" + name + "_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

pid_t SpawnAdmon(const std::vector<std::string>& args, const std::string& stdin_path, const std::string& stdout_path,
                 const std::string& stderr_path, const SpawnOptions& options) {
  std::string bin = AdmonPath();
  pid_t pid = ::fork();
  if (pid == 0) {
    int in = ::open(stdin_path.c_str(), O_RDONLY);
    int out = ::open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) std::_Exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) std::_Exit(127);
    if (options.max_file_bytes > 0) {
      ::signal(SIGXFSZ, SIG_IGN);  // inherited across exec: writes fail with EFBIG instead
      const rlim_t limit = static_cast<rlim_t>(options.max_file_bytes);
      const struct rlimit rl = {.rlim_cur = limit, .rlim_max = limit};
      if (::setrlimit(RLIMIT_FSIZE, &rl) != 0) std::_Exit(127);
    }
    std::vector<char*> argv;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    std::_Exit(127);
  }
  return pid;
}

namespace {

CliResult Run(const std::vector<std::string>& args, const SpawnOptions& options, const std::string& stdin_text) {
  std::string dir = FreshTempDir("run");
  std::string in_path = dir + "/stdin", out_path = dir + "/stdout", err_path = dir + "/stderr";
  std::ofstream(in_path, std::ios::binary) << stdin_text;
  pid_t pid = SpawnAdmon(args, in_path, out_path, err_path, options);
  CliResult r;
  int status = 0;
  if (pid > 0) ::waitpid(pid, &status, 0);
  r.exit_code = pid <= 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadWholeFile(out_path);
  r.err = ReadWholeFile(err_path);
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace

CliResult RunAdmonWith(const std::vector<std::string>& args, const SpawnOptions& options) {
  return Run(args, options, "");
}

CliResult RunAdmon(const std::vector<std::string>& args, const std::string& stdin_text, const std::string& cwd) {
  return Run(args, {.cwd = cwd}, stdin_text);
}

}  // namespace admon::testing
