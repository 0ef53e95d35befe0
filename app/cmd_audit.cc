// Copyright 2026 The admon Authors.
//
// `admon audit list|verify --db DIR`: read and check the hash-chained audit
// log of everything disclosed from the database.
#include <cstdio>
#include <memory>
#include <string>

#include "app/command.h"
#include "common/status.h"
#include "store/audit.h"

namespace admon::app {
namespace {

struct AuditOptions {
  std::string db;
  bool json = false;
};

absl::Status RunList(const AuditOptions& o) {
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/true));
  store::AuditLog log(db.get());
  nlohmann::json all = nlohmann::json::array();
  ADMON_RETURN_IF_ERROR(log.List([&](const store::AuditEntry& e) {
    if (o.json) {
      all.push_back(store::AuditEntryToJson(e));
    } else {
      std::printf("%6llu  %s  %-10s %-9s %s\n         disclosed: %s\n", static_cast<unsigned long long>(e.seq),
                  e.time.c_str(), e.user.c_str(), e.action.c_str(), e.command.c_str(), e.disclosed.dump().c_str());
    }
    return true;
  }));
  if (o.json) std::printf("%s\n", all.dump(2).c_str());
  return absl::OkStatus();
}

absl::Status RunVerify(const AuditOptions& o) {
  ADMON_ASSIGN_OR_RETURN(auto db, OpenDb(o.db, /*read_only=*/true));
  store::AuditLog log(db.get());
  ADMON_RETURN_IF_ERROR(log.Verify());
  uint64_t n = 0;
  ADMON_RETURN_IF_ERROR(log.List([&](const store::AuditEntry&) { return ++n, true; }));
  std::printf("audit log intact: %llu entries\n", static_cast<unsigned long long>(n));
  return absl::OkStatus();
}

void Register(CLI::App& root, Context& ctx) {
  auto* audit = root.add_subcommand("audit", "Read and verify the hash-chained audit log");
  audit->require_subcommand(1);
  auto o = std::make_shared<AuditOptions>();
  auto* list = audit->add_subcommand("list", "Show every audit entry (time, user, command, what was disclosed)");
  list->add_option("--db", o->db, "Database directory")->required();
  list->add_flag("--json", o->json, "Print JSON");
  list->callback([&ctx, o] { ctx.action = [o] { return RunList(*o); }; });
  auto* verify = audit->add_subcommand("verify", "Check the hash chain; exit 1 naming the first altered entry");
  verify->add_option("--db", o->db, "Database directory")->required();
  verify->callback([&ctx, o] { ctx.action = [o] { return RunVerify(*o); }; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
