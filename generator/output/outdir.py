"""Which folder a build may write: ``--out`` is typed by people in a hurry.

A build replaces its output folder whole, so it writes only into a folder that is absent,
empty, or holds this tool's own manifest (a previous build). It never writes into, nor over,
a folder that holds the content, the project or the tool itself, the home folder or ``/``,
and never over a file. Anything else is refused before the content is even read, with a
French message that says why and what to do (exit 2).
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.common.paths import TOOL_ROOT  # the tool's own source tree: never an output, never inside one
from generator.output.incremental import MANIFEST, read_manifest


class OutputRefused(Exception):
    """``--out`` names a folder the build must not write (a usage error: exit 2)."""


def check_output(out: Path, content: Path) -> Path:
    """``out`` resolved, if a build may write it; raise :class:`OutputRefused` otherwise."""
    shown = str(out)
    out = Path(out).resolve()
    content = Path(content).resolve()
    if out == Path(out.anchor):
        raise OutputRefused(
            f"« {shown} » est la racine du disque : la construction remplace tout le dossier de sortie. "
            "Choisissez un dossier à part, par exemple --out build"
        )
    if out.exists() and not out.is_dir():
        raise OutputRefused(
            f"« {shown} » est un fichier, pas un dossier : le site le remplacerait. "
            "Choisissez un dossier absent ou vide, par exemple --out build"
        )
    for protected, what in _protected(content):
        if out == protected or protected.is_relative_to(out):
            where = "est" if out == protected else "contient"
            raise OutputRefused(
                f"« {shown} » {where} {what} ({protected}) : la construction remplace tout "
                "le dossier de sortie. Choisissez un dossier à part, par exemple --out build"
            )
    if out.is_relative_to(content):
        raise OutputRefused(
            f"« {shown} » est dans le dossier du contenu ({content}) : le site s'y mêlerait aux "
            "fiches. Choisissez un dossier hors du contenu, par exemple --out build"
        )
    if (
        out.is_relative_to(TOOL_ROOT / "generator")
        or out.is_relative_to(TOOL_ROOT / "themes")
        or out.is_relative_to(TOOL_ROOT / "schema")
    ):
        raise OutputRefused(
            f"« {shown} » est dans le code de l'outil ({TOOL_ROOT}) : choisissez un dossier à part, par exemple --out build"
        )
    if out.is_dir() and _has_entries(out) and read_manifest(out) is None:
        if (out / MANIFEST).exists():
            raise OutputRefused(
                f"« {shown} » a un manifeste illisible ({MANIFEST}) : rien ne dit quels fichiers "
                "la construction y a faits. Supprimez ce dossier vous-même, puis relancez."
            )
        raise OutputRefused(
            f"« {shown} » n'est pas vide et n'a pas été construit par cartographie (pas de {MANIFEST}) : "
            "la construction le remplacerait. Choisissez un dossier absent ou vide, "
            "ou videz celui-ci vous-même si son contenu peut disparaître."
        )
    return out


def _protected(content: Path) -> list[tuple[Path, str]]:
    places = [(content, "le dossier du contenu"), (Path.cwd().resolve(), "le dossier courant"), (TOOL_ROOT, "le code de l'outil")]
    project = _project_of(content)
    if project is not None:
        places.append((project, "le projet"))
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no HOME and no password entry (some CI containers)
        return places
    if str(home) not in ("", "/"):
        places.append((home.resolve(), "votre dossier personnel"))
    return places


def _project_of(content: Path) -> Path | None:
    """The repository that holds the content (the nearest folder above it with .git), if any."""
    for folder in (content, *content.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _has_entries(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return any(True for _ in entries)
