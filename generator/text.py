"""Editors' Markdown -> safe HTML, and French formatting of dates."""

from __future__ import annotations

import datetime as dt
import functools

import markdown
import nh3

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "blockquote", "abbr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}

_md = markdown.Markdown(extensions=[], output_format="html")


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str, inline: bool = False) -> str:
    """Render Markdown, then sanitise: no script, no event handler, no javascript: URL.

    External links get rel="noopener noreferrer" (nh3 adds it to every link).
    """
    _md.reset()
    html = _md.convert(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    if inline and clean.startswith("<p>") and clean.endswith("</p>") and clean.count("<p>") == 1:
        clean = clean[3:-4]
    return clean


MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]


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
