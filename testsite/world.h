// Copyright 2026 The admon Authors.
//
// The synthetic world behind the test sites: posters (independent workers,
// agencies, exploitation networks, spam), their adverts on three sites over D
// simulated days, and the ground truth of every identifier in them.
//
// Everything is a pure function of (seed, advert index, day): nothing is
// stored. Adverts are laid out in chunks of kChunkAdverts consecutive indices;
// each chunk holds whole posters, so a poster's adverts are found by scanning
// one chunk. `Meta()` is cheap (no phone validation, no text); `Build()` makes
// the full advert (text, phones in their written styles, images).
//
// Thread safety: World is immutable after construction; all methods are const
// and safe to call concurrently.
#ifndef ADMON_TESTSITE_WORLD_H_
#define ADMON_TESTSITE_WORLD_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace admon::testsite {

// Limits.
inline constexpr int kNumSites = 3;               // velvet, scarlet, nightowl
inline constexpr int64_t kChunkAdverts = 128;     // posters never straddle chunks
inline constexpr int64_t kMaxAdverts = 16'000'000;  // advert ids are a 24-bit permutation
inline constexpr int kMaxDays = 365;              // simulated days
inline constexpr int64_t kSiteIdBase = 10'000'000;  // site advert ids are 8 digits

enum class PosterKind { kIndependent, kAgency, kExploitation, kSpam };
// "independent", "agency", "exploitation", "spam".
const char* PosterKindName(PosterKind k);

struct WorldSpec {
  uint64_t seed = 1;
  int64_t adverts = 1000;  // 1..kMaxAdverts
  int days = 7;            // 1..kMaxDays; days are 0..days-1
};
absl::Status ValidateSpec(const WorldSpec& spec);

struct SiteInfo {
  std::string name;           // config name, e.g. "velvet"
  std::string display;        // shown brand, e.g. "Velvet Rooms"
  std::string support_phone;  // footer furniture, must not become evidence
  std::string support_email;  // footer furniture
  int page_size = 20;         // adverts per listing page
};
// REQUIRES: 0 <= site < kNumSites.
const SiteInfo& Site(int site);

struct Town {
  std::string name;      // "Leeds"
  std::string slug;      // "leeds"
  std::string postcode;  // a plausible full postcode, "LS1 4AB"
  std::string area_code; // landline code, "0113"
};
const std::vector<Town>& Towns();

// One place a phone number is written in an advert.
struct PhoneOccurrence {
  std::string e164;   // "+447700900123"
  std::string style;  // see docs/testsite.md, e.g. "words", "keycap", "data_attribute"
  std::string where;  // "field", "description", "attribute", "script", "link", "image"
  std::string raw;    // as written (HTML for link / split_lines styles)
};

struct EmailOccurrence {
  std::string address;  // lower case
  std::string style;    // "plain", "at_dot_words", "bracketed", "mailto"
  std::string raw;
};

struct HandleOccurrence {
  std::string platform;  // "whatsapp", "telegram", "snapchat", "instagram", "onlyfans", "x"
  std::string handle;    // normalised: lower case, no '@'
  std::string style;     // "label_at", "url", "label"
  std::string raw;
};

// How a served image derives from its original (applied in this order).
struct ImageVariant {
  double crop_left = 0, crop_top = 0, crop_right = 0, crop_bottom = 0;  // fractions of width/height
  double scale = 1.0;   // resize factor after crop
  bool mirror = false;
  int brightness = 0;   // added to every channel, -30..30
  bool watermark = false;  // site name drawn bottom-right
  int border = 0;       // pixels of solid border
  int quality = 90;     // JPEG quality 50..95
};

struct ImageRef {
  std::string path;      // served path, e.g. "/img/12345678-0.jpg"
  std::string original;  // original photo id "p<poster>-<n>", or "card:<site id>" for a phone card
  uint64_t original_seed = 0;  // drives the procedural original
  ImageVariant variant;
  std::string card_phone = {};  // e164 drawn into a phone card; empty for photos
  std::string card_text = {};   // the text drawn (phone in some written style)
};

struct Price {
  int minutes = 0;
  int pounds = 0;
};

// Cheap per-advert facts (no text, no phones).
struct AdvertMeta {
  int64_t index = 0;
  int64_t site_id = 0;    // number in the advert URL
  int64_t poster = 0;     // global poster number
  int worker = 0;         // worker within the poster (0 for independents)
  int ordinal = 0;        // advert number within the poster
  int poster_adverts = 1; // adverts the poster has in total
  PosterKind kind = PosterKind::kIndependent;
  int site = 0;
  int town = 0;           // index into Towns()
  int first_day = 0;
  int last_day = 0;       // inclusive; deleted afterwards
  int edit_day = -1;      // day the text and price changed, -1 never
};

// A fully built advert as shown on `day` (edits applied when day >= edit_day).
struct Advert {
  AdvertMeta meta;
  std::string poster_id;     // "P00001234"
  std::string network_id;    // "N00001234" for exploitation, else empty
  std::string profile_slug;  // "/profile/<slug>" etc. on the site
  std::string name;
  int age = 0;
  std::string nationality;   // "Romanian"
  std::string agency;        // brand for agencies
  std::string title;
  std::string description_html;  // escaped HTML, may hold <br> and <a>
  std::string description_text;  // same without tags (for truth / inspection)
  std::vector<Price> prices;
  std::vector<std::string> services;
  std::vector<std::string> phones;  // unique E.164 of all phones in the advert
  std::vector<PhoneOccurrence> phone_occurrences;
  std::string field_phone;          // E.164 shown in the site's phone field, or empty
  std::vector<EmailOccurrence> emails;
  std::vector<HandleOccurrence> handles;
  std::vector<ImageRef> images;
  std::vector<std::string> indicators;  // indicator phrases used ("she is", "new to this", ...)
  std::vector<std::string> bait;        // innocent look-alikes ("young at heart", ...)
  std::vector<std::string> decoys;      // number-like text that is not a phone
  std::vector<int> bump_days;           // every day of its life the advert is bumped (independent of the built day)
  std::string posted;   // RFC 3339 UTC
  std::string updated;  // RFC 3339 UTC, as of the day built
  int built_day = 0;
};

std::ostream& operator<<(std::ostream& os, const Advert& a);

// Served paths (path + query on the site's host; the truth uses these).
// velvet "/advert/<id>", scarlet "/ad/<id>.html", nightowl "/listing/<id>-<town slug>".
std::string AdvertPath(const AdvertMeta& m);
// velvet "/profile/<slug>", scarlet "/poster/<slug>", nightowl "/u/<slug>".
std::string ProfilePath(int site, const std::string& slug);
// velvet "/town/<slug>", scarlet "/escorts/<slug>/", nightowl "/in/<slug>"; page > 1 adds "?page=N".
std::string TownPath(int site, int town, int page = 1);

class World {
 public:
  // REQUIRES: ValidateSpec(spec).ok().
  explicit World(const WorldSpec& spec);

  const WorldSpec& spec() const { return spec_; }
  int64_t size() const { return spec_.adverts; }

  AdvertMeta Meta(int64_t index) const;
  // REQUIRES: 0 <= index < size(), 0 <= day < days.
  Advert Build(int64_t index, int day) const;

  bool Live(const AdvertMeta& m, int day) const { return m.first_day <= day && day <= m.last_day; }
  // The latest day <= `day` on which the advert was posted or bumped.
  int BumpDay(const AdvertMeta& m, int day) const;

  int64_t SiteIdOf(int64_t index) const;
  // Index of a site advert id, or nullopt if it names no advert.
  std::optional<int64_t> IndexOfSiteId(int64_t site_id) const;

  // Profile slug token (8 hex) <-> (poster, worker). Exploitation workers get
  // one profile each; other posters one profile (worker 0).
  std::string ProfileToken(int64_t poster, int worker) const;
  // Adverts of the profile named by `token` (all days), or empty.
  std::vector<int64_t> AdvertsOfProfile(const std::string& token) const;

  // Simulated civil date of `day`, "2026-11-02" + day.
  static std::string DateOfDay(int day);

 private:
  WorldSpec spec_;
};

}  // namespace admon::testsite

#endif  // ADMON_TESTSITE_WORLD_H_
