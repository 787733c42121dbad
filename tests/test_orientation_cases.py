"""Editors' routing cases (content/orientation-cas.yaml) are played by ``cartographie validate``.

Played here on the small content of tests/fixtures/orientation/ranking/, whose cases all hold:
each test breaks one thing and reads the French message an editor would get.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from generator.content.issues import ContentError
from generator.model.load import load_cartography

# Their fixtures are dated against FIXTURE_DAY: on any other day a fiche may be overdue, and the
# issues counted here gain a warning (the day of the live content moves with every review).
pytestmark = pytest.mark.usefixtures("fixture_day")

RANKING = FIXTURES / "orientation" / "ranking"


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(RANKING, target)
    return target


def case_issues(content: Path) -> list:
    with pytest.raises(ContentError) as info:
        load_cartography(content)
    issues = info.value.issues
    assert all(issue.file.endswith("orientation-cas.yaml") for issue in issues), "\n".join(i.as_text() for i in issues)
    return issues


def line_of(path: Path, text: str, after: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_fixture_cases_hold(content):
    assert load_cartography(content).tree is not None


def test_a_fiche_change_that_moves_an_operator_names_the_case_and_what_changed(content):
    # ZZZ stops being a regional service: it is no longer « À contacter en premier » (the tree's added
    # operator now is, so the tree itself stays valid).
    edit(content / "operators" / "zzz-helpdesk.yaml", "categorie: service-regional", "categorie: conseil-techno-pedagogique")
    edit(
        content / "orientation.yaml",
        "        raison: Il oriente si rien ne convient.\n",
        "        raison: Il oriente si rien ne convient.\n        en_premier: true\n",
    )
    issues = case_issues(content)
    first = [i for i in issues if i.field == "cas[0].en_premier"]
    assert len(first) == 1, "\n".join(i.as_text() for i in issues)
    message = first[0].message
    assert message.startswith("cas « panne-wbe » (Une panne dans une école WBE wallonne.) : « À contacter en premier » a changé")
    assert "attendu zzz-helpdesk" in message and "n'y est plus : zzz-helpdesk (zzz-helpdesk : peut aussi vous aider)" in message
    assert first[0].line == line_of(content / "orientation-cas.yaml", "en_premier:", after="id: panne-wbe")


def test_an_operator_that_must_be_absent_is_named(content):
    edit(content / "operators" / "mmm-reseau.yaml", "reseaux: [wbe]", "reseaux: [wbe, libre-confessionnel]")
    issues = case_issues(content)
    assert [i.field for i in issues] == ["cas[1].absents"]
    assert "mmm-reseau ne devrait pas apparaître, mais le résultat « technique » le liste" in issues[0].message


def test_an_answer_the_tree_no_longer_offers_lists_the_possible_answers(content):
    edit(content / "orientation-cas.yaml", "reponses: [technique, libre-confessionnel]", "reponses: [technique, libre]")
    [issue] = case_issues(content)
    assert issue.field == "cas[1].reponses[1]"
    assert (
        "la question « reseau » (« Quel réseau ? ») n'a pas de réponse « libre » ; réponses possibles : wbe, libre-confessionnel"
    ) in issue.message


def test_answers_that_stop_on_a_question_say_which_one(content):
    edit(content / "orientation-cas.yaml", "reponses: [technique, wbe]", "reponses: [technique]")
    [issue] = case_issues(content)
    assert issue.field == "cas[0].reponses"
    assert "l'arbre pose encore la question « reseau »" in issue.message


def test_a_case_naming_an_unknown_operator_or_another_result_fails(content):
    edit(content / "orientation-cas.yaml", "    resultat: technique\n", "    resultat: equipement\n")
    edit(content / "orientation-cas.yaml", "absents: [mmm-reseau]", "absents: [inconnu]")
    messages = sorted(i.message for i in case_issues(content))
    assert any("les réponses mènent au résultat « technique », attendu « equipement »" in m for m in messages)
    assert any("aucune fiche opérateur n'a l'identifiant « inconnu »" in m for m in messages)


def test_cli_validate_fails_with_exit_code_1_and_the_case_line(content):
    edit(content / "operators" / "mmm-reseau.yaml", "reseaux: [wbe]", "reseaux: [wbe, libre-confessionnel]")
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "--content", str(content)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 1
    line = line_of(content / "orientation-cas.yaml", "absents:", after="id: panne-libre")
    assert f"orientation-cas.yaml:{line}: erreur : champ « cas[1].absents » : cas « panne-libre »" in run.stderr


def test_cases_without_a_tree_are_a_warning(content):
    (content / "orientation.yaml").unlink()
    [issue] = load_cartography(content).warnings
    assert issue.severity == "avertissement" and issue.file.endswith("orientation-cas.yaml")
    assert "l'arbre (content/orientation.yaml) est absent : ils ne sont pas rejoués" in issue.message


def test_a_new_operator_joining_a_group_does_not_break_a_case(content):
    # MMM now also declares technical support and is a regional service: it joins ZZZ « en premier ».
    edit(content / "operators" / "mmm-reseau.yaml", "categorie: conseil-techno-pedagogique", "categorie: service-regional")
    edit(content / "operators" / "mmm-reseau.yaml", "  - type: equipement", "  - type: support-technique")
    edit(content / "orientation-cas.yaml", "    aussi: [mmm-reseau, nnn-reseau, aaa-general, orienteur]\n", "")
    assert load_cartography(content).tree is not None
