// Copyright 2026 The admon Authors.
#include "parsers/image.h"

#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace admon::parsers {
namespace {

using ::testing::HasSubstr;

// A procedural "photo": gradient background plus random shapes.
cv::Mat Procedural(int seed, int w = 640, int h = 480) {
  cv::RNG rng(seed);
  cv::Mat m(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      m.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>((x * 255 / w + seed * 37) % 256),
                                        static_cast<uchar>((y * 255 / h + seed * 11) % 256),
                                        static_cast<uchar>(((x + y) * 255 / (w + h) + seed * 5) % 256));
    }
  }
  for (int i = 0; i < 12; ++i) {
    cv::Scalar c(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256));
    cv::Point p(rng.uniform(0, w), rng.uniform(0, h));
    if (i % 2 == 0) cv::circle(m, p, rng.uniform(20, h / 3), c, cv::FILLED);
    else cv::rectangle(m, p, cv::Point(rng.uniform(0, w), rng.uniform(0, h)), c, cv::FILLED);
  }
  return m;
}

std::string Encode(const cv::Mat& m, const char* ext, int quality = 90) {
  std::vector<uchar> buf;
  std::vector<int> params;
  if (std::string(ext) == ".jpg") params = {cv::IMWRITE_JPEG_QUALITY, quality};
  cv::imencode(ext, m, buf, params);
  return std::string(buf.begin(), buf.end());
}

TEST(ImageTest, HeaderDimensionsForEachFormat) {
  cv::Mat m = Procedural(1, 300, 200);
  for (const char* ext : {".jpg", ".png", ".bmp", ".webp"}) {
    ImageHeader h = ReadImageHeader(Encode(m, ext));
    EXPECT_EQ(h.width, 300) << ext;
    EXPECT_EQ(h.height, 200) << ext;
  }
  std::string gif("GIF89a\x2c\x01\xc8\x00", 10);
  EXPECT_EQ(ReadImageHeader(gif).width, 300);
  EXPECT_EQ(ReadImageHeader(gif).height, 200);
  EXPECT_EQ(ReadImageHeader("not an image").format, "");
}

TEST(ImageTest, PngBombHeaderIsRefusedBeforeDecoding) {
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
  auto be32 = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) png.push_back(static_cast<char>((v >> s) & 0xFF));
  };
  be32(100000);
  be32(100000);
  png += std::string("\x08\x02\0\0\0", 5) + std::string(4, '\0') + std::string(100000, '\0');
  Image img = DecodeAndHash(png, {}, "http://127.0.0.1/bomb.png");
  EXPECT_FALSE(img.hashed);
  EXPECT_THAT(img.error, HasSubstr("max_pixels"));
  EXPECT_EQ(img.width, 100000);
  EXPECT_EQ(img.url, "http://127.0.0.1/bomb.png");
  EXPECT_FALSE(DecodeAndHash(std::string(100, 'x'), {.max_bytes = 10}).error.empty());
}

// Found by fuzz/image_fuzzer: bytes our guard accepts as GIF or WebP but that
// carry a DICOM/DTED signature at its fixed offset fell through to GDCM (which
// aborts the process) or GDAL. They are refused before cv::imdecode.
TEST(ImageTest, FallThroughDecodersNeverSeeUntrustedBytes) {
  std::string gif = "GIF89a";
  gif += std::string("\x01\0\x01\0\0\0\0", 7);
  gif.resize(128, '\0');
  gif += "DICM";
  gif.resize(200, '\0');
  Image img = DecodeAndHash(gif, {});
  EXPECT_FALSE(img.hashed);
  EXPECT_FALSE(img.error.empty());
  std::string webp = "RIFF";
  webp += std::string("\xC0\0\0\0", 4) + "WEBPVP8 ";
  webp.resize(140, '\0');
  webp += "DTED";
  webp.resize(200, '\0');
  img = DecodeAndHash(webp, {});
  EXPECT_FALSE(img.hashed);
  EXPECT_THAT(img.error, ::testing::AnyOf(HasSubstr("DTED"), HasSubstr("webp")));
}

TEST(ImageTest, TruncatedJpegGivesDiagnostic) {
  std::string jpg = Encode(Procedural(2), ".jpg");
  Image img = DecodeAndHash(jpg.substr(0, jpg.size() / 2), {});
  EXPECT_THAT(img.error, HasSubstr("truncated JPEG"));
  Image garbage = DecodeAndHash(jpg.substr(0, 40), {});
  EXPECT_FALSE(garbage.hashed);
  EXPECT_FALSE(garbage.error.empty());
}

TEST(ImageTest, HashFillsRecord) {
  std::string jpg = Encode(Procedural(3), ".jpg");
  Image img = DecodeAndHash(jpg, {});
  EXPECT_TRUE(img.hashed) << img.error;
  EXPECT_EQ(img.error, "");
  EXPECT_EQ(img.format, "jpeg");
  EXPECT_EQ(img.width, 640);
  EXPECT_EQ(img.bytes, jpg.size());
  EXPECT_EQ(img.sha256.size(), 64u);
}

TEST(ImageTest, PhashRobustToRecompressionResizeAndCropButSeparatesImages) {
  std::vector<uint64_t> originals;
  for (int seed = 10; seed < 16; ++seed) {
    cv::Mat m = Procedural(seed);
    Image a = DecodeAndHash(Encode(m, ".png"), {});
    ASSERT_TRUE(a.hashed);
    originals.push_back(a.phash);
    cv::Mat crop = m(cv::Rect(16, 12, 640 - 32, 480 - 24));  // 5% crop
    cv::Mat small;
    cv::resize(crop, small, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
    Image b = DecodeAndHash(Encode(small, ".jpg", 60), {});
    ASSERT_TRUE(b.hashed);
    EXPECT_LE(PhashDistance(a.phash, b.phash), kSameImageMaxDistance) << "seed " << seed;
  }
  for (size_t i = 0; i < originals.size(); ++i) {
    for (size_t j = i + 1; j < originals.size(); ++j) {
      EXPECT_GT(PhashDistance(originals[i], originals[j]), kSameImageMaxDistance + 4) << i << "," << j;
    }
  }
}

TEST(OcrTest, ReadsPhoneRenderedInImage) {
  auto ocr = OcrEngine::Create();
  ASSERT_TRUE(ocr.ok()) << ocr.status();
  cv::Mat m(90, 660, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::putText(m, "Call 07911 123456", cv::Point(18, 63), cv::FONT_HERSHEY_DUPLEX, 1.5, cv::Scalar(0, 0, 0), 2, cv::LINE_AA);
  auto text = (*ocr)->OcrBytes(Encode(m, ".png"), {});
  ASSERT_TRUE(text.ok()) << text.status();
  std::string digits;
  for (char c : *text) if (c >= '0' && c <= '9') digits.push_back(c);
  EXPECT_THAT(digits, HasSubstr("07911123456")) << *text;
}

TEST(OcrTest, DisabledReturnsEmpty) {
  auto ocr = OcrEngine::Create({.enabled = false});
  ASSERT_TRUE(ocr.ok());
  EXPECT_EQ(*(*ocr)->OcrBytes("x", {}), "");
}

}  // namespace
}  // namespace admon::parsers
