"""The operators: the list, one static page per filter value, and one page per fiche.

Filters work without JavaScript: each facet value (network, unit, region,
intervention type) has its own page listing the operators linked to it in the
shared graph; ``js/filters.js`` only combines facets in place on the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from generator.common.urls import Page, Urls
from generator.content.checks import review_due
from generator.model.graph import get_graph, operators_by_term
from generator.site.context import BuildContext
from generator.site.jsonld import fiche_jsonld
from generator.site.qr import qr_svg
from schema import A_CONFIRMER, Operator
from schema.criteria import Criterion, by_slug
from schema.kinds import OPERATORS
from schema.vocabularies import Term

SECTION_LABEL = "Opérateurs"


@dataclass(frozen=True)
class Facet:
    """A way to filter the list: a criterion (schema.criteria: its URL segment, its vocabulary,
    its graph node kind) and its label."""

    criterion: Criterion
    label: str

    @property
    def slug(self) -> str:
        return self.criterion.slug

    @property
    def vocabulary(self) -> str:
        return self.criterion.vocabulary

    @property
    def node_kind(self) -> str:
        return self.criterion.node_kind


#: The facets, in the order of the list page.
FACETS: tuple[Facet, ...] = (
    Facet(by_slug("reseau"), "Réseau d'enseignement"),
    Facet(by_slug("unite"), "Unité d'enseignement"),
    Facet(by_slug("region"), "Région"),
    Facet(by_slug("intervention"), "Type d'intervention"),
)


def facet_values(context: BuildContext) -> list[tuple[Facet, list[tuple[Term, list[str]]]]]:
    """Each facet with its values and the ids of the operators linked to each value."""
    if "facet_values" not in context.shared:
        graph = get_graph(context)
        vocab = context.carto.vocab
        context.shared["facet_values"] = [(facet, operators_by_term(graph, vocab, facet.vocabulary)) for facet in FACETS]
    return context.shared["facet_values"]


def contribute(context: BuildContext):
    carto = context.carto
    operators = list(carto.operators.values())
    facets = facet_values(context)
    yield Page(
        url=Urls.operators,
        template="operators/list.html",
        kind="operators",
        title="Les opérateurs du soutien au numérique éducatif",
        context={
            "operators": operators,
            "facets": facets,
            "current": None,
            **_list_context(carto),
            "breadcrumb": [(Urls.operators, SECTION_LABEL)],
        },
    )
    for facet, values in facets:
        for term, ids in values:
            yield Page(
                url=Urls.facet(facet.slug, term.id),
                template="operators/list.html",
                kind="facet",
                title=f"{term.libelle} — opérateurs par {facet.label[0].lower()}{facet.label[1:]}",
                context={
                    "operators": [carto.operators[i] for i in ids],
                    "facets": facets,
                    "current": (facet, term),
                    **_list_context(carto),
                    "breadcrumb": [
                        (Urls.operators, SECTION_LABEL),
                        (Urls.facet(facet.slug, term.id), f"{facet.label} : {term.libelle}"),
                    ],
                },
            )
    for operator in operators:
        yield fiche_page(context, operator)


def _list_context(carto) -> dict:
    """What every list page says beyond its own operators."""
    return {"total": len(carto.operators), "sgne": "sgne" in carto.operators}


def fragments(context: BuildContext):
    """Each operator's card (list and facet pages) and fiche body (its page and the booklet)."""
    for operator in context.carto.operators.values():
        yield "operators/_card.html", operator.id, {"op": operator}
        yield "operators/_fiche_body.html", operator.id, fiche_context(context, operator)


def projects_of(context: BuildContext, op_id: str) -> list[tuple[object, bool, list[object]]]:
    """(project, carries it?, phases where the operator acts) for every project it is part of."""
    if "projects_of" not in context.shared:  # one pass over the projects for all the fiches
        index: dict[str, list[tuple[object, bool, list[object]]]] = {}
        for project in context.carto.projects.values():
            acting: dict[str, list[object]] = {}
            for phase in project.phases:
                for actor in dict.fromkeys(phase.acteurs):
                    acting.setdefault(actor, []).append(phase)
            for actor in dict.fromkeys([project.porteur, *acting]):
                index.setdefault(actor, []).append((project, project.porteur == actor, acting.get(actor, [])))
        context.shared["projects_of"] = index
    return context.shared["projects_of"].get(op_id, [])


def fiche_context(context: BuildContext, operator: Operator) -> dict:
    """What a fiche needs, shared by the fiche page and the print booklet (computed once per build)."""
    cache = context.shared.setdefault("fiche_context", {})
    if operator.id not in cache:
        cache[operator.id] = _fiche_context(context, operator)
    return cache[operator.id]


def _fiche_context(context: BuildContext, operator: Operator) -> dict:
    carto = context.carto
    absolute = f"{context.base_url}{Urls.operator(operator.id)}" if context.base_url else None
    return context.per_model(_fiche_of, operator, _fallback(carto, operator), carto.today, absolute, carto.site.email_editeurs)


def _fiche_of(operator: Operator, fallback: Operator | None, today, absolute: str | None, email: str) -> dict:
    # What the fiche's body (a fragment: operators/_fiche_body.html) is made from, and nothing else:
    # a fragment is made again when what it is given changes (generator.render.templates.Fragments).
    due = review_due(operator)
    return {
        "op": operator,
        "fallback": fallback,
        "due": due,
        "overdue": due < today,
        "absolute_url": absolute,
        "qr": qr_svg(absolute) if absolute else None,
        "report_mailto": _report_mailto(operator, email, absolute),
    }


#: The service that routes a question when a fiche gives no means of contact yet (the strategy's
#: "je ne sais pas à qui m'adresser", docs/orientation.md).
FALLBACK_OPERATOR = "sgne"


def _fallback(carto, operator: Operator) -> Operator | None:
    """Whom « Contacter ce service » sends the reader to when the fiche's contacts are « à confirmer »."""
    fallback = carto.operators.get(FALLBACK_OPERATOR)
    if operator.contacts != A_CONFIRMER or fallback is None or fallback.id == operator.id:
        return None
    return fallback if fallback.contacts != A_CONFIRMER else None


def fiche_page(context: BuildContext, operator: Operator) -> Page:
    carto = context.carto
    fiche = fiche_context(context, operator)
    return Page(
        url=Urls.operator(operator.id),
        template="operators/fiche.html",
        kind="operator",
        title=f"{operator.nom} ({operator.sigle})",
        context={
            **fiche,
            "fiche": fiche,
            "changes": carto.history.get(operator.id, []),
            "projects_of": projects_of(context, operator.id),
            "see_also": [carto.operators[i] for i in operator.voir_aussi if i in carto.operators],
            "jsonld": context.per_model(fiche_jsonld, operator, carto.vocab, fiche["absolute_url"]),
            "breadcrumb": [(Urls.operators, SECTION_LABEL), (Urls.operator(operator.id), operator.sigle)],
        },
    )


def _report_mailto(operator: Operator, email: str, absolute: str | None) -> str:
    # quote() works character by character: the fixed parts are quoted once, not once per fiche.
    subject = _SUBJECT + quote(operator.sigle)
    where = absolute or f"fiche « {operator.id} » (content/{OPERATORS.path(operator.id)})"
    body = _BODY_START + quote(f"{operator.nom} ({where})") + _BODY_END
    return f"mailto:{email}?subject={subject}&body={body}"


_SUBJECT = quote("Cartographie : erreur dans la fiche ")
_BODY_START = quote("Bonjour,\n\nJe signale une erreur dans la fiche ")
_BODY_END = quote(
    ".\n\nÉlément concerné (missions, contacts, délai…) :\n\nCe qui est écrit :\n\nCe qui est juste, et la source :\n\nMerci.\n"
)
