"""``/accessibilite/``: the accessibility statement (EU model, Implementing Decision 2018/1523)."""

from __future__ import annotations

from generator.common.urls import Page, Urls
from generator.site.context import BuildContext

#: Conformity status shown in the statement; the footer of every page says the same.
STATUS = "partiellement conforme"


def contribute(context: BuildContext):
    yield Page(
        url=Urls.accessibility,
        template="accessibility.html",
        kind="accessibility",
        title="Déclaration d'accessibilité",
        context={
            "status": STATUS,
            "sgne": "sgne" in context.carto.operators,
            "breadcrumb": [(Urls.accessibility, "Accessibilité")],
        },
    )
