// Copyright 2026 The admon Authors.
#include "app/work_pool.h"

#include <atomic>
#include <cstddef>
#include <vector>

#include "gtest/gtest.h"

namespace admon::app {
namespace {

TEST(WorkPool, RunAllRunsEachIndexOnceAndReturnsWhenAllHaveRun) {
  WorkPool pool(3);
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{100}}) {
    std::vector<std::atomic<int>> runs(n);
    pool.RunAll(n, [&](size_t i) { runs[i].fetch_add(1); });
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(runs[i].load(), 1) << "index " << i << " of " << n;
  }
}

TEST(WorkPool, RunAllWithoutWorkersRunsEverythingOnTheCaller) {
  WorkPool pool(0);
  std::vector<int> order;
  pool.RunAll(5, [&](size_t i) { order.push_back(static_cast<int>(i)); });
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));  // FIFO on the calling thread
}

}  // namespace
}  // namespace admon::app
