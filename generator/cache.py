"""The build's cache, beside its output (``.build.cache/`` for ``build/``): what a build in a
new process may reuse from the previous one.

- ``pages.json``: the digest of each page's inputs (:mod:`generator.fingerprint`), bound to
  the manifest of the build it describes (:mod:`generator.incremental`);
- ``fragments.marshal``: the fragments of the operators (cards, fiche bodies, facts), by
  template, operator and the digest of their inputs (:class:`generator.render.Fragments`).

Neither is published (the output folder is), both hold machine-local file signatures, and
deleting the folder is always safe: the next build renders everything again.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from pathlib import Path

FORMAT = 1
FRAGMENTS = "fragments.marshal"


def cache_dir(out: Path) -> Path:
    out = Path(out).resolve()
    return out.parent / f".{out.name}.cache"


def write_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_fragments(out: Path) -> dict:
    """The fragments the last build beside ``out`` kept; {} when there are none or they are unreadable."""
    try:
        document = marshal.loads((cache_dir(out) / FRAGMENTS).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not (isinstance(document, tuple) and len(document) == 3 and document[:2] == (FORMAT, sys.version)
            and isinstance(document[2], dict)):
        return {}
    return document[2]


def save_fragments(out: Path, fragments: dict) -> None:
    """Keep ``fragments`` ({(template, key, inputs): html}, plain values only) for the next build."""
    write_file(cache_dir(out) / FRAGMENTS, marshal.dumps((FORMAT, sys.version, fragments)))
