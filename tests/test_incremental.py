"""A rebuild after a change writes only what changed, and gives exactly the full build's bytes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import conftest
import pytest

from generator.build import build_site
from generator.output.incremental import MANIFEST, read_manifest
from schema import A_CONFIRMER


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

    _assert_as_a_full_build(tmp_path, content, incremental)


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


def test_a_broken_manifest_is_refused_and_the_folder_left_as_it_is(tmp_path, content):
    from generator.output.outdir import OutputRefused

    out = tmp_path / "build"
    build_site(content, out)
    (out / MANIFEST).write_text("{pas du json", encoding="utf-8")
    assert read_manifest(out) is None
    before = _files(out)
    with pytest.raises(OutputRefused, match="manifeste illisible"):
        build_site(content, out)
    assert _files(out) == before


def test_a_failing_rebuild_leaves_the_previous_build_untouched(tmp_path, content):
    from generator.content.issues import ContentError

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


def _assert_as_a_full_build(tmp_path: Path, content: Path, built: Path) -> None:
    """``built`` holds exactly what a build from scratch of ``content`` writes."""
    from generator.common.beside import cache_dir

    full = tmp_path / "full"
    shutil.rmtree(full, ignore_errors=True)
    shutil.rmtree(cache_dir(full), ignore_errors=True)  # from scratch: nothing kept from an earlier one
    build_site(content, full)
    assert _files(built) == _files(full)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_cached_rebuild_equals_a_full_build_after_each_kind_of_change(tmp_path, content):
    """serve keeps parses, fragments and templates between builds (BuildState): each change
    must still reach every page, exactly as a build from scratch would write it."""
    from generator.rebuild.state import BuildState
    from generator.render.templates import THEMES

    cached = tmp_path / "cached"
    cache = BuildState()
    build_site(content, cached, state=cache)
    assert cache.documents and cache.fragments and cache.env is not None
    sgne = content / "operators" / "sgne.yaml"
    changes = [
        ("fiche", lambda: _change_a_fiche(content)),
        ("fiche title", lambda: _edit(sgne, "\nsigle: SGNE", "\nsigle: SGNE-bis")),
        (
            "vocabulary label",
            lambda: _edit(content / "vocabulaires.yaml", "libelle: Support technique", "libelle: Support technique (matériel)"),
        ),
        # What a result page shows of an operator (its facts), kept per model between builds.
        (
            "contact",
            lambda: _edit(
                content / "operators" / "wbe-ctp.yaml", "    valeur: https://www.wbe.be", "    valeur: https://www.wbe.be/contact"
            ),
        ),
        # Routing changes: the orientation results must not reuse the previous build's routes.
        (
            "networks served",
            lambda: _edit(content / "operators" / "wbe-ctp.yaml", "  reseaux: [wbe]", "  reseaux: [wbe, libre-confessionnel]"),
        ),
        (
            "fiche added",
            lambda: (content / "operators" / "ifc-bis.yaml").write_text(
                (content / "operators" / "ifc.yaml").read_text(encoding="utf-8").replace("id: ifc\n", "id: ifc-bis\n", 1),
                encoding="utf-8",
            ),
        ),
        ("fiche removed", lambda: (content / "operators" / "ifc-bis.yaml").unlink()),
    ]
    for what, change in changes:
        time.sleep(0.01)  # a new modification time, as an editor's save gives
        change()
        build_site(content, cached, state=cache)
        _assert_as_a_full_build(tmp_path, content, cached)
    # A template saved again: no fragment made with the old one is reused.
    before = set(cache.fragments)
    template = THEMES / "default" / "templates" / "operators" / "_card.html"
    stat = template.stat()
    try:
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        build_site(content, cached, state=cache)
    finally:
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert before and not before & set(cache.fragments)


# --- Pages rendered again only when their inputs change (generator/rebuild/inputs.py) ----------


def _rendered_pages(monkeypatch) -> list[str]:
    """Records the URL of every page the next builds render."""
    from generator import build

    rendered: list[str] = []
    real = build.render_all

    def spy(tasks, render, jobs=None, min_tasks=build.MIN_PAGES):
        rendered.extend(task.url for task in tasks if hasattr(task, "url"))
        return real(tasks, render, jobs, min_tasks)

    monkeypatch.setattr(build, "render_all", spy)
    return rendered


def test_every_page_of_the_real_content_has_an_input_digest(carto):
    """A page whose context cannot be digested is rendered at every build: none may be."""
    from generator.common.urls import Page
    from generator.rebuild.inputs import InputDigests
    from generator.site.sections import BuildContext, collect

    inputs = InputDigests(carto, {"base_url": None})
    pages = [item for item in collect(BuildContext(carto=carto)) if isinstance(item, Page)]
    assert len(pages) > 100
    digests = {page.url: inputs.page(page) for page in pages}
    assert [url for url, digest in digests.items() if digest is None] == []
    assert len(set(digests.values())) == len(pages)  # no two pages alike
    again = InputDigests(carto, {"base_url": None})
    assert {page.url: again.page(page) for page in pages} == digests  # the same inputs, the same digests
    assert InputDigests(carto, {"base_url": "https://exemple.be/"}).page(pages[0]) != digests[pages[0].url]


def test_templates_read_only_what_the_page_digests_cover(tmp_path, content):
    """The globals a template may read are the page digest's global inputs: the cartography
    as a whole is not one of them (a page reading it would be digested without it)."""
    from generator.rebuild.inputs import GLOBAL_INPUTS
    from generator.rebuild.state import BuildState

    cache = BuildState()
    build_site(content, tmp_path / "build", state=cache)
    allowed = set(GLOBAL_INPUTS) | {
        "urls",
        "ELEMENTS",
        "A_CONFIRMER",
        "HEADING",
        "SUBHEADING",
        "fail",
        "fragment",
        "fragments",
        "range",
        "dict",
        "lipsum",
        "cycler",
        "joiner",
        "namespace",
    }
    assert set(cache.env.globals) <= allowed
    assert "carto" not in cache.env.globals


def test_a_rebuild_renders_only_the_pages_whose_inputs_changed(tmp_path, content, monkeypatch, carto):
    out = tmp_path / "build"
    build_site(content, out)
    rendered = _rendered_pages(monkeypatch)
    build_site(content, out)
    assert rendered == []  # nothing changed: nothing rendered, every file kept
    _change_a_fiche(content)
    build_site(content, out)
    assert "operateurs/sgne/" in rendered and "imprimer/" in rendered and "operateurs/" in rendered
    assert "accessibilite/" not in rendered and "projets/" not in rendered
    # Other fiches are rendered again only if they show sgne: « Voir aussi » names it, or
    # « Contacter ce service » sends there while the fiche's own contacts are « à confirmer ».
    fiches = {
        url.split("/")[1]
        for url in rendered
        if url.count("/") == 2 and url.startswith("operateurs/") and url.split("/")[1] in carto.operators
    }
    naming = {op.id for op in carto.operators.values() if "sgne" in op.voir_aussi or op.contacts == A_CONFIRMER}
    assert fiches - {"sgne"} <= naming
    assert len(fiches) < len(carto.operators)
    _assert_as_a_full_build(tmp_path, content, out)


@pytest.mark.parametrize("change", ["vocabulary", "site", "template", "today"])
def test_a_global_change_renders_every_page_again(tmp_path, content, monkeypatch, change):
    from generator.render.templates import THEMES

    out = tmp_path / "build"
    build_site(content, out)
    pages = sum(1 for path in _files(out) if path.endswith(".html"))
    rendered = _rendered_pages(monkeypatch)
    template = THEMES / "default" / "templates" / "base.html"
    stat = template.stat()
    time.sleep(0.01)
    try:
        if change == "vocabulary":
            _edit(content / "vocabulaires.yaml", "libelle: Support technique", "libelle: Support technique (matériel)")
        elif change == "site":
            _edit(content / "site.yaml", "\ntitre: ", "\ntitre: Nouvelle ")
        elif change == "template":
            os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        else:  # the reference date of the freshness notices
            monkeypatch.setenv("CARTOGRAPHIE_DATE", "2027-06-01")
        build_site(content, out)
    finally:
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert len(rendered) == pages
    _assert_as_a_full_build(tmp_path, content, out)


def test_a_rebuild_replaces_the_previous_build_whole_and_leaves_nothing_beside_it(tmp_path, content):
    out = tmp_path / "build"
    build_site(content, out)
    added = content / "operators" / "ifc-bis.yaml"
    added.write_text(
        (content / "operators" / "ifc.yaml").read_text(encoding="utf-8").replace("id: ifc\n", "id: ifc-bis\n", 1),
        encoding="utf-8",
    )
    build_site(content, out)
    assert (out / "operateurs" / "ifc-bis" / "index.html").is_file()
    added.unlink()
    build_site(content, out)
    assert not (out / "operateurs" / "ifc-bis").exists()  # what the build no longer makes goes, folder included
    _assert_as_a_full_build(tmp_path, content, out)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith((".build-", ".tmp"))]  # no staging left


def test_page_digests_are_trusted_only_beside_the_build_they_describe(tmp_path, content, monkeypatch):
    from generator.rebuild.state import BuildState

    out, other = tmp_path / "build", tmp_path / "other"
    build_site(content, out)
    _change_a_fiche(content)
    build_site(content, other)
    # The cache of « build » now stands beside a build made from other content.
    shutil.rmtree(out)
    shutil.copytree(other, out)
    rendered = _rendered_pages(monkeypatch)
    build_site(content, out)
    assert len(rendered) == sum(1 for path in _files(out) if path.endswith(".html"))
    assert BuildState.load(out).inputs  # recorded again, for the build now there


def test_the_build_state_is_one_file_and_another_version_of_it_is_ignored(tmp_path, content, monkeypatch):
    """What makes the next build fast is one file beside the output (generator.rebuild.state),
    with one version number: a file of another version is not read, and everything is rendered."""
    from generator.common.beside import cache_dir
    from generator.rebuild import state

    out = tmp_path / "build"
    (cache_dir(out)).mkdir()
    (cache_dir(out) / "pages.json").write_text("{}")  # what an older version kept there
    build_site(content, out)
    kept = {path.name for path in cache_dir(out).iterdir() if path.is_file()}
    assert kept - {"assemblage.json", "verrou"} == {state.FILE}  # the state, and the writer's own records
    assert state.BuildState.load(out).inputs and state.BuildState.load(out).fragments
    rendered = _rendered_pages(monkeypatch)
    build_site(content, out)
    assert rendered == []  # nothing changed: nothing rendered
    monkeypatch.setattr(state, "FORMAT", state.FORMAT + 1)
    assert not state.BuildState.load(out).inputs
    build_site(content, out)
    assert len(rendered) == sum(1 for path in _files(out) if path.endswith(".html"))
    _assert_as_a_full_build(tmp_path, content, out)


def test_fragments_are_kept_on_disk_for_the_next_build(tmp_path, content, monkeypatch):
    from generator.rebuild.state import BuildState
    from generator.render import templates as render

    out = tmp_path / "build"
    build_site(content, out)
    stored = BuildState.load(out).fragments
    assert "sgne" in {key[1] for key in stored} and all(isinstance(html, str) for html in stored.values())
    rendered: list[str] = []
    real = render.Fragments.render

    def spy(self, template, **context):
        operator = context.get("op")
        rendered.append(operator.id if operator is not None else template)
        return real(self, template, **context)

    monkeypatch.setattr(render.Fragments, "render", spy)
    _change_a_fiche(content)
    build_site(content, out)  # a new build, as in a new process: only sgne's fragments are made again,
    # and the fiches that name sgne in « Contacter ce service » (their contacts are « à confirmer »)
    sending = {
        path.stem
        for path in (content / "operators").glob("*.yaml")
        if "\ncontacts: a_confirmer\n" in path.read_text(encoding="utf-8")
    }
    assert rendered and set(rendered) <= {"sgne", "orientation/_facts.html"} | sending, rendered
    _assert_as_a_full_build(tmp_path, content, out)


def test_serve_reuses_routes_only_while_routing_reads_the_same(tmp_path, content):
    """A rebuild after a résumé change reuses the previous routes (generator.model.tree.reuse_routes);
    after a change to the networks an operator serves, the result pages must show it."""
    from generator.rebuild.state import BuildState

    cached, cache = tmp_path / "cached", BuildState()
    build_site(content, cached, state=cache)
    time.sleep(0.01)
    _change_a_fiche(content)
    build_site(content, cached, state=cache)
    time.sleep(0.01)
    _edit(content / "operators" / "wbe-ctp.yaml", "  reseaux: [wbe]", "  reseaux: [wbe, libre-confessionnel]")
    build_site(content, cached, state=cache)
    _assert_as_a_full_build(tmp_path, content, cached)
    result = cached / "orientation" / "resultat" / "contacts" / "libre-confessionnel" / "wallonie" / "index.html"
    assert "operateurs/wbe-ctp/" in result.read_text(encoding="utf-8")


def test_page_digests_are_the_same_in_another_process(tmp_path, content):
    """The digests must not depend on how values happen to be shared in memory (marshal's
    back-references do): otherwise a build in a new process would render every page again."""
    import subprocess
    import sys

    from generator.rebuild.state import BuildState

    out = tmp_path / "build"
    build_site(content, out)
    here = BuildState.load(out).inputs
    assert here
    subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--quiet", "--content", str(content), "--out", str(out)],
        cwd=conftest.ROOT,
        check=True,
        env={**os.environ, "CARTOGRAPHIE_DATE": os.environ["CARTOGRAPHIE_DATE"]},
    )
    assert BuildState.load(out).inputs == here


def test_digest_ignores_how_equal_values_are_shared_in_memory():
    import sys

    from generator.common.digest import value_digest

    text = "".join(["fiche ", "relue"])
    same = "".join(["fiche ", "relue"])
    assert (
        value_digest((text, text, ("x", 1.5)))
        == value_digest((text, same, ("x", 1.5)))
        == value_digest((sys.intern(same), text, ("x", 1.5)))
    )
    assert value_digest((text, 1)) != value_digest((text, 2))


def test_a_page_the_assembly_folder_still_holds_is_neither_published_nor_indexed(tmp_path, content):
    """The assembly folder holds the build replaced last time: two builds after a fiche is
    deleted, its page is still in there, and must go before the search index reads the folder."""
    from generator.common.beside import cache_dir

    out = tmp_path / "build"
    added = content / "operators" / "ifc-bis.yaml"
    added.write_text(
        (content / "operators" / "ifc.yaml").read_text(encoding="utf-8").replace("id: ifc\n", "id: ifc-bis\n", 1),
        encoding="utf-8",
    )
    build_site(content, out)  # with ifc-bis
    added.unlink()
    build_site(content, out)  # without; the assembly folder holds the build with it
    assert (cache_dir(out) / "assemblage" / "operateurs" / "ifc-bis" / "index.html").is_file()
    _change_a_fiche(content)
    build_site(content, out)  # assembled in that folder
    assert not (out / "operateurs" / "ifc-bis").exists()
    assert not any(b"ifc-bis" in data for path, data in _files(out).items() if path.startswith("pagefind/"))
    _assert_as_a_full_build(tmp_path, content, out)


def test_a_fragment_is_made_again_when_anything_it_is_given_changes(tmp_path, content):
    """A fragment declares what it is made from: what it is given. Keyed on its operator's file
    alone, a fragment showing another fiche's data (the fiche's « see also », its projects) kept
    that data stale in serve after the other fiche changed, while a clean build looked right."""
    import jinja2

    from generator.build import _fragment_token
    from generator.model.load import load_cartography
    from generator.rebuild.inputs import InputDigests
    from generator.render.templates import Fragments

    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": "{{ op.id }} voit {{ other.resume }}"}))
    store: dict = {}

    def render(carto):
        inputs = InputDigests(carto, {})
        fragments = Fragments(env, store, _fragment_token(inputs), inputs.token)
        html = fragments.get("t.html", "ifc", op=carto.operators["ifc"], other=carto.operators["sgne"])
        fragments.update_store()
        return str(html)

    first = render(load_cartography(content))
    assert "Fiche relue." not in first and store
    time.sleep(0.01)
    _change_a_fiche(content)  # sgne's file: not the fragment's own operator
    second = render(load_cartography(content))
    assert "Fiche relue." in second
    assert len(store) == 1, "the fragment replaced by a newer one is not kept"
