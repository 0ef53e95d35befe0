// Copyright 2026 The admon Authors.
//
// Fuzz target: the image decode guard (parsers/image.h): ReadImageHeader,
// DecodeAndHash and DecodeGuarded on untrusted bytes. Checked contract: a
// decoded image never has more pixels than the guard's max_pixels (a header
// that under-declares its size must not get past the bomb guard).
//
// The pixel budget is 4 M instead of the production 40 M so one input costs
// milliseconds, not seconds; the guard logic is the same for any budget.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "opencv2/core.hpp"
#include "parsers/image.h"
#include "spdlog/spdlog.h"

namespace {

// 256 KiB: advert photos are larger, but the guard and decoders' header
// handling is what is fuzzed; ImageGuardOptions::max_bytes (20 MiB) is the
// production cut-off. Larger inputs are skipped.
constexpr size_t kMaxInputBytes = 256u << 10;

constexpr admon::parsers::ImageGuardOptions kGuard{
    .max_bytes = kMaxInputBytes,
    .max_pixels = 4'000'000,
    .hash_min_side = 64,
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  spdlog::set_level(spdlog::level::off);
  cv::setNumThreads(0);  // decode on the calling thread: deterministic, no pool
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return -1;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)admon::parsers::ReadImageHeader(bytes);
  admon::parsers::Image img = admon::parsers::DecodeAndHash(bytes, kGuard, "http://127.0.0.2/img/1.jpg");
  (void)img;
  auto mat = admon::parsers::DecodeGuarded(bytes, kGuard);
  if (mat.ok() && uint64_t(mat->rows) * uint64_t(mat->cols) > kGuard.max_pixels) {
    std::fprintf(stderr, "decode guard bypassed: decoded %dx%d > max_pixels %llu\n", mat->cols, mat->rows,
                 static_cast<unsigned long long>(kGuard.max_pixels));
    std::abort();
  }
  return 0;
}
