// Copyright 2026 The admon Authors.
//
// Test helpers for dedupe tests: adverts and temporary databases.
#ifndef ADMON_DEDUPE_TEST_UTIL_H_
#define ADMON_DEDUPE_TEST_UTIL_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "dedupe/dedupe.h"
#include "gtest/gtest.h"
#include "parsers/advert.h"
#include "store/db.h"

namespace admon::dedupe::testing {

inline parsers::Advert MakeAdvert(const std::string& id, const std::string& name, const std::string& phone = "") {
  parsers::Advert a;
  a.id = id;
  a.site = id.substr(0, id.find(':'));
  a.url = "http://127.0.0.1/" + id;
  a.name = name;
  if (!phone.empty()) {
    parsers::Phone p;
    p.e164 = phone;
    p.raw = phone;
    a.phones.push_back(p);
  }
  return a;
}

inline void AddImage(parsers::Advert& a, uint64_t phash, const std::string& sha = "") {
  parsers::Image im;
  im.url = "http://127.0.0.1/img/" + std::to_string(phash);
  im.phash = phash;
  im.hashed = true;
  im.sha256 = sha;
  a.images.push_back(im);
}

class TempDb {
 public:
  explicit TempDb(const std::string& name) {
    dir_ = ::testing::TempDir() + "/dedupe_" + name + "_" + std::to_string(::getpid());
    std::filesystem::remove_all(dir_);
  }
  ~TempDb() { std::filesystem::remove_all(dir_); }
  std::unique_ptr<store::Db> Open() {
    auto db = store::Db::Open(dir_);
    EXPECT_TRUE(db.ok()) << db.status();
    return std::move(*db);
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

// A Linker on `db`, failing the test (and returning null) if it cannot open.
inline std::unique_ptr<Linker> OpenLinker(store::Db* db, DedupeOptions o = {}) {
  auto l = Linker::Open(db, o);
  EXPECT_TRUE(l.ok()) << l.status();
  return l.ok() ? std::move(*l) : nullptr;
}

// The clustering as a set of member sets.
inline std::set<std::set<std::string>> Partition(const Linker& linker) {
  std::map<std::string, std::set<std::string>> by;
  EXPECT_TRUE(linker
                  .ForEachAdvert([&](const AdvertInfo& a) {
                    by[a.cluster].insert(a.id);
                    return true;
                  })
                  .ok());
  std::set<std::set<std::string>> out;
  for (auto& [c, m] : by) out.insert(m);
  return out;
}

}  // namespace admon::dedupe::testing

#endif  // ADMON_DEDUPE_TEST_UTIL_H_
