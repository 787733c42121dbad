"""The diagram drawn at build time: the geometry of an SVG picture of :func:`generator.site.network.layout`.

The page shows this picture at once (no script, printable, every operator a link that takes
the keyboard focus); vis-network draws the same layout only when the reader asks for the
interactive view. The template (``themes/default/templates/diagram.html``) writes the SVG
elements from these plain values, so links go through its ``rel`` filter like every other link.

Labels are measured with an average glyph width (no font is read at build time): boxes
are sized a little generously, and long labels are wrapped on several lines.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from generator.site.network import LaidNode, Layout

FONT_SIZE = 17
#: Average advance of a glyph of a sans-serif font, in em (generous: capitals, accents).
GLYPH = 0.58
LINE = round(FONT_SIZE * 1.2)
#: Characters per line before a label wraps, per kind (operators: a sigle, one line).
WRAP = {"need": 18, "operator": 26, "group": 26, "network": 22, "region": 22}
#: Half the size of the marker of a network (diamond) or a region (triangle); its label sits below.
MARK = 13
PAD = 12


@dataclass(frozen=True)
class Line:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class DrawnNode:
    """A node: ``shape`` is ``ellipse`` (cx, cy, rx, ry), ``rect`` (x, y, w, h) or ``polygon``
    (``points``); ``lines`` its label; ``url`` site-relative, empty when it links nowhere."""

    id: str
    kind: str
    shape: str
    box: tuple[float, ...]
    points: str
    lines: tuple[Line, ...]
    title: str
    url: str


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    dashed: bool


@dataclass(frozen=True)
class Drawing:
    view_box: str
    width: int
    height: int
    edges: tuple[Edge, ...]
    nodes: tuple[DrawnNode, ...]


def _width(text: str) -> float:
    return len(text) * FONT_SIZE * GLYPH


def _wrap(node: LaidNode) -> list[str]:
    return textwrap.wrap(node.label, WRAP[node.kind], break_on_hyphens=False) or [node.label]


def _label(node: LaidNode, parts: list[str], top: float) -> tuple[Line, ...]:
    """The label's lines, centred on the node's x, from ``top`` down, one line each."""
    # Text is drawn from its baseline: 0.8 em down puts a line's glyphs inside its slot.
    return tuple(Line(node.x, round(top + i * LINE + FONT_SIZE * 0.8, 1), part) for i, part in enumerate(parts))


def _draw(node: LaidNode) -> tuple[DrawnNode, tuple[float, float, float, float]]:
    """The node's shape and label, and its extent (left, top, right, bottom)."""
    x, y = node.x, node.y
    parts = _wrap(node)
    text_w, text_h = max(_width(part) for part in parts), len(parts) * LINE
    points = ""
    box: tuple[float, ...]
    if node.kind == "need":
        rx, ry = text_w / 2 + 22, text_h / 2 + 12
        shape, box = "ellipse", (x, y, round(rx, 1), round(ry, 1))
        lines = _label(node, parts, y - text_h / 2)
        extent = (x - rx, y - ry, x + rx, y + ry)
    elif node.kind in ("operator", "group"):
        w, h = text_w + 24, text_h + 14
        shape, box = "rect", (round(x - w / 2, 1), round(y - h / 2, 1), round(w, 1), round(h, 1))
        lines = _label(node, parts, y - text_h / 2)
        extent = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    else:  # network (diamond) or region (triangle), the label below the marker
        shape, box = "polygon", ()
        if node.kind == "network":
            corners = [(x, y - MARK), (x + MARK, y), (x, y + MARK), (x - MARK, y)]
        else:
            corners = [(x, y - MARK), (x + MARK, y + MARK), (x - MARK, y + MARK)]
        points = " ".join(f"{cx},{cy}" for cx, cy in corners)
        lines = _label(node, parts, y + MARK + 4)
        extent = (x - max(text_w / 2, MARK), y - MARK, x + max(text_w / 2, MARK), y + MARK + 4 + text_h)
    # An operator's link is named by what it shows first, then its full name (its tooltip too).
    title = node.title
    if node.kind == "operator":
        title = node.name if node.name.startswith(node.label) else f"{node.label} : {node.name}"
    drawn = DrawnNode(node.id, node.kind, shape, box, points, lines, title, node.url)
    return drawn, extent


def drawing(laid: Layout) -> Drawing:
    """The SVG picture of ``laid``: lines first (under the shapes), then the nodes in column order."""
    drawn, extents = [], []
    for node in laid.nodes:
        one, extent = _draw(node)
        drawn.append(one)
        extents.append(extent)
    where = {node.id: (node.x, node.y) for node in laid.nodes}
    edges = tuple(
        Edge(*where[source], *where[target], dashed)
        for source, target, dashed in laid.edges
        if source in where and target in where
    )
    if extents:
        left = min(e[0] for e in extents) - PAD
        top = min(e[1] for e in extents) - PAD
        right = max(e[2] for e in extents) + PAD
        bottom = max(e[3] for e in extents) + PAD
    else:
        left, top, right, bottom = 0, 0, 100, 40
    width, height = round(right - left), round(bottom - top)
    order = {"need": 0, "operator": 1, "group": 1, "network": 2, "region": 2}
    nodes = tuple(sorted(drawn, key=lambda n: order[n.kind]))  # stable: column order, as a reader reads
    return Drawing(f"{round(left)} {round(top)} {width} {height}", width, height, edges, nodes)
