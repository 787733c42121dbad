"""Rendering on several cores: a build's pages shared between forked processes.

Rendering pages is pure Python (Jinja2), so threads would wait on each other; forked
processes do not. Each child inherits the whole build (content, graph, compiled
templates) at no cost, renders every ``jobs``-th page and sends each file back to
the parent as ``(path, bytes)`` through a temporary file; the parent renders its own
share meanwhile, then writes everything (:mod:`generator.output.incremental`), so the output is
the same bytes as a build on one core, whatever the number of processes.

Used only where ``fork`` is safe: Linux, and a process with no other thread (the
preview server of ``cartographie serve`` has threads: it renders on one core and
relies on its caches instead). A failing page in a child stops the build with the
child's error, as it would on one core; a child that dies stops it too.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
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
    # Each child writes its files to its own unnamed temporary file (a spool), read back once the
    # parent has rendered its share: no pipe to keep drained, no reader thread taking the GIL
    # from the parent's rendering. The spool lives in the page cache, not on the disk, as a rule.
    children: list[tuple[int, BinaryIO]] = []
    reaped: set[int] = set()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        for k in range(1, jobs):
            spool: BinaryIO = tempfile.TemporaryFile(prefix="cartographie-rendu-")
            pid = os.fork()
            if pid == 0:  # the child: render its share into the spool and leave without any cleanup
                _child(tasks[k::jobs], render, spool)
            children.append((pid, spool))
        for task in tasks[0::jobs]:
            yield render(task)
        for pid, spool in children:
            _, status = os.waitpid(pid, 0)
            reaped.add(pid)
            spool.seek(0)
            done = False
            while True:
                try:
                    frame = pickle.load(spool)
                except EOFError:
                    break
                except Exception:  # a truncated frame: the child died mid-write
                    break
                if frame[0] == "file":
                    yield frame[1], frame[2]
                elif frame[0] == "error":
                    raise RenderError(frame[1])
                elif frame[0] == "done":
                    done = True
            if not done or status != 0:
                raise RenderError(f"un processus de rendu (pid {pid}) s'est arrêté sans finir ses pages (statut {status})")
    finally:
        for pid, spool in children:  # stopped early (an error here or in a child): do not leave them behind
            if pid not in reaped:
                try:
                    os.kill(pid, signal.SIGTERM)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
            spool.close()


def _child(tasks: Sequence[Task], render: Callable[[Task], tuple[Any, Any]], spool: BinaryIO) -> None:
    status = 1
    try:
        try:
            for task in tasks:
                path, data = render(task)
                pickle.dump(("file", path, data), spool, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(("done",), spool)
            status = 0
        except Exception as exc:
            pickle.dump(("error", f"{type(exc).__name__} : {exc}"), spool)
        spool.flush()
    finally:
        os._exit(status)
