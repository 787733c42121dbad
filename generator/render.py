"""Jinja2 environment of the theme: templates know pages and models, never YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from schema import A_CONFIRMER, ELEMENTS

from .site import Urls, relative
from .text import date_fr, render_markdown

THEMES = Path(__file__).resolve().parent.parent / "themes"


@jinja2.pass_context
def _rel(context: jinja2.runtime.Context, target: str) -> str:
    # A page served at any depth (404.html) links absolutely when the public address is known.
    if context.get("absolute_links") and context.get("base_url"):
        return context["base_url"] + target
    link = relative(target, context["page"].url)
    if context.get("file_urls"):
        path, hash_, anchor = link.partition("#")
        if path.endswith("/"):
            link = path + "index.html" + hash_ + anchor
    return link


def _md(text: str | None) -> markupsafe.Markup:
    return markupsafe.Markup(render_markdown(text or ""))


def _md_inline(text: str | None) -> markupsafe.Markup:
    return markupsafe.Markup(render_markdown(text or "", inline=True))


def make_environment(theme: str = "default", globals_: dict[str, Any] | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(THEMES / theme / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(rel=_rel, md=_md, md_inline=_md_inline, date_fr=date_fr)
    env.globals.update(urls=Urls, ELEMENTS=ELEMENTS, A_CONFIRMER=A_CONFIRMER)
    env.globals.update(globals_ or {})
    return env


def static_dir(theme: str = "default") -> Path:
    return THEMES / theme / "static"
