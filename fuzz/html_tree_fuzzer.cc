// Copyright 2026 The admon Authors.
//
// Fuzz target: page bytes -> Gumbo tree (parsers/html_tree.h). Differential:
// each input is parsed whole by Gumbo and with everything set aside that can
// be (script/style bodies and text cores of 1 byte, regions of 1 element,
// parsers/html_region.h), and the two trees must be the same node for node
// (elements, namespaces, attributes, text and its kind, comments, parent
// links), unless a parse reached kMaxParseErrors; a difference aborts with
// both trees. Cheaper per input than the
// page target (no extraction), so it explores the scan and the region
// builder further; no network, no files written.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parsers/html_tree.h"
#include "parsers/tree_dump_test_util.h"

namespace {

// As the page target: real adverts are < 200 KB; larger inputs are skipped.
constexpr size_t kMaxInputBytes = 256u << 10;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return 0;
  using admon::parsers::internal::Dump;
  const std::string_view page(reinterpret_cast<const char*>(data), size);
  const auto [whole, aside] = admon::parsers::internal::ParseWholeAndAside(
      page, {.set_aside_raw_text_bytes = 1, .set_aside_text_bytes = 1, .set_aside_region_elements = 1});
  if ((whole.tree == nullptr) != (aside.tree == nullptr)) {
    std::fprintf(stderr, "set-aside changed whether the page is parsed\n");
    std::abort();
  }
  if (whole.tree == nullptr) return 0;
  // Past kMaxParseErrors Gumbo's reading of duplicate attributes depends on
  // how many errors came before (parsers/html_tree.h): not comparable.
  using admon::parsers::internal::kMaxParseErrors;
  if (whole.tree->errors.length >= kMaxParseErrors || aside.tree->errors.length >= kMaxParseErrors) return 0;
  const std::string a = Dump(whole.tree->document), b = Dump(aside.tree->document);
  if (a != b) {
    std::fprintf(stderr, "set-aside changed the tree:\nwhole:\n%s\naside:\n%s\n", a.c_str(), b.c_str());
    std::abort();
  }
  return 0;
}
