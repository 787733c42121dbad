"""/imprimer/: every fiche in one document, one fiche per A4 page."""

from __future__ import annotations

from generator.common.urls import Page, Urls
from generator.site.context import BuildContext
from generator.site.operators import fiche_context


def contribute(context: BuildContext):
    carto = context.carto
    fiches = [fiche_context(context, operator) for operator in carto.operators.values()]
    yield Page(
        url=Urls.print_all,
        template="printing/booklet.html",
        kind="print",
        title="Toutes les fiches, à imprimer",
        context={"fiches": fiches, "breadcrumb": [(Urls.print_all, "Imprimer toutes les fiches")]},
    )
