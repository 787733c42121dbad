"""``/editeurs/``: what editors must look after (fiches to review, elements to confirm, scores).

Not linked from the public navigation and kept out of search engines and of the
sitemap: it is a working page, not content for teachers.
"""

from __future__ import annotations

from generator.common.urls import Page, Urls
from generator.editors.authoring import template
from generator.editors.report import SCORE_MAX, SINGLE_PATH_ADVICE, editors_report
from generator.model.graph import get_graph
from generator.site.context import BuildContext
from schema import Operator, Project


def contribute(context: BuildContext):
    carto = context.carto
    graph = get_graph(context) if carto.tree is not None else None
    yield Page(
        url=Urls.editors,
        template="editors.html",
        kind="editors",
        title="Espace éditeurs",
        context={
            "report": editors_report(carto, graph=graph),
            "score_max": SCORE_MAX,
            "single_path_advice": SINGLE_PATH_ADVICE,
            # For editors who work only in the browser: a template to copy into a new file.
            "templates": [
                (
                    "operateur",
                    "Fiche opérateur",
                    "content/operators/",
                    template("operateur", None, Operator, carto.today, carto.vocab),
                ),
                (
                    "projet",
                    "Projet École numérique",
                    "content/projects/",
                    template("projet", None, Project, carto.today, carto.vocab),
                ),
            ],
            "breadcrumb": [(Urls.editors, "Espace éditeurs")],
        },
        in_sitemap=False,
    )
