"""Where the tool itself lives: the project folder holding ``generator/``, ``schema/`` and ``themes/``."""

from pathlib import Path

TOOL_ROOT = Path(__file__).resolve().parents[2]
