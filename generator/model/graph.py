"""The orientation graph: needs, operators and whom they serve, as one networkx graph.

Both the diagram (``pages/diagram.py``) and the decision tree (``tree.py``) read
this graph; neither rebuilds it. Node ids are ``"<kind>:<id>"``.

Node kinds and their attributes (every node has ``kind``, ``id``, ``label``); the kind of each
vocabulary's nodes is :data:`schema.criteria.CRITERIA`'s:
- ``need``      – an intervention type (vocabulary ``interventions``); ``summary``.
- ``operator``  – a fiche; ``summary`` (its one-line résumé), ``url`` (site-relative
                  URL of the fiche), ``sigle``, ``categorie``.
- ``network``   – a network (vocabulary ``reseaux``).
- ``unit``      – a unit of education (vocabulary ``unites``).
- ``region``    – a region (vocabulary ``regions``).
- ``zone``      – an FWB zone (vocabulary ``zones``); edge ``in_region`` to its region.

Edges (directed, from the operator): ``handles`` (operator → need, with ``detail``),
``serves`` (operator → network / unit / region / zone).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from generator.common.per_model import PerModel, compute
from generator.common.urls import Urls
from generator.content.cartography import Cartography
from schema.criteria import CRITERIA, by_vocabulary

NEED, NETWORK, UNIT, REGION, ZONE = (
    by_vocabulary(v).node_kind for v in ("interventions", "reseaux", "unites", "regions", "zones")
)
OPERATOR = "operator"


def node_id(kind: str, item_id: str) -> str:
    return f"{kind}:{item_id}"


def build_graph(carto: Cartography, per_model: PerModel = compute) -> nx.DiGraph:
    graph: nx.DiGraph = nx.DiGraph()
    for criterion in CRITERIA:
        kind = criterion.node_kind
        for term in getattr(carto.vocab, criterion.vocabulary):
            graph.add_node(node_id(kind, term.id), kind=kind, id=term.id, label=term.libelle, summary=term.description or "")
    # A fiche citing an unknown vocabulary id is reported by the checks; the graph must not
    # invent an attribute-less node for it: edges go only to nodes that exist.
    graph.add_edges_from(
        (node_id(ZONE, zone.id), target, {"relation": "in_region"})
        for zone in carto.vocab.zones
        if (target := node_id(REGION, zone.region)) in graph
    )
    for op_id, operator in carto.operators.items():
        op_node = node_id(OPERATOR, op_id)
        graph.add_node(
            op_node,
            kind=OPERATOR,
            id=op_id,
            label=operator.sigle,
            name=operator.nom,
            summary=operator.resume,
            url=Urls.operator(op_id),
            categorie=operator.categorie,
        )
        graph.add_edges_from(
            (op_node, target, attrs) for target, attrs in per_model(_edges_of, operator, carto.vocab) if target in graph
        )
    return graph


def _edges_of(operator: Any, vocab: Any) -> list[tuple[str, dict]]:
    """The operator's edges, as (target node, attributes): the needs it handles, what it serves."""
    edges = [
        (node_id(NEED, intervention.type), {"relation": "handles", "detail": intervention.detail or ""})
        for intervention in operator.interventions
    ]
    for kind, ids in (
        (NETWORK, operator.publics.reseaux),
        (UNIT, operator.publics.unites),
        (REGION, operator.zone.regions),
        (ZONE, operator.zone.zones or _zones_of(vocab, operator.zone.regions)),
    ):
        edges += [(node_id(kind, item_id), {"relation": "serves"}) for item_id in ids]
    return edges


def _zones_of(vocab: Any, regions: Iterable[str]) -> list[str]:
    """An operator covering a whole region serves every zone of it."""
    wanted = set(regions)
    return [zone.id for zone in vocab.zones if zone.region in wanted]


def operators_matching(graph: nx.DiGraph, **by_kind: Iterable[str]) -> list[str]:
    """Ids of the operators linked to ALL the given criteria, each named by its node kind
    (``need=["connectivite"], region=["bruxelles"]``: :data:`schema.criteria.CRITERIA`).

    Within one criterion, any listed value matches (an operator handling one of the
    needs qualifies); across criteria, all must match. Empty criteria are ignored.
    Result sorted by id (callers apply their own stated order).
    """
    unknown = set(by_kind) - {criterion.node_kind for criterion in CRITERIA}
    if unknown:
        raise TypeError(f"unknown criteria: {', '.join(sorted(unknown))}")
    criteria = [[node_id(c.node_kind, n) for n in by_kind.get(c.node_kind, ())] for c in CRITERIA]
    # Only operators linked to one of the first criterion's nodes can match: start from them
    # rather than from every node of the graph (routing calls this for every path of the tree).
    first = next((wanted for wanted in criteria if wanted), None)
    candidates: Iterable[str]
    if first is None:
        candidates = graph.nodes
    else:
        candidates = {op for wanted in first if wanted in graph for op in graph.pred[wanted]}
    result = []
    for node in candidates:
        data = graph.nodes[node]
        if data["kind"] != OPERATOR:
            continue
        # has_edge: plain dict look-ups (``w in graph.succ[node]`` goes through a Mapping view).
        if all(not wanted or any(graph.has_edge(node, w) for w in wanted) for wanted in criteria):
            result.append(data["id"])
    return sorted(result)


def operators_of(graph: nx.DiGraph, kind: str, item_id: str) -> list[str]:
    """Ids of the operators linked to one need / network / unit / region / zone."""
    return sorted(
        graph.nodes[op]["id"] for op in graph.predecessors(node_id(kind, item_id)) if graph.nodes[op]["kind"] == OPERATOR
    )


def operators_by_term(graph: nx.DiGraph, vocab: Any, vocabulary: str) -> list[tuple[Any, list[str]]]:
    """Each term of ``vocabulary`` with the ids of the operators linked to it (its criterion's nodes)."""
    kind = by_vocabulary(vocabulary).node_kind
    return [(term, operators_of(graph, kind, term.id)) for term in getattr(vocab, vocabulary)]


def get_graph(context) -> nx.DiGraph:
    """The graph of a build, computed once and shared by every section (Cartography.graph)."""
    return context.carto.graph
