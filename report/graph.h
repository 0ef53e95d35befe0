// Copyright 2026 The admon Authors.
//
// The network picture of one cluster, drawn with Graphviz (libgvc) into an
// SVG fragment that is inlined in the HTML report: no external assets.
// Nodes: adverts (ellipses, filled by flag), phones (boxes), emails and
// handles (diamonds; payment handles red), images (hexagons, by hash prefix).
// Edges: advert -> identifier by kind; advert -- advert for links that have
// no identifier node (image_near dashed orange, text dotted grey). Hub
// identifiers are drawn with a red double outline.
//
// Thread safety: RenderSvg serialises Graphviz calls with a global mutex
// (Graphviz keeps global state); BuildDot is pure.
#ifndef ADMON_REPORT_GRAPH_H_
#define ADMON_REPORT_GRAPH_H_

#include <string>

#include "absl/status/statusor.h"
#include "report/model.h"

namespace admon::report {

enum class Layout { kSfdp, kNeato, kFdp, kDot, kCirco };
const char* LayoutName(Layout l);  // Graphviz engine name: "sfdp", "neato", "fdp", "dot", "circo"

struct GraphOptions {
  // Most nodes drawn per picture (count): layouts beyond this are unreadable
  // and slow (sfdp is ~O(n log n) per iteration but SVG size grows fast).
  int max_nodes = 150;
  // Graphviz layout engine (sfdp: force-directed, scales to the cap).
  Layout layout = Layout::kSfdp;
  // Characters of an advert label (UTF-8 bytes) before it is cut.
  int max_label_bytes = 24;
};

struct Dot {
  std::string dot;      // the DOT source
  int nodes_total = 0;  // nodes the full picture would have
  int nodes_drawn = 0;  // nodes in `dot` (<= max_nodes)
  int edges_drawn = 0;
};

Dot BuildDot(const ClusterView& cluster, const GraphOptions& options);

// Lays out and renders DOT to an SVG element ("<svg ...>...</svg>") with the
// XML prolog, doctype and comments stripped. InvalidArgument if Graphviz
// rejects the DOT; Internal if layout/render fails (message names the layout).
absl::StatusOr<std::string> RenderSvg(const std::string& dot, Layout layout);

}  // namespace admon::report

#endif  // ADMON_REPORT_GRAPH_H_
