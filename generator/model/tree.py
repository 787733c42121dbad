"""Routing through the decision tree: answers → facts → operators.

A *walk* is a sequence of answers from the first question; each answer records
its question's fact (``objet``, ``region``, ``reseau``…) plus the facts the
option ``pose``. A result selects, from the shared graph, the operators that
handle one of its interventions and serve every filtering fact collected
(:data:`schema.criteria.FACTS`), then adds the operators it names.

URLs encode facts, not clicks: a question page lives at
``orientation/<fact values in canonical order>/``, so two walks that establish
the same facts share a page; a result page lives at
``orientation/resultat/<result>/<filtering fact values>/``, shared by every walk
that would show the same operators. This keeps the number of pages bounded by
what the routing can distinguish (figures in docs/orientation.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from generator.common.digest import value_digest
from generator.common.urls import Urls
from generator.model.graph import NEED, OPERATOR, node_id, operators_matching
from schema.criteria import CRITERIA, FACTS, by_slug
from schema.tree import DecisionTree, Option, Question, Resultat

#: The order of operators on a result, as stated to readers on the page.
ORDER_RULE = (
    "« À contacter en premier » : les services dont c'est le rôle pour cette demande, d'après l'arbre et "
    "les fiches ; « Peut aussi vous aider » : les autres services qui déclarent ce besoin. Dans chaque "
    "groupe, d'abord les services qui déclarent le besoin que l'arbre cite en premier, puis les plus "
    "ciblés (le moins de réseaux, d'enseignements, de régions et de zones servis). Des services de même "
    "rang sont à égalité, quel que soit leur ordre dans la liste."
)

RESULT_PREFIX = "resultat"

#: What an operator serves (every criterion but the needs), in the order of the rule's « le moins de
#: réseaux, d'enseignements, de régions et de zones servis ».
SERVED = tuple(c.node_kind for c in CRITERIA if c.node_kind != NEED)


@dataclass(frozen=True)
class Answer:
    question: Question
    option: Option


@dataclass(frozen=True)
class Walk:
    """A sequence of answers from the first question, and the node it reaches."""

    answers: tuple[Answer, ...]
    node: Question | Resultat

    @property
    def facts(self) -> dict[str, str]:
        return facts_of(self.answers)

    @property
    def result(self) -> Resultat:
        """The result this walk reaches (a walk of :func:`complete_walks`)."""
        if not isinstance(self.node, Resultat):
            raise TypeError(f"le parcours s'arrête sur la question « {self.node.id} »")
        return self.node

    @property
    def question(self) -> Question:
        """The question this walk reaches."""
        if not isinstance(self.node, Question):
            raise TypeError(f"le parcours s'arrête sur le résultat « {self.node.id} »")
        return self.node

    def describe(self) -> str:
        """The answers in French, for error messages: « Votre demande : Technique » > …"""
        if not self.answers:
            return "(première question)"
        return " > ".join(f"{a.question.intitule} : « {a.option.libelle} »" for a in self.answers)

    def short(self) -> str:
        """The answers as values, for the snapshot: technique > wallonie > en."""
        return " > ".join(a.option.valeur for a in self.answers)


def facts_of(answers: tuple[Answer, ...] | list[Answer]) -> dict[str, str]:
    facts: dict[str, str] = {}
    for answer in answers:
        facts[answer.question.fait] = answer.option.valeur
        facts.update(answer.option.pose)
    return facts


# --- Walking the tree ------------------------------------------------------------


def walks(tree: DecisionTree) -> Iterator[Walk]:
    """Every walk from the first question, prefixes included, depth first in file order.

    Stops at dangling options and at cycles (reported by tree_checks), so it
    always terminates.
    """
    start = tree.node(tree.depart)
    if start is None:
        return
    stack: list[Walk] = [Walk((), start)]
    while stack:
        walk = stack.pop()
        yield walk
        if isinstance(walk.node, Resultat):
            continue
        seen = {a.question.id for a in walk.answers} | {walk.node.id}
        children = []
        for option in walk.node.options:
            target = tree.node(option.suite)
            if target is None or target.id in seen:
                continue
            children.append(Walk(walk.answers + (Answer(walk.node, option),), target))
        stack.extend(reversed(children))


def complete_walks(tree: DecisionTree) -> Iterator[Walk]:
    """The walks that end on a result: one per path of the tree."""
    return (walk for walk in walks(tree) if isinstance(walk.node, Resultat))


def fact_order(tree: DecisionTree) -> list[str]:
    """Canonical order of facts in URLs: as first met from the first question, in file order."""
    order: list[str] = []
    for walk in walks(tree):
        if isinstance(walk.node, Question) and walk.node.fait not in order:
            order.append(walk.node.fait)
        for answer in walk.answers:
            for key in answer.option.pose:
                if key not in order:
                    order.append(key)
    for question in tree.questions:  # unreachable questions still get a place
        if question.fait not in order:
            order.append(question.fait)
    return order


def question_url(order: list[str], facts: dict[str, str]) -> str:
    keys = [k for k in order if k in facts] + sorted(k for k in facts if k not in order)
    return Urls.orientation + "".join(f"{facts[k]}/" for k in keys)


def result_facts(result: Resultat, facts: dict[str, str]) -> dict[str, str]:
    """The facts a result filters on, in canonical order (reseau, region, zone, unite)."""
    wanted = result.filtres if result.filtres is not None else FACTS
    return {k: facts[k] for k in FACTS if k in wanted and k in facts}


def result_url(result: Resultat, facts: dict[str, str]) -> str:
    values = "".join(f"{v}/" for v in result_facts(result, facts).values())
    return f"{Urls.orientation}{RESULT_PREFIX}/{result.id}/{values}"


def step_url(order: list[str], node: Question | Resultat, facts: dict[str, str]) -> str:
    if isinstance(node, Resultat):
        return result_url(node, facts)
    return question_url(order, facts)


# --- Routing ---------------------------------------------------------------------


@dataclass
class Match:
    """An operator on a result, and why it is there."""

    operator: str
    handles: list[str] = field(default_factory=list)  # intervention ids it declares among the wanted
    serves: dict[str, str] = field(default_factory=dict)  # filtering facts it serves
    reason: str | None = None  # set when the tree adds it
    added: bool = False
    first: bool = True  # « À contacter en premier » (else « Peut aussi vous aider »)
    rank: int = 1  # 1, 2…; equal ranks are ties (their order in the list means nothing)


def route(graph: nx.DiGraph, result: Resultat, facts: dict[str, str]) -> tuple[Match, ...]:
    """The operators of ``result`` for ``facts``, in the stated order (:data:`ORDER_RULE`).

    Computed once per graph and (result, facts it filters on): the checks, the result
    pages and the editors' report walk the same paths, and many paths share a result.
    """
    filters = result_facts(result, facts)
    memo = graph.graph.setdefault("routes", {})
    key = (id(result), tuple(filters.items()))
    if key not in memo:
        memo[key] = (result, tuple(_route(graph, result, filters)))  # result kept alive: its id stays unique
    return memo[key][1]


def reuse_routes(graph: nx.DiGraph, tree: DecisionTree | None, kept: dict[tuple, tuple]) -> None:
    """Give ``graph`` the routes computed for an earlier graph that routes alike.

    Routing reads the tree, the edges and, of each node, its kind, id and category
    (operators_matching, _handles, specificity): when ``serve`` rebuilds after a change
    that touches none of them (a fiche's résumé, its contacts…), the routes are the same.
    The tree counts by identity: ``serve`` keeps the same tree object while its file is unchanged.
    ``kept`` holds the routes of the last graph, by what routing reads: the build state of a
    process that builds again (``BuildState.routes``); a one-shot command gives none.
    """
    nodes = [(node, data.get("kind"), data.get("id"), data.get("categorie")) for node, data in graph.nodes(data=True)]
    key = (id(tree), value_digest((nodes, list(graph.edges))))
    found = kept.get(key)
    if found is None:
        kept.clear()
        found = kept[key] = (tree, {}, {})  # the tree held: its id is not reused meanwhile
    graph.graph["routes"], graph.graph["specificity"] = found[1], found[2]


def _route(graph: nx.DiGraph, result: Resultat, filters: dict[str, str]) -> list[Match]:
    found: list[str] = []
    if result.interventions:
        criteria = {by_slug(k).node_kind: [v] for k, v in filters.items()}
        found = operators_matching(graph, **{NEED: result.interventions}, **criteria)
        if result.categories:
            found = [op for op in found if graph.nodes[node_id(OPERATOR, op)]["categorie"] in result.categories]
    matches = [
        Match(op, _handles(graph, op, result.interventions), dict(filters), first=_is_first(graph, result, op)) for op in found
    ]
    by_id = {m.operator: m for m in matches}
    for ajout in result.ajouts:
        if ajout.si_aucun and found:
            continue
        if ajout.operateur in by_id:
            by_id[ajout.operateur].reason = ajout.raison
            continue
        if node_id(OPERATOR, ajout.operateur) not in graph:
            continue  # unknown id: reported by the cross-checks
        match = Match(ajout.operateur, reason=ajout.raison, added=True, first=ajout.en_premier or ajout.si_aucun)
        matches.append(match)
        by_id[ajout.operateur] = match
    return _ranked(graph, result, matches)


def _is_first(graph: nx.DiGraph, result: Resultat, op_id: str) -> bool:
    """Whether the result's ``en_premier`` selects this operator (all of them when it has none)."""
    wanted = result.en_premier
    if wanted is None:
        return True
    node = node_id(OPERATOR, op_id)
    if wanted.categories and graph.nodes[node]["categorie"] not in wanted.categories:
        return False
    return not wanted.interventions or any(graph.has_edge(node, node_id(NEED, n)) for n in wanted.interventions)


def _ranked(graph: nx.DiGraph, result: Resultat, matches: list[Match]) -> list[Match]:
    """Sorted by the stated rule; ties share a rank. Added operators follow the computed ones
    of their group, in the tree's order (the sort is stable)."""

    def key(match: Match) -> tuple:
        needs = [result.interventions.index(n) for n in match.handles]
        return (
            not match.first,
            match.added,
            min(needs, default=len(result.interventions)),
            specificity(graph, match.operator) if not match.added else (),
        )

    ordered = sorted(matches, key=key)
    rank, previous = 0, None
    for index, match in enumerate(ordered):
        current = key(match)
        if current != previous or match.added:
            rank = index + 1
        match.rank, previous = rank, current
    return ordered


def specificity(graph: nx.DiGraph, op_id: str) -> tuple:
    """Sort key: fewest networks, units, regions, then zones served (once per graph and operator)."""
    keys = graph.graph.setdefault("specificity", {})
    key = keys.get(op_id)
    if key is None:
        kinds = [graph.nodes[s]["kind"] for s in graph.succ[node_id(OPERATOR, op_id)]]
        key = keys[op_id] = tuple(kinds.count(kind) for kind in SERVED)
    return key


def _handles(graph: nx.DiGraph, op_id: str, needs: list[str]) -> list[str]:
    node = node_id(OPERATOR, op_id)
    return [need for need in needs if graph.has_edge(node, node_id(NEED, need))]


# --- Exports ---------------------------------------------------------------------


def snapshot(tree: DecisionTree, graph: nx.DiGraph) -> str:
    """One line per path, with the computed operators: the routing as a reviewable diff."""
    lines = [
        "# Instantané de l'arbre de décision : une ligne par parcours, avec les opérateurs calculés.",
        "# Généré par « cartographie orientation --snapshot » ; ne pas modifier à la main.",
        "# réponses → résultat : en premier | aussi : les autres (+ ajouté par l'arbre, = à égalité avec le précédent)",
    ]
    for walk in complete_walks(tree):
        matches = route(graph, walk.result, walk.facts)
        lines.append(f"{walk.short()} → {walk.node.id} : {snapshot_operators(matches)}")
    return "\n".join(lines) + "\n"


def snapshot_operators(matches: tuple[Match, ...] | list[Match]) -> str:
    """« a, =b | aussi : +c »: the two groups, in order, ties and additions marked."""

    def name(match: Match, previous: Match | None) -> str:
        tie = "=" if previous is not None and previous.rank == match.rank else ""
        return tie + ("+" if match.added else "") + match.operator

    groups = []
    for first in (True, False):
        group = [m for m in matches if m.first == first]
        groups.append(", ".join(name(m, group[i - 1] if i else None) for i, m in enumerate(group)))
    text = groups[0] or "AUCUN"
    return text + (f" | aussi : {groups[1]}" if groups[1] else "")


def _mermaid_id(node: str) -> str:
    return "n_" + node.replace("-", "_")


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def tree_to_mermaid(tree: DecisionTree) -> str:
    """The tree as a Mermaid flowchart: questions as diamonds, results as rounded boxes."""
    lines = ["flowchart TD"]
    for question in tree.questions:
        lines.append(f'  {_mermaid_id(question.id)}{{"{_mermaid_text(question.question)}"}}')
    for result in tree.resultats:
        needs = ", ".join(result.interventions + [("repli " if a.si_aucun else "+") + a.operateur for a in result.ajouts])
        lines.append(f'  {_mermaid_id(result.id)}(["{_mermaid_text(result.titre)}<br/>({_mermaid_text(needs)})"])')
    for question in tree.questions:
        for option in question.options:
            lines.append(f'  {_mermaid_id(question.id)} -->|"{_mermaid_text(option.libelle)}"| {_mermaid_id(option.suite)}')
    lines.append("  classDef result fill:#e8f1fb,stroke:#0b4f9c")
    lines.append("  class " + ",".join(_mermaid_id(r.id) for r in tree.resultats) + " result")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class PageCount:
    walks: int  # complete paths of the tree
    path_pages: int  # pages if every step were keyed by its full path
    question_pages: int
    result_pages: int

    @property
    def pages(self) -> int:
        return self.question_pages + self.result_pages


def count_pages(tree: DecisionTree) -> PageCount:
    """How many pages the tree generates, against one page per path prefix."""
    order = fact_order(tree)
    all_walks = list(walks(tree))
    questions = {question_url(order, w.facts) for w in all_walks if isinstance(w.node, Question)}
    results = {result_url(w.node, w.facts) for w in all_walks if isinstance(w.node, Resultat)}
    complete = sum(isinstance(w.node, Resultat) for w in all_walks)
    return PageCount(complete, len(all_walks), len(questions), len(results))


# --- Files committed in the repository ----------------------------------------------

SNAPSHOT_NAME = "orientation.snapshot.txt"
MERMAID_START = "<!-- mermaid:debut (généré par « cartographie orientation --snapshot ») -->"
MERMAID_END = "<!-- mermaid:fin -->"


def committed_exports(carto, graph: nx.DiGraph) -> dict[Path, str]:
    """Path -> expected text of the snapshot and of the Mermaid block of docs/orientation.md."""
    exports = {carto.root / SNAPSHOT_NAME: snapshot(carto.tree, graph)}
    doc = carto.root.resolve().parent / "docs" / "orientation.md"
    if doc.exists():
        text = doc.read_text(encoding="utf-8")
        if MERMAID_START in text and MERMAID_END in text:
            head, rest = text.split(MERMAID_START, 1)
            _, tail = rest.split(MERMAID_END, 1)
            block = f"{MERMAID_START}\n```mermaid\n{tree_to_mermaid(carto.tree)}```\n{MERMAID_END}"
            exports[doc] = head + block + tail
    return exports


def stale_exports(carto, graph: nx.DiGraph) -> list[Path]:
    return [
        path
        for path, text in committed_exports(carto, graph).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
