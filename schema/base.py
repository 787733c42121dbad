"""Building blocks shared by every content model.

Every model forbids unknown keys (a typo such as ``misions`` must fail), and
carries French descriptions: they end up in the JSON Schema that editors'
YAML language servers read, and in CONTRIBUTING.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema, model_validator

#: The marker an editor writes where the sources do not give an element.
A_CONFIRMER = "a_confirmer"
AConfirmer = Literal["a_confirmer"]

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class StrictModel(BaseModel):
    """Base of all content models: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


#: Key that marks, in a generated JSON Schema, a field whose value is an id of a vocabulary:
#: generator.jsonschema replaces it with the list of ids (editors' completions).
VOCABULARY_MARK = "x-vocabulaire"


@dataclass(frozen=True)
class VocabRef:
    """Marks a field whose value must be an id of a controlled vocabulary."""

    vocabulary: str

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict:
        return {**handler(core_schema), VOCABULARY_MARK: self.vocabulary}


@dataclass(frozen=True)
class OperatorRef:
    """Marks a field whose value must be the id of an existing operator fiche."""


@dataclass(frozen=True)
class DocumentRef:
    """Marks a field whose value must name a document of ``content/sources.yaml``."""


DOCUMENT_PATTERN = r"^[0-9]{3}_[0-9a-f]{16}\.txt$"
DocumentName = Annotated[str, Field(pattern=DOCUMENT_PATTERN, max_length=60)]
"""The file name of a source document (« 002_30a767aea95cf016.txt »)."""


Slug = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        min_length=2,
        max_length=60,
        description="Identifiant : minuscules, chiffres et tirets (ex. « segec-ctp »).",
    ),
]


def Text(max_length: int) -> Any:  # capitalised: it is used as a type (« question: Text(160) »)
    """A non-empty French text of at most ``max_length`` characters; Markdown where the field says so.

    Every free text has a bound: a mistaken paste or a hostile value (10 MB in « nom ») is refused
    by ``validate`` with one short line, instead of being copied onto every page that shows it.
    The bound is in the JSON Schema (``maxLength``) and in CONTRIBUTING.md's field reference.
    """
    return Annotated[str, Field(min_length=1, max_length=max_length)]


# The bounds by use, written once (characters). Each is at least three times the longest value of
# the real content when they were set (issue 13), except the older, deliberate ones of a sigle
# and a summary (cards, search results), which content already respects.
Acronym = Text(30)
"""A sigle or a short name (« SGNE »)."""
Name = Text(400)
"""One line: a name, a title, a label (« Service général du Numérique éducatif »)."""
Summary = Text(300)
"""One sentence shown on cards and in search results."""
Paragraph = Text(1_200)
"""One paragraph: a mission, an item of a list, a detail, a precision, a reason."""
Markdown = Text(5_000)
"""A body of several paragraphs (Markdown): a programme's or a phase's description."""

#: Longest web address (characters): far above any real one, far below a hostile paste.
URL_MAX = 500
#: Longest e-mail address (RFC 5321: 254 characters).
EMAIL_MAX = 254
#: The shape of an e-mail address, for the JSON Schema (email-validator, in validate, says more).
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
#: Longest telephone number as written (« +32 (0)81 33 44 70 »).
PHONE_MAX = 40
#: Longest free list (items): missions, contacts, sources, phases, options…
LIST_MAX = 50
#: Longest vocabulary or decision-tree list (terms, questions, results).
CATALOGUE_MAX = 200

Url = Annotated[str, Field(pattern=r"^https://[^\s]+$", max_length=URL_MAX)]
"""A web address (https)."""

OperatorId = Annotated[
    str, OperatorRef(), Field(pattern=ID_PATTERN, max_length=60, description="Identifiant d'une fiche opérateur existante.")
]


def vocab(name: str, description: str) -> object:
    """Annotated type for an id taken from the vocabulary ``name``."""
    return Annotated[str, VocabRef(name), Field(pattern=ID_PATTERN, max_length=60, description=description)]


def shown(value: object, limit: int = 60) -> str:
    """A value quoted in an error message, cut so that a hostile value never fills the terminal."""
    text = str(value)
    return f"« {text[: limit - 3]}… »" if len(text) > limit else f"« {text} »"


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _partial_date(value: object) -> str:
    """Accept a YAML date, a year (int) or 'YYYY', 'YYYY-MM', 'YYYY-MM-DD'."""
    if isinstance(value, dt.datetime):
        raise ValueError("attendu une date sans heure (AAAA-MM-JJ)")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("attendu une date AAAA, AAAA-MM ou AAAA-MM-JJ")
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise ValueError(f"{shown(value)} n'est pas une date ; attendu AAAA, AAAA-MM ou AAAA-MM-JJ")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"{shown(value)} n'est pas une date qui existe") from None
    return value.strip()


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    PlainSerializer(lambda v: v, return_type=str),
    # A year written without quotes (« debut: 1999 ») is a number in YAML, and validate accepts it:
    # so does the schema that editors' language servers read.
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": _PARTIAL_DATE.pattern, "maxLength": 10},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }
    ),
    Field(description="Date, complète (AAAA-MM-JJ) ou partielle (AAAA-MM ou AAAA)."),
]


def _strict_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        raise ValueError("attendu une date sans heure (AAAA-MM-JJ)")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{shown(value)} n'est pas une date ; attendu AAAA-MM-JJ") from None
    if not isinstance(value, dt.date):
        raise ValueError("attendu une date AAAA-MM-JJ")
    return value


Date = Annotated[dt.date, BeforeValidator(_strict_date)]


class Source(StrictModel):
    """Where a fact comes from: a seed document or an official web page."""

    document: Annotated[DocumentName, DocumentRef()] | None = Field(
        default=None,
        description="Nom d'un document source, parmi ceux de content/sources.yaml (ex. « 002_30a767aea95cf016.txt »).",
    )
    url: Url | None = Field(default=None, description="Adresse (https) de la page officielle de l'opérateur.")
    titre: Paragraph = Field(description="Titre lisible de la source (ex. « Circulaire du 26/11/2020 »).")
    passage: Paragraph | None = Field(
        default=None, description="Où, dans la source, se trouve l'information (page, section, étape…)."
    )
    consulte_le: Date | None = Field(default=None, description="Date de consultation d'une page web (AAAA-MM-JJ).")

    @model_validator(mode="after")
    def _document_or_url(self) -> "Source":
        if (self.document is None) == (self.url is None):
            raise ValueError("une source donne soit « document », soit « url » (l'un des deux, pas les deux)")
        return self
