"""Checks of the decision tree against itself and the fiches: no dead end can be published.

Every option leads to a node that exists; no cycle; every node is reachable
from the first question; every path ends on a result with at least one
operator. Each problem names the file, the line of the node or option, and the
answers that lead there, in French.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from generator.content.cartography import Cartography
from generator.content.checks import refs_of
from generator.content.issues import ContentIssue, did_you_mean
from generator.content.loader import format_loc
from generator.model.tree import Walk, complete_walks, fact_order, question_url, route, walks
from schema import OperatorRef
from schema.criteria import FACT_VOCABULARIES
from schema.kinds import OPERATORS
from schema.tree import DecisionTree, Question, Resultat

Loc = tuple[str | int, ...]
Report = Callable[[Loc, str], ContentIssue]


def check_tree(carto: Cartography, graph: Callable[[], nx.DiGraph]) -> list[ContentIssue]:
    """The tree's issues; ``graph()`` gives the content's graph, built only if routing is checked."""
    tree = carto.tree
    if tree is None:  # the tree is optional: nothing to check
        return []
    file = carto.file_of("orientation", "orientation")
    document = carto.documents[file]

    def report(loc: Loc, message: str) -> ContentIssue:
        return ContentIssue(file, document.line_of(loc), format_loc(loc), message)

    issues = _check_ids(tree, report)
    issues += _check_references(carto, tree, report)
    if issues:  # the structure is unsound: walking it would only repeat these errors
        return issues
    issues += _check_cycles(tree, report)
    issues += _check_reachable(tree, report)
    issues += _check_urls(tree, report)
    if not issues:
        issues += _check_dead_ends(graph(), tree, report)
    return issues


def _locs(tree: DecisionTree) -> dict[str, Loc]:
    """Node id -> location of its ``id`` in the file (the first one, for duplicates)."""
    locs: dict[str, Loc] = {}
    for index, result in reversed(list(enumerate(tree.resultats))):
        locs[result.id] = ("resultats", index, "id")
    for index, question in reversed(list(enumerate(tree.questions))):
        locs[question.id] = ("questions", index, "id")
    return locs


def _check_ids(tree: DecisionTree, report: Report) -> list[ContentIssue]:
    issues = []
    seen: set[str] = set()
    nodes = [("questions", i, q.id) for i, q in enumerate(tree.questions)]
    nodes += [("resultats", i, r.id) for i, r in enumerate(tree.resultats)]
    for section, index, node in nodes:
        if node in seen:
            issues.append(
                report((section, index, "id"), f"identifiant « {node} » déjà utilisé par une autre question ou un autre résultat")
            )
        seen.add(node)
    start = tree.node(tree.depart)
    if start is None:
        issues.append(
            report(
                ("depart",),
                f"« {tree.depart} » n'est l'identifiant d'aucune question{did_you_mean(tree.depart, [q.id for q in tree.questions])} ; attendu l'un de : {', '.join(q.id for q in tree.questions)}",
            )
        )
    elif isinstance(start, Resultat):
        issues.append(report(("depart",), f"« {tree.depart} » est un résultat ; l'arbre commence par une question"))
    for qi, question in enumerate(tree.questions):
        for oi, option in enumerate(question.options):
            if tree.node(option.suite) is None:
                issues.append(
                    report(
                        ("questions", qi, "options", oi, "suite"),
                        f"la réponse « {option.libelle} » de la question « {question.id} » mène à « {option.suite} », "
                        f"qui n'existe pas{did_you_mean(option.suite, [node for _, _, node in nodes])} ; attendu l'identifiant"
                        f" d'une question ou d'un résultat{_reached_by(tree, question.id)}",
                    )
                )
    return issues


def _reached_by(tree: DecisionTree, node: str) -> str:
    walk = next((w for w in walks(tree) if w.node.id == node), None)
    return f" (parcours : {walk.describe()})" if walk is not None else ""


def _check_references(carto: Cartography, tree: DecisionTree, report: Report) -> list[ContentIssue]:
    """Fact values are vocabulary ids; interventions, categories and operators exist."""
    issues = []
    vocab_ids = {name: set(carto.vocab.ids(name)) for name in set(FACT_VOCABULARIES.values()) | {"interventions", "categories"}}

    def check_fact(key: str, value: str, loc: Loc) -> None:
        vocabulary = FACT_VOCABULARIES.get(key)
        if vocabulary and value not in vocab_ids[vocabulary]:
            expected = ", ".join(sorted(vocab_ids[vocabulary]))
            issues.append(
                report(
                    loc,
                    f"« {value} » n'existe pas dans le vocabulaire « {vocabulary} » (fait « {key} »){did_you_mean(value, vocab_ids[vocabulary])} ; attendu l'un de : {expected}",
                )
            )

    for qi, question in enumerate(tree.questions):
        for oi, option in enumerate(question.options):
            check_fact(question.fait, option.valeur, ("questions", qi, "options", oi, "valeur"))
            for key, value in option.pose.items():
                check_fact(key, value, ("questions", qi, "options", oi, "pose", key))
    for loc, marker, value in refs_of(tree):
        vocabulary = getattr(marker, "vocabulary", None)
        if vocabulary is not None and value not in vocab_ids.setdefault(vocabulary, set(carto.vocab.ids(vocabulary))):
            issues.append(
                report(
                    loc,
                    f"« {value} » n'existe pas dans le vocabulaire « {vocabulary} »"
                    f"{did_you_mean(value, vocab_ids[vocabulary])} ; attendu l'un de : {', '.join(sorted(vocab_ids[vocabulary]))}",
                )
            )
        elif isinstance(marker, OperatorRef) and value not in carto.operators:
            issues.append(
                report(
                    loc,
                    f"aucune fiche opérateur n'a l'identifiant « {value} »{did_you_mean(value, carto.operators)}"
                    f" ; vérifiez content/{OPERATORS.folder}/",
                )
            )
    return issues


def _node_graph(tree: DecisionTree) -> nx.DiGraph:
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(q.id for q in tree.questions)
    graph.add_nodes_from(r.id for r in tree.resultats)
    for qi, question in enumerate(tree.questions):
        for oi, option in enumerate(question.options):
            graph.add_edge(question.id, option.suite, loc=("questions", qi, "options", oi, "suite"), option=option)
    return graph


def _check_cycles(tree: DecisionTree, report: Report) -> list[ContentIssue]:
    graph = _node_graph(tree)
    issues = []
    for cycle in list(nx.simple_cycles(graph))[:10]:
        first = min(cycle)  # stable message whatever networkx's starting point
        start = cycle.index(first)
        cycle = cycle[start:] + cycle[:start]
        closing = graph.edges[cycle[-1], cycle[0]]
        loop = " → ".join(cycle + [cycle[0]])
        issues.append(
            report(
                closing["loc"],
                f"boucle dans l'arbre : {loop} ; la réponse « {closing['option'].libelle} » "
                f"ramène à une question déjà posée{_reached_by(tree, cycle[-1])}",
            )
        )
    return issues


def _check_reachable(tree: DecisionTree, report: Report) -> list[ContentIssue]:
    graph = _node_graph(tree)
    reachable = nx.descendants(graph, tree.depart) | {tree.depart}
    locs = _locs(tree)
    return [
        report(
            locs[node],
            f"« {node} » n'est atteint par aucune réponse depuis la première question « {tree.depart} » ; "
            "reliez-le (suite d'une réponse) ou supprimez-le",
        )
        for node in sorted(set(graph) - reachable, key=lambda n: locs[n])
    ]


def _check_urls(tree: DecisionTree, report: Report) -> list[ContentIssue]:
    """Two walks with the same facts share a page: they must be at the same question."""
    order = fact_order(tree)
    seen: dict[str, Walk] = {}
    issues = []
    locs = _locs(tree)
    for walk in walks(tree):
        if not isinstance(walk.node, Question):
            continue
        url = question_url(order, walk.facts)
        first = seen.setdefault(url, walk)
        if first.node.id != walk.node.id:
            issues.append(
                report(
                    locs[walk.node.id],
                    f"les mêmes réponses mènent à deux questions différentes (« {first.node.id} » et « {walk.node.id} ») : "
                    f"{first.describe()} / {walk.describe()} ; donnez une valeur différente à l'une des réponses",
                )
            )
    return issues


def _check_dead_ends(graph: nx.DiGraph, tree: DecisionTree, report: Report) -> list[ContentIssue]:
    if any("kind" not in data for _, data in graph.nodes(data=True)):
        return []  # a fiche cites an unknown vocabulary id (reported by checks.py): routing would be wrong
    locs = _locs(tree)
    issues = []
    for walk in complete_walks(tree):
        matches = route(graph, walk.result, walk.facts)
        if any(match.first for match in matches):
            continue
        result = walk.result
        wanted = ", ".join(result.interventions) or "aucune intervention"
        if matches:
            others = ", ".join(m.operator for m in matches)
            issues.append(
                report(
                    locs[result.id],
                    f"parcours sans opérateur à contacter en premier : {walk.describe()} → résultat « {result.id} » : "
                    f"aucun des opérateurs trouvés ({others}) ne répond à « en_premier » ; "
                    "élargissez « en_premier » ou ajoutez un opérateur avec « en_premier: true »",
                )
            )
            continue
        issues.append(
            report(
                locs[result.id],
                f"parcours sans opérateur : {walk.describe()} → résultat « {result.id} » : aucune fiche ne déclare "
                f"({wanted}) pour ces réponses ; complétez une fiche ou ajoutez un opérateur au résultat (ajouts)",
            )
        )
    return issues
