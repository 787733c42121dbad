"""The validated content (:class:`Cartography`) and what its files are known by: what every
later stage reads. Reading it is generator.content.files's job; this module knows no stage after it."""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.history import read_history
from generator.content.issues import ContentIssue
from generator.content.loader import Document
from schema import Operator, Project, SiteConfig, Vocabularies
from schema.kinds import OPERATORS
from schema.tree import DecisionTree


@dataclass
class Cartography:
    """The validated content: what every later stage (pages, graph, tree) reads."""

    root: Path
    site: SiteConfig
    vocab: Vocabularies
    operators: dict[str, Operator]
    projects: dict[str, Project]
    tree: DecisionTree | None = None  # content/orientation.yaml
    source_documents: Any = None  # content/sources.yaml (schema.SourceDocuments), when there is one
    cases: Any = None  # content/orientation-cas.yaml (schema.cases.CasOrientation), played by generator.model.tree_cases
    #: display path -> the parsed file with the line of every value, for the line numbers of the
    #: cross-checks' issues; emptied once they have run (see :func:`_forget_documents`).
    documents: dict[str, Document] = field(default_factory=dict)
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (kind name, key) -> the model read from that file: every content file, whatever its kind
    #: (the same keys as ``files``).
    models: dict[tuple[str, str], Any] = field(default_factory=dict)
    #: display path -> file_signature() when loaded (which fragments a long-running process may reuse)
    signatures: dict[str, Any] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    warnings: list[ContentIssue] = field(default_factory=list)
    #: The networkx graph of the content (generator.model.graph), built once by load_cartography once
    #: the content is valid: the tree checks, every section of the site and the editors' report
    #: read the same one.
    graph: Any = None

    def file_of(self, kind: str, item_id: str) -> str:
        """Display path of the file that defines ``item_id`` of ``kind``."""
        return self.files[(kind, item_id)]

    def content_path(self, kind: str, item_id: str) -> str:
        """Path of that file from the content folder's parent (« content/operators/sgne.yaml »),
        whatever folder the command ran from: what a page may publish (the display path,
        relative to the working folder, would publish where the builder's files are)."""
        return _relative_to(os.path.abspath(self.files[(kind, item_id)]), self._published_base).replace(os.sep, "/")

    @functools.cached_property
    def _published_base(self) -> str:
        return os.path.abspath(self.root.parent)

    @functools.cached_property
    def history(self) -> dict[str, list[Any]]:
        """{operator id: its last changes (generator.content.history.Change)}, from git; {} without git."""
        return read_history(self.root / OPERATORS.folder, set(self.operators))

    @functools.cached_property  # read by the footer of every page: once per build, not once per page
    def last_update(self) -> dt.date:
        dates = [op.mis_a_jour for op in self.operators.values()]
        dates += [project.mis_a_jour for project in self.projects.values()]
        return max(dates)


def display_path(path: Path) -> str:
    """Path as editors see it: relative to the working directory when possible."""
    text = os.fspath(path)
    if not os.path.isabs(text):
        normal = os.path.normpath(text)
        if not normal.startswith(os.pardir):  # what os.path.relpath gives, without its two abspath()
            return normal
    try:
        return _relative_to(os.path.abspath(text), os.getcwd())
    except ValueError:  # different drive on Windows
        return text


def _relative_to(absolute: str, base: str) -> str:
    """``os.path.relpath(absolute, base)`` for two absolute, normalised paths; a plain cut when
    ``absolute`` is inside ``base`` (thousands of fiches: relpath splits both paths every time)."""
    inside = base if base.endswith(os.sep) else base + os.sep
    return absolute[len(inside) :] if absolute.startswith(inside) else os.path.relpath(absolute, base)


def today() -> dt.date:
    """The reference date for freshness; CARTOGRAPHIE_DATE pins it (tests, reproducible builds)."""
    pinned = os.environ.get("CARTOGRAPHIE_DATE")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


#: A file as last seen: modification time (ns), size and inode. A save by an editor changes it.
Signature = tuple[int, int, int]


def file_signature(path: Path) -> Signature | None:
    try:
        return signature_of(path.stat())
    except OSError:
        return None


def signature_of(info: os.stat_result) -> Signature:
    """The :data:`Signature` of a file whose ``os.stat`` is ``info``."""
    return (info.st_mtime_ns, info.st_size, info.st_ino)
