"""/orientation/: the decision tree as static pages, one question per page.

Question pages are keyed by the facts established so far, result pages by the
result and the facts it filters on (see generator/model/tree.py), so walks that
cannot be told apart share a page. Every option is a plain link: the tree works
without JavaScript; js/orientation.js only avoids full page reloads.
"""

from __future__ import annotations

from generator.common.urls import Page, Urls
from generator.model.graph import get_graph
from generator.model.tree import ORDER_RULE, Walk, fact_order, question_url, route, step_url, walks
from generator.site.context import BuildContext
from schema import A_CONFIRMER
from schema.criteria import FACT_VOCABULARIES
from schema.tree import Question, Resultat

CRUMB = (Urls.orientation, "Trouver un contact")


def contribute(context: BuildContext):
    carto = context.carto
    if carto.tree is None:
        return
    order = fact_order(carto.tree)
    questions: dict[str, Walk] = {}
    results: dict[str, list[Walk]] = {}
    for walk in walks(carto.tree):
        url = step_url(order, walk.node, walk.facts)
        if isinstance(walk.node, Question):
            questions.setdefault(url, walk)
        else:
            results.setdefault(url, []).append(walk)
    for url, walk in questions.items():
        yield _question_page(carto, order, url, walk)
    graph = get_graph(context)
    for url, same in results.items():
        yield _result_page(context, graph, order, url, same)


def _answers(order: list[str], walk: Walk, keep: set | None = None) -> list[dict]:
    """The answers so far, each with the page where it was asked (earlier answers kept)."""
    shown = []
    for index, answer in enumerate(walk.answers):
        if keep is not None and (answer.question.fait, answer.option.valeur) not in keep:
            continue
        before = Walk(walk.answers[:index], answer.question)
        shown.append(
            {
                "intitule": answer.question.intitule,
                "libelle": answer.option.libelle,
                "modifier": question_url(order, before.facts),
            }
        )
    return shown


def _question_page(carto, order: list[str], url: str, walk: Walk) -> Page:
    question = walk.question
    tree = carto.tree
    options = []
    for option in question.options:
        following = Walk(walk.answers, question).facts | {question.fait: option.valeur} | option.pose
        options.append({"option": option, "href": step_url(order, tree.node(option.suite), following)})
    number = len(walk.answers) + 1
    breadcrumb = [CRUMB] if number == 1 else [CRUMB, (url, f"Question {number}")]
    return Page(
        url=url,
        template="orientation/question.html",
        kind="orientation-question",
        title=question.question,
        context={
            "question": question,
            "options": options,
            "number": number,
            "answers": _answers(order, walk),
            "breadcrumb": breadcrumb,
        },
    )


def _result_page(context: BuildContext, graph, order: list[str], url: str, same: list[Walk]) -> Page:
    """One result page for every walk that shows the same operators.

    It recalls the answers all these walks share: the others did not change the result.
    """
    first = same[0]
    result = first.result
    common = set.intersection(*({(a.question.fait, a.option.valeur) for a in w.answers} for w in same))  # same fact, same value
    matches = route(graph, result, first.facts)
    entries = [_entry(context, match) for match in matches]
    answers = _answers(order, first, keep=common)
    absolute = f"{context.base_url}{url}" if context.base_url else None
    return Page(
        url=url,
        template="orientation/result.html",
        kind="orientation-result",
        title=result.titre,
        context={
            "result": result,
            "order_rule": ORDER_RULE,
            "groups": [
                {"first": True, "entries": [e for e in entries if e["first"]]},
                {"first": False, "entries": [e for e in entries if not e["first"]]},
            ],
            "answers": answers,
            "absolute_url": absolute,
            "qr": _qr(absolute),
            "breadcrumb": [CRUMB, (url, "Résultat")],
        },
    )


def _qr(absolute: str | None) -> str | None:
    from generator.site.qr import qr_svg

    return qr_svg(absolute) if absolute else None


def _entry(context: BuildContext, match) -> dict:
    """What a reader needs to act on one operator of a result."""
    operator = context.carto.operators[match.operator]
    # serve reuses the routes, hence the matches, while routing reads the same graph: one entry each
    return context.per_model(_entry_of, match, operator, context.carto.vocab, facts_of(context, operator))


def _entry_of(match, operator, vocab, facts: dict) -> dict:
    details = {item.type: item.detail for item in operator.interventions}
    why = [
        {"label": vocab.label("interventions", i), "detail": (details.get(i) or "").rstrip(" .") or None} for i in match.handles
    ]
    serves = ", ".join(vocab.label(FACT_VOCABULARIES[k], v) for k, v in match.serves.items())
    return {
        "operator": operator,
        "why": why,
        "serves": serves,
        "limits": limits_of(operator, vocab),
        "reason": match.reason,
        "added": match.added,
        "first": match.first,
        "rank": match.rank,
        "facts": facts,
    }


def limits_of(operator, vocab) -> list[str]:
    """What the operator does not cover, from its fiche: networks, units, regions, zones (French)."""
    out = []
    for vocabulary, served, what in (
        ("reseaux", operator.publics.reseaux, "réseau"),
        ("unites", operator.publics.unites, "enseignement"),
        ("regions", operator.zone.regions, "région"),
    ):
        every = vocab.ids(vocabulary)
        missing = [i for i in every if i not in served]
        if not missing:
            continue
        kept = [i for i in every if i in served]
        if len(missing) < len(kept):
            out.append(f"{what} : tous sauf {_join(vocab, vocabulary, missing)}")
        else:
            out.append(f"{what} : {_join(vocab, vocabulary, kept)} seulement")
    if operator.zone.zones:
        out.append(f"zones : {_join(vocab, 'zones', operator.zone.zones)} seulement")
    return out


def _join(vocab, vocabulary: str, ids) -> str:
    labels = [vocab.label(vocabulary, i) for i in ids]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " et " + labels[-1]


def facts_of(context: BuildContext, operator) -> dict:
    """How to act on an operator, whatever the path (orientation/_facts.html, one fragment each):
    one dict per operator and build, shared by every result page that lists it."""
    facts = context.shared.setdefault("facts", {})
    if operator.id not in facts:
        facts[operator.id] = context.per_model(_facts, operator)
    return facts[operator.id]


def _facts(operator) -> dict:
    delay = operator.interaction.delai_moyen
    return {
        "contact": operator.preferred_contact,
        "mode": None if operator.interaction.mode == A_CONFIRMER else operator.interaction.mode,
        "delay": None if delay == A_CONFIRMER else delay,
        "prepare": None if operator.a_prevoir == A_CONFIRMER else operator.a_prevoir,
    }


def fragments(context: BuildContext):
    """The facts of every operator a result page lists."""
    carto = context.carto
    if carto.tree is None:
        return
    graph = get_graph(context)
    listed: set[str] = set()
    for walk in walks(carto.tree):
        if isinstance(walk.node, Resultat):
            listed.update(match.operator for match in route(graph, walk.node, walk.facts))
    for op_id in sorted(listed):
        yield "orientation/_facts.html", op_id, {"entry": facts_of(context, carto.operators[op_id])}
