"""The decision tree routes a request to operators, ranked by declared data.

Behaviour is pinned on a small content (tests/fixtures/orientation/ranking/); the
real routes are the editors' cases (content/orientation-cas.yaml), played by
``cartographie validate`` (tests/test_orientation_cases.py), not Python tests.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT

from generator.model.graph import build_graph
from generator.model.load import load_cartography
from generator.model.tree import Answer, complete_walks, count_pages, facts_of, route, snapshot, tree_to_mermaid
from schema.tree import DecisionTree, Resultat


def walk_to(carto, *values):
    """Answer the questions with these option values; return the result reached and its facts."""
    tree = carto.tree
    node = tree.node(tree.depart)
    answers = []
    for value in values:
        assert not isinstance(node, Resultat), f"résultat atteint avant la réponse « {value} »"
        option = next((o for o in node.options if o.valeur == value), None)
        assert option is not None, f"la question « {node.id} » n'a pas de réponse « {value} »"
        answers.append(Answer(node, option))
        node = tree.node(option.suite)
    assert isinstance(node, Resultat), f"{values} s'arrête sur la question « {node.id} »"
    return node, facts_of(answers)


RANKING = FIXTURES / "orientation" / "ranking"


@pytest.fixture(scope="module")
def small():
    """A small content (tests/fixtures/orientation/ranking/): five fiches whose sigles run against their rank."""
    carto = load_cartography(RANKING)
    return carto, carto.graph


def test_the_first_group_comes_from_en_premier_not_from_the_alphabet(small):
    carto, graph = small
    result, facts = walk_to(carto, "technique", "wbe")
    matches = route(graph, result, facts)
    assert [m.operator for m in matches if m.first] == ["zzz-helpdesk"]  # sigle ZZZ, a regional service
    assert [m.operator for m in matches if not m.first][-2:] == ["aaa-general", "orienteur"]  # AAA: general


def test_within_a_group_the_most_targeted_operator_comes_first_and_equals_share_a_rank(small):
    carto, graph = small
    result, facts = walk_to(carto, "technique", "wbe")
    also = [m for m in route(graph, result, facts) if not m.first]
    assert [m.operator for m in also] == ["mmm-reseau", "nnn-reseau", "aaa-general", "orienteur"]
    assert also[0].rank == also[1].rank < also[2].rank < also[3].rank  # MMM and NNN: same need, same public


def test_the_need_the_tree_lists_first_ranks_first(small):
    carto, graph = small
    result, facts = walk_to(carto, "technique", "wbe")
    matches = route(graph, result, facts)
    assert matches[0].handles == ["support-technique", "equipement"]
    assert all(m.handles == ["equipement"] for m in matches[1:4])


def test_an_added_operator_joins_the_first_group_only_when_the_tree_says_so(small):
    carto, graph = small
    technique = route(graph, *walk_to(carto, "technique", "wbe"))
    equipement = route(graph, *walk_to(carto, "equipement", "wbe"))
    assert [(m.operator, m.added, m.first) for m in technique if m.added] == [("orienteur", True, False)]
    assert [(m.operator, m.first) for m in equipement if m.added] == [("orienteur", True)]
    assert equipement[-1].operator == "orienteur"  # after the computed ones of its group


def test_the_order_does_not_depend_on_the_order_of_the_files(small):
    carto, graph = small
    result, facts = walk_to(carto, "equipement", "wbe")
    forward = [m.operator for m in route(graph, result, facts)]
    carto_reversed = dataclasses.replace(carto, operators=dict(reversed(list(carto.operators.items()))))
    backward = [m.operator for m in route(build_graph(carto_reversed), result, facts)]
    assert forward == backward


def test_a_fallback_is_added_only_when_nothing_matches(small):
    carto, graph = small
    tree = DecisionTree.model_validate(
        {
            "depart": "qq",
            "questions": [
                {
                    "id": "qq",
                    "fait": "region",
                    "intitule": "Région",
                    "question": "Où ?",
                    "options": [
                        {"valeur": "wallonie", "libelle": "W", "suite": "rr"},
                        {"valeur": "bruxelles", "libelle": "B", "suite": "rr"},
                    ],
                }
            ],
            "resultats": [
                {
                    "id": "rr",
                    "titre": "R",
                    "interventions": ["support-technique"],
                    "ajouts": [{"operateur": "orienteur", "raison": "Repli.", "si_aucun": True}],
                }
            ],
        }
    )
    result = tree.resultats[0]
    assert [m.operator for m in route(graph, result, {"region": "wallonie"})] == ["zzz-helpdesk"]
    fallback = route(graph, result, {"region": "bruxelles"})
    assert [(m.operator, m.first) for m in fallback] == [("orienteur", True)]


def test_snapshot_marks_groups_ties_and_additions(small):
    carto, graph = small
    text = snapshot(carto.tree, graph)
    assert "technique > wbe → technique : zzz-helpdesk | aussi : mmm-reseau, =nnn-reseau, aaa-general, +orienteur\n" in text


def test_every_path_of_the_real_tree_has_someone_to_contact_first(carto):
    for walk in complete_walks(carto.tree):
        assert any(m.first for m in route(carto.graph, walk.node, walk.facts)), walk.describe()


def test_snapshot_lists_every_path_once(carto):
    text = snapshot(carto.tree, carto.graph)
    assert len([line for line in text.splitlines() if " → " in line and not line.startswith("#")]) == len(
        list(complete_walks(carto.tree))
    )


def test_cli_check_fails_on_a_stale_snapshot(tmp_path, carto):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "orientation.snapshot.txt").write_text("ancien\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", "orientation", "--check", "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "cartographie orientation --snapshot" in run.stderr
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", "orientation", "--snapshot", "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert (content / "orientation.snapshot.txt").read_text(encoding="utf-8") == (
        ROOT / "content" / "orientation.snapshot.txt"
    ).read_text(encoding="utf-8")


def test_mermaid_export_draws_every_node_and_option(carto):
    text = tree_to_mermaid(carto.tree)
    assert text.startswith("flowchart TD\n")
    for question in carto.tree.questions:
        assert f"n_{question.id.replace('-', '_')}{{" in text
        assert text.count(f"  n_{question.id.replace('-', '_')} -->") == len(question.options)
    for result in carto.tree.resultats:
        assert f"n_{result.id.replace('-', '_')}([" in text


def test_real_tree_page_count(carto):
    count = count_pages(carto.tree)
    assert count.walks == len(list(complete_walks(carto.tree)))
    assert count.pages <= count.path_pages


def synthetic_tree(filtering: bool) -> DecisionTree:
    """6 questions × 5 options in a chain, the last one leading to 5 results."""
    facts = ["objet", "materiel", "reseau", "region", "zone", "unite"] if filtering else [f"f{i}" for i in range(1, 7)]
    questions = [
        {
            "id": f"q{i + 1}",
            "fait": fact,
            "intitule": fact,
            "question": f"Question {i + 1} ?",
            "options": [{"valeur": f"v{j}", "libelle": f"v{j}", "suite": f"q{i + 2}" if i < 5 else f"r{j}"} for j in range(1, 6)],
        }
        for i, fact in enumerate(facts)
    ]
    results = [{"id": f"r{j}", "titre": f"Résultat {j}", "interventions": ["formation"]} for j in range(1, 6)]
    return DecisionTree.model_validate({"depart": "q1", "questions": questions, "resultats": results})


@pytest.mark.parametrize("filtering, result_pages", [(False, 5), (True, 625)])
def test_synthetic_tree_page_count_is_bounded_by_what_routing_distinguishes(filtering, result_pages):
    count = count_pages(synthetic_tree(filtering))
    assert count.walks == 5**6
    assert count.path_pages == sum(5**k for k in range(7))  # 19 531: one page per step
    assert count.question_pages == sum(5**k for k in range(6))  # 3 906: each shows its answers
    assert count.result_pages == result_pages  # figures in docs/orientation.md
