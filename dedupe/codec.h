// Copyright 2026 The admon Authors.
//
// Internal: compact binary encodings of dedupe's hot records (issue 7 ingest
// cost). Every value starts with a format tag byte, distinct from
// store::kFormatMsgpack ('M'), so records written before (MessagePack JSON)
// are still read: the decoders accept both.
//
//   link value  'L' flags:u8 created:zigzag-varint [distance:varint]
//               [jaccard:8 bytes, IEEE-754 little-endian] [via]
//     from, to, type and value are the key's fields (keys::Link), not stored.
//     flags: 1 hub, 2 distance present, 4 jaccard present, 8 via = the one
//     identifier key of the type ("<kind>:<value>"), 16 via = the two phash
//     keys of "lo~hi" in order (lo, hi), 32 in order (hi, lo); none of 8/16/32:
//     via stored as count:varint then (length:varint bytes) per key.
//
//   cluster value  see kFormatCluster below.
//   advert state   see kFormatAdvert below.
//
// Thread safety: pure functions.
#ifndef ADMON_DEDUPE_CODEC_H_
#define ADMON_DEDUPE_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "dedupe/dedupe.h"

namespace admon::dedupe {

inline constexpr char kFormatLink = 'L';

// The value stored under keys::Link(l.from, l.to, type name, l.value).
std::string EncodeLinkValue(const Link& l);
// Decodes a link from its key and value, binary or MessagePack JSON.
// DataLoss naming the key when either is malformed.
absl::StatusOr<Link> DecodeLink(std::string_view key, std::string_view value);

// Cluster record (keys::Cluster), members excluded:
//   'K' id parent first_seen last_seen merged_from history stats
// strings as length:varint bytes, integers as zigzag varints, lists and maps
// as count:varint then entries; map keys (sorted) as shared-prefix
// length:varint then the rest of the key as a string.
inline constexpr char kFormatCluster = 'K';
std::string EncodeClusterValue(const Cluster& c);
absl::StatusOr<Cluster> DecodeCluster(std::string_view key, std::string_view value);

// Advert state (keys::Advert): 'A' then the AdvertState fields in
// declaration order (strings, zigzag integers, flags byte: 1 removed,
// 2 summary removed; phashes and text_sig as varints), then the summary.
inline constexpr char kFormatAdvert = 'A';
struct AdvertState;
std::string EncodeAdvertValue(const AdvertState& s);
absl::StatusOr<AdvertState> DecodeAdvert(std::string_view key, std::string_view value);

// Little helpers shared by the binary codecs.
void PutVarint(uint64_t v, std::string* out);
void PutZigzag(int64_t v, std::string* out);
void PutBytes(std::string_view s, std::string* out);
// Reader over a byte string; every Get returns false past the end or on a
// malformed varint (the reader then stays failed).
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool Varint(uint64_t* v);
  bool Zigzag(int64_t* v);
  bool Bytes(std::string* s);
  bool Byte(uint8_t* b);
  bool Fixed64(uint64_t* v);
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace admon::dedupe

#endif  // ADMON_DEDUPE_CODEC_H_
