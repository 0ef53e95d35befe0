// Copyright 2026 The admon Authors.
//
// How subcommands plug into the `admon` CLI without editing main.cc: each
// app/cmd_<name>.cc defines a registrar and registers it at static-init time:
//
//   namespace admon::app {
//   namespace {
//   void Register(CLI::App& root, Context& ctx) {
//     auto* sub = root.add_subcommand("version", "Print versions");
//     auto opts = std::make_shared<Options>();      // outlives parsing
//     sub->add_option("--db", opts->db, "Database directory")->required();
//     sub->callback([&ctx, opts] { ctx.action = [opts] { return RunVersion(*opts); }; });
//   }
//   ADMON_REGISTER_COMMAND(Register);
//   }  // namespace
//   }  // namespace admon::app
//
// Exit codes: 0 success; 1 the action returned an error (printed as
// "admon: <message>"); 2 usage error (bad flags, caught by CLI11).
#ifndef ADMON_APP_COMMAND_H_
#define ADMON_APP_COMMAND_H_

#include <functional>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "store/db.h"

namespace admon::app {

struct Context {
  // Set by the chosen subcommand's callback; run by main after parsing.
  std::function<absl::Status()> action;
  // Global flags (parsed before the action runs).
  std::string log_level = "info";   // trace, debug, info, warn, error, off
  std::string log_format = "text";  // text or json
  uint64_t db_cache_mb = 192;      // MiB of RocksDB block cache (store::DbOptions::block_cache_bytes)
  uint64_t db_memtables_mb = 256;  // MiB of RocksDB memtables together (store::DbOptions::memtable_budget_bytes)
};

using Registrar = void (*)(CLI::App& root, Context& ctx);
bool RegisterCommand(Registrar registrar);

// Opens the database for a command, with the error already naming the dir,
// with the memory limits of the global flags --db-cache-mb and --db-memtables-mb.
absl::StatusOr<std::unique_ptr<store::Db>> OpenDb(const std::string& dir, bool read_only = false,
                                                  bool create = true);

}  // namespace admon::app

#define ADMON_REGISTER_COMMAND(fn) \
  [[maybe_unused]] static const bool admon_registered_##fn = ::admon::app::RegisterCommand(fn)

#endif  // ADMON_APP_COMMAND_H_
