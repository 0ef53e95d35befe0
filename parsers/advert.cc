// Copyright 2026 The admon Authors.
#include "parsers/advert.h"

namespace admon::parsers {
namespace {

Source SourceFromName(const std::string& s) {
  if (s == "attribute") return Source::kAttribute;
  if (s == "link") return Source::kLink;
  if (s == "script") return Source::kScript;
  if (s == "image") return Source::kImage;
  return Source::kText;
}

template <typename T>
void Get(const nlohmann::json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) it->get_to(out);
}

}  // namespace

const char* SourceName(Source s) {
  switch (s) {
    case Source::kText: return "text";
    case Source::kAttribute: return "attribute";
    case Source::kLink: return "link";
    case Source::kScript: return "script";
    case Source::kImage: return "image";
  }
  return "text";
}

void to_json(nlohmann::json& j, const Span& v) { j = {{"field", v.field}, {"begin", v.begin}, {"end", v.end}}; }
void from_json(const nlohmann::json& j, Span& v) {
  Get(j, "field", v.field);
  Get(j, "begin", v.begin);
  Get(j, "end", v.end);
}

void to_json(nlohmann::json& j, const Phone& v) {
  j = {{"e164", v.e164}, {"national", v.national}, {"type", v.type}, {"region", v.region}, {"raw", v.raw},
       {"styles", v.styles}, {"source", SourceName(v.source)}, {"span", v.span}};
}
void from_json(const nlohmann::json& j, Phone& v) {
  Get(j, "e164", v.e164);
  Get(j, "national", v.national);
  Get(j, "type", v.type);
  Get(j, "region", v.region);
  Get(j, "raw", v.raw);
  Get(j, "styles", v.styles);
  std::string src;
  Get(j, "source", src);
  v.source = SourceFromName(src);
  Get(j, "span", v.span);
}

void to_json(nlohmann::json& j, const Email& v) {
  j = {{"address", v.address}, {"raw", v.raw}, {"styles", v.styles}, {"source", SourceName(v.source)},
       {"span", v.span}};
}
void from_json(const nlohmann::json& j, Email& v) {
  Get(j, "address", v.address);
  Get(j, "raw", v.raw);
  Get(j, "styles", v.styles);
  std::string src;
  Get(j, "source", src);
  v.source = SourceFromName(src);
  Get(j, "span", v.span);
}

void to_json(nlohmann::json& j, const Handle& v) {
  j = {{"platform", v.platform}, {"handle", v.handle}, {"raw", v.raw}, {"payment", v.payment},
       {"source", SourceName(v.source)}, {"span", v.span}};
}
void from_json(const nlohmann::json& j, Handle& v) {
  Get(j, "platform", v.platform);
  Get(j, "handle", v.handle);
  Get(j, "raw", v.raw);
  Get(j, "payment", v.payment);
  std::string src;
  Get(j, "source", src);
  v.source = SourceFromName(src);
  Get(j, "span", v.span);
}

void to_json(nlohmann::json& j, const Image& v) {
  j = {{"url", v.url},       {"sha256", v.sha256}, {"phash", v.phash},   {"hashed", v.hashed},
       {"width", v.width},   {"height", v.height}, {"bytes", v.bytes},   {"format", v.format},
       {"error", v.error}};
}
void from_json(const nlohmann::json& j, Image& v) {
  Get(j, "url", v.url);
  Get(j, "sha256", v.sha256);
  Get(j, "phash", v.phash);
  Get(j, "hashed", v.hashed);
  Get(j, "width", v.width);
  Get(j, "height", v.height);
  Get(j, "bytes", v.bytes);
  Get(j, "format", v.format);
  Get(j, "error", v.error);
}

void to_json(nlohmann::json& j, const Price& v) { j = {{"minutes", v.minutes}, {"pounds", v.pounds}, {"raw", v.raw}}; }
void from_json(const nlohmann::json& j, Price& v) {
  Get(j, "minutes", v.minutes);
  Get(j, "pounds", v.pounds);
  Get(j, "raw", v.raw);
}

void to_json(nlohmann::json& j, const Location& v) {
  j = {{"town", v.town}, {"force", v.force}, {"postcode_district", v.postcode_district}, {"raw", v.raw}};
}
void from_json(const nlohmann::json& j, Location& v) {
  Get(j, "town", v.town);
  Get(j, "force", v.force);
  Get(j, "postcode_district", v.postcode_district);
  Get(j, "raw", v.raw);
}

void to_json(nlohmann::json& j, const Advert& v) {
  j = nlohmann::json{{"v", kAdvertRecordVersion},
                     {"id", v.id},
                     {"site", v.site},
                     {"url", v.url},
                     {"capture_sha256", v.capture_sha256},
                     {"fetched_unix", v.fetched_unix},
                     {"generic", v.generic},
                     {"title", v.title},
                     {"name", v.name},
                     {"description", v.description},
                     {"location_text", v.location_text},
                     {"location", v.location},
                     {"prices", v.prices},
                     {"nationalities", v.nationalities},
                     {"languages", v.languages},
                     {"services", v.services},
                     {"posted", v.posted},
                     {"updated", v.updated},
                     {"profile_url", v.profile_url},
                     {"phones", v.phones},
                     {"emails", v.emails},
                     {"handles", v.handles},
                     {"images", v.images},
                     {"diagnostics", v.diagnostics}};
  j["age"] = v.age.has_value() ? nlohmann::json(*v.age) : nlohmann::json(nullptr);
}

void from_json(const nlohmann::json& j, Advert& v) {
  Get(j, "id", v.id);
  Get(j, "site", v.site);
  Get(j, "url", v.url);
  Get(j, "capture_sha256", v.capture_sha256);
  Get(j, "fetched_unix", v.fetched_unix);
  Get(j, "generic", v.generic);
  Get(j, "title", v.title);
  Get(j, "name", v.name);
  if (auto it = j.find("age"); it != j.end() && it->is_number_integer()) v.age = it->get<int>();
  Get(j, "description", v.description);
  Get(j, "location_text", v.location_text);
  Get(j, "location", v.location);
  Get(j, "prices", v.prices);
  Get(j, "nationalities", v.nationalities);
  Get(j, "languages", v.languages);
  Get(j, "services", v.services);
  Get(j, "posted", v.posted);
  Get(j, "updated", v.updated);
  Get(j, "profile_url", v.profile_url);
  Get(j, "phones", v.phones);
  Get(j, "emails", v.emails);
  Get(j, "handles", v.handles);
  Get(j, "images", v.images);
  Get(j, "diagnostics", v.diagnostics);
}

std::ostream& operator<<(std::ostream& os, const Phone& p) {
  os << "Phone{" << p.e164 << " raw=\"" << p.raw << "\" styles=[";
  for (size_t i = 0; i < p.styles.size(); ++i) os << (i ? "," : "") << p.styles[i];
  return os << "] source=" << SourceName(p.source) << "}";
}

std::ostream& operator<<(std::ostream& os, const Advert& a) {
  nlohmann::json j = a;
  return os << j.dump();
}

}  // namespace admon::parsers
