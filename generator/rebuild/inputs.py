"""What a page is made from, as one digest: a page whose digest is unchanged is not rendered again.

A page's HTML is a function of its template (and the templates it includes), its
``Page`` fields and context, the environment's globals and filters, and the code and
libraries that render it. Templates reach content only through what they are given:
the page context and a few globals (``site``, ``vocab``, ``last_update``, options), never
the whole cartography. So a page's inputs are known exactly, without any section having
to declare what it depends on:

- :meth:`InputDigests.token` digests everything global once per build: every file of
  the theme and of the Python packages ``generator`` and ``schema`` (by file signature),
  the rendering libraries, the site and vocabulary files, the date, the options;
- :meth:`InputDigests.page` digests the page's fields and context. A content model that
  is a whole file (a fiche, a project, the tree…) counts as that file's path and
  signature, which is what it was validated from (and what ``serve`` caches it by); any
  other value counts by its data, walked recursively.

A value that cannot be walked (a function, a graph…) makes the page's digest None:
it is then rendered every time. ``tests/test_incremental.py`` checks that no page of the
real content is in that case, and that a build that skips pages writes the same bytes
as one that renders them all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import os
import stat
import sys
import types
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from pydantic import BaseModel

from generator.common.digest import value_digest
from generator.common.paths import TOOL_ROOT
from generator.content.cartography import Cartography, Signature, file_signature, signature_of
from generator.rebuild.memo import ModelMemo

#: Bump when the way pages are digested changes: every page is then rendered anew.
FORMAT = 2

#: The build's globals that templates read besides their page (generator.build); each is
#: in the token. The cartography as a whole is not: a template reading it would escape the digest.
GLOBAL_INPUTS = ("site", "vocab", "last_update", "base_url", "file_urls", "asset_version")

#: Source folders whose files shape every page: the generator, the schemas, the themes.
CODE = ("generator", "schema", "themes")


#: A container with more items than this stands as its digest.
DIGEST_ABOVE = 32


class Unwalkable(Exception):
    """A context value with no data to digest: the page is always rendered."""


def _library_files() -> list[Path]:
    """Libraries that run while a page renders (templates, escaping, Markdown, sanitising)."""
    import cmarkgfm
    import nh3

    files = [getattr(module, "__file__", None) for module in (jinja2, markupsafe, cmarkgfm, nh3)]
    return [Path(file) for file in files if file]


def code_signature() -> tuple:
    """The source files and libraries a page is rendered with, by path and file signature."""
    found: list[tuple[str, Signature | None]] = []
    for folder in CODE:
        for parent, dirs, names in os.walk(TOOL_ROOT / folder):  # every build of serve: no Path per file
            dirs[:] = [name for name in dirs if name != "__pycache__"]
            for name in names:
                path = os.path.join(parent, name)
                try:
                    info = os.stat(path)
                except OSError:  # gone while we looked
                    continue
                if stat.S_ISREG(info.st_mode):
                    found.append((path, signature_of(info)))
    found.sort(key=lambda item: item[0].split(os.sep))  # the order of Path objects
    files = [(Path(path).as_posix(), signature) for path, signature in found]
    files += [(p.as_posix(), file_signature(p)) for p in _library_files()]
    return (sys.version, tuple(files))


class InputDigests:
    """The digests of one build's pages (see the module's docstring)."""

    def __init__(
        self, carto: Cartography, options: dict[str, Any], kept: dict | None = None, memo: ModelMemo | None = None
    ) -> None:
        """``memo``: the results a long-running process keeps per model (serve); ``kept``: what the
        previous build's digests made of them: unchanged objects, walked once for every build that
        shows them."""
        self._model_memo = memo
        #: id(model) -> what identifies it: a model that is a whole content file.
        self.roots: dict[int, tuple] = {}
        for (kind, key), model in carto.models.items():
            self._root(carto, model, kind, key)
        #: id -> (object, its walk) for what this build's pages share (facets, lists): walked once.
        self._walked: dict[int, tuple[Any, Any]] = {}
        #: Fragment contexts of models and plain values -> (their values, digest): see :meth:`context`.
        self._contexts: dict[tuple, tuple[tuple, str | None]] = {}
        self._kept_before = kept or {}
        #: The walks of kept results made or reused by this build, for the next one.
        self.kept: dict[int, tuple[Any, Any]] = {}
        global_inputs = (
            FORMAT,
            code_signature(),
            carto.site,
            carto.vocab,
            carto.today,
            carto.last_update,
            tuple(sorted(options.items())),
        )
        self.token = _digest(self._walk(global_inputs))

    def _root(self, carto: Cartography, model: Any, kind: str, key: str) -> None:
        display = carto.files.get((kind, key))
        if display is not None:  # named by a short digest: pages name thousands of models
            self._part(model, (value_digest((display, carto.signatures.get(display))),))

    def _part(self, model: Any, name: tuple) -> None:
        """``model`` and the models inside it (a phase, a contact, a question…), named by their place in the file."""
        self.roots[id(model)] = name
        parts = self._model_memo(_parts_of, model) if self._model_memo is not None else _parts_of(model)
        for part, place in parts:
            self.roots[id(part)] = name + place

    def forget(self) -> None:
        """Drop what pages were walked into (the token and the names of models stay)."""
        self._walked.clear()

    def page(self, page: Any) -> str | None:
        """The digest of everything ``page`` renders from; None when some of it cannot be digested."""
        try:
            inputs = (self.token, page.url, page.template, page.kind, page.title, page.in_sitemap, self._walk(page.context))
        except Unwalkable:
            return None
        return _digest(inputs)

    def value(self, value: Any) -> str | None:
        """The digest of ``value`` (a fragment's context); None when some of it cannot be digested."""
        try:
            return _digest(self._walk(value))
        except Unwalkable:
            return None

    def context(self, context: dict[str, Any]) -> str | None:
        """:meth:`value` of a fragment's context (keyword arguments). A context made only of content
        models, plain values and results kept per model (an operator's card, its fiche, its facts in
        a result of the tree) is digested once per build however many pages show it: none of them
        changes while the build runs (a kept result is never changed: generator.common.per_model)."""
        key = tuple([(name, id(item)) for name, item in context.items()])
        known = self._contexts.get(key)
        if known is not None and all(a is b for a, b in zip(known[0], context.values())):
            return known[1]
        digest = self.value(context)
        roots, memo = self.roots, self._model_memo
        if all(
            type(item) in _PLAIN or type(item) is dt.date or id(item) in roots or (memo is not None and memo.holds(item))
            for item in context.values()
        ):
            self._contexts[key] = (tuple(context.values()), digest)  # holding them keeps their ids
        return digest

    def _walk(self, value: Any) -> Any:
        """``value`` as nested tuples of plain values (str, int, float, bool, None), the same in every process."""
        kind = type(value)
        if kind in _PLAIN:
            return value
        if kind is dt.date:
            return ("date", value.toordinal())
        key = id(value)
        name = self.roots.get(key)
        if name is not None:
            return name
        seen = self._walked.get(key)
        if seen is not None and seen[0] is value:  # shared by many pages (facets, lists): walked once
            return seen[1]
        kept = self._model_memo is not None and self._model_memo.holds(value)
        if kept:
            before = self._kept_before.get(key)
            if before is not None and before[0] is value:
                self._walked[key] = self.kept[key] = before
                return before[1]
        # Plain values and models of content files are most items: taken inline, without a call.
        plain, named, walk = _PLAIN, self.roots.get, self._walk
        if kind is list or kind is tuple:
            walked: Any = tuple([item if type(item) in plain else (named(id(item)) or walk(item)) for item in value])
        elif kind is dict:
            walked = (
                "dict",
                tuple([(k if type(k) in plain else walk(k), v if type(v) in plain else walk(v)) for k, v in value.items()]),
            )
        else:
            walked = self._walk_other(value)
        if kept or (kind in _CONTAINERS and len(value) > DIGEST_ABOVE):
            walked = ("digest", _digest(walked))  # many pages (or builds) repeat it: a digest is shorter
        self._walked[key] = (value, walked)  # holding value keeps its id from being reused
        if kept:
            self.kept[key] = (value, walked)
        return walked

    def _walk_other(self, value: Any) -> Any:
        if isinstance(value, str):
            # Markup is rendered as is, a str escaped: the same text is not the same input.
            return ("markup", str(value)) if isinstance(value, markupsafe.Markup) else str(value)
        if isinstance(value, (int, float, dt.date, enum.Enum)):  # bool, IntEnum, datetime…
            return (type(value).__qualname__, repr(value))
        if isinstance(value, (list, tuple)):
            return tuple([self._walk(item) for item in value])
        if isinstance(value, dict):
            return ("dict", tuple([(self._walk(k), self._walk(v)) for k, v in value.items()]))
        if isinstance(value, (set, frozenset)):
            return ("set", tuple(sorted((self._walk(item) for item in value), key=repr)))
        if isinstance(value, BaseModel):  # built by the code, not read from a file
            fields = tuple([(name, self._walk(getattr(value, name))) for name in type(value).model_fields])
            return (type(value).__qualname__, fields, self._walk(value.__pydantic_extra__))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return (
                type(value).__qualname__,
                tuple([(f.name, self._walk(getattr(value, f.name))) for f in dataclasses.fields(value)]),
            )
        if isinstance(value, Path):
            return ("path", value.as_posix())
        if isinstance(value, types.FunctionType) and value.__module__.split(".")[0] in CODE:
            # Its code is in the token; what it was made with (defaults, closure) is data.
            cells = tuple(cell.cell_contents for cell in value.__closure__ or ())
            return (
                "function",
                value.__module__,
                value.__qualname__,
                self._walk(value.__defaults__),
                self._walk(value.__kwdefaults__),
                self._walk(cells),
            )
        raise Unwalkable(type(value).__qualname__)


def _parts_of(model: Any, place: tuple = ()) -> list[tuple[Any, tuple]]:
    """The models inside ``model``, each with its place (field names and list indexes)."""
    found = []
    for field, value in vars(model).items():
        items = (
            [((field,), value)]
            if isinstance(value, BaseModel)
            else ([((field, index), item) for index, item in enumerate(value)] if isinstance(value, (list, tuple)) else [])
        )
        for where, item in items:
            if isinstance(item, BaseModel):
                found.append((item, place + where))
                found += _parts_of(item, place + where)
    return found


_PLAIN = frozenset({str, int, float, bool, type(None)})
_CONTAINERS = frozenset({list, tuple, dict, set, frozenset})


def _digest(inputs: Any) -> str:
    return value_digest(inputs).hex()
