// Copyright 2026 The admon Authors.
//
// dedupe_relink: re-links the parsed adverts of a crawled database (the
// `adverts` column family, read only) into a fresh database with the given
// DedupeOptions and scores the clustering against the test site's truth, so
// linking rules can be measured without recrawling (issue 7).
//
//   dedupe_relink --from DB --truth truth.jsonl [--dir SCRATCH] [--order fetched|reverse|shuffle]
//                 [--wrong FILE] [--image-radius R] [--text-min-jaccard J] [--text-max-bucket N]
//                 [--text-max-links N] [--hub-min-adverts N]
//                 [--hub-min-phone-groups N] [--account-max-phone-groups N] [--corroborate 0|1] [--batches N] [--dump FILE] [--links FILE]
//
// Prints the `admon eval` JSON plus "seconds". --wrong writes one line per
// link (merging or not) whose two adverts have different truth labels:
// ok|wrong, type, value, distance/jaccard, status, and both adverts' truth and
// evidence; --links FILE writes every link pair in that form.
// --batches N closes and reopens the Linker N times during ingest (restart
// check). --dump writes the parsed adverts as JSON lines. The scratch
// database is removed at the end.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "dedupe/dedupe.h"
#include "dedupe/eval.h"
#include "nlohmann/json.hpp"
#include "parsers/advert.h"
#include "spdlog/spdlog.h"
#include "store/db.h"
#include "store/record.h"

namespace {

namespace dd = admon::dedupe;

struct Args {
  std::string from, truth, wrong, dump, order = "fetched";
  std::string dir = "/tmp/dedupe_relink_db";
  int batches = 1;
  bool all_links = false;  // --links: every link, not only wrong ones
  dd::DedupeOptions o;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Evidence(const admon::parsers::Advert& a) {
  std::string s = a.name + " site=" + a.site + " phones=";
  for (const auto& p : a.phones) s += p.e164 + ",";
  s += " emails=";
  for (const auto& e : a.emails) s += e.address + ",";
  s += " handles=";
  for (const auto& h : a.handles) s += h.platform + ":" + h.handle + ",";
  s += " images=" + std::to_string(a.images.size());
  return s;
}

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "%s\n", s.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--from") args.from = v;
    else if (k == "--truth") args.truth = v;
    else if (k == "--dir") args.dir = v;
    else if (k == "--order") args.order = v;
    else if (k == "--wrong") args.wrong = v;
    else if (k == "--dump") args.dump = v;
    else if (k == "--links") args.wrong = v, args.all_links = true;
    else if (k == "--batches") args.batches = std::max(1, std::atoi(v.c_str()));
    else if (k == "--image-radius") args.o.image_radius = std::atoi(v.c_str());
    else if (k == "--text-min-jaccard") args.o.text_min_jaccard = std::atof(v.c_str());
    else if (k == "--text-max-bucket") args.o.text_max_bucket = std::atoi(v.c_str());
    else if (k == "--text-max-links") args.o.text_max_links = std::atoi(v.c_str());
    else if (k == "--hub-min-adverts") args.o.hub_min_adverts = std::atoi(v.c_str());
    else if (k == "--hub-min-phone-groups") args.o.hub_min_phone_groups = std::atoi(v.c_str());
    else if (k == "--account-max-phone-groups") args.o.account_max_phone_groups = std::atoi(v.c_str());
    else if (k == "--corroborate") args.o.weak_links_need_corroboration = v != "0";
    else {
      std::fprintf(stderr, "unknown flag %s\n", k.c_str());
      return 2;
    }
  }
  if (args.from.empty() || args.truth.empty()) {
    std::fprintf(stderr, "usage: dedupe_relink --from DB --truth truth.jsonl [options]\n");
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);

  std::vector<admon::parsers::Advert> adverts;
  {
    auto src = admon::store::Db::Open(args.from, {.create_if_missing = false, .read_only = true});
    if (!src.ok()) return Fail(src.status());
    absl::Status inner = absl::OkStatus();
    auto s = (*src)->Scan(admon::store::Cf::kAdverts, "", [&](std::string_view k, std::string_view v) {
      auto j = admon::store::DecodeRecord(v, k);
      if (!j.ok()) {
        inner = j.status();
        return false;
      }
      adverts.push_back(j->get<admon::parsers::Advert>());
      return true;
    });
    if (!s.ok()) return Fail(s);
    if (!inner.ok()) return Fail(inner);
  }
  if (!args.dump.empty()) {  // the parsed adverts as JSON lines, for analysis
    std::ofstream d(args.dump);
    for (const auto& a : adverts) d << nlohmann::json(a).dump() << "\n";
  }
  std::sort(adverts.begin(), adverts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.fetched_unix, a.id) < std::tie(b.fetched_unix, b.id);
  });
  if (args.order == "reverse") std::reverse(adverts.begin(), adverts.end());
  if (args.order == "shuffle") std::shuffle(adverts.begin(), adverts.end(), std::mt19937_64(42));

  std::filesystem::remove_all(args.dir);
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<admon::store::Db> db;
  std::unique_ptr<dd::Linker> linker;
  const size_t per_batch = (adverts.size() + args.batches - 1) / args.batches;
  for (size_t i = 0; i < adverts.size(); ++i) {
    if (i % std::max<size_t>(1, per_batch) == 0) {  // (re)open: restart between batches
      linker.reset();
      db.reset();
      auto d = admon::store::Db::Open(args.dir);
      if (!d.ok()) return Fail(d.status());
      db = std::move(*d);
      auto l = dd::Linker::Open(db.get(), args.o);
      if (!l.ok()) return Fail(l.status());
      linker = std::move(*l);
    }
    // All adverts of a one-day crawl share a day; order inside it is the order above.
    auto r = linker->Add(adverts[i], adverts[i].fetched_unix);
    if (!r.ok()) return Fail(r.status());
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  auto truth = dd::ParseTruthJsonl(ReadAll(args.truth));
  if (!truth.ok()) return Fail(truth.status());
  std::vector<dd::EvalAdvert> eval_adverts;
  std::vector<dd::EvalLink> eval_links;
  std::vector<dd::Link> all_links;
  absl::Status inner = absl::OkStatus();
  auto s = linker->ForEachAdvert([&](const dd::AdvertInfo& a) {
    eval_adverts.push_back({a.id, a.url, a.cluster});
    auto ls = linker->LinksOf(a.id);
    if (!ls.ok()) {
      inner = ls.status();
      return false;
    }
    for (const auto& l : *ls) {
      if (l.from >= l.to) continue;
      eval_links.push_back({l.from, l.to, l.type, l.hub});
      all_links.push_back(l);
    }
    return true;
  });
  if (!s.ok()) return Fail(s);
  if (!inner.ok()) return Fail(inner);
  nlohmann::json out = dd::Evaluate(*truth, eval_adverts, eval_links);
  out["seconds"] = secs;

  if (!args.wrong.empty()) {
    // Truth by advert id ("<site>:<id>"), as the pipeline names adverts.
    std::map<std::string, const dd::TruthItem*> truth_of;
    for (const auto& t : *truth) truth_of[t.advert_id] = &t;
    std::map<std::string, const admon::parsers::Advert*> advert_of;
    for (const auto& a : adverts) advert_of[a.id] = &a;
    auto label = [&](const std::string& id) -> std::string {
      auto it = truth_of.find(id);
      if (it == truth_of.end()) return "?";
      const auto* t = it->second;
      return (t->network.empty() ? "poster:" + t->poster : "net:" + t->network) + "(" + t->kind + ")";
    };
    std::ofstream w(args.wrong);
    for (const auto& l : all_links) {
      const std::string la = label(l.from), lb = label(l.to);
      if (la == lb && !args.all_links) continue;
      w << (la == lb ? "ok" : "wrong") << "\t" << dd::LinkTypeName(l.type) << "\t" << l.value << "\td=" << l.distance << "\tj=" << l.jaccard
        << "\t" << (l.hub ? "hub" : "merging") << "\t" << l.from << " " << la << " [" << Evidence(*advert_of[l.from])
        << "]\t" << l.to << " " << lb << " [" << Evidence(*advert_of[l.to]) << "]\n";
    }
  }
  std::printf("%s\n", out.dump().c_str());
  linker.reset();
  db.reset();
  std::filesystem::remove_all(args.dir);
  return 0;
}
