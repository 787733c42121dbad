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

Nothing is written before every page has rendered, so bad content or a failing template
leaves the previous build as it was, and a build is never half-published: the site is
assembled in a new folder next to ``out`` (unchanged files as hard links: cheap, and their
modification times stay), then exchanged with ``out`` in one atomic step
(``renameat2(RENAME_EXCHANGE)``; where the system lacks it, two renames, and the next build
puts a previous build back if a crash came between them). A build killed at any moment
leaves exactly the previous build or the new one, each matching its manifest, and no
temporary file in either.

A file put into the output by hand (one the manifest does not list) is carried into the new
build; if the new build makes a file at that very path, the build stops and names it
(:class:`HandFileInTheWay`) rather than lose it. The previous folder is then removed file by
file, only what the manifest lists or what was carried over: a file that appeared meanwhile
is left there, with the folder, and named.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .cache import cache_dir, write_file

MANIFEST = ".cartographie/manifest.json"
PAGES = "pages.json"  # in the cache folder
FORMAT = 1

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
    carried: int = 0  # files put in the output by hand, carried into the new build


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




class HandFileInTheWay(Exception):
    """Files put in the output by hand stand where the new build writes: the build stops."""

    def __init__(self, out: Path, paths: list[str]) -> None:
        shown = ", ".join(paths[:5]) + (f" et {len(paths) - 5} autre(s)" if len(paths) > 5 else "")
        super().__init__(
            f"{out} : {len(paths)} fichier(s) ajouté(s) à la main se trouvent là où le site écrit : {shown}. "
            "Déplacez-les hors du dossier de sortie, puis relancez ; rien n'a été modifié.")
        self.paths = paths


#: A folder a build assembles beside ``out`` (``.build-new-…``) holds this mark until its
#: manifest is written; then the manifest says it is a build. After the exchange the same
#: folder holds the replaced build. So a folder of that name with the mark or a manifest was
#: made here, and only such a folder is ever removed (:func:`recover`).
STAGING_MARK = ".cartographie/assemblage"


class _NewFolder:
    """The site assembled in a new folder next to ``out``, then exchanged with it."""

    def __init__(self, previous: Previous) -> None:
        self.previous = previous
        out = previous.out
        self.staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
        self.made: set[Path] = {self.staging}
        self._target(STAGING_MARK).write_bytes(b"")

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

    def carry(self, paths: list[str]) -> list[str]:
        """Bring the files put in ``out`` by hand into the new build; the paths already taken by it."""
        taken = []
        for path in paths:
            source, target = self.previous.out / path, self.staging / path
            if os.path.lexists(target) or any(os.path.lexists(parent) and not parent.is_dir()
                                              for parent in target.parents if parent != self.staging):
                taken.append(path)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
            elif source.is_dir():  # an empty folder
                target.mkdir()
            elif not self._link(path, target):
                shutil.copy2(source, target)
        return taken

    def finish(self, manifest: bytes) -> None:
        self._target(MANIFEST).write_bytes(manifest)
        (self.staging / STAGING_MARK).unlink()  # after the manifest: one of the two always says "ours"
        os.chmod(self.staging, 0o755)
        _replace(self.staging, self.previous.out)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def hand_files(previous: Previous) -> list[str]:
    """Files (and symbolic links, and empty folders) in the previous build that its manifest does
    not list: put there by hand, or by another tool."""
    if not previous.exists:
        return []
    out = previous.out
    found = []
    for folder, dirs, files in os.walk(out):
        relative = Path(folder).relative_to(out)
        for name in list(dirs):
            if os.path.islink(os.path.join(folder, name)):  # never followed
                dirs.remove(name)
                files.append(name)
        if not dirs and not files and folder != str(out):
            found.append(relative.as_posix())
        for name in files:
            path = (relative / name).as_posix()
            if path not in previous.digests and path != MANIFEST:
                found.append(path)
    return sorted(found)


#: A stage run on the assembled site before it is swapped in (the search index, generator.search):
#: (staging folder, digests of its files, previous build) -> (more files as (path, bytes or
#: KEPT), records to keep with the page digests for the next build).
Stage = Callable[[Path, Mapping[str, str], Previous], tuple[Iterable[tuple[str, object]], Mapping[str, str]]]


def write_incremental(out: Path, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
                      previous: Previous | None = None,
                      fingerprints: Mapping[str, str] | None = None,
                      after: Stage | None = None) -> WriteReport:
    """Write ``files`` to ``out``, reusing the previous build's unchanged files.

    ``files`` is a mapping or a stream of (path, bytes or :data:`KEPT`), consumed as it comes
    (a later path replaces an earlier one, as in a dict): the site need not be held in
    memory. ``fingerprints`` (page path -> digest of its inputs) is read once the stream
    has ended, and saved for the next build. ``after`` runs on the assembled folder once the
    stream has ended, before files put there by hand are carried in: the files it gives are
    written, digested and kept like the others (the search index). ``out`` must be a folder a
    build may write (generator.outdir.check_output), held with :func:`claim`.
    """
    out = Path(out).resolve()
    previous = previous if previous is not None else Previous.read(out)
    writer = _NewFolder(previous)
    digests: dict[str, str] = {}
    sizes: dict[str, int] = {}
    written = reused = 0
    records: Mapping[str, str] = {}
    try:
        def take(path: str, data) -> None:
            nonlocal written, reused
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

        stream = sorted(files.items()) if isinstance(files, Mapping) else files
        for path, data in stream:
            take(path, data)
        if after is not None:
            more, records = after(writer.staging, dict(digests), previous)
            for path, data in more:
                take(path, data)
        carried = hand_files(previous)
        taken = writer.carry(carried)
        if taken:
            raise HandFileInTheWay(out, taken)
        manifest = manifest_bytes(digests)
        pages = {path: fp for path, fp in {**(fingerprints or {}), **records}.items() if path in digests}
        # Before the build it describes is in place: a build that fails from here on leaves
        # the previous one, whose manifest this record does not match.
        write_file(cache_dir(out) / PAGES, _pages_bytes(pages, digest(manifest)))
        writer.finish(manifest)
    except BaseException:
        writer.abort()
        raise
    if os.path.isdir(writer.staging):  # the replaced build (or empty folder) is there now
        _remove_build(writer.staging, out)
    return WriteReport(files=len(sizes), pages=sum(path.endswith(".html") for path in sizes),
                       bytes=sum(sizes.values()), written=written, reused=reused, carried=len(carried))


def _pages_bytes(pages: dict[str, str], manifest: str) -> bytes:
    document = {"format": FORMAT, "manifest": manifest, "pages": dict(sorted(pages.items()))}
    return (json.dumps(document, indent=0) + "\n").encode("utf-8")


def _old_name(out: Path) -> Path:
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    old.rmdir()
    return old


def _replace(staging: Path, out: Path) -> None:
    """Put ``staging`` in the place of ``out``, in one atomic exchange where the system has it.
    Afterwards ``staging`` holds the previous build, if there was one."""
    if not os.path.lexists(out):
        staging.rename(out)
        return
    if _exchange(staging, out):
        return
    old = _old_name(out)
    out.rename(old)  # a crash between the two renames: recover() puts ``old`` back
    try:
        staging.rename(out)
    except BaseException:
        old.rename(out)
        raise
    old.rename(staging)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    import ctypes
    import errno

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(second))


def _remove_build(folder: Path, out: Path) -> None:
    """Remove a folder a build assembled or replaced, beside ``out``: the files its manifest lists,
    those that are the very files of ``out`` (hard links of carried files) and, while it holds
    only :data:`STAGING_MARK` (a build stopped before its manifest), all it holds. Its manifest
    goes last, so that a crash midway leaves a folder the next :func:`recover` still knows.
    Anything else stays, with the folder, and is named."""
    found = read_manifest(folder)
    unfinished = found is None and (folder / STAGING_MARK).is_file()
    listed = set(found[0]) if found is not None else set()
    left = []
    for parent, dirs, files in os.walk(folder):
        relative = Path(parent).relative_to(folder)
        for name in files + [d for d in dirs if os.path.islink(os.path.join(parent, d))]:
            path = (relative / name).as_posix()
            if path in (MANIFEST, STAGING_MARK):
                continue
            if unfinished or path in listed or _same_file(folder / path, out / path):
                os.unlink(os.path.join(parent, name))
            else:
                left.append(path)
    (folder / MANIFEST).unlink(missing_ok=True)
    (folder / STAGING_MARK).unlink(missing_ok=True)
    _remove_empty_folders(folder)
    if left:
        print(f"Attention : {folder} garde {len(left)} fichier(s) qui ne sont pas de la construction "
              f"({', '.join(sorted(left)[:5])}) ; vérifiez-les puis supprimez ce dossier.", file=sys.stderr)


def _same_file(first: Path, second: Path) -> bool:
    try:
        if first.is_symlink():
            return second.is_symlink() and os.readlink(first) == os.readlink(second)
        return os.path.samefile(first, second)
    except OSError:
        return False


def _remove_empty_folders(folder: Path) -> None:
    """Remove ``folder`` and the folders under it that hold nothing (never a file)."""
    for parent, _dirs, _files in os.walk(folder, topdown=False):
        try:
            os.rmdir(parent)
        except OSError:  # not empty
            pass


@contextlib.contextmanager
def claim(out: Path) -> Iterator[None]:
    """Hold ``out`` for one build, from reading the previous build to writing the new one: one
    build at a time (``serve`` and a ``build`` in another terminal: the second waits), after
    :func:`recover` has mended what a crash left."""
    import fcntl

    out = Path(out).resolve()
    lock = cache_dir(out) / "verrou"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the process ends, killed or not
        recover(out)
        yield


def _ours(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (
        (folder / STAGING_MARK).is_file() or read_manifest(folder) is not None)


def recover(out: Path) -> None:
    """After a crash: put the previous build back if ``out`` is missing (a crash between the two
    renames where there is no atomic exchange), then remove what builds left beside it: their
    folders (only those :func:`_ours` recognises) and the cache's temporary files."""
    if not os.path.lexists(out):
        olds = sorted(p for p in out.parent.glob(f".{out.name}-old-*") if read_manifest(p) is not None)
        if olds:
            olds[-1].rename(out)
    for folder in sorted(out.parent.glob(f".{out.name}-new-*")) + sorted(out.parent.glob(f".{out.name}-old-*")):
        if _ours(folder):
            _remove_build(folder, out)
        elif folder.is_dir() and not folder.is_symlink():  # stopped while its empty folders went
            _remove_empty_folders(folder)
    for stray in cache_dir(out).glob(".tmp-*"):  # a cache file being written when the build stopped
        stray.unlink(missing_ok=True)
