"""The build's cache, beside its output (``.build.cache/`` for ``build/``): what a build in a
new process may reuse from the previous one.

- ``pages.json``: the digest of each page's inputs (:mod:`generator.rebuild.inputs`), bound to
  the manifest of the build it describes (:mod:`generator.output.incremental`);
- ``fragments.marshal``: the fragments of the operators (cards, fiche bodies, facts), by
  template, operator and the digest of their inputs (:class:`generator.render.templates.Fragments`).

Neither is published (the output folder is), both hold machine-local file signatures, and
deleting the folder is always safe: the next build renders everything again.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

FORMAT = 1
FRAGMENTS = "fragments.marshal"


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


def load_fragments(out: Path) -> dict:
    """The fragments the last build beside ``out`` kept; {} when there are none or they are unreadable."""
    found: dict = {}
    try:
        with open(cache_dir(out) / FRAGMENTS, "rb") as stream:
            if marshal.load(stream) != (FORMAT, sys.version):
                return {}
            while True:  # one (key, html) at a time: never the whole file and its strings at once
                try:
                    key, html = marshal.load(stream)
                except EOFError:
                    return found
                found[key] = html
    except (OSError, ValueError, EOFError, TypeError):
        return {}


def save_fragments(out: Path, fragments: dict) -> None:
    """Keep ``fragments`` ({(template, key, inputs): html}, plain values only) for the next build."""
    with replacing(cache_dir(out) / FRAGMENTS) as stream:  # one item at a time: no second copy in memory
        marshal.dump((FORMAT, sys.version), stream)
        for item in fragments.items():
            marshal.dump(item, stream)
