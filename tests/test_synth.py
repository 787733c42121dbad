"""The benchmark's synthetic content is valid content, and the same seed writes the same bytes."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.model.load import load_cartography

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from synth import write_synthetic_content  # noqa: E402


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_synthetic_content_validates_with_every_path_routed(tmp_path):
    content = write_synthetic_content(tmp_path / "content", operators=12, seed=3)
    carto = load_cartography(content)  # raises ContentError on any error, dead ends of the tree included
    assert len(carto.operators) == 12
    assert len(carto.projects) == 3
    assert carto.tree is not None
    assert not [w for w in carto.warnings if w.is_error]


def test_synthetic_content_uses_every_contact_type_and_a_confirmer(tmp_path):
    carto = load_cartography(write_synthetic_content(tmp_path / "content", operators=40, seed=1))
    contacts = [c for op in carto.operators.values() if op.contacts != "a_confirmer" for c in op.contacts]
    assert {c.type for c in contacts} == {"email", "telephone", "formulaire", "site", "adresse"}
    assert any(c.a_confirmer for c in contacts)
    assert any(
        op.is_unconfirmed(element) for op in carto.operators.values() for element in ("missions", "a_prevoir", "interaction")
    )


def test_same_seed_same_bytes_other_seed_other_text(tmp_path):
    first = _tree_bytes(write_synthetic_content(tmp_path / "a", operators=15, seed=7))
    again = _tree_bytes(write_synthetic_content(tmp_path / "b", operators=15, seed=7))
    other = _tree_bytes(write_synthetic_content(tmp_path / "c", operators=15, seed=8))
    assert first == again
    assert first != other
