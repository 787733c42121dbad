"""The vocabularies that select operators, each with every name it goes by, written once (issue 14).

An operator's fiche links it to terms of five vocabularies (the needs it handles, the networks,
units, regions and zones it serves). Each of them is, at once:

- a field of :class:`schema.vocabularies.Vocabularies` (``reseaux``),
- a kind of node of the graph (``network``: generator.model.graph, ``network:<id>``),
- a word in the singular (``reseau``): the decision tree's fact (:data:`FACTS`), the URL segment of
  the operators list's facet (generator.site.operators), the ``data-`` attribute of a card that
  ``js/filters.js`` reads.

What reads one of these names for another takes it from :data:`CRITERIA`; tests/test_architecture.py
ties the lists that give an order of their own (:data:`FACTS`, the facets of the list) to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Criterion:
    """A vocabulary that selects operators, by each of its names."""

    #: Its field of Vocabularies (and of content/vocabulaires.yaml).
    vocabulary: str
    #: The kind of its nodes in the graph.
    node_kind: str
    #: One of its terms, in the singular: a fact of the decision tree, a facet of the list.
    slug: str


#: In the order of the graph (the needs, then what an operator serves: networks, units, regions,
#: zones), which is also the order of the routing's specificity rule (generator.model.tree).
CRITERIA: tuple[Criterion, ...] = (
    Criterion("interventions", "need", "intervention"),
    Criterion("reseaux", "network", "reseau"),
    Criterion("unites", "unit", "unite"),
    Criterion("regions", "region", "region"),
    Criterion("zones", "zone", "zone"),
)

#: The facts of the decision tree that select operators, in the order of a result page's address
#: (``orientation/resultat/<result>/<reseau>/<region>/<zone>/<unite>/``, docs/orientation.md).
#: Any other fact (``objet``, ``materiel``…) only steers the tree.
FACTS: tuple[str, ...] = ("reseau", "region", "zone", "unite")


def by_slug(slug: str) -> Criterion:
    """The criterion whose singular is ``slug`` (KeyError when there is none)."""
    for criterion in CRITERIA:
        if criterion.slug == slug:
            return criterion
    raise KeyError(slug)


def by_vocabulary(vocabulary: str) -> Criterion:
    """The criterion of the vocabulary ``vocabulary`` (KeyError when there is none)."""
    for criterion in CRITERIA:
        if criterion.vocabulary == vocabulary:
            return criterion
    raise KeyError(vocabulary)


#: Each fact of :data:`FACTS` and its vocabulary, in that order.
FACT_VOCABULARIES: Mapping[str, str] = MappingProxyType({fact: by_slug(fact).vocabulary for fact in FACTS})


def facts_in_french(last: str = " et ") -> str:
    """The facts, as a description lists them (« reseau, region, zone et unite »)."""
    return ", ".join(FACTS[:-1]) + last + FACTS[-1]
