"""What editors must look after: the data of ``cartographie rapport`` and of the /editeurs/ page.

For each fiche: how long ago it was reviewed, which of the eight elements are
still « a_confirmer » or lack a source, and a completeness score whose rule is
stated (:data:`SCORE_RULE`). For the decision tree: the paths that end on a
single operator (a reader there has no alternative if that service is
unavailable), and the tree as a Mermaid flowchart.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from generator.content.cartography import Cartography
from generator.content.checks import review_due
from generator.model import tree as routing
from schema import ELEMENTS
from schema.kinds import OPERATORS, TREE
from schema.operator import Element, Operator

POINTS_FILLED = 5
POINTS_SOURCED = 5
POINTS_RECENT = 20
SCORE_MAX = len(ELEMENTS) * (POINTS_FILLED + POINTS_SOURCED) + POINTS_RECENT

SCORE_RULE = (
    f"Score de complétude sur {SCORE_MAX} : pour chacun des {len(ELEMENTS)} éléments de la fiche, "
    f"{POINTS_FILLED} points s'il est renseigné (pas « a_confirmer » ; pour les contacts : au moins un contact "
    f"qui n'est pas « à confirmer ») et {POINTS_SOURCED} points de plus s'il est "
    "aussi appuyé par une source (une source qui le cite dans « elements », ou une source sans « elements », "
    f"qui appuie toute la fiche) ; {POINTS_RECENT} points si la fiche a été relue dans son délai "
    "(« revision_mois », 12 mois par défaut)."
)


@dataclass(frozen=True)
class FicheStatus:
    """One operator fiche, as its editor should see it."""

    id: str
    sigle: str
    nom: str
    file: str
    reviewed: dt.date
    due: dt.date
    age_days: int
    overdue: bool
    unconfirmed: tuple[Element, ...]
    unsourced: tuple[Element, ...]  # filled in, but no source backs it
    score: int
    last_change: Any = None  # generator.content.history.Change, when the git history is available
    next_step: str = ""  # what to do first, in French (see :func:`next_step`)
    edit_url: str | None = None  # the file's edit page on the forge, when site.yaml names the repository


@dataclass(frozen=True)
class SinglePath:
    """A path of the decision tree whose result shows one operator only."""

    answers: str
    result: str
    url: str
    operator: str
    sigle: str  # the operator's, as the report shows it
    file: str = f"content/{TREE.pattern}"  # where an alternative is added (« ajouts » of the result)
    edit_url: str | None = None


@dataclass
class EditorsReport:
    today: dt.date
    fiches: list[FicheStatus]
    #: None when there is no decision tree (content/orientation.yaml absent).
    single_paths: list[SinglePath] | None = None
    paths: int = 0
    mermaid: str | None = None
    rule: str = SCORE_RULE
    history: bool = False  # whether the git history was read
    unconfirmed_total: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.unconfirmed_total = sum(len(f.unconfirmed) for f in self.fiches)


def sourced_elements(operator: Operator) -> set[str]:
    """Elements backed by a source: named in its « elements », or all of them when it has none."""
    covered: set[str] = set()
    for source in operator.sources:
        covered |= {e.field for e in ELEMENTS} if source.elements is None else set(source.elements)
    return covered


def is_unconfirmed(operator: Operator, element: str) -> bool:
    """« a_confirmer », or (contacts) every contact individually marked « a_confirmer: true »:
    either way the reader has no confirmed way to reach the service."""
    if operator.is_unconfirmed(element):
        return True
    if element == "contacts":
        return all(getattr(contact, "a_confirmer", False) for contact in operator.contacts)
    return False


#: Where the repository's forge lets a file be edited in the browser, by host. Any other host is taken
#: for a self-hosted GitLab (the forge public services run). HEAD: the default branch, on both forges.
_EDIT_PATHS = {"github.com": "{depot}/edit/HEAD/{path}"}
_GITLAB_EDIT = "{depot}/-/edit/HEAD/{path}"


def edit_url(depot: str | None, path: str) -> str | None:
    """The page that edits ``path`` (« content/operators/sgne.yaml ») on the forge of ``depot``
    (site.yaml's « depot », https://github.com/org/depot or https://gitlab.example.be/groupe/depot)."""
    if not depot:
        return None
    host = (urlsplit(depot).hostname or "").lower()
    pattern = _EDIT_PATHS.get(host, _GITLAB_EDIT)
    return pattern.format(depot=depot.rstrip("/").removesuffix(".git"), path=quote(path))


def next_step(due: dt.date, overdue: bool, unconfirmed: tuple[Element, ...], unsourced: tuple[Element, ...]) -> str:
    """The one thing an editor should do first for a fiche, in French: the most urgent first."""
    if overdue:
        return (
            "Relire toute la fiche auprès du service, corriger ce qui a changé, puis mettre la date du jour dans « mis_a_jour »."
        )
    if unconfirmed:
        return (
            f"Confirmer {_elements(unconfirmed)} : remplacer « a_confirmer » par l'information donnée "
            "par le service ou sa page officielle, et la citer dans « sources »."
        )
    if unsourced:
        return f"Citer une source pour {_elements(unsourced)} : une entrée de « sources » dont « elements » nomme ces éléments."
    return f"Rien à faire avant le {due.isoformat()} : la fiche est complète et relue."


def fiche_status(carto: Cartography, op_id: str, review_months: int | None = None) -> FicheStatus:
    operator = carto.operators[op_id]
    due = review_due(operator, review_months)
    overdue = due < carto.today
    unconfirmed = tuple(e for e in ELEMENTS if is_unconfirmed(operator, e.field))
    covered = sourced_elements(operator)
    filled = [e for e in ELEMENTS if e not in unconfirmed]
    unsourced = tuple(e for e in filled if e.field not in covered)
    score = len(filled) * POINTS_FILLED + (len(filled) - len(unsourced)) * POINTS_SOURCED + (0 if overdue else POINTS_RECENT)
    changes = carto.history.get(op_id) or []
    file = carto.content_path(OPERATORS.name, op_id)
    return FicheStatus(
        id=op_id,
        sigle=operator.sigle,
        nom=operator.nom,
        file=file,
        reviewed=operator.mis_a_jour,
        due=due,
        age_days=(carto.today - operator.mis_a_jour).days,
        overdue=overdue,
        unconfirmed=unconfirmed,
        unsourced=unsourced,
        score=score,
        last_change=changes[0] if changes else None,
        next_step=next_step(due, overdue, unconfirmed, unsourced),
        edit_url=edit_url(carto.site.depot and str(carto.site.depot), file),
    )


def editors_report(carto: Cartography, review_months: int | None = None, graph: Any = None) -> EditorsReport:
    """Everything the report lists; ``graph`` is the build's shared graph when there is one."""
    fiches = sorted((fiche_status(carto, op_id, review_months) for op_id in carto.operators), key=lambda f: (f.reviewed, f.id))
    report = EditorsReport(today=carto.today, fiches=fiches, history=bool(carto.history))
    if carto.tree is not None:
        _add_tree(report, carto, graph)
    return report


def _add_tree(report: EditorsReport, carto: Cartography, graph: Any) -> None:
    tree = carto.tree
    if tree is None:
        return
    graph = graph if graph is not None else carto.graph
    tree_file = _tree_file(carto)
    tree_edit = edit_url(carto.site.depot and str(carto.site.depot), tree_file)
    singles = []
    paths = 0
    for walk in routing.complete_walks(tree):
        paths += 1
        matches = routing.route(graph, walk.result, walk.facts)
        if len(matches) == 1:
            only = matches[0].operator
            singles.append(
                SinglePath(
                    walk.describe(),
                    walk.node.id,
                    routing.result_url(walk.result, walk.facts),
                    only,
                    carto.operators[only].sigle,
                    tree_file,
                    tree_edit,
                )
            )
    report.single_paths = singles
    report.paths = paths
    report.mermaid = routing.tree_to_mermaid(tree)


def _tree_file(carto: Cartography) -> str:
    """content/orientation.yaml, from the content folder's parent (as a page may publish it)."""
    return carto.content_path(TREE.name, TREE.name)


#: What to do about a path that ends on one operator, said once for the page and the command.
SINGLE_PATH_ADVICE = (
    "Si ce n'est pas voulu : ajoutez un deuxième service dans « ajouts » du résultat "
    "(avec sa raison), dans le fichier indiqué ; ou élargissez la fiche d'un autre service "
    "qui offre ce type d'intervention à ce public (« publics », « zone »)."
)


# --- Output of ``cartographie rapport`` --------------------------------------------------------


def _elements(elements: tuple[Element, ...]) -> str:
    return ", ".join(f"{e.number}. {e.field}" for e in elements) or "aucun"


def render_text(report: EditorsReport) -> str:
    out = [f"Rapport pour les éditeurs, au {report.today.isoformat()}", ""]
    out += ["Fiches, de la relecture la plus ancienne à la plus récente :"]
    for fiche in report.fiches:
        state = "À RELIRE" if fiche.overdue else "à jour"
        out.append(
            f"- {fiche.id} ({fiche.sigle}) : {fiche.score}/{SCORE_MAX} ; relue le {fiche.reviewed.isoformat()}"
            f" (il y a {fiche.age_days} jour{'s' if fiche.age_days > 1 else ''}), à relire avant le {fiche.due.isoformat()} : {state}"
        )
        out.append(f"    à confirmer : {_elements(fiche.unconfirmed)}")
        out.append(f"    sans source : {_elements(fiche.unsourced)}")
        out.append(f"    à faire : {fiche.next_step}")
        out.append(f"    fichier : {fiche.file}" + (f" (modifier : {fiche.edit_url})" if fiche.edit_url else ""))
        if fiche.last_change is not None:
            out.append(f"    dernière modification : {fiche.last_change.date.isoformat()} « {fiche.last_change.subject} »")
    out += ["", f"Éléments « a_confirmer » : {report.unconfirmed_total} au total.", "", report.rule, ""]
    if report.single_paths is None:
        out.append(f"Arbre de décision : absent (content/{TREE.pattern}).")
    else:
        out.append(
            f"Parcours de l'arbre de décision qui aboutissent à un seul opérateur : {len(report.single_paths)} sur {report.paths}"
        )
        if report.single_paths:
            out.append(SINGLE_PATH_ADVICE)
        out += [
            f"- {p.answers} → {p.result} : {p.operator} ; à modifier : {p.file}, résultat « {p.result} »"
            for p in report.single_paths
        ]
    return "\n".join(out) + "\n"


def render_json(report: EditorsReport) -> str:
    data = {
        "date": report.today.isoformat(),
        "regle_score": report.rule,
        "score_max": SCORE_MAX,
        "fiches": [
            {
                "id": f.id,
                "sigle": f.sigle,
                "fichier": f.file,
                "relue_le": f.reviewed.isoformat(),
                "a_relire_avant": f.due.isoformat(),
                "age_jours": f.age_days,
                "a_relire": f.overdue,
                "a_confirmer": [e.field for e in f.unconfirmed],
                "sans_source": [e.field for e in f.unsourced],
                "score": f.score,
                "a_faire": f.next_step,
                "modifier": f.edit_url,
                "derniere_modification": None
                if f.last_change is None
                else {"date": f.last_change.date.isoformat(), "message": f.last_change.subject},
            }
            for f in report.fiches
        ],
        "parcours_un_seul_operateur": None
        if report.single_paths is None
        else [
            {
                "reponses": p.answers,
                "resultat": p.result,
                "page": p.url,
                "operateur": p.operator,
                "fichier": p.file,
                "modifier": p.edit_url,
            }
            for p in report.single_paths
        ],
        "parcours": report.paths,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
