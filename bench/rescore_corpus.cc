// Copyright 2026 The admon Authors.
//
// rescore_corpus: builds a database of N stored adverts for the rescore
// benchmark (issue 10: `admon rescore` over 1,000,000 stored adverts) from
// the processed adverts of a real test-site run (--from, read only).
//
//   rescore_corpus --from DB --adverts N --out DIR
//
// Advert i is stored advert (i mod n) of --from, in copy c = i / n: ids,
// phones, e-mails, handles, image SHA-256s get the copy's suffix, image
// perceptual hashes are XORed with a per-copy mask (distances within a copy
// kept, across copies random), and every word of the text gets the copy's
// suffix. So each copy links into the networks of the original and copies
// never link to each other: N adverts in N / n copies of real networks. Each
// advert is linked (dedupe Linker::Add) and its record stored as `admon
// process` stores it; advert scores are not written (rescore writes them).
// Prints adverts, clusters and seconds. Then time `admon rescore --db DIR`.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dedupe/dedupe.h"
#include "nlohmann/json.hpp"
#include "parsers/advert.h"
#include "store/db.h"
#include "store/record.h"

namespace {

namespace pa = admon::parsers;

std::string Suffixed(const std::string& text, const std::string& suffix) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  bool in_word = false;
  for (char c : text) {
    const bool word = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (in_word && !word) out += suffix;
    out += c;
    in_word = word;
  }
  if (in_word) out += suffix;
  return out;
}

pa::Advert Copy(const pa::Advert& a, int copy, uint64_t mask) {
  if (copy == 0) return a;
  const std::string s = absl::StrCat("x", copy);
  pa::Advert b = a;
  b.id = absl::StrCat(a.id, "~", copy);
  b.url = absl::StrCat(a.url, "~", copy);
  b.title = Suffixed(a.title, s);
  b.description = Suffixed(a.description, s);
  b.name = Suffixed(a.name, s);
  for (auto& p : b.phones) p.e164 += s;
  for (auto& e : b.emails) e.address = absl::StrCat(s, ".", e.address);
  for (auto& h : b.handles) h.handle += s;
  for (auto& i : b.images) {
    if (!i.sha256.empty()) i.sha256 = absl::StrCat(i.sha256.substr(0, 48), s);
    i.phash ^= mask;
  }
  return b;
}

int Run(const std::string& from, int64_t n, const std::string& out) {
  std::vector<pa::Advert> seed;
  std::vector<int64_t> first_seen;
  {
    auto src = admon::store::Db::Open(from);
    if (!src.ok()) {
      std::fprintf(stderr, "%s\n", std::string(src.status().message()).c_str());
      return 1;
    }
    auto st = (*src)->Scan(admon::store::Cf::kAdverts, "", [&](std::string_view key, std::string_view value) {
      auto j = admon::store::DecodeRecord(value, key);
      if (!j.ok()) return false;
      seed.push_back(j->get<pa::Advert>());
      first_seen.push_back(seed.back().fetched_unix);
      return true;
    });
    if (!st.ok() || seed.empty()) {
      std::fprintf(stderr, "%s: no adverts read (%s)\n", from.c_str(), std::string(st.message()).c_str());
      return 1;
    }
  }
  auto db = admon::store::Db::Open(out);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", std::string(db.status().message()).c_str());
    return 1;
  }
  auto linker = admon::dedupe::Linker::Open(db->get(), {});
  if (!linker.ok()) {
    std::fprintf(stderr, "%s\n", std::string(linker.status().message()).c_str());
    return 1;
  }
  std::mt19937_64 rng(7);
  uint64_t mask = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; ++i) {
    const size_t k = static_cast<size_t>(i) % seed.size();
    const int copy = static_cast<int>(i / static_cast<int64_t>(seed.size()));
    if (k == 0) mask = copy == 0 ? 0 : rng();
    pa::Advert a = Copy(seed[k], copy, mask);
    auto added = (*linker)->Add(a, first_seen[k]);
    absl::Status st = added.status();
    if (st.ok()) st = (*db)->Put(admon::store::Cf::kAdverts, a.id, admon::store::EncodeRecord(nlohmann::json(a)));
    if (!st.ok()) {
      std::fprintf(stderr, "advert %s: %s\n", a.id.c_str(), std::string(st.message()).c_str());
      return 1;
    }
    if ((i + 1) % 100000 == 0) std::fprintf(stderr, "%lld adverts\n", static_cast<long long>(i + 1));
  }
  int64_t clusters = 0;
  (void)(*linker)->ForEachCluster([&](const admon::dedupe::Cluster& c) {
    clusters += c.parent.empty() ? 1 : 0;
    return true;
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"adverts\": %lld, \"seed_adverts\": %zu, \"clusters\": %lld, \"seconds\": %.1f}\n",
              static_cast<long long>(n), seed.size(), static_cast<long long>(clusters), seconds);
  return (*db)->Flush().ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string from, out;
  int64_t n = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--from") from = argv[i + 1];
    else if (flag == "--out") out = argv[i + 1];
    else if (flag == "--adverts") n = std::atoll(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (from.empty() || out.empty() || n <= 0) {
    std::fprintf(stderr, "usage: rescore_corpus --from DB --adverts N --out DIR\n");
    return 2;
  }
  return Run(from, n, out);
}
