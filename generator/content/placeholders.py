"""« À COMPLÉTER »: the placeholder a new fiche's template leaves (``cartographie nouveau``),
found where an editor forgot to replace it, one error on its line."""

from __future__ import annotations

import unicodedata
from typing import Any

from generator.content.issues import ContentIssue
from generator.content.loader import Document, format_loc

PLACEHOLDER = "À COMPLÉTER"


class _DropCombining(dict):
    """str.translate table that deletes combining marks, filled as characters are met (C speed)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_DROP_COMBINING = _DropCombining()


def _normalise(text: str) -> str:
    """Without accents, keeping the case: « A COMPLETER » typed without accents is still the placeholder,
    while « à compléter » in a sentence (« le formulaire à compléter ») is ordinary French."""
    if text.isascii():  # nothing to decompose (every fiche value is scanned: keep it cheap)
        return text
    return unicodedata.normalize("NFKD", text).translate(_DROP_COMBINING)


_PLACEHOLDER_KEY = _normalise(PLACEHOLDER)


def placeholder_issues(document: Document, display: str) -> list[ContentIssue]:
    """One error per « À COMPLÉTER » still in the document, on its line."""
    found = []
    for loc, value in _strings(document.data, ()):
        # "COMPL" is in the placeholder with or without accents: most values are skipped unnormalised.
        if "COMPL" in value and _PLACEHOLDER_KEY in _normalise(value):
            found.append(
                ContentIssue(
                    display,
                    document.line_of(loc),
                    format_loc(loc),
                    f"« {PLACEHOLDER} » : remplacez-le par la bonne valeur (voir le commentaire au-dessus)",
                )
            )
    return found


def _strings(value: Any, loc: tuple):
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, loc + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, loc + (index,))


def merge_placeholder_issues(document: Document, display: str, result: Any) -> list[ContentIssue] | None:
    """Issues of a document that still has placeholders, or None when it has none.

    A placeholder replaces the model's own complaint on the same line (« À COMPLÉTER »
    is not a valid e-mail address, of course): the editor reads one message per line.
    """
    pending = placeholder_issues(document, display)
    if not pending:
        return None
    lines = {issue.line for issue in pending}
    others = [issue for issue in result if issue.line not in lines] if isinstance(result, list) else []
    return pending + others
