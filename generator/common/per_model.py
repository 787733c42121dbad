"""How a stage derives something from one content model: ``per_model(function, model, *args)``.

A stage that derives a value from one model alone (its references, its graph edges, its CSV
row…) calls the ``per_model`` it is given rather than ``function`` directly. By default that is
:func:`compute`, a plain call. ``cartographie serve`` gives the stages a memo instead
(generator.rebuild.memo), which keeps each result while its model lives: the stages need not
know. Rules for such a function: it reads only its arguments, and its result is never changed
by its callers (it may be shared by several pages and builds).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class PerModel(Protocol):
    def __call__(self, function: Callable[..., Any], model: Any, /, *args: Any) -> Any: ...


def compute(function: Callable[..., Any], model: Any, /, *args: Any) -> Any:
    """``function(model, *args)``, computed now (nothing kept)."""
    return function(model, *args)
