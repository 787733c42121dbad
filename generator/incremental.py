"""Incremental writing: a rebuild renders only the pages whose inputs changed, and writes only
the files whose bytes changed.

The build keeps two records:

- ``.cartographie/manifest.json`` in the output: path -> BLAKE2 digest of every output
  file's bytes (no dates, so two builds of the same content stay byte-identical);
- ``pages.json`` in the build's cache (:mod:`generator.cache`): path -> the digest of each
  page's inputs (:mod:`generator.fingerprint`), with the digest of the manifest it goes
  with: it is trusted only beside that very build.

Every build still loads, validates and cross-checks all the content and collects every
page. A page whose inputs digest to what ``pages.json`` recorded, and whose file is
untouched since, is not rendered: its file is kept (:data:`KEPT`). Any other output is
compared with the manifest: unchanged bytes keep the previous file, so its modification
time stays and ``serve``, rsync or a deployment see only what really changed. A file is
reused only if it was not modified after the manifest was written; anything doubtful is
written anew.

Two ways to write, both all-or-nothing with respect to the content: nothing is written
before every page has rendered, so bad content or a failing template leaves the previous
build as it was.

- **In place**, when a previous build is there and the changed files fit in
  :data:`IN_PLACE_LIMIT`: they are held in memory until the stream ends, then each goes
  to a temporary file renamed over the old one (a reader never sees half a file),
  files the previous build made and this one does not are removed (a file put in the
  output by hand stays), and the manifest is written last. A rebuild after one fiche
  changes touches a few dozen files, not the whole folder.
- **A new folder** otherwise (first build, or many changes): the site is assembled next
  to the old one, unchanged files as hard links, and swapped in atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .cache import cache_dir, write_file

MANIFEST = ".cartographie/manifest.json"
PAGES = "pages.json"  # in the cache folder
FORMAT = 1

#: Changed bytes a rebuild holds in memory to update the previous build in place.
IN_PLACE_LIMIT = 32 * 1024 * 1024


class _Kept:
    def __repr__(self) -> str:
        return "KEPT"


#: In the stream instead of bytes: the page's inputs are unchanged, keep the previous build's file.
KEPT = _Kept()


@dataclass
class WriteReport:
    files: int    # output files (the manifest aside)
    pages: int    # of which HTML pages
    bytes: int    # their total size
    written: int  # files whose bytes are new or changed
    reused: int   # unchanged files kept from the previous build
    in_place: bool = False  # the previous build was updated in place (not swapped for a new folder)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def manifest_bytes(digests: dict[str, str]) -> bytes:
    document = {"format": FORMAT, "files": dict(sorted(digests.items()))}
    return (json.dumps(document, indent=0, sort_keys=True) + "\n").encode("utf-8")


def read_manifest(out: Path) -> tuple[dict[str, str], int] | None:
    """The previous build's digests and the manifest's modification time (ns); None if unusable."""
    found = _read_manifest(Path(out))
    return found[:2] if found is not None else None


def _read_manifest(out: Path) -> tuple[dict[str, str], int, str] | None:
    path = out / MANIFEST
    try:
        data = path.read_bytes()
        document = json.loads(data)
        written_at = path.stat().st_mtime_ns
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT or not isinstance(document.get("files"), dict):
        return None
    return document["files"], written_at, digest(data)


def _read_pages(out: Path, manifest: str) -> dict[str, str]:
    """The page digests recorded with the build whose manifest digests to ``manifest``; {} otherwise."""
    try:
        document = json.loads((cache_dir(out) / PAGES).read_bytes())
    except (OSError, ValueError):
        return {}
    if (not isinstance(document, dict) or document.get("format") != FORMAT
            or document.get("manifest") != manifest or not isinstance(document.get("pages"), dict)):
        return {}
    return document["pages"]


@dataclass
class Previous:
    """The previous build in ``out``, as its manifest and page digests describe it."""

    out: Path
    digests: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    written_at: int = 0
    #: Whether ``out`` holds a build this module wrote (a manifest was read).
    exists: bool = False

    @classmethod
    def read(cls, out: Path) -> Previous:
        out = Path(out).resolve()
        manifest = _read_manifest(out) if out.is_dir() else None
        if manifest is None:
            return cls(out)
        digests, written_at, manifest_digest = manifest
        return cls(out, digests, _read_pages(out, manifest_digest), written_at, exists=True)

    def size_if_reusable(self, path: str, expected: str | None = None) -> int | None:
        """The size of the previous build's file at ``path`` if it still holds the bytes the
        manifest describes (and those are ``expected``, when given); None otherwise."""
        old = self.digests.get(path)
        if old is None or (expected is not None and old != expected):
            return None
        try:
            info = os.lstat(os.path.join(self.out, path))
        except OSError:
            return None
        # A regular file untouched since the manifest was written still holds the bytes it describes.
        if not stat.S_ISREG(info.st_mode) or info.st_mtime_ns > self.written_at:
            return None
        return info.st_size

    def keeps(self, path: str, fingerprint: str | None) -> bool:
        """Whether the page at ``path``, whose inputs digest to ``fingerprint``, need not be rendered."""
        return (fingerprint is not None and self.pages.get(path) == fingerprint
                and self.size_if_reusable(path) is not None)


class _InPlace:
    """Changed files held in memory, written over the previous build when the stream ends."""

    def __init__(self, previous: Previous) -> None:
        self.previous = previous
        self.pending: dict[str, bytes] = {}
        self.held = 0

    def put(self, path: str, data: bytes, reusable: bool) -> None:
        if reusable:
            self.pending.pop(path, None)
            return
        self.pending[path] = data
        self.held += len(data)

    def keep(self, path: str) -> None:
        self.pending.pop(path, None)

    def full(self) -> bool:
        return self.held > IN_PLACE_LIMIT

    def finish(self, paths: set[str], manifest: bytes) -> None:
        out = self.previous.out
        for path, data in self.pending.items():
            write_file(out / path, data)
        for path in set(self.previous.digests) - paths:  # what the previous build made and this one does not
            (out / path).unlink(missing_ok=True)
            _remove_empty_parents(out, (out / path).parent)
        write_file(out / MANIFEST, manifest)  # last: its time stamps every file written before it


class _NewFolder:
    """The site assembled in a new folder next to ``out``, then swapped in."""

    def __init__(self, previous: Previous) -> None:
        self.previous = previous
        out = previous.out
        self.staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
        self.made: set[Path] = set()

    def _target(self, path: str) -> Path:
        target = self.staging / path
        if target.parent not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(target.parent)
        if target.exists():  # the same path twice in the stream: the last one wins
            target.unlink()
        return target

    def put(self, path: str, data: bytes, reusable: bool) -> None:
        target = self._target(path)
        if not (reusable and self._link(path, target)):
            target.write_bytes(data)

    def keep(self, path: str) -> None:
        target = self._target(path)
        if not self._link(path, target):
            shutil.copyfile(self.previous.out / path, target)

    def _link(self, path: str, target: Path) -> bool:
        try:
            os.link(self.previous.out / path, target)
            return True
        except OSError:  # a file system without hard links: write it
            return False

    def finish(self, paths: set[str], manifest: bytes) -> None:
        self._target(MANIFEST).write_bytes(manifest)
        os.chmod(self.staging, 0o755)
        _swap(self.staging, self.previous.out)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def write_incremental(out: Path, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
                      previous: Previous | None = None,
                      fingerprints: Mapping[str, str] | None = None) -> WriteReport:
    """Write ``files`` to ``out``, reusing the previous build's unchanged files.

    ``files`` is a mapping or a stream of (path, bytes or :data:`KEPT`), consumed as it comes
    (a later path replaces an earlier one, as in a dict): the site need not be held in
    memory. ``fingerprints`` (page path -> digest of its inputs) is read once the stream
    has ended, and saved for the next build.
    """
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = previous if previous is not None else Previous.read(out)
    writer: _InPlace | _NewFolder = _InPlace(previous) if previous.exists else _NewFolder(previous)
    digests: dict[str, str] = {}
    sizes: dict[str, int] = {}
    written = reused = 0
    try:
        stream = sorted(files.items()) if isinstance(files, Mapping) else files
        for path, data in stream:
            if data is KEPT:
                digests[path] = previous.digests[path]
                sizes[path] = previous.size_if_reusable(path) or 0
                writer.keep(path)
                reused += 1
            else:
                digests[path] = new = digest(data)
                sizes[path] = len(data)
                reusable = previous.size_if_reusable(path, new) is not None
                writer.put(path, data, reusable)
                reused += reusable
                written += not reusable
            if isinstance(writer, _InPlace) and writer.full():
                writer = _switch_to_new_folder(writer, digests)
        manifest = manifest_bytes(digests)
        pages = {path: fp for path, fp in (fingerprints or {}).items() if path in digests}
        # Before the build it describes is in place: a build that fails from here on leaves
        # the previous one, whose manifest this record does not match.
        write_file(cache_dir(out) / PAGES, _pages_bytes(pages, digest(manifest)))
        writer.finish(set(digests), manifest)
    except BaseException:
        if isinstance(writer, _NewFolder):
            writer.abort()
        raise
    return WriteReport(files=len(sizes), pages=sum(path.endswith(".html") for path in sizes),
                       bytes=sum(sizes.values()), written=written, reused=reused,
                       in_place=isinstance(writer, _InPlace))


def _switch_to_new_folder(in_place: _InPlace, digests: dict[str, str]) -> _NewFolder:
    """Too much to hold: assemble a new folder with what the stream gave so far."""
    folder = _NewFolder(in_place.previous)
    try:
        for path in digests:
            if path in in_place.pending:
                folder.put(path, in_place.pending[path], reusable=False)
            else:
                folder.keep(path)
    except BaseException:
        folder.abort()
        raise
    return folder


def _pages_bytes(pages: dict[str, str], manifest: str) -> bytes:
    document = {"format": FORMAT, "manifest": manifest, "pages": dict(sorted(pages.items()))}
    return (json.dumps(document, indent=0) + "\n").encode("utf-8")


def _remove_empty_parents(out: Path, folder: Path) -> None:
    """Remove ``folder`` and its parents below ``out`` for as long as they are empty."""
    while folder != out:
        try:
            folder.rmdir()
        except OSError:  # not empty
            return
        folder = folder.parent


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` in the place of ``out`` (two renames); the old folder is removed afterwards."""
    if not out.exists():
        staging.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        staging.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
