"""``404.html``: the page a web server shows for an unknown address.

A server may serve it at any depth (``/a/b/c`` that does not exist), so links
relative to one place would break. When the public address of the site is known
(``--base-url`` or ``url_publique``), every link of the page is absolute from it;
otherwise links are relative to the root of the site, which is right only when
the server shows the page for addresses at the root level.
"""

from __future__ import annotations

from generator.common.urls import Page
from generator.site.context import BuildContext


def contribute(context: BuildContext):
    yield Page(
        url="404.html",
        template="404.html",
        kind="404",
        title="Page introuvable",
        context={"absolute_links": context.base_url is not None},
        in_sitemap=False,
    )
