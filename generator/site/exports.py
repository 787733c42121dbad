"""Open data: the fiches and programmes as JSON and CSV, described by a Frictionless Data Package.

Everything here is deterministic (rows sorted by id, keys in model order, no
timestamps), so two builds of the same content give the same bytes. Field
descriptions come from the pydantic models: the schema is the one place they
are written.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import typing
from collections.abc import Callable
from dataclasses import dataclass

import orjson
from pydantic import BaseModel

from generator.common.per_model import PerModel, compute
from generator.common.urls import File, Urls
from generator.content.cartography import Cartography
from generator.editors.jsonschema import SCHEMA_DIR
from schema import A_CONFIRMER, ELEMENTS, Operator, Vocabularies
from schema.fields import fields_of
from schema.kinds import KINDS, OPERATORS, PROJECTS, VOCABULARIES
from schema.operator import Contact, Interaction, Intervention, Publics, ZoneIntervention

#: Separator of the values of a list in one CSV cell.
LIST_SEPARATOR = " | "
#: Separator of the parts of a structured element in one CSV cell.
PART_SEPARATOR = " ; "

PACKAGE_NAME = "cartographie-numerique-educatif"

#: How operateurs.csv protects spreadsheets (datapackage.json and the /donnees/ page say it).
CSV_SAFETY_NOTE = (
    "Chaque valeur est entre guillemets doubles ; une valeur qui commence par =, +, -, @, "
    "une tabulation ou un retour chariot est précédée d'une apostrophe (') pour qu'un tableur "
    "ne la prenne pas pour une formule (ex. « '+32 81 33 44 70 »). "
    "Les fichiers JSON donnent le texte exact."
)


# --- JSON -----------------------------------------------------------------------------------


def _element_order(model: type[BaseModel]) -> list[str]:
    """Identity fields first, then the eight elements in the circular's order, then the rest."""
    fields = list(model.model_fields)
    elements = [element.field for element in ELEMENTS]
    first = fields.index(elements[0])
    return fields[:first] + elements + [name for name in fields[first:] if name not in elements]


def operator_record(operator: Operator) -> dict:
    """The operator as operateurs.json gives it (shared: not to be changed by callers)."""
    data = operator.model_dump(mode="json")
    return {name: data[name] for name in _element_order(Operator)}


def _json_bytes(value: object) -> bytes:
    # orjson: the same document as json.dumps(indent=2, ensure_ascii=False), ten times faster
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _json(value: object) -> str:
    return _json_bytes(value).decode("utf-8")


def operators_json(carto: Cartography, per_model: PerModel = compute) -> bytes:
    """operateurs.json, as UTF-8 bytes: what orjson writes and the file holds (tens of MB at 5,000
    fiches, which a str would make twice over, the str and then its encoding)."""
    return _json_bytes([per_model(operator_record, carto.operators[op_id]) for op_id in sorted(carto.operators)])


def projects_json(carto: Cartography) -> bytes:
    return _json_bytes([carto.projects[p_id].model_dump(mode="json") for p_id in sorted(carto.projects)])


def vocabularies_json(carto: Cartography) -> bytes:
    return _json_bytes(carto.vocab.model_dump(mode="json", exclude_none=True))


# --- CSV ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of operateurs.csv: its Table Schema type, French description and value."""

    name: str
    type: str
    description: str
    value: Callable[[Operator, Vocabularies], str]
    format: str | None = None

    def field(self) -> dict:
        out: dict[str, object] = {"name": self.name, "type": self.type}
        if self.format:
            out["format"] = self.format
        out["description"] = self.description
        if self.name == "id":
            out["constraints"] = {"required": True, "unique": True}
        return out


def _join(values: typing.Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _labelled(items, vocabulary: str, vocab: Vocabularies) -> str:
    """Interventions or modes: 'Libellé : détail | …', or « a_confirmer »."""
    if items == A_CONFIRMER:
        return A_CONFIRMER
    return _join(vocab.label(vocabulary, item.type) + (f" : {item.detail}" if item.detail else "") for item in items)


def _texts(items) -> str:
    return A_CONFIRMER if items == A_CONFIRMER else _join(items)


def _parts(*parts: str | None) -> str:
    return PART_SEPARATOR.join(part for part in parts if part)


def _labels(vocab: Vocabularies, vocabulary: str, ids: list[str] | None) -> str:
    return _join(vocab.label(vocabulary, term_id) for term_id in ids or [])


def _publics(op: Operator, vocab: Vocabularies) -> str:
    p = op.publics
    return _parts(
        f"Réseaux : {_labels(vocab, 'reseaux', p.reseaux)}", f"Unités : {_labels(vocab, 'unites', p.unites)}", p.precision
    )


def _zone(op: Operator, vocab: Vocabularies) -> str:
    z = op.zone
    return _parts(
        f"Régions : {_labels(vocab, 'regions', z.regions)}",
        f"Zones : {_labels(vocab, 'zones', z.zones)}" if z.zones else None,
        z.precision,
    )


def _delay_text(interaction: Interaction) -> str:
    delay = interaction.delai_moyen
    if isinstance(delay, str):  # « a_confirmer »
        return A_CONFIRMER
    return delay.label + (f" ({delay.precision})" if delay.precision else "")


def _interaction(op: Operator, vocab: Vocabularies) -> str:
    i = op.interaction
    return _parts(i.mode, f"Canal : {vocab.label('canaux', i.canal)}" if i.canal else None, f"Délai moyen : {_delay_text(i)}")


def _contact_text(contact: Contact, vocab: Vocabularies) -> str:
    label = vocab.label("types_contact", contact.type) if contact.type in vocab.ids("types_contact") else contact.type
    text = f"{label} : {contact.valeur}"
    extra = ", ".join(
        part
        for part in (contact.libelle, contact.horaires, A_CONFIRMER if getattr(contact, "a_confirmer", False) else None)
        if part
    )
    return text + (f" ({extra})" if extra else "")


def _contacts(op: Operator, vocab: Vocabularies) -> str:
    if isinstance(op.contacts, str):  # « a_confirmer »
        return A_CONFIRMER
    return _join(_contact_text(contact, vocab) for contact in op.contacts)


_ELEMENT_VALUES: dict[str, Callable[[Operator, Vocabularies], str]] = {
    "missions": lambda op, vocab: _texts(op.missions),
    "interventions": lambda op, vocab: _labelled(op.interventions, "interventions", vocab),
    "publics": _publics,
    "zone": _zone,
    "modes_intervention": lambda op, vocab: _labelled(op.modes_intervention, "modes_intervention", vocab),
    "interaction": _interaction,
    "contacts": _contacts,
    "a_prevoir": lambda op, vocab: _texts(op.a_prevoir),
}

_IDS_NOTE = " Identifiants séparés par « | »."


def _description(model: type[BaseModel], name: str) -> str:
    return model.model_fields[name].description or ""


def _attribute(name: str) -> Callable[[Operator, Vocabularies], str]:
    """The column's value: the operator's field ``name`` (empty when it has none)."""

    def value(op: Operator, vocab: Vocabularies) -> str:
        return getattr(op, name) or ""

    return value


def _iso8601_delay(op: Operator, vocab: Vocabularies) -> str:
    delay = op.interaction.delai_moyen
    return "" if isinstance(delay, str) else delay.iso8601  # a str: « a_confirmer »


@functools.cache
def csv_columns() -> tuple[Column, ...]:
    """The columns of operateurs.csv, in order."""
    identity = [
        Column(name, "string", _description(Operator, name), _attribute(name), format="uri" if name == "site_web" else None)
        for name in ("id", "nom", "sigle", "categorie", "resume", "site_web")
    ]
    elements = [
        Column(
            element.field,
            "string",
            _description(Operator, element.field) + " Texte lisible ; « a_confirmer » quand la source ne le précise pas.",
            _ELEMENT_VALUES[element.field],
        )
        for element in ELEMENTS
    ]
    derived = [
        Column(
            "interventions_ids",
            "string",
            _description(Intervention, "type") + _IDS_NOTE,
            lambda op, vocab: _join(item.type for item in op.interventions),
        ),
        Column("reseaux", "string", _description(Publics, "reseaux") + _IDS_NOTE, lambda op, vocab: _join(op.publics.reseaux)),
        Column("unites", "string", _description(Publics, "unites") + _IDS_NOTE, lambda op, vocab: _join(op.publics.unites)),
        Column(
            "regions", "string", _description(ZoneIntervention, "regions") + _IDS_NOTE, lambda op, vocab: _join(op.zone.regions)
        ),
        Column(
            "zones",
            "string",
            _description(ZoneIntervention, "zones") + _IDS_NOTE + " Vide : toute la région.",
            lambda op, vocab: _join(op.zone.zones or []),
        ),
        Column(
            "delai_moyen_iso8601",
            "duration",
            _description(Interaction, "delai_moyen") + " Ici en durée ISO 8601 (ex. P2D) ; vide s'il est à confirmer.",
            _iso8601_delay,
        ),
        Column(
            "contact_prefere",
            "string",
            "Le premier des moyens de contact (« contacts ») : " + _description(Contact, "valeur"),
            lambda op, vocab: op.preferred_contact.valeur if op.preferred_contact else "",
        ),
        Column("mis_a_jour", "date", _description(Operator, "mis_a_jour"), lambda op, vocab: op.mis_a_jour.isoformat()),
        Column(
            "sources",
            "string",
            _description(Operator, "sources") + " Titre et document ou adresse, séparés par « | ».",
            lambda op, vocab: _join(f"{s.titre} ({s.url or s.document})" for s in op.sources),
        ),
    ]
    return tuple(identity + elements + derived)


def operators_csv(carto: Cartography, per_model: PerModel = compute) -> str:
    header = _csv_line([column.name for column in csv_columns()])
    return header + "".join([per_model(_csv_row, carto.operators[op_id], carto.vocab) for op_id in sorted(carto.operators)])


def _csv_row(operator: Operator, vocab: Vocabularies) -> str:
    """The operator's line of operateurs.csv (derived from one model: serve re-encodes changed fiches only)."""
    return _csv_line([column.value(operator, vocab) for column in csv_columns()])


#: A cell that starts with one of these is read as a formula by a spreadsheet (OWASP, « CSV Injection »):
#: « =HYPERLINK(…) » in a fiche would run on the reader's computer.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A cell as operateurs.csv writes it: prefixed with « ' » when a spreadsheet would run it (OWASP)."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _csv_line(values: list[str]) -> str:
    """One line of a CSV file: every cell neutralised (csv_cell) and quoted. Quoting every cell, not
    only those with a comma (RFC 4180 escapes the quotes inside), keeps a « ; » of the text from
    starting a new cell, and so a formula, in a spreadsheet whose separator is « ; » (French Excel)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerow([csv_cell(v) for v in values])
    return buffer.getvalue()


# --- Field documentation (the /donnees/ page) -----------------------------------------------


@dataclass(frozen=True)
class FieldDoc:
    path: str
    description: str
    required: bool


def field_docs(model: type[BaseModel], prefix: str = "") -> list[FieldDoc]:
    """Every field of ``model``, nested ones as ``publics.reseaux`` or ``phases[].titre``."""
    out = []
    for field in fields_of(model):
        path, info = prefix + field.name, field.info
        if info.description or field.model is None:
            out.append(FieldDoc(path, info.description or "", info.is_required()))
        if field.model is not None:
            out += field_docs(field.model, path + ("[]." if field.many else "."))
    return out


# --- Data Package ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    """One published file and what it holds (French, shown on the /donnees/ page)."""

    name: str
    path: str
    format: str
    mediatype: str
    title: str
    description: str


def resources() -> list[Resource]:
    """The data files of the package (the JSON Schemas are published beside it, not as resources)."""
    return [
        Resource(
            "operateurs-csv",
            "operateurs.csv",
            "csv",
            "text/csv",
            "Fiches des opérateurs (CSV)",
            "Une ligne par opérateur, les huit éléments de la fiche mis à plat en texte lisible. " + CSV_SAFETY_NOTE,
        ),
        Resource(
            "operateurs-json",
            "operateurs.json",
            "json",
            "application/json",
            "Fiches des opérateurs (JSON)",
            f"Toutes les fiches, complètes et structurées, triées par identifiant (structure : schema/{OPERATORS.schema_file}).",
        ),
        Resource(
            "projets-json",
            "projets.json",
            "json",
            "application/json",
            "Programmes École numérique (JSON)",
            f"Les programmes et leurs phases, triés par identifiant (structure : schema/{PROJECTS.schema_file}).",
        ),
        Resource(
            "vocabulaires-json",
            "vocabulaires.json",
            "json",
            "application/json",
            "Vocabulaires contrôlés (JSON)",
            "Les libellés des identifiants utilisés dans les fiches : réseaux, unités, régions, zones… "
            f"(structure : schema/{VOCABULARIES.schema_file}).",
        ),
    ]


def json_schema_files() -> list[str]:
    """Names of the JSON Schema files copied to donnees/schema/: one per kind of content file."""
    return sorted(kind.schema_file for kind in KINDS)


def _resource_descriptor(resource: Resource, content: bytes) -> dict:
    descriptor = {
        "name": resource.name,
        "path": resource.path,
        "title": resource.title,
        "description": resource.description,
        "format": resource.format,
        "mediatype": resource.mediatype,
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
    }
    if resource.format == "csv":
        descriptor["profile"] = "tabular-data-resource"
        descriptor["schema"] = {
            "fields": [column.field() for column in csv_columns()],
            "primaryKey": ["id"],
            "missingValues": [""],
        }
    return descriptor


def datapackage(carto: Cartography, contents: dict[str, bytes], base_url: str | None) -> str:
    site = carto.site
    package = {
        "profile": "data-package",
        "name": PACKAGE_NAME,
        "title": site.titre,
        "description": site.sous_titre,
        "licenses": [{"title": site.licence, "path": site.licence_url}],
        "contributors": [{"title": site.editeur, "role": "publisher", "email": site.email_editeurs}],
    }
    if base_url:
        package["homepage"] = base_url + Urls.data
    package["resources"] = [_resource_descriptor(r, contents[r.path]) for r in resources()]
    return _json(package)


def export_files(carto: Cartography, base_url: str | None = None, per_model: PerModel = compute) -> list[File]:
    """Every file under donnees/: the exports, the JSON Schemas, then the datapackage.json that lists them."""
    contents = {
        "operateurs.csv": operators_csv(carto, per_model).encode("utf-8"),
        "operateurs.json": operators_json(carto, per_model),
        "projets.json": projects_json(carto),
        "vocabulaires.json": vocabularies_json(carto),
    }
    for name in json_schema_files():
        contents[f"schema/{name}"] = (SCHEMA_DIR / name).read_bytes()
    contents["datapackage.json"] = datapackage(carto, contents, base_url).encode("utf-8")
    return [File(Urls.data + path, data) for path, data in contents.items()]


__all__ = [
    "CSV_SAFETY_NOTE",
    "Column",
    "FieldDoc",
    "Resource",
    "csv_cell",
    "csv_columns",
    "datapackage",
    "export_files",
    "field_docs",
    "json_schema_files",
    "operator_record",
    "operators_csv",
    "operators_json",
    "projects_json",
    "resources",
]
