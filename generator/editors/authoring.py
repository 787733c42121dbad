"""Help for editors: commented templates of new fiches, and the field reference of CONTRIBUTING.md.

Both are written from the pydantic models (their French ``description``), so they
cannot drift from what ``cartographie validate`` accepts. A template carries the
placeholder « À COMPLÉTER » wherever the editor must write something; a fiche
that still contains it is refused, with the line of each placeholder.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.content.placeholders import PLACEHOLDER
from schema import OperatorRef, VocabRef
from schema.base import ID_PATTERN
from schema.fields import ModelField
from schema.fields import fields_of as model_fields
from schema.kinds import CASES, OPERATORS, PROJECTS, SITE, SOURCES, TREE, VOCABULARIES, new_kinds

#: Optional fields that a template still shows uncommented, because a rule across
#: fields needs one of them (a source gives « document » or « url »).
_ONE_OF_DOCUMENT_URL = "Une source donne soit « url », soit « document » (ci-dessus) : l'un des deux."
TEMPLATE_SHOWS = {("Source", "url"): _ONE_OF_DOCUMENT_URL, ("SourceFiche", "url"): _ONE_OF_DOCUMENT_URL}
#: What an optional field's comment says instead of « Facultatif. ».
_DOCUMENT_INSTEAD = (
    "Facultatif : pour citer un document plutôt qu'une page web, enlevez le « # » de la ligne"
    " « document » et supprimez la ligne « url » en dessous."
)
TEMPLATE_NOTES = {("Source", "document"): _DOCUMENT_INSTEAD, ("SourceFiche", "document"): _DOCUMENT_INSTEAD}

COMMENT_WIDTH = 96


# --- What a field is, read from the model -------------------------------------------------


@dataclass(frozen=True)
class FieldDoc:
    """One field of a content model, as an editor needs to know it."""

    name: str
    description: str
    required: bool
    shape: Literal["value", "list", "model", "list_model"]
    model: type[BaseModel] | None = None
    vocabulary: str | None = None
    operator_ref: bool = False
    choices: tuple[str, ...] = ()
    a_confirmer: bool = False
    kind: str = "text"  # text, integer, date, partial-date, boolean, mapping
    default: Any = None
    #: Longest text (characters) of the value, or of each item of a list; None: no bound to show.
    max_chars: int | None = None
    #: Longest list (items), for a list.
    max_items: int | None = None


def fields_of(model: type[BaseModel]) -> list[FieldDoc]:
    """The fields of ``model``, in the order of the model (which is the order of the fiche)."""
    return [_field_doc(field) for field in model_fields(model)]


def _field_doc(field: ModelField) -> FieldDoc:
    info, item, model = field.info, field.value, field.model
    metadata = list(field.metadata)
    own_bound = _max_length(list(field.own))  # of the value itself: a text's characters, a list's items
    item_bound = _max_length(list(field.item)) if field.many else None
    shape = "list" if field.many else "value"
    if model is not None:
        shape = "list_model" if shape == "list" else "model"
    description = (
        info.description or next((m.description for m in metadata if isinstance(m, FieldInfo) and m.description), None) or ""
    )
    vocabulary = next((m.vocabulary for m in metadata if isinstance(m, VocabRef)), None)
    default = None if info.is_required() or info.default_factory is not None else info.default
    kind = _kind(item, metadata)
    choices = tuple(get_args(item)) if get_origin(item) is Literal else ()
    text_bound = item_bound if shape == "list" else own_bound
    shows_chars = kind in ("text", "url") and model is None and not choices
    return FieldDoc(
        name=field.name,
        description=description,
        required=info.is_required(),
        shape=shape,  # type: ignore[arg-type]
        model=model,
        vocabulary=vocabulary,
        operator_ref=any(isinstance(m, OperatorRef) for m in metadata),
        choices=choices,
        a_confirmer=field.a_confirmer,
        kind=kind,
        default=default,
        max_chars=text_bound if shows_chars else None,
        max_items=own_bound if shape in ("list", "list_model") or kind == "mapping" else None,
    )


def _max_length(metadata: list[Any]) -> int | None:
    """The ``max_length`` among these constraints (pydantic keeps it as annotated_types.MaxLen)."""
    for m in metadata:
        if isinstance(m, FieldInfo):
            if (inner := _max_length(list(m.metadata))) is not None:
                return inner
        elif isinstance(getattr(m, "max_length", None), int):
            return m.max_length
    return None


def _kind(item: Any, metadata: list[Any]) -> str:
    metadata = metadata + [inner for m in metadata if isinstance(m, FieldInfo) for inner in m.metadata]
    patterns = {getattr(m, "pattern", None) for m in metadata}
    validators = {getattr(getattr(m, "func", None), "__name__", None) for m in metadata}
    if "_partial_date" in validators:
        return "partial-date"
    if ID_PATTERN in patterns:
        return "id"
    if any(isinstance(p, str) and p.startswith("^https") for p in patterns):
        return "url"
    if item is int:
        return "integer"
    if item is bool:
        return "boolean"
    if item is dt.date:
        return "date"
    if get_origin(item) is dict:
        return "mapping"
    return "text"


def form_of(doc: FieldDoc) -> str:
    """What the value looks like, in French (« liste de textes », « date AAAA-MM-JJ »…)."""
    if doc.vocabulary:
        one = f"identifiant du vocabulaire « {doc.vocabulary} »"
    elif doc.operator_ref:
        one = "identifiant d'une fiche opérateur"
    elif doc.choices:
        one = "l'un de : " + ", ".join(f"`{c}`" for c in doc.choices)
    elif doc.model is not None:
        one = "champs ci-dessous"
    else:
        one = {
            "integer": "nombre entier",
            "date": "date AAAA-MM-JJ",
            "boolean": "true ou false",
            "partial-date": "date AAAA-MM-JJ, AAAA-MM ou AAAA",
            "mapping": "liste de « clé: valeur »",
            "id": "identifiant (minuscules, chiffres, tirets)",
            "url": "adresse web https://…",
        }.get(doc.kind, "texte")
    if doc.max_chars is not None:
        one += (
            f", {_count(doc.max_chars)} caractères au plus"
            if doc.shape == "list"
            else f" ({_count(doc.max_chars)} caractères au plus)"
        )
    many = "liste" if doc.max_items is None else f"liste de {_count(doc.max_items)} éléments au plus"
    if doc.shape == "list":
        one = f"{many} ({one})"
    elif doc.shape == "list_model":
        one = f"{many} ; chaque élément a les champs ci-dessous"
    elif doc.kind == "mapping" and doc.max_items is not None:
        one += f" ({_count(doc.max_items)} au plus)"
    if doc.a_confirmer:
        one += ", ou `a_confirmer`"
    return one


def _count(number: int) -> str:
    """1200 -> '1 200', with a no-break space (French digit grouping that never wraps)."""
    return f"{number:,}".replace(",", "\u00a0")


# --- CONTRIBUTING.md field reference --------------------------------------------------------

BEGIN = "<!-- champs:debut -->"
END = "<!-- champs:fin -->"

#: The order of the reference's sections (each kind's title and files come from schema.kinds):
#: what editors write most often first.
REFERENCE_ORDER = (OPERATORS, PROJECTS, TREE, CASES, VOCABULARIES, SITE, SOURCES)


def field_reference() -> str:
    """The Markdown field reference, generated from the models' descriptions."""
    out = [
        "<!-- Section générée par « cartographie contributing » à partir des descriptions du schéma"
        " (schema/) : ne la modifiez pas à la main. -->",
        "",
    ]
    for kind in REFERENCE_ORDER:
        out += [
            f"### {kind.title} — `content/{kind.path('<id>')}`",
            "",
            "| champ | obligatoire | forme | ce qu'il contient |",
            "| --- | --- | --- | --- |",
        ]
        out += _reference_rows(kind.model, "")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _reference_rows(model: type[BaseModel], prefix: str) -> list[str]:
    rows = []
    for doc in fields_of(model):
        path = prefix + doc.name
        required = "oui" if doc.required else ("non" if doc.default in (None, "") else f"non ({_yaml_value(doc.default)})")
        description = doc.description.replace("|", "\\|") or "—"
        rows.append(f"| `{path}` | {required} | {form_of(doc)} | {description} |")
        if doc.model is not None:
            rows += _reference_rows(doc.model, path + ("[]." if doc.shape == "list_model" else "."))
    return rows


def update_contributing(path: Path) -> tuple[str, str]:
    """(current text, text with the generated reference between the markers)."""
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise ValueError(f"{path} : marqueurs {BEGIN} / {END} introuvables")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return text, f"{head}{BEGIN}\n{field_reference()}{END}{tail}"


# --- Templates of new fiches ---------------------------------------------------------------


class AuthoringError(Exception):
    """A usage mistake of ``cartographie nouveau`` (exit code 2)."""


def check_new_id(item_id: str) -> None:
    if not re.match(ID_PATTERN, item_id) or not 2 <= len(item_id) <= 60:
        raise AuthoringError(
            f"identifiant « {item_id} » refusé ; attendu de 2 à 60 minuscules, chiffres et tirets (ex. « segec-ctp »)"
        )


def new_fiche(kind: str, item_id: str, content: Path, today: dt.date, vocab: Any = None) -> Path:
    """Write the commented template of a new fiche; refuse a bad id or an existing file."""
    kinds = new_kinds()
    if kind not in kinds:
        raise AuthoringError(f"type « {kind} » inconnu ; attendu : {', '.join(kinds)}")
    check_new_id(item_id)
    if not (Path(content) / VOCABULARIES.pattern).is_file():
        raise AuthoringError(f"dossier de contenu introuvable ({content}) ; lancez la commande depuis le dossier du dépôt")
    target = Path(content) / kinds[kind].path(item_id)
    if target.exists():
        raise AuthoringError(f"{target} existe déjà ; modifiez-le plutôt que de le recréer")
    model = kinds[kind].model
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(template(kind, item_id, model, today, vocab))
    return target


def template(kind: str, item_id: str | None, model: type[BaseModel], today: dt.date, vocab: Any = None) -> str:
    """The YAML text of a new fiche: every field, commented from its description.

    Without ``item_id`` (the copy offered on /editeurs/), the id is a placeholder too.
    """
    schema = new_kinds()[kind].schema_reference
    name = f"Nouvelle fiche « {item_id} »" if item_id else "Nouvelle fiche"
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# {name}. Remplacez chaque « {PLACEHOLDER} » par la bonne valeur,",
        "# puis vérifiez avec « cartographie validate » (voir CONTRIBUTING.md).",
        "# Les lignes qui commencent par « # » sont des commentaires : elles ne sont pas publiées.",
        "# Un champ « facultatif » est en commentaire : enlevez le « # » pour l'utiliser.",
        "",
    ]
    values = {"mis_a_jour": today.isoformat(), **({"id": item_id} if item_id else {})}
    lines += _mapping_lines(model, 0, values, vocab, top=True)
    return "\n".join(lines) + "\n"


def _mapping_lines(
    model: type[BaseModel], indent: int, values: dict, vocab: Any, top: bool = False, item: bool = False
) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    docs = fields_of(model)
    if item:  # a list item starts with a field that is written, which carries the « - »
        first = next(doc for doc in docs if doc.required)
        docs = [first] + [doc for doc in docs if doc is not first]
    for doc in docs:
        shown = doc.required or (model.__name__, doc.name) in TEMPLATE_SHOWS
        if top and lines:
            lines.append("")
        lines += [f"{pad}# {text}" for text in _comment(doc, model, shown, vocab)]
        value_lines = _value_lines(doc, indent, values, vocab)
        if not shown:  # an optional field: shown commented out, without the comments of its sub-fields
            value_lines = [pad + "# " + line[indent:] for line in value_lines if not line.lstrip().startswith("#")]
        lines += value_lines
    return lines


def _value_lines(doc: FieldDoc, indent: int, values: dict, vocab: Any) -> list[str]:
    pad = " " * indent
    if doc.model is not None:
        listed = doc.shape == "list_model"
        child = _mapping_lines(doc.model, indent + (4 if listed else 2), {}, vocab, item=listed)
        return [f"{pad}{doc.name}:"] + (_as_list_item(child, indent + 2) if doc.shape == "list_model" else child)
    if doc.shape == "list":
        if doc.vocabulary or doc.choices or doc.operator_ref:
            return [f"{pad}{doc.name}: [{PLACEHOLDER}]"]
        return [f"{pad}{doc.name}:", f"{pad}  - {PLACEHOLDER}"]
    value = values.get(doc.name, PLACEHOLDER)
    if doc.default not in (None, ""):
        value = _yaml_value(doc.default)
    return [f"{pad}{doc.name}: {value}"]


def _yaml_value(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _as_list_item(lines: list[str], indent: int) -> list[str]:
    """Turn the lines of a mapping (indented by indent + 2) into one YAML list item.

    The « - » goes on the first field line, which is written (not commented out: see
    ``_mapping_lines(item=True)``): the comments above it move to the « - »'s indentation, and
    every optional field below keeps the item's, so that removing its « # » gives valid YAML."""
    out = []
    dashed = False
    for line in lines:
        if not dashed and not line.lstrip().startswith("#"):
            out.append(" " * indent + "- " + line.lstrip())
            dashed = True
        elif not dashed:
            out.append(" " * indent + line.lstrip())
        else:
            out.append(line)
    return out


def _comment(doc: FieldDoc, model: type[BaseModel], shown: bool, vocab: Any) -> list[str]:
    text = doc.description or doc.name
    key = (model.__name__, doc.name)
    status = "Obligatoire." if doc.required else TEMPLATE_SHOWS.get(key, TEMPLATE_NOTES.get(key, "Facultatif."))
    if doc.a_confirmer and doc.shape == "value":
        status += f" Si les sources ne le disent pas, écrivez « {doc.name}: a_confirmer »."
    elif doc.a_confirmer:
        status += (
            f" Si les sources ne le disent pas, remplacez tout le bloc (les lignes en dessous comprises)"
            f" par la seule ligne « {doc.name}: a_confirmer »."
        )
    if doc.choices:
        status += " Valeurs possibles : " + ", ".join(doc.choices) + "."
    if doc.shape == "list_model":
        status += " Une liste : recopiez le bloc qui commence par « - » pour chaque élément."
    elif doc.shape == "list" and not (doc.vocabulary or doc.choices or doc.operator_ref):
        status += " Une liste : une ligne « - » par élément."
    elif doc.shape == "list":
        status += " Une liste entre crochets, séparée par des virgules."
    # Non-breaking spaces inside « … » while wrapping, so that a quotation is never cut.
    joined = re.sub(r"«[^»]*»", lambda m: m.group(0).replace(" ", "\u00a0"), f"{text} {status}".strip())
    wrapped = textwrap.wrap(joined, COMMENT_WIDTH, break_long_words=False, break_on_hyphens=False)
    lines = [line.replace("\u00a0", " ") for line in wrapped]
    if doc.vocabulary and vocab is not None:
        lines.append(f"Valeurs possibles (content/{VOCABULARIES.pattern}, « {doc.vocabulary} ») :")
        lines += [f"  {term.id} : {term.libelle}" for term in getattr(vocab, doc.vocabulary, [])]
    return lines
