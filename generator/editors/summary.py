"""Markdown for the reviewers of a pull request: CI appends it to the job summary on GitHub
($GITHUB_STEP_SUMMARY) and keeps it as a merge-request report on GitLab.

Two parts: the content's errors and warnings (``validate --summary``), the routes that a
pull request changes (``orientation --diff``). Messages quote the content, which comes from
anyone: every cell is escaped so that a value cannot become a link, an image or HTML.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Iterable

from generator.content.issues import ContentIssue


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: no HTML, no pipe, no line break, no Markdown markup."""
    text = html.escape("".join(c if c.isprintable() else " " for c in text), quote=False)
    for char in "\\`*_[]|!":
        text = text.replace(char, "\\" + char)
    return text


def _table(issues: Iterable[ContentIssue]) -> list[str]:
    rows = ["| fichier | ligne | champ | message |", "| --- | --- | --- | --- |"]
    rows += [f"| {_cell(i.file)} | {i.line} | {_cell(i.field)} | {_cell(i.message)} |" for i in issues]
    return rows


def issues_markdown(errors: list[ContentIssue], warnings: list[ContentIssue], strict_scope: str | None) -> str:
    """The verdict of ``validate`` for the job summary. ``strict_scope`` says which files the strict
    checks covered (« les fichiers modifiés depuis origin/main »), None when none were strict."""
    out = ["## Vérification du contenu", ""]
    if errors:
        out += [
            f"**{len(errors)} erreur(s)** à corriger avant d'accepter la demande"
            + (f" ({strict_scope})." if strict_scope else "."),
            "",
            *_table(errors),
            "",
        ]
    else:
        out += ["Contenu valide" + (f" ; contrôles stricts sur {strict_scope}." if strict_scope else "."), ""]
    if warnings:
        title = "Avertissements" + (" (hors des fichiers modifiés : ils ne bloquent pas la demande)" if strict_scope else "")
        out += [f"### {title}", "", *_table(warnings), ""]
    return "\n".join(out) + "\n"


def routing_markdown(before: str | None, after: str, base: str) -> str:
    """The routes that differ between ``base`` and the current content, as a unified diff of the two
    snapshots (one line per path of the decision tree). ``before`` is None when the base had no
    valid tree to compare with."""
    out = ["## Orientation : parcours modifiés", ""]
    if before is None:
        out += [f"Pas d'arbre de décision valide dans {base} : rien à comparer.", ""]
        return "\n".join(out) + "\n"
    old = [line for line in before.splitlines() if not line.startswith("#")]
    new = [line for line in after.splitlines() if not line.startswith("#")]
    diff = list(difflib.unified_diff(old, new, fromfile=base, tofile="cette demande", lineterm="", n=0))
    if not diff:
        out += [f"Aucun parcours de « Trouver un contact » ne change par rapport à {base}.", ""]
        return "\n".join(out) + "\n"
    removed = sum(1 for line in diff[2:] if line.startswith("-"))
    added = sum(1 for line in diff[2:] if line.startswith("+"))
    out += [
        f"{removed} ligne(s) retirée(s), {added} ajoutée(s) par rapport à {base} "
        "(une ligne par parcours : réponses → résultat : opérateurs proposés). "
        "À relire : est-ce le service que le lecteur doit contacter ?",
        "",
        "````diff",
        *diff,
        "````",
        "",
    ]
    return "\n".join(out) + "\n"
