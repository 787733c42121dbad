"""A broken tree fails the build with an error naming the file, the line, the node and the path.

Each test puts a small tree from ``fixtures/orientation/`` next to the real
vocabularies and fiches (projects left out, so only the tree is under test).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, FROZEN, ROOT

from generator.content.issues import ContentError
from generator.model.load import load_cartography

TREES = FIXTURES / "orientation"
#: The fiches and vocabularies come from the frozen copy, checked on its day: the real ones change
#: (and their review warnings with them), which would change the issues these tests list.
pytestmark = pytest.mark.usefixtures("fixture_day")


def content_with_tree(tmp_path: Path, fixture: str) -> Path:
    target = tmp_path / "content"
    target.mkdir()
    shutil.copy(FROZEN / "site.yaml", target)
    shutil.copy(FROZEN / "vocabulaires.yaml", target)
    shutil.copytree(FROZEN / "operators", target / "operators")
    (target / "projects").mkdir()
    shutil.copy(TREES / fixture, target / "orientation.yaml")
    return target


def tree_issues(content: Path) -> list:
    with pytest.raises(ContentError) as info:
        load_cartography(content)
    issues = info.value.issues
    assert all(issue.file.endswith("orientation.yaml") for issue in issues), "\n".join(i.as_text() for i in issues)
    return issues


def line_of(fixture: str, text: str, after: str | None = None) -> int:
    """1-based line of ``text`` in the fixture (the first one after ``after``)."""
    lines = (TREES / fixture).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def test_dangling_option_names_the_option_and_its_target(tmp_path):
    [issue] = tree_issues(content_with_tree(tmp_path, "dangling.yaml"))
    assert issue.line == line_of("dangling.yaml", "suite: region-inexistante")
    assert issue.field == "questions[0].options[1].suite"
    assert "« region-inexistante », qui n'existe pas" in issue.message
    assert "« La connexion »" in issue.message and "question « objet »" in issue.message


def test_cycle_names_the_loop_and_the_answers_that_lead_into_it(tmp_path):
    [issue] = tree_issues(content_with_tree(tmp_path, "cycle.yaml"))
    assert issue.line == line_of("cycle.yaml", "suite: region", after="id: reseau")
    assert "boucle dans l'arbre : region → reseau → region" in issue.message
    assert "Votre demande : « La connexion » > Région : « En Wallonie »" in issue.message


def test_unreachable_node_is_named_on_its_line(tmp_path):
    [issue] = tree_issues(content_with_tree(tmp_path, "unreachable.yaml"))
    assert issue.line == line_of("unreachable.yaml", "id: reseau")
    assert issue.message.startswith("« reseau » n'est atteint par aucune réponse")


def test_path_ending_without_operator_fails_and_names_the_answers(tmp_path):
    content = content_with_tree(tmp_path, "empty.yaml")
    issues = tree_issues(content)
    assert len(issues) == 1, "\n".join(i.as_text() for i in issues)  # Wallonia has the SPW helpdesk
    issue = issues[0]
    assert issue.line == line_of("empty.yaml", "- id: technique")
    assert issue.field == "resultats[0].id"
    assert (
        "parcours sans opérateur : Votre demande : « Un problème technique » > Région : « À Bruxelles » → résultat « technique »"
    ) in issue.message


def test_unknown_fact_value_is_a_vocabulary_error(tmp_path):
    [issue] = tree_issues(content_with_tree(tmp_path, "unknown-value.yaml"))
    assert issue.line == line_of("unknown-value.yaml", "valeur: flandre")
    assert "« flandre » n'existe pas dans le vocabulaire « regions »" in issue.message


def test_routing_follows_the_fiches_and_a_fiche_change_cannot_publish_a_dead_end(tmp_path):
    """CIRB stops declaring connectivity: the real tree's Brussels Wi-Fi path is now empty."""
    target = tmp_path / "content"
    shutil.copytree(FROZEN, target)
    cirb = target / "operators" / "cirb.yaml"
    text = cirb.read_text(encoding="utf-8")
    assert "type: connectivite" in text
    cirb.write_text(text.replace("type: connectivite", "type: coordination-orientation"), encoding="utf-8")
    issues = [i for i in tree_issues(target)]
    messages = [i.message for i in issues]
    assert any(
        "Votre demande : « La connexion » > Région : « À Bruxelles » → résultat « connectivite »" in m for m in messages
    ), messages


def test_cli_validate_reports_tree_errors_with_exit_code_1(tmp_path):
    content = content_with_tree(tmp_path, "dangling.yaml")
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "--content", str(content)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 1
    line = line_of("dangling.yaml", "suite: region-inexistante")
    assert f"orientation.yaml:{line}: erreur : champ « questions[0].options[1].suite »" in run.stderr


def test_a_tree_is_optional(tmp_path):
    content = content_with_tree(tmp_path, "dangling.yaml")
    (content / "orientation.yaml").unlink()
    assert load_cartography(content).tree is None
