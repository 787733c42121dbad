"""What every section of the site is given: the cartography and the build's options."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.content.cartography import Cartography


@dataclass
class BuildContext:
    carto: Cartography
    base_url: str | None = None
    #: Shared, lazily computed things (e.g. the graph), so no stage computes them twice.
    cache: dict[str, Any] = field(default_factory=dict)
