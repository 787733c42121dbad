"""Work done once per content model, for as long as the model lives.

``cartographie serve`` keeps the validated model of every unchanged file from one build
to the next (BuildCache): what is derived from a model alone (its references, its CSV row,
its JSON record…) need not be derived again. A model is never changed once validated, so
such a result stays right while the model lives; it is forgotten with it (``weakref``),
before its ``id`` can be given to another object. Results are shared: callers never change them.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

Result = TypeVar("Result")

_PLAIN = (str, int, float, bool, type(None))


def _same(a: Any, b: Any) -> bool:
    return a is b or (isinstance(a, _PLAIN) and type(a) is type(b) and a == b)


#: Whether results are kept: only in a process that builds again (generator.build turns it on
#: when given a BuildCache). A one-shot build would only pay for the memory.
keeping = False

#: id -> every result kept now, whatever function made it.
_RESULTS: dict[int, Any] = {}


def is_kept(value: Any) -> bool:
    """Whether ``value`` is a result kept here: it will not change while it is (generator.rebuild.fingerprint
    digests it once for all the builds that use it)."""
    return _RESULTS.get(id(value)) is value


def _drop(memo: dict, key: int) -> None:
    found = memo.pop(key, None)
    if found is not None:
        _RESULTS.pop(id(found[1]), None)


def per_model(function: Callable[..., Result]) -> Callable[..., Result]:
    """``function(model, *args)``, computed again only for a new model or other ``args``.

    ``args`` count by identity (another vocabulary object is other arguments), plain values
    (str, numbers, None) by value. One result is kept per model: the last one.
    """
    memo: dict[int, tuple[tuple, Any]] = {}

    @functools.wraps(function)
    def wrapper(model: Any, *args: Any) -> Result:
        if not keeping:
            return function(model, *args)
        key = id(model)
        found = memo.get(key)
        if found is not None and len(found[0]) == len(args) and all(map(_same, found[0], args)):
            return found[1]
        value = function(model, *args)
        if found is None:
            weakref.finalize(model, _drop, memo, key)
        else:
            _RESULTS.pop(id(found[1]), None)
        memo[key] = (args, value)
        _RESULTS[id(value)] = value
        return value

    return wrapper
