"""What a pull request changes, as git knows it: the files changed since a reference, and the
content folder as it was at that reference (to compare its routes with the current ones).

Used by ``validate --changed-since`` (strict checks on the files a pull request touches only)
and ``orientation --diff`` (the routing diff written to the CI summary). Unlike the fiche
history (generator/history.py), a missing git or an unknown reference is an error here: CI
asked for it, and silently checking nothing would let an overdue fiche through.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path


class ChangesUnavailable(Exception):
    """git cannot say what changed (no git, not a repository, unknown reference): a French message."""


def _git(folder: Path, *args: str) -> str:
    return _git_bytes(folder, *args).decode("utf-8", errors="replace")


def _git_bytes(folder: Path, *args: str) -> bytes:
    git = shutil.which("git")
    if git is None:
        raise ChangesUnavailable("git est introuvable : il faut git pour comparer avec une autre version")
    env = {**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        run = subprocess.run([git, "-C", str(folder), *args], capture_output=True, timeout=120, env=env)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ChangesUnavailable(f"git n'a pas pu s'exécuter ({type(exc).__name__})") from exc
    if run.returncode != 0:
        reason = run.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise ChangesUnavailable(f"git {args[0]} a échoué : {reason[-1] if reason else run.returncode}")
    return run.stdout


def _base(folder: Path, ref: str) -> str:
    """The commit where the current branch left ``ref`` (what a pull request is compared with)."""
    if ref.startswith("-"):  # git would read it as one of its options
        raise ChangesUnavailable(f"« {ref} » n'est pas une version : attendu une branche ou un commit, par exemple origin/main")
    try:
        return _git(folder, "merge-base", ref, "HEAD").strip()
    except ChangesUnavailable:
        raise ChangesUnavailable(
            f"la version « {ref} » est inconnue de git (dépôt cloné sans historique ?) ; "
            "attendu une branche ou un commit, par exemple origin/main"
        ) from None


def changed_files(folder: Path, ref: str) -> set[Path]:
    """Absolute paths of the files under ``folder`` that differ from where the branch left ``ref``:
    committed since, modified in the working tree, or new and not yet committed."""
    folder = Path(folder)
    base = _base(folder, ref)
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    names = _git(folder, "diff", "--name-only", "--no-renames", "-z", base, "--", ".").split("\0")
    names += _git(folder, "ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", ".").split("\0")
    return {Path(os.path.abspath(top / name)) for name in names if name}


def content_at(folder: Path, ref: str, target: Path) -> Path:
    """Write the content folder as it was where the branch left ``ref`` into ``target``; returns
    ``target``. Regular files and folders only (a link in that version is left out, as the
    loader would refuse it anyway)."""
    folder = Path(folder)
    base = _base(folder, ref)
    prefix = _git(folder, "rev-parse", "--show-prefix").strip()
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    # The tree of the content folder at that commit: its names are relative to the folder.
    archive = _git_bytes(top, "archive", "--format=tar", f"{base}:{prefix}")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if member.isfile() or member.isdir():
                tar.extract(member, target, filter="data")
    return target
