// Copyright 2026 The admon Authors.
//
// Test-only: a small but nasty report model (hostile text, invalid and
// overlapping spans, invalid UTF-8, hub links) shared by report/ tests.
#ifndef ADMON_REPORT_TEST_MODEL_H_
#define ADMON_REPORT_TEST_MODEL_H_

#include <string>

#include "report/model.h"

namespace admon::report::testing {

inline constexpr char kHostileTitle[] = "<script>alert(1)</script> Lily 19 new in town";
inline constexpr char kHostileText[] =
    "Hi I am <b>new</b> \"fresh\" & young girl, just arrived. Call \xE2\x98\x8E 07700 900123 "
    "<img src=http://evil.example/x.png onerror=alert(2)> bad\xFFutf8 end";

inline AdvertView MakeAdvert(const std::string& id, const std::string& phone, const std::string& town, Flag flag,
                             double score) {
  AdvertView a;
  a.id = id;
  a.site = "siteA";
  a.url = "https://siteA.example/ad/" + id;
  a.title = "Ad " + id;
  a.name = "Anna";
  a.age = 22;
  a.town = town;
  a.force = town == "Leeds" ? "West Yorkshire Police" : "Greater Manchester Police";
  a.first_seen = "2026-11-20T10:00:00Z";
  a.last_seen = "2026-11-23T09:00:00Z";
  a.score = score;
  a.flag = flag;
  a.text = "Independent lady, outcalls only.";
  a.phones = {{phone, {"spaced"}}};
  a.images = {{"aa11" + std::string(60, '0'), "ffee000011112222", 640, 480, 52311}};
  return a;
}

inline ReportModel MakeModel() {
  ReportModel m;
  m.date = "2026-11-23";
  m.generated_at = "2026-11-23T20:00:00Z";
  m.catalogue_version = "cat-1";
  m.summary.adverts_seen = 120;
  m.summary.adverts_new = 12;
  m.summary.flags = {100, 15, 5};
  m.summary.sites = {{.site = "siteA", .adverts_seen = 120, .adverts_new = 12, .adverts_changed = 4,
                      .adverts_removed = 3, .flags = {100, 15, 5}}};
  m.summary.forces = {{"West Yorkshire Police", 40, 3, {30, 8, 2}}, {"", 5, 0, {5, 0, 0}}};
  m.crawl = {{"siteA", 500, 3, 0, 240, 120, 111, 0.925}};

  ClusterView low;  // higher score but not urgent: must rank after the urgent one
  low.id = "C00000002";
  low.score = 0.8;
  low.flag = Flag::kReview;
  low.size = 1;
  low.live = 1;
  low.adverts = {MakeAdvert("siteA:200", "+447700900999", "Leeds", Flag::kReview, 0.8)};

  ClusterView urgent;
  urgent.id = "C00000001";
  urgent.score = 0.6;
  urgent.flag = Flag::kUrgent;
  urgent.flag_reason = "youth_language forces urgent";
  urgent.size = 3;
  urgent.live = 2;
  urgent.removed = 1;
  urgent.phones = {"+447700900123"};
  urgent.names = {"Lily", "Anna"};
  urgent.towns = {"Leeds", "Manchester"};
  urgent.forces = {"West Yorkshire Police", "Greater Manchester Police"};
  urgent.sites = {"siteA"};
  urgent.growth = 2;
  urgent.hits = {{"names_per_phone", "control", 1.5, "max_names_per_phone=2 (>= 2)", "", -1, -1}};
  AdvertView h = MakeAdvert("siteA:100", "+447700900123", "Leeds", Flag::kUrgent, 0.95);
  h.title = kHostileTitle;
  h.name = "<i>Lily</i>";
  h.text = kHostileText;
  const std::string text = h.text;
  const int young = static_cast<int>(text.find("young"));
  const int fresh = static_cast<int>(text.find("\"fresh\""));
  const int town = static_cast<int>(std::string(kHostileTitle).find("new in town"));
  const int phone_sym = static_cast<int>(text.find("\xE2\x98\x8E"));
  h.hits = {
      {"youth_language", "youth", 3.0, "young girl", "description", young, young + 10},
      {"fresh", "youth", 1.0, "\"fresh\" & young", "description", fresh, young + 5},     // overlaps the first
      {"bogus_far", "youth", 0.1, "", "description", 5000, 6000},                          // beyond the text
      {"bogus_neg", "youth", 0.1, "", "description", -4, 3},                               // negative
      {"bogus_rev", "youth", 0.1, "", "description", 20, 10},                              // reversed
      {"mid_utf8", "other", 0.1, "", "description", phone_sym + 1, phone_sym + 2},         // inside a character
      {"new_in_town", "movement", 0.5, "new in town", "title", town, town + 11},
  };
  h.emails = {{"lily@example.com", {"at_dot_words"}}};
  h.handles = {{"whatsapp", "lily19", false}, {"paypal", "boss.cash", true}};
  AdvertView b = MakeAdvert("siteA:101", "+447700900123", "Manchester", Flag::kReview, 0.55);
  AdvertView c = MakeAdvert("siteA:102", "+447700900555", "Leeds", Flag::kNone, 0.1);
  c.removed = true;
  urgent.adverts = {h, b, c};
  urgent.links = {{"siteA:100", "siteA:101", "phone", "+447700900123", false},
                  {"siteA:101", "siteA:102", "text", "jaccard=0.82", false},
                  {"siteA:100", "siteA:102", "image_near", "hamming=3", false},
                  {"siteA:100", "siteA:102", "payment", "paypal:boss.cash", true}};
  urgent.timeline = {{"2026-11-20", 1}, {"2026-11-23", 2}};
  urgent.movement = {{"2026-W47", {"Leeds"}}, {"2026-W48", {"Leeds", "Manchester"}}};
  m.clusters = {low, urgent};
  return m;
}

}  // namespace admon::report::testing

#endif  // ADMON_REPORT_TEST_MODEL_H_
