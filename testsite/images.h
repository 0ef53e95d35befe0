// Copyright 2026 The admon Authors.
//
// The one OpenCV adapter of the test sites: procedural "photos" (gradients,
// shapes and noise, so perceptual hashes differ between originals), their
// served variants (crop, resize, mirror, brightness, watermark, border, JPEG
// quality), phone cards (a phone number drawn as text) and site banners.
// OpenCV exceptions are caught here and returned as Status.
//
// Thread safety: all functions are safe to call concurrently.
// Determinism: the same inputs give the same bytes.
#ifndef ADMON_TESTSITE_IMAGES_H_
#define ADMON_TESTSITE_IMAGES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "testsite/world.h"

namespace admon::testsite {

inline constexpr int kPhotoWidth = 360;   // pixels, originals
inline constexpr int kPhotoHeight = 480;  // pixels, originals

// JPEG bytes of a served image: the original of `ref` with its variant
// applied; `watermark` is the text drawn when the variant asks for one.
absl::StatusOr<std::string> RenderImage(const ImageRef& ref, const std::string& watermark);
// PNG bytes of an original photo (no variant), for tests and tools.
absl::StatusOr<std::string> RenderOriginalPng(uint64_t original_seed);
// JPEG bytes of the stock banner of `site` (identical on every page).
absl::StatusOr<std::string> RenderBanner(int site);

}  // namespace admon::testsite

#endif  // ADMON_TESTSITE_IMAGES_H_
