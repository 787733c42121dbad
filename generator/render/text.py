"""Editors' Markdown -> safe HTML, and French formatting of dates."""

from __future__ import annotations

import datetime as dt
import functools

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "blockquote",
    "abbr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}

#: Raw HTML is passed on to nh3, which keeps only the tags above (cmark alone would drop it all).
_CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE


@functools.lru_cache(maxsize=1 << 16)  # a fiche's texts appear on its page, the booklet and the results
def render_markdown(text: str, inline: bool = False) -> str:
    """Render Markdown (CommonMark, with cmark-gfm), then sanitise: no script, no event handler,
    no javascript: URL. External links get rel="noopener noreferrer" (nh3 adds it to every link).
    """
    html = cmarkgfm.markdown_to_html(text, options=_CMARK_OPTIONS)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    ).strip()
    if inline and clean.startswith("<p>") and clean.endswith("</p>") and clean.count("<p>") == 1:
        clean = clean[3:-4]
    return clean


MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


def date_fr(value: dt.date | str) -> str:
    """2021-12-17 -> '17 décembre 2021'; '2021-10' -> 'octobre 2021'; '1999' -> '1999'."""
    if isinstance(value, dt.date):
        value = value.isoformat()
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{'1er' if day == 1 else day} {month} {parts[0]}"
