// Copyright 2026 The admon Authors.
#include "report/graph.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "report/text.h"

namespace admon::report {
namespace {

const char* FlagFill(Flag f) {
  switch (f) {
    case Flag::kUrgent:
      return "#f4a3a3";
    case Flag::kReview:
      return "#f7d88c";
    case Flag::kNone:
      break;
  }
  return "#dfe8f1";
}

struct Node {
  std::string key;    // "a:<id>", "p:<e164>", "e:<addr>", "h:<platform:handle>", "i:<sha>"
  std::string label;
  std::string attrs;  // shape/colour
  int degree = 0;
  int order = 0;      // insertion order, tie-break
};

struct Edge {
  std::string from, to, attrs;
};

// A quoted DOT label whose '\n' characters become Graphviz line breaks.
std::string DotLabel(const std::string& label) {
  std::string out = "\"";
  size_t start = 0;
  for (size_t nl; (nl = label.find('\n', start)) != std::string::npos; start = nl + 1) {
    const std::string q = DotQuote(label.substr(start, nl - start));
    absl::StrAppend(&out, q.substr(1, q.size() - 2), "\\n");
  }
  const std::string q = DotQuote(label.substr(start));
  absl::StrAppend(&out, q.substr(1, q.size() - 2), "\"");
  return out;
}

std::string ShortHash(const std::string& h) { return h.size() > 10 ? h.substr(0, 10) : h; }

}  // namespace

Dot BuildDot(const ClusterView& c, const GraphOptions& o) {
  std::map<std::string, Node> nodes;
  std::vector<Edge> edges;
  std::set<std::string> hub_values;
  for (const LinkView& l : c.links) {
    if (l.hub) hub_values.insert(l.evidence);
  }
  auto add_node = [&](const std::string& key, const std::string& label, const std::string& attrs) {
    auto [it, fresh] = nodes.try_emplace(key);
    if (fresh) {
      it->second = Node{key, label, attrs, 0, static_cast<int>(nodes.size())};
    }
    return &it->second;
  };
  auto ident = [&](const std::string& key, const std::string& value, const std::string& label, std::string attrs,
                   const std::string& advert_key, const std::string& edge_attrs) {
    if (hub_values.count(value)) absl::StrAppend(&attrs, ",color=\"#c00000\",peripheries=2");
    add_node(key, hub_values.count(value) ? label + " (hub)" : label, attrs)->degree++;
    nodes[advert_key].degree++;
    edges.push_back({advert_key, key, edge_attrs});
  };
  for (const AdvertView& a : c.adverts) {
    const std::string ak = "a:" + a.id;
    std::string label = TruncateUtf8(a.name.empty() ? a.id : a.name, o.max_label_bytes);
    if (a.age > 0) absl::StrAppend(&label, " ", a.age);
    if (!a.town.empty()) absl::StrAppend(&label, "\n", TruncateUtf8(a.town, o.max_label_bytes));
    add_node(ak, label, absl::StrCat("shape=ellipse,style=filled,fillcolor=\"", FlagFill(a.flag), "\"",
                                     a.removed ? ",fontcolor=\"#777777\",color=\"#999999\"" : ""));
    for (const PhoneView& p : a.phones) {
      ident("p:" + p.e164, p.e164, p.e164, "shape=box,style=filled,fillcolor=\"#cfe3ff\"", ak, "color=\"#1f77b4\"");
    }
    for (const EmailView& e : a.emails) {
      ident("e:" + e.address, e.address, TruncateUtf8(e.address, o.max_label_bytes),
            "shape=diamond,style=filled,fillcolor=\"#e6d9f2\"", ak, "color=\"#9467bd\"");
    }
    for (const HandleView& h : a.handles) {
      const std::string v = h.platform + ":" + h.handle;
      ident("h:" + v, v, TruncateUtf8(v, o.max_label_bytes),
            h.payment ? "shape=diamond,style=filled,fillcolor=\"#f9c6c6\"" : "shape=diamond,style=filled,fillcolor=\"#d6f0d6\"",
            ak, h.payment ? "color=\"#d62728\",penwidth=2" : "color=\"#2ca02c\"");
    }
    for (const ImageView& im : a.images) {
      if (im.sha256.empty()) continue;
      ident("i:" + im.sha256, im.sha256, "img " + ShortHash(im.sha256),
            "shape=hexagon,style=filled,fillcolor=\"#ffe0c2\"", ak, "color=\"#ff7f0e\"");
    }
  }
  for (const LinkView& l : c.links) {
    if (l.type != "image_near" && l.type != "text") continue;  // others go through identifier nodes
    const std::string ka = "a:" + l.a, kb = "a:" + l.b;
    if (!nodes.count(ka) || !nodes.count(kb)) continue;
    nodes[ka].degree++;
    nodes[kb].degree++;
    edges.push_back({ka, kb,
                     l.type == "image_near" ? "dir=none,style=dashed,color=\"#ff7f0e\""
                                            : "dir=none,style=dotted,color=\"#7f7f7f\",penwidth=2"});
  }

  // Keep the most informative nodes: flagged adverts first, then identifiers
  // shared by most adverts, then the rest; adverts fill at most half the cap
  // while identifiers remain.
  std::vector<const Node*> adverts, idents;
  for (const auto& [k, n] : nodes) (k[0] == 'a' ? adverts : idents).push_back(&n);
  std::map<std::string, std::pair<int, double>> rank;  // advert key -> (flag, score)
  for (const AdvertView& a : c.adverts) rank["a:" + a.id] = {static_cast<int>(a.flag), a.score};
  std::stable_sort(adverts.begin(), adverts.end(), [&](const Node* x, const Node* y) {
    return rank[x->key] > rank[y->key] || (rank[x->key] == rank[y->key] && x->order < y->order);
  });
  std::stable_sort(idents.begin(), idents.end(), [](const Node* x, const Node* y) {
    return x->degree > y->degree || (x->degree == y->degree && x->order < y->order);
  });
  const size_t cap = static_cast<size_t>(std::max(1, o.max_nodes));
  std::set<std::string> keep;
  size_t ai = 0, ii = 0;
  const size_t advert_share = idents.empty() ? cap : std::max<size_t>(1, cap / 2);
  while (keep.size() < cap && ai < adverts.size() && ai < advert_share) keep.insert(adverts[ai++]->key);
  while (keep.size() < cap && ii < idents.size()) keep.insert(idents[ii++]->key);
  while (keep.size() < cap && ai < adverts.size()) keep.insert(adverts[ai++]->key);

  Dot out;
  out.nodes_total = static_cast<int>(nodes.size());
  std::map<std::string, std::string> ids;  // node key -> "nN"; keeps hostile text out of node names
  std::string dot =
      "graph G {\n graph [overlap=false, splines=false, outputorder=edgesfirst, bgcolor=transparent, "
      "pad=0.2, fontname=\"Helvetica\"];\n node [fontname=\"Helvetica\", fontsize=9, margin=\"0.05,0.03\"];\n"
      " edge [penwidth=1.2];\n";
  for (const auto& [k, n] : nodes) {
    if (!keep.count(k)) continue;
    const std::string id = absl::StrCat("n", ids.size() + 1);
    ids[k] = id;
    absl::StrAppend(&dot, " ", id, " [label=", DotLabel(n.label), ", ", n.attrs, "];\n");
  }
  for (const Edge& e : edges) {
    auto f = ids.find(e.from), t = ids.find(e.to);
    if (f == ids.end() || t == ids.end()) continue;
    absl::StrAppend(&dot, " ", f->second, " -- ", t->second, " [", e.attrs, "];\n");
    ++out.edges_drawn;
  }
  dot += "}\n";
  out.dot = std::move(dot);
  out.nodes_drawn = static_cast<int>(ids.size());
  return out;
}

const char* LayoutName(Layout l) {
  switch (l) {
    case Layout::kSfdp:
      return "sfdp";
    case Layout::kNeato:
      return "neato";
    case Layout::kFdp:
      return "fdp";
    case Layout::kDot:
      return "dot";
    case Layout::kCirco:
      return "circo";
  }
  return "sfdp";
}

absl::StatusOr<std::string> RenderSvg(const std::string& dot, Layout layout) {
  static std::mutex* mu = new std::mutex;
  static GVC_t* gvc = nullptr;  // never freed: Graphviz plugins are loaded once per process
  std::lock_guard<std::mutex> lock(*mu);
  if (gvc == nullptr) {
    agseterr(AGMAX);  // errors come back as Status, not on stderr
    gvc = gvContext();
    if (gvc == nullptr) return absl::InternalError("graphviz: gvContext failed");
  }
  Agraph_t* g = agmemread(dot.c_str());
  if (g == nullptr) return absl::InvalidArgumentError("graphviz: DOT rejected by agmemread");
  if (gvLayout(gvc, g, LayoutName(layout)) != 0) {
    agclose(g);
    return absl::InternalError(absl::StrCat("graphviz: layout '", LayoutName(layout), "' failed"));
  }
  char* data = nullptr;
  unsigned int len = 0;
  const int rc = gvRenderData(gvc, g, "svg", &data, &len);
  std::string svg = (rc == 0 && data != nullptr) ? std::string(data, len) : std::string();
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc, g);
  agclose(g);
  if (rc != 0 || svg.empty()) {
    return absl::InternalError(absl::StrCat("graphviz: svg render failed (", LayoutName(layout), ")"));
  }
  const size_t start = svg.find("<svg");
  if (start == std::string::npos) return absl::InternalError("graphviz: no <svg> element in output");
  svg.erase(0, start);
  // Drop comments (Graphviz writes "<!-- name -->" before each node/edge).
  for (size_t p = svg.find("<!--"); p != std::string::npos; p = svg.find("<!--", p)) {
    const size_t e = svg.find("-->", p);
    if (e == std::string::npos) break;
    svg.erase(p, e + 3 - p);
  }
  return svg;
}

}  // namespace admon::report
