"""``/recherche/``: the search page. The index it queries is made by Pagefind once the site is
written (generator/output/search.py); the page itself is plain HTML that works without it: links to
the list of operators and to the decision tree."""

from __future__ import annotations

from generator.common.urls import Page, Urls
from generator.site.context import BuildContext


def contribute(context: BuildContext):
    yield Page(
        url=Urls.search,
        template="search.html",
        kind="search",
        title="Rechercher",
        context={"breadcrumb": [(Urls.search, "Rechercher")]},
    )
