"""What every section of the site is given: the cartography and the build's options."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.common.per_model import PerModel, compute
from generator.content.cartography import Cartography


@dataclass
class BuildContext:
    carto: Cartography
    base_url: str | None = None
    #: Links end with ``index.html`` (a site opened from the file system): for the links a
    #: section writes into data files itself (templates get the option as ``file_urls``).
    file_urls: bool = False
    #: Shared, lazily computed things (e.g. the graph), so no stage computes them twice.
    shared: dict[str, Any] = field(default_factory=dict)
    #: How to derive a value from one content model (generator.common.per_model): a plain call,
    #: unless the build keeps such results between builds (``cartographie serve``).
    per_model: PerModel = compute
