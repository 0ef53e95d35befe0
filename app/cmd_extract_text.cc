// Copyright 2026 The admon Authors.
//
// `admon extract --text FILE|-`: prints the phones, e-mails and handles found
// in a text file (or stdin) as JSON:
//   {"phones":[{"e164":..,"national":..,"type":..,"region":..,"raw":..,"styles":[..],...}],
//    "emails":[..],"handles":[..],"diagnostics":[..]}
// With --lines, each input line is extracted separately and one JSON object
// is printed per line (for bench/phone_peer.py).
//
// Page mode, `admon extract [--site NAME|--generic] [--url URL] FILE|-`, is
// RunExtractPage() in app/extract_page.h (written with the page parsers);
// until that header exists it returns Unimplemented.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include "app/command.h"
#include "common/status.h"
#include "parsers/identifiers.h"

#if __has_include("app/extract_page.h") && !defined(ADMON_EXTRACT_TEXT_ONLY)
#include "app/extract_page.h"
#define ADMON_HAVE_EXTRACT_PAGE 1
#endif

namespace admon::app {
namespace {

struct ExtractOptions {
  std::string text;  // path or "-" (text mode)
  std::string site;  // page mode
  bool generic = false;
  std::string url;
  std::string file;  // page mode input
  std::string config = "config/sites.yaml";  // page mode: sites config
  bool lines = false;
};

absl::StatusOr<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return ErrnoToStatus(errno, path);
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
  const bool bad = std::ferror(f) != 0;
  std::fclose(f);
  if (bad) return absl::DataLossError(path + ": read error");
  return data;
}

absl::Status RunExtractText(const ExtractOptions& o) {
  // The text may be invalid UTF-8 and `raw` copies it: replace bad bytes
  // (U+FFFD) instead of letting dump() throw (found by fuzz/identifiers_fuzzer).
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
  ADMON_ASSIGN_OR_RETURN(std::string data, ReadInput(o.text));
  ADMON_ASSIGN_OR_RETURN(auto extractor, parsers::IdentifierExtractor::Create());
  auto extract = [&extractor](std::string_view text) {
    parsers::Identifiers ids;
    extractor->ExtractText(text, "text", parsers::Source::kText, &ids);
    parsers::IdentifierExtractor::Dedupe(&ids);
    return parsers::IdentifiersToJson(ids);
  };
  if (o.lines) {
    std::istringstream in(data);
    std::string line;
    while (std::getline(in, line)) std::printf("%s\n", extract(line).dump(-1, ' ', false, kReplace).c_str());
    return absl::OkStatus();
  }
  std::printf("%s\n", extract(data).dump(2, ' ', false, kReplace).c_str());
  return absl::OkStatus();
}

absl::Status RunExtract(const ExtractOptions& o) {
  if (!o.text.empty()) {
    if (!o.file.empty() || !o.site.empty() || o.generic || !o.url.empty()) {
      return absl::InvalidArgumentError("extract: --text takes no FILE, --site, --generic or --url");
    }
    return RunExtractText(o);
  }
  if (o.file.empty()) return absl::InvalidArgumentError("extract: give --text FILE|- or a page FILE|-");
#ifdef ADMON_HAVE_EXTRACT_PAGE
  return RunExtractPage(
      ExtractPageArgs{.path = o.file, .site = o.site, .generic = o.generic, .url = o.url, .config = o.config});
#else
  return absl::UnimplementedError("extract: page mode not built yet");
#endif
}

void Register(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("extract", "Extract identifiers from text (--text) or an advert page");
  auto o = std::make_shared<ExtractOptions>();
  sub->add_option("--text", o->text, "Text file to scan for phones, e-mails and handles ('-' = stdin)");
  sub->add_flag("--lines", o->lines, "With --text: one JSON object per input line");
  sub->add_option("--site", o->site, "Page mode: site rules to apply");
  sub->add_flag("--generic", o->generic, "Page mode: generic fallback parser");
  sub->add_option("--url", o->url, "Page mode: the page's URL");
  sub->add_option("--config", o->config, "Page mode: sites config (fields, ocr)")->capture_default_str();
  sub->add_option("FILE", o->file, "Page mode: captured page ('-' = stdin)");
  sub->callback([&ctx, o] { ctx.action = [o] { return RunExtract(*o); }; });
}
ADMON_REGISTER_COMMAND(Register);

}  // namespace
}  // namespace admon::app
