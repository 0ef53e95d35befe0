// Copyright 2026 The admon Authors.
//
// Exports of the report model for analysis tools:
//
// i2 Analyst's Notebook (docs/i2-import.md): two CSV files in `out_dir`
//   entities.csv  Entity Type, Identity, Label, Site, URL, Name, Age, Town,
//                 Force, Cluster, Score, Flag, First Seen, Last Seen, Details
//   links.csv     From Type, From Identity, To Type, To Identity, Link Type,
//                 Date, Last Date, Cluster, Evidence
//   Entity types: Advert, Phone, Email, Handle, Image, Location. Link types:
//   advert-has-phone, advert-has-email, advert-has-handle,
//   advert-has-payment, advert-has-image, advert-in-location,
//   advert-similar-image, advert-similar-text. Dates are YYYY-MM-DD (UTC day
//   of the advert's first/last sight); identities are unique per type.
//
// GraphML (Gephi, yEd, Cytoscape): one undirected graph; node keys type,
//   label, cluster, flag, score, first_seen, last_seen; edge keys link_type,
//   evidence, hub, first_seen, last_seen.
//
// Files 0600. All text is escaped (CSV per report/text.h, XML entities).
// Thread safety: reentrant.
#ifndef ADMON_REPORT_EXPORTS_H_
#define ADMON_REPORT_EXPORTS_H_

#include <string>

#include "absl/status/status.h"
#include "report/model.h"

namespace admon::report {

inline constexpr char kI2EntitiesHeader[] =
    "Entity Type,Identity,Label,Site,URL,Name,Age,Town,Force,Cluster,Score,Flag,First Seen,Last Seen,Details";
inline constexpr char kI2LinksHeader[] =
    "From Type,From Identity,To Type,To Identity,Link Type,Date,Last Date,Cluster,Evidence";

struct I2Files {
  std::string entities;  // entities.csv contents
  std::string links;     // links.csv contents
};
I2Files BuildI2(const ReportModel& model);
// Writes entities.csv and links.csv into out_dir (created 0700).
absl::Status WriteI2(const ReportModel& model, const std::string& out_dir);

std::string BuildGraphml(const ReportModel& model);
absl::Status WriteGraphml(const ReportModel& model, const std::string& path);

}  // namespace admon::report

#endif  // ADMON_REPORT_EXPORTS_H_
