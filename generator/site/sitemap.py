"""``sitemap.xml``: every page with ``in_sitemap``, as absolute URLs.

A sitemap needs absolute addresses, so it is written only when the public
address is known (``--base-url`` or ``url_publique`` in content/site.yaml);
without it, the build says so and writes no sitemap. This contributor runs
last and lists the pages collected by every other section.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from generator.common.urls import File, Page
from generator.site.context import BuildContext

SITEMAP = "sitemap.xml"


def contribute(context: BuildContext):
    if not context.base_url:
        return
    pages = [item for item in context.shared.get("items", []) if isinstance(item, Page) and item.in_sitemap]
    yield File(SITEMAP, sitemap_xml(context.base_url, sorted(page.url for page in pages)))


def sitemap_xml(base_url: str, urls: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(base_url + url)}</loc></url>" for url in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
