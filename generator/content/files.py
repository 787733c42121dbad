"""Load the whole ``content/`` folder into a validated :class:`Cartography`.

The kinds of file it reads, and where each lives, are :data:`schema.kinds.KINDS`.

Every file is loaded and validated, then the whole is cross-checked; all the
issues of the run are collected before anything is raised, so an editor sees
every mistake at once.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Any

from generator.common.oserror import reason
from generator.common.per_model import PerModel, compute
from generator.content.cartography import Cartography, Signature, display_path, file_signature, today
from generator.content.checks import cross_check
from generator.content.issues import ContentError, ContentIssue
from generator.content.loader import Document, load_document, quote_lines, symlink_message
from generator.content.placeholders import merge_placeholder_issues
from generator.content.validation import validate_document
from schema.kinds import CASES, KINDS, OPERATORS, PROJECTS, SITE, SOURCES, TREE, VOCABULARIES


def scan_content(root: Path) -> tuple[dict[Path, list[str]], set[Path], list[ContentIssue]]:
    """Every folder under ``root`` with the names it holds, never through a symbolic link.

    Returns ({folder: names of its entries that are not links}, the links, their issues).
    A content file comes by pull request from anyone: a link in it could publish, or quote
    in an error, any file of the machine that builds (a secret, /dev/zero). So every link
    under the content folder is refused, file or folder, wherever it is and whatever it
    points to (its target is never looked at), and a linked folder is not entered. The
    folder given itself (``--content``) may be a link: it is the one the command was given.
    """
    folders: dict[Path, list[str]] = {}
    links: set[Path] = set()
    issues: list[ContentIssue] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        names = folders[folder] = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    path = folder / entry.name
                    if entry.is_symlink():
                        links.add(path)
                        issues.append(ContentIssue(display_path(path), 1, "", symlink_message(entry.name)))
                        continue
                    names.append(entry.name)
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(path)
        except OSError as exc:
            issues.append(ContentIssue(display_path(folder), 1, "", f"dossier illisible : {reason(exc)}"))
    return folders, links, issues


def read_content(
    root: Path, review_months: int | None = None, kept: dict[str, tuple] | None = None, per_model: PerModel = compute
) -> tuple[Cartography, list[ContentIssue]]:
    """Read, validate and cross-check ``root``: the cartography and the cross-checks' issues.

    Raises :class:`ContentError` with every issue when a file cannot be read or does not
    match its schema (the cross-checks need every file); the cross-checks' issues are
    returned, for the model's checks to add theirs (:func:`generator.model.load.load_cartography`).

    ``kept`` (by a long-running process, ``cartographie serve``) holds each file's
    document and validation result by path, reused while the file's :func:`file_signature`
    is unchanged: a rebuild after one fiche changes parses and validates that fiche only.
    The cross-checks always run on the whole content.
    """
    root = Path(root)
    if not root.is_dir():
        raise ContentError([ContentIssue(display_path(root), 1, "", "dossier de contenu introuvable")])
    loaded: dict[str, Any] = {}
    documents: dict[str, Document] = {}
    files: dict[tuple[str, str], str] = {}
    models: dict[tuple[str, str], Any] = {}
    signatures: dict[str, Signature | None] = {}
    seen: dict[str, tuple] = {}
    folders, links, issues = scan_content(root)
    for kind in KINDS:
        pattern = Path(kind.pattern)
        names = folders.get(root / pattern.parent, [])
        paths = sorted(root / pattern.parent / name for name in names if fnmatch.fnmatch(name, pattern.name))
        if not kind.many and not paths and not kind.optional and root / kind.pattern not in links:
            issues.append(ContentIssue(display_path(root / kind.pattern), 1, "", "fichier obligatoire absent"))
            continue
        if kind.many:
            stray = sorted(root / pattern.parent / name for name in names if Path(name).suffix in {".yml", ".json"})
            issues += [
                ContentIssue(display_path(p), 1, "", "extension inattendue ; les fiches se terminent par « .yaml »")
                for p in stray
            ]
        items: dict[str, Any] = {}
        folder_display = display_path(root / pattern.parent)  # once: os.path.relpath is slow outside the working folder
        for path in paths:
            display = path.name if folder_display == os.curdir else os.path.join(folder_display, path.name)
            signature = signatures[display] = file_signature(path)
            cached = kept.get(display) if kept is not None else None
            if cached is not None and signature is not None and cached[0] == signature and cached[1] is kind.model:
                document, result, pending = cached[2:]
            else:
                document = load_document(path, display)
                if isinstance(document, ContentIssue):
                    issues.append(document)
                    continue
                result = validate_document(document, kind.model, display)
                pending = merge_placeholder_issues(document, display, result)  # a new fiche not filled in yet
                document.data = None  # read: the model holds its own copy (see _forget_documents)
            seen[display] = (signature, kind.model, document, result, pending)
            documents[display] = document
            if pending is not None:
                issues += pending
                continue
            if isinstance(result, list):
                issues += result
                continue
            key = getattr(result, "id", path.stem) if kind.many else kind.name
            if kind.many and key in items:
                first = files[(kind.name, key)]
                issues.append(
                    ContentIssue(display, document.line_of(("id",)), "id", f"identifiant « {key} » déjà utilisé par {first}")
                )
                continue
            items[key] = result
            files[(kind.name, key)] = display
            models[(kind.name, key)] = result
        loaded[kind.name] = items if kind.many else items.get(kind.name)
    if kept is not None:  # what this run saw, and nothing else (deleted files go)
        kept.clear()
        kept.update(seen)
    if issues or any(loaded.get(k.name) is None for k in KINDS if not k.many and not k.optional):
        raise ContentError(quote_lines(sorted(issues)))
    cartography = Cartography(
        root=root,
        site=loaded[SITE.name],
        vocab=loaded[VOCABULARIES.name],
        operators=dict(sorted(loaded[OPERATORS.name].items())),
        projects=dict(sorted(loaded[PROJECTS.name].items(), key=lambda kv: (kv[1].ordre, kv[0]))),
        tree=loaded.get(TREE.name),
        source_documents=loaded.get(SOURCES.name),
        cases=loaded.get(CASES.name),
        documents=documents,
        files=files,
        models=models,
        signatures=signatures,
        today=today(),
    )
    return cartography, cross_check(cartography, review_months, per_model)


def forget_documents(cartography: Cartography) -> None:
    """Drop the parsed documents once the cross-checks have given their issues a line.

    (Their data goes earlier, as soon as a file is validated: the model copies every
    value, and only the map of lines is read after that. Kept to the end of the loading,
    the data of all files raised the peak of the loading, memory the rest of the build could
    reuse only in part: bench/README.md, « Mesures derrière le code ».)

    Nothing after the checks reads them (pages, exports and the report read the models),
    yet a document and its map of lines weigh about as much as the models themselves,
    held for the whole build. A long-running process keeps its
    own reference to them in ``kept`` (to revalidate only changed files), so this frees
    nothing there and costs nothing.
    """
    cartography.documents = {}
