// Copyright 2026 The admon Authors.
//
// Page mode of `admon extract` (registered by app/cmd_extract_text.cc): reads
// one captured HTML page, applies the site's field rules from the sites config
// (or the generic fallback), runs parsers::PageParser and prints the
// parsers::Advert as pretty JSON on stdout.
//
// Thread safety: RunExtractPage is a one-shot CLI action; not for concurrent use.
#ifndef ADMON_APP_EXTRACT_PAGE_H_
#define ADMON_APP_EXTRACT_PAGE_H_

#include <string>

#include "absl/status/status.h"

namespace admon::app {

struct ExtractPageArgs {
  std::string path;                           // HTML file, or "-" for stdin
  std::string site;                           // site name in the sites config; empty => generic
  bool generic = false;                       // ignore site rules, use the generic fallback
  std::string url;                            // page URL (resolves relative image URLs); optional
  std::string config = "config/sites.yaml";   // sites config holding `fields` and `ocr`
};

// Errors name the path / site. Prints the advert JSON on success.
absl::Status RunExtractPage(const ExtractPageArgs& args);

}  // namespace admon::app

#endif  // ADMON_APP_EXTRACT_PAGE_H_
