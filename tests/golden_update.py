"""Rewrite the golden manifests of tests/fixtures/golden/ from today's generator.

    python tests/golden_update.py

The golden manifests are the safety net of refactorings (``tests/test_golden.py``): the
frozen content of ``tests/fixtures/golden/content/`` is built in three modes (default,
``--base-url``, ``--file-urls``) and each build's own manifest (``.cartographie/manifest.json``:
path -> BLAKE2 digest of every output file) must equal the golden one, byte for byte of
every file.

When to run this script: only when a change of the output is intended (a template, the CSS,
a page that says something new...). Never to make a refactoring pass: if test_golden fails
after moving code around, the move changed the site: fix the code, not the manifests. When
you do run it, look at the paths it reports as changed, and say so in the commit message
(« manifestes de référence régénérés : <pourquoi> »), so that review can check the change
is the intended one and nothing else.

The frozen content is never updated when editors change ``content/``. Change it only when
the schema changes so that it no longer validates, in the same commit, on purpose.

The build runs as CI runs it: ``python -m generator.cli build`` in its own process, with
PYTHONPATH = the repository and the generator's imports left to that process (this file
imports nothing from ``generator``, so it survives modules being moved). It runs in a
temporary folder outside any git repository: fiches show their git history
(``generator/content/history.py``), which the golden output must not depend on. The working
directory is that folder and ``--content content``, as in CI (the editors' page shows each
fiche's file relative to the working directory: a content folder given by an absolute or
``../`` path would put the machine's path into the site). The date is pinned
(CARTOGRAPHIE_DATE) and so is the hash seed (PYTHONHASHSEED). Each manifest also records the
versions of Python and of the libraries that shape the output: not compared, shown beside a
mismatch (a dependency upgrade may change bytes with no change in this repository).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
CONTENT = GOLDEN / "content"
#: The build's own manifest in its output (generator.output.incremental.MANIFEST).
MANIFEST = ".cartographie/manifest.json"
DATE = "2026-11-24"
HASH_SEED = "0"
#: The command, as CI runs it (one place to change if the entry point moves).
COMMAND = [sys.executable, "-m", "generator.cli", "build"]
#: mode -> the arguments it adds to the build.
MODES: dict[str, list[str]] = {
    "default": [],
    "base-url": ["--base-url", "https://exemple.be/cartographie/"],
    "file-urls": ["--file-urls"],
}
#: Shown by a fiche page with a git history (themes/default/templates/operators/_history.html).
HISTORY_MARK = b'class="fiche-history"'
#: The libraries that shape the output bytes (Markdown, sanitising, JSON, JSON Schema, QR codes...):
#: their versions are recorded with each manifest, to read beside a mismatch (see :func:`versions`).
LIBRARIES = (
    "Jinja2",
    "MarkupSafe",
    "PyYAML",
    "pydantic",
    "pydantic_core",
    "email-validator",
    "networkx",
    "pyvis",
    "cmarkgfm",
    "nh3",
    "orjson",
    "segno",
    "rcssmin",
)
UPDATE = "python tests/golden_update.py"


class GoldenBuildError(AssertionError):
    """The golden build could not run as it must (failed, or not independent of git)."""


def golden_path(mode: str) -> Path:
    return GOLDEN / f"manifest-{mode}.json"


def read_golden(mode: str) -> dict:
    return json.loads(golden_path(mode).read_text(encoding="utf-8"))


def build_env(workdir: Path) -> dict[str, str]:
    """The environment of the build: pinned date and hash seed, this checkout's code, no git.

    Every GIT_* variable is dropped (GIT_DIR or GIT_WORK_TREE would hand git a repository)
    and git may not look for one above ``workdir`` (GIT_CEILING_DIRECTORIES).
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        CARTOGRAPHIE_DATE=DATE,
        PYTHONHASHSEED=HASH_SEED,
        PYTHONPATH=str(ROOT),
        GIT_CEILING_DIRECTORIES=str(Path(workdir).resolve()),
    )
    return env


def build(mode: str, workdir: Path) -> tuple[dict[str, str], float]:
    """Build the frozen content in ``mode`` inside ``workdir`` (an empty folder).

    Returns the build's manifest (path -> digest) and the build's wall time in seconds.
    """
    workdir = Path(workdir)
    shutil.copytree(CONTENT, workdir / "content")
    env = build_env(workdir)
    _refuse_git(workdir / "content" / "operators", env)
    started = time.perf_counter()
    run = subprocess.run(
        [*COMMAND, "--content", "content", "--out", "site", *MODES[mode]],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        raise GoldenBuildError(f"le build « {mode} » a échoué (code {run.returncode}) :\n{run.stdout}{run.stderr}")
    out = workdir / "site"
    files = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    _check_manifest(out, files, mode)
    return dict(sorted(files.items())), elapsed


def _refuse_git(folder: Path, env: dict[str, str]) -> None:
    """Fail unless git sees no repository at ``folder`` (the test generator/content/history.py makes)."""
    git = shutil.which("git")
    if git is None:
        return  # no git: no history either
    found = subprocess.run(
        [git, "-C", str(folder), "rev-parse", "--is-shallow-repository"], capture_output=True, text=True, env=env, timeout=30
    )
    if found.returncode == 0:
        raise GoldenBuildError(
            f"{folder} est dans un dépôt git ({found.stdout.strip()}) : l'historique des fiches "
            "entrerait dans le build de référence"
        )


def _check_manifest(out: Path, files: dict[str, str], mode: str) -> None:
    """The manifest lists every output file, with its digest, and no page shows a git history."""
    on_disk = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()}
    on_disk.pop(MANIFEST, None)  # the manifest does not list itself
    problems = [f"absent du manifeste : {path}" for path in sorted(on_disk.keys() - files.keys())]
    problems += [f"listé mais absent : {path}" for path in sorted(files.keys() - on_disk.keys())]
    for path in sorted(on_disk.keys() & files.keys()):
        data = on_disk[path].read_bytes()
        if hashlib.blake2b(data, digest_size=16).hexdigest() != files[path]:
            problems.append(f"empreinte fausse : {path}")
        if HISTORY_MARK in data:
            problems.append(f"historique git dans la page : {path}")
    if problems:
        raise GoldenBuildError(f"build « {mode} » : le manifeste ne décrit pas la sortie :\n" + "\n".join(problems[:20]))


def differences(golden: dict[str, str], built: dict[str, str], limit: int = 20) -> str:
    """The paths added, removed and changed from ``golden`` to ``built``, at most ``limit`` of each."""
    groups = [
        ("ajouté(s)", "+", sorted(built.keys() - golden.keys())),
        ("supprimé(s)", "-", sorted(golden.keys() - built.keys())),
        ("modifié(s)", "~", sorted(p for p in golden.keys() & built.keys() if golden[p] != built[p])),
    ]
    lines = [" ; ".join(f"{len(paths)} fichier(s) {label}" for label, _, paths in groups)]
    for _, sign, paths in groups:
        lines += [f"  {sign} {path}" for path in paths[:limit]]
        if len(paths) > limit:
            lines.append(f"  {sign} … et {len(paths) - limit} autre(s)")
    return "\n".join(lines)


def versions() -> dict[str, str]:
    """Python's version and the libraries' of this interpreter (the one the build runs on).

    Not compared: a newer library may well give the same bytes. Shown beside a mismatch, since
    a dependency upgrade is the first suspect when nothing in this repository changed.
    """
    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def version_changes(recorded: dict[str, str]) -> str:
    now = versions()
    changed = [
        f"{name} {recorded.get(name, '?')} -> {now.get(name, '?')}"
        for name in sorted(recorded.keys() | now.keys())
        if recorded.get(name) != now.get(name)
    ]
    return (
        ("versions changées depuis le manifeste de référence : " + ", ".join(changed))
        if changed
        else "mêmes versions de Python et des bibliothèques que le manifeste de référence"
    )


def document(mode: str, files: dict[str, str]) -> str:
    data = {
        "_doc": f"Manifeste de référence du build « {mode} » de tests/fixtures/golden/content/ "
        f"(tests/test_golden.py). Ne pas modifier à la main : {UPDATE}, seulement pour un "
        "changement de la sortie voulu, et le dire dans le message de commit.",
        "arguments": MODES[mode],
        "CARTOGRAPHIE_DATE": DATE,
        "PYTHONHASHSEED": HASH_SEED,
        "versions": versions(),
        "files": files,
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main() -> int:
    for mode in MODES:
        with tempfile.TemporaryDirectory(prefix="cartographie-golden-") as workdir:
            files, elapsed = build(mode, Path(workdir))
        path = golden_path(mode)
        old = read_golden(mode)["files"] if path.exists() else {}
        path.write_text(document(mode, files), encoding="utf-8")
        change = "créé" if not old else "inchangé" if old == files else differences(old, files)
        print(f"{path.relative_to(ROOT)} : {len(files)} fichiers, build {elapsed:.2f} s ; {change}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
