"""Reading built pages in tests: links, ids and text, with the standard html.parser."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

#: Attributes that point to another file or address.
URL_ATTRIBUTES = {"href", "src", "srcset", "data", "poster", "action"}


@dataclass
class Link:
    tag: str
    attr: str
    value: str
    attrs: dict[str, str]
    text: str = ""
    #: Ids and classes of the enclosing elements, innermost last (e.g. to find the footer).
    ancestors: tuple[str, ...] = ()


@dataclass
class Html:
    path: str
    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    h1: list[str] = field(default_factory=list)
    text: str = ""

    def links_in(self, marker: str) -> list[Link]:
        """Links inside an element whose tag or class is ``marker`` (e.g. 'footer', 'step-nav')."""
        return [link for link in self.links if marker in link.ancestors]


class _Parser(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, doc: Html):
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.stack: list[tuple[str, tuple[str, ...]]] = []
        self.open_links: list[Link] = []
        self.in_h1 = False
        self.texts: list[str] = []

    def _markers(self) -> tuple[str, ...]:
        return tuple(m for _, marks in self.stack for m in marks)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if "id" in attrs:
            self.doc.ids.add(attrs["id"])
        marks = (tag, *attrs.get("class", "").split())
        for attr in URL_ATTRIBUTES & attrs.keys():
            link = Link(tag, attr, attrs[attr], attrs, ancestors=self._markers() + marks)
            self.doc.links.append(link)
            if tag == "a":
                self.open_links.append(link)
        if tag == "h1":
            self.in_h1 = True
            self.doc.h1.append("")
        if tag not in self.VOID:
            self.stack.append((tag, marks))

    def handle_endtag(self, tag):
        if tag == "a" and self.open_links:
            link = self.open_links.pop()
            link.text = " ".join(link.text.split())
        if tag == "h1":
            self.in_h1 = False
            self.doc.h1[-1] = " ".join(self.doc.h1[-1].split())
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        self.texts.append(data)
        for link in self.open_links:
            link.text += data
        if self.in_h1:
            self.doc.h1[-1] += data


def parse(site: Path, rel_path: str) -> Html:
    doc = Html(rel_path)
    parser = _Parser(doc)
    parser.feed((site / rel_path).read_text(encoding="utf-8"))
    parser.close()
    doc.text = " ".join(" ".join(parser.texts).split())
    return doc


def page_file(url: str) -> str:
    """Site URL ('projets/x/') -> file in the build ('projets/x/index.html')."""
    return url + "index.html" if not url or url.endswith("/") else url


def resolve(page_path: str, value: str) -> tuple[str, str] | None:
    """A relative link on ``page_path`` -> (file in the build, fragment); None if not internal."""
    if value.startswith(("http://", "https://", "//", "mailto:", "tel:", "data:")):
        return None
    value, _, fragment = value.partition("#")
    value = value.split("?", 1)[0]
    if not value:
        return page_path, fragment
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), value))
    if value.endswith("/") or value in (".", "./") or target == ".":
        target = "index.html" if target == "." else target + "/index.html"
    return target, fragment


def html_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def targets(doc: Html, links: list[Link]) -> list[str]:
    """Files in the build that the internal ``links`` of ``doc`` point to (external ones skipped)."""
    return [found[0] for found in (resolve(doc.path, link.value) for link in links) if found is not None]
