"""The site as data: pages (url -> template + context) and files, before any writing.

URLs are written in one place (:class:`Urls`) and always end with '/' for pages;
templates turn them into links relative to the current page with the ``rel``
filter, so the site works from any sub-path and from the file system.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """One HTML page to render: ``url`` like 'operateurs/sgne/' ('' is the home page)."""

    url: str
    template: str
    kind: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    #: Whether the page is listed in sitemap.xml.
    in_sitemap: bool = True

    @property
    def path(self) -> str:
        if not self.url or self.url.endswith("/"):
            return self.url + "index.html"
        return self.url


@dataclass
class File:
    """Any other output file (JSON, CSV, SVG, CSS, JS…), already as bytes or text."""

    path: str
    content: bytes | str

    def as_bytes(self) -> bytes:
        return self.content.encode("utf-8") if isinstance(self.content, str) else self.content


class Urls:
    """Every URL of the site, computed in one place."""

    home = ""
    operators = "operateurs/"
    projects = "projets/"
    print_all = "imprimer/"
    data = "donnees/"
    accessibility = "accessibilite/"
    diagram = "diagramme/"
    orientation = "orientation/"
    editors = "editeurs/"
    search = "recherche/"
    #: The search index (generator.output.search), written by Pagefind.
    search_index = "pagefind/"

    @staticmethod
    def operator(op_id: str) -> str:
        return f"operateurs/{op_id}/"

    @staticmethod
    def facet(facet: str, value: str) -> str:
        return f"operateurs/{facet}/{value}/"

    @staticmethod
    def project(project_id: str) -> str:
        return f"projets/{project_id}/"

    @staticmethod
    def phase(project_id: str, phase_id: str) -> str:
        return f"projets/{project_id}/{phase_id}/"

    @staticmethod
    def asset(name: str) -> str:
        return f"assets/{name}"


def relative(target: str, current: str) -> str:
    """Link from the page at ``current`` to ``target`` (both site-relative URLs)."""
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    # A file at the root (404.html) has dirname "": its base is the root, not "/".
    base = current if current.endswith("/") or not current else posixpath.dirname(current)
    if not target:
        target_path = "."
    else:
        target_path = target
    rel = _relpath(target_path, base or ".")
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel + anchor


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for site URLs, without its two os.getcwd() calls (thousands of links per build).

    Same result: for relative paths that never climb with '..', the working directory
    is a common prefix that cancels out. Anything else goes to posixpath.relpath.
    """
    if path.startswith("/") or start.startswith("/") or ".." in path or ".." in start:
        return posixpath.relpath(path, start)
    path_parts = [part for part in posixpath.normpath(path).split("/") if part and part != "."]
    start_parts = [part for part in posixpath.normpath(start).split("/") if part and part != "."]
    common = 0
    for a, b in zip(path_parts, start_parts):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + path_parts[common:]
    return "/".join(parts) if parts else "."
