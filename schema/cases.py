"""Editors' routing cases (``content/orientation-cas.yaml``): situations the tree must keep routing right.

Each case is a teacher's situation taken from a source, the answers a reader
gives in « Trouver un contact » (the option values, in order), and the
operators the result must show « À contacter en premier ». ``cartographie
validate`` plays every case (generator/tree_cases.py): a change to a fiche or to
the tree that breaks one fails, naming the case and what changed. The cases are
owned by editors, like the fiches they protect.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import CATALOGUE_MAX, LIST_MAX, OperatorId, Paragraph, Slug, Source, StrictModel, Text


class Cas(StrictModel):
    """One situation, its answers, and whom the result must name first."""

    id: Slug = Field(description="Identifiant du cas, unique dans le fichier (ex. « wifi-en-panne-wallonie »).")
    situation: Text(300) = Field(description="La situation, dans les mots d'un enseignant ou d'une direction.")
    reponses: list[Slug] = Field(
        min_length=1,
        max_length=LIST_MAX,
        description="Les réponses données, dans l'ordre des questions : la « valeur » de chaque réponse choisie.",
    )
    resultat: Slug | None = Field(default=None, description="Identifiant du résultat attendu (facultatif).")
    en_premier: list[OperatorId] = Field(
        min_length=1,
        max_length=LIST_MAX,
        description="Les opérateurs qui doivent figurer sous « À contacter en premier » (dans n'importe quel ordre ; d'autres peuvent s'y ajouter).",
    )
    aussi: list[OperatorId] | None = Field(
        default=None,
        max_length=LIST_MAX,
        description="Les opérateurs qui doivent figurer sous « Peut aussi vous aider » (d'autres peuvent s'y ajouter).",
    )
    absents: list[OperatorId] = Field(
        default_factory=list, max_length=LIST_MAX, description="Des opérateurs qui ne doivent pas apparaître du tout."
    )
    source: Source = Field(description="Le passage de la source d'où vient la situation et la réponse attendue.")
    note: Paragraph | None = Field(default=None, description="Remarque pour les éditeurs (non publiée).")

    @model_validator(mode="after")
    def _consistent(self) -> "Cas":
        both = sorted(set(self.en_premier) & set(self.absents))
        if both:
            raise ValueError(f"opérateur attendu et absent à la fois : {', '.join(both)}")
        return self


class CasOrientation(StrictModel):
    """Content of ``content/orientation-cas.yaml``."""

    cas: list[Cas] = Field(min_length=1, max_length=CATALOGUE_MAX, description="Les cas d'orientation à rejouer.")
