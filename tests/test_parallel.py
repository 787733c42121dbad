"""Rendering on several processes gives the same bytes as one, and fails as loudly."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from generator import parallel
from generator.build import build_site, iter_site
from generator.content import load_cartography
from generator.render import HOME, ROOT

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from synth import write_synthetic_content  # noqa: E402


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Enough fiches for both fragments and pages to be shared out (above the thresholds)."""
    content = write_synthetic_content(tmp_path_factory.mktemp("synth") / "content", operators=260, seed=5)
    return load_cartography(content)


def _children() -> set[int]:
    task_dir = Path(f"/proc/{os.getpid()}/task")
    found = set()
    for task in task_dir.iterdir():
        children = task / "children"
        if children.exists():
            found.update(int(pid) for pid in children.read_text().split())
    return found


def test_forking_is_possible_here():
    # Otherwise every test below would compare one process with itself.
    assert parallel.can_fork(), "fork impossible ici (autre thread actif ?) : les tests parallèles ne prouveraient rien"


def test_two_and_three_processes_write_the_same_bytes_as_one(synthetic):
    one = dict(iter_site(synthetic, jobs=1))
    assert len([p for p in one if p.endswith(".html")]) > parallel.MIN_PAGES
    for jobs in (2, 3):
        many = dict(iter_site(synthetic, jobs=jobs))
        assert many.keys() == one.keys()
        different = [path for path in one if one[path] != many[path]]
        assert not different, f"{jobs} processus : {different[:5]}"
    assert _children() == set()  # every child reaped


def test_no_link_placeholder_is_left_in_any_file(synthetic):
    for path, data in iter_site(synthetic, jobs=2):
        text = data.decode("utf-8", errors="replace")
        assert ROOT not in text and HOME not in text, path


def test_a_page_failing_in_a_child_stops_the_build_with_its_error(synthetic, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build_site(synthetic.root, out, jobs=1)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    parent = os.getpid()
    real_render = parallel._child

    def failing_child(tasks, render, spool):
        def render_or_fail(task):
            if getattr(task, "kind", None) == "operator":
                raise ValueError(f"panne simulée dans le processus {os.getpid()}")
            return render(task)
        real_render(tasks, render_or_fail, spool)

    monkeypatch.setattr(parallel, "_child", failing_child)
    with pytest.raises(parallel.RenderError, match="ValueError : panne simulée dans le processus") as error:
        build_site(synthetic.root, out, jobs=2)
    assert str(parent) not in str(error.value)  # the child's error, not one of this process
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # the previous build is intact
    assert _children() == set()


def test_a_child_that_dies_stops_the_build(synthetic, tmp_path, monkeypatch):
    def dying_child(tasks, render, spool):
        os._exit(9)

    monkeypatch.setattr(parallel, "_child", dying_child)
    with pytest.raises(parallel.RenderError, match="s'est arrêté sans finir ses pages"):
        dict(iter_site(synthetic, jobs=2))
    assert _children() == set()


def test_one_process_when_asked_or_when_the_site_is_small(monkeypatch):
    def no_fork():
        raise AssertionError("fork inattendu")

    monkeypatch.setattr(os, "fork", no_fork)
    tasks = list(range(10))
    assert sorted(parallel.render_all(tasks, lambda t: (t, t * t), jobs=4)) == [(t, t * t) for t in tasks]
    many = list(range(parallel.MIN_PAGES + 1))
    assert len(list(parallel.render_all(many, lambda t: (t, t), jobs=1))) == len(many)


def test_cli_refuses_a_bad_jobs_value(capsys):
    from generator.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["build", "--jobs", "0"])
    assert exit_.value.code == 2
    assert "nombre de processus invalide : '0'" in capsys.readouterr().err
