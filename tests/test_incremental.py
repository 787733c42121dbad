"""A rebuild after a change writes only what changed, and gives exactly the full build's bytes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import conftest
import pytest

from generator.build import build_site
from generator.incremental import MANIFEST, read_manifest


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _change_a_fiche(content: Path) -> None:
    fiche = content / "operators" / "sgne.yaml"
    text = fiche.read_text(encoding="utf-8")
    fiche.write_text(text.replace("\nresume: >-\n", "\nresume: >-\n  Fiche relue.\n", 1), encoding="utf-8")


@pytest.fixture
def content(tmp_path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, copy)
    return copy


def test_rebuild_after_a_fiche_changes_is_byte_identical_to_a_full_build(tmp_path, content):
    incremental = tmp_path / "incremental"
    build_site(content, incremental)
    _change_a_fiche(content)
    build_site(content, incremental)

    full = tmp_path / "full"
    build_site(content, full)
    assert _files(incremental) == _files(full)


def test_unchanged_files_are_kept_and_changed_files_rewritten(tmp_path, content):
    out = tmp_path / "build"
    build_site(content, out)
    before = {path: (out / path).stat().st_ino for path in _files(out)}
    old = _files(out)
    _change_a_fiche(content)
    build_site(content, out)
    new = _files(out)

    changed = {path for path in new if old.get(path) != new[path]} - {MANIFEST}
    assert changed, "the change must show somewhere (the JSON export at least)"
    assert "donnees/operateurs.json" in changed
    for path in new:
        if path == MANIFEST:
            continue
        kept = path in before and (out / path).stat().st_ino == before[path]
        assert kept == (path not in changed), path


def test_a_file_edited_in_the_output_by_hand_is_written_again(tmp_path, content):
    out = tmp_path / "build"
    build_site(content, out)
    expected = _files(out)
    time.sleep(0.01)
    page = out / "accessibilite" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"<h1", b"<h1 data-edited", 1))
    build_site(content, out)
    assert _files(out) == expected


def test_a_broken_manifest_means_a_full_write(tmp_path, content):
    out = tmp_path / "build"
    build_site(content, out)
    expected = _files(out)
    (out / MANIFEST).write_text("{pas du json", encoding="utf-8")
    assert read_manifest(out) is None
    build_site(content, out)
    assert _files(out) == expected


def test_a_failing_rebuild_leaves_the_previous_build_untouched(tmp_path, content):
    from generator.issues import ContentError

    out = tmp_path / "build"
    build_site(content, out)
    before = _files(out)
    stamps = {path: os.stat(out / path).st_mtime_ns for path in before}
    fiche = content / "operators" / "sgne.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("sigle: SGNE", "sigle: " + "X" * 40), encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(content, out)
    assert _files(out) == before
    assert {path: os.stat(out / path).st_mtime_ns for path in before} == stamps
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")]


def test_the_manifest_is_deterministic_and_lists_every_output_file(tmp_path, content):
    first, second = tmp_path / "a", tmp_path / "b"
    build_site(content, first)
    build_site(content, second)
    assert (first / MANIFEST).read_bytes() == (second / MANIFEST).read_bytes()
    digests, _ = read_manifest(first)
    assert set(digests) == set(_files(first)) - {MANIFEST}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_cached_rebuild_equals_a_full_build_after_each_kind_of_change(tmp_path, content):
    """serve keeps parses, fragments and templates between builds (BuildCache): each change
    must still reach every page, exactly as a build from scratch would write it."""
    from generator.build import BuildCache
    from generator.render import THEMES

    cached = tmp_path / "cached"
    cache = BuildCache()
    build_site(content, cached, cache=cache)
    assert cache.documents and cache.fragments and cache.env is not None
    sgne = content / "operators" / "sgne.yaml"
    changes = [
        ("fiche", lambda: _change_a_fiche(content)),
        ("fiche title", lambda: _edit(sgne, "\nsigle: SGNE", "\nsigle: SGNE-bis")),
        ("vocabulary label", lambda: _edit(content / "vocabulaires.yaml", "libelle: Support technique",
                                           "libelle: Support technique (matériel)")),
        ("fiche added", lambda: (content / "operators" / "ifc-bis.yaml").write_text(
            (content / "operators" / "ifc.yaml").read_text(encoding="utf-8").replace("id: ifc\n", "id: ifc-bis\n", 1),
            encoding="utf-8")),
        ("fiche removed", lambda: (content / "operators" / "ifc-bis.yaml").unlink()),
    ]
    for what, change in changes:
        time.sleep(0.01)  # a new modification time, as an editor's save gives
        change()
        build_site(content, cached, cache=cache)
        full = tmp_path / f"full-{len(what)}"
        build_site(content, full)
        assert _files(cached) == _files(full), what
    # A template saved again: no fragment made with the old one is reused.
    before = set(cache.fragments)
    template = THEMES / "default" / "templates" / "operators" / "_card.html"
    stat = template.stat()
    try:
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        build_site(content, cached, cache=cache)
    finally:
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert before and not before & set(cache.fragments)
