"""The last changes of each fiche, read from the git history of ``content/operators/``.

One ``git log`` call for all fiches (the history of a folder, with the files each
commit touched), parsed once. Only editors' commits count: those that change nothing
but the content folder. A developers' commit that also touches the code (a field
renamed in the schema and in every fiche) is not a change of the fiche for its
readers, and its English message is not for them. Without git – no binary, not a repository, a
shallow clone whose history would be cut short, any git error – there is simply
no history: the build never fails because of it. The same commit always gives
the same output (dates are the author dates, in git's order).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: How many changes a fiche page lists.
LAST_CHANGES = 5

_RECORD = "\x1e"  # ASCII record separator: starts each commit in the log output
_FORMAT = f"--format={_RECORD}%H%x09%ad%x09%s"


@dataclass(frozen=True)
class Change:
    """One commit that changed a fiche: when, and what its message says."""

    date: dt.date
    subject: str
    commit: str


def read_history(folder: Path, ids: set[str] | None = None, limit: int = LAST_CHANGES) -> dict[str, list[Change]]:
    """{file stem (the fiche id): its last ``limit`` changes, newest first} for the YAML files of ``folder``.

    ``ids`` keeps only those stems (the fiches that exist now, not deleted ones). A commit counts
    when every file it changes is under the content folder (``folder``'s parent).
    """
    folder = Path(folder)
    output = _git_log(folder)
    if output is None:
        return {}
    prefixes = _prefixes(folder)
    if prefixes is None:
        return {}
    here, content = prefixes
    history: dict[str, list[Change]] = {}
    for change, names in _parse(output):
        if not all(name.startswith(content) for name in names):
            continue  # a developers' commit: it changed code, tests or docs too
        for name in names:
            if not name.startswith(here):
                continue
            stem, ext = os.path.splitext(name[len(here) :])
            if ext != ".yaml" or "/" in stem or (ids is not None and stem not in ids):
                continue
            changes = history.setdefault(stem, [])
            if len(changes) < limit:
                changes.append(change)
    return dict(sorted(history.items()))


def _prefixes(folder: Path) -> tuple[str, str] | None:
    """The paths, from the top of the repository, of ``folder`` and of the content folder (its parent)."""
    found = []
    for path in (folder, folder.parent):
        prefix = _git(path, "rev-parse", "--show-prefix")
        if prefix is None:
            return None
        found.append(prefix.strip())
    return found[0], found[1]


def _git(folder: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    env = {**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        run = subprocess.run([git, "-C", str(folder), *args], capture_output=True, timeout=60, env=env)
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout.decode("utf-8", errors="replace") if run.returncode == 0 else None


def _git_log(folder: Path) -> str | None:
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return None
    env = {**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        shallow = subprocess.run(
            [git, "-C", str(folder), "rev-parse", "--is-shallow-repository"],
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
        )
        if shallow.returncode != 0 or shallow.stdout.strip() != "false":
            return None  # not a repository, or a shallow clone: a cut history would mislead
        log = subprocess.run(
            # --full-diff: every file each commit changed (paths from the top), not only this folder's
            [
                git,
                "-C",
                str(folder),
                "log",
                "--no-merges",
                "--full-diff",
                "--name-only",
                "--no-renames",
                "--date=short",
                _FORMAT,
                "--",
                ".",
            ],
            capture_output=True,
            timeout=60,
            env=env,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if log.returncode != 0:
        return None
    return log.stdout.decode("utf-8", errors="replace")


def _parse(output: str):
    """Yield (Change, [file names]) for each commit record of the log."""
    for record in output.split(_RECORD):
        if not record.strip():
            continue
        header, _, names = record.partition("\n")
        parts = header.split("\t", 2)
        if len(parts) != 3:
            continue
        commit, date, subject = parts
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            continue
        yield Change(day, subject.strip(), commit), [n.strip() for n in names.splitlines() if n.strip()]
