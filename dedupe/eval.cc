// Copyright 2026 The admon Authors.
#include "dedupe/eval.h"

#include <cctype>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace admon::dedupe {
namespace {

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

std::string Label(const TruthItem& t) {
  std::string n = t.network;
  for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!n.empty() && n != "none" && n != "independent" && n != "null" && n != "false") return "net:" + t.network;
  return "poster:" + t.poster;
}

struct Acc {
  double p = 0, r = 0;
  int64_t n = 0;
  nlohmann::json Json() const {
    double pp = n ? p / n : 0, rr = n ? r / n : 0;
    return {{"precision", pp}, {"recall", rr}, {"f1", pp + rr > 0 ? 2 * pp * rr / (pp + rr) : 0}, {"adverts", n}};
  }
};

}  // namespace

std::string NormaliseUrl(std::string_view url) {
  std::string u(url);
  if (auto h = u.find('#'); h != std::string::npos) u.resize(h);
  if (auto s = u.find("://"); s != std::string::npos) u = u.substr(s + 3);
  auto slash = u.find('/');
  std::string host = u.substr(0, slash);
  std::string rest = slash == std::string::npos ? "/" : u.substr(slash);
  for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* port : {":80", ":443"}) {
    if (host.size() > 4 && host.ends_with(port)) host.resize(host.size() - std::string_view(port).size());
  }
  while (rest.size() > 1 && rest.back() == '/') rest.pop_back();
  return host + rest;
}

std::string UrlPathQuery(std::string_view url) {
  std::string n = NormaliseUrl(url);
  auto slash = n.find('/');
  return slash == std::string::npos ? "/" : n.substr(slash);
}

absl::StatusOr<std::vector<TruthItem>> ParseTruthJsonl(std::string_view text) {
  std::vector<TruthItem> out;
  size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      return absl::InvalidArgumentError(absl::StrCat("truth line ", line_no, ": not a JSON object"));
    }
    TruthItem t{.site = Str(j, "site"), .url = Str(j, "url"), .advert_id = Str(j, "advert_id"),
                .poster = Str(j, "poster"), .network = Str(j, "network"), .kind = Str(j, "kind")};
    if (t.advert_id.empty()) t.advert_id = Str(j, "id");
    if (t.kind.empty()) t.kind = "unknown";
    out.push_back(std::move(t));
  }
  return out;
}

nlohmann::json Evaluate(const std::vector<TruthItem>& truth, const std::vector<EvalAdvert>& adverts,
                        const std::vector<EvalLink>& links) {
  std::map<std::string, const EvalAdvert*> by_id, by_url, by_path;
  std::map<std::string, int> path_count;
  for (const auto& a : adverts) {
    by_id[a.id] = &a;
    if (!a.url.empty()) {
      by_url[NormaliseUrl(a.url)] = &a;
      std::string p = UrlPathQuery(a.url);
      by_path[p] = &a;
      ++path_count[p];
    }
  }
  // advert id -> (label, kind)
  std::map<std::string, std::pair<std::string, std::string>> truth_of;
  int64_t unmatched = 0;
  for (const auto& t : truth) {
    const EvalAdvert* hit = nullptr;
    auto find = [](const auto& m, const std::string& k) -> const EvalAdvert* {
      auto it = m.find(k);
      return it == m.end() ? nullptr : it->second;
    };
    if (!t.advert_id.empty()) hit = find(by_id, t.advert_id);
    if (!hit && !t.advert_id.empty() && !t.site.empty()) hit = find(by_id, t.site + ":" + t.advert_id);
    if (!hit && !t.url.empty()) hit = find(by_url, NormaliseUrl(t.url));
    if (!hit && !t.url.empty()) {
      std::string p = UrlPathQuery(t.url);
      if (path_count[p] == 1) hit = find(by_path, p);  // only when unambiguous
    }
    if (!hit) {
      ++unmatched;
      continue;
    }
    truth_of[hit->id] = {Label(t), t.kind};
  }
  // Restrict clusters and labels to matched adverts.
  std::map<std::string, std::set<std::string>> cluster_members, label_members;
  std::map<std::string, std::string> cluster_of;
  for (const auto& a : adverts) {
    auto it = truth_of.find(a.id);
    if (it == truth_of.end()) continue;
    const std::string c = a.cluster.empty() ? "self:" + a.id : a.cluster;
    cluster_of[a.id] = c;
    cluster_members[c].insert(a.id);
    label_members[it->second.first].insert(a.id);
  }
  Acc all;
  std::map<std::string, Acc> by_kind;
  for (const auto& [id, c] : cluster_of) {
    const auto& [label, kind] = truth_of[id];
    const auto& cm = cluster_members[c];
    const auto& lm = label_members[label];
    int64_t both = 0;
    for (const auto& x : cm) both += lm.count(x);
    const double p = static_cast<double>(both) / static_cast<double>(cm.size());
    const double r = static_cast<double>(both) / static_cast<double>(lm.size());
    all.p += p, all.r += r, ++all.n;
    auto& k = by_kind[kind];
    k.p += p, k.r += r, ++k.n;
  }
  nlohmann::json kinds = nlohmann::json::object();
  for (const auto& [k, acc] : by_kind) kinds[k] = acc.Json();
  // Link precision per type over distinct non-hub pairs between matched adverts.
  std::map<std::string, std::set<std::pair<std::string, std::string>>> pairs;
  for (const auto& l : links) {
    if (l.hub || !truth_of.count(l.a) || !truth_of.count(l.b)) continue;
    pairs[LinkTypeName(l.type)].insert(std::minmax(l.a, l.b));
  }
  // Per type: every non-hub pair (the evidence), and the pairs whose two
  // adverts ended in one cluster (what an analyst sees inside a network).
  nlohmann::json link_json = nlohmann::json::object(), in_clusters = nlohmann::json::object();
  auto score = [&](const std::set<std::pair<std::string, std::string>>& ps) -> nlohmann::json {
    int64_t ok = 0;
    for (const auto& [a, b] : ps) ok += truth_of[a].first == truth_of[b].first;
    return {{"pairs", ps.size()}, {"correct", ok},
            {"precision", ps.empty() ? 0.0 : static_cast<double>(ok) / static_cast<double>(ps.size())}};
  };
  for (const auto& [type, ps] : pairs) {
    link_json[type] = score(ps);
    std::set<std::pair<std::string, std::string>> inside;
    for (const auto& p : ps) {
      if (cluster_of[p.first] == cluster_of[p.second]) inside.insert(p);
    }
    in_clusters[type] = score(inside);
  }
  nlohmann::json b = all.Json();
  b.erase("adverts");
  return {{"matched", all.n},
          {"unmatched_truth", unmatched},
          {"unmatched_adverts", static_cast<int64_t>(adverts.size()) - static_cast<int64_t>(truth_of.size())},
          {"clusters", cluster_members.size()},
          {"truth_groups", label_members.size()},
          {"bcubed", b},
          {"by_kind", kinds},
          {"links", link_json},
          {"links_in_clusters", in_clusters}};
}

}  // namespace admon::dedupe
