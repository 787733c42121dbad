"""The editors' report (``cartographie rapport`` and ``/editeurs/``) says what to do next: for each
fiche its next step in French and, when site.yaml names the repository (« depot »), the page that
edits its file on GitHub or GitLab; for each path that ends on one operator, the file to edit. The
fiche history lists editors' commits only (those that change nothing but content/).

On the frozen copy of the content plus the example fiche, on FIXTURE_DAY.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import test_editors
from conftest import FIXTURE_DAY, FIXTURES, FROZEN, ROOT

from generator.build import build_site
from generator.content.history import read_history
from generator.editors.report import SINGLE_PATH_ADVICE, edit_url, editors_report, next_step
from generator.model.load import load_cartography
from schema import ELEMENTS

GITHUB = "https://github.com/federation/cartographie"
MISSIONS, CONTACTS = ELEMENTS[0], ELEMENTS[6]
DUE = dt.date(2027, 11, 1)


@pytest.fixture
def content(tmp_path, fixture_day) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(FROZEN, folder)
    shutil.copy(FIXTURES / "editors" / "exemple.yaml", folder / "operators" / "exemple.yaml")
    return folder


def with_repository(content: Path, address: str = GITHUB) -> None:
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + f"depot: {address}\n", encoding="utf-8")


def test_the_next_step_is_the_most_urgent_one():
    assert next_step(DUE, True, (CONTACTS,), ()).startswith("Relire toute la fiche")
    assert "mis_a_jour" in next_step(DUE, True, (), ())
    step = next_step(DUE, False, (CONTACTS,), (MISSIONS,))
    assert step.startswith("Confirmer 7. contacts : remplacer « a_confirmer »")
    assert next_step(DUE, False, (), (MISSIONS,)).startswith("Citer une source pour 1. missions")
    assert next_step(DUE, False, (), ()) == "Rien à faire avant le 2027-11-01 : la fiche est complète et relue."


@pytest.mark.parametrize(
    "depot, expected",
    [
        (GITHUB, GITHUB + "/edit/HEAD/content/operators/sgne.yaml"),
        (GITHUB + "/", GITHUB + "/edit/HEAD/content/operators/sgne.yaml"),
        (GITHUB + ".git", GITHUB + "/edit/HEAD/content/operators/sgne.yaml"),
        ("https://gitlab.com/fwb/carto", "https://gitlab.com/fwb/carto/-/edit/HEAD/content/operators/sgne.yaml"),
        ("https://forge.fwb.be/sgne/carto", "https://forge.fwb.be/sgne/carto/-/edit/HEAD/content/operators/sgne.yaml"),
        (None, None),
    ],
)
def test_the_edit_link_follows_the_forge_of_the_repository(depot, expected):
    assert edit_url(depot, "content/operators/sgne.yaml") == expected


def test_each_fiche_gets_its_next_step_and_its_edit_link(content):
    assert all(f.edit_url is None for f in editors_report(load_cartography(content)).fiches)
    with_repository(content)
    report = editors_report(load_cartography(content))
    example = next(f for f in report.fiches if f.id == "exemple")
    assert example.next_step.startswith("Confirmer 8. a_prevoir")
    assert example.edit_url == GITHUB + "/edit/HEAD/content/operators/exemple.yaml"
    assert all(f.next_step and f.edit_url.endswith(f.file) for f in report.fiches)


def test_each_single_operator_path_names_the_file_to_edit(content):
    with_repository(content, "https://gitlab.com/fwb/carto")
    report = editors_report(load_cartography(content))
    assert report.single_paths, "the frozen tree has paths that end on one operator"
    for path in report.single_paths:
        assert path.file == "content/orientation.yaml"
        assert path.edit_url == "https://gitlab.com/fwb/carto/-/edit/HEAD/content/orientation.yaml"


def test_rapport_says_what_to_do_and_where(content):
    with_repository(content)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CARTOGRAPHIE_DATE": FIXTURE_DAY}
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", "rapport"],
        cwd=content.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    block = run.stdout.split("- exemple (EX)", 1)[1].split("\n- ", 1)[0]
    assert "    à faire : Confirmer 8. a_prevoir" in block
    assert f"    fichier : content/operators/exemple.yaml (modifier : {GITHUB}/edit/HEAD/content/operators/exemple.yaml)" in block
    assert SINGLE_PATH_ADVICE in run.stdout
    singles = [line for line in run.stdout.splitlines() if line.startswith("- ") and " → " in line]
    assert singles and all(
        re.search(r"; à modifier : content/orientation\.yaml, résultat « [a-z0-9-]+ »$", line) for line in singles
    )
    data = json.loads(
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "rapport", "--format", "json"],
            cwd=content.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    )
    example = next(f for f in data["fiches"] if f["id"] == "exemple")
    assert example["a_faire"].startswith("Confirmer") and example["modifier"].endswith("/content/operators/exemple.yaml")
    assert all(p["fichier"] == "content/orientation.yaml" for p in data["parcours_un_seul_operateur"])


def test_the_editors_page_shows_the_next_steps_and_the_edit_links(content, tmp_path):
    with_repository(content)
    out = tmp_path / "build"
    build_site(content, out)
    html = (out / "editeurs" / "index.html").read_text(encoding="utf-8")
    report = editors_report(load_cartography(content))
    for fiche in report.fiches:
        assert f'<a href="{fiche.edit_url}" rel="noopener noreferrer">Modifier {fiche.file} sur le dépôt</a>' in html
    assert "Prochaine étape" in html and "Confirmer 8. a_prevoir" in html
    assert html.count(
        f'<a href="{GITHUB}/edit/HEAD/content/orientation.yaml" rel="noopener noreferrer">modifier sur le dépôt</a>'
    ) == len(report.single_paths)


# --- History: editors' commits only -------------------------------------------------------------


def git(repo: Path, *args: str, date: str = "2026-03-01T10:00:00") -> None:
    test_editors.git(repo, *args, date=date)


def test_history_lists_only_the_commits_that_change_nothing_but_the_content(tmp_path):
    repo = tmp_path / "depot"
    fiche = repo / "content" / "operators" / "a.yaml"
    fiche.parent.mkdir(parents=True)
    (repo / "generator").mkdir()
    git(repo, "init", "-q", "-b", "main")
    fiche.write_text("version: 1\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Fiche A : nouvelle adresse", date="2026-03-01T10:00:00")
    fiche.write_text("version: 2\n", encoding="utf-8")
    (repo / "generator" / "code.py").write_text("x = 1\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Schema: rename a field in the code and in every fiche", date="2026-03-02T10:00:00")
    fiche.write_text("version: 3\n", encoding="utf-8")
    (repo / "content" / "site.yaml").write_text("titre: x\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Fiche A et réglages : relecture", date="2026-03-03T10:00:00")
    history = read_history(repo / "content" / "operators")
    assert [c.subject for c in history["a"]] == ["Fiche A et réglages : relecture", "Fiche A : nouvelle adresse"]
