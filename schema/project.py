"""An École numérique programme (or a page of history) and its ordered phases."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import LIST_MAX, Date, Markdown, Name, OperatorId, Paragraph, PartialDate, Slug, Source, StrictModel, Summary


class Jalon(StrictModel):
    """A dated milestone of a phase."""

    date: PartialDate
    fin: PartialDate | None = Field(default=None, description="Fin de la période, si le jalon est une période.")
    libelle: Name = Field(description="Ce qui se passe à cette date (ex. « Clôture des déclarations de candidature »).")


class Periode(StrictModel):
    debut: PartialDate = Field(description="Début du programme.")
    fin: PartialDate | None = Field(default=None, description="Fin du programme ; vide s'il est en cours.")


class Phase(StrictModel):
    """One step of a programme: what happens, who acts, what the school prepares."""

    id: Slug = Field(description="Identifiant de la phase, unique dans le projet (sert d'adresse de page).")
    numero: int = Field(ge=1, description="Numéro d'ordre de la phase (1, 2, 3…).")
    titre: Name = Field(description="Titre court de la phase.")
    description: Markdown = Field(description="Ce qui se passe pendant cette phase (Markdown).")
    acteurs: list[OperatorId] = Field(
        default_factory=list, max_length=LIST_MAX, description="Les opérateurs qui agissent (identifiants de fiches)."
    )
    role_acteurs: Markdown | None = Field(default=None, description="Qui fait quoi pendant cette phase (Markdown).")
    a_preparer: list[Paragraph] = Field(
        default_factory=list, max_length=LIST_MAX, description="Ce que l'école doit faire ou préparer."
    )
    jalons: list[Jalon] = Field(default_factory=list, max_length=LIST_MAX, description="Dates clés de la phase.")


class Project(StrictModel):
    """A programme page: École numérique 2021, 2022-2026, or the history."""

    id: Slug = Field(description="Identifiant du projet ; égal au nom du fichier sans « .yaml ».")
    nom: Name = Field(description="Nom du programme.")
    resume: Summary = Field(description="Une phrase qui dit de quoi il s'agit.")
    description: Markdown = Field(description="Présentation du programme (Markdown).")
    porteur: OperatorId = Field(description="L'opérateur qui porte le programme (identifiant de fiche).")
    periode: Periode = Field(description="Début et fin du programme.")
    ordre: int = Field(default=100, description="Position dans la liste des projets (plus petit = plus haut).")
    phases: list[Phase] = Field(min_length=1, max_length=LIST_MAX, description="Les phases, dans l'ordre.")
    sources: list[Source] = Field(min_length=1, max_length=LIST_MAX, description="Les documents sur lesquels la page repose.")
    mis_a_jour: Date = Field(description="Date de la dernière relecture (AAAA-MM-JJ).")

    @model_validator(mode="after")
    def _phases_ordered(self) -> "Project":
        ids = [phase.id for phase in self.phases]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"identifiant de phase cité deux fois : {', '.join(duplicates)}")
        numbers = [phase.numero for phase in self.phases]
        if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
            raise ValueError(f"les numéros de phase doivent croître sans doublon ; trouvé {numbers}")
        return self
