"""Page contributors: each module turns part of the cartography into pages and files.

A contributor is a function ``(BuildContext) -> Iterable[Page | File]``. The
list below is the whole site; adding a section means adding one module here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from generator.common.urls import File, Page
from generator.site.context import BuildContext

Contributor = Callable[[BuildContext], Iterable[Page | File]]


#: The sections of the site, in build order. Each is a module of this package
#: with a ``contribute(context)`` function.
SECTIONS = (
    "home",
    "operators",  # list, facet pages, fiches
    "printing",  # /imprimer/ booklet and QR codes
    "projects",  # programmes and phases
    "data",  # /donnees/: JSON, CSV, datapackage, JSON Schema
    "accessibility",  # /accessibilite/
    "diagram",  # /diagramme/
    "orientation",  # /orientation/: the decision tree
    "search",  # /recherche/: the search page (its index: generator/output/search.py)
    "editors",  # /editeurs/: report for editors (not in the public navigation)
    "errors",  # 404
    "sitemap",  # sitemap.xml (last: it lists the pages of all other sections)
)


def _sections() -> list[Any]:
    """The modules of :data:`SECTIONS` that exist, in order."""
    import importlib

    found = []
    for name in SECTIONS:
        try:
            found.append(importlib.import_module(f"generator.site.{name}"))
        except ModuleNotFoundError as exc:  # section not written yet
            if exc.name != f"generator.site.{name}":
                raise
    return found


def contributors() -> list[Contributor]:
    return [module.contribute for module in _sections()]


def fragments(context: BuildContext) -> list[tuple[str, str, dict[str, Any]]]:
    """The fragments pages will share, as (template, key, context): rendered before the pages, on
    every core (generator.build). A section lists them with a ``fragments(context)`` function."""
    return [task for module in _sections() if hasattr(module, "fragments") for task in module.fragments(context)]


def collect(context: BuildContext) -> list[Page | File]:
    items: list[Page | File] = []
    context.shared["items"] = items  # what is collected so far (the sitemap, last, lists it)
    for contribute in contributors():
        items.extend(contribute(context))
    return items
