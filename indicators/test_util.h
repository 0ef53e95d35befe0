// Copyright 2026 The admon Authors.
//
// Test helpers: the shipped catalogue and advert builders.
#ifndef ADMON_INDICATORS_TEST_UTIL_H_
#define ADMON_INDICATORS_TEST_UTIL_H_

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "indicators/indicators.h"

namespace admon::indicators::testing {

// The catalogue in the source tree (ADMON_SOURCE_DIR is set by admon_add_test).
inline std::string ShippedPath() {
  const char* root = std::getenv("ADMON_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/config/indicators.yaml";
}

inline const Catalogue& Shipped() {
  static const Catalogue* cat = [] {
    auto c = Catalogue::Load(ShippedPath());
    if (!c.ok()) {
      ADD_FAILURE() << c.status();
      std::abort();
    }
    return c->release();
  }();
  return *cat;
}

inline parsers::Advert Desc(std::string text) {
  parsers::Advert a;
  a.id = "test:1";
  a.description = std::move(text);
  return a;
}

inline std::vector<std::string> Ids(const AdvertScore& s) {
  std::vector<std::string> ids;
  for (const Hit& h : s.hits) {
    if (std::find(ids.begin(), ids.end(), h.id) == ids.end()) ids.push_back(h.id);
  }
  return ids;
}

inline bool Fired(const AdvertScore& s, const std::string& id) {
  auto ids = Ids(s);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace admon::indicators::testing

#endif  // ADMON_INDICATORS_TEST_UTIL_H_
