// Copyright 2026 The admon Authors.
//
// The `admon export <format>` subcommand group, shared by every module that
// exports (crawler: warc; report: i2, graphml). Each registrar calls
// GetOrAddExportCommand(root) and adds its own child subcommand, so the
// group exists once whatever the static-registration order.
//
// Header-only: app/CMakeLists.txt compiles only app/cmd_*.cc besides main.
#ifndef ADMON_APP_EXPORT_GROUP_H_
#define ADMON_APP_EXPORT_GROUP_H_

#include "CLI/CLI.hpp"

namespace admon::app {

// Returns the `export` subcommand of `root`, creating it on first use.
// Never null; owned by `root`.
inline CLI::App* GetOrAddExportCommand(CLI::App& root) {
  for (CLI::App* sub : root.get_subcommands([](CLI::App* a) { return a->get_name() == "export"; })) {
    return sub;
  }
  CLI::App* group = root.add_subcommand("export", "Export evidence and intelligence (warc, ...)");
  group->require_subcommand(1);
  return group;
}

}  // namespace admon::app

#endif  // ADMON_APP_EXPORT_GROUP_H_
