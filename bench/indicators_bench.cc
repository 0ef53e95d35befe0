// Copyright 2026 The admon Authors.
//
// indicators_bench [--config config/indicators.yaml] [--adverts N] [--jsonl FILE]
//   --jsonl: score parsed adverts (one parsers::Advert JSON per line, e.g. the
//   test-site corpus dumped by bench/dedupe_relink) instead of synthetic ones.
// Scores N synthetic adverts (2-3 KB descriptions, realistic mix of marker
// and neutral sentences, look-alikes such as "fresh towels", some emoji,
// prices, phones) five times and prints
// the median adverts/s on one thread, beside a peer: one plain RE2 search
// over the same text (the floor cost of reading every byte once).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "indicators/indicators.h"
#include "nlohmann/json.hpp"
#include "re2/re2.h"

namespace {

const char* kNeutral[] = {
    "Hi gentlemen, welcome to my profile. ",
    "I am a friendly and discreet companion based in the city centre. ",
    "My apartment is clean, private and easy to find with parking nearby. ",
    "I love good conversation, a glass of wine and making you feel relaxed. ",
    "Please text first with your name and the time you would like to visit. ",
    "No withheld numbers and no time wasters please, respect goes both ways. ",
    "Outcalls to hotels available by arrangement, ask about travel costs. ",
    "I enjoy dinner dates, cinema and long walks when the weather is nice. ",
    "Hygiene is very important to me and I expect the same from you. ",
    "Bookings of at least thirty minutes, longer bookings are very welcome. ",
    "Mature and experienced, I know how to look after a gentleman. ",
    "Role play and dressing up on request, lingerie and heels. ",
    "Independent, I work for myself and choose my own clients. ",
    "Curvy brunette with a warm smile and a good sense of humour.\n",
    "Available most afternoons and evenings, weekends by appointment.\n",
    "Five minutes from the train station, discreet entrance at the back. ",
    "I am happy to travel to nearby towns for longer bookings. ",
    "Cash only, the envelope on the table at the start please. ",
    "💋 Kisses 💋 ",
    "🌹 Classy lady 🌹 ",
};
// Look-alikes a careful catalogue must not flag; each appears at most once.
const char* kLookAlikes[] = {
    "Fresh towels and shower available, freshly showered always. ",
    "Reviews: lovely lady, she is amazing and very welcoming, will return. ",
    "Cosy flat, tea and coffee, no English breakfast sorry! ",
    "Young at heart and full of fun. ",
};
const char* kMarkers[] = {
    "She is new girl, very young and fresh. ", "No English, text only please. ", "Incall only. ",
    "Real pics 100% real, no fakes. ", "Open 24/7 day and night. ", "BBFS and OWO available. ",
    "New in town, leaving soon ✈️ ", "Our girls are waiting for you 👑 ", "3 girls available now. ",
    "Sweet 🍒🌸 ", "Just turned 18. ", "My driver brings me to you. ", "Ask for Maria. ",
};

admon::parsers::Advert MakeAdvert(std::mt19937_64& rng, int i) {
  admon::parsers::Advert a;
  a.id = "bench:" + std::to_string(i);
  a.title = (rng() % 10 == 0) ? "💗 New girl in Leeds 💗" : "Discreet companion in Leeds";
  a.name = (rng() % 2) ? "Anna" : "Maria";
  a.location_text = "Leeds city centre, LS1";
  // Marker sentences per advert: 0 (50%), 1 (30%), 2 (15%), 4 (5%); the
  // neutral text includes look-alikes ("fresh towels", quoted reviews).
  int r = static_cast<int>(rng() % 100);
  int markers = r < 50 ? 0 : r < 80 ? 1 : r < 95 ? 2 : 4;
  size_t target = 2048 + rng() % 1024;
  for (const char* l : kLookAlikes) {
    if (rng() % 3 == 0) a.description += l;
  }
  while (a.description.size() < target) {
    if (markers > 0 && rng() % 8 == 0) {
      a.description += kMarkers[rng() % (sizeof(kMarkers) / sizeof(*kMarkers))];
      --markers;
    } else {
      a.description += kNeutral[rng() % (sizeof(kNeutral) / sizeof(*kNeutral))];
    }
  }
  a.services = {"GFE", "Massage", "Dinner dates", (rng() % 5 == 0) ? "OWO" : "Kissing"};
  a.age = 18 + static_cast<int>(rng() % 30);
  a.prices.resize(2);
  a.prices[0].minutes = 30;
  a.prices[0].pounds = 50.0 + rng() % 60;
  a.prices[1].minutes = 60;
  a.prices[1].pounds = 60.0 + rng() % 120;
  a.nationalities = {(rng() % 3 == 0) ? "romanian" : "british"};
  admon::parsers::Phone p;
  p.e164 = "+447700900123";
  p.region = (rng() % 8 == 0) ? "RO" : "GB";
  p.styles = {(rng() % 6 == 0) ? "words" : "plain"};
  a.phones = {p};
  return a;
}

template <typename F>
double Median5(F&& run) {
  std::vector<double> rates;
  for (int r = 0; r < 5; ++r) rates.push_back(run());
  std::sort(rates.begin(), rates.end());
  return rates[2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string config = "config/indicators.yaml";
  int n = 5000;
  std::string jsonl;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--config") == 0) config = argv[i + 1];
    if (std::strcmp(argv[i], "--adverts") == 0) n = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--jsonl") == 0) jsonl = argv[i + 1];
  }
  auto cat = admon::indicators::Catalogue::Load(config);
  if (!cat.ok()) {
    std::fprintf(stderr, "indicators_bench: %s\n", cat.status().ToString().c_str());
    return 1;
  }
  std::mt19937_64 rng(42);
  std::vector<admon::parsers::Advert> adverts;
  size_t bytes = 0;
  if (!jsonl.empty()) {
    std::ifstream in(jsonl);
    for (std::string line; std::getline(in, line);) {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!j.is_object()) continue;
      try {
        adverts.push_back(j.get<admon::parsers::Advert>());
      } catch (const nlohmann::json::exception& e) {
        std::fprintf(stderr, "indicators_bench: %s: %s\n", jsonl.c_str(), e.what());
        return 1;
      }
      bytes += adverts.back().description.size();
    }
    n = static_cast<int>(adverts.size());
    if (n == 0) {
      std::fprintf(stderr, "indicators_bench: %s: no adverts\n", jsonl.c_str());
      return 1;
    }
  }
  for (int i = 0; i < n && jsonl.empty(); ++i) {
    adverts.push_back(MakeAdvert(rng, i));
    bytes += adverts.back().description.size();
  }
  using Clock = std::chrono::steady_clock;
  size_t hits = 0, flagged = 0;
  double rate = Median5([&] {
    auto t0 = Clock::now();
    for (const auto& a : adverts) {
      auto s = (*cat)->ScoreAdvert(a);
      hits += s.hits.size();
      flagged += s.flag != admon::indicators::Flag::kNone;
    }
    return n / std::chrono::duration<double>(Clock::now() - t0).count();
  });
  RE2::Options opt;
  opt.set_case_sensitive(false);
  RE2 peer("\\bzzqx\\b", opt);
  size_t peer_hits = 0;
  double peer_rate = Median5([&] {
    auto t0 = Clock::now();
    for (const auto& a : adverts) peer_hits += RE2::PartialMatch(a.description, peer);
    return n / std::chrono::duration<double>(Clock::now() - t0).count();
  });
  std::printf("catalogue %s: %d adverts, mean description %zu bytes, %.1f hits/advert, %.1f%% flagged\n",
              (*cat)->version().c_str(), n, bytes / n, hits / (5.0 * n), 100.0 * flagged / (5.0 * n));
  std::printf("ScoreAdvert: %.0f adverts/s (median of 5, one thread, %.1f MB/s of description)\n", rate,
              rate * (bytes / n) / 1e6);
  std::printf("peer (one RE2 search per description): %.0f adverts/s; ratio %.2f\n", peer_rate,
              rate / peer_rate);
  return peer_hits == 12345 ? 2 : 0;
}
