"""The entry point of the model: the content folder → a checked :class:`Cartography`.

The content stage reads and cross-checks the files (:func:`generator.content.files.read_content`);
this adds what needs the model (the decision tree's checks, which walk the graph) and gives the
cartography its graph. Every issue of the run is collected before anything is raised.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from generator.common.per_model import PerModel, compute
from generator.content.cartography import Cartography
from generator.content.files import forget_documents, read_content
from generator.content.issues import ContentError
from generator.content.loader import quote_lines
from generator.model.graph import build_graph
from generator.model.tree import reuse_routes
from generator.model.tree_cases import check_cases
from generator.model.tree_checks import check_tree


def load_cartography(
    root: Path,
    review_months: int | None = None,
    documents: dict[str, tuple] | None = None,
    per_model: PerModel = compute,
    routes: dict[tuple, tuple] | None = None,
) -> Cartography:
    """Load, validate and check ``root``; raise :class:`ContentError` with every issue.

    ``documents`` (kept by a long-running process, ``cartographie serve``) holds each file's
    document and validation result by path, reused while the file is unchanged: a rebuild
    after one fiche changes parses and validates that fiche only. The cross-checks always
    run on the whole content. ``per_model`` and ``routes``: what such a process keeps of the
    results derived from unchanged models, and of the decision tree's routes
    (generator.common.per_model, generator.model.tree.reuse_routes).
    """
    cartography, found = read_content(root, review_months, documents, per_model)
    graph = functools.cache(
        lambda: _graph_of(cartography, per_model, routes)
    )  # built only if the checks need it, or the content is valid
    if cartography.tree is not None:
        found += check_tree(cartography, graph)
    if not any(issue.is_error for issue in found):  # the editors' cases, played on sound content only
        found += check_cases(cartography, cartography.cases, graph)
    forget_documents(cartography)
    errors = [issue for issue in found if issue.is_error]
    if errors:
        raise ContentError(quote_lines(sorted(found)))
    cartography.warnings = sorted(found)
    cartography.graph = graph()
    return cartography


def _graph_of(cartography: Cartography, per_model: PerModel, routes: dict[tuple, tuple] | None) -> Any:
    graph = build_graph(cartography, per_model)
    if routes is not None:
        reuse_routes(graph, cartography.tree, routes)
    return graph
