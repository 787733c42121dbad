"""The decision tree (``content/orientation.yaml``): questions that route a request.

A question records one *fact* (``fait``) — what the request is about, the
region, the network… — and each of its options gives that fact a value and
leads (``suite``) to the next question or to a result. A result never lists its
operators by hand: it names the interventions it needs and the generator
selects, from the fiches, the operators that also serve the facts collected on
the way. A result may add an operator the sources name (``ajouts``), always with
the reason. It says which of its operators are « À contacter en premier »
(``en_premier``: the others « Peut aussi vous aider »), so the order a reader sees
is declared here and in the fiches, never computed from names or ids.

Checks that need the whole tree and the fiches (every option leads somewhere,
no cycle, no unreachable node, no path ending without an operator) live in
``generator/tree_checks.py``.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import CATALOGUE_MAX, LIST_MAX, Markdown, OperatorId, Paragraph, Slug, Source, StrictModel, Text
from .criteria import FACTS, facts_in_french
from .operator import CategorieId, InterventionId


class Option(StrictModel):
    """One answer to a question."""

    valeur: Slug = Field(
        description="Valeur donnée au fait de la question (ex. « wallonie ») ; sert aussi d'adresse de page. "
        f"Pour les faits {facts_in_french()} : un identifiant du vocabulaire correspondant."
    )
    libelle: Text(120) = Field(description="Réponse telle que le lecteur la voit (courte).")
    aide: Paragraph | None = Field(default=None, description="Précision affichée sous la réponse (exemples…).")
    pose: dict[Slug, Slug] = Field(
        default_factory=dict,
        max_length=LIST_MAX,
        description="Autres faits que cette réponse établit (ex. « {region: wallonie} » pour une zone wallonne).",
    )
    suite: Slug = Field(description="Identifiant de la question ou du résultat qui suit cette réponse.")


class Question(StrictModel):
    """A step of the tree: one question, one page."""

    id: Slug = Field(description="Identifiant de la question, unique dans l'arbre.")
    fait: Slug = Field(
        description="Le fait que la question établit (objet, region, reseau, unite, zone, materiel…). "
        f"{facts_in_french()} filtrent les opérateurs ; les autres orientent seulement."
    )
    intitule: Text(40) = Field(description="Nom court du fait, dans le rappel des réponses (ex. « Réseau »).")
    question: Text(160) = Field(description="La question posée au lecteur.")
    aide: Paragraph | None = Field(default=None, description="Texte d'aide sous la question (Markdown).")
    options: list[Option] = Field(
        min_length=2, max_length=LIST_MAX, description="Les réponses possibles, dans l'ordre d'affichage."
    )

    @model_validator(mode="after")
    def _unique_values(self) -> "Question":
        values = [option.valeur for option in self.options]
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise ValueError(f"valeur de réponse citée deux fois : {', '.join(duplicates)}")
        return self


class Ajout(StrictModel):
    """An operator a result adds to the computed ones, because a source says so."""

    operateur: OperatorId
    raison: Paragraph = Field(description="Pourquoi cet opérateur est ajouté (affiché au lecteur ; citez la source).")
    si_aucun: bool = Field(
        default=False,
        description="Vrai : l'ajouter seulement si aucun opérateur ne correspond (solution de repli, alors « À contacter en premier »).",
    )
    en_premier: bool = Field(
        default=False,
        description="Vrai : le placer dans « À contacter en premier » ; faux (par défaut) : dans « Peut aussi vous aider ».",
    )


class Selection(StrictModel):
    """Which of a result's operators are the ones whose role is to handle the need."""

    interventions: list[InterventionId] = Field(
        default_factory=list,
        max_length=LIST_MAX,
        description="L'opérateur déclare l'un de ces types d'intervention dans sa fiche (vide : peu importe).",
    )
    categories: list[CategorieId] = Field(
        default_factory=list,
        max_length=LIST_MAX,
        description="L'opérateur est de l'une de ces catégories (vide : peu importe).",
    )

    @model_validator(mode="after")
    def _not_empty(self) -> "Selection":
        if not self.interventions and not self.categories:
            raise ValueError("en_premier donne au moins une intervention ou une catégorie")
        return self


class Resultat(StrictModel):
    """The end of a path: the operators to contact, computed from the fiches."""

    id: Slug = Field(description="Identifiant du résultat, unique dans l'arbre (sert d'adresse de page).")
    titre: Text(120) = Field(description="Titre de la page de résultat.")
    texte: Markdown | None = Field(default=None, description="Explication affichée en tête du résultat (Markdown).")
    interventions: list[InterventionId] = Field(
        default_factory=list,
        max_length=LIST_MAX,
        description="Types d'intervention recherchés : un opérateur convient s'il déclare l'un d'eux.",
    )
    categories: list[CategorieId] = Field(
        default_factory=list, max_length=LIST_MAX, description="Restreindre aux opérateurs de ces catégories (vide : toutes)."
    )
    filtres: list[Slug] | None = Field(
        default=None,
        max_length=LIST_MAX,
        description=f"Faits utilisés comme filtres, parmi {facts_in_french(', ')} (par défaut : tous ceux connus).",
    )
    en_premier: Selection | None = Field(
        default=None,
        description="Les opérateurs « À contacter en premier » : ceux qui déclarent l'une de ces interventions "
        "et sont de l'une de ces catégories ; les autres sont listés sous « Peut aussi vous aider ». "
        "Absent : tous les opérateurs calculés sont « À contacter en premier ».",
    )
    ajouts: list[Ajout] = Field(
        default_factory=list, max_length=LIST_MAX, description="Opérateurs ajoutés, chacun avec sa raison."
    )
    a_confirmer: Paragraph | None = Field(
        default=None,
        description="Ce que les sources ne confirment pas dans ce résultat (affiché avec la mention « à confirmer »).",
    )
    sources: list[Source] = Field(
        default_factory=list,
        max_length=LIST_MAX,
        description="Les documents ou pages officielles qui appuient ce résultat (affichés sous le résultat).",
    )

    @model_validator(mode="after")
    def _selects_someone(self) -> "Resultat":
        if not self.interventions and not self.ajouts:
            raise ValueError("un résultat donne au moins une intervention recherchée ou un ajout")
        unknown = sorted(set(self.filtres or ()) - set(FACTS))
        if unknown:
            raise ValueError(f"filtre inconnu : {', '.join(unknown)} ; attendu parmi : {', '.join(FACTS)}")
        return self


class DecisionTree(StrictModel):
    """Content of ``content/orientation.yaml``."""

    depart: Slug = Field(description="Identifiant de la première question.")
    questions: list[Question] = Field(min_length=1, max_length=CATALOGUE_MAX, description="Les questions de l'arbre.")
    resultats: list[Resultat] = Field(min_length=1, max_length=CATALOGUE_MAX, description="Les résultats de l'arbre.")

    def node(self, node_id: str) -> Question | Resultat | None:
        return self._nodes().get(node_id)

    def _nodes(self) -> dict[str, Question | Resultat]:
        nodes: dict[str, Question | Resultat] = {}
        items: list[Question | Resultat] = [*self.questions, *self.resultats]
        for item in items:
            nodes.setdefault(item.id, item)
        return nodes
