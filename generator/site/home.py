"""The home page: what the cartography is for and the three ways in."""

from __future__ import annotations

from generator.common.urls import Page, Urls
from generator.site.context import BuildContext


def contribute(context: BuildContext):
    carto = context.carto
    yield Page(
        url=Urls.home,
        template="home.html",
        kind="home",
        title=carto.site.titre,
        context={"last_update": carto.last_update, "operator_count": len(carto.operators)},
    )
