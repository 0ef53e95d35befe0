// Copyright 2026 The admon Authors.
//
// Page -> Advert: parses one captured advert page (HTML) into a
// parsers::Advert with fields, identifiers (with Source and Span), location,
// prices, age, nationalities, languages, services and image URLs.
//
// Hostile input: pages are untrusted. Limits (PageParserOptions) are applied
// BEFORE Gumbo sees the bytes: larger than max_page_bytes is truncated;
// invalid UTF-8 is repaired (U+FFFD); binary bodies (NUL/control bytes) give a
// record with only a diagnostic; start tags nested deeper than max_tree_depth
// (by a per-tag-name open/close count, which over-estimates the real depth)
// are blanked so Gumbo's tree (and its recursive destructor) stays shallow;
// tags past max_elements are blanked too, so the tree stays small.
// Every tree walk in parsers/ is iterative. Every limit hit is a diagnostic.
//
// Site rules (FieldRules, from config/sites.yaml `fields`): title, name, age,
// location, price, description, phone, images, posted, updated, profile
// (optional extras: services, nationality, languages). The advert's main
// content is what the rules select: identifiers come from the field texts,
// from attributes/links inside the selected elements, and from JSON-LD/app
// state scripts. Text elsewhere (sidebars with other adverts' phones, footers)
// never attaches.
//
// Generic fallback (rules == nullptr): main content = <main>, else <article>,
// else [role=main], else <body>, minus <aside>, <footer>, <nav>, <header>,
// ARIA complementary/contentinfo/navigation/banner roles and elements whose
// class/id names a sidebar/footer/featured/related/cookie/breadcrumb block.
// title = first <h1> in it, else <title>; description = the text block with
// the largest own text; identifiers from title, description and the rest of
// the main text (field "page"); images from content <img> (src, srcset,
// data-src) and og:image.
//
// Thread safety: PageParser is immutable after Create; Parse/Features are
// const and may run concurrently. The extractor/gazetteer passed to Create
// must outlive the parser.
#ifndef ADMON_PARSERS_PAGE_H_
#define ADMON_PARSERS_PAGE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "parsers/advert.h"
#include "parsers/furniture.h"
#include "parsers/gazetteer.h"
#include "parsers/identifiers.h"
#include "parsers/selector.h"

namespace admon::parsers {

inline constexpr size_t kMaxPageBytes = 8u << 20;  // 8 MiB: the crawler's max_body; adverts are < 200 KB
inline constexpr int kMaxTreeDepth = 256;          // browsers cap ~512; real pages < 40
// Elements handed to Gumbo (~300 bytes each in its tree): real adverts have
// < 5,000; 8 MB of "<a></a>" would be 1.2 million (a 300+ MB tree).
inline constexpr size_t kMaxElements = 100'000;
inline constexpr size_t kMaxFieldBytes = 64u << 10;  // one field's text; longer is truncated
inline constexpr size_t kMaxImagesPerPage = 200;   // image URLs kept per advert

struct PageInput {
  std::string_view html = {};       // body as captured (any bytes)
  std::string site = {};            // site name, e.g. "velvet"
  std::string url = {};             // absolute page URL (base for relative links)
  std::string advert_id = {};       // the site's advert id; empty => derived from the URL hash
  std::string capture_sha256 = {};  // hex; copied
  int64_t fetched_unix = 0;    // seconds since epoch, UTC; copied
};

// Compiled per-site selectors: field name -> selector.
class FieldRules {
 public:
  // InvalidArgument naming the field and selector on a bad selector or an
  // unknown field name.
  static absl::StatusOr<FieldRules> Compile(const std::map<std::string, std::string>& fields);
  const Selector* Find(std::string_view field) const;
  const std::map<std::string, Selector, std::less<>>& selectors() const { return selectors_; }

 private:
  std::map<std::string, Selector, std::less<>> selectors_;
};

struct PageParserOptions {
  size_t max_page_bytes = kMaxPageBytes;  // bytes
  int max_tree_depth = kMaxTreeDepth;     // elements
  size_t max_elements = kMaxElements;     // elements; later tags are blanked (read as text)
  bool scripts = true;                    // read JSON-LD / app-state scripts
  double binary_control_fraction = 0.10;  // share of NUL/control bytes in the first 4 KiB => binary
  // <script>/<style> bodies of at least this many bytes are not tokenised by
  // Gumbo but put back into the tree whole (same tree, less CPU: see
  // parsers/html_tree.h); 0 = off. Bytes.
  size_t set_aside_raw_text_bytes = 256;
  // Text cores (text between tags, see parsers/html_tree.h) of at least this
  // many bytes are not tokenised by Gumbo either but put back whole; 0 = off.
  // A mark is one token to Gumbo, a core one per character; below 4 bytes
  // putting the core back costs what Gumbo saves. Bytes.
  size_t set_aside_text_bytes = 4;
  // Regions (parsers/html_region.h: element contents in a well-formed subset
  // of HTML) of at least this many elements are built into the tree by admon,
  // not Gumbo (same tree, less CPU); 0 = off. Elements.
  int set_aside_region_elements = 2;
};

class PageParser {
 public:
  // REQUIRES: `extractor` non-null; `gazetteer` may be null (no locations).
  static absl::StatusOr<std::unique_ptr<PageParser>> Create(const PageParserOptions& options,
                                                            const IdentifierExtractor* extractor,
                                                            const Gazetteer* gazetteer);

  // rules == nullptr => generic fallback; furniture may be null.
  Advert Parse(const PageInput& input, const FieldRules* rules, const FurnitureModel* furniture) const;

  // Observations for FurnitureLearner::Add (whole page, hidden parts skipped).
  PageFeatures Features(const PageInput& input, const FieldRules* rules) const;

  // Runs OCR text of image `image_url` through the extractor and appends the
  // identifiers (Source::kImage, style "ocr", Span{"image", begin, end}) to
  // `advert`, deduplicated.
  void AddOcrText(std::string_view ocr_text, std::string_view image_url, Advert* advert) const;

 private:
  PageParser(const PageParserOptions& o, const IdentifierExtractor* e, const Gazetteer* g)
      : options_(o), extractor_(e), gazetteer_(g) {}

  PageParserOptions options_;
  const IdentifierExtractor* extractor_;
  const Gazetteer* gazetteer_;
};

// Resolves `ref` against `base` (RFC 3986, via libcurl's URL API); "" when
// either is unusable or the result is not http(s).
std::string ResolveUrl(std::string_view base, std::string_view ref);

}  // namespace admon::parsers

#endif  // ADMON_PARSERS_PAGE_H_
