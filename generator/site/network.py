"""The orientation diagram: a fixed layout computed in Python, drawn by vis-network.

The networkx graph becomes vis-network's data here: nodes and edges in the shape of
vis-network's DataSet items (what pyvis's ``Network.add_node``/``add_edge`` make),
written directly so that a build never imports pyvis, whose module pulls IPython
(a third of a second of start-up per build: bench/README.md). pyvis is the package that ships vis-network
itself (:func:`vis_network_js` reads it from the installed wheel, without importing
it); its HTML page is never used (no doctype, CDN stylesheets). Positions are computed here, in columns –
needs on the left, operators in the middle, networks and regions on the right –
with physics off, so the browser does no simulation and every reader (and every
build) sees the same picture. With many operators, operators are grouped into
one node per need so the picture stays readable.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from generator.common.urls import Urls, relative
from schema.criteria import by_vocabulary

#: Beyond this many operators, draw one group node per need instead of every operator.
CLUSTER_THRESHOLD = 60

#: Node style per kind: shape and colours (AA contrast of the label on its fill). Shape
#: always differs by kind so colour is never the only cue; the legend repeats this.
STYLES = {
    "need": {"shape": "ellipse", "color": {"background": "#0b4f9c", "border": "#06305f"}, "font": {"color": "#ffffff"}},
    "operator": {"shape": "box", "color": {"background": "#fff4d6", "border": "#8a5200"}, "font": {"color": "#1e1e1e"}},
    "group": {
        "shape": "box",
        "color": {"background": "#fff4d6", "border": "#8a5200"},
        "font": {"color": "#1e1e1e"},
        "shapeProperties": {"borderDashes": [6, 4]},
    },
    "network": {"shape": "diamond", "color": {"background": "#1f6b2e", "border": "#124019"}, "font": {"color": "#1e1e1e"}},
    "region": {"shape": "triangle", "color": {"background": "#5a2d8c", "border": "#35195a"}, "font": {"color": "#1e1e1e"}},
}

OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "edges": {"smooth": False, "color": {"color": "#767676", "highlight": "#c2410c"}, "width": 1},
    "nodes": {"font": {"size": 16, "face": "system-ui, sans-serif"}, "borderWidth": 2, "margin": 8},
    "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": False, "navigationButtons": False},
}

VIS_NETWORK = "vis-network.min.js"


#: The last line of the minified file names a source map that the wheel does not ship.
SOURCE_MAP = re.compile(rb"\s*//# sourceMappingURL=\S*\s*$")


def vis_network_js() -> bytes:
    """vis-network as shipped inside the pyvis wheel (served from build/, never a CDN), without its
    reference to a source map that is not shipped (a 404 for every reader who opens the developer tools)."""
    spec = importlib.util.find_spec("pyvis")  # located, not imported
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis n'est pas installé : il fournit vis-network (pip install pyvis)")
    root = Path(next(iter(spec.submodule_search_locations)))
    candidates = sorted(root.glob(f"templates/lib/vis-*/{VIS_NETWORK}")) or sorted(root.glob(f"lib/vis-*/{VIS_NETWORK}"))
    return SOURCE_MAP.sub(b"\n", candidates[-1].read_bytes())


def _column(ids: list[str], x: int, spacing: float) -> dict[str, tuple[int, int]]:
    """Spread ``ids`` on a vertical line at ``x``, centred on y = 0."""
    return {node: (x, round((i - (len(ids) - 1) / 2) * spacing)) for i, node in enumerate(ids)}


@dataclass(frozen=True)
class LaidNode:
    """A node of the diagram at its place: ``url`` is site-relative (an operator's fiche, a
    group's filter page), or empty for a node that links nowhere."""

    id: str
    kind: str
    label: str
    title: str
    x: int
    y: int
    url: str = ""
    name: str = ""  # an operator's full name


@dataclass(frozen=True)
class Layout:
    nodes: tuple[LaidNode, ...]
    edges: tuple[tuple[str, str, bool], ...]  # (from, to, dashed)
    index: dict[str, list[str]]  # need / network / region node -> its operators' nodes
    clustered: bool


def layout(graph: nx.DiGraph) -> Layout:
    """Where each node goes, in three columns; what the SVG drawing and vis-network both show."""

    def of_kind(kind: str) -> list[str]:
        return sorted(n for n, d in graph.nodes(data=True) if d["kind"] == kind)

    needs, operators = of_kind("need"), of_kind("operator")
    networks, regions = of_kind("network"), of_kind("region")
    clustered = len(operators) > CLUSTER_THRESHOLD
    nodes: list[LaidNode] = []
    edges: list[tuple[str, str, bool]] = []
    middle = needs if clustered else operators
    spacing = 70
    height = max(len(middle), len(needs), len(networks) + len(regions)) * spacing
    positions = {}
    positions.update(_column(needs, 0, max(spacing, height / max(len(needs), 1))))
    positions.update(_column(networks + regions, 900, max(spacing, height / max(len(networks) + len(regions), 1))))
    for node in needs:
        data = graph.nodes[node]
        nodes.append(LaidNode(node, "need", data["label"], data["summary"] or data["label"], *positions[node]))
    for node in networks + regions:
        data = graph.nodes[node]
        nodes.append(LaidNode(node, data["kind"], data["label"], data["label"], *positions[node]))
    index: dict[str, list[str]] = {}
    if clustered:
        group_pos = _column([f"group:{n}" for n in needs], 450, max(spacing, height / max(len(needs), 1)))
        for need in needs:
            members = [p for p in graph.predecessors(need) if graph.nodes[p]["kind"] == "operator"]
            group = f"group:{need}"
            label = f"{len(members)} opérateur{'s' if len(members) != 1 else ''}"
            nodes.append(
                LaidNode(
                    group,
                    "group",
                    label,
                    f"{graph.nodes[need]['label']} : {label}",
                    *group_pos[group],
                    url=Urls.facet(by_vocabulary("interventions").slug, graph.nodes[need]["id"]),
                )
            )
            edges.append((group, need, False))
    else:
        op_pos = _column(operators, 450, spacing)
        for node in operators:
            data = graph.nodes[node]
            nodes.append(
                LaidNode(
                    node,
                    "operator",
                    data["label"],
                    f"{data['name']} — {data['summary']}",
                    *op_pos[node],
                    url=data["url"],
                    name=data["name"],
                )
            )
            for target in sorted(graph.successors(node)):
                kind = graph.nodes[target]["kind"]
                if kind in ("need", "network", "region"):
                    edges.append((node, target, kind != "need"))
                    index.setdefault(target, []).append(node)
    return Layout(tuple(nodes), tuple(edges), index, clustered)


def diagram_data(graph: nx.DiGraph, page_url: str, file_urls: bool = False) -> dict:
    """Nodes, edges and options for vis-network, plus an index for highlighting. ``file_urls``:
    a link to a page ends with ``index.html`` (a site opened from the file system shows a
    folder's listing, not its page)."""
    laid = layout(graph)

    def href(url: str) -> str:
        link = relative(url, page_url)
        return link + "index.html" if file_urls and link.endswith("/") else link

    nodes = [
        {
            "id": n.id,
            "label": n.label,
            "title": n.title,
            "x": n.x,
            "y": n.y,
            "group": n.kind,
            **({"href": href(n.url)} if n.url else {}),
            **STYLES[n.kind],
        }
        for n in laid.nodes
    ]
    edges = [{"from": source, "to": target, **({"dashes": True} if dashed else {})} for source, target, dashed in laid.edges]
    return {"nodes": nodes, "edges": edges, "options": OPTIONS, "index": laid.index, "clustered": laid.clustered}


def data_script(data: dict) -> str:
    """The data as a small script file (works from file:// where fetch() of JSON does not)."""
    return "window.CARTO_DIAGRAM = " + json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + ";\n"
