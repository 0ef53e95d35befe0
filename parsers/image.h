// Copyright 2026 The admon Authors.
//
// The one OpenCV/Tesseract adapter of admon (OpenCV throws cv::Exception; it
// is caught here and becomes a diagnostic). Untrusted image bytes are guarded
// BEFORE decoding: size, then the dimensions declared in the header (PNG IHDR,
// JPEG SOFn, GIF logical screen, WebP VP8/VP8L/VP8X, BMP) against a pixel
// budget, which refuses decompression bombs (a 100 KB PNG declaring
// 100,000 x 100,000). Large images are decoded reduced (IMREAD_REDUCED_*):
// the perceptual hash needs ~32x32 pixels.
//
// Perceptual hash: cv::img_hash::PHash (64-bit DCT hash), chosen over
// AverageHash (also 64-bit) by `parse_bench --hash-robustness` (40 procedural
// 640x480 images; Hamming distance, median/max): PHash same-origin JPEG q50
// 0/2, resize 0.5 0/2, crop 5% 7/15, crop 10% 12/22, q60+resize+crop5% 7/14,
// brightness +30 2/4, watermark 4/9, border 5% 18/31, mirror 33/37 (mirror is
// not tolerated); different-origin min 20, median 32. AverageHash has a
// lower different-origin floor (14) and long crop tails (max 37-39).
// Compare with PhashDistance; <= kSameImageMaxDistance means "same picture".
//
// Thread safety: DecodeAndHash and PhashDistance are thread safe. OcrEngine is
// thread safe: it keeps a pool of Tesseract instances (TessBaseAPI is not
// thread safe), one borrowed per call under a mutex.
#ifndef ADMON_PARSERS_IMAGE_H_
#define ADMON_PARSERS_IMAGE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "parsers/advert.h"

namespace cv {
class Mat;
}
namespace tesseract {
class TessBaseAPI;
}

namespace admon::parsers {

// Hamming distance at or below which two PHashes are the same picture:
// between the same-origin p95 for recompression+resize+5% crop (13) and the
// different-origin minimum (20) measured above. Borders/mirroring are missed.
inline constexpr int kSameImageMaxDistance = 12;

struct ImageGuardOptions {
  uint64_t max_bytes = 20u << 20;         // bytes; larger files are refused unread
  uint64_t max_pixels = 40'000'000;       // declared width*height; more is refused (bomb)
  int hash_min_side = 64;                 // pixels; reduced decoding keeps at least this on the short side
};

// Header facts, without decoding.
struct ImageHeader {
  std::string format;  // "jpeg", "png", "gif", "webp", "bmp", "" if unknown
  int width = 0;       // pixels; 0 if unknown
  int height = 0;
};
ImageHeader ReadImageHeader(std::string_view bytes);

// Fills sha256, bytes, format, width/height (declared), phash/hashed; `error`
// names the guard or decode failure ("refused: 100000x100000 = 1e10 pixels >
// max_pixels 40000000"). `url` is copied into the result. `known_sha256`: the
// hex SHA-256 of `bytes` when the caller already has it (store::Capture::sha256),
// used instead of hashing the bytes again; "" = compute it.
// REQUIRES: a non-empty `known_sha256` is Sha256Hex(bytes).
Image DecodeAndHash(std::string_view bytes, const ImageGuardOptions& options, std::string url = "",
                    std::string_view known_sha256 = {});

// Decodes (guarded as above) at full resolution for OCR; errors as Status.
absl::StatusOr<cv::Mat> DecodeGuarded(std::string_view bytes, const ImageGuardOptions& options);

int PhashDistance(uint64_t a, uint64_t b);

struct OcrOptions {
  bool enabled = true;                                          // per site `ocr`
  std::string tessdata = "/usr/share/tesseract-ocr/5/tessdata";  // Debian tesseract-ocr-eng
  std::string language = "eng";
  int max_instances = 2;          // pool size cap (each instance ~40 MB)
  int min_text_height = 300;      // pixels: shorter images are upscaled (at most 2x) towards this height
  uint64_t max_pixels = 12'000'000;  // pixels after scaling; larger images are downscaled
};

// Tesseract OCR (PSM auto). Callers feed the text to
// IdentifierExtractor::ExtractText with Source::kImage and add style "ocr"
// (PageParser::AddOcrText does that).
class OcrEngine {
 public:
  // FailedPrecondition naming tessdata/language when Tesseract cannot init.
  static absl::StatusOr<std::unique_ptr<OcrEngine>> Create(const OcrOptions& options = {});
  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  // Empty text when disabled.
  absl::StatusOr<std::string> OcrBytes(std::string_view bytes, const ImageGuardOptions& guard) const;
  // REQUIRES: 8-bit 1- or 3-channel (BGR) image.
  absl::StatusOr<std::string> OcrMat(const cv::Mat& image) const;

 private:
  struct TessDeleter {
    void operator()(tesseract::TessBaseAPI* api) const;  // End() + delete
  };
  using TessPtr = std::unique_ptr<tesseract::TessBaseAPI, TessDeleter>;
  explicit OcrEngine(const OcrOptions& options);
  TessPtr Acquire() const;
  void Release(TessPtr api) const;

  OcrOptions options_;
  mutable std::mutex mu_;
  mutable std::vector<TessPtr> free_;  // guarded by mu_
};

}  // namespace admon::parsers

#endif  // ADMON_PARSERS_IMAGE_H_
