// Copyright 2026 The admon Authors.
//
// Renders the daily report in headless Chromium (offline: file:// URL,
// background networking off) and checks the screenshot is a real page.
// Skips with a message if /usr/bin/chromium is missing (Debian package
// `chromium`, listed in scripts/install-deps).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "gtest/gtest.h"
#include "report/html.h"
#include "report/test_model.h"

namespace admon::report {
namespace {

constexpr char kChromium[] = "/usr/bin/chromium";

TEST(ReportChromiumTest, ScreenshotOfReportIsNonTrivial) {
  if (::access(kChromium, X_OK) != 0) {
    GTEST_SKIP() << kChromium << " not installed (apt-get install chromium); screenshot test skipped";
  }
  const std::string dir = ::testing::TempDir() + "/report_chromium";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(RenderReport(testing::MakeModel(), ReportOptions{}, dir).ok());
  const std::string profile = dir + "/profile";
  const std::string png = dir + "/report.png";
  std::filesystem::create_directories(profile);
  const std::string cmd = std::string("timeout 120 ") + kChromium +
                          " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                          " --disable-background-networking --disable-component-update --disable-sync"
                          " --user-data-dir='" + profile + "' --screenshot='" + png +
                          "' --window-size=1400,2000 'file://" + dir + "/report-2026-11-23.html' >'" + dir +
                          "/chromium.log' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "see " << dir << "/chromium.log";
  ASSERT_TRUE(std::filesystem::exists(png));
  EXPECT_GT(std::filesystem::file_size(png), 10000u);
  cv::Mat img;
  try {
    img = cv::imread(png, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    FAIL() << "OpenCV: " << e.what();
  }
  ASSERT_FALSE(img.empty());
  EXPECT_EQ(img.cols, 1400);
  EXPECT_EQ(img.rows, 2000);
  cv::Mat gray;
  cv::cvtColor(img, gray, cv::COLOR_BGR2GRAY);
  cv::Scalar mean, stddev;
  cv::meanStdDev(gray, mean, stddev);
  EXPECT_GT(stddev[0], 10.0) << "screenshot is (nearly) uniform: page did not render";
  // The urgent badge (#b00020) is drawn: some strongly red pixels exist.
  cv::Mat red;
  cv::inRange(img, cv::Scalar(0, 0, 150), cv::Scalar(60, 60, 255), red);
  EXPECT_GT(cv::countNonZero(red), 100);
}

}  // namespace
}  // namespace admon::report
