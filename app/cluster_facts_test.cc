// Copyright 2026 The admon Authors.
//
// FactsFromMembers: cluster facts from member adverts.
#include <vector>

#include "absl/time/time.h"
#include "app/pipeline.h"
#include "gtest/gtest.h"

namespace admon::app {
namespace {

parsers::Advert Posted(const std::string& phone, const std::string& name, absl::Time fetched) {
  parsers::Advert a;
  a.name = name;
  parsers::Phone p;
  p.e164 = phone;
  a.phones.push_back(p);
  a.fetched_unix = absl::ToUnixSeconds(fetched);
  return a;
}

absl::Time Utc(int y, int m, int d, int h, int min) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, h, min), absl::UTCTimeZone());
}

// 23:30 and 00:30 UTC in July are 00:30 and 01:30 in London (BST): one day
// for the analyst, two in UTC.
TEST(ClusterFacts, AdvertsPerPhonePerDayCountsLondonDays) {
  const dedupe::Cluster cluster{.id = "C1"};
  const std::vector<parsers::Advert> adverts = {Posted("+447700900001", "Amy", Utc(2026, 7, 1, 23, 30)),
                                                Posted("+447700900001", "Bea", Utc(2026, 7, 2, 0, 30)),
                                                Posted("+447700900002", "Cat", Utc(2026, 7, 2, 0, 30))};
  const indicators::ClusterFacts f = FactsFromMembers(cluster, adverts, {});
  EXPECT_EQ(f.adverts, 3);
  EXPECT_EQ(f.phones, 2);
  EXPECT_EQ(f.max_names_per_phone, 2);
  EXPECT_EQ(f.max_adverts_per_phone_per_day, 2);

  // In winter (GMT) the same UTC times straddle London midnight.
  const std::vector<parsers::Advert> winter = {Posted("+447700900001", "Amy", Utc(2026, 1, 1, 23, 30)),
                                               Posted("+447700900001", "Amy", Utc(2026, 1, 2, 0, 30))};
  EXPECT_EQ(FactsFromMembers(cluster, winter, {}).max_adverts_per_phone_per_day, 1);
}

}  // namespace
}  // namespace admon::app
