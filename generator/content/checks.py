"""Checks across files: ids, references, vocabularies, freshness.

References are found generically: every model field annotated with
:class:`schema.VocabRef` or :class:`schema.OperatorRef` is checked, wherever it
sits, so a new field needs no new check.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.common.per_model import PerModel, compute
from generator.content.cartography import Cartography
from generator.content.issues import ContentIssue
from generator.content.loader import format_loc
from schema import OperatorRef, VocabRef

Loc = tuple[str | int, ...]


def iter_refs(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, object, str]]:
    """Yield (path, marker, value) for every VocabRef/OperatorRef field in a model tree."""
    if isinstance(value, BaseModel):
        for name, markers in _field_markers(type(value)):
            child = getattr(value, name)
            if markers and child is not None:
                items = child if isinstance(child, list) else [child]
                for index, item in enumerate(items):
                    if isinstance(item, str):
                        item_loc = loc + ((name, index) if isinstance(child, list) else (name,))
                        yield item_loc, markers[0], item
            if isinstance(child, (BaseModel, list)):  # nothing else holds references
                yield from iter_refs(child, loc + (name,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, (BaseModel, list)):
                yield from iter_refs(item, loc + (index,))


def refs_of(model: BaseModel) -> list[tuple[Loc, object, str]]:
    """iter_refs(model), as a list (derived from one model: see generator.common.per_model)."""
    return list(iter_refs(model))


@functools.cache  # a function of the class: computed once per class
def _field_markers(model: type[BaseModel]) -> list[tuple[str, list[object]]]:
    """(field name, its VocabRef/OperatorRef markers) for each field of ``model``."""
    found = []
    for name, info in model.model_fields.items():
        markers: list[object] = [m for m in info.metadata if isinstance(m, (VocabRef, OperatorRef))]
        markers += _markers_in_annotation(info.annotation)
        found.append((name, markers))
    return found


def _markers_in_annotation(annotation: object) -> list[object]:
    """Markers inside list[Annotated[str, VocabRef(...)]] and unions of it."""
    found: list[object] = []
    stack = [annotation]
    while stack:
        current = stack.pop()
        for meta in getattr(current, "__metadata__", ()):
            if isinstance(meta, (VocabRef, OperatorRef)):
                found.append(meta)
        stack.extend(getattr(current, "__args__", ()))
        origin = getattr(current, "__origin__", None)
        if origin is not None and hasattr(origin, "__metadata__"):
            stack.append(origin)
    return found


def cross_check(carto: Cartography, review_months: int | None = None, per_model: PerModel = compute) -> list[ContentIssue]:
    issues: list[ContentIssue] = []
    vocab_ids = {name: set(carto.vocab.ids(name)) for name in type(carto.vocab).model_fields}
    operator_ids = set(carto.operators)

    def issue(kind: str, item_id: str, loc: Loc, message: str, severity: str = "erreur") -> ContentIssue:
        file = carto.file_of(kind, item_id)
        line = carto.documents[file].line_of(loc)
        return ContentIssue(file, line, format_loc(loc), message, severity)  # type: ignore[arg-type]

    # Zones name their region.
    for index, zone in enumerate(carto.vocab.zones):
        if zone.region not in vocab_ids["regions"]:
            issues.append(issue("vocabulaires", "vocabulaires", ("zones", index, "region"),
                                f"région « {zone.region} » inconnue ; attendu l'un de : {', '.join(sorted(vocab_ids['regions']))}"))

    items: list[tuple[str, str, BaseModel]] = [("operators", k, v) for k, v in carto.operators.items()]
    items += [("projects", k, v) for k, v in carto.projects.items()]
    for kind, item_id, model in items:
        stem = _stem(carto.file_of(kind, item_id))
        if item_id != stem:
            issues.append(issue(kind, item_id, ("id",), f"l'identifiant « {item_id} » diffère du nom du fichier ; attendu « {stem} »"))
        for loc, marker, value in per_model(refs_of, model):
            if isinstance(marker, VocabRef) and value not in vocab_ids[marker.vocabulary]:
                expected = ", ".join(sorted(vocab_ids[marker.vocabulary]))
                issues.append(issue(kind, item_id, loc, f"« {value} » n'existe pas dans le vocabulaire « {marker.vocabulary} » ; attendu l'un de : {expected}"))
            elif isinstance(marker, OperatorRef) and value not in operator_ids:
                issues.append(issue(kind, item_id, loc, f"aucune fiche opérateur n'a l'identifiant « {value} » ; vérifiez content/operators/"))

    for op_id, operator in carto.operators.items():
        issues += _check_zone(carto, op_id, operator, issue)
        issues += _check_freshness(carto, op_id, operator, issue, review_months)

    return issues


def _stem(display: str) -> str:
    name = display.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


def _check_zone(carto: Cartography, op_id: str, operator: Any, issue: Any) -> list[ContentIssue]:
    found = []
    regions = set(operator.zone.regions)
    for index, zone_id in enumerate(operator.zone.zones or []):
        try:
            zone = carto.vocab.zone(zone_id)
        except KeyError:
            continue  # already reported as an unknown vocabulary id
        if zone.region not in regions:
            found.append(issue("operators", op_id, ("zone", "zones", index),
                               f"la zone « {zone_id} » est en région « {zone.region} », absente de zone.regions"))
    return found


def review_due(operator: Any, review_months: int | None = None) -> dt.date:
    """The date by which the fiche must be reviewed again."""
    months = review_months or operator.revision_mois
    date = operator.mis_a_jour
    month = date.month - 1 + months
    year = date.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def _check_freshness(carto: Cartography, op_id: str, operator: Any, issue: Any, review_months: int | None) -> list[ContentIssue]:
    found = []
    if operator.mis_a_jour > carto.today:
        found.append(issue("operators", op_id, ("mis_a_jour",), f"date {operator.mis_a_jour.isoformat()} dans le futur ; attendu la date de la dernière relecture"))
        return found
    due = review_due(operator, review_months)
    if due < carto.today:
        found.append(issue("operators", op_id, ("mis_a_jour",),
                           f"fiche relue le {operator.mis_a_jour.isoformat()}, à relire depuis le {due.isoformat()}",
                           "avertissement"))
    return found
