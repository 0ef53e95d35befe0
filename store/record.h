// Copyright 2026 The admon Authors.
//
// Record encoding. Every stored record is a JSON object carrying "v" (the
// record's format version), serialised as MessagePack: the JSON data model
// (inspectable with `admon db dump`, no code generation) at about half the size
// and parse cost of JSON text. The first byte of a record is a format tag so a
// later encoding can be introduced without a flag day. See docs/architecture.md.
//
// Thread safety: pure functions.
#ifndef ADMON_STORE_RECORD_H_
#define ADMON_STORE_RECORD_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace admon::store {

inline constexpr char kFormatMsgpack = 'M';

// REQUIRES: `record` is an object with an integer "v".
std::string EncodeRecord(const nlohmann::json& record);
// DataLoss naming `key` when the bytes are not a record.
absl::StatusOr<nlohmann::json> DecodeRecord(std::string_view bytes, std::string_view key);

// Big-endian fixed-width integers for keys that must sort numerically.
std::string EncodeU64(uint64_t v);
uint64_t DecodeU64(std::string_view bytes);  // REQUIRES: bytes.size() >= 8

}  // namespace admon::store

#endif  // ADMON_STORE_RECORD_H_
