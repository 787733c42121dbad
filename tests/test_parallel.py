"""Rendering on several processes gives the same bytes as one, and fails as loudly."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.rebuild import parallel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from synth import write_synthetic_content  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# Forking is used only by a process with no other thread; a test session has some (browser
# fixtures, HTTP servers), so each scenario runs in a fresh Python process of its own.
PRELUDE = """
import os, shutil, sys
from pathlib import Path
from generator.rebuild import parallel
from generator.build import build_site, render_site
from generator.common.beside import cache_dir
from generator.model.load import load_cartography
from generator.render.templates import HOME, ROOT
assert parallel.can_fork(), "fork impossible"
content = Path(sys.argv[1])
carto = load_cartography(content)

def children():
    found = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found
"""


def _run(code: str, content: Path, tmp_path: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CARTOGRAPHIE_DATE": "2026-11-24"}
    proc = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code), str(content), str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """Enough fiches for both fragments and pages to be shared out (above the thresholds)."""
    return write_synthetic_content(tmp_path_factory.mktemp("synth") / "content", operators=260, seed=5)


def test_two_and_three_processes_write_the_same_bytes_as_one(synthetic, tmp_path):
    out = _run(
        """
        one = render_site(carto, jobs=1, search=False)
        assert len([p for p in one if p.endswith(".html")]) > parallel.MIN_PAGES
        for jobs in (2, 3):
            many = render_site(carto, jobs=jobs, search=False)
            assert many.keys() == one.keys()
            different = [path for path in one if one[path] != many[path]]
            assert not different, (jobs, different[:5])
        for path, data in one.items():
            text = data.decode("utf-8", errors="replace")
            assert ROOT not in text and HOME not in text, path
        assert children() == set()  # every child reaped
        print("identiques", len(one))
    """,
        synthetic,
        tmp_path,
    )
    assert out.startswith("identiques ")


def test_a_page_failing_in_a_child_stops_the_build_with_its_error(synthetic, tmp_path):
    out = _run(
        """
        out = Path(sys.argv[2]) / "site"
        build_site(content, out, jobs=1)
        before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
        real_child = parallel._child

        def failing_child(tasks, render, spool):
            def render_or_fail(task):
                if getattr(task, "kind", None) == "operator":
                    raise ValueError(f"panne simulée dans le processus {os.getpid()}")
                return render(task)
            real_child(tasks, render_or_fail, spool)

        parallel._child = failing_child
        shutil.rmtree(cache_dir(out))  # forget the page digests: every page is rendered again
        try:
            build_site(content, out, jobs=2)
        except parallel.RenderError as exc:
            message = str(exc)
        else:
            raise AssertionError("pas d'erreur")
        assert message.startswith("ValueError : panne simulée dans le processus "), message
        assert str(os.getpid()) not in message  # the child's error, not one of this process
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # previous build intact
        assert children() == set()
        print("arrêté :", message)
    """,
        synthetic,
        tmp_path,
    )
    assert out.startswith("arrêté : ValueError")


def test_a_child_that_dies_stops_the_build(synthetic, tmp_path):
    out = _run(
        """
        parallel._child = lambda tasks, render, spool: os._exit(9)
        try:
            render_site(carto, jobs=2, search=False)
        except parallel.RenderError as exc:
            print("arrêté :", exc)
        assert children() == set()
    """,
        synthetic,
        tmp_path,
    )
    assert "s'est arrêté sans finir ses pages" in out


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
