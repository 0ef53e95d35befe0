// Copyright 2026 The admon Authors.
#include "dedupe/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <utility>

#include "dedupe/dedupe.h"

namespace admon::dedupe {
namespace {

// Splits on ASCII non-alphanumerics; bytes >= 0x80 count as letters so UTF-8
// words stay whole.
void Tokenise(std::string_view text, std::vector<std::string>* out) {
  std::string cur;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) {
      cur.push_back(static_cast<char>(std::tolower(c)));
    } else if (!cur.empty()) {
      out->push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out->push_back(std::move(cur));
}

bool HasDigit(const std::string& t) {
  return std::any_of(t.begin(), t.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

uint64_t Fnv1a64(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::vector<std::string> SlotFreeTokens(const parsers::Advert& a) {
  std::vector<std::string> slot_tokens;
  Tokenise(a.name, &slot_tokens);
  Tokenise(a.location.town, &slot_tokens);
  Tokenise(a.location.raw, &slot_tokens);
  Tokenise(a.location_text, &slot_tokens);
  for (const auto& n : a.nationalities) Tokenise(n, &slot_tokens);
  for (const auto& p : a.phones) Tokenise(p.raw, &slot_tokens);
  for (const auto& e : a.emails) Tokenise(e.raw, &slot_tokens), Tokenise(e.address, &slot_tokens);
  for (const auto& h : a.handles) Tokenise(h.raw, &slot_tokens), Tokenise(h.handle, &slot_tokens);
  std::set<std::string> slots(slot_tokens.begin(), slot_tokens.end());

  std::vector<std::string> words;
  Tokenise(a.title, &words);
  Tokenise(a.description, &words);
  std::vector<std::string> out;
  out.reserve(words.size());
  for (auto& w : words) {
    if (HasDigit(w) || slots.count(w)) continue;
    out.push_back(std::move(w));
  }
  return out;
}

// Every field SlotFreeTokens reads, and nothing else.
size_t TextInputHash(const parsers::Advert& a) {
  size_t h = absl::HashOf(a.name, a.location.town, a.location.raw, a.location_text, a.nationalities, a.title,
                          a.description);
  for (const auto& p : a.phones) h = absl::HashOf(h, p.raw);
  for (const auto& e : a.emails) h = absl::HashOf(h, e.raw, e.address);
  for (const auto& x : a.handles) h = absl::HashOf(h, x.raw, x.handle);
  return h;
}

std::vector<uint32_t> TextMinHash(const parsers::Advert& a, const DedupeOptions& o) {
  std::vector<uint64_t> shingles = Shingles(SlotFreeTokens(a), o.text_shingle_words);
  if (static_cast<int>(shingles.size()) < o.text_min_shingles) return {};
  return MinHash(shingles, o.text_bands * o.text_rows);
}

TextSignature ComputeTextSignature(const parsers::Advert& a, const DedupeOptions& o) {
  return {.input = TextInputHash(a), .sig = TextMinHash(a, o)};
}

std::vector<uint64_t> Shingles(const std::vector<std::string>& tokens, int k) {
  std::vector<uint64_t> out;
  if (k <= 0 || static_cast<int>(tokens.size()) < k) return out;
  std::vector<uint64_t> th(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) th[i] = Fnv1a64(tokens[i]);
  for (size_t i = 0; i + k <= tokens.size(); ++i) {
    uint64_t h = 0x243f6a8885a308d3ull;
    for (int j = 0; j < k; ++j) h = Mix64(h ^ th[i + j]);
    out.push_back(h);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<uint32_t> MinHash(const std::vector<uint64_t>& shingles, int perms) {
  std::vector<uint32_t> sig(perms, UINT32_MAX);
  for (uint64_t s : shingles) {
    for (int p = 0; p < perms; ++p) {
      const uint32_t v = static_cast<uint32_t>(Mix64(s ^ (0x5851f42d4c957f2dull * (p + 1))) >> 32);
      if (v < sig[p]) sig[p] = v;
    }
  }
  return sig;
}

double EstimatedJaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  size_t eq = 0;
  for (size_t i = 0; i < a.size(); ++i) eq += a[i] == b[i];
  return static_cast<double>(eq) / static_cast<double>(a.size());
}

uint64_t BandKey(const std::vector<uint32_t>& sig, int band, int rows) {
  uint64_t h = Mix64(static_cast<uint64_t>(band) + 1);
  for (int r = 0; r < rows; ++r) h = Mix64(h ^ sig[band * rows + r]);
  return h;
}

double ExactJaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 0;
  size_t i = 0, j = 0, inter = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) ++inter, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return static_cast<double>(inter) / static_cast<double>(a.size() + b.size() - inter);
}

std::string EncodeSignature(const std::vector<uint32_t>& sig) {
  std::string out;
  out.reserve(sig.size() * 4);
  for (uint32_t v : sig) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((v >> s) & 0xFF));
  }
  return out;
}

std::vector<uint32_t> DecodeSignature(std::string_view bytes) {
  std::vector<uint32_t> sig(bytes.size() / 4);
  for (size_t i = 0; i < sig.size(); ++i) {
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(bytes[i * 4 + k]);
    sig[i] = v;
  }
  return sig;
}

int MinEqualMinHashes(int perms, double min_jaccard) {
  for (int e = 0; e <= perms; ++e) {
    if (static_cast<double>(e) / static_cast<double>(perms) >= min_jaccard) return e;
  }
  return perms + 1;
}

int MinSharedBands(int bands, int rows, double min_jaccard) {
  const int perms = bands * rows;
  return std::max(1, bands - (perms - MinEqualMinHashes(perms, min_jaccard)));
}

LshIndex::LshIndex(int bands) : heads_(bands), ids_(0, NameHash{this}, NameEq{this}) {}

uint32_t LshIndex::Intern(std::string_view advert_id) {
  auto it = ids_.find(advert_id);
  if (it != ids_.end()) return *it;
  const auto doc = static_cast<uint32_t>(name_ends_.size());
  name_bytes_.append(advert_id);
  name_ends_.push_back(name_bytes_.size());
  ids_.insert(doc);
  return doc;
}

uint32_t LshIndex::Find(std::string_view advert_id) const {
  auto it = ids_.find(advert_id);
  return it == ids_.end() ? kNoDoc : *it;
}

std::string_view LshIndex::Name(uint32_t doc) const {
  const uint64_t begin = doc == 0 ? 0 : name_ends_[doc - 1];
  return std::string_view(name_bytes_).substr(begin, name_ends_[doc] - begin);
}

void LshIndex::Insert(uint32_t doc, const std::vector<uint64_t>& band_keys) {
  for (size_t b = 0; b < heads_.size() && b < band_keys.size(); ++b) {
    auto [it, inserted] = heads_[b].try_emplace(static_cast<uint32_t>(band_keys[b]), doc);
    if (inserted) continue;
    uint32_t& slot = it->second;
    if (slot & kListBit) {
      lists_[slot & ~kListBit].push_back(doc);
    } else {
      lists_.push_back({slot, doc});
      slot = kListBit | static_cast<uint32_t>(lists_.size() - 1);
    }
  }
}

namespace {

// Sorts doc ids ascending: a least-significant-digit radix sort, 8 bits a
// pass, skipping the passes whose digit is the same for every doc (the high
// bytes, below 16 M docs). A query gathers up to 28 x text_max_bucket ids;
// std::sort of them was 9 % of the linking thread at 1 M adverts.
void SortDocs(std::vector<uint32_t>* docs) {
  constexpr size_t kSmall = 256;  // below this, comparison sort is as fast
  if (docs->size() < kSmall) {
    std::sort(docs->begin(), docs->end());
    return;
  }
  std::array<std::array<uint32_t, 256>, 4> count{};
  for (uint32_t d : *docs) {
    for (int p = 0; p < 4; ++p) ++count[p][(d >> (8 * p)) & 0xff];
  }
  std::vector<uint32_t> buffer(docs->size());
  std::vector<uint32_t>* from = docs;
  std::vector<uint32_t>* to = &buffer;
  for (int p = 0; p < 4; ++p) {
    const int shift = 8 * p;
    if (count[p][(from->front() >> shift) & 0xff] == from->size()) continue;  // one digit: order unchanged
    uint32_t offset = 0;
    for (uint32_t& c : count[p]) offset += std::exchange(c, offset);
    for (uint32_t d : *from) (*to)[count[p][(d >> shift) & 0xff]++] = d;
    std::swap(from, to);
  }
  if (from != docs) docs->swap(*from);
}

}  // namespace

void LshIndex::Candidates(const std::vector<uint64_t>& band_keys, const CandidateLimits& limits,
                          std::vector<uint32_t>* out) const {
  out->clear();
  struct Found {
    size_t size;
    const uint32_t* docs;  // the bucket's docs, oldest first
  };
  std::vector<Found> found;
  found.reserve(heads_.size());
  for (size_t b = 0; b < heads_.size() && b < band_keys.size(); ++b) {
    auto it = heads_[b].find(static_cast<uint32_t>(band_keys[b]));
    if (it == heads_[b].end()) continue;
    if (it->second & kListBit) {
      const std::vector<uint32_t>& list = lists_[it->second & ~kListBit];
      found.push_back({list.size(), list.data()});
    } else {
      found.push_back({1, &it->second});
    }
  }
  // Skip the largest buckets the requirement allows (CandidateLimits).
  int need = std::max(1, limits.min_shared);
  const int skip = std::clamp(need - kMinSharedAfterSkip, 0, static_cast<int>(found.size()));
  std::partial_sort(found.begin(), found.begin() + skip, found.end(),
                    [](const Found& x, const Found& y) { return x.size > y.size; });
  need = std::max(need - skip, 1);
  // An over-full bucket is read newest first and does not lower `need`
  // (CandidateLimits::per_bucket).
  size_t total = 0;
  for (size_t i = skip; i < found.size(); ++i) total += std::min(found[i].size, limits.per_bucket);
  out->reserve(total);
  for (size_t i = skip; i < found.size(); ++i) {
    const size_t n = std::min(found[i].size, limits.per_bucket);  // the newest n
    for (size_t k = found[i].size - n; k < found[i].size; ++k) {
      if (found[i].docs[k] != limits.exclude) out->push_back(found[i].docs[k]);
    }
  }
  SortDocs(out);
  // Keep each doc seen at least `need` times, once.
  size_t kept = 0;
  for (size_t i = 0; i < out->size();) {
    size_t j = i + 1;
    while (j < out->size() && (*out)[j] == (*out)[i]) ++j;
    if (static_cast<int>(j - i) >= need) (*out)[kept++] = (*out)[i];
    i = j;
  }
  out->resize(kept);
}

void LshIndex::SetLowBytes(uint32_t doc, const std::vector<uint32_t>& sig) {
  if (sig_len_ == 0) sig_len_ = sig.size();
  if (sig.size() != sig_len_ || sig_len_ == 0) return;
  if (has_low_.size() <= doc) {
    has_low_.resize(doc + 1, false);
    low_.resize((static_cast<size_t>(doc) + 1) * sig_len_);
  }
  for (size_t i = 0; i < sig_len_; ++i) low_[doc * sig_len_ + i] = static_cast<uint8_t>(sig[i]);
  has_low_[doc] = true;
}

namespace {

std::vector<uint8_t> LowBytes(const std::vector<uint32_t>& sig) {
  std::vector<uint8_t> out(sig.size());
  for (size_t i = 0; i < sig.size(); ++i) out[i] = static_cast<uint8_t>(sig[i]);
  return out;
}

// Positions where two byte arrays agree (byte arithmetic: vectorises).
int EqualBytes(const uint8_t* a, const uint8_t* b, size_t n) {
  int eq = 0;
  for (size_t i = 0; i < n; ++i) eq += a[i] == b[i];
  return eq;
}

}  // namespace

int LshIndex::LowByteMatches(uint32_t doc, const std::vector<uint32_t>& sig) const {
  if (doc >= has_low_.size() || !has_low_[doc] || sig.size() != sig_len_) return -1;
  return EqualBytes(&low_[doc * sig_len_], LowBytes(sig).data(), sig_len_);
}

void LshIndex::DropByLowBytes(const std::vector<uint32_t>& sig, int min_equal, std::vector<uint32_t>* docs,
                              std::vector<int>* matches) const {
  if (matches != nullptr) matches->assign(docs->size(), -1);
  if (sig.size() != sig_len_ || sig_len_ == 0) return;
  const std::vector<uint8_t> query = LowBytes(sig);
  // Candidates are scattered over low_: fetch a few ahead so the misses overlap.
  constexpr size_t kAhead = 8;
  size_t kept = 0;
  for (size_t i = 0; i < docs->size(); ++i) {
    if (i + kAhead < docs->size() && (*docs)[i + kAhead] < has_low_.size()) {
      const uint8_t* ahead = &low_[(*docs)[i + kAhead] * sig_len_];
      __builtin_prefetch(ahead);
      __builtin_prefetch(ahead + sig_len_ - 1);
    }
    const uint32_t doc = (*docs)[i];
    const bool known = doc < has_low_.size() && has_low_[doc];
    const int equal = known ? EqualBytes(&low_[doc * sig_len_], query.data(), sig_len_) : -1;
    if (known && equal < min_equal) continue;
    if (matches != nullptr) (*matches)[kept] = equal;
    (*docs)[kept++] = doc;
  }
  docs->resize(kept);
  if (matches != nullptr) matches->resize(kept);
}

}  // namespace admon::dedupe
