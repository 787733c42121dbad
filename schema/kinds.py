"""The kinds of file under ``content/``: where each lives, which model it must match, how editors
name it. Every fact of a kind is written here once (issue 14); what reads, checks, documents or
scaffolds a kind takes it from :data:`KINDS`.

It is part of the content's contract, so it sits with the models: every stage may import it
(``generator.content`` reads the folder with it, the cross-checks name files by it, the editors'
tools write the JSON Schemas and templates from it), and it knows nothing of the generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from pydantic import BaseModel

from .cases import CasOrientation
from .operator import Operator
from .project import Project
from .site import SiteConfig
from .sources import SourceDocuments
from .tree import DecisionTree
from .vocabularies import Vocabularies


@dataclass(frozen=True)
class Kind:
    """A kind of content file: where it lives and which model it must match."""

    #: Its key (``Cartography.files``, the loader's results): the folder of a kind of many files,
    #: the stem of a single file.
    name: str
    #: Where its files are, from the content folder (« operators/*.yaml »).
    pattern: str
    model: type[BaseModel]
    #: The JSON Schema written for it in schema/json/ (French: editors read it in a file's first line).
    schema_file: str
    #: Its title for editors (CONTRIBUTING.md's field reference).
    title: str
    many: bool = False
    #: A single file that may be absent (the decision tree).
    optional: bool = False
    #: The word of ``cartographie nouveau <word>``, for a kind an editor creates files of.
    new: str | None = None

    @property
    def folder(self) -> str:
        """The folder of its files, from the content folder ('' for a file at its top)."""
        parent = PurePosixPath(self.pattern).parent.as_posix()
        return "" if parent == "." else parent

    def path(self, item_id: str | None = None) -> str:
        """The file of ``item_id`` (of a kind of many files), from the content folder."""
        return self.pattern.replace("*", item_id) if self.many and item_id is not None else self.pattern

    @property
    def schema_reference(self) -> str:
        """Its JSON Schema, from one of its files (content/ and schema/ are side by side): the first
        line of a file names it for editors' YAML language servers."""
        return "../" * len(PurePosixPath(self.pattern).parts) + f"schema/json/{self.schema_file}"


SITE = Kind("site", "site.yaml", SiteConfig, "site.schema.json", "Réglages du site")
VOCABULARIES = Kind("vocabulaires", "vocabulaires.yaml", Vocabularies, "vocabulaires.schema.json", "Vocabulaires")
OPERATORS = Kind(
    "operators", "operators/*.yaml", Operator, "operateur.schema.json", "Fiche opérateur", many=True, new="operateur"
)
PROJECTS = Kind("projects", "projects/*.yaml", Project, "projet.schema.json", "Projet École numérique", many=True, new="projet")
TREE = Kind("orientation", "orientation.yaml", DecisionTree, "orientation.schema.json", "Arbre de décision", optional=True)
#: The documents « sources[].document » may name; without the file, any well-formed name is accepted.
SOURCES = Kind("sources", "sources.yaml", SourceDocuments, "sources.schema.json", "Documents sources", optional=True)
CASES = Kind(
    "orientation-cas", "orientation-cas.yaml", CasOrientation, "orientation-cas.schema.json", "Cas d'orientation", optional=True
)

#: Every kind, in the order the content is read (and the JSON Schemas written).
KINDS: tuple[Kind, ...] = (SITE, VOCABULARIES, OPERATORS, PROJECTS, TREE, SOURCES, CASES)


def kind_named(name: str) -> Kind:
    """The kind whose :attr:`Kind.name` is ``name`` (KeyError when there is none)."""
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise KeyError(name)


def new_kinds() -> dict[str, Kind]:
    """``cartographie nouveau``'s words, each with its kind."""
    return {kind.new: kind for kind in KINDS if kind.new is not None}
