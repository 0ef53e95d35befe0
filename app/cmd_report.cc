// Copyright 2026 The admon Authors.
//
// Report commands (report/):
//   admon report --db DIR --date YYYY-MM-DD --out DIR [--thumbnails [--unblurred]] [--max-clusters N]
//   admon refer  --db DIR (--cluster ID | --advert ID) --out DIR
//   admon export i2      --db DIR --date YYYY-MM-DD --out DIR
//   admon export graphml --db DIR --date YYYY-MM-DD --out FILE
// Each run appends an audit entry naming what was disclosed (files, cluster
// and advert ids). The database is opened read-write for the audit log.
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/command.h"
#include "app/export_group.h"
#include "common/clock.h"
#include "common/status.h"
#include "crawler/warc.h"
#include "dedupe/dedupe.h"
#include "nlohmann/json.hpp"
#include "report/build_model.h"
#include "report/exports.h"
#include "report/html.h"
#include "report/referral.h"
#include "store/audit.h"
#include "store/captures.h"
#include "store/record.h"

namespace admon::app {
namespace {

struct ReportCmdOptions {
  std::string db, date, out;
  bool thumbnails = false;
  bool unblurred = false;
  int max_clusters = 200;
};

struct ReferCmdOptions {
  std::string db, cluster, advert, out;
};

struct ExportCmdOptions {
  std::string db, date, out;
};

nlohmann::json Disclosed(const report::ReportModel& m) {
  std::vector<std::string> clusters;
  int64_t adverts = 0;
  for (const auto& c : m.clusters) {
    clusters.push_back(c.id);
    adverts += static_cast<int64_t>(c.adverts.size());
  }
  return {{"date", m.date}, {"clusters", clusters}, {"adverts", adverts}};
}

absl::StatusOr<report::ReportModel> Model(store::Db& db, const std::string& date) {
  ADMON_ASSIGN_OR_RETURN(auto linker, dedupe::Linker::Open(&db, dedupe::DedupeOptions{}));
  return report::BuildReportModel(db, *linker, report::BuildOptions{.date = date, .now = absl::Now()});
}

absl::Status Audit(store::Db& db, const std::string& action, const std::string& command, nlohmann::json disclosed) {
  store::AuditLog audit(&db);
  return audit.Append(action, command, disclosed, absl::Now()).status();
}

absl::Status RunReport(const ReportCmdOptions& o) {
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/false, /*create=*/false));
  ADMON_ASSIGN_OR_RETURN(auto linker, dedupe::Linker::Open(db.get(), dedupe::DedupeOptions{}));
  ADMON_ASSIGN_OR_RETURN(report::ReportModel m,
                         report::BuildReportModel(*db, *linker,
                                                  report::BuildOptions{.date = o.date, .now = absl::Now(),
                                                                       .max_clusters = o.max_clusters}));
  // Thumbnails: image bytes from the captures of the images shown.
  std::map<std::string, std::string> bytes;
  if (o.thumbnails) {
    store::CaptureStore captures(db.get());
    for (const auto& c : m.clusters) {
      for (const auto& a : c.adverts) {
        for (const auto& im : a.images) {
          if (bytes.count(im.sha256)) continue;
          // The image record is keyed by sha256; its capture by URL is not in
          // the view, so scan the advert's images in the store.
          auto rec = db->Get(store::Cf::kImages, im.sha256);
          if (!rec.ok() || !rec->has_value()) continue;
          auto j = store::DecodeRecord(**rec, im.sha256);
          if (!j.ok() || !j->contains("url")) continue;
          auto cap = captures.GetLatest((*j)["url"].get<std::string>());
          if (cap.ok() && cap->has_value()) bytes[im.sha256] = (*cap)->body;
        }
      }
    }
  }
  report::ReportOptions ro;
  ro.thumbnails = o.thumbnails;
  ro.unblurred = o.unblurred;
  ro.image_bytes = &bytes;
  ADMON_RETURN_IF_ERROR(report::RenderReport(m, ro, o.out));
  nlohmann::json d = Disclosed(m);
  d["out"] = o.out;
  d["files"] = {report::ReportHtmlName(m.date), report::ReportJsonName(m.date), "clusters.csv", "adverts.csv"};
  d["thumbnails"] = o.thumbnails ? (o.unblurred ? "unblurred" : "blurred") : "none";
  ADMON_RETURN_IF_ERROR(Audit(*db, "report",
                              absl::StrCat("admon report --db ", o.db, " --date ", o.date, " --out ", o.out,
                                           o.thumbnails ? " --thumbnails" : "", o.unblurred ? " --unblurred" : ""),
                              d));
  std::printf("wrote %s/%s: %zu clusters\n", o.out.c_str(), report::ReportHtmlName(m.date).c_str(),
              m.clusters.size());
  return absl::OkStatus();
}

absl::Status RunRefer(const ReferCmdOptions& o) {
  if (o.cluster.empty() == o.advert.empty()) {
    return absl::InvalidArgumentError("refer: give exactly one of --cluster ID or --advert ID");
  }
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/false, /*create=*/false));
  ADMON_ASSIGN_OR_RETURN(auto linker, dedupe::Linker::Open(db.get(), dedupe::DedupeOptions{}));
  const std::string kind = o.cluster.empty() ? "advert" : "cluster";
  const std::string id = o.cluster.empty() ? o.advert : o.cluster;
  ADMON_ASSIGN_OR_RETURN(report::ReferralModel r, report::BuildReferral(*db, *linker, kind, id, absl::Now()));
  r.created_by = store::CurrentUser();
  store::Db* dbp = db.get();
  const std::vector<report::CaptureEvidence> caps = r.captures;
  r.write_warc = [dbp, caps](const std::string& path) -> absl::Status {
    ADMON_ASSIGN_OR_RETURN(auto w, crawler::WarcWriter::Open(path));
    ADMON_RETURN_IF_ERROR(w->WriteWarcinfo(absl::StrCat("admon ", ADMON_VERSION), "admon referral evidence"));
    store::CaptureStore captures(dbp);
    for (const auto& c : caps) {
      ADMON_ASSIGN_OR_RETURN(auto cap, captures.GetLatest(c.url));
      if (cap.has_value()) ADMON_RETURN_IF_ERROR(w->WriteCapture(*cap));
    }
    return w->Close();
  };
  ADMON_RETURN_IF_ERROR(report::WriteReferral(r, o.out));
  std::vector<std::string> adverts;
  for (const auto& a : r.adverts) adverts.push_back(a.id);
  ADMON_RETURN_IF_ERROR(Audit(*db, "referral",
                              absl::StrCat("admon refer --db ", o.db, " --", kind, " ", id, " --out ", o.out),
                              {{"subject", {{"kind", kind}, {"id", id}}},
                               {"force", r.force},
                               {"adverts", adverts},
                               {"captures", r.captures.size()},
                               {"images", r.images.size()},
                               {"out", o.out}}));
  std::printf("wrote referral %s for %s %s -> %s\n", o.out.c_str(), kind.c_str(), id.c_str(),
              r.force.empty() ? "(no force resolved)" : r.force.c_str());
  return absl::OkStatus();
}

absl::Status RunExport(const ExportCmdOptions& o, const std::string& format) {
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/false, /*create=*/false));
  ADMON_ASSIGN_OR_RETURN(report::ReportModel m, Model(*db, o.date));
  if (format == "i2") {
    ADMON_RETURN_IF_ERROR(report::WriteI2(m, o.out));
  } else {
    ADMON_RETURN_IF_ERROR(report::WriteGraphml(m, o.out));
  }
  nlohmann::json d = Disclosed(m);
  d["format"] = format;
  d["out"] = o.out;
  ADMON_RETURN_IF_ERROR(
      Audit(*db, "export", absl::StrCat("admon export ", format, " --db ", o.db, " --date ", o.date, " --out ", o.out),
            d));
  std::printf("wrote %s export %s: %zu clusters\n", format.c_str(), o.out.c_str(), m.clusters.size());
  return absl::OkStatus();
}

void Register(CLI::App& root, Context& ctx) {
  auto* rep = root.add_subcommand("report", "Daily cluster report: HTML (self-contained), JSON and CSV");
  auto ro = std::make_shared<ReportCmdOptions>();
  rep->add_option("--db", ro->db, "Database directory")->required();
  rep->add_option("--date", ro->date, "Report day YYYY-MM-DD (Europe/London)")->required();
  rep->add_option("--out", ro->out, "Output directory (created 0700)")->required();
  rep->add_flag("--thumbnails", ro->thumbnails, "Inline image thumbnails (blurred)");
  rep->add_flag("--unblurred", ro->unblurred, "With --thumbnails: do not blur (restricted copies only)");
  rep->add_option("--max-clusters", ro->max_clusters, "Unflagged clusters shown at most (flagged always shown)");
  rep->callback([&ctx, ro] { ctx.action = [ro] { return RunReport(*ro); }; });

  auto* ref = root.add_subcommand("refer", "Referral package for one cluster or advert (evidence + manifest)");
  auto fo = std::make_shared<ReferCmdOptions>();
  ref->add_option("--db", fo->db, "Database directory")->required();
  ref->add_option("--cluster", fo->cluster, "Cluster id");
  ref->add_option("--advert", fo->advert, "Advert id");
  ref->add_option("--out", fo->out, "Output directory (must not exist or be empty)")->required();
  ref->callback([&ctx, fo] { ctx.action = [fo] { return RunRefer(*fo); }; });

  CLI::App* group = GetOrAddExportCommand(root);
  for (const char* format : {"i2", "graphml"}) {
    const bool i2 = std::string(format) == "i2";
    auto* sub = group->add_subcommand(format, i2 ? "i2 Analyst's Notebook entities.csv + links.csv (docs/i2-import.md)"
                                                 : "GraphML of the report's clusters (Gephi, yEd)");
    auto eo = std::make_shared<ExportCmdOptions>();
    sub->add_option("--db", eo->db, "Database directory")->required();
    sub->add_option("--date", eo->date, "Report day YYYY-MM-DD (Europe/London)")->required();
    sub->add_option("--out", eo->out, i2 ? "Output directory" : "Output .graphml file")->required();
    const std::string f = format;
    sub->callback([&ctx, eo, f] { ctx.action = [eo, f] { return RunExport(*eo, f); }; });
  }
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
