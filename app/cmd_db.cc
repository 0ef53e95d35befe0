// Copyright 2026 The admon Authors.
//
// `admon db info --db DIR [--json]`: schema version, column families and
// record counts. Opens the database read-only, so it works beside a running
// crawl.
// `admon db compact --db DIR`: rewrites every column family so deleted records
// leave the files (store/compact.h); takes the database's write lock.
#include <cstdio>
#include <memory>
#include <string>

#include "app/command.h"
#include "common/status.h"
#include "store/compact.h"
#include "nlohmann/json.hpp"

namespace admon::app {
namespace {

struct InfoOptions {
  std::string db;
  bool json = false;
};

absl::Status RunInfo(const InfoOptions& o) {
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/true));
  nlohmann::json out = {{"db", o.db}, {"schema_version", db->schema_version()}};
  nlohmann::json families = nlohmann::json::array();
  for (store::Cf cf : store::AllCfs()) {
    ADMON_ASSIGN_OR_RETURN(uint64_t n, db->CountKeys(cf));
    families.push_back({{"name", std::string(store::CfName(cf))}, {"records", n}});
  }
  out["column_families"] = families;
  if (o.json) {
    std::printf("%s\n", out.dump(2).c_str());
    return absl::OkStatus();
  }
  std::printf("database        %s\nschema version  %d\n\n%-14s %12s\n", o.db.c_str(), db->schema_version(),
              "column family", "records");
  for (const auto& f : families) {
    std::printf("%-14s %12llu\n", f["name"].get<std::string>().c_str(),
                static_cast<unsigned long long>(f["records"].get<uint64_t>()));
  }
  return absl::OkStatus();
}

absl::Status RunCompact(const std::string& dir) {
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(dir, /*read_only=*/false));
  ADMON_RETURN_IF_ERROR(store::CompactAll(*db));
  std::printf("compacted %s: deleted records are gone from its files\n", dir.c_str());
  return absl::OkStatus();
}

void Register(CLI::App& root, Context& ctx) {
  auto* db = root.add_subcommand("db", "Inspect and maintain the admon database");
  db->require_subcommand(1);
  auto* info = db->add_subcommand("info", "Schema version, column families and record counts");
  auto o = std::make_shared<InfoOptions>();
  info->add_option("--db", o->db, "Database directory")->required();
  info->add_flag("--json", o->json, "Print JSON");
  info->callback([&ctx, o] { ctx.action = [o] { return RunInfo(*o); }; });
  auto* compact = db->add_subcommand(
      "compact", "Rewrite the database files so deleted records (purged, superseded) physically leave the disk");
  auto dir = std::make_shared<std::string>();
  compact->add_option("--db", *dir, "Database directory")->required();
  compact->callback([&ctx, dir] { ctx.action = [dir] { return RunCompact(*dir); }; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
