"""The shared orientation graph against the content."""

from generator.model.graph import build_graph, node_id, operators_matching


def test_every_operator_is_a_node_with_its_fiche_url(carto):
    graph = build_graph(carto)
    for op_id, operator in carto.operators.items():
        data = graph.nodes[node_id("operator", op_id)]
        assert data["kind"] == "operator" and data["url"] == f"operateurs/{op_id}/"
        assert data["label"] == operator.sigle and data["summary"] == operator.resume


def test_every_declared_intervention_network_and_region_is_an_edge(carto):
    graph = build_graph(carto)
    for op_id, operator in carto.operators.items():
        node = node_id("operator", op_id)
        needs = {graph.nodes[t]["id"] for t in graph.successors(node) if graph.nodes[t]["kind"] == "need"}
        assert needs == {i.type for i in operator.interventions}, op_id
        networks = {graph.nodes[t]["id"] for t in graph.successors(node) if graph.nodes[t]["kind"] == "network"}
        assert networks == set(operator.publics.reseaux)
        regions = {graph.nodes[t]["id"] for t in graph.successors(node) if graph.nodes[t]["kind"] == "region"}
        assert regions == set(operator.zone.regions)
        assert all(graph.edges[node, node_id("need", n)]["relation"] == "handles" for n in needs)


def test_matching_combines_criteria(carto):
    graph = build_graph(carto)
    assert operators_matching(graph, need=["connectivite"], region=["bruxelles"]) == ["cirb"]
    assert "segec-ctp" in operators_matching(graph, need=["accompagnement-techno-pedagogique"], network=["libre-confessionnel"])
    assert "wbe-ctp" not in operators_matching(graph, network=["libre-confessionnel"])
