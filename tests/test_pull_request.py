"""What CI tells the reviewers of a pull request: strict checks (review dates) on the files the pull
request changes only, the other overdue fiches as warnings in the job summary, and the routes it
changes as a diff (a review aid, never a failure).

Played in a git repository holding the frozen copy of the content (tests/fixtures/golden/content),
on FIXTURE_DAY, with the real command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_DAY, FROZEN, ROOT

#: A day when every fiche of the frozen copy (reviewed on FIXTURE_DAY, every 12 months) is overdue.
LATE = "2028-01-15"


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Éditrice",
        "GIT_AUTHOR_EMAIL": "e@example.be",
        "GIT_COMMITTER_NAME": "Éditrice",
        "GIT_COMMITTER_EMAIL": "e@example.be",
    }
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def cartographie(repo: Path, *args: str, day: str = FIXTURE_DAY) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CARTOGRAPHIE_DATE": day}
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=180
    )


@pytest.fixture
def repo(tmp_path) -> Path:
    """main holds the frozen content; the branch « demande » is the pull request."""
    root = tmp_path / "depot"
    shutil.copytree(FROZEN, root / "content")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Contenu de départ")
    git(root, "switch", "-q", "-c", "demande")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def fix_typo(repo: Path) -> Path:
    """A pull request that corrects a programme page (its fiches' review dates are not its business)."""
    page = repo / "content" / "projects" / "en-2021.yaml"
    edit(page, "\nresume: >-\n", "\nresume: >-\n  Coquille corrigée.\n")
    git(repo, "commit", "-qam", "EN 2021 : coquille")
    return page


# --- validate --strict --changed-since --------------------------------------------------------


def test_an_overdue_fiche_the_pull_request_does_not_touch_is_a_warning_not_a_failure(repo):
    fix_typo(repo)
    summary = repo.parent / "resume.md"
    run = cartographie(
        repo, "validate", "--strict", "--changed-since", "main", "--format", "github", "--summary", str(summary), day=LATE
    )
    assert run.returncode == 0, run.stdout + run.stderr
    annotations = run.stdout.splitlines()
    assert annotations and all(line.startswith("::warning file=content/operators/") for line in annotations)
    text = summary.read_text(encoding="utf-8")
    assert "## Vérification du contenu" in text
    assert "Contenu valide ; contrôles stricts sur les fichiers modifiés depuis main." in text
    assert "### Avertissements (hors des fichiers modifiés : ils ne bloquent pas la demande)" in text
    assert "| content/operators/sgne.yaml | " in text and "à relire depuis le 2027-11-24" in text


def test_an_overdue_fiche_the_pull_request_changes_fails_on_its_line(repo):
    fiche = repo / "content" / "operators" / "ifc.yaml"
    edit(fiche, "\nresume: >-\n", "\nresume: >-\n  Coquille corrigée.\n")
    git(repo, "commit", "-qam", "IFC : coquille")
    run = cartographie(repo, "validate", "--strict", "--changed-since", "main", "--format", "github", day=LATE)
    assert run.returncode == 1
    errors = [line for line in run.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 1 and "file=content/operators/ifc.yaml," in errors[0] and "à relire depuis le" in errors[0]
    # Reviewed (re-dated): green.
    edit(fiche, f"mis_a_jour: {FIXTURE_DAY}", "mis_a_jour: 2028-01-10")
    assert cartographie(repo, "validate", "--strict", "--changed-since", "main", day=LATE).returncode == 0


def test_files_not_yet_committed_count_as_changed(repo):
    (repo / "content" / "operators" / "nouveau.yaml").write_text(
        (repo / "content" / "operators" / "ifc.yaml").read_text(encoding="utf-8").replace("id: ifc\n", "id: nouveau\n", 1),
        encoding="utf-8",
    )
    run = cartographie(repo, "validate", "--strict", "--changed-since", "main", day=LATE)
    assert run.returncode == 1
    assert "content/operators/nouveau.yaml" in run.stderr and "content/operators/sgne.yaml:" in run.stderr
    assert "erreur : champ « mis_a_jour »" in next(line for line in run.stderr.splitlines() if "nouveau.yaml" in line)


def test_strict_without_a_reference_still_fails_on_any_overdue_fiche(repo):
    assert cartographie(repo, "validate", "--strict", day=LATE).returncode == 1
    assert cartographie(repo, "validate", "--strict").returncode == 0


def test_an_unknown_reference_or_a_missing_strict_is_a_french_usage_error(repo):
    run = cartographie(repo, "validate", "--strict", "--changed-since", "origin/nulle-part")
    assert run.returncode == 2 and "la version « origin/nulle-part » est inconnue de git" in run.stderr
    run = cartographie(repo, "validate", "--changed-since", "main")
    assert run.returncode == 2 and "--changed-since va avec --strict" in run.stderr
    # A reference that git would read as one of its options never reaches it.
    run = cartographie(repo, "validate", "--strict", "--changed-since=--output=/tmp/x")
    assert run.returncode == 2 and "« --output=/tmp/x » n'est pas une version" in run.stderr


def test_the_summary_lists_errors_with_their_file_and_line_and_escapes_the_content(repo, tmp_path):
    edit(
        repo / "content" / "operators" / "ifc.yaml",
        "\nsigle: IFC\n",
        "\nsigle: IFC\nsigel: \"<img src=x> | [lien](https://x.be)\"\n",
    )
    summary = tmp_path / "resume.md"
    run = cartographie(repo, "validate", "--summary", str(summary))
    assert run.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert "**1 erreur(s)** à corriger avant d'accepter la demande." in text
    assert "| content/operators/ifc.yaml | 5 | sigel |" in text
    assert "<img" not in text and "](https" not in text


# --- orientation --diff -------------------------------------------------------------------------


def test_the_routing_diff_shows_the_paths_a_wider_coverage_changes_and_never_fails(repo, tmp_path):
    same = cartographie(repo, "orientation", "--diff", "main")
    assert same.returncode == 0, same.stderr
    assert "Aucun parcours de « Trouver un contact » ne change par rapport à main." in same.stdout
    edit(repo / "content" / "operators" / "cirb.yaml", "  regions: [bruxelles]\n", "  regions: [bruxelles, wallonie]\n")
    git(repo, "commit", "-qam", "CIRB : aussi en Wallonie")
    summary = tmp_path / "resume.md"
    summary.write_text("# Déjà là\n", encoding="utf-8")
    run = cartographie(repo, "orientation", "--diff", "main", "--summary", str(summary))
    assert run.returncode == 0, run.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Déjà là\n## Orientation : parcours modifiés\n")  # appended, as GitHub's summary wants
    diff = text.split("````diff\n", 1)[1].split("````", 1)[0].splitlines()
    assert diff[:2] == ["--- main", "+++ cette demande"]
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    assert added and len(added) == len(removed)
    assert all("cirb" in line for line in added) and not any("cirb" in line for line in removed)
    assert all(" > wallonie" in line for line in added)


def test_a_base_without_a_valid_tree_is_said_not_failed(repo):
    (repo / "content" / "orientation.yaml").unlink()
    git(repo, "commit", "-qam", "Sans arbre")
    git(repo, "switch", "-q", "-c", "apres")
    shutil.copy(FROZEN / "orientation.yaml", repo / "content" / "orientation.yaml")
    run = cartographie(repo, "orientation", "--diff", "demande")
    assert run.returncode == 0, run.stderr
    assert "Pas d'arbre de décision valide dans demande : rien à comparer." in run.stdout
