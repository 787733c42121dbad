"""A page's ``<title>``: the page's own words first, the site's name after them if it fits.

A screen reader reads the title on every page and search engines cut it near 60-70 characters,
so it is held to :data:`TITLE_MAX`: the site's full name, else its short name (``titre_court``),
else none, and a page title longer than that on its own is shortened at a word. The length is
that of the text as written in the page (« & » counts as « &amp; »), as html-validate counts it.
"""

from __future__ import annotations

import html

from markupsafe import Markup

TITLE_MAX = 70
SEPARATOR = " — "
ELLIPSIS = "…"


def page_title(specific: str, names: tuple[str | None, ...]) -> Markup:
    """``specific`` followed by the first of ``names`` that fits in TITLE_MAX, or ``specific`` alone,
    shortened; as HTML text (only « & < > » escaped: quotes need no escaping in an element's text)."""
    specific = _escape(" ".join(specific.split()))
    if not specific:
        return Markup(shorten(next((_escape(name) for name in names if name), "")))
    for name in names:
        if name and len(specific) + len(SEPARATOR) + len(_escape(name)) <= TITLE_MAX:
            return Markup(specific + SEPARATOR + _escape(name))
    return Markup(shorten(specific))


def shorten(text: str, limit: int = TITLE_MAX) -> str:
    """``text`` if it fits in ``limit`` characters, else cut at the last word that fits, with « … »
    (never inside an escaped character: the cut is at a space)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    elif "&" in cut[-5:]:
        cut = cut[: cut.rindex("&")]
    return cut.rstrip(" ,;:—–-(") + ELLIPSIS


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
