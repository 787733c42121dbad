"""The list of source documents (``content/sources.yaml``): the documents a fiche may cite by name.

``sources[].document`` of a fiche or a project must name one of them (generator.checks), so that an
editor can check a citation without the seeds at hand, and a misspelt name gets the closest one.
"""

from __future__ import annotations

from pydantic import Field

from .base import CATALOGUE_MAX, DocumentName, Name, Paragraph, StrictModel


class SourceDocument(StrictModel):
    """One source document of the cartography (a file of the « seeds » folder)."""

    fichier: DocumentName = Field(description="Nom du fichier du document (ex. « 000_5d542ad63673cde4.txt »).")
    titre: Name = Field(description="Ce qu'est le document (ex. « Circulaire du 26/11/2020 »).")
    contenu: Paragraph | None = Field(default=None, description="Ce qu'on y trouve, pour choisir le bon document.")


class SourceDocuments(StrictModel):
    """The documents that ``sources[].document`` may name."""

    documents: list[SourceDocument] = Field(
        min_length=1, max_length=CATALOGUE_MAX, description="Les documents sources, un par fichier du dossier « seeds »."
    )

    def names(self) -> list[str]:
        return [document.fichier for document in self.documents]
