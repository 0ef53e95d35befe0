// Copyright 2026 The admon Authors.
//
// The advert record: what the parsers extract from one captured page, with the
// evidence for every identifier. It is the contract between parsers/ (which
// fills it), indicators/ (which scores it), dedupe/ (which links it) and
// report/ (which shows it). Stored in the `adverts` column family as a
// versioned record (see store/record.h); JSON form via nlohmann::json.
//
// Offsets: all spans are byte offsets into the named field's UTF-8 text
// (`Span::field` is "title", "description", "name", "location", ... or
// "page" for text outside any field rule), half-open [begin, end).
#ifndef ADMON_PARSERS_ADVERT_H_
#define ADMON_PARSERS_ADVERT_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace admon::parsers {

inline constexpr int kAdvertRecordVersion = 1;

// Where an identifier was found.
enum class Source {
  kText,       // visible text
  kAttribute,  // alt/title/data-* attribute
  kLink,       // tel:, mailto:, sms:, wa.me, t.me ... href
  kScript,     // JSON-LD or app state inside <script>
  kImage,      // OCR of an image
};
const char* SourceName(Source s);  // "text", "attribute", "link", "script", "image"

struct Span {
  std::string field;  // field name, see above
  int begin = -1;     // bytes; -1 when not applicable (e.g. attribute)
  int end = -1;
};

struct Phone {
  std::string e164;      // "+447700900123"
  std::string national;  // "07700 900123"
  std::string type;      // "mobile", "landline", "voip", "other"
  std::string region;    // "GB", "HU", "RO", ...
  std::string raw;       // the text as written in the page
  std::vector<std::string> styles;  // obfuscation styles, e.g. "words", "spaced", "fullwidth", "ocr"
  Source source = Source::kText;
  Span span;
};

struct Email {
  std::string address;  // normalised, lower case
  std::string raw;
  std::vector<std::string> styles;  // e.g. "at_dot_words"
  Source source = Source::kText;
  Span span;
};

// Messaging, social and payment handles.
struct Handle {
  std::string platform;  // "whatsapp", "telegram", "snapchat", "instagram", "onlyfans", "x", "paypal", "cashapp", ...
  std::string handle;    // normalised (lower case, no '@')
  std::string raw;
  bool payment = false;
  Source source = Source::kText;
  Span span;
};

struct Image {
  std::string url;        // absolute URL as served
  std::string sha256;     // hex of the bytes; empty until fetched
  uint64_t phash = 0;     // 64-bit perceptual hash; valid iff hashed
  bool hashed = false;
  int width = 0;          // pixels
  int height = 0;
  uint64_t bytes = 0;
  std::string format;     // "jpeg", "png", "webp", ...
  std::string error;      // decode guard diagnostics; empty when fine
};

struct Price {
  int minutes = 0;  // duration the price buys, e.g. 30, 60
  double pounds = 0;
  std::string raw;
};

struct Location {
  std::string town;              // gazetteer name, e.g. "Leeds"
  std::string force;             // police force area, e.g. "West Yorkshire Police"
  std::string postcode_district; // e.g. "LS1"
  std::string raw;
};

struct Advert {
  std::string id;              // stable: "<site>:<site advert id or URL hash>"
  std::string site;
  std::string url;
  std::string capture_sha256;  // body hash of the capture this came from
  int64_t fetched_unix = 0;    // seconds since epoch, UTC
  bool generic = false;        // parsed by the generic fallback (no site rules)

  std::string title;
  std::string name;            // poster/worker name as advertised
  std::optional<int> age;
  std::string description;
  std::string location_text;
  Location location;
  std::vector<Price> prices;
  std::vector<std::string> nationalities;  // normalised claims, e.g. "romanian"
  std::vector<std::string> languages;
  std::vector<std::string> services;
  std::string posted;          // as shown (site time), ISO when parseable
  std::string updated;
  std::string profile_url;

  std::vector<Phone> phones;
  std::vector<Email> emails;
  std::vector<Handle> handles;
  std::vector<Image> images;

  std::vector<std::string> diagnostics;  // what could not be parsed and why
};

void to_json(nlohmann::json& j, const Span& v);
void from_json(const nlohmann::json& j, Span& v);
void to_json(nlohmann::json& j, const Phone& v);
void from_json(const nlohmann::json& j, Phone& v);
void to_json(nlohmann::json& j, const Email& v);
void from_json(const nlohmann::json& j, Email& v);
void to_json(nlohmann::json& j, const Handle& v);
void from_json(const nlohmann::json& j, Handle& v);
void to_json(nlohmann::json& j, const Image& v);
void from_json(const nlohmann::json& j, Image& v);
void to_json(nlohmann::json& j, const Price& v);
void from_json(const nlohmann::json& j, Price& v);
void to_json(nlohmann::json& j, const Location& v);
void from_json(const nlohmann::json& j, Location& v);
// Includes "v": kAdvertRecordVersion.
void to_json(nlohmann::json& j, const Advert& v);
void from_json(const nlohmann::json& j, Advert& v);

std::ostream& operator<<(std::ostream& os, const Phone& p);
std::ostream& operator<<(std::ostream& os, const Advert& a);

}  // namespace admon::parsers

#endif  // ADMON_PARSERS_ADVERT_H_
