// Copyright 2026 The admon Authors.
//
// Processing while the crawl runs (`admon run`): the crawler hands every
// stored capture to a bounded queue (CrawlOptions::on_capture), and one
// processing thread turns advert pages into scored, linked adverts through
// Pipeline::ProcessPages as soon as they are complete:
//   - an advert page waits for the images the crawler queued for it
//     (CaptureNote::images_queued), which the crawler fetches next, so the
//     advert is linked with its photos, as a later `admon process` would;
//   - a site's adverts wait until its furniture can be learnt from
//     PipelineOptions::furniture_sample_pages pages (or was learnt in an
//     earlier cycle), so site-wide phones never link adverts.
// What is still waiting when the crawl ends (an image that failed, a small
// site) is left to the ProcessPending that ends the cycle, which also scores
// the clusters: the stream only moves work earlier, it never decides what
// is stored. A crash mid-stream leaves stored captures that ProcessPending
// picks up on the next run.
//
// Usage:
//   StreamProcessor stream(pipeline, {}, &stop);
//   crawl_options.on_capture = [&](const auto& c, const auto& n) { stream.OnCapture(c, n); };
//   ... crawler->Run() ...
//   absl::StatusOr<StreamSummary> streamed = stream.Finish();
//   pipeline->ProcessPending();
//
// Thread safety: OnCapture from one thread (the crawl's); Finish from the
// thread that made the processor. The pipeline must not be used elsewhere
// until Finish returns.
#ifndef ADMON_APP_STREAM_H_
#define ADMON_APP_STREAM_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "app/pipeline.h"
#include "crawler/crawler.h"
#include "store/captures.h"

namespace admon::app {

struct StreamOptions {
  // Captures stored but not yet taken by the processing thread. The crawl
  // blocks when it is full (backpressure: processing never falls behind by
  // more than this). ~200 bytes each.
  size_t max_queued = 4096;
  // Advert pages waiting for their images. Beyond it the oldest is left to
  // the end of the cycle (an image host that stopped answering must not
  // grow memory). URLs only, ~200 bytes each.
  size_t max_waiting = 4096;
  // Pages handed to Pipeline::ProcessPages at once (fewer when the queue
  // runs dry, so adverts are not held back on a slow crawl).
  size_t batch_pages = 128;
};

struct StreamSummary {
  ProcessSummary processed;          // summed over the ProcessPages calls
  int64_t batches = 0;               // ProcessPages calls
  int64_t left_for_end = 0;          // advert pages still waiting at the end, or pushed out by max_waiting
  int64_t left_for_furniture = 0;    // of those, complete but their site had < furniture_sample_pages pages
  int64_t crawl_blocked_ns = 0;      // time the crawl thread waited for room in the queue
  int64_t max_queue_depth = 0;       // deepest the queue got
};
std::ostream& operator<<(std::ostream& os, const StreamSummary& s);

class StreamProcessor {
 public:
  // Starts the processing thread. REQUIRES: `pipeline` outlives the
  // processor. `stop` (may be null) is set if processing fails, so the crawl
  // stops too; Finish then returns the error.
  StreamProcessor(Pipeline* pipeline, StreamOptions options, std::atomic<bool>* stop);
  ~StreamProcessor();  // Finish()es if not done, ignoring its result
  StreamProcessor(const StreamProcessor&) = delete;
  StreamProcessor& operator=(const StreamProcessor&) = delete;

  // The crawl thread, after each stored capture: queues it, waiting while
  // the queue is full. Returns at once after a processing error.
  void OnCapture(const store::Capture& capture, const crawler::CaptureNote& note);
  // Processes what is ready, joins the thread. The first processing error
  // (naming the page or key) if any.
  absl::StatusOr<StreamSummary> Finish();

 private:
  struct Event {
    std::string url;
    std::string site;
    store::CaptureKind kind = store::CaptureKind::kOther;
    std::vector<std::string> images_queued;
  };
  class Tracker;

  void Loop();
  absl::Status ProcessBatch(std::vector<std::string>& urls);

  Pipeline* const pipeline_;
  const StreamOptions options_;
  std::atomic<bool>* const stop_;
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Event> queue_;       // guarded by mu_
  bool closed_ = false;           // guarded by mu_
  bool failed_ = false;           // guarded by mu_
  absl::Status error_;            // written by the thread, read after join
  StreamSummary summary_;         // processed/batches/left_for_end: the thread's; the rest under mu_
  std::thread thread_;
  bool finished_ = false;
};

}  // namespace admon::app

#endif  // ADMON_APP_STREAM_H_
