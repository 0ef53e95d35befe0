// Copyright 2026 The admon Authors.
#include "testsite/images.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "opencv2/core.hpp"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/imgproc.hpp"
#include "testsite/rng.h"

namespace admon::testsite {
namespace {

cv::Scalar RandomColor(Rng& r) {
  return cv::Scalar(static_cast<double>(r.Below(256)), static_cast<double>(r.Below(256)),
                    static_cast<double>(r.Below(256)));
}

cv::Mat Original(uint64_t seed) {
  Rng r(seed);
  cv::Mat img(kPhotoHeight, kPhotoWidth, CV_8UC3);
  const cv::Scalar a = RandomColor(r), b = RandomColor(r);
  // Gradient along a random direction, so low frequencies differ between photos.
  const double angle = r.Unit() * 2 * CV_PI;
  const double dx = std::cos(angle), dy = std::sin(angle);
  const double span = std::abs(dx) * img.cols + std::abs(dy) * img.rows;
  const double offset = std::min(0.0, dx * img.cols) + std::min(0.0, dy * img.rows);
  for (int y = 0; y < img.rows; ++y) {
    auto* row = img.ptr<cv::Vec3b>(y);
    for (int x = 0; x < img.cols; ++x) {
      const double t = (dx * x + dy * y - offset) / span;
      for (int c = 0; c < 3; ++c) row[x][c] = cv::saturate_cast<uchar>(a[c] * (1 - t) + b[c] * t);
    }
  }
  const int shapes = r.Range(6, 12);
  for (int i = 0; i < shapes; ++i) {
    cv::Point p(r.Range(0, kPhotoWidth - 1), r.Range(0, kPhotoHeight - 1));
    const cv::Scalar color = RandomColor(r);
    const int thickness = r.Chance(0.6) ? cv::FILLED : r.Range(2, 8);
    switch (r.Below(4)) {
      case 0: cv::circle(img, p, r.Range(10, 120), color, thickness, cv::LINE_AA); break;
      case 1:
        cv::rectangle(img, p, cv::Point(p.x + r.Range(-150, 150), p.y + r.Range(-150, 150)), color, thickness);
        break;
      case 2:
        cv::ellipse(img, p, cv::Size(r.Range(10, 120), r.Range(10, 120)), r.Range(0, 179), 0, 360, color, thickness,
                    cv::LINE_AA);
        break;
      default:
        cv::line(img, p, cv::Point(r.Range(0, kPhotoWidth - 1), r.Range(0, kPhotoHeight - 1)), color, r.Range(2, 12),
                 cv::LINE_AA);
    }
  }
  // A figure: head and body, placed and sized at random, so every photo has a subject.
  const int cx = r.Range(90, 270), top = r.Range(60, 200);
  const double k = 0.7 + 0.6 * r.Unit();
  const cv::Scalar skin(r.Range(120, 200), r.Range(140, 200), r.Range(170, 240));
  cv::ellipse(img, cv::Point(cx, top), cv::Size(static_cast<int>(36 * k), static_cast<int>(46 * k)), 0, 0, 360, skin,
              cv::FILLED, cv::LINE_AA);
  cv::ellipse(img, cv::Point(cx, top + static_cast<int>(170 * k)),
              cv::Size(static_cast<int>(r.Range(55, 80) * k), static_cast<int>(120 * k)), 0, 0, 360, RandomColor(r),
              cv::FILLED, cv::LINE_AA);
  cv::GaussianBlur(img, img, cv::Size(3, 3), 0);
  cv::Mat noise(img.size(), CV_16SC3), wide;
  cv::RNG cvrng(r.Next());
  cvrng.fill(noise, cv::RNG::NORMAL, 0, 7);
  img.convertTo(wide, CV_16SC3);
  wide += noise;
  wide.convertTo(img, CV_8UC3);
  return img;
}

cv::Mat Card(const ImageRef& ref) {
  Rng r(ref.original_seed);
  const bool dark = r.Chance(0.5);
  cv::Mat img(300, 480, CV_8UC3, dark ? cv::Scalar(40, 20, 30) : cv::Scalar(235, 225, 250));
  const cv::Scalar ink = dark ? cv::Scalar(255, 255, 255) : cv::Scalar(20, 20, 20);
  const int font = cv::FONT_HERSHEY_DUPLEX;
  cv::putText(img, r.Chance(0.5) ? "Call me" : "Text me", cv::Point(30, 90), font, 1.4, ink, 2, cv::LINE_AA);
  double scale = 1.3;
  int base = 0;
  while (scale > 0.5 && cv::getTextSize(ref.card_text, font, scale, 2, &base).width > img.cols - 40) scale -= 0.1;
  cv::putText(img, ref.card_text, cv::Point(20, 180), font, scale, ink, 2, cv::LINE_AA);
  cv::putText(img, "xx", cv::Point(30, 260), cv::FONT_HERSHEY_SCRIPT_SIMPLEX, 1.2, ink, 2, cv::LINE_AA);
  return img;
}

absl::StatusOr<std::string> Encode(const cv::Mat& img, const std::string& ext, std::vector<int> params,
                                   const std::string& subject) {
  std::vector<uchar> buf;
  if (!cv::imencode(ext, img, buf, params)) return absl::InternalError(absl::StrCat(subject, ": encode failed"));
  return std::string(buf.begin(), buf.end());
}

}  // namespace

absl::StatusOr<std::string> RenderImage(const ImageRef& ref, const std::string& watermark) {
  try {
    if (!ref.card_phone.empty()) {
      return Encode(Card(ref), ".jpg", {cv::IMWRITE_JPEG_QUALITY, ref.variant.quality}, ref.path);
    }
    const ImageVariant& v = ref.variant;
    cv::Mat img = Original(ref.original_seed);
    const int x0 = static_cast<int>(v.crop_left * img.cols), y0 = static_cast<int>(v.crop_top * img.rows);
    const int x1 = img.cols - static_cast<int>(v.crop_right * img.cols);
    const int y1 = img.rows - static_cast<int>(v.crop_bottom * img.rows);
    img = img(cv::Rect(x0, y0, x1 - x0, y1 - y0)).clone();
    if (v.scale != 1.0) {
      cv::resize(img, img, cv::Size(), v.scale, v.scale, cv::INTER_AREA);
    }
    if (v.mirror) cv::flip(img, img, 1);
    if (v.brightness != 0) img.convertTo(img, -1, 1.0, v.brightness);
    if (v.watermark) {
      int base = 0;
      const double scale = 0.45 * std::max(0.6, v.scale);
      cv::Size ts = cv::getTextSize(watermark, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &base);
      cv::Point at(std::max(2, img.cols - ts.width - 6), img.rows - 8);
      cv::putText(img, watermark, at, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(0, 0, 0), 3, cv::LINE_AA);
      cv::putText(img, watermark, at, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
    }
    if (v.border > 0) {
      cv::copyMakeBorder(img, img, v.border, v.border, v.border, v.border, cv::BORDER_CONSTANT,
                         cv::Scalar(250, 250, 250));
    }
    return Encode(img, ".jpg", {cv::IMWRITE_JPEG_QUALITY, v.quality}, ref.path);
  } catch (const cv::Exception& e) {
    return absl::InternalError(absl::StrCat(ref.path, ": opencv: ", e.what()));
  }
}

absl::StatusOr<std::string> RenderOriginalPng(uint64_t original_seed) {
  try {
    return Encode(Original(original_seed), ".png", {}, "original");
  } catch (const cv::Exception& e) {
    return absl::InternalError(absl::StrCat("original: opencv: ", e.what()));
  }
}

absl::StatusOr<std::string> RenderBanner(int site) {
  try {
    cv::Mat img(90, 728, CV_8UC3);
    Rng r(Hash(0, "banner", static_cast<uint64_t>(site)));
    const cv::Scalar a = RandomColor(r), b = RandomColor(r);
    for (int x = 0; x < img.cols; ++x) {
      double t = static_cast<double>(x) / img.cols;
      img.col(x).setTo(a * (1 - t) + b * t);
    }
    cv::putText(img, Site(site).display, cv::Point(20, 60), cv::FONT_HERSHEY_TRIPLEX, 1.5, cv::Scalar(255, 255, 255),
                2, cv::LINE_AA);
    return Encode(img, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 85}, "banner");
  } catch (const cv::Exception& e) {
    return absl::InternalError(absl::StrCat("banner: opencv: ", e.what()));
  }
}

}  // namespace admon::testsite
