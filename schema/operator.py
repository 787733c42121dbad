"""The operator fiche: the eight elements the circular of 26/11/2020 lists.

The order of :data:`ELEMENTS` is the circular's; the fiche page, the JSON and
CSV exports and CONTRIBUTING.md all read it, so it is written only here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from .base import (
    A_CONFIRMER,
    EMAIL_MAX,
    EMAIL_PATTERN,
    LIST_MAX,
    PHONE_MAX,
    URL_MAX,
    AConfirmer,
    Acronym,
    Date,
    Name,
    OperatorId,
    Paragraph,
    Slug,
    Source,
    StrictModel,
    Summary,
    Text,
    Url,
    shown,
    vocab,
)
from .phone import PHONE_PATTERN, parse_phone, phone_display, phone_e164

ReseauId = vocab("reseaux", "Identifiant d'un réseau d'enseignement (vocabulaire « reseaux »).")
UniteId = vocab("unites", "Identifiant d'une unité d'enseignement (vocabulaire « unites »).")
RegionId = vocab("regions", "Identifiant d'une région (vocabulaire « regions »).")
ZoneId = vocab("zones", "Identifiant d'une zone FWB (vocabulaire « zones »).")
InterventionId = vocab("interventions", "Identifiant d'un type d'intervention (vocabulaire « interventions »).")
ModeId = vocab("modes_intervention", "Identifiant d'un mode d'intervention (vocabulaire « modes_intervention »).")
CanalId = vocab("canaux", "Identifiant d'un mode d'interaction (vocabulaire « canaux »).")
CategorieId = vocab("categories", "Identifiant d'une catégorie d'opérateur (vocabulaire « categories »).")


class Intervention(StrictModel):
    """A type of intervention the operator can do (element 2)."""

    type: InterventionId
    detail: Paragraph | None = Field(default=None, description="Précision sur ce que couvre l'intervention (Markdown).")


class Publics(StrictModel):
    """Levels, types and networks of education concerned (element 3)."""

    reseaux: list[ReseauId] = Field(min_length=1, max_length=LIST_MAX, description="Réseaux d'enseignement servis.")
    unites: list[UniteId] = Field(min_length=1, max_length=LIST_MAX, description="Unités d'enseignement servies.")
    precision: Paragraph | None = Field(default=None, description="Précision libre (ex. « écoles lauréates d'École numérique »).")


class ZoneIntervention(StrictModel):
    """Where the operator intervenes (element 4)."""

    regions: list[RegionId] = Field(min_length=1, max_length=LIST_MAX, description="Régions couvertes.")
    zones: list[ZoneId] | None = Field(
        default=None, max_length=LIST_MAX, description="Zones FWB couvertes, si l'opérateur ne couvre pas toute la région."
    )
    precision: Paragraph | None = Field(default=None, description="Précision libre sur la zone (ex. « par groupe de communes »).")


class ModeIntervention(StrictModel):
    """How the operator intervenes (element 5)."""

    type: ModeId
    detail: Paragraph | None = Field(default=None, description="Précision sur ce mode d'intervention.")


DelayUnit = Literal["heures", "jours-ouvrables", "jours", "semaines", "mois"]

#: ISO 8601 duration designators for each delay unit (schema.org processingTime).
ISO_DURATION = {
    "heures": ("PT", "H", 1),
    "jours-ouvrables": ("P", "D", 1),
    "jours": ("P", "D", 1),
    "semaines": ("P", "W", 1),
    "mois": ("P", "M", 1),
}

DELAY_LABELS = {
    "heures": ("heure", "heures"),
    "jours-ouvrables": ("jour ouvrable", "jours ouvrables"),
    "jours": ("jour", "jours"),
    "semaines": ("semaine", "semaines"),
    "mois": ("mois", "mois"),
}

#: Approximate hours in each unit, only to order delays from shortest to longest.
DELAY_HOURS = {"heures": 1, "jours-ouvrables": 24, "jours": 24, "semaines": 168, "mois": 720}


class Delai(StrictModel):
    """An indicative average response delay, structured so it can be compared."""

    valeur: int = Field(ge=1, le=365, description="Nombre d'unités (ex. 2).")
    unite: DelayUnit = Field(description="Unité : heures, jours-ouvrables, jours, semaines ou mois.")
    precision: Paragraph | None = Field(default=None, description="Précision (ex. « hors congés scolaires »).")

    @property
    def label(self) -> str:
        singular, plural = DELAY_LABELS[self.unite]
        return f"{self.valeur} {singular if self.valeur == 1 else plural}"

    @property
    def iso8601(self) -> str:
        prefix, designator, _ = ISO_DURATION[self.unite]
        return f"{prefix}{self.valeur}{designator}"

    @property
    def hours(self) -> int:
        return self.valeur * DELAY_HOURS[self.unite]


class Interaction(StrictModel):
    """How a request formally starts, and the average response delay (element 6)."""

    mode: Paragraph | AConfirmer = Field(
        description="Ce qui formalise le début du traitement d'une demande (ticket, e-mail…), ou « a_confirmer »."
    )
    canal: CanalId | None = Field(default=None, description="Le mode d'interaction, pris dans le vocabulaire « canaux ».")
    delai_moyen: Delai | AConfirmer = Field(description="Délai moyen de réponse, indicatif (valeur + unité), ou « a_confirmer ».")


ContactType = Literal["email", "telephone", "formulaire", "site", "adresse"]


#: What the JSON Schema can say of ``Contact._value_matches_type`` (libphonenumber and email-validator
#: say more: validate stays the judge), so that an editor's language server underlines it too.
_VALUE_BY_TYPE: list[Any] = [
    {
        "if": {"properties": {"type": {"const": "email"}}},
        "then": {"properties": {"valeur": {"pattern": EMAIL_PATTERN, "maxLength": EMAIL_MAX}}},
    },
    {
        "if": {"properties": {"type": {"const": "telephone"}}},
        "then": {"properties": {"valeur": {"pattern": PHONE_PATTERN, "maxLength": PHONE_MAX}}},
    },
    {
        "if": {"properties": {"type": {"enum": ["formulaire", "site"]}}},
        "then": {"properties": {"valeur": {"pattern": r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$"}}},
    },
]


class Contact(StrictModel):
    """A means of contact (element 7); the list is ordered by preference."""

    model_config = ConfigDict(json_schema_extra={"allOf": _VALUE_BY_TYPE})

    type: ContactType = Field(description="email, telephone, formulaire, site ou adresse.")
    # The longest of an address, a number or a URL; an e-mail address (EMAIL_MAX) and a number
    # (PHONE_MAX) are held to less below.
    valeur: Text(URL_MAX) = Field(description="L'adresse, le numéro ou l'URL (https) ; jamais le contact personnel d'un agent.")
    libelle: Name | None = Field(default=None, description="Ce que c'est (ex. « Helpdesk École numérique »).")
    horaires: Paragraph | None = Field(default=None, description="Heures où ce moyen de contact répond, si la source les donne.")
    a_confirmer: bool = Field(
        default=False,
        description="true si ce moyen de contact existe mais reste à confirmer comme point de contact pour les écoles.",
    )

    # A field validator (not a model validator) so that the error points at the line of « valeur ».
    @field_validator("valeur")
    @classmethod
    def _value_matches_type(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("type")  # absent when the type itself is wrong (reported on its own)
        if kind == "email":
            if len(value) > EMAIL_MAX:
                raise ValueError(f"adresse e-mail trop longue : {len(value)} caractères ; au plus {EMAIL_MAX}")
            try:
                validate_email(value, check_deliverability=False)
            except EmailNotValidError:
                raise ValueError(f"{shown(value)} n'est pas une adresse e-mail valide ; attendu nom@domaine.be") from None
        elif kind == "telephone":
            parse_phone(value)  # PhoneError is a ValueError, in French
        elif kind in ("formulaire", "site"):
            if not re.match(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", value):
                raise ValueError(f"{shown(value)} n'est pas une adresse web ; attendu une URL commençant par https://")
        return value

    @property
    def display(self) -> str:
        """The value as the site shows it: a telephone number in the one format of the site."""
        return phone_display(self.valeur) if self.type == "telephone" else self.valeur

    @property
    def href(self) -> str | None:
        if self.type == "email":
            return f"mailto:{self.valeur}"
        if self.type == "telephone":
            return f"tel:{phone_e164(self.valeur)}"
        if self.type in ("formulaire", "site"):
            return self.valeur
        return None


@dataclass(frozen=True)
class Element:
    """One of the eight elements of a fiche, in the circular's words."""

    field: str
    number: int
    title: str


#: The eight elements of the circular, in its order. Listed once, read everywhere.
ELEMENTS: tuple[Element, ...] = (
    Element("missions", 1, "Missions en matière de numérique éducatif"),
    Element("interventions", 2, "Types d'interventions envisageables"),
    Element("publics", 3, "Niveaux, types et réseaux d'enseignement concernés"),
    Element("zone", 4, "Zone d'intervention"),
    Element("modes_intervention", 5, "Modes d'intervention possibles"),
    Element("interaction", 6, "Début du traitement d'une demande et délai moyen de réponse"),
    Element("contacts", 7, "Moyens privilégiés pour entrer en contact"),
    Element("a_prevoir", 8, "Éléments à prévoir pour faciliter les échanges"),
)


def _element(field: str, text: str) -> str:
    """A fiche element's field description, numbered as in the circular (from :data:`ELEMENTS`)."""
    return f"{next(e.number for e in ELEMENTS if e.field == field)}. {text}"


#: The fields of :data:`ELEMENTS`, for a source's ``elements`` (a type: written out; tests/test_architecture.py
#: ties the two).
ElementName = Literal[
    "missions", "interventions", "publics", "zone", "modes_intervention", "interaction", "contacts", "a_prevoir"
]


class SourceFiche(Source):
    elements: list[ElementName] | None = Field(
        default=None, max_length=LIST_MAX, description="Les éléments de la fiche que cette source appuie (par défaut : tous)."
    )


class Operator(StrictModel):
    """A fiche opérateur: an institutional support service."""

    id: Slug = Field(description="Identifiant de la fiche ; égal au nom du fichier sans « .yaml ».")
    nom: Name = Field(description="Nom complet du service.")
    sigle: Acronym = Field(description="Sigle ou nom court (ex. « SGNE »).")
    categorie: CategorieId
    resume: Summary = Field(description="Une phrase qui dit à quoi sert ce service.")
    site_web: Url | None = Field(default=None, description="Site officiel de l'opérateur (https).")
    missions: Annotated[list[Paragraph], Field(max_length=LIST_MAX)] | AConfirmer = Field(
        description=_element("missions", "Les missions de l'opérateur en matière de numérique éducatif (Markdown).")
    )
    interventions: list[Intervention] = Field(
        min_length=1, max_length=LIST_MAX, description=_element("interventions", "Les types d'interventions envisageables.")
    )
    publics: Publics = Field(description=_element("publics", "Les niveaux, types et réseaux d'enseignement concernés."))
    zone: ZoneIntervention = Field(description=_element("zone", "La zone d'intervention."))
    modes_intervention: Annotated[list[ModeIntervention], Field(max_length=LIST_MAX)] | AConfirmer = Field(
        description=_element("modes_intervention", "Les modes d'intervention possibles.")
    )
    interaction: Interaction = Field(
        description=_element(
            "interaction",
            "Le mode d'interaction qui formalise le début du traitement d'une demande, et le délai moyen de réponse.",
        )
    )
    contacts: Annotated[list[Contact], Field(max_length=LIST_MAX)] | AConfirmer = Field(
        description=_element("contacts", "Les moyens privilégiés pour entrer en contact, du préféré au moins préféré.")
    )
    a_prevoir: Annotated[list[Paragraph], Field(max_length=LIST_MAX)] | AConfirmer = Field(
        description=_element("a_prevoir", "Les éléments à prévoir pour faciliter les échanges.")
    )
    sources: list[SourceFiche] = Field(
        min_length=1, max_length=LIST_MAX, description="Les documents et pages officielles sur lesquels la fiche repose."
    )
    mis_a_jour: Date = Field(description="Date de la dernière relecture de la fiche (AAAA-MM-JJ).")
    revision_mois: int = Field(
        default=12, ge=1, le=36, description="Tous les combien de mois la fiche doit être relue (12 par défaut)."
    )
    voir_aussi: list[OperatorId] = Field(
        default_factory=list, max_length=LIST_MAX, description="Fiches liées (identifiants d'opérateurs)."
    )

    @field_validator("interventions")
    @classmethod
    def _unique_interventions(cls, value: list[Intervention]) -> list[Intervention]:
        types = [item.type for item in value]
        duplicates = sorted({t for t in types if types.count(t) > 1})
        if duplicates:
            raise ValueError(f"type d'intervention cité deux fois : {', '.join(duplicates)}")
        return value

    def is_unconfirmed(self, element: str) -> bool:
        """True when the element (or its delay) is marked « a_confirmer »."""
        value = getattr(self, element)
        if value == A_CONFIRMER:
            return True
        if element == "interaction":
            return value.mode == A_CONFIRMER or value.delai_moyen == A_CONFIRMER
        return False

    @property
    def preferred_contact(self) -> Contact | None:
        return None if isinstance(self.contacts, str) else self.contacts[0]  # a str: « a_confirmer »
