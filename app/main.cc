// Copyright 2026 The admon Authors.
//
// The admon CLI. Subcommands live in app/cmd_*.cc and register themselves
// (see app/command.h).
#include <sys/stat.h>

#include <cstdio>
#include <vector>

#include "CLI/CLI.hpp"
#include "app/command.h"
#include "app/logging.h"

namespace admon::app {
namespace {

std::vector<Registrar>& Registrars() {
  static auto* r = new std::vector<Registrar>;
  return *r;
}

// The global flags' memory limits, for OpenDb (set once, before the action).
store::DbOptions& DbLimits() {
  static auto* o = new store::DbOptions;
  return *o;
}

}  // namespace

bool RegisterCommand(Registrar registrar) {
  Registrars().push_back(registrar);
  return true;
}

absl::StatusOr<std::unique_ptr<store::Db>> OpenDb(const std::string& dir, bool read_only, bool create) {
  store::DbOptions options = DbLimits();
  options.create_if_missing = create && !read_only;
  options.read_only = read_only;
  return store::Db::Open(dir, options);
}

int Main(int argc, char** argv) {
  // Everything admon writes is sensitive: owner-only by default.
  ::umask(077);
  CLI::App root{
      "admon: monitoring of online adult-services adverts for signs of trafficking and exploitation,\n"
      "for authorised safeguarding and law-enforcement analysts. See README.md."};
  root.require_subcommand(1);
  Context ctx;
  root.add_option("--log-level", ctx.log_level, "Log level: trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  root.add_option("--log-format", ctx.log_format, "Log format on stderr: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  root.add_option("--db-cache-mb", ctx.db_cache_mb,
                  "MiB of database block cache (data, index and filter blocks); with --db-memtables-mb, "
                  "bounds the database's memory whatever its size")
      ->check(CLI::Range(8, 1 << 20))
      ->capture_default_str();
  root.add_option("--db-memtables-mb", ctx.db_memtables_mb,
                  "MiB of database write buffers (memtables) together; past it the largest is flushed")
      ->check(CLI::Range(64, 1 << 20))
      ->capture_default_str();
  for (Registrar r : Registrars()) r(root, ctx);
  try {
    root.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return root.exit(e);
  } catch (const CLI::ParseError& e) {
    int rc = root.exit(e);
    return rc == 0 ? 0 : 2;
  }
  SetUpLogging(ctx.log_level, ctx.log_format);
  DbLimits().block_cache_bytes = ctx.db_cache_mb << 20;
  DbLimits().memtable_budget_bytes = ctx.db_memtables_mb << 20;
  if (!ctx.action) {
    std::fputs(root.help().c_str(), stderr);
    return 2;
  }
  absl::Status status = ctx.action();
  if (!status.ok()) {
    std::fprintf(stderr, "admon: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace admon::app

int main(int argc, char** argv) { return admon::app::Main(argc, argv); }
