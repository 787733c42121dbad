"""The pipeline's layers (import-linter contracts in pyproject.toml, run by tests/run.sh) name
every module of the generator: a new module gets its place in the pipeline, or this fails."""

from __future__ import annotations

import tomllib

import conftest


def _layers() -> list[str]:
    config = tomllib.loads((conftest.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c["layers"] for c in contracts if c["type"] == "layers")


def test_every_generator_module_has_its_layer():
    named = [name.strip().removeprefix("generator.") for layer in _layers() for name in layer.split("|")]
    assert len(named) == len(set(named)), "a module is named twice"
    package = conftest.ROOT / "generator"
    modules = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    modules |= {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert modules == set(named), {"sans couche": sorted(modules - set(named)), "inconnus": sorted(set(named) - modules)}
