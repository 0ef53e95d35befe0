// Copyright 2026 The admon Authors.
//
// SHA-256 of byte strings (OpenSSL EVP). Used for capture bodies, image bytes
// and evidence manifests. Thread safe.
#ifndef ADMON_COMMON_SHA256_H_
#define ADMON_COMMON_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace admon {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::string_view bytes);
// Lower-case hex, 64 characters.
std::string Sha256Hex(std::string_view bytes);
std::string ToHex(const Sha256Digest& digest);

// Incremental hashing for large or streamed inputs.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(std::string_view bytes);
  // REQUIRES: called once; the hasher is spent afterwards.
  Sha256Digest Finish();

 private:
  void* ctx_;  // EVP_MD_CTX*, kept opaque to keep OpenSSL out of the header.
};

}  // namespace admon

#endif  // ADMON_COMMON_SHA256_H_
