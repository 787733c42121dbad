"""Checks across files: ids, references, vocabularies, freshness.

References are found generically: every model field annotated with
:class:`schema.VocabRef` or :class:`schema.OperatorRef` is checked, wherever it
sits, so a new field needs no new check.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.common.per_model import PerModel, compute
from generator.content.cartography import Cartography
from generator.content.issues import ContentIssue, did_you_mean
from generator.content.loader import format_loc
from schema import DocumentRef, OperatorRef, VocabRef
from schema.fields import fields_of
from schema.kinds import OPERATORS, PROJECTS, SOURCES, VOCABULARIES

Loc = tuple[str | int, ...]


def iter_refs(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, object, str]]:
    """Yield (path, marker, value) for every VocabRef/OperatorRef/DocumentRef field in a model tree."""
    if isinstance(value, BaseModel):
        for field in fields_of(type(value)):
            name, markers = field.name, field.markers
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
            issues.append(
                issue(
                    VOCABULARIES.name,
                    VOCABULARIES.name,
                    ("zones", index, "region"),
                    f"région « {zone.region} » inconnue ; attendu l'un de : {', '.join(sorted(vocab_ids['regions']))}",
                )
            )

    documents = carto.source_documents.names() if carto.source_documents is not None else None
    items: list[tuple[str, str, BaseModel]] = [(OPERATORS.name, k, v) for k, v in carto.operators.items()]
    items += [(PROJECTS.name, k, v) for k, v in carto.projects.items()]
    missing_operators: dict[str, list[tuple[str, str, Loc]]] = {}
    for kind, item_id, model in items:
        stem = _stem(carto.file_of(kind, item_id))
        if item_id != stem:
            issues.append(
                issue(kind, item_id, ("id",), f"l'identifiant « {item_id} » diffère du nom du fichier ; attendu « {stem} »")
            )
        for loc, marker, value in per_model(refs_of, model):
            if isinstance(marker, VocabRef) and value not in vocab_ids[marker.vocabulary]:
                known = vocab_ids[marker.vocabulary]
                issues.append(
                    issue(
                        kind,
                        item_id,
                        loc,
                        f"« {value} » n'existe pas dans le vocabulaire « {marker.vocabulary} »"
                        f"{did_you_mean(value, known)} ; attendu l'un de : {', '.join(sorted(known))}",
                    )
                )
            elif isinstance(marker, OperatorRef) and value not in operator_ids:
                missing_operators.setdefault(value, []).append((kind, item_id, loc))
            elif isinstance(marker, DocumentRef) and documents is not None and value not in documents:
                issues.append(
                    issue(
                        kind,
                        item_id,
                        loc,
                        f"le document « {value} » n'est pas dans content/{SOURCES.pattern}"
                        f"{did_you_mean(value, documents)} ; attendu l'un de : {', '.join(documents)}",
                    )
                )
    issues += _missing_operator_issues(carto, missing_operators, operator_ids, issue)

    for op_id, operator in carto.operators.items():
        issues += _check_zone(carto, op_id, operator, issue)
        issues += _check_freshness(carto, op_id, operator, issue, review_months)

    return issues


def _missing_operator_issues(
    carto: Cartography, missing: dict[str, list[tuple[str, str, Loc]]], operator_ids: set[str], issue: Any
) -> list[ContentIssue]:
    """One issue per unknown operator id: a typo (named once) gets the closest id; an id named in
    several places is a fiche deleted or renamed, reported once with every file that names it."""
    found = []
    for value, places in sorted(missing.items()):
        kind, item_id, loc = places[0]
        if len(places) == 1:
            found.append(
                issue(
                    kind,
                    item_id,
                    loc,
                    f"aucune fiche opérateur n'a l'identifiant « {value} »"
                    f"{did_you_mean(value, operator_ids)} ; vérifiez content/{OPERATORS.folder}/",
                )
            )
            continue
        lines: dict[str, list[int]] = {}
        for other_kind, other_id, other_loc in places:
            file = carto.file_of(other_kind, other_id)
            lines.setdefault(file, []).append(carto.documents[file].line_of(other_loc))
        named = " ; ".join(
            f"{file} (ligne{'s' if len(at) > 1 else ''} {', '.join(map(str, sorted(at)))})" for file, at in sorted(lines.items())
        )
        found.append(
            issue(
                kind,
                item_id,
                loc,
                f"la fiche « {value} » n'existe pas (content/{OPERATORS.path(value)} absent : supprimée ou"
                f" renommée ?){did_you_mean(value, operator_ids)} ; {len(places)} mentions dans"
                f" {len(lines)} fichiers, à retirer ou à corriger : {named}",
            )
        )
    return found


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
            found.append(
                issue(
                    OPERATORS.name,
                    op_id,
                    ("zone", "zones", index),
                    f"la zone « {zone_id} » est en région « {zone.region} », absente de zone.regions",
                )
            )
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
        found.append(
            issue(
                OPERATORS.name,
                op_id,
                ("mis_a_jour",),
                f"date {operator.mis_a_jour.isoformat()} dans le futur ; attendu la date de la dernière relecture",
            )
        )
        return found
    due = review_due(operator, review_months)
    if due < carto.today:
        found.append(
            issue(
                OPERATORS.name,
                op_id,
                ("mis_a_jour",),
                f"fiche relue le {operator.mis_a_jour.isoformat()}, à relire depuis le {due.isoformat()}",
                "avertissement",
            )
        )
    return found
