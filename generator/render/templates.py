"""Jinja2 environment of the theme: templates know pages and models, never YAML.

Links are written against placeholders and resolved once per page (:func:`finish_page`):
``ROOT`` stands for the path from the page to the site root ('../../'), ``HOME`` for a
link to the home page. A piece of HTML therefore never depends on the page it sits in,
so a fragment (an operator card, the body of a fiche) is rendered once per build and
reused by every page that shows it (:class:`Fragments`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from generator.common.paths import TOOL_ROOT
from generator.common.urls import Urls
from generator.render.template_cache import bytecode_cache
from generator.render.text import date_fr, render_markdown
from generator.render.titles import page_title
from schema import A_CONFIRMER, ELEMENTS

THEMES = TOOL_ROOT / "themes"

#: Placeholders (Unicode private use area: never in content, untouched by HTML escaping).
ROOT = "\ue000"
HOME = "\ue001"
#: Heading levels of a fragment, relative to the level its page gives it (see :meth:`Fragments.get`).
HEADING = "\ue002"
SUBHEADING = "\ue003"


@jinja2.pass_context
def _rel(context: jinja2.runtime.Context, target: str) -> str:
    # A page served at any depth (404.html) links absolutely when the public address is known.
    if context.get("absolute_links") and context.get("base_url"):
        return context["base_url"] + target
    if context.get("file_urls"):
        path, hash_, anchor = target.partition("#")
        if path.endswith("/") or not path:
            path += "index.html"
        return ROOT + path + hash_ + anchor
    return ROOT + target if target else HOME


def finish_page(html: str, url: str) -> str:
    """Resolve the link placeholders of the page at ``url`` ('operateurs/sgne/', '404.html')."""
    root = "../" * url.count("/")
    return html.replace(HOME, root or "./").replace(ROOT, root)


#: Pieces of a page's output joined, resolved and encoded together (see :func:`render_page`).
#: Small enough that a batch of the booklet's fiches stays a few megabytes.
PAGE_BATCH = 256


def render_page(template: jinja2.Template, url: str, context: dict[str, Any]) -> bytes:
    """The page at ``url`` as UTF-8 bytes, its links resolved (:func:`finish_page`).

    Rendered in batches of pieces rather than as one string: the print booklet grows with
    the fiches, and as one str (two bytes a character: the placeholders lie outside
    Latin-1), resolved twice and then encoded, it held five times its size at once
    (bench/README.md, « Mesures derrière le code »). A
    placeholder is one character, so no batch boundary can split one: same bytes.
    """
    pieces = template.generate(context)
    out = io.BytesIO()  # grows in place; getvalue() hands over its buffer without a copy
    while batch := list(islice(pieces, PAGE_BATCH)):
        out.write(finish_page("".join(batch), url).encode("utf-8"))
    return out.getvalue()


class Fragments:
    """Page-independent pieces of HTML, each rendered once per build.

    ``fragment(template, key, **context)`` in a template returns the rendered
    ``template`` for ``key`` (e.g. an operator id). The template must not read
    ``page`` (StrictUndefined makes that an error): its links go through ``rel``,
    which writes placeholders, and its heading levels through ``HEADING`` and
    ``SUBHEADING`` placeholders, which the page sets with the ``headings`` filter
    (``{{ fragment(…)|headings(2) }}`` in the print booklet).

    A fragment is made from what it is given (``context``) and the build's globals
    (vocabularies, site, date, options, templates), nothing else: that is what it declares.
    So fragments are kept from one build to the next in ``store`` (in memory for
    ``cartographie serve``, on disk beside the output otherwise: generator.rebuild.state) under
    ``token(context)``, a digest of the context and of every global input
    (generator.rebuild.inputs): give a fragment another operator's data, and a change to
    that operator's file renders it again. A None token is never kept. ``generation`` is the
    digest of the global inputs: a stored fragment of another generation is dropped.
    """

    def __init__(
        self,
        env: jinja2.Environment,
        store: dict | None = None,
        token: Callable[[dict[str, Any]], Any] | None = None,
        generation: object = None,
    ) -> None:
        self.env = env
        self.store = store if store is not None else {}
        # This build's fragments, as plain str: the store's strings are shared, not copied (they
        # weigh tens of MB at 5,000 fiches); each use wraps one in a short-lived Markup.
        self.cache: dict[tuple, str] = {}
        self.token = token or (lambda context: None)
        self.generation = generation

    def get(self, template: str, key: str, **context: Any) -> markupsafe.Markup:
        full_key = (template, key, self.token(context))
        html = self.cache.get(full_key)
        if html is None:
            html = self.store.get(full_key)
            if html is None:
                html = self.render(template, **context)
            self.cache[full_key] = html
        return markupsafe.Markup(html)

    def each(self, template: str, models: Any, name: str) -> markupsafe.Markup:
        """The fragments of ``template`` for every model, one after the other, each keyed by its id
        (``{{ fragments.each("operators/_card.html", operators, "op") }}``): a list of a thousand
        cards without a template loop around a thousand calls."""
        get = self.get
        return markupsafe.Markup("".join([get(template, model.id, **{name: model}) for model in models]))

    def update_store(self) -> bool:
        """Update ``store`` for the next build: this build's fragments, and the stored ones it did not
        need, unless made with other global inputs or replaced by a newer one of the same template
        and key. Whether ``store`` changed."""
        fresh = {k: html for k, html in self.cache.items() if k[2] is not None and k not in self.store}
        renewed = {(k[0], k[1]) for k in fresh}
        stale = [
            k
            for k in self.store
            if k[2] is None or k[2][1] != self.generation or ((k[0], k[1]) in renewed and k not in self.cache)
        ]
        for k in stale:
            del self.store[k]
        self.store.update(fresh)
        return bool(fresh or stale)

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def put(self, template: str, key: str, context: dict[str, Any], html: str) -> None:
        """A fragment rendered elsewhere (another process: generator.rebuild.parallel)."""
        self.cache[(template, key, self.token(context))] = str(html)

    def missing(self, template: str, key: str, context: dict[str, Any]) -> bool:
        """Neither rendered in this build nor kept from a previous one."""
        full_key = (template, key, self.token(context))
        return full_key not in self.cache and full_key not in self.store


def _headings(html: str, level: int) -> markupsafe.Markup:
    """A fragment's headings at ``level`` (its title) and ``level + 1`` (its sections)."""
    return markupsafe.Markup(str(html).replace(HEADING, str(level)).replace(SUBHEADING, str(level + 1)))


def _fail(message: str) -> None:
    """A template states what it cannot render: the build stops with that message."""
    raise jinja2.TemplateRuntimeError(message)


def _md(text: str | None) -> markupsafe.Markup:
    return markupsafe.Markup(render_markdown(text or ""))


def _md_inline(text: str | None) -> markupsafe.Markup:
    return markupsafe.Markup(render_markdown(text or "", inline=True))


def make_environment(theme: str = "default", globals_: dict[str, Any] | None = None) -> jinja2.Environment:
    """The theme's environment; the build adds ``fragment`` / ``fragments`` (a Fragments per build)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(THEMES / theme / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.bytecode_cache = bytecode_cache(env)  # compiled templates reused between runs
    env.filters.update(rel=_rel, md=_md, md_inline=_md_inline, date_fr=date_fr, headings=_headings, page_title=page_title)
    env.globals.update(urls=Urls, ELEMENTS=ELEMENTS, A_CONFIRMER=A_CONFIRMER, HEADING=HEADING, SUBHEADING=SUBHEADING, fail=_fail)
    env.globals.update(globals_ or {})
    return env


def static_dir(theme: str = "default") -> Path:
    return THEMES / theme / "static"
