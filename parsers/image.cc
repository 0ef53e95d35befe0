// Copyright 2026 The admon Authors.
#include "parsers/image.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include <opencv2/core.hpp>
#include <opencv2/img_hash.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <tesseract/baseapi.h>

#include "common/sha256.h"
#include "common/status.h"

namespace admon::parsers {
namespace {

uint32_t Be16(const unsigned char* p) { return (uint32_t{p[0]} << 8) | p[1]; }
uint32_t Be32(const unsigned char* p) { return (Be16(p) << 16) | Be16(p + 2); }
uint32_t Le16(const unsigned char* p) { return (uint32_t{p[1]} << 8) | p[0]; }
uint32_t Le24(const unsigned char* p) { return Le16(p) | (uint32_t{p[2]} << 16); }
uint32_t Le32(const unsigned char* p) { return Le16(p) | (Le16(p + 2) << 16); }

void JpegSize(const unsigned char* p, size_t n, ImageHeader* h) {
  size_t i = 2;
  while (i + 4 <= n) {
    if (p[i] != 0xFF) return;  // lost sync: corrupt
    unsigned char m = p[i + 1];
    if (m == 0xFF) { ++i; continue; }  // fill byte
    if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { i += 2; continue; }
    if (m == 0xD9 || m == 0xDA) return;  // EOI / start of scan before any SOF
    uint32_t len = Be16(p + i + 2);
    if (len < 2) return;
    bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    if (sof) {
      if (i + 9 > n) return;
      h->height = static_cast<int>(Be16(p + i + 5));
      h->width = static_cast<int>(Be16(p + i + 7));
      return;
    }
    i += 2 + len;
  }
}

// cv::imdecode picks its decoder by signature, not by our format. Every
// OpenCV 4.6 signature is a prefix (so it cannot clash with the formats
// accepted above) except these two, and a buffer its own decoder rejects (a
// WebP libwebp refuses; GIF, for which OpenCV 4.6 has no decoder) falls
// through to them: GDCM assert()s, aborting the process, on malformed DICOM,
// and GDAL parses hundreds of formats from a temp file. Neither may see
// untrusted bytes. Found by fuzz/image_fuzzer.
struct OffsetSignature {
  size_t offset;
  std::string_view magic;
  const char* reader;
};
constexpr OffsetSignature kFallThroughSignatures[] = {
    {128, "DICM", "DICOM (GDCM)"},
    {140, "DTED", "DTED (GDAL)"},
};

bool EndsWithin(std::string_view bytes, std::string_view marker, size_t window) {
  size_t from = bytes.size() > window ? bytes.size() - window : 0;
  return bytes.find(marker, from) != std::string_view::npos;
}

}  // namespace

ImageHeader ReadImageHeader(std::string_view bytes) {
  ImageHeader h;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  if (n >= 24 && std::memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) {
    h.format = "png";
    if (std::memcmp(p + 12, "IHDR", 4) == 0) {
      uint32_t w = Be32(p + 16), ht = Be32(p + 20);
      h.width = w > 0x7FFFFFFF ? 0x7FFFFFFF : static_cast<int>(w);
      h.height = ht > 0x7FFFFFFF ? 0x7FFFFFFF : static_cast<int>(ht);
    }
  } else if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
    h.format = "jpeg";
    JpegSize(p, n, &h);
  } else if (n >= 10 && (std::memcmp(p, "GIF87a", 6) == 0 || std::memcmp(p, "GIF89a", 6) == 0)) {
    h.format = "gif";
    h.width = static_cast<int>(Le16(p + 6));
    h.height = static_cast<int>(Le16(p + 8));
  } else if (n >= 30 && std::memcmp(p, "RIFF", 4) == 0 && std::memcmp(p + 8, "WEBP", 4) == 0) {
    h.format = "webp";
    const unsigned char* c = p + 12;
    if (std::memcmp(c, "VP8 ", 4) == 0 && c[11] == 0x9d && c[12] == 0x01 && c[13] == 0x2a) {
      h.width = static_cast<int>(Le16(c + 14) & 0x3FFF);
      h.height = static_cast<int>(Le16(c + 16) & 0x3FFF);
    } else if (std::memcmp(c, "VP8L", 4) == 0 && c[8] == 0x2f) {
      uint32_t bits = Le32(c + 9);
      h.width = static_cast<int>((bits & 0x3FFF) + 1);
      h.height = static_cast<int>(((bits >> 14) & 0x3FFF) + 1);
    } else if (std::memcmp(c, "VP8X", 4) == 0) {
      h.width = static_cast<int>(Le24(c + 12) + 1);
      h.height = static_cast<int>(Le24(c + 15) + 1);
    }
  } else if (n >= 26 && p[0] == 'B' && p[1] == 'M') {
    h.format = "bmp";
    int32_t w = static_cast<int32_t>(Le32(p + 18)), ht = static_cast<int32_t>(Le32(p + 22));
    h.width = w < 0 ? 0 : w;
    h.height = ht == INT32_MIN ? 0 : std::abs(ht);
  }
  return h;
}

namespace {

// Guard + decode. `reduce_for_hash` picks IMREAD_REDUCED_* when large enough.
absl::StatusOr<cv::Mat> Decode(std::string_view bytes, const ImageGuardOptions& o, bool reduce_for_hash,
                               ImageHeader* header, std::string* warning) {
  if (bytes.size() > o.max_bytes) {
    return absl::ResourceExhaustedError("refused: " + std::to_string(bytes.size()) + " bytes > max_bytes " +
                                        std::to_string(o.max_bytes));
  }
  *header = ReadImageHeader(bytes);
  if (header->format.empty()) return absl::InvalidArgumentError("unknown image format");
  if (header->width <= 0 || header->height <= 0) {
    return absl::InvalidArgumentError(header->format + ": no dimensions in header (truncated or corrupt)");
  }
  uint64_t pixels = uint64_t(header->width) * uint64_t(header->height);
  if (pixels > o.max_pixels) {
    return absl::ResourceExhaustedError("refused: " + std::to_string(header->width) + "x" +
                                        std::to_string(header->height) + " = " + std::to_string(pixels) +
                                        " pixels > max_pixels " + std::to_string(o.max_pixels));
  }
  if (header->format == "gif") return absl::InvalidArgumentError("gif: no decoder (OpenCV 4.6 reads no GIF)");
  for (const OffsetSignature& sig : kFallThroughSignatures) {
    if (bytes.size() >= sig.offset + sig.magic.size() && bytes.substr(sig.offset, sig.magic.size()) == sig.magic) {
      return absl::InvalidArgumentError(header->format + ": refused: " + sig.reader + " signature at offset " +
                                        std::to_string(sig.offset));
    }
  }
  if (header->format == "jpeg" && !EndsWithin(bytes, "\xFF\xD9", 4096)) {
    *warning = "truncated JPEG (no EOI marker)";
  } else if (header->format == "png" && !EndsWithin(bytes, "IEND", 64)) {
    *warning = "truncated PNG (no IEND chunk)";
  }
  int flags = cv::IMREAD_COLOR;
  if (reduce_for_hash) {
    int short_side = std::min(header->width, header->height);
    if (short_side / 8 >= o.hash_min_side) flags = cv::IMREAD_REDUCED_COLOR_8;
    else if (short_side / 4 >= o.hash_min_side) flags = cv::IMREAD_REDUCED_COLOR_4;
    else if (short_side / 2 >= o.hash_min_side) flags = cv::IMREAD_REDUCED_COLOR_2;
  }
  cv::Mat mat;
  try {
    cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
    mat = cv::imdecode(buf, flags);
  } catch (const cv::Exception& e) {
    return absl::InvalidArgumentError(header->format + ": decode error: " + e.what());
  }
  if (mat.empty()) {
    return absl::InvalidArgumentError(header->format + ": decode failed" + (warning->empty() ? "" : " (" + *warning + ")"));
  }
  return mat;
}

}  // namespace

Image DecodeAndHash(std::string_view bytes, const ImageGuardOptions& options, std::string url,
                    std::string_view known_sha256) {
  Image img;
  img.url = std::move(url);
  img.bytes = bytes.size();
  if (bytes.size() <= options.max_bytes) img.sha256 = known_sha256.empty() ? Sha256Hex(bytes) : std::string(known_sha256);
  ImageHeader header;
  std::string warning;
  absl::StatusOr<cv::Mat> mat = Decode(bytes, options, /*reduce_for_hash=*/true, &header, &warning);
  img.format = header.format;
  img.width = header.width;
  img.height = header.height;
  if (!mat.ok()) {
    img.error = std::string(mat.status().message());
    return img;
  }
  try {
    // One hasher per thread: PHash keeps its working images (grey, 32x32,
    // DCT) as members, so they are allocated once rather than per image.
    thread_local cv::Ptr<cv::img_hash::PHash> phash = cv::img_hash::PHash::create();
    cv::Mat hash;
    phash->compute(*mat, hash);
    if (hash.total() == 8 && hash.type() == CV_8UC1) {
      uint64_t v = 0;
      for (int i = 0; i < 8; ++i) v = (v << 8) | hash.at<uint8_t>(0, i);
      img.phash = v;
      img.hashed = true;
    } else {
      img.error = "phash: unexpected hash size";
    }
  } catch (const cv::Exception& e) {
    img.error = std::string("phash error: ") + e.what();
  }
  if (img.error.empty()) img.error = warning;
  return img;
}

absl::StatusOr<cv::Mat> DecodeGuarded(std::string_view bytes, const ImageGuardOptions& options) {
  ImageHeader header;
  std::string warning;
  return Decode(bytes, options, /*reduce_for_hash=*/false, &header, &warning);
}

int PhashDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

absl::StatusOr<std::unique_ptr<OcrEngine>> OcrEngine::Create(const OcrOptions& options) {
  std::unique_ptr<OcrEngine> e(new OcrEngine(options));
  if (!options.enabled) return e;
  auto api = e->Acquire();
  if (api == nullptr) {
    return absl::FailedPreconditionError("tesseract: cannot initialise language \"" + options.language +
                                         "\" from tessdata " + options.tessdata);
  }
  e->Release(std::move(api));
  return e;
}

OcrEngine::OcrEngine(const OcrOptions& options) : options_(options) {}
OcrEngine::~OcrEngine() = default;

void OcrEngine::TessDeleter::operator()(tesseract::TessBaseAPI* api) const {
  api->End();
  delete api;
}

OcrEngine::TessPtr OcrEngine::Acquire() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      auto api = std::move(free_.back());
      free_.pop_back();
      return api;
    }
  }
  TessPtr api(new tesseract::TessBaseAPI());
  if (api->Init(options_.tessdata.c_str(), options_.language.c_str()) != 0) return nullptr;
  api->SetPageSegMode(tesseract::PSM_AUTO);
  api->SetVariable("user_defined_dpi", "300");
  api->SetVariable("debug_file", "/dev/null");
  return api;
}

void OcrEngine::Release(TessPtr api) const {
  api->Clear();
  std::lock_guard<std::mutex> lock(mu_);
  if (static_cast<int>(free_.size()) < options_.max_instances) free_.push_back(std::move(api));
}

absl::StatusOr<std::string> OcrEngine::OcrBytes(std::string_view bytes, const ImageGuardOptions& guard) const {
  if (!options_.enabled) return std::string();
  ADMON_ASSIGN_OR_RETURN(cv::Mat mat, DecodeGuarded(bytes, guard));
  return OcrMat(mat);
}

absl::StatusOr<std::string> OcrEngine::OcrMat(const cv::Mat& image) const {
  if (!options_.enabled) return std::string();
  if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3)) {
    return absl::InvalidArgumentError("ocr: expected an 8-bit 1- or 3-channel image");
  }
  cv::Mat gray;
  try {
    if (image.channels() == 3) cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    else gray = image;
    double scale = 1.0;
    if (gray.rows < options_.min_text_height) scale = std::min(2.0, double(options_.min_text_height) / gray.rows);
    double pixels = double(gray.rows) * gray.cols * scale * scale;
    if (pixels > double(options_.max_pixels)) scale *= std::sqrt(double(options_.max_pixels) / pixels);
    if (std::abs(scale - 1.0) > 0.05) {
      cv::Mat scaled;
      cv::resize(gray, scaled, cv::Size(), scale, scale, scale > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
      gray = scaled;
    }
    if (!gray.isContinuous()) gray = gray.clone();
  } catch (const cv::Exception& e) {
    return absl::InternalError(std::string("ocr: preprocessing: ") + e.what());
  }
  auto api = Acquire();
  if (api == nullptr) return absl::FailedPreconditionError("tesseract: cannot initialise " + options_.language);
  api->SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
  char* text = api->GetUTF8Text();
  std::string out = text ? text : "";
  delete[] text;
  Release(std::move(api));
  return out;
}

}  // namespace admon::parsers
