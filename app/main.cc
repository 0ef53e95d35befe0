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

}  // namespace

bool RegisterCommand(Registrar registrar) {
  Registrars().push_back(registrar);
  return true;
}

absl::StatusOr<std::unique_ptr<store::Db>> OpenDb(const std::string& dir, bool read_only, bool create) {
  return store::Db::Open(dir, {.create_if_missing = create && !read_only, .read_only = read_only});
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
