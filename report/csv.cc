// Copyright 2026 The admon Authors.
#include "report/csv.h"

#include "absl/strings/str_format.h"
#include "report/text.h"

namespace admon::report {
namespace {

std::string Score(double s) { return absl::StrFormat("%.3f", s); }

std::string HitIds(const std::vector<HitView>& hits) {
  std::vector<std::string> ids;
  for (const HitView& h : hits) {
    if (ids.empty() || ids.back() != h.id) ids.push_back(h.id);
  }
  return JoinCell(ids);
}

}  // namespace

std::string JoinCell(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += "; ";
    out += v;
  }
  return out;
}

std::string ClustersCsv(const std::vector<ClusterView>& clusters) {
  std::string out = CsvRow({"rank", "cluster_id", "flag", "score", "size", "live", "removed", "growth", "first_seen",
                            "last_seen", "phones", "names", "ages", "nationalities", "towns", "forces", "sites",
                            "merged_from", "hits", "flag_reason"});
  int rank = 0;
  for (const ClusterView& c : clusters) {
    out += CsvRow({std::to_string(++rank), c.id, FlagName(c.flag), Score(c.score), std::to_string(c.size),
                   std::to_string(c.live), std::to_string(c.removed), std::to_string(c.growth), c.first_seen,
                   c.last_seen, JoinCell(c.phones), JoinCell(c.names), JoinCell(c.ages), JoinCell(c.nationalities),
                   JoinCell(c.towns), JoinCell(c.forces), JoinCell(c.sites), JoinCell(c.merged_from), HitIds(c.hits),
                   c.flag_reason});
  }
  return out;
}

std::string AdvertsCsv(const std::vector<ClusterView>& clusters) {
  std::string out = CsvRow({"cluster_id", "advert_id", "site", "url", "title", "name", "age", "town", "force",
                            "first_seen", "last_seen", "removed", "score", "flag", "phones", "emails", "handles",
                            "images", "hits"});
  for (const ClusterView& c : clusters) {
    for (const AdvertView& a : c.adverts) {
      std::vector<std::string> phones, emails, handles, images;
      for (const PhoneView& p : a.phones) phones.push_back(p.e164);
      for (const EmailView& e : a.emails) emails.push_back(e.address);
      for (const HandleView& h : a.handles) handles.push_back(h.platform + ":" + h.handle);
      for (const ImageView& i : a.images) images.push_back(i.sha256);
      out += CsvRow({c.id, a.id, a.site, a.url, a.title, a.name, a.age > 0 ? std::to_string(a.age) : "", a.town,
                     a.force, a.first_seen, a.last_seen, a.removed ? "yes" : "no", Score(a.score), FlagName(a.flag),
                     JoinCell(phones), JoinCell(emails), JoinCell(handles), JoinCell(images), HitIds(a.hits)});
    }
  }
  return out;
}

}  // namespace admon::report
