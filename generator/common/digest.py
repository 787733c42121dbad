"""The digest of plain nested values (tuples, str, int, float, bool, None), the same in every process.

marshal writes such values in C. Its format 0 is used on purpose: later formats write
back-references and "interned" flags that depend on how the values happen to be shared
in memory (reference counts), so equal values could give different bytes from one
build, or one process, to the next.
"""

from __future__ import annotations

import hashlib
import marshal
from typing import Any


def value_digest(value: Any) -> bytes:
    return hashlib.blake2b(marshal.dumps(value, 0), digest_size=16).digest()
