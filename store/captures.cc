// Copyright 2026 The admon Authors.
#include "store/captures.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "common/sha256.h"
#include "common/status.h"
#include "nlohmann/json.hpp"
#include "store/record.h"

namespace admon::store {
namespace {

using json = nlohmann::json;

constexpr std::string_view kKindNames[] = {"listing", "advert", "profile", "image", "robots", "sitemap", "other"};

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(int64_t us) { return absl::FromUnixMicros(us); }

json HeadersToJson(const HeaderList& h) {
  json a = json::array();
  for (const auto& [k, v] : h) a.push_back(json::array({k, v}));
  return a;
}

HeaderList HeadersFromJson(const json& a) {
  HeaderList h;
  if (!a.is_array()) return h;
  for (const auto& p : a) {
    if (p.is_array() && p.size() == 2) h.emplace_back(p[0].get<std::string>(), p[1].get<std::string>());
  }
  return h;
}

// Header values may hold any bytes; JSON strings must be UTF-8 for `db dump`.
std::string Printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) out.push_back(c < 0x80 ? static_cast<char>(c) : '?');
  return out;
}

json CaptureToJson(const Capture& c, bool with_body) {
  json j = {{"v", kCaptureRecordVersion},
            {"url", c.url},
            {"final_url", c.final_url},
            {"site", c.site},
            {"kind", std::string(CaptureKindName(c.kind))},
            {"status", c.status},
            {"content_type", Printable(c.content_type)},
            {"fetched_us", ToMicros(c.fetched)},
            {"sha256", c.sha256},
            {"error", c.error},
            {"truncated", c.truncated},
            {"method", c.method},
            {"ip", c.ip}};
  HeaderList h;
  for (const auto& [k, v] : c.headers) h.emplace_back(Printable(k), Printable(v));
  j["headers"] = HeadersToJson(h);
  h.clear();
  for (const auto& [k, v] : RedactSecrets(c.request_headers)) h.emplace_back(Printable(k), Printable(v));
  j["request_headers"] = HeadersToJson(h);
  if (with_body) {
    j["body"] = json::binary(std::vector<uint8_t>(c.body.begin(), c.body.end()));
  } else {
    j["seen_again"] = true;
  }
  return j;
}

absl::StatusOr<Capture> CaptureFromRecord(std::string_view bytes, std::string_view key) {
  ADMON_ASSIGN_OR_RETURN(json j, DecodeRecord(bytes, key));
  Capture c;
  c.url = j.value("url", "");
  c.final_url = j.value("final_url", "");
  c.site = j.value("site", "");
  c.kind = ParseCaptureKind(j.value("kind", "other")).value_or(CaptureKind::kOther);
  c.status = j.value("status", 0);
  c.content_type = j.value("content_type", "");
  c.fetched = FromMicros(j.value("fetched_us", int64_t{0}));
  c.sha256 = j.value("sha256", "");
  c.error = j.value("error", "");
  c.truncated = j.value("truncated", false);
  c.method = j.value("method", "GET");
  c.ip = j.value("ip", "");
  c.headers = HeadersFromJson(j.value("headers", json::array()));
  c.request_headers = HeadersFromJson(j.value("request_headers", json::array()));
  c.seen_again = j.value("seen_again", false);
  if (auto it = j.find("body"); it != j.end() && it->is_binary()) {
    const auto& b = it->get_binary();
    c.body.assign(b.begin(), b.end());
  }
  return c;
}

json PageToJson(const PageState& p) {
  json j = {{"v", kPageRecordVersion},
            {"url", p.url},
            {"site", p.site},
            {"kind", std::string(CaptureKindName(p.kind))},
            {"last_sha256", p.last_sha256},
            {"last_capture_key", json::binary(std::vector<uint8_t>(p.last_capture_key.begin(),
                                                                   p.last_capture_key.end()))},
            {"first_seen_us", ToMicros(p.first_seen)},
            {"last_seen_us", ToMicros(p.last_seen)},
            {"seen_again_count", p.seen_again_count},
            {"copies", p.copies},
            {"last_status", p.last_status},
            {"last_error", p.last_error},
            {"etag", Printable(p.etag)},
            {"last_modified", Printable(p.last_modified)}};
  if (p.removed_at) j["removed_at_us"] = ToMicros(*p.removed_at);
  return j;
}

absl::StatusOr<PageState> PageFromRecord(std::string_view bytes, std::string_view key) {
  ADMON_ASSIGN_OR_RETURN(json j, DecodeRecord(bytes, key));
  PageState p;
  p.url = j.value("url", "");
  p.site = j.value("site", "");
  p.kind = ParseCaptureKind(j.value("kind", "other")).value_or(CaptureKind::kOther);
  p.last_sha256 = j.value("last_sha256", "");
  if (auto it = j.find("last_capture_key"); it != j.end() && it->is_binary()) {
    p.last_capture_key.assign(it->get_binary().begin(), it->get_binary().end());
  }
  p.first_seen = FromMicros(j.value("first_seen_us", int64_t{0}));
  p.last_seen = FromMicros(j.value("last_seen_us", int64_t{0}));
  p.seen_again_count = j.value("seen_again_count", int64_t{0});
  p.copies = j.value("copies", int64_t{0});
  p.last_status = j.value("last_status", 0);
  p.last_error = j.value("last_error", "");
  p.etag = j.value("etag", "");
  p.last_modified = j.value("last_modified", "");
  if (j.contains("removed_at_us")) p.removed_at = FromMicros(j["removed_at_us"].get<int64_t>());
  return p;
}

std::string HeaderValue(const HeaderList& h, std::string_view name) {
  for (const auto& [k, v] : h) {
    if (absl::EqualsIgnoreCase(k, AV(name))) return v;
  }
  return "";
}

}  // namespace

std::string_view CaptureKindName(CaptureKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<CaptureKind> ParseCaptureKind(std::string_view name) {
  for (int i = 0; i < 7; ++i) {
    if (kKindNames[i] == name) return static_cast<CaptureKind>(i);
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& os, const Capture& c) {
  return os << "Capture{" << c.url << " kind=" << CaptureKindName(c.kind) << " status=" << c.status
            << " bytes=" << c.body.size() << " sha256=" << c.sha256.substr(0, 12) << " error=" << c.error
            << " at=" << FormatUtc(c.fetched) << (c.seen_again ? " seen_again" : "") << "}";
}

std::ostream& operator<<(std::ostream& os, const PageState& p) {
  return os << "PageState{" << p.url << " kind=" << CaptureKindName(p.kind) << " copies=" << p.copies
            << " seen_again=" << p.seen_again_count << " removed=" << (p.removed_at ? FormatUtc(*p.removed_at) : "no")
            << "}";
}

std::string CaptureKey(std::string_view url, absl::Time fetched) {
  std::string k(url);
  k.push_back('\0');
  k += EncodeU64(static_cast<uint64_t>(ToMicros(fetched)));
  return k;
}

HeaderList RedactSecrets(const HeaderList& headers) {
  HeaderList out;
  out.reserve(headers.size());
  for (const auto& [k, v] : headers) {
    std::string lower = absl::AsciiStrToLower(k);
    bool secret = lower == "cookie" || lower == "authorization" || lower == "proxy-authorization" ||
                  lower == "set-cookie-request";
    out.emplace_back(k, secret ? "[redacted]" : v);
  }
  return out;
}

absl::StatusOr<PutResult> CaptureStore::Stage(const Capture& in, WriteBatch& batch) {
  Capture c = in;
  if (c.url.empty()) return absl::InvalidArgumentError("capture without a URL");
  const bool has_response = c.status != 0 && c.error.empty();
  const bool not_modified = has_response && c.status == 304;
  const bool content = has_response && c.status >= 200 && c.status < 300;
  if (content && c.sha256.empty()) c.sha256 = Sha256Hex(c.body);
  ADMON_ASSIGN_OR_RETURN(std::optional<PageState> old, GetPage(c.url));
  PageState page = old.value_or(PageState{});
  if (!old) {
    page.url = c.url;
    page.first_seen = c.fetched;
  }
  page.site = c.site;
  page.kind = c.kind;
  page.last_status = c.status;
  page.last_error = c.error;

  PutResult result;
  result.key = CaptureKey(c.url, c.fetched);
  const bool unchanged = old && page.copies > 0 &&
                         (not_modified || (content && c.sha256 == page.last_sha256 && !c.truncated));
  if (unchanged) {
    result.seen_again = true;
    if (c.sha256.empty()) c.sha256 = page.last_sha256;
    page.seen_again_count++;
    page.last_seen = c.fetched;
    page.removed_at.reset();
    batch.Put(Cf::kCaptures, result.key, EncodeRecord(CaptureToJson(c, /*with_body=*/false)));
  } else if (content) {
    result.new_copy = true;
    result.changed = old && page.copies > 0;
    page.copies++;
    page.last_sha256 = c.sha256;
    page.last_capture_key = result.key;
    page.last_seen = c.fetched;
    page.etag = HeaderValue(c.headers, "ETag");
    page.last_modified = HeaderValue(c.headers, "Last-Modified");
    page.removed_at.reset();
    batch.Put(Cf::kCaptures, result.key, EncodeRecord(CaptureToJson(c, /*with_body=*/true)));
  } else {
    // Errors, 3xx/4xx/5xx, 304 without a stored copy: kept as a record of the
    // attempt; the page's content state (latest copy) is unchanged.
    batch.Put(Cf::kCaptures, result.key, EncodeRecord(CaptureToJson(c, /*with_body=*/true)));
    const bool gone = has_response && (c.status == 404 || c.status == 410);
    if (gone && c.kind == CaptureKind::kAdvert && !page.removed_at) page.removed_at = c.fetched;
  }
  batch.Put(Cf::kPages, c.url, EncodeRecord(PageToJson(page)));
  return result;
}

absl::StatusOr<PutResult> CaptureStore::Put(const Capture& c) {
  WriteBatch batch(*db_);
  ADMON_ASSIGN_OR_RETURN(PutResult r, Stage(c, batch));
  ADMON_RETURN_IF_ERROR(db_->Write(batch));
  return r;
}

absl::StatusOr<std::optional<Capture>> CaptureStore::GetByKey(std::string_view key) const {
  ADMON_ASSIGN_OR_RETURN(std::optional<std::string> v, db_->Get(Cf::kCaptures, key));
  if (!v) return std::optional<Capture>();
  ADMON_ASSIGN_OR_RETURN(Capture c, CaptureFromRecord(*v, key));
  return std::optional<Capture>(std::move(c));
}

absl::StatusOr<std::optional<Capture>> CaptureStore::GetLatest(std::string_view url) const {
  ADMON_ASSIGN_OR_RETURN(std::optional<PageState> p, GetPage(url));
  if (!p || p->last_capture_key.empty()) return std::optional<Capture>();
  return GetByKey(p->last_capture_key);
}

absl::StatusOr<std::optional<PageState>> CaptureStore::GetPage(std::string_view url) const {
  ADMON_ASSIGN_OR_RETURN(std::optional<std::string> v, db_->Get(Cf::kPages, url));
  if (!v) return std::optional<PageState>();
  ADMON_ASSIGN_OR_RETURN(PageState p, PageFromRecord(*v, url));
  return std::optional<PageState>(std::move(p));
}

absl::Status CaptureStore::ScanSince(absl::Time since, const std::function<bool(const Capture&)>& fn) const {
  absl::Status status;
  const uint64_t since_us = static_cast<uint64_t>(std::max<int64_t>(0, ToMicros(since)));
  ADMON_RETURN_IF_ERROR(db_->Scan(Cf::kCaptures, "", [&](std::string_view key, std::string_view value) {
    if (key.size() < 9 || DecodeU64(key.substr(key.size() - 8)) < since_us) return true;
    auto c = CaptureFromRecord(value, key);
    if (!c.ok()) {
      status = c.status();
      return false;
    }
    return fn(*c);
  }));
  return status;
}

absl::Status CaptureStore::ScanPages(std::string_view site, const std::function<bool(const PageState&)>& fn) const {
  absl::Status status;
  ADMON_RETURN_IF_ERROR(db_->Scan(Cf::kPages, "", [&](std::string_view key, std::string_view value) {
    auto p = PageFromRecord(value, key);
    if (!p.ok()) {
      status = p.status();
      return false;
    }
    if (!site.empty() && p->site != site) return true;
    return fn(*p);
  }));
  return status;
}

absl::Status CaptureStore::ScanAdvertPages(
    std::string_view site, const std::function<bool(const PageState&, const Capture&)>& fn) const {
  absl::Status status;
  ADMON_RETURN_IF_ERROR(ScanPages(site, [&](const PageState& p) {
    if (p.kind != CaptureKind::kAdvert || p.last_capture_key.empty()) return true;
    auto c = GetByKey(p.last_capture_key);
    if (!c.ok()) {
      status = c.status();
      return false;
    }
    if (!c->has_value()) return true;
    return fn(p, **c);
  }));
  return status;
}

namespace {

// Adds deletes for the captures of `url` fetched before `before_us` (unix
// micros), except the key `keep`, to `batch`; returns how many.
absl::StatusOr<int64_t> StageDeleteCaptures(const Db& db, std::string_view url, uint64_t before_us,
                                            std::string_view keep, WriteBatch& batch) {
  std::string prefix(url);
  prefix.push_back('\0');
  int64_t n = 0;
  ADMON_RETURN_IF_ERROR(db.Scan(Cf::kCaptures, prefix, [&](std::string_view key, std::string_view) {
    if (key.size() != prefix.size() + 8 || key == keep) return true;
    if (DecodeU64(key.substr(prefix.size())) >= before_us) return false;  // keys are in time order
    batch.Delete(Cf::kCaptures, key);
    ++n;
    return true;
  }));
  return n;
}

}  // namespace

absl::StatusOr<int64_t> CaptureStore::StageDeletePage(std::string_view url, WriteBatch& batch) const {
  ADMON_ASSIGN_OR_RETURN(int64_t n, StageDeleteCaptures(*db_, url, UINT64_MAX, /*keep=*/"", batch));
  batch.Delete(Cf::kPages, url);
  return n;
}

absl::StatusOr<int64_t> CaptureStore::StageDeleteOldCaptures(std::string_view url, absl::Time before,
                                                             WriteBatch& batch) const {
  ADMON_ASSIGN_OR_RETURN(std::optional<PageState> p, GetPage(url));
  return StageDeleteCaptures(*db_, url, static_cast<uint64_t>(std::max<int64_t>(0, ToMicros(before))),
                             p.has_value() ? p->last_capture_key : "", batch);
}

absl::Status CaptureStore::StageMarkRemoved(std::string_view url, absl::Time when, WriteBatch& batch) {
  ADMON_ASSIGN_OR_RETURN(std::optional<PageState> p, GetPage(url));
  if (!p) return absl::NotFoundError(absl::StrCat("page \"", AV(url), "\": not captured"));
  if (p->removed_at) return absl::OkStatus();
  p->removed_at = when;
  batch.Put(Cf::kPages, url, EncodeRecord(PageToJson(*p)));
  return absl::OkStatus();
}

absl::Status CaptureStore::MarkRemoved(std::string_view url, absl::Time when) {
  WriteBatch batch(*db_);
  ADMON_RETURN_IF_ERROR(StageMarkRemoved(url, when, batch));
  return db_->Write(batch);
}

}  // namespace admon::store
