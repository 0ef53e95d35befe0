// Copyright 2026 The admon Authors.
#include "app/stream.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace admon::app {

std::ostream& operator<<(std::ostream& os, const StreamSummary& s) {
  return os << s.processed << "; " << s.batches << " batches, " << s.left_for_end
            << " advert pages left to the end of the cycle (" << s.left_for_furniture
            << " of them from sites with too few pages yet to learn their furniture), crawl waited "
            << s.crawl_blocked_ns / 1'000'000 << " ms for the queue (deepest " << s.max_queue_depth << ")";
}

// Which advert pages are complete: their queued images stored, and their
// site's furniture learnable. Processing thread only.
class StreamProcessor::Tracker {
 public:
  Tracker(const Pipeline& pipeline, size_t max_waiting) : pipeline_(pipeline), max_waiting_(max_waiting) {}

  // Appends the advert pages `e` completes to `ready`, oldest first.
  void Add(const Event& e, std::vector<std::string>& ready) {
    if (e.kind == store::CaptureKind::kImage) {
      auto it = waiters_.find(e.url);
      if (it == waiters_.end()) return;
      for (const std::string& advert : it->second) {
        auto w = waiting_.find(advert);
        if (w != waiting_.end() && --w->second.images == 0) {
          std::string site = std::move(w->second.site);
          waiting_.erase(w);
          Complete(advert, site, ready);
        }
      }
      waiters_.erase(it);
      return;
    }
    ++site_pages_[e.site];
    if (auto held = held_.find(e.site); held != held_.end() && SiteReady(e.site)) {
      ready.insert(ready.end(), std::make_move_iterator(held->second.begin()),
                   std::make_move_iterator(held->second.end()));
      held_.erase(held);
    }
    std::vector<std::string> images = e.images_queued;
    std::sort(images.begin(), images.end());
    images.erase(std::unique(images.begin(), images.end()), images.end());
    waiting_.erase(e.url);  // fetched again (a redirect back to it): this capture is the one
    if (images.empty()) {
      Complete(e.url, e.site, ready);
      return;
    }
    waiting_[e.url] = Waiting{.site = e.site, .images = static_cast<int64_t>(images.size())};
    for (std::string& image : images) waiters_[std::move(image)].push_back(e.url);
    order_.push_back(e.url);
    while (waiting_.size() > max_waiting_ && !order_.empty()) {
      evicted_ += waiting_.erase(order_.front());
      order_.pop_front();
    }
    if (order_.size() > 2 * max_waiting_ + 16) {  // drop completed entries so order_ stays bounded
      std::erase_if(order_, [&](const std::string& url) { return !waiting_.contains(url); });
    }
  }

  // Pages that never completed (or were pushed out): ProcessPending's.
  int64_t left() const { return evicted_ + static_cast<int64_t>(waiting_.size()) + held(); }
  // Of those, complete but held for their site's furniture.
  int64_t held() const {
    int64_t n = 0;
    for (const auto& [site, urls] : held_) n += static_cast<int64_t>(urls.size());
    return n;
  }

 private:
  struct Waiting {
    std::string site;
    int64_t images = 0;  // queued images not stored yet
  };

  // Its furniture is learnt, or can be from the pages stored this run.
  bool SiteReady(const std::string& site) const {
    const int64_t sample = pipeline_.options().furniture_sample_pages;
    auto seen = site_pages_.find(site);
    return pipeline_.FurniturePages(site) >= sample || (seen != site_pages_.end() && seen->second >= sample);
  }

  void Complete(const std::string& url, const std::string& site, std::vector<std::string>& ready) {
    if (SiteReady(site)) {
      ready.push_back(url);
    } else {
      held_[site].push_back(url);
    }
  }

  const Pipeline& pipeline_;
  const size_t max_waiting_;
  std::unordered_map<std::string, Waiting> waiting_;                   // advert URL -> what it waits for
  std::unordered_map<std::string, std::vector<std::string>> waiters_;  // image URL -> adverts waiting for it
  std::deque<std::string> order_;                                      // waiting adverts, oldest first
  std::map<std::string, int64_t> site_pages_;                          // advert pages seen this run, per site
  std::map<std::string, std::vector<std::string>> held_;               // complete, waiting for furniture
  int64_t evicted_ = 0;
};

StreamProcessor::StreamProcessor(Pipeline* pipeline, StreamOptions options, std::atomic<bool>* stop)
    : pipeline_(pipeline), options_(options), stop_(stop), thread_([this] { Loop(); }) {}

StreamProcessor::~StreamProcessor() {
  if (!finished_) (void)Finish();
}

void StreamProcessor::OnCapture(const store::Capture& capture, const crawler::CaptureNote& note) {
  if (capture.kind != store::CaptureKind::kAdvert && capture.kind != store::CaptureKind::kImage) return;
  std::unique_lock<std::mutex> lock(mu_);
  if (queue_.size() >= options_.max_queued && !failed_) {
    const auto start = std::chrono::steady_clock::now();
    not_full_.wait(lock, [&] { return queue_.size() < options_.max_queued || failed_; });
    summary_.crawl_blocked_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::steady_clock::now() - start).count();
  }
  if (failed_ || closed_) return;
  queue_.push_back(Event{.url = capture.url, .site = capture.site, .kind = capture.kind,
                         .images_queued = note.images_queued});
  summary_.max_queue_depth = std::max(summary_.max_queue_depth, static_cast<int64_t>(queue_.size()));
  not_empty_.notify_one();
}

absl::Status StreamProcessor::ProcessBatch(std::vector<std::string>& urls) {
  if (urls.empty()) return absl::OkStatus();
  absl::StatusOr<ProcessSummary> done = pipeline_->ProcessPages(urls);
  urls.clear();
  if (!done.ok()) return done.status();
  summary_.processed += *done;
  ++summary_.batches;
  return absl::OkStatus();
}

void StreamProcessor::Loop() {
  Tracker tracker(*pipeline_, options_.max_waiting);
  std::vector<Event> events;
  std::vector<std::string> ready, batch;
  bool closed = false;
  while (!closed) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
      events.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
      queue_.clear();
      closed = closed_;
    }
    not_full_.notify_all();
    for (const Event& e : events) tracker.Add(e, ready);
    events.clear();
    for (std::string& url : ready) {
      batch.push_back(std::move(url));
      if (batch.size() >= options_.batch_pages) error_ = ProcessBatch(batch);
      if (!error_.ok()) break;
    }
    ready.clear();
    if (error_.ok()) error_ = ProcessBatch(batch);
    if (!error_.ok()) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        failed_ = true;
        queue_.clear();
      }
      not_full_.notify_all();
      if (stop_ != nullptr) stop_->store(true);
      break;
    }
  }
  summary_.left_for_end = tracker.left();
  summary_.left_for_furniture = tracker.held();
  std::ostringstream os;
  os << summary_.processed.stages;
  spdlog::info("stream stages ({} batches): {}", summary_.batches, os.str());
}

absl::StatusOr<StreamSummary> StreamProcessor::Finish() {
  if (!finished_) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = true;
    }
    not_empty_.notify_all();
    thread_.join();
    finished_ = true;
  }
  if (!error_.ok()) return error_;
  return summary_;
}

}  // namespace admon::app
