"""Incremental writing: a rebuild rewrites only the output files whose bytes changed.

Every build still loads, validates and cross-checks all the content and renders
every page: a page may read any fiche (an orientation result lists whichever
operators the routing selects, the footer shows the latest review date of all
fiches), so deciding from declared dependencies which pages can be skipped would
trust every section to declare them completely. Rendering everything is the
sound choice, and it makes an incremental build byte-identical to a full build
by construction (measured in bench/README.md).

What changes is the writing. The build keeps a manifest of its output,
``.cartographie/manifest.json`` (path -> BLAKE2 digest of the bytes, no dates, so
two builds of the same content stay byte-identical). The next build still
assembles a complete new folder next to the old one and swaps it in atomically
(a failing build leaves the previous one untouched), but an unchanged file is a
hard link to the previous build's file instead of a new write: its modification
time is kept, so ``serve``, rsync or a deployment see only what really changed.
A file is reused only if its digest matches and it was not modified after the
manifest was written; anything doubtful is written anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .write import _swap as swap  # the same atomic swap as a full write

MANIFEST = ".cartographie/manifest.json"
FORMAT = 1


@dataclass
class WriteReport:
    files: int    # output files (the manifest aside)
    pages: int    # of which HTML pages
    bytes: int    # their total size
    written: int  # files whose bytes are new or changed
    reused: int   # unchanged files linked from the previous build


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def manifest_bytes(digests: dict[str, str]) -> bytes:
    document = {"format": FORMAT, "files": dict(sorted(digests.items()))}
    return (json.dumps(document, indent=0, sort_keys=True) + "\n").encode("utf-8")


def read_manifest(out: Path) -> tuple[dict[str, str], int] | None:
    """The previous build's digests and the manifest's modification time (ns); None if unusable."""
    path = out / MANIFEST
    try:
        document = json.loads(path.read_bytes())
        written_at = path.stat().st_mtime_ns
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT or not isinstance(document.get("files"), dict):
        return None
    return document["files"], written_at


def _reusable(source: Path, expected: str | None, new: str, written_at: int) -> bool:
    if expected is None or expected != new:
        return False
    try:
        stat = source.lstat()
    except OSError:
        return False
    # A regular file untouched since the manifest was written still holds the bytes it describes.
    return source.is_file() and not source.is_symlink() and stat.st_mtime_ns <= written_at


def write_incremental(out: Path, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]]) -> WriteReport:
    """Write ``files`` to ``out`` atomically, reusing the previous build's unchanged files.

    ``files`` is a mapping or a stream of (path, bytes), written as it comes (a later
    path replaces an earlier one, as in a dict): the site need not be held in memory.
    """
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(out) if out.is_dir() else None
    old_digests, written_at = previous if previous is not None else ({}, 0)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    written = reused = 0
    try:
        digests: dict[str, str] = {}
        sizes: dict[str, int] = {}
        made: set[Path] = set()
        stream = sorted(files.items()) if isinstance(files, Mapping) else files
        for rel_path, data in stream:
            digests[rel_path] = new = digest(data)
            sizes[rel_path] = len(data)
            target = staging / rel_path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            source = out / rel_path
            if target.exists():  # the same path twice in the stream: the last one wins
                target.unlink()
            if _reusable(source, old_digests.get(rel_path), new, written_at):
                try:
                    os.link(source, target)
                    reused += 1
                    continue
                except OSError:  # a file system without hard links: write it
                    pass
            target.write_bytes(data)
            written += 1
        manifest = staging / MANIFEST
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_bytes(manifest_bytes(digests))
        os.chmod(staging, 0o755)
        swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteReport(files=len(sizes), pages=sum(path.endswith(".html") for path in sizes),
                       bytes=sum(sizes.values()), written=written, reused=reused)
