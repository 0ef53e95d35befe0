// Copyright 2026 The admon Authors.
//
// Helpers shared by the pipeline's tests: paths in the source tree, a crawl
// of the test site into a database, a pipeline over the shipped catalogue.
#ifndef ADMON_APP_PIPELINE_TEST_UTIL_H_
#define ADMON_APP_PIPELINE_TEST_UTIL_H_

#include <memory>
#include <string>

#include "app/pipeline.h"
#include "common/clock.h"
#include "config/sites.h"
#include "crawler/crawler.h"
#include "gtest/gtest.h"
#include "store/db.h"

namespace admon::testing {

inline std::string Source(const std::string& relative) {
  return std::string(ADMON_TEST_SOURCE_DIR) + "/" + relative;
}

// Pipeline options for the shipped indicator catalogue and gazetteer.
inline app::PipelineOptions TestPipelineOptions(int threads, int batch_pages) {
  return {.indicators_path = Source("config/indicators.yaml"),
          .gazetteer_path = Source("config/gazetteer.yaml"),
          .threads = threads,
          .batch_pages = batch_pages,
          .cluster_scores_per_batch = 4};  // several batches of clusters, on every thread
}

// One crawl cycle into `db`, `day` days after now (so a later day's crawl is
// due to refetch pages).
inline void CrawlInto(const config::SitesConfig& sites, store::Db* db, int day,
                      crawler::CrawlOptions options = {}) {
  OffsetClock clock(absl::Hours(24 * day));
  options.once = true;
  options.clock = &clock;
  auto crawler = crawler::Crawler::Create(sites, db, std::move(options));
  ASSERT_TRUE(crawler.ok()) << crawler.status();
  auto crawled = (*crawler)->Run();
  ASSERT_TRUE(crawled.ok()) << crawled.status();
}

}  // namespace admon::testing

#endif  // ADMON_APP_PIPELINE_TEST_UTIL_H_
