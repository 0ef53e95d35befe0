// Copyright 2026 The admon Authors.
//
// The processing half of a monitoring run: stored captures -> adverts ->
// scores -> links and clusters -> cluster scores. It composes parsers/,
// indicators/ and dedupe/ over the store; it never fetches (the crawler
// stores captures first) and never renders (report/ reads what it stores).
//
// Keys it writes:
//   adverts  <advert id>                 parsers::Advert record (+ "removed_unix" once removed,
//                                        + "changed_unix": when its content last changed)
//   images   <sha256 hex>                parsers::Image record (+ "ocr_text" when OCR ran)
//   scores   "advert" NUL <advert id>    indicators::AdvertScore record
//            "cluster" NUL <cluster id>  indicators::ClusterScore record (+ "facts")
//   meta     "furniture" NUL <site>      parsers::FurnitureModel record
//            "pending_cluster" NUL <id>  cluster changed but not yet scored (crash recovery)
//
// Idempotent: an advert whose latest capture was already processed is
// skipped, so `admon process` can be re-run (or resumed after a crash) and
// produces the same database as one uninterrupted run.
//
// Threads (PipelineOptions::threads): advert pages are read in capture-scan
// order in batches of `batch_pages`. With threads > 1, threads - 1 worker
// threads (and the calling thread while it waits) do each page's pure work:
// parse + extract, image captures read, new images decoded + hashed (once
// per SHA-256 per batch), OCR. The calling thread then commits the pages in
// scan order: change detection against the stored advert, Linker::Add,
// scoring, the advert, score and image records. Everything the workers read
// from the database is a hint that the commit re-checks, so the database is
// the same, key for key, whatever the thread count. threads == 1 does all of
// it on the calling thread (no worker reads ahead).
//
// Thread safety: one Pipeline per Db, called from one thread at a time. Its
// threads - 1 workers live as long as it does and only run the work it
// hands them inside ProcessPending and ProcessPages.
#ifndef ADMON_APP_PIPELINE_H_
#define ADMON_APP_PIPELINE_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "config/sites.h"
#include "dedupe/dedupe.h"
#include "indicators/indicators.h"
#include "parsers/advert.h"
#include "store/db.h"

namespace admon::app {

// Batches being worked on or waiting to be committed at once (threads > 1):
// one being committed, two ahead so workers never wait for the commit.
inline constexpr int kBatchesInFlight = 3;
// PipelineOptions::threads above this is refused (a typo, not a machine).
inline constexpr int kMaxThreads = 256;

struct PipelineOptions {
  std::string indicators_path = "config/indicators.yaml";  // indicator catalogue
  std::string gazetteer_path = "config/gazetteer.yaml";    // towns -> police force areas
  bool ocr = true;                   // global switch; a site's `ocr: false` also turns it off
  int furniture_sample_pages = 200;  // advert pages per site sampled to learn site furniture
  int max_cluster_members_scored = 5000;  // adverts read per cluster when computing cluster facts
  dedupe::DedupeOptions dedupe = {};  // linking thresholds
  // Threads for ProcessPending, counting the calling thread: 1 = all on the
  // calling thread; N > 1 = N - 1 workers for per-page work (the caller
  // links and writes, and helps the workers while it waits); 0 = one per
  // hardware thread. The database is the same for any value.
  int threads = 1;
  // Advert pages per batch handed to the workers (threads > 1). Memory:
  // up to kBatchesInFlight batches of pages, their image captures and
  // parsed adverts (~50 KB per test-site page).
  int batch_pages = 128;
  // Cluster scores written per WriteBatch when clusters are scored in bulk
  // (after the scan, rescore): one write-ahead log append per batch instead
  // of one per cluster (at 100 k adverts, 40,000 single-key writes were 8 %
  // of the cluster-scoring stage's samples). With threads > 1 the batches are
  // scored on every thread. Memory: a batch of scores, about 600 bytes per
  // cluster at 100 k adverts. Clusters.
  int cluster_scores_per_batch = 1000;
  // ProcessPending logs a progress line every this many pages (a 1 M-page
  // backlog runs for an hour or more); 0 = never. Pages.
  int64_t progress_every_pages = 10000;
};

// Time spent in each stage of ProcessPending, steady_clock nanoseconds.
// Always on: two clock reads per stage per advert (~40 ns against ~1 ms of
// work). With threads == 1 the stages add up to total_ns: `other_ns` is the
// rest, scanning captures and page states (RocksDB iteration, capture
// decoding) and bookkeeping. With threads > 1 each stage is the sum over all
// threads of the time they spent in it (work of several threads at once), so
// the stages add up to more than total_ns; `other_ns` is then what the
// calling thread spent outside its own stages, its help to the workers and
// its `wait_ns`.
struct StageTimes {
  int64_t furniture_ns = 0;      // learning site furniture from sampled pages (once per site)
  int64_t lookup_ns = 0;         // reading and decoding the stored advert (change detection)
  int64_t parse_ns = 0;          // HTML parse + field and identifier extraction (PageParser::Parse)
  int64_t image_read_ns = 0;     // image captures and image records read from RocksDB + decoded
  int64_t image_hash_ns = 0;     // decode + perceptual hash of images new by SHA-256
  int64_t ocr_ns = 0;            // OCR of images (adverts without a phone in text)
  int64_t score_ns = 0;          // indicator scoring of the advert
  int64_t link_ns = 0;           // dedupe Add/Touch/MarkRemoved, including dedupe's own RocksDB I/O
  int64_t write_ns = 0;          // advert, score and image records: JSON encode + RocksDB writes
  int64_t cluster_score_ns = 0;  // cluster facts and scores of touched clusters, after the scan
  int64_t wait_ns = 0;           // threads > 1: calling thread blocked waiting for workers
  int64_t other_ns = 0;          // total_ns minus the stages above (see above for threads > 1)
  int64_t total_ns = 0;          // the whole ProcessPending call
  // CPU time during the call (clock_gettime), for the speed-up workers can
  // give on free cores: wall >= max(main_cpu_ns, cpu_ns / cores).
  int64_t cpu_ns = 0;            // all threads of the process
  int64_t main_cpu_ns = 0;       // the calling thread (commit, link, writes, its help to workers)
};
// One line, milliseconds per stage.
std::ostream& operator<<(std::ostream& os, const StageTimes& t);
// Adds every field of `b` to `a` (stages of several threads or calls).
StageTimes& operator+=(StageTimes& a, const StageTimes& b);

struct ProcessSummary {
  int64_t pages_seen = 0;        // advert pages with a stored copy
  int64_t adverts_parsed = 0;    // new or changed adverts parsed, scored and linked
  int64_t adverts_changed = 0;   // of those, already known adverts whose content changed
  int64_t adverts_unchanged = 0; // latest capture already processed
  int64_t adverts_removed = 0;   // newly marked removed
  int64_t images_decoded = 0;    // new images decoded and hashed
  int64_t images_cached = 0;     // images already known by SHA-256 (never decoded twice)
  int64_t images_missing = 0;    // referenced but not captured (yet)
  int64_t images_ocr = 0;        // images run through OCR
  int64_t clusters_scored = 0;
  int64_t flagged_adverts = 0;   // review or urgent among those parsed
  StageTimes stages;             // where the time went (also logged at info level)
};
std::ostream& operator<<(std::ostream& os, const ProcessSummary& s);
// Adds `b`'s counts and stage times to `a` (summaries of several calls).
ProcessSummary& operator+=(ProcessSummary& a, const ProcessSummary& b);

class Pipeline {
 public:
  // REQUIRES: `db` and `sites` outlive the pipeline.
  static absl::StatusOr<std::unique_ptr<Pipeline>> Create(store::Db* db, const config::SitesConfig* sites,
                                                          const PipelineOptions& options);
  ~Pipeline();

  // Parses, scores and links every advert page whose latest capture is not yet
  // processed, marks removed pages' adverts removed, then rescores the
  // clusters that changed.
  absl::StatusOr<ProcessSummary> ProcessPending();
  // Processes these pages now, in order (`admon run` while it crawls): each
  // stored advert page among `urls` (URLs as the crawler stores them; others
  // are ignored) goes through ProcessPending's per-page work, skipped if
  // already processed. First learns the furniture of their sites, if it was
  // learnt from fewer than furniture_sample_pages pages. The clusters they
  // touch are left pending for the next ProcessPending to score (recorded in
  // the database, so a crash loses none); the summary's clusters_scored is 0.
  // Unlike ProcessPending it does not log its stages (callers sum them).
  absl::StatusOr<ProcessSummary> ProcessPages(const std::vector<std::string>& urls);
  // Advert pages `site`'s furniture was learnt from (0: none yet, or not a
  // configured site). Adverts parsed before it reaches furniture_sample_pages
  // may keep site furniture (footer phones) as their own.
  int FurniturePages(std::string_view site) const;
  const PipelineOptions& options() const;
  // Rescores every stored advert and cluster with the current catalogue (after
  // a catalogue change). Returns the number of adverts rescored.
  absl::StatusOr<int64_t> RescoreAll();
  // Rescores these clusters (ids of root clusters; merged or unknown ids are
  // skipped), e.g. after a purge rebuilt them.
  absl::Status RescoreClusters(const std::vector<std::string>& ids);

  const indicators::Catalogue& catalogue() const;
  dedupe::Linker& linker();

  class Impl;

 private:
  explicit Pipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Score keys in the `scores` column family.
std::string AdvertScoreKey(std::string_view advert_id);
std::string ClusterScoreKey(std::string_view cluster_id);

// What readers need of a stored score record (indicators' AdvertScore /
// ClusterScore JSON): its score in [0,1] and flag ("none", "review", "urgent").
struct StoredScore {
  double score = 0;
  std::string flag = "none";
};
// From a decoded record; absent fields read as 0 / "none". DataLoss naming
// `key` if it is not an object or a field has the wrong type.
absl::StatusOr<StoredScore> StoredScoreFromRecord(const nlohmann::json& record, std::string_view key);
// The record under `key` in `scores`: {0, "none"} when absent; DataLoss
// naming the key when unreadable.
absl::StatusOr<StoredScore> ReadStoredScore(const store::Db& db, std::string_view key);

// Cluster facts for the indicator engine from a cluster's member adverts and
// their scores.
indicators::ClusterFacts FactsFromMembers(const dedupe::Cluster& cluster,
                                          const std::vector<parsers::Advert>& adverts,
                                          const std::vector<indicators::AdvertScore>& scores);

}  // namespace admon::app

#endif  // ADMON_APP_PIPELINE_H_
