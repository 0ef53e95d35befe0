// Copyright 2026 The admon Authors.
//
// CSV views of the report (RFC 4180: comma separated, CRLF line ends, fields
// quoted when needed, UTF-8, header row first; spreadsheet formulas
// neutralised, see report/text.h). Multi-valued cells are joined with "; ".
//
// clusters.csv: rank, cluster_id, flag, score, size, live, removed, growth,
//   first_seen, last_seen, phones, names, ages, nationalities, towns, forces,
//   sites, merged_from, hits, flag_reason
// adverts.csv: cluster_id, advert_id, site, url, title, name, age, town,
//   force, first_seen, last_seen, removed, score, flag, phones, emails,
//   handles, images, hits
//
// Thread safety: pure functions.
#ifndef ADMON_REPORT_CSV_H_
#define ADMON_REPORT_CSV_H_

#include <string>
#include <vector>

#include "report/model.h"

namespace admon::report {

// REQUIRES: `clusters` already ranked (rank = position + 1).
std::string ClustersCsv(const std::vector<ClusterView>& clusters);
std::string AdvertsCsv(const std::vector<ClusterView>& clusters);

// "id1; id2" style join used by all multi-valued cells.
std::string JoinCell(const std::vector<std::string>& values);

}  // namespace admon::report

#endif  // ADMON_REPORT_CSV_H_
