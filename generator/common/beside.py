"""The folder beside the output (``.build.cache/`` for ``build/``), and writing a file there
whole or not at all.

It holds what a build keeps for the next one and never publishes: the build state
(generator.rebuild.state, one file), and the writer's own records (generator.output.incremental:
the assembly folder, its record, the lock). Deleting it is always safe: the next build renders
everything again.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def cache_dir(out: Path) -> Path:
    out = Path(out).resolve()
    return out.parent / f".{out.name}.cache"


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[BinaryIO]:
    """A stream to write ``path`` whole or not at all: a temporary file beside it, renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_file(path: Path, data: bytes) -> None:
    with replacing(path) as stream:
        stream.write(data)
