"""Editors' valid changes never turn CI red: each is played on a copy of the real content, and the
checks every valid content must pass run on the result — it validates, every path of the decision
tree ends on at least one operator, the site builds, and its links and anchors all answer.

The changes are what CONTRIBUTING.md asks editors to do: add a fiche from the template of
« cartographie nouveau », re-date a fiche to the day it was reviewed (the real today), widen an
operator's coverage, remove a fiche together with every reference to it. Nothing here names a
real fiche, route or date: each change is computed from whatever the content holds.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import conftest
import pytest
import quality
import yaml

from generator.build import build_site
from generator.content.issues import ContentError
from generator.model.load import load_cartography
from generator.model.tree import complete_walks, route


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # the loader refuses aliases
        return True


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> None:
    """An editor's rewrite of a file: valid YAML, comments not kept (what matters is the data)."""
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def _fiches(content: Path) -> list[Path]:
    return sorted((content / "operators").glob("*.yaml"))


# --- The changes ---------------------------------------------------------------------------


def new_fiche_from_the_template(content: Path) -> str:
    from test_editors import fill

    env = {**os.environ, "PYTHONPATH": str(conftest.ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", "nouveau", "operateur", "service-ajoute", "--content", str(content)],
        cwd=conftest.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    path = content / "operators" / "service-ajoute.yaml"
    path.write_text(fill(path.read_text(encoding="utf-8"), path), encoding="utf-8")
    return "service-ajoute"


def fiche_re_dated_today(content: Path) -> str:
    path = _fiches(content)[0]
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith("mis_a_jour:")]
    assert len(lines) == 1, path
    path.write_text(text.replace(lines[0], f"mis_a_jour: {dt.date.today().isoformat()}"), encoding="utf-8")
    return path.stem


def coverage_widened(content: Path) -> str:
    """Widen the coverage of an operator that no routing case excludes: widening one a case names
    in « absents » changes that case's answer, and the editor updates the case in the same pull
    request (content/orientation-cas.yaml; CONTRIBUTING, « Le test est rouge »)."""
    vocab = _read(content / "vocabulaires.yaml")
    cases = content / "orientation-cas.yaml"
    excluded = {op for case in (_read(cases).get("cas") or [] if cases.exists() else []) for op in case.get("absents") or []}
    path = next(p for p in _fiches(content) if p.stem not in excluded)
    fiche = _read(path)
    every = {name: [term["id"] for term in vocab[name]] for name in ("reseaux", "unites", "regions")}
    fiche["publics"]["reseaux"] = every["reseaux"]
    fiche["publics"]["unites"] = every["unites"]
    fiche["zone"]["regions"] = every["regions"]  # its zones, if any, stay inside its regions
    _write(path, fiche)
    return path.stem


def _forget(data, op_id: str):
    """``data`` without any list item that is ``op_id`` or an « ajouts » entry naming it."""
    if isinstance(data, dict):
        return {key: _forget(value, op_id) for key, value in data.items()}
    if isinstance(data, list):
        return [
            _forget(item, op_id)
            for item in data
            if item != op_id and not (isinstance(item, dict) and item.get("operateur") == op_id)
        ]
    return data


def fiche_removed_with_its_references(content: Path) -> str:
    """Remove the first fiche that carries no programme (« porteur » is required, a programme
    would need another carrier) and that no path needs alone (the tree would need a new branch),
    and every reference to it (voir_aussi, phases' acteurs, the tree's ajouts)."""
    carriers = {_read(p).get("porteur") for p in (content / "projects").glob("*.yaml")}
    for candidate in _fiches(content):
        if candidate.stem in carriers:
            continue
        trial = content.parent / f"essai-{candidate.stem}"
        shutil.copytree(content, trial)
        _remove(trial, candidate.stem)
        try:
            load_cartography(trial)
        except ContentError:
            continue
        finally:
            shutil.rmtree(trial)
        _remove(content, candidate.stem)
        return candidate.stem
    pytest.skip(
        "chaque fiche porte un programme ou est seule sur un parcours : la retirer demande aussi "
        "de changer un programme ou l'arbre"
    )


def _remove(content: Path, op_id: str) -> None:
    (content / "operators" / f"{op_id}.yaml").unlink()
    for path in [*_fiches(content), *(content / "projects").glob("*.yaml"), content / "orientation.yaml"]:
        if path.exists() and op_id in path.read_text(encoding="utf-8"):
            _write(path, _forget(_read(path), op_id))


CHANGES: dict[str, Callable[[Path], str]] = {
    "nouvelle-fiche-du-modele": new_fiche_from_the_template,
    "fiche-relue-aujourd-hui": fiche_re_dated_today,
    "couverture-elargie": coverage_widened,
    "fiche-retiree-avec-ses-references": fiche_removed_with_its_references,
}


# --- The checks every valid content passes ---------------------------------------------------


@pytest.mark.parametrize("change", CHANGES)
def test_an_editors_valid_change_keeps_every_real_content_check_green(change, tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, content)
    changed = CHANGES[change](content)
    # The changed content is checked on its own latest review day, as the suite checks the real one.
    monkeypatch.setenv("CARTOGRAPHIE_DATE", conftest.content_day(content))

    carto = load_cartography(content)  # validates: raises with French errors otherwise
    assert (changed in carto.operators) == (change != "fiche-retiree-avec-ses-references")
    if carto.tree is not None:
        dead_ends = [walk.describe() for walk in complete_walks(carto.tree) if not route(carto.graph, walk.node, walk.facts)]
        assert not dead_ends, dead_ends

    out = tmp_path / "build"
    build_site(content, out)
    assert (out / "operateurs" / changed / "index.html").is_file() == (changed in carto.operators)
    from browser import serve

    with serve(out) as url:
        _, problems = quality.crawl(url)
    assert not problems, "\n".join(problems)


def test_the_real_content_is_checked_on_its_latest_review_day(tmp_path):
    """The rule of tests/conftest.py: a fiche reviewed today moves the day of the checks, so it is never
    "in the future" for the suite; fixture content keeps the day its dates were written for."""
    content = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, content)
    assert conftest.content_day(content) == conftest.CONTENT_DAY
    fiche_re_dated_today(content)
    assert conftest.content_day(content) == max(dt.date.today().isoformat(), conftest.CONTENT_DAY)
    assert conftest.content_day(conftest.FROZEN) <= conftest.FIXTURE_DAY
