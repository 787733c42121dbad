"""The controlled vocabularies: every list of values a fiche may choose from.

Editors add a value by editing ``content/vocabulaires.yaml``; fiches may only
use ids that exist there (checked by ``generator.checks``).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import CATALOGUE_MAX, Name, Paragraph, Slug, StrictModel


class Term(StrictModel):
    """One value of a vocabulary."""

    id: Slug
    libelle: Name = Field(description="Libellé affiché aux lecteurs.")
    description: Paragraph | None = Field(default=None, description="Courte explication affichée en aide.")


class Zone(Term):
    """One of the ten FWB zones; it lies in one region."""

    region: Slug = Field(description="Identifiant de la région (vocabulaire « regions ») où se trouve la zone.")


class Vocabularies(StrictModel):
    """Content of ``content/vocabulaires.yaml``."""

    reseaux: list[Term] = Field(min_length=1, max_length=CATALOGUE_MAX, description="Réseaux d'enseignement.")
    unites: list[Term] = Field(
        min_length=1, max_length=CATALOGUE_MAX, description="Unités d'enseignement, telles que la circulaire les liste."
    )
    regions: list[Term] = Field(min_length=1, max_length=CATALOGUE_MAX, description="Régions.")
    zones: list[Zone] = Field(min_length=1, max_length=CATALOGUE_MAX, description="Les zones de la FWB.")
    interventions: list[Term] = Field(min_length=1, max_length=CATALOGUE_MAX, description="Types d'intervention (besoins).")
    modes_intervention: list[Term] = Field(
        min_length=1, max_length=CATALOGUE_MAX, description="Modes d'intervention (sur place, à distance…)."
    )
    canaux: list[Term] = Field(
        min_length=1, max_length=CATALOGUE_MAX, description="Modes d'interaction qui formalisent le début d'une demande."
    )
    types_contact: list[Term] = Field(min_length=1, max_length=CATALOGUE_MAX, description="Types de moyens de contact.")
    categories: list[Term] = Field(min_length=1, max_length=CATALOGUE_MAX, description="Catégories d'opérateurs.")

    @model_validator(mode="after")
    def _unique_ids(self) -> "Vocabularies":
        for name in type(self).model_fields:
            seen: set[str] = set()
            for term in getattr(self, name):
                if term.id in seen:
                    raise ValueError(f"l'identifiant « {term.id} » apparaît deux fois dans « {name} »")
                seen.add(term.id)
        return self

    def ids(self, name: str) -> list[str]:
        return [term.id for term in getattr(self, name)]

    def term(self, name: str, term_id: str) -> Term:
        for term in getattr(self, name):
            if term.id == term_id:
                return term
        raise KeyError(f"{name}:{term_id}")

    def zone(self, zone_id: str) -> Zone:
        """The zone ``zone_id`` (KeyError when there is none)."""
        for zone in self.zones:
            if zone.id == zone_id:
                return zone
        raise KeyError(f"zones:{zone_id}")

    def label(self, name: str, term_id: str) -> str:
        return self.term(name, term_id).libelle
