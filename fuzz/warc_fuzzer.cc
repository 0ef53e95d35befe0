// Copyright 2026 The admon Authors.
//
// Fuzz target: WARC reading (crawler/warc.h ReadWarc), plain or gzip
// (multi-member). ReadWarc reads a path, so each input is written to one file
// in a private mkdtemp directory under $TMPDIR (removed at exit).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "crawler/warc.h"

namespace {

// 256 KiB: keeps each run fast; a gzip member inflates at most ~1000x, so the
// reader's buffer stays < 256 MiB (the fuzzers run with -rss_limit_mb=2048).
constexpr size_t kMaxInputBytes = 256u << 10;
constexpr int kMaxRecordsVisited = 10'000;

std::string* g_dir = nullptr;
std::string* g_path = nullptr;

void RemoveTemp() {
  if (g_path != nullptr) std::remove(g_path->c_str());
  if (g_dir != nullptr) ::rmdir(g_dir->c_str());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/admon-warc-fuzz-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("warc_fuzzer: mkdtemp");
    std::abort();
  }
  g_dir = new std::string(pattern);
  g_path = new std::string(pattern + "/input.warc");
  std::atexit(RemoveTemp);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return -1;
  std::FILE* f = std::fopen(g_path->c_str(), "wb");
  if (f == nullptr || std::fwrite(data, 1, size, f) != size || std::fclose(f) != 0) {
    std::perror("warc_fuzzer: writing the input file");
    std::abort();
  }
  int visited = 0;
  absl::Status status = admon::crawler::ReadWarc(*g_path, [&](const admon::crawler::WarcRecord& r) {
    (void)r.Header("WARC-Target-URI");
    (void)r.Header("Content-Length");
    return ++visited < kMaxRecordsVisited;
  });
  (void)status;
  return 0;
}
