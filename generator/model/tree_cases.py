"""Play the editors' routing cases (``content/orientation-cas.yaml``) against the tree and the fiches.

A case gives the answers a teacher would click and the operators the result must
show « À contacter en premier » (and optionally « Peut aussi vous aider », and
operators that must not appear). A new operator joining a group does not break a
case: a new fiche may rightly do so; ``absents`` excludes one. Each broken case is one French issue on the
line of the field that no longer holds, naming the case, its situation and what
changed; ``cartographie validate`` then fails like for any content error.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from generator.content.cartography import Cartography
from generator.content.issues import ContentIssue, Severity
from generator.content.loader import format_loc
from generator.model.tree import Answer, Match, facts_of, route
from schema.cases import Cas, CasOrientation
from schema.kinds import CASES, OPERATORS, TREE
from schema.tree import DecisionTree, Question, Resultat

Loc = tuple[str | int, ...]


def check_cases(carto: Cartography, cases: CasOrientation | None, graph: Callable[[], nx.DiGraph]) -> list[ContentIssue]:
    """The issues of every case that the content no longer satisfies (none when all hold)."""
    if cases is None:
        return []
    file = carto.file_of(CASES.name, CASES.name)
    document = carto.documents[file]

    def report(loc: Loc, message: str, severity: Severity = "erreur") -> ContentIssue:
        return ContentIssue(file, document.line_of(loc), format_loc(loc), message, severity)

    if carto.tree is None:  # a warning: the tree is optional, and an error with --strict
        return [
            report(
                ("cas",),
                f"des cas d'orientation sont donnés, mais l'arbre (content/{TREE.pattern}) est absent : ils ne sont pas rejoués",
                "avertissement",
            )
        ]
    routing = graph()
    if any("kind" not in data for _, data in routing.nodes(data=True)):
        return []  # a fiche cites an unknown vocabulary id (reported by checks.py): routing would be wrong
    issues: list[ContentIssue] = []
    seen: set[str] = set()
    for index, case in enumerate(cases.cas):
        if case.id in seen:
            issues.append(report(("cas", index, "id"), f"identifiant de cas « {case.id} » déjà utilisé plus haut"))
        seen.add(case.id)
        issues += _unknown_operators(carto, case, index, report)
        issues += _play(carto.tree, routing, case, index, report)
    return issues


def _unknown_operators(carto: Cartography, case: Cas, index: int, report) -> list[ContentIssue]:
    issues = []
    for name in ("en_premier", "aussi", "absents"):
        for position, op_id in enumerate(getattr(case, name) or ()):
            if op_id not in carto.operators:
                issues.append(
                    report(
                        ("cas", index, name, position),
                        f"cas « {case.id} » : aucune fiche opérateur n'a l'identifiant « {op_id} » ; vérifiez content/{OPERATORS.folder}/",
                    )
                )
    return issues


def _walk(tree: DecisionTree, case: Cas, index: int, report) -> tuple[Resultat | None, dict, list[ContentIssue]]:
    """Follow the case's answers from the first question: the result reached and its facts, or the issue."""
    node = tree.node(tree.depart)
    answers: list[Answer] = []
    for position, value in enumerate(case.reponses):
        loc = ("cas", index, "reponses", position)
        if node is None:  # a dangling option: reported by the tree's checks
            return None, {}, []
        if not isinstance(node, Question):
            return (
                None,
                {},
                [
                    report(
                        loc,
                        f"cas « {case.id} » ({case.situation}) : le parcours arrive déjà au résultat "
                        f"« {node.id} » avant la réponse « {value} » ; retirez les réponses en trop",
                    )
                ],
            )
        option = next((o for o in node.options if o.valeur == value), None)
        if option is None:
            values = ", ".join(o.valeur for o in node.options)
            return (
                None,
                {},
                [
                    report(
                        loc,
                        f"cas « {case.id} » ({case.situation}) : la question « {node.id} » "
                        f"(« {node.question} ») n'a pas de réponse « {value} » ; réponses possibles : {values}",
                    )
                ],
            )
        answers.append(Answer(node, option))
        node = tree.node(option.suite)
    if isinstance(node, Question):
        values = ", ".join(o.valeur for o in node.options)
        return (
            None,
            {},
            [
                report(
                    ("cas", index, "reponses"),
                    f"cas « {case.id} » ({case.situation}) : après ces réponses, l'arbre pose encore la question "
                    f"« {node.id} » (« {node.question} ») ; ajoutez la réponse, parmi : {values}",
                )
            ],
        )
    if node is None:
        return None, {}, []
    return node, facts_of(answers), []


def _play(tree: DecisionTree, graph: nx.DiGraph, case: Cas, index: int, report) -> list[ContentIssue]:
    result, facts, issues = _walk(tree, case, index, report)
    if result is None:
        return issues
    intro = f"cas « {case.id} » ({case.situation}) : "
    if case.resultat is not None and case.resultat != result.id:
        issues.append(
            report(
                ("cas", index, "resultat"), f"{intro}les réponses mènent au résultat « {result.id} », attendu « {case.resultat} »"
            )
        )
    matches = route(graph, result, facts)
    first = [m.operator for m in matches if m.first]
    others = [m.operator for m in matches if not m.first]
    changed = _difference("« À contacter en premier »", case.en_premier, first, matches)
    if changed:
        issues.append(report(("cas", index, "en_premier"), intro + changed))
    if case.aussi is not None:
        changed = _difference("« Peut aussi vous aider »", case.aussi, others, matches)
        if changed:
            issues.append(report(("cas", index, "aussi"), intro + changed))
    present = [op for op in case.absents if op in first + others]
    if present:
        issues.append(
            report(
                ("cas", index, "absents"),
                f"{intro}{', '.join(present)} ne devrait pas apparaître, mais le résultat « {result.id} » "
                f"le liste ({_where(present, matches)})",
            )
        )
    return issues


def _difference(group: str, expected: list[str], found: list[str], matches: tuple[Match, ...]) -> str | None:
    """What is missing from a group, in French; None when every expected operator is in it.

    A new operator in the group is not an error (a new fiche may rightly join it): a case that
    must exclude one names it in ``absents``.
    """
    gone = [op for op in expected if op not in found]
    if not gone:
        return None
    listed = [op for op in gone if any(m.operator == op for m in matches)]
    where = f" ({_where(listed, matches)})" if listed else ""
    unlisted = [op for op in gone if op not in listed]
    return (
        f"{group} a changé : attendu {', '.join(expected)} ; l'arbre et les fiches donnent "
        f"{', '.join(found) or 'aucun opérateur'} ; n'y est plus : {', '.join(gone)}{where}"
        + (f" ; plus du tout listé : {', '.join(unlisted)}" if unlisted else "")
        + ". Si le changement est voulu, mettez le cas à jour ; sinon, corrigez la fiche ou l'arbre"
    )


def _where(ops: list[str], matches: tuple[Match, ...]) -> str:
    groups = {m.operator: "en premier" if m.first else "peut aussi vous aider" for m in matches}
    return ", ".join(f"{op} : {groups[op]}" for op in ops if op in groups)
