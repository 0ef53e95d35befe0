// Copyright 2026 The admon Authors.
#include "store/record.h"

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace admon::store {
namespace {

using nlohmann::json;

// Nesting beyond this is left to nlohmann (records nest 3-4 levels).
constexpr int kMaxFastDepth = 64;

// Fast MessagePack -> json for DecodeRecord. nlohmann's reader copies binary
// and string payloads one byte at a time (a 14 KB image capture: ~16
// instructions per byte, most of reading a capture back); this copies them
// whole. It handles exactly the subset EncodeRecord writes (nil, bool, ints,
// floats, str, bin, array, map with string keys) and builds the same json as
// nlohmann::json::from_msgpack(strict); anything else (ext types, non-string
// keys, truncation, trailing bytes, unused type 0xc1, deep nesting) returns
// false and the caller decodes with nlohmann, so errors are reported the same.
class FastMsgpackReader {
 public:
  explicit FastMsgpackReader(std::string_view in) : p_(in.data()), end_(in.data() + in.size()) {}

  bool Read(json* out) { return Value(out, 0) && p_ == end_; }

 private:
  size_t Left() const { return static_cast<size_t>(end_ - p_); }

  // Big-endian unsigned of `n` bytes.
  bool Uint(int n, uint64_t* v) {
    if (Left() < static_cast<size_t>(n)) return false;
    uint64_t x = 0;
    for (int i = 0; i < n; ++i) x = (x << 8) | static_cast<uint8_t>(p_[i]);
    p_ += n;
    *v = x;
    return true;
  }

  bool Bytes(uint64_t len, const char** data) {
    if (Left() < len) return false;
    *data = p_;
    p_ += len;
    return true;
  }

  bool String(uint64_t len, std::string* s) {
    const char* d;
    if (!Bytes(len, &d)) return false;
    s->assign(d, len);
    return true;
  }

  // The key of a map entry: str types only (as nlohmann).
  bool Key(std::string* key) {
    if (Left() < 1) return false;
    const uint8_t b = static_cast<uint8_t>(*p_++);
    uint64_t len;
    if (b >= 0xa0 && b <= 0xbf) {
      len = b & 0x1f;
    } else if (b == 0xd9 || b == 0xda || b == 0xdb) {
      if (!Uint(b == 0xd9 ? 1 : b == 0xda ? 2 : 4, &len)) return false;
    } else {
      return false;
    }
    return String(len, key);
  }

  bool Map(uint64_t n, json* out, int depth) {
    if (n > Left() / 2) return false;  // each entry needs >= 2 bytes
    *out = json::object();
    std::string key;
    for (uint64_t i = 0; i < n; ++i) {
      if (!Key(&key)) return false;
      if (!Value(&(*out)[key], depth + 1)) return false;  // a repeated key keeps the last value, as nlohmann
    }
    return true;
  }

  bool Array(uint64_t n, json* out, int depth) {
    if (n > Left()) return false;  // each element needs >= 1 byte
    *out = json::array();
    json::array_t& a = out->get_ref<json::array_t&>();
    a.resize(n);
    for (uint64_t i = 0; i < n; ++i) {
      if (!Value(&a[i], depth + 1)) return false;
    }
    return true;
  }

  bool Value(json* out, int depth) {
    if (depth > kMaxFastDepth || Left() < 1) return false;
    const uint8_t b = static_cast<uint8_t>(*p_++);
    uint64_t v;
    if (b <= 0x7f) {
      *out = static_cast<json::number_unsigned_t>(b);
      return true;
    }
    if (b >= 0xe0) {
      *out = static_cast<json::number_integer_t>(static_cast<int8_t>(b));
      return true;
    }
    if (b >= 0x80 && b <= 0x8f) return Map(b & 0x0f, out, depth);
    if (b >= 0x90 && b <= 0x9f) return Array(b & 0x0f, out, depth);
    if (b >= 0xa0 && b <= 0xbf) {
      std::string s;
      if (!String(b & 0x1f, &s)) return false;
      *out = std::move(s);
      return true;
    }
    switch (b) {
      case 0xc0: *out = nullptr; return true;
      case 0xc2: *out = false; return true;
      case 0xc3: *out = true; return true;
      case 0xc4: case 0xc5: case 0xc6: {  // bin 8/16/32
        const char* d;
        if (!Uint(b == 0xc4 ? 1 : b == 0xc5 ? 2 : 4, &v) || !Bytes(v, &d)) return false;
        *out = json::binary(std::vector<std::uint8_t>(reinterpret_cast<const std::uint8_t*>(d),
                                                      reinterpret_cast<const std::uint8_t*>(d) + v));
        return true;
      }
      case 0xca: {  // float 32
        if (!Uint(4, &v)) return false;
        const uint32_t bits = static_cast<uint32_t>(v);
        float f;
        std::memcpy(&f, &bits, sizeof(f));
        *out = static_cast<json::number_float_t>(f);
        return true;
      }
      case 0xcb: {  // float 64
        if (!Uint(8, &v)) return false;
        double d;
        std::memcpy(&d, &v, sizeof(d));
        *out = static_cast<json::number_float_t>(d);
        return true;
      }
      case 0xcc: case 0xcd: case 0xce: case 0xcf:  // uint 8/16/32/64
        if (!Uint(1 << (b - 0xcc), &v)) return false;
        *out = static_cast<json::number_unsigned_t>(v);
        return true;
      case 0xd0: case 0xd1: case 0xd2: case 0xd3: {  // int 8/16/32/64
        const int n = 1 << (b - 0xd0);
        if (!Uint(n, &v)) return false;
        int64_t x;
        if (n == 1) x = static_cast<int8_t>(v);
        else if (n == 2) x = static_cast<int16_t>(v);
        else if (n == 4) x = static_cast<int32_t>(v);
        else x = static_cast<int64_t>(v);
        *out = static_cast<json::number_integer_t>(x);
        return true;
      }
      case 0xd9: case 0xda: case 0xdb: {  // str 8/16/32
        std::string s;
        if (!Uint(b == 0xd9 ? 1 : b == 0xda ? 2 : 4, &v) || !String(v, &s)) return false;
        *out = std::move(s);
        return true;
      }
      case 0xdc: case 0xdd:  // array 16/32
        return Uint(b == 0xdc ? 2 : 4, &v) && Array(v, out, depth);
      case 0xde: case 0xdf:  // map 16/32
        return Uint(b == 0xde ? 2 : 4, &v) && Map(v, out, depth);
      default:  // 0xc1 (never used), ext types: nlohmann's business
        return false;
    }
  }

  const char* p_;
  const char* end_;
};

}  // namespace

std::string EncodeRecord(const nlohmann::json& record) {
  std::string out(1, kFormatMsgpack);
  nlohmann::json::to_msgpack(record, out);
  return out;
}

absl::StatusOr<nlohmann::json> DecodeRecord(std::string_view bytes, std::string_view key) {
  if (bytes.empty() || bytes[0] != kFormatMsgpack) {
    return absl::DataLossError(absl::StrCat("record \"", AV(key), "\": unknown record format"));
  }
  nlohmann::json j;
  if (!FastMsgpackReader(bytes.substr(1)).Read(&j)) {
    j = nlohmann::json::from_msgpack(bytes.substr(1), /*strict=*/true, /*allow_exceptions=*/false);
  }
  if (j.is_discarded() || !j.is_object() || !j.contains("v")) {
    return absl::DataLossError(absl::StrCat("record \"", AV(key), "\": corrupt or not a versioned record"));
  }
  return j;
}

std::string EncodeU64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return out;
}

uint64_t DecodeU64(std::string_view bytes) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(bytes[i]);
  return v;
}

}  // namespace admon::store
