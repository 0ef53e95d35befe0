// Copyright 2026 The admon Authors.
//
// `admon export warc --db DIR --since DATE [--until DATE] [--site NAME] --out FILE.warc.gz`
// Writes stored captures as WARC/1.1 (warcinfo, then request + response per
// stored copy, revisit per "seen again"), one gzip member per record. The
// export is recorded in the audit log (it discloses captured pages).
// DATE: YYYY-MM-DD (start of that Europe/London day) or RFC 3339 UTC.
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "app/command.h"
#include "app/export_group.h"
#include "common/clock.h"
#include "common/status.h"
#include "crawler/warc.h"
#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"
#include "store/audit.h"
#include "store/captures.h"

namespace admon::app {
namespace {

struct WarcCmdOptions {
  std::string db;
  std::string since;
  std::string until;
  std::string site;
  std::string out;
};

absl::StatusOr<absl::Time> ParseWhen(const std::string& flag, const std::string& text) {
  auto t = text.size() == 10 ? ParseLondonDate(text) : ParseUtc(text);
  if (!t.ok()) return Annotate(t.status(), flag);
  return *t;
}

absl::Status RunExportWarc(const WarcCmdOptions& o) {
  ADMON_ASSIGN_OR_RETURN(absl::Time since, ParseWhen("--since", o.since));
  absl::Time until = absl::InfiniteFuture();
  if (!o.until.empty()) {
    ADMON_ASSIGN_OR_RETURN(until, ParseWhen("--until", o.until));
  }
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/false, /*create=*/false));
  store::CaptureStore captures(db.get());
  ADMON_ASSIGN_OR_RETURN(auto writer, crawler::WarcWriter::Open(o.out));
  ADMON_RETURN_IF_ERROR(writer->WriteWarcinfo(absl::StrCat("admon ", ADMON_VERSION),
                                              absl::StrCat("admon captures since ", FormatUtc(since))));
  std::map<std::string, absl::Time> last_copy;  // url -> fetch time of the latest copy written
  int64_t responses = 0, revisits = 0, skipped = 0;
  absl::Status status;
  ADMON_RETURN_IF_ERROR(captures.ScanSince(since, [&](const store::Capture& c) {
    if (c.fetched >= until || (!o.site.empty() && c.site != o.site)) return true;
    if (c.status == 0) {  // no HTTP response: nothing to archive
      ++skipped;
      return true;
    }
    absl::Time original = absl::InfinitePast();
    if (c.seen_again) {
      auto it = last_copy.find(c.url);
      if (it != last_copy.end()) {
        original = it->second;
      } else if (auto page = captures.GetPage(c.url); page.ok() && page->has_value() &&
                                                      (*page)->last_sha256 == c.sha256) {
        auto latest = captures.GetLatest(c.url);
        if (latest.ok() && latest->has_value()) original = (*latest)->fetched;
      }
      ++revisits;
    } else {
      last_copy[c.url] = c.fetched;
      ++responses;
    }
    status = writer->WriteCapture(c, original);
    return status.ok();
  }));
  ADMON_RETURN_IF_ERROR(status);
  ADMON_RETURN_IF_ERROR(writer->Close());
  store::AuditLog audit(db.get());
  nlohmann::json disclosed = {{"file", o.out},     {"since", FormatUtc(since)}, {"site", o.site},
                              {"responses", responses}, {"revisits", revisits}};
  ADMON_RETURN_IF_ERROR(
      audit.Append("export", absl::StrCat("admon export warc --db ", o.db, " --since ", o.since, " --out ", o.out),
                   disclosed, absl::Now())
          .status());
  std::printf("wrote %s: %lld response, %lld revisit records (%lld attempts without a response skipped)\n",
              o.out.c_str(), static_cast<long long>(responses), static_cast<long long>(revisits),
              static_cast<long long>(skipped));
  return absl::OkStatus();
}

void Register(CLI::App& root, Context& ctx) {
  CLI::App* group = GetOrAddExportCommand(root);
  auto* sub = group->add_subcommand("warc", "Captures as WARC/1.1 (per-record gzip) for evidence and archiving");
  auto o = std::make_shared<WarcCmdOptions>();
  sub->add_option("--db", o->db, "Database directory")->required();
  sub->add_option("--since", o->since, "Captures fetched at or after: YYYY-MM-DD (London) or RFC 3339 UTC")
      ->required();
  sub->add_option("--until", o->until, "Captures fetched before this (same forms)");
  sub->add_option("--site", o->site, "Only this site");
  sub->add_option("--out", o->out, "Output file, e.g. captures.warc.gz (created 0600)")->required();
  sub->callback([&ctx, o] { ctx.action = [o] { return RunExportWarc(*o); }; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
