"""Incremental writing: a rebuild renders only the pages whose inputs changed, and writes only
the files whose bytes changed.

The output keeps a record of itself: ``.cartographie/manifest.json``, path -> BLAKE2 digest of
every output file's bytes (no dates, so two builds of the same content stay byte-identical).
Each file may come with the digest of what it was made from (its *inputs*: for a page,
generator.rebuild.inputs); :func:`write_incremental` gives them back with the digest of the
manifest it wrote, and the build keeps both (generator.rebuild.state). The next build hands them
to :meth:`Previous.read`, which trusts them only beside that very build.

Every build still loads, validates and cross-checks all the content and collects every
page. A page whose inputs digest to what was recorded, and whose file is untouched since, is
not rendered: its file is kept (:data:`UNCHANGED`). Any other output is compared with the
manifest: unchanged bytes keep the previous file, so its modification time stays and
``serve``, rsync or a deployment see only what really changed. A file is reused only if it
was not modified after the manifest was written; anything doubtful is written anew.

Nothing is written before every page has rendered, so bad content or a failing template
leaves the previous build as it was, and a build is never half-published: the site is
assembled in a folder of the build's cache (:data:`ASSEMBLY`), then exchanged with ``out`` in
one atomic step (``renameat2(RENAME_EXCHANGE)``; where the system lacks it, two renames, and
the next build puts a previous build back if a crash came between them). That folder then
holds the build just replaced, and the next build assembles there again, changing only the
files that differ from it (unchanged ones as hard links of the published files, so their
modification times stay). A build killed at any moment leaves exactly the previous build or
the new one, each matching its manifest, and no temporary file in either; a half-changed
assembly folder is marked as such and never trusted.

A file put into the output by hand (one the manifest does not list) is carried into the new
build; if the new build makes a file at that very path, the build stops and names it
(:class:`HandFileInTheWay`) rather than lose it. Folders beside ``out`` left by older
versions (``.build-new-…``, ``.build-old-…``) are removed file by file, only what their
manifest lists: anything else is left there, and named.
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

from generator.common.beside import cache_dir, write_file

MANIFEST = ".cartographie/manifest.json"
#: Of the manifest and of the assembly record.
FORMAT = 1


class Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


#: In the stream instead of bytes: the page's inputs are unchanged, keep the previous build's file.
UNCHANGED = Unchanged()


@dataclass
class WriteReport:
    files: int  # output files (the manifest aside)
    pages: int  # of which HTML pages
    bytes: int  # their total size
    written: int  # files whose bytes are new or changed
    reused: int  # unchanged files kept from the previous build
    carried: int = 0  # files put in the output by hand, carried into the new build
    #: Digest of the manifest written: names this build (for :meth:`Previous.read`).
    manifest: str = ""
    #: Output path -> digest of its inputs, for the files given one.
    inputs: dict[str, str] = field(default_factory=dict)


#: What a build hands to :meth:`Previous.read`: (manifest digest, output path -> inputs digest).
Recorded = tuple[str, Mapping[str, str]]


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


@dataclass
class Previous:
    """The previous build in ``out``, as its manifest describes it, with the inputs recorded for it."""

    out: Path
    digests: dict[str, str] = field(default_factory=dict)
    #: Output path -> digest of its inputs, when recorded with this very build; else empty.
    inputs: Mapping[str, str] = field(default_factory=dict)
    written_at: int = 0
    #: Whether ``out`` holds a build this module wrote (a manifest was read).
    exists: bool = False
    #: Digest of its manifest's bytes: names this very build (the assembly record below).
    manifest: str = ""

    @classmethod
    def read(cls, out: Path, recorded: Recorded | None = None) -> Previous:
        """The build in ``out``; ``recorded`` (from :class:`WriteReport`) counts only if its
        manifest digest is that build's."""
        out = Path(out).resolve()
        manifest = _read_manifest(out) if out.is_dir() else None
        if manifest is None:
            return cls(out)
        digests, written_at, manifest_digest = manifest
        inputs = recorded[1] if recorded is not None and recorded[0] == manifest_digest else {}
        return cls(out, digests, inputs, written_at, exists=True, manifest=manifest_digest)

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

    def unchanged(self, path: str, inputs: str | None) -> bool:
        """Whether the file at ``path``, whose inputs digest to ``inputs``, need not be made again."""
        return inputs is not None and self.inputs.get(path) == inputs and self.size_if_reusable(path) is not None


class HandFileInTheWay(Exception):
    """Files put in the output by hand stand where the new build writes: the build stops."""

    def __init__(self, out: Path, paths: list[str]) -> None:
        shown = ", ".join(paths[:5]) + (f" et {len(paths) - 5} autre(s)" if len(paths) > 5 else "")
        super().__init__(
            f"{out} : {len(paths)} fichier(s) ajouté(s) à la main se trouvent là où le site écrit : {shown}. "
            "Déplacez-les hors du dossier de sortie, puis relancez ; rien n'a été modifié."
        )
        self.paths = paths


#: Where the next site is assembled: a folder in the build's cache, beside ``out`` (same file
#: system: the two can be exchanged). After the exchange it holds the build just replaced, and
#: the next build assembles there again, changing only what differs (a double buffer: folders
#: and unchanged files are not made again: bench/README.md, « Mesures derrière le code »).
ASSEMBLY = "assemblage"
#: Present while the assembly folder is being changed: such a folder is never trusted (nor
#: published) and the next build removes it whole (:func:`recover`).
STAGING_MARK = ".cartographie/assemblage"
#: Beside it: which build the folder holds (its manifest's digest) and the files it holds that
#: the manifest does not list (carried there by hand), so that they can be told apart.
ASSEMBLY_RECORD = "assemblage.json"


def _assembly_dir(out: Path) -> Path:
    return cache_dir(out) / ASSEMBLY


class _Assembly:
    """The next site, assembled in :data:`ASSEMBLY` from what that folder holds, then exchanged
    with ``out``. A file is never written into: it is replaced (unlinked first), since the
    folder's files are hard links of the published ones."""

    def __init__(self, previous: Previous) -> None:
        self.previous = previous
        self.folder = _assembly_dir(previous.out)
        self.held: dict[str, str] = {}  # path -> digest of what the folder holds, as its manifest says
        self.extras: set[str] = set()  # files it holds that its manifest does not list
        self.held_at = 0
        found = (
            read_manifest(self.folder)
            if self.folder.is_dir() and not self.folder.is_symlink() and not (self.folder / STAGING_MARK).exists()
            else None
        )
        if found is not None:
            self.held, self.held_at = found
            self.extras = _read_extras(previous.out, self.folder)
        else:
            _remove_folder(self.folder)
            self.folder.mkdir(parents=True)
        (self.folder / STAGING_MARK).parent.mkdir(exist_ok=True)
        open(self.folder / STAGING_MARK, "wb").close()  # first: from here on, not a build
        (self.folder / MANIFEST).unlink(missing_ok=True)
        self.made: set[str] = set()
        self.wanted: set[str] = set()

    @property
    def staging(self) -> Path:
        return self.folder

    def _holds(self, path: str, expected: str) -> bool:
        """Whether the folder already holds ``expected`` bytes at ``path``, untouched since."""
        if self.held.get(path) != expected:
            return False
        try:
            info = os.lstat(os.path.join(self.folder, path))
        except OSError:
            return False
        return stat.S_ISREG(info.st_mode) and info.st_mtime_ns <= self.held_at

    def _target(self, path: str) -> str:
        """``path`` in the folder, freed (whatever stood there goes) and its folder made."""
        self.wanted.add(path)
        target = os.path.join(self.folder, path)
        if os.path.lexists(target):
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)
            else:
                os.unlink(target)
        folder = os.path.dirname(path)
        if folder not in self.made:
            _make_folders(self.folder, folder)
            self.made.add(folder)
        return target

    def put(self, path: str, data: bytes, reusable: bool, expected: str) -> None:
        if self._holds(path, expected):
            self.wanted.add(path)
            return
        target = self._target(path)
        if not (reusable and self._link(path, target)):
            with open(target, "wb") as stream:
                stream.write(data)

    def keep(self, path: str) -> None:
        if self._holds(path, self.previous.digests[path]):
            self.wanted.add(path)
            return
        target = self._target(path)
        if not self._link(path, target):
            shutil.copyfile(self.previous.out / path, target)

    def _link(self, path: str, target: str) -> bool:
        try:
            os.link(os.path.join(self.previous.out, path), target)
            return True
        except OSError:  # a file system without hard links: write it
            return False

    def drop_stale(self, carried: list[str]) -> None:
        """Remove what the folder holds and the new build does not make (nor carries)."""
        keep = self.wanted | set(carried) | {STAGING_MARK}
        emptied = set()
        for path in (set(self.held) | self.extras) - keep:
            target = os.path.join(self.folder, path)
            if os.path.isdir(target) and not os.path.islink(target):
                _remove_empty_folders(Path(target))
            elif os.path.lexists(target):
                os.unlink(target)
            emptied.add(os.path.dirname(path))
        for folder in sorted(emptied, key=len, reverse=True):  # deepest first
            while folder:
                try:
                    os.rmdir(os.path.join(self.folder, folder))
                except OSError:  # not empty (or already gone)
                    break
                folder = os.path.dirname(folder)

    def carry(self, paths: list[str]) -> list[str]:
        """Bring the files put in ``out`` by hand into the new build; the paths already taken by it."""
        taken = []
        out = self.previous.out
        for path in paths:
            if path in self.wanted or any(parent in self.wanted for parent in _parents(path)):
                taken.append(path)
                continue
            source, target = out / path, self.folder / path
            if _same_file(target, source) or (source.is_dir() and target.is_dir() and not target.is_symlink()):
                continue
            if os.path.lexists(target):
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                else:
                    target.unlink()
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
            elif source.is_dir():  # an empty folder
                target.mkdir()
            elif not self._link(path, str(target)):
                shutil.copy2(source, target)
        return taken

    def finish(self, manifest: bytes, carried: list[str]) -> None:
        with open(self.folder / MANIFEST, "wb") as stream:
            stream.write(manifest)
        (self.folder / STAGING_MARK).unlink()  # after the manifest: now a build
        os.chmod(self.folder, 0o755)
        out = self.previous.out
        if not os.path.lexists(out):
            self.folder.rename(out)
            return
        _replace(self.folder, out)
        # The folder now holds the build just replaced, with the files carried out of it.
        _write_extras(out, self.previous.manifest, carried)

    def abort(self) -> None:
        _remove_folder(self.folder)


def _parents(path: str) -> list[str]:
    parents = []
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        parents.append(path)
    return parents


def _make_folders(root: Path, folder: str) -> None:
    """``root/folder`` and its parents, a file in the way removed (the folder is the assembly's own)."""
    try:
        os.makedirs(os.path.join(root, folder), exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for parent in reversed([folder, *_parents(folder)]):
            place = os.path.join(root, parent)
            if os.path.lexists(place) and not os.path.isdir(place):
                os.unlink(place)
        os.makedirs(os.path.join(root, folder), exist_ok=True)


def _remove_folder(folder: Path) -> None:
    """The assembly folder, whole: only this module writes there (and links to published files)."""
    if folder.is_symlink():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder, ignore_errors=True)


def _read_extras(out: Path, folder: Path) -> set[str]:
    try:
        record = json.loads((cache_dir(out) / ASSEMBLY_RECORD).read_bytes())
        found = _read_manifest(folder)
        if found is not None and isinstance(record, dict) and record.get("manifest") == found[2]:
            return {str(path) for path in record.get("extras", [])}
    except (OSError, ValueError):
        pass
    # Unknown: what the folder holds beyond its manifest is found by looking (once).
    found = _read_manifest(folder)
    return set(hand_files(Previous(folder, found[0], exists=True))) if found is not None else set()


def _write_extras(out: Path, manifest: str, extras: list[str]) -> None:
    """After the exchange: the new build is published whatever happens here (no record: the next
    build looks at the folder instead)."""
    document = {"format": FORMAT, "manifest": manifest, "extras": sorted(extras)}
    try:
        write_file(cache_dir(out) / ASSEMBLY_RECORD, (json.dumps(document, indent=0) + "\n").encode("utf-8"))
    except OSError:
        (cache_dir(out) / ASSEMBLY_RECORD).unlink(missing_ok=True)


def hand_files(previous: Previous) -> list[str]:
    """Files (and symbolic links, and empty folders) in the previous build that its manifest does
    not list: put there by hand, or by another tool."""
    if not previous.exists:
        return []
    listed = previous.digests
    found = []
    # os.scandir: the kind of each entry comes with the listing (no lstat per folder, no Path per
    # file: at 1,000 fiches this walk runs on every rebuild of serve, over 2,600 files).
    folders = [("", os.fspath(previous.out))]
    while folders:
        prefix, folder = folders.pop()
        empty = True
        with os.scandir(folder) as entries:
            for entry in entries:
                empty = False
                path = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):  # a symbolic link is never followed: a file here
                    folders.append((path + "/", entry.path))
                elif path not in listed and path != MANIFEST:
                    found.append(path)
        if empty and prefix:
            found.append(prefix[:-1])
    return sorted(found)


#: One output file as a build gives it: (path, bytes or :data:`UNCHANGED`, digest of its inputs or None).
Item = tuple[str, "bytes | Unchanged", "str | None"]
#: A stage run on the assembled site before it is swapped in (the search index, generator.output.search):
#: (staging folder, digests of its files, previous build) -> more files, as items.
Stage = Callable[[Path, Mapping[str, str], Previous], Iterable[Item]]


def write_incremental(
    out: Path,
    files: Mapping[str, bytes] | Iterable[Item],
    previous: Previous | None = None,
    after: Stage | None = None,
) -> WriteReport:
    """Write ``files`` to ``out``, reusing the previous build's unchanged files.

    ``files`` is a mapping path -> bytes, or a stream of items (path, bytes or :data:`UNCHANGED`,
    digest of its inputs or None), consumed as it comes (a later path replaces an earlier one,
    as in a dict): the site need not be held in memory. ``after`` runs on the assembled folder
    once the stream has ended and what the folder held of an older build is gone: the files it
    gives are written, digested and kept like the others (the search index). The report gives
    the manifest's digest and the inputs digests of the files written, for the next build's
    :meth:`Previous.read`. ``out`` must be a folder a build may write
    (generator.output.outdir.check_output), held with :func:`claim`.
    """
    out = Path(out).resolve()
    previous = previous if previous is not None else Previous.read(out)
    writer = _Assembly(previous)
    digests: dict[str, str] = {}
    sizes: dict[str, int] = {}
    inputs: dict[str, str] = {}
    written = reused = 0
    try:

        def take(path: str, data: bytes | Unchanged, made_from: str | None) -> None:
            nonlocal written, reused
            if made_from is None:
                inputs.pop(path, None)
            else:
                inputs[path] = made_from
            if isinstance(data, Unchanged):
                digests[path] = previous.digests[path]
                sizes[path] = previous.size_if_reusable(path) or 0
                writer.keep(path)
                reused += 1
            else:
                digests[path] = new = digest(data)
                sizes[path] = len(data)
                reusable = previous.size_if_reusable(path, new) is not None
                writer.put(path, data, reusable, new)
                reused += reusable
                written += not reusable

        stream: Iterable[Item] = (
            ((path, data, None) for path, data in sorted(files.items())) if isinstance(files, Mapping) else files
        )
        for item in stream:
            take(*item)
        carried = hand_files(previous)
        # What the assembly folder held of the build before and this one does not make goes
        # first: the stage reads the folder (a deleted fiche's page must not be indexed).
        writer.drop_stale(carried)
        if after is not None:
            for item in after(writer.staging, dict(digests), previous):
                take(*item)
        taken = writer.carry(carried)
        if taken:
            raise HandFileInTheWay(out, taken)
        manifest = manifest_bytes(digests)
        writer.finish(manifest, carried)
    except BaseException:
        writer.abort()
        raise
    return WriteReport(
        files=len(sizes),
        pages=sum(path.endswith(".html") for path in sizes),
        bytes=sum(sizes.values()),
        written=written,
        reused=reused,
        carried=len(carried),
        manifest=digest(manifest),
        inputs=inputs,
    )


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
    only :data:`STAGING_MARK` (a build stopped before its manifest), all it holds; then the
    folders this empties. Its manifest goes last, so that a crash midway leaves a folder the
    next :func:`recover` still knows. Anything else stays, with the folder, and is named."""
    found = read_manifest(folder)
    unfinished = found is None and (folder / STAGING_MARK).is_file()
    listed = set(found[0]) if found is not None else set()
    left = []
    for parent, dirs, files in os.walk(folder, topdown=False):  # one pass: a folder after what it holds
        relative = os.path.relpath(parent, folder)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in files + [d for d in dirs if os.path.islink(os.path.join(parent, d))]:
            path = prefix + name
            if path in (MANIFEST, STAGING_MARK):
                continue
            if unfinished or path in listed or _same_file(folder / path, out / path):
                os.unlink(os.path.join(parent, name))
            else:
                left.append(path)
        if prefix:
            try:
                os.rmdir(parent)
            except OSError:  # not empty: the manifest's folder, or something unknown
                pass
    (folder / MANIFEST).unlink(missing_ok=True)
    (folder / STAGING_MARK).unlink(missing_ok=True)
    _remove_empty_folders(folder / ".cartographie")
    _remove_empty_folders(folder)
    if left:
        print(
            f"Attention : {folder} garde {len(left)} fichier(s) qui ne sont pas de la construction "
            f"({', '.join(sorted(left)[:5])}) ; vérifiez-les puis supprimez ce dossier.",
            file=sys.stderr,
        )


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
    return (
        folder.is_dir() and not folder.is_symlink() and ((folder / STAGING_MARK).is_file() or read_manifest(folder) is not None)
    )


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
    assembly = _assembly_dir(out)
    if (assembly / STAGING_MARK).exists() or assembly.is_symlink():  # stopped while it changed: never trusted
        _remove_folder(assembly)
    for stray in cache_dir(out).glob(".tmp-*"):  # a cache file being written when the build stopped
        stray.unlink(missing_ok=True)
