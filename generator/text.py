"""Editors' Markdown -> safe HTML, and French formatting of dates."""

from __future__ import annotations

import datetime as dt
import functools
import re

import markdown
import nh3

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "blockquote", "abbr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}

_md = markdown.Markdown(extensions=[], output_format="html")


#: One line of plain prose: no character Markdown gives a meaning to (emphasis, code, links,
#: HTML, entities, escapes, headings), no control character, no leading or trailing space,
#: and no line start that opens a list, quote or rule. Python-Markdown turns such a text into
#: exactly <p>text</p>; most résumés and details of the fiches are like that.
_PLAIN_LINE = re.compile(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\\`*_\[\]<>&#!{}=|~]+")


def _is_plain_line(text: str) -> bool:
    return (_PLAIN_LINE.fullmatch(text) is not None and text == text.strip()
            and not text[0].isdigit() and text[0] not in "-+:")


@functools.lru_cache(maxsize=1 << 16)  # a site of 5,000 fiches has tens of thousands of distinct texts
def render_markdown(text: str, inline: bool = False) -> str:
    """Render Markdown, then sanitise: no script, no event handler, no javascript: URL.

    External links get rel="noopener noreferrer" (nh3 adds it to every link).
    """
    if _is_plain_line(text):
        html = f"<p>{text}</p>"  # what Python-Markdown makes of it, without its parsing passes
    else:
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
