"""The search index: Pagefind (https://pagefind.app), run on the site once it is assembled.

Pagefind reads the written HTML pages and makes a static index, ``pagefind/``, that the
search page (``/recherche/``, themes/default/static/js/search.js) queries in the browser: no
server, no other host. The binary comes from PyPI with the ``pagefind-bin`` package, never
downloaded at run time.

What is indexed is said by the templates: the ``<main>`` of a fiche, a programme, a phase
and a result of the decision tree carries ``data-pagefind-body`` (base.html, block
``search_body``); what must not count carries ``data-pagefind-ignore``. Every other page is
left out: Pagefind indexes only pages with a ``data-pagefind-body`` once one page has it.
Only the pages that may be such are given to it (:data:`GLOB`), which halves its time.
French stemming comes from ``<html lang="fr">``.

The index is a stage of the build (generator.output.incremental.write_incremental calls
:func:`stage`): Pagefind runs on the staging folder, before the new site is swapped in, and
writes into a temporary folder; its files then go into the output like any other, digested
in the manifest. ``serve`` shows a rebuilt page first and makes the index right after
(:func:`kept_stage`, then generator.build.index_site): Pagefind reads every indexed page
again, seconds at 1,000 fiches. Its output is a function of the pages' bytes (file names are content
hashes): two builds of the same content give the same files, and a rebuild the same files as
a full build. When no HTML file changed (same digests, same Pagefind), the previous index is
kept without running Pagefind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from generator.output.incremental import UNCHANGED, Item, Previous, Unchanged

#: Where the index lives in the site.
FOLDER = "pagefind/"
#: The file of the index whose inputs are the digest of what the index reads (kept with the pages' inputs).
RECORD = FOLDER + "pagefind-entry.json"
#: The pages of the site that may be indexed (Pagefind's --glob): fiches (not the filter pages, a
#: level deeper), programmes and phases, results of the decision tree. The templates decide within
#: them; the glob only spares Pagefind reading the other pages (half its time on the real content).
GLOB = "{operateurs/*/index.html,projets/**/*.html,orientation/resultat/**/*.html}"
#: Folders holding every page GLOB may give Pagefind (a superset: its inputs' digest reads these).
READ_FROM = ("operateurs/", "projets/", "orientation/resultat/")
#: Pagefind's files the site does not load (its ready-made interfaces: the site has its own).
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
#: Bump when the way Pagefind is run changes: a kept index is then made again.
VERSION = "1"


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed: the build stops, the previous site stays."""


def executable() -> Path:
    """The Pagefind binary: PAGEFIND_BINARY_PATH, else the one installed by the ``pagefind-bin``
    package (or ``pagefind-bin-extended``), else a ``pagefind`` on the PATH. (Not through the
    ``pagefind`` Python wrapper: importing it costs asyncio, for nothing.)"""
    found: Path | None = None
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        found = Path(os.environ["PAGEFIND_BINARY_PATH"])
    else:
        for package in ("pagefind_bin_extended", "pagefind_bin"):
            try:
                found = Path(__import__(package).get_executable())
                break
            except (ImportError, FileNotFoundError):
                continue
        else:
            on_path = shutil.which("pagefind_extended") or shutil.which("pagefind")
            found = Path(on_path) if on_path else None
    if found is None or not found.is_file():
        raise SearchIndexError(
            "Pagefind introuvable : installez-le avec pip install pagefind-bin "
            "(ou pip install -e . dans le projet ; ou indiquez son chemin dans PAGEFIND_BINARY_PATH)."
        )
    return found


def _binary_token(binary: Path) -> str:
    info = binary.stat()
    return f"{binary.resolve()}:{info.st_size}:{info.st_mtime_ns}"


def inputs_digest(digests: Mapping[str, str], binary: Path) -> str:
    """What the index is made from: the digest of every HTML file Pagefind may read (a change to
    another page, such as /accessibilite/, does not make the index again), the binary, this
    module's way of running it."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{VERSION}\0{GLOB}\0{_binary_token(binary)}\0".encode())
    for path in sorted(p for p in digests if p.endswith(".html") and p.startswith(READ_FROM)):
        h.update(f"{path}\0{digests[path]}\0".encode())
    return h.hexdigest()


def run(site: Path, binary: Path | None = None) -> dict[str, bytes]:
    """Index the site in the folder ``site``: the files of ``pagefind/``, path -> bytes (nothing is
    written in ``site``)."""
    binary = binary or executable()
    # Pagefind reads a configuration file from its working folder and PAGEFIND_* variables:
    # none of them may change the index.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    with tempfile.TemporaryDirectory(prefix="cartographie-pagefind-") as work:
        out = Path(work) / "pagefind"
        command = [str(binary), "--site", str(Path(site).resolve()), "--output-path", str(out), "--glob", GLOB, "--quiet"]
        try:
            done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchIndexError(f"Pagefind n'a pas pu indexer le site : {exc}") from exc
        if done.returncode != 0 or not (out / "pagefind.js").is_file():
            detail = (done.stderr or done.stdout).strip()[-800:]
            raise SearchIndexError(f"Pagefind n'a pas pu indexer le site (code {done.returncode}) : {detail}")
        files = {}
        for path in sorted(out.rglob("*")):
            rel = path.relative_to(out).as_posix()
            if path.is_file() and not rel.startswith(UNUSED):
                files[FOLDER + rel] = path.read_bytes()
        return files


def index_files(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The index of a site held in memory (path -> bytes): its HTML pages are written to a
    temporary folder for Pagefind."""
    with tempfile.TemporaryDirectory(prefix="cartographie-site-") as work:
        for path, data in files.items():
            if path.endswith(".html"):
                target = Path(work) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        return run(Path(work))


def stage(staging: Path, digests: Mapping[str, str], previous: Previous) -> list[Item]:
    """The index of the site assembled in ``staging``, whose files digest to ``digests``: its
    files as items (generator.output.incremental.Item), each of the previous index UNCHANGED when
    no page it reads changed since it was made. The digest of what it reads is the inputs of
    :data:`RECORD`: the next build compares it."""

    binary = executable()
    token = inputs_digest(digests, binary)
    files: list[tuple[str, bytes | Unchanged]]
    if is_current(previous, token):
        files = [(path, UNCHANGED) for path in previous.digests if path.startswith(FOLDER)]
    else:
        files = list(run(staging, binary).items())
    return [(path, data, token if path == RECORD else None) for path, data in files]


def is_current(previous: Previous, token: str | None = None) -> bool:
    """Whether the index of the build ``previous`` is intact and was made from the pages whose
    digests give ``token`` (:func:`inputs_digest`; by default, that build's own pages)."""
    if token is None:
        token = inputs_digest(previous.digests, executable())
    old = [p for p in previous.digests if p.startswith(FOLDER)]
    return RECORD in old and previous.inputs.get(RECORD) == token and all(previous.size_if_reusable(p) is not None for p in old)


def kept_stage(staging: Path, digests: Mapping[str, str], previous: Previous) -> list[Item]:
    """The previous index as it is, for a build whose index is made afterwards (``serve``: the
    pages first, the index once they are served): its files UNCHANGED, each with the inputs
    recorded for it, so that :func:`stage` then sees what changed since it was made. No index
    when it is not intact (it is then made afterwards all the same)."""
    old = sorted(p for p in previous.digests if p.startswith(FOLDER))
    if not all(previous.size_if_reusable(p) is not None for p in old):
        return []
    return [(path, UNCHANGED, previous.inputs.get(path)) for path in old]
