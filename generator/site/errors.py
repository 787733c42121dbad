"""``404.html``: the page a web server shows for an unknown address.

A server may serve it at any depth (``/a/b/c`` that does not exist), so links
relative to one place would break. When the public address of the site is known
(``--base-url`` or ``url_publique``), every link of the page is absolute from it;
otherwise a small inline script of the template finds the site's root in the missing
address, from the site's first-level folders (:data:`SECTIONS`), and loads the
stylesheet and points the links there (its hash is in docs/hosting.md's policy).
"""

from __future__ import annotations

from generator.common.urls import Page, Urls
from generator.site.context import BuildContext

#: The site's first-level folders: in a missing address, the root is what comes before the last
#: of them (``/sous-chemin/operateurs/inconnu/`` → ``/sous-chemin/``).
SECTIONS: tuple[str, ...] = tuple(
    dict.fromkeys(
        url.split("/")[0]
        for url in (
            Urls.operators,
            Urls.projects,
            Urls.print_all,
            Urls.data,
            Urls.accessibility,
            Urls.diagram,
            Urls.orientation,
            Urls.editors,
            Urls.search,
            Urls.search_index,
            Urls.asset(""),
        )
    )
)


def contribute(context: BuildContext):
    yield Page(
        url="404.html",
        template="404.html",
        kind="404",
        title="Page introuvable",
        context={"absolute_links": context.base_url is not None, "sections": SECTIONS},
        in_sitemap=False,
    )
