// Copyright 2026 The admon Authors.
//
// The page scan of ProcessPending/ProcessPages: all on the calling thread, or
// in batches prepared by workers and committed in scan order (see pipeline.h).
#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>

#include "app/pipeline_impl.h"
#include "app/work_pool.h"
#include "parsers/image.h"
#include "store/record.h"

namespace admon::app {

// Any read error or surprise just stops here with `done` false: the commit
// then does the page's work itself and reports the error in order.
void Pipeline::Impl::Prepare(PageWork& w, Batch& batch) const {
  Prepared& p = w.prep;
  StageTimes& t = p.times;
  Lap lap;
  auto it = site_states.find(w.page.site);
  if (it == site_states.end()) return;
  const SiteState& state = it->second;
  auto site_id = AdvertIdFor(state, w.capture.url);
  if (!site_id.ok()) return;
  const std::string advert_id = absl::StrCat(w.page.site, ":", *site_id);
  auto existing = db->Get(store::Cf::kAdverts, advert_id);
  if (!existing.ok()) return;
  p.existing = *std::move(existing);
  if (p.existing.has_value()) {
    auto old = store::DecodeRecord(*p.existing, absl::StrCat("adverts/", advert_id));
    if (!old.ok()) return;
    p.old = *std::move(old);
  }
  t.lookup_ns += lap();
  if (p.existing.has_value() && p.old.value("capture_sha256", "") == w.capture.sha256) {
    p.done = true;  // looks unchanged: no parse
    return;
  }
  p.advert = ParseAdvert(state, w.page, w.capture, *site_id, advert_id);
  t.parse_ns += lap();
  p.text = dedupe::ComputeTextSignature(*p.advert, options.dedupe);
  t.link_ns += lap();
  const bool want_ocr = WantOcr(state, *p.advert);
  store::CaptureStore captures(db);
  p.images.resize(p.advert->images.size());
  for (size_t i = 0; i < p.images.size(); ++i) {
    PreparedImage& pi = p.images[i];
    auto cap = captures.GetLatest(p.advert->images[i].url);
    if (!cap.ok()) return;
    pi.cap = *std::move(cap);
    pi.read = true;
    if (!pi.cap.has_value() || pi.cap->body.empty()) {
      t.image_read_ns += lap();
      continue;
    }
    auto stored = db->Get(store::Cf::kImages, pi.cap->sha256);
    if (!stored.ok()) return;
    bool need_decode = !stored->has_value();
    bool need_ocr = want_ocr;
    if (stored->has_value()) {
      auto record = store::DecodeRecord(**stored, absl::StrCat("images/", pi.cap->sha256));
      if (!record.ok()) return;
      need_ocr = need_ocr && !record->contains("ocr_text") && record->value("error", "").empty();
    }
    t.image_read_ns += lap();
    if (!need_decode && !need_ocr) continue;
    bool decode_here = false;
    {
      std::lock_guard<std::mutex> lock(batch.mu);
      std::shared_ptr<ImageWork>& work = batch.images[pi.cap->sha256];
      if (work == nullptr) work = std::make_shared<ImageWork>();
      pi.work = work;
      decode_here = need_decode && !std::exchange(work->decode_claimed, true);
    }
    if (decode_here) {
      pi.work->decoded = parsers::DecodeAndHash(pi.cap->body, guard, {}, pi.cap->sha256);
      need_ocr = need_ocr && pi.work->decoded->error.empty();
      t.image_hash_ns += lap();
    }
    if (!need_ocr) continue;
    bool ocr_here = false;
    {
      std::lock_guard<std::mutex> lock(batch.mu);
      ocr_here = !std::exchange(pi.work->ocr_claimed, true);
    }
    if (ocr_here) {
      pi.work->ocr = ocr->OcrBytes(pi.cap->body, guard);
      t.ocr_ns += lap();
    }
  }
  p.done = true;
}

// Scans advert pages and commits each in scan order. threads > 1: batches of
// pages go to the workers (Prepare) while the calling thread commits earlier
// batches, at most kBatchesInFlight at once.
absl::Status Pipeline::Impl::ScanAndCommit(const PageScan& scan, ProcessSummary& summary,
                                           std::set<std::string>& touched, StageTimes& workers, int64_t& helped_ns) {
  absl::Status inner;
  if (pool == nullptr) {
    ADMON_RETURN_IF_ERROR(scan([&](const store::PageState& page, const store::Capture& cap) {
      inner = Commit(page, cap, nullptr, summary, touched);
      return inner.ok();
    }));
    return inner;
  }
  StageTimes& t = summary.stages;
  std::deque<std::unique_ptr<Batch>> in_flight;
  // Waits for `batch`'s pages to be prepared, running queued tasks meanwhile.
  auto wait = [&](Batch& batch) {
    while (true) {
      {
        std::lock_guard<std::mutex> lock(batch.mu);
        if (batch.pending == 0) return;
      }
      Lap lap;
      if (pool->RunOne()) {
        helped_ns += lap();
        continue;
      }
      std::unique_lock<std::mutex> lock(batch.mu);
      batch.done.wait(lock, [&] { return batch.pending == 0; });
      t.wait_ns += lap();
    }
  };
  // On any return, no task may outlive its batch.
  struct Drain {
    std::deque<std::unique_ptr<Batch>>& batches;
    std::function<void(Batch&)> wait;
    ~Drain() {
      for (auto& b : batches) wait(*b);
    }
  } drain{in_flight, wait};
  auto dispatch = [&](std::unique_ptr<Batch> batch) {
    batch->pending = static_cast<int>(batch->pages.size());
    Batch* b = batch.get();
    in_flight.push_back(std::move(batch));
    for (PageWork& w : b->pages) {
      pool->Submit([this, b, &w] {
        Prepare(w, *b);
        std::lock_guard<std::mutex> lock(b->mu);
        if (--b->pending == 0) b->done.notify_all();
      });
    }
  };
  auto commit_oldest = [&]() -> absl::Status {
    Batch& batch = *in_flight.front();
    wait(batch);
    for (PageWork& w : batch.pages) {
      workers += w.prep.times;
      ADMON_RETURN_IF_ERROR(Commit(w.page, w.capture, &w.prep, summary, touched));
    }
    in_flight.pop_front();
    return absl::OkStatus();
  };
  const size_t batch_pages = static_cast<size_t>(std::max(1, options.batch_pages));
  auto filling = std::make_unique<Batch>();
  ADMON_RETURN_IF_ERROR(scan([&](const store::PageState& page, const store::Capture& cap) {
    filling->pages.push_back(PageWork{.page = page, .capture = cap, .prep = {}});
    if (filling->pages.size() < batch_pages) return true;
    dispatch(std::exchange(filling, std::make_unique<Batch>()));
    if (in_flight.size() >= static_cast<size_t>(kBatchesInFlight)) inner = commit_oldest();
    return inner.ok();
  }));
  ADMON_RETURN_IF_ERROR(inner);
  if (!filling->pages.empty()) dispatch(std::move(filling));
  while (!in_flight.empty()) ADMON_RETURN_IF_ERROR(commit_oldest());
  return absl::OkStatus();
}

}  // namespace admon::app
