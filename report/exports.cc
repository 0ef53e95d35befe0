// Copyright 2026 The admon Authors.
#include "report/exports.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/files.h"
#include "common/status.h"
#include "report/csv.h"
#include "report/text.h"

namespace admon::report {
namespace {

struct Entity {
  std::string type, identity, label;
  std::string site, url, name, age, town, force, cluster, score, flag, details;
  std::string first, last;  // RFC 3339 or ""
};

struct Edge {
  std::string from_type, from, to_type, to, link_type, first, last, cluster, evidence;
  bool hub = false;
};

// Entities and links of a report model, deduplicated.
struct Graph {
  std::map<std::pair<std::string, std::string>, Entity> entities;  // (type, identity)
  std::map<std::tuple<std::string, std::string, std::string, std::string>, Edge> edges;  // (from, to, type, evidence)

  void Widen(Entity& e, const std::string& first, const std::string& last) {
    if (!first.empty() && (e.first.empty() || first < e.first)) e.first = first;
    if (!last.empty() && (e.last.empty() || last > e.last)) e.last = last;
  }
  Entity& Add(const std::string& type, const std::string& identity, const std::string& label,
              const AdvertView& a) {
    auto [it, fresh] = entities.try_emplace({type, identity});
    if (fresh) {
      it->second.type = type;
      it->second.identity = identity;
      it->second.label = label;
    }
    Widen(it->second, a.first_seen, a.last_seen);
    return it->second;
  }
  void Link(const Entity& from, const Entity& to, const std::string& type, const AdvertView& a,
            const std::string& cluster, const std::string& evidence, bool hub) {
    auto [it, fresh] = edges.try_emplace({"a:" + from.identity, to.type + ":" + to.identity, type, evidence});
    Edge& e = it->second;
    if (fresh) e = Edge{from.type, from.identity, to.type, to.identity, type, "", "", cluster, evidence, hub};
    if (!a.first_seen.empty() && (e.first.empty() || a.first_seen < e.first)) e.first = a.first_seen;
    if (!a.last_seen.empty() && (e.last.empty() || a.last_seen > e.last)) e.last = a.last_seen;
  }
};

Graph BuildGraph(const ReportModel& m) {
  Graph g;
  for (const ClusterView& c : m.clusters) {
    std::map<std::string, const AdvertView*> by_id;
    for (const AdvertView& a : c.adverts) {
      by_id[a.id] = &a;
      Entity& ad = g.Add("Advert", a.id, a.title.empty() ? a.id : TruncateUtf8(a.title, 60), a);
      ad.site = a.site;
      ad.url = a.url;
      ad.name = a.name;
      ad.age = a.age > 0 ? std::to_string(a.age) : "";
      ad.town = a.town;
      ad.force = a.force;
      ad.cluster = c.id;
      ad.score = absl::StrFormat("%.3f", a.score);
      ad.flag = FlagName(a.flag);
      const Entity adv = ad;  // copy: later inserts must not alias
      for (const PhoneView& p : a.phones) {
        g.Link(adv, g.Add("Phone", p.e164, p.e164, a), "advert-has-phone", a, c.id, JoinCell(p.styles), false);
      }
      for (const EmailView& e : a.emails) {
        g.Link(adv, g.Add("Email", e.address, e.address, a), "advert-has-email", a, c.id, "", false);
      }
      for (const HandleView& h : a.handles) {
        const std::string id = h.platform + ":" + h.handle;
        Entity& he = g.Add("Handle", id, id, a);
        he.details = h.payment ? "payment" : "";
        g.Link(adv, he, h.payment ? "advert-has-payment" : "advert-has-handle", a, c.id, "", false);
      }
      for (const ImageView& im : a.images) {
        if (im.sha256.empty()) continue;
        Entity& ie = g.Add("Image", im.sha256, "img " + im.sha256.substr(0, 12), a);
        ie.details = absl::StrCat(im.width, "x", im.height, " ", im.bytes, " bytes; phash ", im.phash);
        g.Link(adv, ie, "advert-has-image", a, c.id, "", false);
      }
      if (!a.town.empty()) {
        Entity& le = g.Add("Location", a.town, a.town, a);
        le.force = a.force;
        g.Link(adv, le, "advert-in-location", a, c.id, "", false);
      }
    }
    for (const LinkView& l : c.links) {
      if (l.type != "image_near" && l.type != "text") continue;
      auto ia = by_id.find(l.a), ib = by_id.find(l.b);
      if (ia == by_id.end() || ib == by_id.end()) continue;
      const Entity& ea = g.entities.at({"Advert", l.a});
      const Entity& eb = g.entities.at({"Advert", l.b});
      AdvertView span = *ia->second;  // link dates: the span of both adverts
      span.first_seen = std::min(ia->second->first_seen, ib->second->first_seen);
      span.last_seen = std::max(ia->second->last_seen, ib->second->last_seen);
      g.Link(ea, eb, l.type == "text" ? "advert-similar-text" : "advert-similar-image", span, c.id, l.evidence,
             l.hub);
    }
  }
  return g;
}

std::string Day(const std::string& rfc3339) { return rfc3339.substr(0, std::min<size_t>(10, rfc3339.size())); }

std::string X(const std::string& s) { return HtmlEscape(s); }  // XML-safe (escapes & < > " ')

}  // namespace

I2Files BuildI2(const ReportModel& m) {
  const Graph g = BuildGraph(m);
  I2Files f;
  f.entities = std::string(kI2EntitiesHeader) + "\r\n";
  for (const auto& [k, e] : g.entities) {
    f.entities += CsvRow({e.type, e.identity, e.label, e.site, e.url, e.name, e.age, e.town, e.force, e.cluster,
                          e.score, e.flag, Day(e.first), Day(e.last), e.details});
  }
  f.links = std::string(kI2LinksHeader) + "\r\n";
  for (const auto& [k, e] : g.edges) {
    f.links += CsvRow({e.from_type, e.from, e.to_type, e.to, e.link_type, Day(e.first), Day(e.last), e.cluster,
                       e.hub ? absl::StrCat(e.evidence, " (hub)") : e.evidence});
  }
  return f;
}

absl::Status WriteI2(const ReportModel& m, const std::string& out_dir) {
  ADMON_RETURN_IF_ERROR(MakeDirsOwnerOnly(out_dir));
  const I2Files f = BuildI2(m);
  ADMON_RETURN_IF_ERROR(WriteFileOwnerOnly(out_dir + "/entities.csv", f.entities));
  return WriteFileOwnerOnly(out_dir + "/links.csv", f.links);
}

std::string BuildGraphml(const ReportModel& m) {
  const Graph g = BuildGraph(m);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
      " <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n"
      " <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
      " <key id=\"cluster\" for=\"node\" attr.name=\"cluster\" attr.type=\"string\"/>\n"
      " <key id=\"flag\" for=\"node\" attr.name=\"flag\" attr.type=\"string\"/>\n"
      " <key id=\"score\" for=\"node\" attr.name=\"score\" attr.type=\"double\"/>\n"
      " <key id=\"site\" for=\"node\" attr.name=\"site\" attr.type=\"string\"/>\n"
      " <key id=\"town\" for=\"node\" attr.name=\"town\" attr.type=\"string\"/>\n"
      " <key id=\"first_seen\" for=\"all\" attr.name=\"first_seen\" attr.type=\"string\"/>\n"
      " <key id=\"last_seen\" for=\"all\" attr.name=\"last_seen\" attr.type=\"string\"/>\n"
      " <key id=\"link_type\" for=\"edge\" attr.name=\"link_type\" attr.type=\"string\"/>\n"
      " <key id=\"evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"string\"/>\n"
      " <key id=\"hub\" for=\"edge\" attr.name=\"hub\" attr.type=\"boolean\"/>\n"
      " <graph id=\"admon\" edgedefault=\"undirected\">\n";
  std::map<std::pair<std::string, std::string>, std::string> ids;
  auto data = [](const char* key, const std::string& v) {
    return v.empty() ? std::string() : absl::StrCat("   <data key=\"", key, "\">", X(v), "</data>\n");
  };
  for (const auto& [k, e] : g.entities) {
    const std::string id = absl::StrCat("n", ids.size());
    ids[k] = id;
    absl::StrAppend(&out, "  <node id=\"", id, "\">\n", data("type", e.type), data("label", e.label),
                    data("cluster", e.cluster), data("flag", e.flag), data("score", e.score), data("site", e.site),
                    data("town", e.town), data("first_seen", e.first), data("last_seen", e.last), "  </node>\n");
  }
  int n = 0;
  for (const auto& [k, e] : g.edges) {
    auto f = ids.find({e.from_type, e.from});
    auto t = ids.find({e.to_type, e.to});
    if (f == ids.end() || t == ids.end()) continue;
    absl::StrAppend(&out, "  <edge id=\"e", n++, "\" source=\"", f->second, "\" target=\"", t->second, "\">\n",
                    data("link_type", e.link_type), data("evidence", e.evidence),
                    data("hub", e.hub ? "true" : "false"), data("first_seen", e.first), data("last_seen", e.last),
                    "  </edge>\n");
  }
  out += " </graph>\n</graphml>\n";
  return out;
}

absl::Status WriteGraphml(const ReportModel& m, const std::string& path) {
  return WriteFileOwnerOnly(path, BuildGraphml(m));
}

}  // namespace admon::report
