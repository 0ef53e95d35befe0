// Copyright 2026 The admon Authors.
//
// Fuzz target: phone/e-mail/handle extraction on text (parsers/identifiers.h).
// The input is run through ExtractText (as text) and ExtractLink (as an href),
// then Dedupe. Checked contract: every span that carries offsets points
// inside the text, and every phone is E.164 ("+" then digits).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "parsers/identifiers.h"
#include "spdlog/spdlog.h"

namespace {

// 64 KiB: an advert's description is < 10 KB; IdentifierOptions::max_text_bytes
// (1 MiB, truncation) bounds production work. Larger inputs are skipped.
constexpr size_t kMaxInputBytes = 64u << 10;

const admon::parsers::IdentifierExtractor& Extractor() {
  static const admon::parsers::IdentifierExtractor* extractor = [] {
    auto e = admon::parsers::IdentifierExtractor::Create();
    if (!e.ok()) {
      std::fprintf(stderr, "identifiers_fuzzer setup: %s\n", std::string(e.status().message()).c_str());
      std::abort();
    }
    return e->release();
  }();
  return *extractor;
}

void CheckSpan(const admon::parsers::Span& span, size_t text_size, const char* what) {
  if (span.begin == -1 && span.end == -1) return;
  if (span.begin < 0 || span.end < span.begin || static_cast<size_t>(span.end) > text_size) {
    std::fprintf(stderr, "%s span [%d, %d) outside text of %zu bytes (field %s)\n", what, span.begin, span.end,
                 text_size, span.field.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  spdlog::set_level(spdlog::level::off);
  Extractor();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return -1;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& extractor = Extractor();
  admon::parsers::Identifiers ids;
  extractor.ExtractText(text, "description", admon::parsers::Source::kText, &ids);
  for (const auto& p : ids.phones) {
    CheckSpan(p.span, size, "phone");
    if (p.e164.size() < 2 || p.e164[0] != '+' ||
        p.e164.find_first_not_of("0123456789", 1) != std::string::npos) {
      std::fprintf(stderr, "phone e164 not E.164: \"%s\"\n", p.e164.c_str());
      std::abort();
    }
  }
  for (const auto& e : ids.emails) CheckSpan(e.span, size, "email");
  for (const auto& h : ids.handles) CheckSpan(h.span, size, "handle");
  if (size <= 2048) extractor.ExtractLink(text, &ids);  // hrefs are short
  admon::parsers::IdentifierExtractor::Dedupe(&ids);
  // `raw` copies the (possibly invalid UTF-8) input, so callers dump with
  // error_handler_t::replace (app/cmd_extract_text.cc, report/); so does this.
  (void)admon::parsers::IdentifiersToJson(ids).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
