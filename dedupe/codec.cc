// Copyright 2026 The admon Authors.
#include "dedupe/codec.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "dedupe/linker_impl.h"
#include "store/record.h"

namespace admon::dedupe {
namespace {

enum LinkFlags : uint8_t {
  kHub = 1,
  kHasDistance = 2,
  kHasJaccard = 4,
  kViaIdentifier = 8,  // via == {"<kind>:<value>"}
  kViaPhashLoHi = 16,  // via == {"phash:lo", "phash:hi"} for value "lo~hi"
  kViaPhashHiLo = 32,  // via == {"phash:hi", "phash:lo"}
};

// The identifier kind whose key an identifier link depends on ("" for near
// images and text, which have no single identifier).
std::string_view KindOfType(LinkType t) {
  switch (t) {
    case LinkType::kPhone: return "phone";
    case LinkType::kEmail: return "email";
    case LinkType::kHandle: return "handle";
    case LinkType::kPayment: return "payment";
    case LinkType::kImageExact: return "image";
    case LinkType::kImageNear:
    case LinkType::kText: return "";
  }
  return "";
}

bool IsIdentifierVia(const Link& l) {
  const std::string_view kind = KindOfType(l.type);
  if (kind.empty() || l.via.size() != 1) return false;
  const std::string& v = l.via[0];
  return v.size() == kind.size() + 1 + l.value.size() && v.compare(0, kind.size(), kind) == 0 &&
         v[kind.size()] == ':' && v.compare(kind.size() + 1, std::string::npos, l.value) == 0;
}

// "phash:lo", "phash:hi" from "lo~hi"; false when the value is not of that form.
bool PhashPair(const std::string& value, std::string* lo, std::string* hi) {
  const size_t sep = value.find('~');
  if (sep == std::string::npos) return false;
  *lo = "phash:" + value.substr(0, sep);
  *hi = "phash:" + value.substr(sep + 1);
  return true;
}

absl::Status Malformed(std::string_view key) {
  return absl::DataLossError(absl::StrCat("link record \"", AV(key), "\": malformed"));
}

// A list of strings: count:varint, then length:varint bytes each.
void PutStrings(const std::vector<std::string>& v, std::string* out) {
  PutVarint(v.size(), out);
  for (const auto& x : v) PutBytes(x, out);
}

bool GetStrings(ByteReader& r, size_t limit, std::vector<std::string>* v) {
  uint64_t n = 0;
  if (!r.Varint(&n) || n > limit) return false;
  v->resize(n);
  for (auto& x : *v) {
    if (!r.Bytes(&x)) return false;
  }
  return true;
}

// ---- cluster record helpers ----

// Sorted map keys: shared prefix length with the previous key, then the rest.
void PutSortedKey(const std::string& prev, const std::string& key, std::string* out) {
  size_t shared = 0;
  const size_t n = std::min(prev.size(), key.size());
  while (shared < n && prev[shared] == key[shared]) ++shared;
  PutVarint(shared, out);
  PutBytes(std::string_view(key).substr(shared), out);
}

bool GetSortedKey(ByteReader& r, std::string* key) {  // *key holds the previous key
  uint64_t shared = 0;
  std::string rest;
  if (!r.Varint(&shared) || shared > key->size() || !r.Bytes(&rest)) return false;
  key->resize(shared);
  key->append(rest);
  return true;
}

void PutIntMap(const std::map<std::string, int64_t>& m, std::string* out) {
  PutVarint(m.size(), out);
  const std::string* prev = nullptr;
  static const std::string kEmpty;
  for (const auto& [k, v] : m) {
    PutSortedKey(prev ? *prev : kEmpty, k, out);
    PutZigzag(v, out);
    prev = &k;
  }
}

bool GetIntMap(ByteReader& r, size_t limit, std::map<std::string, int64_t>* m) {
  uint64_t n = 0;
  if (!r.Varint(&n) || n > limit) return false;
  std::string key;
  for (uint64_t i = 0; i < n; ++i) {
    int64_t v = 0;
    if (!GetSortedKey(r, &key) || !r.Zigzag(&v)) return false;
    m->emplace_hint(m->end(), key, v);
  }
  return true;
}

void PutCounts(const BoundedCounts& b, std::string* out) {
  PutIntMap(b.counts, out);
  PutZigzag(b.overflow, out);
}

bool GetCounts(ByteReader& r, size_t limit, BoundedCounts* b) {
  return GetIntMap(r, limit, &b->counts) && r.Zigzag(&b->overflow);
}

void PutCountsMap(const std::map<std::string, BoundedCounts>& m, std::string* out) {
  PutVarint(m.size(), out);
  static const std::string kEmpty;
  const std::string* prev = &kEmpty;
  for (const auto& [k, b] : m) {
    PutSortedKey(*prev, k, out);
    PutCounts(b, out);
    prev = &k;
  }
}

bool GetCountsMap(ByteReader& r, size_t limit, std::map<std::string, BoundedCounts>* m) {
  uint64_t n = 0;
  if (!r.Varint(&n) || n > limit) return false;
  std::string key;
  for (uint64_t i = 0; i < n; ++i) {
    if (!GetSortedKey(r, &key)) return false;
    auto it = m->emplace_hint(m->end(), key, BoundedCounts{});
    if (!GetCounts(r, limit, &it->second)) return false;
  }
  return true;
}

// The BoundedCounts of ClusterStats in their stored order.
template <typename S>
auto StatsCounts(S& s) {
  return std::array{&s.phones, &s.emails, &s.handles, &s.names, &s.ages, &s.nationalities,
                    &s.towns,  &s.forces, &s.sites,   &s.images, &s.phone_day};
}

// The record as written before the binary format (MessagePack JSON).
Cluster ClusterFromJson(const nlohmann::json& j) {
  Cluster c;
  c.id = j.value("id", "");
  c.parent = j.value("parent", "");
  c.first_seen = j.value("first_seen", int64_t{0});
  c.last_seen = j.value("last_seen", int64_t{0});
  if (j.contains("merged_from")) {
    for (const auto& m : j["merged_from"]) c.merged_from.push_back({m.value("id", ""), m.value("unix", int64_t{0})});
  }
  c.history = j.value("history", std::vector<std::string>{});
  if (j.contains("stats")) c.stats = j["stats"].get<ClusterStats>();
  return c;
}

}  // namespace

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutZigzag(int64_t v, std::string* out) {
  PutVarint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63), out);
}

void PutBytes(std::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s);
}

bool ByteReader::Varint(uint64_t* v) {
  uint64_t r = 0;
  for (int shift = 0; shift < 64 && !in_.empty(); shift += 7) {
    const uint8_t b = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    r |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *v = r;
      return true;
    }
  }
  in_ = {};
  return false;
}

bool ByteReader::Zigzag(int64_t* v) {
  uint64_t u = 0;
  if (!Varint(&u)) return false;
  *v = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
  return true;
}

bool ByteReader::Bytes(std::string* s) {
  uint64_t n = 0;
  if (!Varint(&n) || n > in_.size()) {
    in_ = {};
    return false;
  }
  s->assign(in_.data(), n);
  in_.remove_prefix(n);
  return true;
}

bool ByteReader::Byte(uint8_t* b) {
  if (in_.empty()) return false;
  *b = static_cast<uint8_t>(in_[0]);
  in_.remove_prefix(1);
  return true;
}

bool ByteReader::Fixed64(uint64_t* v) {
  if (in_.size() < 8) {
    in_ = {};
    return false;
  }
  uint64_t r = 0;
  for (int i = 7; i >= 0; --i) r = (r << 8) | static_cast<uint8_t>(in_[i]);
  *v = r;
  in_.remove_prefix(8);
  return true;
}

std::string EncodeLinkValue(const Link& l) {
  uint8_t flags = 0;
  if (l.hub) flags |= kHub;
  if (l.distance >= 0) flags |= kHasDistance;
  if (l.type == LinkType::kText) flags |= kHasJaccard;
  std::string lo, hi;
  if (IsIdentifierVia(l)) {
    flags |= kViaIdentifier;
  } else if (l.type == LinkType::kImageNear && l.via.size() == 2 && PhashPair(l.value, &lo, &hi)) {
    if (l.via[0] == lo && l.via[1] == hi) {
      flags |= kViaPhashLoHi;
    } else if (l.via[0] == hi && l.via[1] == lo) {
      flags |= kViaPhashHiLo;
    }
  }
  std::string out;
  out.reserve(16);
  out.push_back(kFormatLink);
  out.push_back(static_cast<char>(flags));
  PutZigzag(l.created_unix, &out);
  if (flags & kHasDistance) PutVarint(static_cast<uint64_t>(l.distance), &out);
  if (flags & kHasJaccard) {
    uint64_t bits = 0;
    static_assert(sizeof(bits) == sizeof(l.jaccard));
    std::memcpy(&bits, &l.jaccard, sizeof(bits));
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(bits >> (8 * i)));
  }
  if ((flags & (kViaIdentifier | kViaPhashLoHi | kViaPhashHiLo)) == 0) {
    PutVarint(l.via.size(), &out);
    for (const auto& v : l.via) PutBytes(v, &out);
  }
  return out;
}

absl::StatusOr<Link> DecodeLink(std::string_view key, std::string_view value) {
  if (!value.empty() && value[0] == store::kFormatMsgpack) {
    ADMON_ASSIGN_OR_RETURN(auto j, store::DecodeRecord(value, key));
    return LinkFromRecord(j);  // records before the binary format
  }
  if (value.empty() || value[0] != kFormatLink) return Malformed(key);
  // Key: from \0 to \0 type \0 value (value may be empty, never holds \0).
  Link l;
  std::string_view rest = key;
  std::string_view parts[3];
  for (auto& p : parts) {
    const size_t sep = rest.find('\0');
    if (sep == std::string_view::npos) return Malformed(key);
    p = rest.substr(0, sep);
    rest.remove_prefix(sep + 1);
  }
  auto type = ParseLinkType(parts[2]);
  if (!type) return Malformed(key);
  l.from.assign(parts[0]);
  l.to.assign(parts[1]);
  l.type = *type;
  l.value.assign(rest);

  ByteReader r(value.substr(1));
  uint8_t flags = 0;
  if (!r.Byte(&flags) || !r.Zigzag(&l.created_unix)) return Malformed(key);
  l.hub = (flags & kHub) != 0;
  if (flags & kHasDistance) {
    uint64_t d = 0;
    if (!r.Varint(&d) || d > 64) return Malformed(key);
    l.distance = static_cast<int>(d);
  }
  if (flags & kHasJaccard) {
    uint64_t bits = 0;
    if (!r.Fixed64(&bits)) return Malformed(key);
    std::memcpy(&l.jaccard, &bits, sizeof(bits));
  }
  if (flags & kViaIdentifier) {
    l.via.push_back(absl::StrCat(AV(KindOfType(l.type)), ":", l.value));
  } else if (flags & (kViaPhashLoHi | kViaPhashHiLo)) {
    std::string lo, hi;
    if (!PhashPair(l.value, &lo, &hi)) return Malformed(key);
    if (flags & kViaPhashLoHi) {
      l.via = {std::move(lo), std::move(hi)};
    } else {
      l.via = {std::move(hi), std::move(lo)};
    }
  } else {
    uint64_t n = 0;
    if (!r.Varint(&n) || n > value.size()) return Malformed(key);
    l.via.resize(n);
    for (auto& v : l.via) {
      if (!r.Bytes(&v)) return Malformed(key);
    }
  }
  if (!r.done()) return Malformed(key);
  return l;
}

// ---- cluster records ----

std::string EncodeClusterValue(const Cluster& c) {
  std::string out;
  out.reserve(256);
  out.push_back(kFormatCluster);
  PutBytes(c.id, &out);
  PutBytes(c.parent, &out);
  PutZigzag(c.first_seen, &out);
  PutZigzag(c.last_seen, &out);
  PutVarint(c.merged_from.size(), &out);
  for (const auto& m : c.merged_from) {
    PutBytes(m.from, &out);
    PutZigzag(m.unix, &out);
  }
  PutStrings(c.history, &out);
  const ClusterStats& s = c.stats;
  PutZigzag(s.adverts, &out);
  PutZigzag(s.live, &out);
  PutZigzag(s.removed, &out);
  for (const BoundedCounts* b : StatsCounts(s)) PutCounts(*b, &out);
  PutCountsMap(s.towns_by_week, &out);
  PutCountsMap(s.forces_by_week, &out);
  PutCountsMap(s.image_owners, &out);
  PutIntMap(s.adverts_per_day, &out);
  PutIntMap(s.links, &out);
  PutIntMap(s.hub_links, &out);
  return out;
}

absl::StatusOr<Cluster> DecodeCluster(std::string_view key, std::string_view value) {
  if (!value.empty() && value[0] == store::kFormatMsgpack) {
    ADMON_ASSIGN_OR_RETURN(auto j, store::DecodeRecord(value, key));
    return ClusterFromJson(j);
  }
  auto bad = [&] { return absl::DataLossError(absl::StrCat("cluster record \"", AV(key), "\": malformed")); };
  if (value.empty() || value[0] != kFormatCluster) return bad();
  // Every entry takes at least one byte: counts above the size are corrupt.
  const size_t limit = value.size();
  ByteReader r(value.substr(1));
  Cluster c;
  uint64_t n = 0;
  if (!r.Bytes(&c.id) || !r.Bytes(&c.parent) || !r.Zigzag(&c.first_seen) || !r.Zigzag(&c.last_seen) ||
      !r.Varint(&n) || n > limit) {
    return bad();
  }
  c.merged_from.resize(n);
  for (auto& m : c.merged_from) {
    if (!r.Bytes(&m.from) || !r.Zigzag(&m.unix)) return bad();
  }
  if (!GetStrings(r, limit, &c.history)) return bad();
  ClusterStats& s = c.stats;
  if (!r.Zigzag(&s.adverts) || !r.Zigzag(&s.live) || !r.Zigzag(&s.removed)) return bad();
  for (BoundedCounts* b : StatsCounts(s)) {
    if (!GetCounts(r, limit, b)) return bad();
  }
  if (!GetCountsMap(r, limit, &s.towns_by_week) || !GetCountsMap(r, limit, &s.forces_by_week) ||
      !GetCountsMap(r, limit, &s.image_owners) || !GetIntMap(r, limit, &s.adverts_per_day) ||
      !GetIntMap(r, limit, &s.links) || !GetIntMap(r, limit, &s.hub_links) || !r.done()) {
    return bad();
  }
  return c;
}

// ---- advert state ----

namespace {

// The record as written before the binary format (MessagePack JSON).
AdvertState AdvertFromJson(const nlohmann::json& j) {
  AdvertState s;
  s.id = j.value("id", "");
  s.site = j.value("site", "");
  s.url = j.value("url", "");
  s.name = j.value("name", "");
  s.fp = j.value("fp", "");
  s.first_seen = j.value("first_seen", int64_t{0});
  s.last_seen = j.value("last_seen", int64_t{0});
  s.removed = j.value("removed", false);
  s.removed_unix = j.value("removed_unix", int64_t{0});
  s.ids = j.value("ids", std::vector<std::string>{});
  s.phashes = j.value("phashes", std::vector<uint64_t>{});
  s.text_sig = j.value("text_sig", uint64_t{0});
  if (j.contains("sum")) s.sum = j["sum"].get<AdvertSummary>();
  return s;
}

}  // namespace

std::string EncodeAdvertValue(const AdvertState& s) {
  std::string out;
  out.reserve(256);
  out.push_back(kFormatAdvert);
  for (const std::string* x : {&s.id, &s.site, &s.url, &s.name, &s.fp}) PutBytes(*x, &out);
  PutZigzag(s.first_seen, &out);
  PutZigzag(s.last_seen, &out);
  PutZigzag(s.removed_unix, &out);
  out.push_back(static_cast<char>((s.removed ? 1 : 0) | (s.sum.removed ? 2 : 0)));
  PutStrings(s.ids, &out);
  PutVarint(s.phashes.size(), &out);
  for (uint64_t h : s.phashes) PutVarint(h, &out);
  PutVarint(s.text_sig, &out);
  const AdvertSummary& m = s.sum;
  for (const auto* v : {&m.phones, &m.emails, &m.handles, &m.nationalities, &m.images}) PutStrings(*v, &out);
  for (const std::string* x : {&m.name, &m.age, &m.town, &m.force, &m.site, &m.day, &m.week}) PutBytes(*x, &out);
  return out;
}

absl::StatusOr<AdvertState> DecodeAdvert(std::string_view key, std::string_view value) {
  if (!value.empty() && value[0] == store::kFormatMsgpack) {
    ADMON_ASSIGN_OR_RETURN(auto j, store::DecodeRecord(value, key));
    return AdvertFromJson(j);
  }
  auto bad = [&] { return absl::DataLossError(absl::StrCat("advert record \"", AV(key), "\": malformed")); };
  if (value.empty() || value[0] != kFormatAdvert) return bad();
  const size_t limit = value.size();
  ByteReader r(value.substr(1));
  AdvertState s;
  for (std::string* x : {&s.id, &s.site, &s.url, &s.name, &s.fp}) {
    if (!r.Bytes(x)) return bad();
  }
  uint8_t flags = 0;
  uint64_t n = 0;
  if (!r.Zigzag(&s.first_seen) || !r.Zigzag(&s.last_seen) || !r.Zigzag(&s.removed_unix) || !r.Byte(&flags) ||
      !GetStrings(r, limit, &s.ids) || !r.Varint(&n) || n > limit) {
    return bad();
  }
  s.removed = (flags & 1) != 0;
  s.sum.removed = (flags & 2) != 0;
  s.phashes.resize(n);
  for (auto& h : s.phashes) {
    if (!r.Varint(&h)) return bad();
  }
  if (!r.Varint(&s.text_sig)) return bad();
  AdvertSummary& m = s.sum;
  for (auto* v : {&m.phones, &m.emails, &m.handles, &m.nationalities, &m.images}) {
    if (!GetStrings(r, limit, v)) return bad();
  }
  for (std::string* x : {&m.name, &m.age, &m.town, &m.force, &m.site, &m.day, &m.week}) {
    if (!r.Bytes(x)) return bad();
  }
  if (!r.done()) return bad();
  return s;
}

}  // namespace admon::dedupe
