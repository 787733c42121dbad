"""The decision tree routes a request to the operators the sources name.

Routing is computed from the fiches: these tests pin what the seeds say
(001 axe 3 §4, 003, 004), the stated order, the committed snapshot and the
number of pages.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from conftest import ROOT

from generator.model.graph import build_graph
from generator.model.tree import Answer, complete_walks, count_pages, facts_of, route, snapshot, tree_to_mermaid
from schema.tree import DecisionTree, Resultat


@pytest.fixture(scope="module")
def graph(carto):
    return build_graph(carto)


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


def operators_for(carto, graph, *values) -> list[str]:
    result, facts = walk_to(carto, *values)
    return [match.operator for match in route(graph, result, facts)]


@pytest.mark.parametrize("origin", ["en", "cyberclasse"])
def test_en_equipment_breakdown_in_wallonia_routes_to_spw_helpdesk(carto, graph, origin):
    assert operators_for(carto, graph, "technique", "wallonie", origin) == ["spw-helpdesk-ami"]


def test_pedagogical_use_of_tablets_in_segec_school_routes_to_segec_ctp(carto, graph):
    assert operators_for(carto, graph, "techno-pedagogique", "libre-confessionnel") == ["segec-ctp"]


def test_wifi_question_in_brussels_routes_to_cirb(carto, graph):
    assert operators_for(carto, graph, "connectivite", "bruxelles") == ["cirb"]


def test_dont_know_whom_to_ask_routes_to_sgne(carto, graph):
    assert operators_for(carto, graph, "je-ne-sais-pas") == ["sgne"]


def test_wifi_in_wallonia_routes_to_spw_ecole_numerique_and_adn(carto, graph):
    found = operators_for(carto, graph, "connectivite", "wallonie")
    assert {"adn", "spw-conseillers-en", "spw-helpdesk-ami"} <= set(found)
    assert "cirb" not in found


@pytest.mark.parametrize("network, ctp", [
    ("wbe", "wbe-ctp"), ("libre-confessionnel", "segec-ctp"), ("libre-non-confessionnel", "felsi-ctp"),
])
def test_training_routes_to_the_network_ctp_then_ifc(carto, graph, network, ctp):
    assert operators_for(carto, graph, "formation", network) == [ctp, "ifc"]


@pytest.mark.parametrize("unit, ctp", [
    ("primaire-ordinaire", "cecp-ctp"), ("secondaire-specialise", "cecp-ctp"),
    ("secondaire-ordinaire", "cpeons-ctp"), ("cpms", "cpeons-ctp"),
])
def test_techno_pedagogy_in_officiel_subventionne_depends_on_the_unit(carto, graph, unit, ctp):
    assert operators_for(carto, graph, "techno-pedagogique", "officiel-subventionne", unit) == [ctp]


def test_ecole_numerique_in_wallonia_routes_to_the_advisers_and_adn_for_incor22(carto, graph):
    result, facts = walk_to(carto, "ecole-numerique", "wallonie")
    matches = route(graph, result, facts)
    assert [m.operator for m in matches] == ["spw-conseillers-en", "adn"]
    assert matches[1].added and "INCOR22" in matches[1].reason


def test_network_contact_in_wallonia_gives_the_ctp_and_the_en_adviser(carto, graph):
    assert operators_for(carto, graph, "reseau-zone", "wallonie", "libre-non-confessionnel") == ["felsi-ctp", "spw-conseillers-en"]
    assert operators_for(carto, graph, "reseau-zone", "bruxelles", "libre-non-confessionnel") == ["felsi-ctp"]


def test_first_line_help_results_point_to_the_school_referent(carto):
    assert walk_to(carto, "technique", "wallonie", "en")[0].referent
    assert walk_to(carto, "techno-pedagogique", "wbe")[0].referent
    assert not walk_to(carto, "connectivite", "bruxelles")[0].referent


def test_every_path_of_the_real_tree_ends_on_an_operator(carto, graph):
    walks = list(complete_walks(carto.tree))
    assert len(walks) >= 30
    empty = [walk.describe() for walk in walks if not route(graph, walk.node, walk.facts)]
    assert not empty


def test_the_order_favours_the_most_specific_operator_not_the_file_order(carto, graph):
    result, facts = walk_to(carto, "formation", "officiel-subventionne")
    forward = [m.operator for m in route(graph, result, facts)]
    # The same fiches inserted in reverse order give the same routing.
    carto_reversed = dataclasses.replace(carto, operators=dict(reversed(list(carto.operators.items()))))
    backward = [m.operator for m in route(build_graph(carto_reversed), result, facts)]
    assert forward == backward == ["cecp-ctp", "cpeons-ctp", "ifc"]


def test_a_fallback_is_added_only_when_nothing_matches(carto, graph):
    result, facts = walk_to(carto, "technique", "wallonie", "en")
    assert "sgne" not in [m.operator for m in route(graph, result, facts)]
    assert [m.operator for m in route(graph, result, {**facts, "region": "bruxelles"})] == ["sgne"]


def test_snapshot_lists_every_path_with_its_operators(carto, graph):
    text = snapshot(carto.tree, graph)
    assert "technique > wallonie > en → materiel-wallon : spw-helpdesk-ami\n" in text
    assert "ecole-numerique > wallonie → ecole-numerique : spw-conseillers-en, +adn\n" in text
    assert len([line for line in text.splitlines() if " → " in line and not line.startswith("#")]) == len(list(complete_walks(carto.tree)))


def test_cli_check_fails_on_a_stale_snapshot(tmp_path, carto):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "orientation.snapshot.txt").write_text("ancien\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator.cli", "orientation", "--check", "--content", str(content)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    assert "cartographie orientation --snapshot" in run.stderr
    run = subprocess.run([sys.executable, "-m", "generator.cli", "orientation", "--snapshot", "--content", str(content)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (content / "orientation.snapshot.txt").read_text(encoding="utf-8") == (ROOT / "content" / "orientation.snapshot.txt").read_text(encoding="utf-8")


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
    assert count.pages < count.path_pages
    assert count.pages <= 80, f"{count} : le nombre de pages de l'arbre a beaucoup augmenté ; mettez docs/orientation.md à jour"


def synthetic_tree(filtering: bool) -> DecisionTree:
    """6 questions × 5 options in a chain, the last one leading to 5 results."""
    facts = ["objet", "materiel", "reseau", "region", "zone", "unite"] if filtering else [f"f{i}" for i in range(1, 7)]
    questions = [{
        "id": f"q{i + 1}", "fait": fact, "intitule": fact, "question": f"Question {i + 1} ?",
        "options": [{"valeur": f"v{j}", "libelle": f"v{j}", "suite": f"q{i + 2}" if i < 5 else f"r{j}"} for j in range(1, 6)],
    } for i, fact in enumerate(facts)]
    results = [{"id": f"r{j}", "titre": f"Résultat {j}", "interventions": ["formation"]} for j in range(1, 6)]
    return DecisionTree.model_validate({"depart": "q1", "questions": questions, "resultats": results})


@pytest.mark.parametrize("filtering, result_pages", [(False, 5), (True, 625)])
def test_synthetic_tree_page_count_is_bounded_by_what_routing_distinguishes(filtering, result_pages):
    count = count_pages(synthetic_tree(filtering))
    assert count.walks == 5 ** 6
    assert count.path_pages == sum(5 ** k for k in range(7))  # 19 531: one page per step
    assert count.question_pages == sum(5 ** k for k in range(6))  # 3 906: each shows its answers
    assert count.result_pages == result_pages  # figures in docs/orientation.md
