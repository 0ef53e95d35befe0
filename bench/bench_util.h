// Copyright 2026 The admon Authors.
//
// Helpers shared by the bench/ programs (header-only, benchmarks only):
// medians, process CPU time, and the loopback test sites served from a forked
// child so the server's CPU is not counted against the measured process.
#ifndef ADMON_BENCH_BENCH_UTIL_H_
#define ADMON_BENCH_BENCH_UTIL_H_

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "testsite/server.h"

namespace admon::bench {

// REQUIRES: !v.empty().
inline double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// User + system CPU seconds of this process so far.
inline double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

// The test sites served by a forked child (127.0.0.0/8 only). The destructor
// stops the child.
class ChildServer {
 public:
  ChildServer() = default;
  ChildServer(const ChildServer&) = delete;
  ChildServer& operator=(const ChildServer&) = delete;
  ~ChildServer() { Stop(); }

  // Forks, starts testsite::Server with `options` in the child and reads back
  // its sites.yaml. False (message on stderr) when the server did not start.
  bool Start(const testsite::ServerOptions& options) {
    int pipefd[2];
    if (pipe(pipefd) != 0) return false;
    child_ = fork();
    if (child_ < 0) return false;
    if (child_ == 0) {
      close(pipefd[0]);
      auto server = testsite::Server::Start(options);
      if (!server.ok()) {
        std::fprintf(stderr, "server: %s\n", std::string(server.status().message()).c_str());
        _exit(1);
      }
      std::string yaml = (*server)->SitesYaml();
      if (write(pipefd[1], yaml.data(), yaml.size()) < 0) _exit(1);
      close(pipefd[1]);
      pause();
      _exit(0);
    }
    close(pipefd[1]);
    char buf[4096];
    ssize_t n;
    while ((n = read(pipefd[0], buf, sizeof(buf))) > 0) yaml_.append(buf, static_cast<size_t>(n));
    close(pipefd[0]);
    return !yaml_.empty();
  }

  void Stop() {
    if (child_ <= 0) return;
    kill(child_, SIGTERM);
    waitpid(child_, nullptr, 0);
    child_ = -1;
  }

  // sites.yaml of the served sites (config/sites.yaml schema).
  const std::string& sites_yaml() const { return yaml_; }

 private:
  pid_t child_ = -1;
  std::string yaml_;
};

}  // namespace admon::bench

#endif  // ADMON_BENCH_BENCH_UTIL_H_
