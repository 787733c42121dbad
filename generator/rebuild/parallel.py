"""Rendering on several cores: a build's pages shared between forked processes.

Rendering pages is pure Python (Jinja2), so threads would wait on each other; forked
processes do not. Each child inherits the whole build (content, graph, compiled
templates) at no cost. Every process, the parent included, claims pages a few at a time
until none is left (a process given the heavy pages takes fewer); each child sends its
files back to the parent as ``(path, bytes)`` through a temporary file, which the parent
reads between two of its own pages. The parent writes every file as it comes
(:mod:`generator.output.incremental`), so the output is the same bytes as a build on one
core, whatever the number of processes.

Used only where ``fork`` is safe: Linux, and a process with no other thread (the
preview server of ``cartographie serve`` has threads: it renders on one core and
relies on its caches instead). A failing page in a child stops the build with the
child's error, as it would on one core; a child that dies stops it too.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, BinaryIO, TypeVar

Task = TypeVar("Task")

#: Below this many pages, forking costs more than it saves (each process renders the shared
#: fragments it needs: cards, fiche bodies).
MIN_PAGES = 200
#: More processes than this gains little on a site's worth of pages and multiplies memory.
MAX_JOBS = 4


class RenderError(RuntimeError):
    """A page failed to render in a child process (the message is the child's error)."""


def default_jobs() -> int:
    """Processes to render with: the cores this process may use, at most :data:`MAX_JOBS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def render_all(
    tasks: Sequence[Task], render: Callable[[Task], tuple[Any, Any]], jobs: int | None = None, min_tasks: int = MIN_PAGES
) -> Iterator[tuple[Any, Any]]:
    """``render(task)`` for every task, in any order, on up to ``jobs`` processes."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    jobs = min(jobs, max(1, len(tasks)))
    if jobs == 1 or len(tasks) < min_tasks or not can_fork():
        for task in tasks:
            yield render(task)
        return
    yield from _render_forked(tasks, render, jobs)


def _render_forked(tasks: Sequence[Task], render: Callable[[Task], tuple[Any, Any]], jobs: int) -> Iterator[tuple[Any, Any]]:
    # Tasks are claimed in chunks from one pipe by every process, the parent included: a process
    # that renders heavier pages (the booklet, the lists) takes fewer, and the parent, which also
    # writes every file as it comes (generator.output.incremental), takes fewer still. Each child
    # writes its files to its own unnamed temporary file (a spool), one length-prefixed frame at a
    # time; the parent reads whatever frames are complete between two of its own tasks (pread:
    # the spool's offset is the child's), so the children's files are written while pages are
    # still rendered. The spool lives in the page cache, not on the disk, as a rule.
    chunk = max(CHUNK, -(-len(tasks) // MAX_CHUNKS))
    claims, filler = os.pipe()
    try:
        # Every chunk's number, written before any fork: MAX_CHUNKS * 4 bytes fit a pipe's buffer.
        os.write(filler, b"".join(_WORD.pack(number) for number in range(-(-len(tasks) // chunk))))
    except BaseException:
        os.close(claims)
        raise
    finally:
        os.close(filler)  # no writer left: a read of the empty pipe ends (b"")
    children: list[_Child] = []
    reaped: set[int] = set()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        for _ in range(1, jobs):
            spool: BinaryIO = tempfile.TemporaryFile(prefix="cartographie-rendu-")
            pid = os.fork()
            if pid == 0:  # the child: render what it claims into the spool and leave without any cleanup
                _child(_claimed(tasks, claims, chunk), render, spool)
            children.append(_Child(pid, spool))
        for task in _claimed(tasks, claims, chunk):
            yield render(task)
            for child in children:
                yield from child.frames()
        for child in children:
            _, status = os.waitpid(child.pid, 0)
            reaped.add(child.pid)
            yield from child.frames()
            if not child.done or status != 0:
                raise RenderError(f"un processus de rendu (pid {child.pid}) s'est arrêté sans finir ses pages (statut {status})")
    finally:
        os.close(claims)
        for child in children:  # stopped early (an error here or in a child): do not leave them behind
            if child.pid not in reaped:
                try:
                    os.kill(child.pid, signal.SIGTERM)
                    os.waitpid(child.pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
            child.spool.close()


#: Tasks claimed at a time (fewer claims: fewer reads of the pipe), and at most this many chunks:
#: their numbers fill the pipe before any process reads it, so they must fit the smallest buffer a
#: pipe can have (one page, 4 KB: what Linux gives a user past pipe-user-pages-soft), or the
#: write would wait forever for a reader.
CHUNK = 4
MAX_CHUNKS = 1024
_WORD = struct.Struct("=I")
_LENGTH = struct.Struct("=Q")


def _claimed(tasks: Sequence[Task], claims: int, chunk: int) -> Iterator[Task]:
    """The tasks this process claims, chunk by chunk, until none is left. (Every read takes a
    whole number: each process reads four bytes at a time from a pipe holding only such words.)"""
    while len(word := os.read(claims, _WORD.size)) == _WORD.size:
        start = _WORD.unpack(word)[0] * chunk
        yield from tasks[start : start + chunk]


class _Child:
    """A forked renderer and its spool, read from as far as its complete frames go."""

    def __init__(self, pid: int, spool: BinaryIO) -> None:
        self.pid, self.spool = pid, spool
        self.read_to = 0
        self.done = False

    def frames(self) -> Iterator[tuple[Any, Any]]:
        """The files of the frames written since the last call; raises the child's error."""
        fd = self.spool.fileno()
        size = os.fstat(fd).st_size
        while self.read_to + _LENGTH.size <= size:
            (length,) = _LENGTH.unpack(os.pread(fd, _LENGTH.size, self.read_to))
            start = self.read_to + _LENGTH.size
            if start + length > size:
                return  # being written
            frame = pickle.loads(_pread_all(fd, length, start))
            self.read_to = start + length
            if frame[0] == "file":
                yield frame[1], frame[2]
            elif frame[0] == "error":
                raise RenderError(frame[1])
            elif frame[0] == "done":
                self.done = True


def _pread_all(fd: int, length: int, offset: int) -> bytes:
    parts = []
    while length:
        part = os.pread(fd, length, offset)
        if not part:
            raise RenderError("un processus de rendu a laissé un fichier tronqué")
        parts.append(part)
        length -= len(part)
        offset += len(part)
    return b"".join(parts)


def _write_frame(spool: BinaryIO, frame: tuple) -> None:
    payload = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
    spool.write(_LENGTH.pack(len(payload)) + payload)
    spool.flush()  # whole frames only: the parent reads up to the file's end


def _child(tasks: Iterable[Task], render: Callable[[Task], tuple[Any, Any]], spool: BinaryIO) -> None:
    status = 1
    try:
        try:
            for task in tasks:
                path, data = render(task)
                _write_frame(spool, ("file", path, data))
            _write_frame(spool, ("done",))
            status = 0
        except Exception as exc:
            _write_frame(spool, ("error", f"{type(exc).__name__} : {exc}"))
    finally:
        os._exit(status)
