"""``/donnees/``: the open data files and the page that explains them.

The files come from :mod:`generator.site.exports`; the page lists them with their
size and explains every field from the same column list and pydantic models.
"""

from __future__ import annotations

from generator.common.urls import Page, Urls
from generator.site.context import BuildContext
from generator.site.exports import (
    LIST_SEPARATOR,
    PART_SEPARATOR,
    csv_columns,
    export_files,
    field_docs,
    json_schema_files,
    resources,
)
from schema import Operator, Project

#: Table Schema types, as readers see them.
TYPE_LABELS = {"string": "texte", "date": "date (AAAA-MM-JJ)", "duration": "durée ISO 8601"}


def size_fr(size: int) -> str:
    """1234 -> '1,2 ko' (French decimal comma)."""
    if size < 1000:
        return f"{size} octets"
    return f"{size / 1000:.1f} ko".replace(".", ",")


def contribute(context: BuildContext):
    carto = context.carto
    files = export_files(carto, context.base_url, context.per_model)
    yield from files
    sizes = {item.path.removeprefix(Urls.data): len(item.as_bytes()) for item in files}
    yield Page(
        url=Urls.data,
        template="data.html",
        kind="data",
        title="Données ouvertes",
        context={
            "resources": [(resource, size_fr(sizes[resource.path])) for resource in resources()],
            "datapackage_size": size_fr(sizes["datapackage.json"]),
            "schemas": [(name, size_fr(sizes[f"schema/{name}"])) for name in json_schema_files()],
            "columns": [(column, TYPE_LABELS[column.type]) for column in csv_columns()],
            "json_fields": [
                ("operateurs.json", "une fiche opérateur", field_docs(Operator)),
                ("projets.json", "un programme", field_docs(Project)),
            ],
            "list_separator": LIST_SEPARATOR.strip(),
            "part_separator": PART_SEPARATOR.strip(),
            "operator_count": len(carto.operators),
            "project_count": len(carto.projects),
            "breadcrumb": [(Urls.data, "Données ouvertes")],
        },
    )
