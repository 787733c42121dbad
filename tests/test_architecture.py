"""The pipeline's layers (import-linter contracts in pyproject.toml, run by tests/run.sh) name
every module of the generator: a new module gets its place in the pipeline, or this fails."""

from __future__ import annotations

import tomllib

import conftest

PACKAGE = conftest.ROOT / "generator"


def _contracts() -> list[dict]:
    config = tomllib.loads((conftest.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def _named(contract: dict) -> list[str]:
    """The modules a layers contract names, in full (``containers`` prefix the layers)."""
    names = [name.strip() for layer in contract["layers"] for name in layer.split("|")]
    containers = contract.get("containers", [""])
    return [f"{c}.{n}" if c else n for c in containers for n in names]


def _modules() -> tuple[set[str], set[str]]:
    """The generator's modules that are not packages, and its packages, dotted."""
    modules, packages = set(), set()
    for path in PACKAGE.rglob("*.py"):
        parts = ("generator",) + path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            packages.add(".".join(parts[:-1]))
        else:
            modules.add(".".join(parts))
    return modules, packages


def test_every_generator_module_has_its_layer():
    named = set()
    for contract in _contracts():
        if contract["type"] == "layers":
            named |= set(_named(contract))
        elif contract["type"] == "independence":
            named |= set(contract["modules"])
    named = {n for n in named if n.startswith("generator")}
    modules, packages = _modules()
    assert modules <= named, {"sans couche": sorted(modules - named)}
    assert named <= modules | packages, {"inconnus": sorted(named - modules - packages)}


def test_every_stage_is_a_package_with_its_rule():
    """Each stage's ``__init__`` says what the stage does and the rule of its imports."""
    top = next(c for c in _contracts() if c["name"].startswith("Generator pipeline"))
    for stage in _named(top):
        path = PACKAGE / stage.removeprefix("generator.").replace(".", "/")
        if path.is_dir():
            text = (path / "__init__.py").read_text(encoding="utf-8")
            assert "Rule:" in text, f"{stage}: its __init__ must state its import rule"


def test_what_must_stay_parallel_to_the_eight_elements_does():
    """The circular's eight elements are listed once (schema.operator.ELEMENTS); what cannot be
    derived from that list (a type, the CSV's value of each element) is tied to it here."""
    import typing

    from generator.site import exports
    from schema import ELEMENTS, Operator
    from schema.operator import ElementName

    fields = [element.field for element in ELEMENTS]
    assert list(typing.get_args(ElementName)) == fields
    assert list(exports._ELEMENT_VALUES) == fields
    assert [element.number for element in ELEMENTS] == list(range(1, len(ELEMENTS) + 1))
    for element in ELEMENTS:  # numbered from the list, not by hand
        assert (Operator.model_fields[element.field].description or "").startswith(f"{element.number}. ")


def test_what_must_stay_parallel_to_the_content_kinds_does():
    """The kinds of content file are listed once (schema.kinds.KINDS); the orders that cannot be
    derived from it (CONTRIBUTING's sections, the choices of « cartographie nouveau ») are tied here."""
    import argparse

    from generator import cli
    from generator.editors import authoring
    from schema.kinds import KINDS, kind_named, new_kinds

    assert sorted(k.name for k in authoring.REFERENCE_ORDER) == sorted(k.name for k in KINDS)
    assert len({k.name for k in KINDS}) == len({k.schema_file for k in KINDS}) == len(KINDS)
    assert all(kind_named(k.name) is k for k in KINDS)
    nouveau = next(
        action.choices["nouveau"]
        for action in cli._parser()._actions
        if isinstance(action, argparse._SubParsersAction)  # noqa: SLF001 - the parser's own structure
    )
    choices = next(action.choices for action in nouveau._actions if action.dest == "type")
    assert list(choices) == list(new_kinds())
    assert all(k.many for k in new_kinds().values())  # a template is one file of a folder


def test_every_real_content_file_names_the_json_schema_of_its_kind():
    """The first line of each file under content/ names its kind's schema (Kind.schema_reference):
    the one ``cartographie nouveau`` writes, and the one the JSON Schema of that kind is written to."""
    import fnmatch

    from schema.kinds import KINDS

    content = conftest.ROOT / "content"
    for kind in KINDS:
        folder = content / kind.folder
        paths = [p for p in folder.iterdir() if fnmatch.fnmatch(p.name, kind.pattern.rsplit("/", 1)[-1])]
        assert paths or kind.optional, kind.name
        for path in paths:
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema={kind.schema_reference}", path
            assert (path.parent / kind.schema_reference).resolve() == conftest.ROOT / "schema" / "json" / kind.schema_file


def test_what_must_stay_parallel_to_the_criteria_does():
    """Each vocabulary that selects operators is named once with its graph node kind and its
    singular (schema.criteria.CRITERIA); the lists that give an order of their own (the tree's
    facts, the list's facets, the cards' filter attributes, the routing's specificity rule) are
    tied to it here."""
    import re

    from generator.model import graph, tree
    from generator.site.operators import FACETS
    from schema import Vocabularies
    from schema.criteria import CRITERIA, FACT_VOCABULARIES, FACTS, by_slug

    for name in ("vocabulary", "node_kind", "slug"):
        assert len({getattr(c, name) for c in CRITERIA}) == len(CRITERIA), name
    assert {c.vocabulary for c in CRITERIA} <= set(Vocabularies.model_fields)
    assert graph.OPERATOR not in {c.node_kind for c in CRITERIA}
    # Every fact of the tree that selects operators resolves to a vocabulary and a node kind.
    assert len(set(FACTS)) == len(FACTS) and list(FACT_VOCABULARIES) == list(FACTS)
    assert all(by_slug(fact).vocabulary == FACT_VOCABULARIES[fact] for fact in FACTS)
    assert by_slug("intervention").node_kind == graph.NEED not in {by_slug(fact).node_kind for fact in FACTS}
    # Every facet is a criterion, once; the cards carry one data- attribute per facet, which
    # js/filters.js matches against the facet's links (data-facet="<slug>").
    slugs = [facet.slug for facet in FACETS]
    assert len(set(slugs)) == len(slugs) and all(by_slug(slug) is facet.criterion for slug, facet in zip(slugs, FACETS))
    card = (conftest.ROOT / "themes" / "default" / "templates" / "operators" / "_card.html").read_text(encoding="utf-8")
    item = next(line for line in card.splitlines() if 'class="card operator-card"' in line)
    assert re.findall(r' data-([a-z]+)="', item) == slugs
    # The diagram's styles name node kinds of the graph (and its own group nodes).
    from generator.site import drawing, network

    kinds = {c.node_kind for c in CRITERIA} | {graph.OPERATOR, "group"}
    assert set(network.STYLES) <= kinds and set(drawing.WRAP) <= kinds
    # The specificity rule counts what an operator serves in the order ORDER_RULE states.
    stated = {"network": "réseaux", "unit": "enseignements", "region": "régions", "zone": "zones"}
    assert set(tree.SERVED) == set(stated) == {c.node_kind for c in CRITERIA} - {graph.NEED}
    positions = [tree.ORDER_RULE.index(stated[kind]) for kind in tree.SERVED]
    assert positions == sorted(positions)
