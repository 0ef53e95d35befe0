// Copyright 2026 The admon Authors.
//
// WorkPool: the pipeline's worker threads (app/pipeline_batches.cc).
// Thread safety: Submit, RunOne and RunAll from any thread.
#ifndef ADMON_APP_WORK_POOL_H_
#define ADMON_APP_WORK_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

namespace admon::app {

// A fixed set of worker threads running submitted tasks in FIFO order. The
// owner may also run queued tasks itself (RunOne) while it waits for them.
class WorkPool {
 public:
  explicit WorkPool(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this](std::stop_token stop) { Loop(stop); });
  }
  // Joins the workers (jthread); queued tasks are run first.
  ~WorkPool() = default;

  void Submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(std::move(task));
    }
    cv_.notify_one();
  }
  // Runs the oldest queued task on the calling thread; false if none.
  bool RunOne() {
    std::function<void()> task;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.empty()) return false;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
    return true;
  }
  // Runs fn(0) .. fn(n - 1) on the workers and on the calling thread, which
  // returns once every call has returned. The calls may run in any order and
  // at once. REQUIRES: no other RunAll on this pool at the same time (the
  // caller would run that one's tasks too, which is harmless but unbounded).
  void RunAll(size_t n, const std::function<void(size_t)>& fn) {
    std::mutex done_mu;
    std::condition_variable done;
    size_t pending = n;  // guarded by done_mu
    for (size_t i = 0; i < n; ++i) {
      Submit([&, i] {
        fn(i);
        std::lock_guard<std::mutex> lock(done_mu);
        if (--pending == 0) done.notify_all();
      });
    }
    while (RunOne()) {
    }
    std::unique_lock<std::mutex> lock(done_mu);
    done.wait(lock, [&] { return pending == 0; });
  }

 private:
  void Loop(std::stop_token stop) {
    while (true) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (!cv_.wait(lock, stop, [&] { return !queue_.empty(); })) return;  // stop requested, queue empty
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  std::vector<std::jthread> threads_;        // last: joined before mu_ and cv_ go
};

}  // namespace admon::app

#endif  // ADMON_APP_WORK_POOL_H_
