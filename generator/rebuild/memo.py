"""Results derived from one content model, kept while the model lives: the speed of ``serve``.

``cartographie serve`` keeps the validated model of every unchanged file from one build to
the next (``BuildState``): what is derived from one model alone (its references, its CSV row,
its JSON record…) need not be derived again. A model is never changed once validated, so such
a result stays right while the model lives; it is forgotten with it (``weakref``), before its
``id`` can be given to another object. Results are shared: callers never change them.

The stages never import this: they call what they are given as ``per_model``
(:func:`generator.common.per_model.compute` unless a build gives them a :class:`ModelMemo`), so
a one-shot build computes everything once and keeps nothing. Without it, a rebuild in ``serve``
at 1,000 fiches takes two to four times longer (bench/README.md, « Mesures derrière le code »).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from typing import Any

#: Compared by value: immutable (a date is the day of the build, a new object every build).
_PLAIN = (str, int, float, bool, type(None), dt.date)


def _same(a: Any, b: Any) -> bool:
    return a is b or (isinstance(a, _PLAIN) and type(a) is type(b) and a == b)


class ModelMemo:
    """``memo(function, model, *args)``: ``function(model, *args)``, computed again only for a
    new model or other ``args``. ``args`` count by identity (another vocabulary object is other
    arguments), plain values (str, numbers, None, dates) by value. One result is kept per function and
    model: the last one."""

    def __init__(self) -> None:
        #: function -> id(model) -> (args, result)
        self._tables: dict[Callable, dict[int, tuple[tuple, Any]]] = {}
        #: id(result) -> result, for every result kept now, whatever function made it.
        self._results: dict[int, Any] = {}

    def __call__(self, function: Callable[..., Any], model: Any, *args: Any) -> Any:
        table = self._tables.setdefault(function, {})
        key = id(model)
        found = table.get(key)
        if found is not None and len(found[0]) == len(args) and all(map(_same, found[0], args)):
            return found[1]
        value = function(model, *args)
        if found is None:
            weakref.finalize(model, self._drop, table, key)
        else:
            self._results.pop(id(found[1]), None)
        table[key] = (args, value)
        self._results[id(value)] = value
        return value

    def holds(self, value: Any) -> bool:
        """Whether ``value`` is a result kept here: it will not change while it is
        (generator.rebuild.inputs digests it once for all the builds that use it)."""
        return self._results.get(id(value)) is value

    def _drop(self, table: dict, key: int) -> None:
        found = table.pop(key, None)
        if found is not None:
            self._results.pop(id(found[1]), None)
