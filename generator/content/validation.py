"""Validate a loaded document against its pydantic model; errors in French."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.content.issues import ContentIssue, closest
from generator.content.loader import Document, format_loc
from schema.fields import fields_of

M = TypeVar("M", bound=BaseModel)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "une liste de champs (clé: valeur)"
    if isinstance(value, list):
        return "une liste"
    if value is None:
        return "une valeur vide"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"« {text} »"


def _count(number: Any) -> str:
    """12345 -> '12 345' (French digit grouping)."""
    return f"{number:,}".replace(",", " ") if isinstance(number, int) else str(number)


_TYPE_NAMES = {
    "string_type": "un texte",
    "int_type": "un nombre entier",
    "int_parsing": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_type": "un nombre",
    "float_parsing": "un nombre",
    "finite_number": "un nombre (ni .nan ni .inf)",
    "bool_type": "vrai ou faux (true/false)",
    "bool_parsing": "vrai ou faux (true/false)",
    "list_type": "une liste (lignes commençant par « - »)",
    "dict_type": "une liste de champs (clé: valeur)",
    "model_type": "une liste de champs (clé: valeur)",
    "model_attributes_type": "une liste de champs (clé: valeur)",
    "date_type": "une date AAAA-MM-JJ",
    "date_parsing": "une date AAAA-MM-JJ",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ",
    "date_from_datetime_inexact": "une date AAAA-MM-JJ, sans heure",
}


def translate(error: dict[str, Any], model_name: str) -> str:
    """One pydantic error -> a French sentence: what was found, what is expected."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    found = _show(error.get("input"))
    if kind == "missing":
        return "champ obligatoire absent"
    if kind == "extra_forbidden":
        return f"champ inconnu (faute de frappe ?) ; les champs possibles sont listés dans {model_name}"
    if kind in _TYPE_NAMES:
        return f"trouvé {found} ; attendu {_TYPE_NAMES[kind]}"
    if kind == "literal_error":
        expected = ctx.get("expected", "").replace("'", "")
        if "a_confirmer" in expected and error.get("_union"):
            return f"trouvé {found} ; attendu {error['_union']} ou « a_confirmer »"
        return f"trouvé {found} ; valeurs possibles : {expected.replace(' or ', ', ')}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern.startswith("^[a-z0-9]"):
            return f"trouvé {found} ; attendu un identifiant en minuscules, chiffres et tirets (ex. « segec-ctp »)"
        if pattern.startswith("^https"):
            return f"trouvé {found} ; attendu une adresse web commençant par https://"
        if pattern.startswith("^[0-9]{3}_"):
            return f"trouvé {found} ; attendu le nom d'un document source (ex. « 002_30a767aea95cf016.txt »)"
        return f"trouvé {found} ; ne respecte pas le format attendu ({pattern})"
    if kind == "string_too_short":
        return "texte vide ; attendu un texte"
    if kind == "string_too_long":  # the value itself is not shown: it may be megabytes long
        return f"texte trop long : {_count(len(str(error.get('input'))))} caractères ; au plus {_count(ctx.get('max_length'))}"
    if kind == "too_short":
        return f"liste trop courte ; attendu au moins {ctx.get('min_length')} élément(s)"
    if kind == "too_long":
        what = "trop de champs" if ctx.get("field_type") == "Dictionary" else "liste trop longue"
        actual = ctx.get("actual_length")
        found = f" : {_count(actual)} éléments" if actual is not None else ""
        return f"{what}{found} ; au plus {_count(ctx.get('max_length'))}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"trouvé {found} ; attendu au moins {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"trouvé {found} ; attendu au plus {ctx.get('le', ctx.get('lt'))}"
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", error.get("msg", "")))
        return message.removeprefix("Value error, ")
    # pydantic's own text ("msg") is English: an editor never sees it.
    return f"trouvé {found} ; valeur incorrecte pour ce champ (voir CONTRIBUTING.md)"


def _merge_union_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A field 'X | a_confirmer' yields one error per branch; keep the useful one.

    Pydantic reports a union failure once per member, with the member's name in
    ``loc`` (e.g. ``('missions', 'list[str]')`` and ``('missions', "literal['a_confirmer']")``).
    We keep the errors of the real branch and drop the 'a_confirmer' one, except
    when the value is a plain word that should have been the marker.
    """
    by_field: dict[tuple, list[dict[str, Any]]] = {}
    order: list[tuple] = []
    for error in errors:
        loc = tuple(error["loc"])
        key = tuple(part for part in loc if not _is_union_tag(part))
        # group errors by the field that carries the union
        union_at = next((i for i, part in enumerate(loc) if _is_union_tag(part)), None)
        group_key = loc[:union_at] if union_at is not None else loc
        if group_key not in by_field:
            by_field[group_key] = []
            order.append(group_key)
        error = dict(error)
        error["_clean_loc"] = key
        error["_is_literal_branch"] = union_at is not None and "literal" in str(loc[union_at])
        by_field[group_key].append(error)
    merged: list[dict[str, Any]] = []
    for key in order:
        group = by_field[key]
        real = [e for e in group if not e["_is_literal_branch"]]
        if real and len(real) < len(group):
            # Value is neither a valid element nor « a_confirmer ».
            value = next(e for e in group if e["_is_literal_branch"]).get("input")
            too_long = any(e["type"] == "string_too_long" for e in real)  # a text, but too long: say so
            if isinstance(value, str) and not too_long:
                merged.append(
                    {
                        **real[0],
                        "type": "value_error",
                        "ctx": {"error": f"trouvé {_show(value)} ; attendu le contenu de l'élément ou « a_confirmer »"},
                        "_clean_loc": key,
                    }
                )
                continue
            merged.extend(real)
        else:
            merged.extend(group)
    return merged


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and (
        "[" in part or part in {"str", "int", "Delai", "list"} or part.startswith("constrained-") or part[:1].isupper()
    )


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model whose fields sit at ``loc`` (« ('contacts', 0) » -> Contact), or None."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        # The model of the field, inside list[…], Annotated[…] and unions (« list[Contact] | a_confirmer » -> Contact).
        field = next((f for f in fields_of(current) if f.name == part), None) if current is not None else None
        if field is None:
            return None
        current = field.model
    return current


def _typos(errors: list[dict[str, Any]], model: type[BaseModel]) -> list[dict[str, Any]]:
    """An unknown field near a valid one gets « vouliez-vous dire … ? »; when that one is missing, the
    two errors (« name » unknown, « nom » missing) become one, on the line of the misspelt field."""
    missing = {tuple(e["_clean_loc"]) for e in errors if e["type"] == "missing"}
    merged_missing = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc = tuple(error["_clean_loc"])
        target = _model_at(model, loc[:-1])
        present = set(error.get("_siblings", ()))
        suggestion = closest(loc[-1], [name for name in target.model_fields if name not in present]) if target else None
        if suggestion is None:
            continue
        error["_suggestion"] = suggestion
        if loc[:-1] + (suggestion,) in missing:
            error["_replaces_missing"] = True
            merged_missing.add(loc[:-1] + (suggestion,))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["_clean_loc"]) in merged_missing)]


def _siblings(data: Any, loc: tuple) -> list[str]:
    """The keys written beside the field at ``loc`` (a suggestion never names a field already there)."""
    for part in loc[:-1]:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return []
    return [key for key in data if isinstance(key, str)] if isinstance(data, dict) else []


def _typo_message(error: dict[str, Any], label: str) -> str:
    suggestion = error["_suggestion"]
    if error.get("_replaces_missing"):
        return (
            f"champ inconnu ; vouliez-vous dire « {suggestion} » ? (« {suggestion} » est obligatoire et absent"
            " de la fiche : corrigez le nom du champ)"
        )
    return (
        f"champ inconnu (faute de frappe ?) ; vouliez-vous dire « {suggestion} » ? Les champs possibles sont listés dans {label}"
    )


def validate_document(document: Document, model: type[M], display: str, context: dict | None = None) -> M | list[ContentIssue]:
    """Return the model instance, or every issue of the document with its line."""
    try:
        return model.model_validate(document.data, context=context)
    except ValidationError as exc:
        issues = []
        seen = set()
        errors = _merge_union_errors([dict(error) for error in exc.errors(include_url=False)])
        for error in errors:
            if error["type"] == "extra_forbidden":
                error["_siblings"] = _siblings(document.data, tuple(error["_clean_loc"]))
        for error in _typos(errors, model):
            loc = error["_clean_loc"]
            label = _model_label(model)
            message = _typo_message(error, label) if "_suggestion" in error else translate(error, label)
            key = (loc, message)
            if key in seen:
                continue
            seen.add(key)
            issues.append(ContentIssue(display, document.line_of(loc), format_loc(loc), message))
        return issues


def _model_label(model: type[BaseModel]) -> str:
    return {
        "Operator": "CONTRIBUTING.md (fiche opérateur)",
        "Project": "CONTRIBUTING.md (projet)",
        "Vocabularies": "CONTRIBUTING.md (vocabulaires)",
    }.get(model.__name__, "CONTRIBUTING.md")
