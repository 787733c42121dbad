"""École numérique programmes and their phases, as step-by-step pages.

``/projets/`` lists the programmes; ``/projets/<id>/`` shows one with its phases
as a numbered step-by-step list; ``/projets/<id>/<phase>/`` shows one phase with
the previous and next steps. A phase's step number is its position in the
programme (1…M), so "Étape N sur M" always reads true even if ``numero`` skips.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.common.urls import Page, Urls
from generator.site.context import BuildContext
from schema import Phase, Project

SECTION_LABEL = "École numérique"


@dataclass(frozen=True)
class Step:
    """A phase seen as one step of its programme."""

    phase: Phase
    number: int
    total: int
    url: str

    @property
    def summary(self) -> str:
        """The first paragraph of the description: the step's short summary."""
        return self.phase.description.strip().split("\n\n", 1)[0]


def steps_of(project: Project) -> list[Step]:
    total = len(project.phases)
    return [Step(phase, number, total, Urls.phase(project.id, phase.id)) for number, phase in enumerate(project.phases, start=1)]


def contribute(context: BuildContext):
    carto = context.carto
    projects = list(carto.projects.values())
    yield Page(
        url=Urls.projects,
        template="projects/list.html",
        kind="projects",
        title="Projets École numérique",
        context={
            "projects": [(project, steps_of(project)) for project in projects],
            "breadcrumb": [(Urls.projects, SECTION_LABEL)],
        },
    )
    for project in projects:
        yield from _project_pages(context, project)


def _project_pages(context: BuildContext, project: Project):
    carto = context.carto
    steps = steps_of(project)
    operators = carto.operators
    crumbs = [(Urls.projects, SECTION_LABEL), (Urls.project(project.id), project.nom)]
    yield Page(
        url=Urls.project(project.id),
        template="projects/project.html",
        kind="project",
        title=project.nom,
        context={"project": project, "steps": steps, "porteur": operators[project.porteur], "breadcrumb": crumbs},
    )
    for index, step in enumerate(steps):
        yield Page(
            url=step.url,
            template="projects/phase.html",
            kind="phase",
            title=f"{step.phase.titre} — {project.nom}",
            context={
                "project": project,
                "step": step,
                "steps": steps,
                "previous": steps[index - 1] if index > 0 else None,
                "next": steps[index + 1] if index + 1 < len(steps) else None,
                "acteurs": [operators[op_id] for op_id in step.phase.acteurs],
                "breadcrumb": crumbs + [(step.url, f"Étape {step.number} : {step.phase.titre}")],
            },
        )
