"""/diagramme/: the orientation diagram (an SVG drawn at build time, interactive on demand) and its
accessible equivalent."""

from __future__ import annotations

from dataclasses import dataclass

from generator.common.urls import File, Page, Urls
from generator.model.graph import get_graph, operators_by_term
from generator.site.context import BuildContext
from generator.site.drawing import drawing
from generator.site.network import VIS_NETWORK, data_script, diagram_data, layout, vis_network_js

DATA_FILE = "assets/diagram/data.js"
VIS_FILE = f"assets/vendor/{VIS_NETWORK}"


@dataclass(frozen=True)
class OperatorName:
    id: str
    sigle: str
    nom: str


def _name(operator) -> OperatorName:
    return OperatorName(operator.id, operator.sigle, operator.nom)


def contribute(context: BuildContext):
    carto = context.carto
    graph = get_graph(context)
    data = diagram_data(graph, Urls.diagram, file_urls=context.file_urls)
    yield File(DATA_FILE, data_script(data))
    yield File(VIS_FILE, vis_network_js())
    vocab = carto.vocab
    # Names only: the page shows nothing else of an operator, so a change to a fiche's other
    # elements does not make it render again (generator.rebuild.inputs).
    # One object per fiche while it is unchanged (in serve), digested once (generator.rebuild.inputs).
    names = {op.id: context.per_model(_name, op) for op in carto.operators.values()}
    by_need, by_network, by_region = (
        [(term, [names[i] for i in ids]) for term, ids in operators_by_term(graph, vocab, vocabulary)]
        for vocabulary in ("interventions", "reseaux", "regions")
    )
    yield Page(
        url=Urls.diagram,
        template="diagram.html",
        kind="diagram",
        title="Diagramme d'orientation",
        context={
            "operators": list(names.values()),
            "by_need": by_need,
            "by_network": by_network,
            "by_region": by_region,
            "clustered": data["clustered"],
            "data_file": DATA_FILE,
            "vis_file": VIS_FILE,
            # Drawn at once; vis-network and the data load when the reader opens the interactive view.
            "drawing": drawing(layout(graph)),
            "breadcrumb": [(Urls.diagram, "Diagramme")],
        },
    )
