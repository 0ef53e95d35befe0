// Copyright 2026 The admon Authors.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "opencv2/core.hpp"
#include "opencv2/img_hash.hpp"
#include "opencv2/imgcodecs.hpp"
#include "testsite/images.h"
#include "testsite/world.h"

namespace admon::testsite {
namespace {

cv::Mat Decode(const std::string& bytes) {
  return cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data())),
                      cv::IMREAD_COLOR);
}

double PHashDistance(const cv::Mat& a, const cv::Mat& b) {
  auto hasher = cv::img_hash::PHash::create();
  cv::Mat ha, hb;
  hasher->compute(a, ha);
  hasher->compute(b, hb);
  return hasher->compare(ha, hb);
}

TEST(ImagesTest, ServedVariantsDecodeAndAreDeterministic) {
  const World w({.seed = 4, .adverts = 200, .days = 3});
  int decoded = 0, cards = 0;
  for (int64_t i = 0; i < w.size(); i += 9) {
    const Advert a = w.Build(i, w.Meta(i).first_day);
    for (const ImageRef& ref : a.images) {
      auto bytes = RenderImage(ref, "Velvet Rooms");
      ASSERT_TRUE(bytes.ok()) << bytes.status();
      auto again = RenderImage(ref, "Velvet Rooms");
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(*bytes, *again) << ref.path;
      const cv::Mat img = Decode(*bytes);
      ASSERT_FALSE(img.empty()) << ref.path;
      EXPECT_GT(img.cols, 100);
      ++decoded;
      cards += !ref.card_phone.empty();
    }
  }
  EXPECT_GT(decoded, 30);
  EXPECT_GT(cards, 0);
  auto banner = RenderBanner(1);
  ASSERT_TRUE(banner.ok());
  EXPECT_EQ(Decode(*banner).cols, 728);
}

TEST(ImagesTest, VariantsOfOnePhotoStayCloserThanDifferentPhotos) {
  // Perceptual hashes must link reuse (same original) and separate originals.
  std::vector<cv::Mat> originals;
  for (uint64_t seed = 100; seed < 108; ++seed) {
    auto png = RenderOriginalPng(seed);
    ASSERT_TRUE(png.ok());
    originals.push_back(Decode(*png));
  }
  double inter = 0;
  int n_inter = 0;
  for (size_t a = 0; a < originals.size(); ++a) {
    for (size_t b = a + 1; b < originals.size(); ++b) {
      inter += PHashDistance(originals[a], originals[b]);
      ++n_inter;
    }
  }
  double intra = 0;
  int n_intra = 0;
  for (uint64_t seed = 100; seed < 108; ++seed) {
    ImageRef ref{.path = "/x.jpg", .original = "p", .original_seed = seed,
                 .variant = {.crop_left = 0.02, .crop_top = 0.01, .crop_right = 0.01, .crop_bottom = 0.02,
                             .scale = 0.7, .mirror = false, .brightness = 20, .watermark = true, .border = 4,
                             .quality = 55},
                 .card_phone = "",
                 .card_text = ""};
    auto bytes = RenderImage(ref, "Scarlet Directory");
    ASSERT_TRUE(bytes.ok());
    intra += PHashDistance(originals[seed - 100], Decode(*bytes));
    ++n_intra;
  }
  EXPECT_LT(intra / n_intra, 0.5 * (inter / n_inter)) << "intra " << intra / n_intra << " inter " << inter / n_inter;
}

}  // namespace
}  // namespace admon::testsite
