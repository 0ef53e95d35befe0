// Copyright 2026 The admon Authors.
//
// Internal to app/pipeline*.cc: Pipeline::Impl and the per-page work records
// its threaded path hands between workers and the committing thread.
// pipeline.cc: creation, the per-page commit, cluster scoring, rescoring;
// pipeline_batches.cc: the page scan, batches and workers (Prepare,
// ScanAndCommit); cluster_facts.cc: FactsFromMembers. Not a public API.
#ifndef ADMON_APP_PIPELINE_IMPL_H_
#define ADMON_APP_PIPELINE_IMPL_H_

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/pipeline.h"
#include "app/work_pool.h"
#include "common/status.h"
#include "parsers/furniture.h"
#include "parsers/gazetteer.h"
#include "parsers/identifiers.h"
#include "parsers/image.h"
#include "parsers/page.h"
#include "re2/re2.h"
#include "store/captures.h"

namespace admon::app {

// meta "pending_cluster" NUL <cluster id>: a cluster changed by an advert
// whose record is written, but not scored yet. Written in the advert's batch
// and deleted once the cluster is scored, so a crash between linking and
// cluster scoring is caught up by the next run.
inline constexpr std::string_view kPendingClusterPrefix{"pending_cluster\0", 16};
inline std::string PendingClusterKey(std::string_view cluster_id) {
  return absl::StrCat(AV(kPendingClusterPrefix), AV(cluster_id));
}

// CPU time of `clock` (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID), ns.
inline int64_t CpuNanos(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// Stage timing: each call returns the steady_clock nanoseconds since the
// previous call (or construction), so consecutive stages are charged in turn.
class Lap {
 public:
  Lap() : last_(std::chrono::steady_clock::now()) {}
  int64_t operator()() {
    const auto now = std::chrono::steady_clock::now();
    const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now - last_).count();
    last_ = now;
    return ns;
  }

 private:
  std::chrono::steady_clock::time_point last_;
};

using PageFn = std::function<bool(const store::PageState&, const store::Capture&)>;
// Yields advert pages with their latest capture to `fn` until it returns false.
using PageScan = std::function<absl::Status(const PageFn&)>;

struct SiteState {
  const config::SiteConfig* config = nullptr;
  std::unique_ptr<RE2> advert_pattern;
  std::optional<parsers::FieldRules> rules;  // nullopt: generic fallback
  parsers::FurnitureModel furniture;
};

// Pure work on one new image (by SHA-256) shared by the pages of a batch that
// show it, so it is decoded and OCR'd once. The claim flags are guarded by
// Batch::mu; the result is written by the claiming task and read by the
// commit after the whole batch completed.
struct ImageWork {
  bool decode_claimed = false;
  bool ocr_claimed = false;
  std::optional<parsers::Image> decoded;           // DecodeAndHash, url left empty
  std::optional<absl::StatusOr<std::string>> ocr;  // OcrEngine::OcrBytes
};

struct PreparedImage {
  bool read = false;                  // `cap` holds GetLatest(url)
  std::optional<store::Capture> cap;  // the image's latest capture
  std::shared_ptr<ImageWork> work;    // null: nothing computed ahead
};

// What a worker computed for one page ahead of its commit. Database reads are
// of the state when the worker ran (earlier pages may not be committed yet):
// hints the commit re-checks. Parse, decode and OCR results are pure.
struct Prepared {
  bool done = false;                      // ran to the end; otherwise the commit ignores it
  std::optional<std::string> existing;    // stored advert record as read
  nlohmann::json old;                     // `existing` decoded
  std::optional<parsers::Advert> advert;  // parsed, images not filled; nullopt: looked unchanged
  std::vector<PreparedImage> images;      // parallel to advert->images
  std::optional<dedupe::TextSignature> text;  // of `advert` as parsed (Linker::Add checks it still fits)
  StageTimes times;                       // this page's worker-side stages
};

struct PageWork {
  store::PageState page;
  store::Capture capture;
  Prepared prep;
};

struct Batch {
  std::vector<PageWork> pages;
  std::mutex mu;
  std::condition_variable done;
  int pending = 0;                                                // guarded by mu: pages not prepared yet
  std::map<std::string, std::shared_ptr<ImageWork>, std::less<>> images;  // guarded by mu; by SHA-256
};

class Pipeline::Impl {
 public:
  store::Db* db = nullptr;
  const config::SitesConfig* sites = nullptr;
  PipelineOptions options;
  std::unique_ptr<const indicators::Catalogue> catalogue;
  std::unique_ptr<parsers::IdentifierExtractor> extractor;
  std::unique_ptr<parsers::Gazetteer> gazetteer;
  std::unique_ptr<parsers::PageParser> parser;
  std::unique_ptr<parsers::OcrEngine> ocr;  // null when OCR is off or unavailable
  std::unique_ptr<dedupe::Linker> linker;
  std::map<std::string, SiteState, std::less<>> site_states;
  parsers::ImageGuardOptions guard;
  int threads = 1;                  // options.threads, 0 resolved to the hardware's
  std::unique_ptr<WorkPool> pool;   // threads - 1 workers; null when threads == 1

  absl::Status PrepareSites();
  absl::Status LearnFurniture(SiteState& state);
  absl::StatusOr<std::string> AdvertIdFor(const SiteState& state, std::string_view url) const;
  // Parses one advert page with its site's rules and furniture; the result carries `advert_id`.
  parsers::Advert ParseAdvert(const SiteState& state, const store::PageState& page, const store::Capture& capture,
                              const std::string& site_id, const std::string& advert_id) const;
  bool WantOcr(const SiteState& state, const parsers::Advert& advert) const {
    return ocr != nullptr && state.config->ocr && advert.phones.empty();
  }
  // Worker side (threads > 1): `w.prep` from the page; thread safe.
  void Prepare(PageWork& w, Batch& batch) const;
  // `prepared` (may be null) is parallel to advert.images.
  absl::Status FillImages(const SiteState& state, parsers::Advert& advert, std::vector<PreparedImage>* prepared,
                          ProcessSummary& summary);
  // The page's sequential part, in scan order; `prep` (may be null) holds
  // what a worker computed ahead.
  absl::Status Commit(const store::PageState& page, const store::Capture& capture, Prepared* prep,
                      ProcessSummary& summary, std::set<std::string>& touched);
  // `workers`: stages of the workers' Prepare; `helped_ns`: time the calling
  // thread ran workers' tasks while waiting.
  absl::Status ScanAndCommit(const PageScan& scan, ProcessSummary& summary, std::set<std::string>& touched,
                             StageTimes& workers, int64_t& helped_ns);
  // ProcessPending (`only_sites` null) and ProcessPages: furniture learnt
  // for every site or `only_sites`, the pages `scan` yields, timed, then
  // (ProcessPending only) the pending clusters scored.
  absl::StatusOr<ProcessSummary> Process(const PageScan& scan, const std::set<std::string, std::less<>>* only_sites);
  // Whether an image the stored advert record lacked (not captured when it
  // was processed) has a stored capture now: the advert is processed again.
  absl::StatusOr<bool> ImagesArrivedSince(const nlohmann::json& advert) const;
  absl::Status ScorePending(std::set<std::string>& touched, ProcessSummary& summary);
  // Scores the root clusters `roots`, writing their scores in batches of
  // options.cluster_scores_per_batch, on every thread when there is a pool.
  absl::Status ScoreClusters(const std::vector<std::string>& roots);
  // Stages root cluster `id`'s score in `batch`.
  absl::Status ScoreCluster(const std::string& id, store::WriteBatch& batch);
};

}  // namespace admon::app

#endif  // ADMON_APP_PIPELINE_IMPL_H_
