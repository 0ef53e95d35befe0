// Copyright 2026 The admon Authors.
#include "store/record.h"

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace admon::store {

std::string EncodeRecord(const nlohmann::json& record) {
  std::string out(1, kFormatMsgpack);
  nlohmann::json::to_msgpack(record, out);
  return out;
}

absl::StatusOr<nlohmann::json> DecodeRecord(std::string_view bytes, std::string_view key) {
  if (bytes.empty() || bytes[0] != kFormatMsgpack) {
    return absl::DataLossError(absl::StrCat("record \"", AV(key), "\": unknown record format"));
  }
  nlohmann::json j = nlohmann::json::from_msgpack(bytes.substr(1), /*strict=*/true, /*allow_exceptions=*/false);
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
