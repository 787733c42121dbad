"""``cartographie build``: content -> validated model -> pages -> files -> build/.

A short function on purpose: each stage lives in its own module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import rcssmin

from generator.common.per_model import compute
from generator.common.urls import File, Page
from generator.content.cartography import Cartography
from generator.model.load import load_cartography
from generator.output import search as search_index
from generator.output.incremental import UNCHANGED, Item, Previous, claim, write_incremental
from generator.output.outdir import check_output
from generator.rebuild.inputs import InputDigests
from generator.rebuild.memo import ModelMemo
from generator.rebuild.parallel import MIN_PAGES, render_all
from generator.rebuild.state import BuildState
from generator.render.templates import Fragments, make_environment, render_page, static_dir
from generator.site.sections import BuildContext, collect
from generator.site.sections import fragments as section_fragments


@dataclass
class BuildReport:
    pages: int
    files: int
    bytes: int


def build_site(
    content: Path,
    out: Path,
    base_url: str | None = None,
    file_urls: bool = False,
    jobs: int | None = None,
    state: BuildState | None = None,
    search: Search = "now",
) -> BuildReport:
    """Load, check, render and write the site, then index it for the search page
    (generator.output.search: the last stage, on the assembled site before it is swapped in).
    ``search="later"`` keeps the previous index as it is, for :func:`index_site` to make once
    the pages are served (``serve``); ``"off"`` leaves the index out. ``jobs``: processes to
    render with (None: the cores).
    ``state``: what makes a rebuild fast (generator.rebuild.state), kept between builds by a
    long-running process, which saves it when it stops; without it, the state the last build
    left beside ``out`` is loaded, and this build's saved there."""
    out = check_output(out, content)  # raises OutputRefused: a folder a build must not write
    long_running = state is not None
    if state is None:
        state = BuildState.load(out)
    elif state.memo is None:
        state.memo = ModelMemo()  # what one model gives is kept for the next build
    # raises ContentError: nothing is written. A one-shot build keeps no parsed document:
    # they are let go once cross-checked (memory).
    carto = load_cartography(
        content,
        documents=state.documents if long_running else None,
        per_model=state.memo or compute,
        routes=state.routes if long_running else None,
    )
    with claim(out):
        previous = Previous.read(out, recorded=(state.manifest, state.inputs))
        # Streamed: each file goes to disk as soon as it is rendered, so memory does not grow with
        # the size of the output. Atomic all the same, and unchanged files are kept from the previous build.
        site = iter_site(carto, base_url, file_urls, jobs=jobs, state=state, previous=previous)
        written = write_incremental(out, site, previous=previous, after=_SEARCH_STAGES[search])
    state.record(written.manifest, written.inputs)
    if not long_running:  # serve saves it when it stops, not after every rebuild
        state.save(out)
    return BuildReport(pages=written.pages, files=written.files, bytes=written.bytes)


def index_site(out: Path, state: BuildState) -> bool:
    """After ``build_site(…, search="later")``: make the search index of the site in ``out``
    again if the pages it reads changed since it was made; the pages stay as they are, and
    the site as a whole becomes what ``build_site`` writes. Whether ``out`` was written (not when
    a file of it was changed by something else than a build: the next build mends it)."""
    with claim(out):
        previous = Previous.read(out, recorded=(state.manifest, state.inputs))
        pages = [path for path in previous.digests if not path.startswith(search_index.FOLDER)]
        if not previous.exists or not all(previous.size_if_reusable(path) is not None for path in pages):
            return False
        if search_index.is_current(previous):
            return True
        kept: list[Item] = [(path, UNCHANGED, previous.inputs.get(path)) for path in pages]
        written = write_incremental(out, kept, previous=previous, after=search_index.stage)
    state.record(written.manifest, written.inputs)
    return True


#: When the search index is made: with the pages, after them (index_site), never.
Search = Literal["now", "later", "off"]
_SEARCH_STAGES = {"now": search_index.stage, "later": search_index.kept_stage, "off": None}


def render_site(
    carto: Cartography, base_url: str | None = None, file_urls: bool = False, jobs: int | None = None, search: bool = True
) -> dict[str, bytes]:
    """Every output file of the site, path -> bytes, in memory, rendered without any build state;
    with its search index unless ``search`` is False (Pagefind, on a temporary copy of the pages)."""
    files = {path: data for path, data, _ in iter_site(carto, base_url, file_urls, jobs=jobs) if isinstance(data, bytes)}
    if search:
        files.update(search_index.index_files(files))
    return files


def iter_site(
    carto: Cartography,
    base_url: str | None = None,
    file_urls: bool = False,
    jobs: int | None = None,
    state: BuildState | None = None,
    previous: Previous | None = None,
) -> Iterator[Item]:
    """Every output file of the site as an item (path, bytes, digest of its inputs), one at a
    time, each path once (where two sections give the same path, the later one wins), in no
    fixed order.

    ``file_urls`` makes page links end with ``index.html``, for a site opened from the file system
    (where a link to a folder shows the folder, not its page). Pages are rendered on ``jobs``
    processes (:mod:`generator.rebuild.parallel`; None: as many as there are cores).

    Two uses. Without ``state``, everything is rendered and nothing is digested (the digest is
    None): the site in memory (``render_site``). With ``state`` (a build), every page's inputs
    are digested (:mod:`generator.rebuild.inputs`), fragments are taken from and left in the
    state, and a page whose inputs are those recorded for ``previous`` (the build being replaced)
    is not rendered: it comes as (path, :data:`~generator.output.incremental.UNCHANGED`, digest).
    """
    base_url = base_url or carto.site.url_publique
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    memo = state.memo if state is not None else None
    context = BuildContext(carto=carto, base_url=base_url, file_urls=file_urls, per_model=memo or compute)
    static: dict[str, bytes] = {static_file.path: static_file.as_bytes() for static_file in _static_files()}
    final: dict[str, Page | File] = {}
    item: Page | File
    for item in collect(context):
        final.pop(item.path, None)  # the later one wins, in its own place
        final[item.path] = item
    for path in static:
        if path not in final:
            yield path, static[path], None
    options = {"base_url": base_url, "file_urls": file_urls, "asset_version": _asset_version(static)}
    # What templates may read besides their page: the inputs of every page (generator.rebuild.inputs).
    globals_ = {"site": carto.site, "vocab": carto.vocab, "last_update": carto.last_update, **options}
    if state is not None and state.env is not None:
        env = state.env
        env.globals.update(globals_)
    else:
        env = make_environment(globals_=globals_)
    inputs = InputDigests(carto, options, state.walks, memo) if state is not None else None
    fragments = Fragments(
        env,
        state.fragments if state is not None else None,
        _fragment_token(inputs) if inputs is not None else None,
        inputs.token if inputs is not None else None,
    )
    env.globals.update(fragment=fragments.get, fragments=fragments)
    pages = []
    digests: dict[str, str | None] = {}
    for item in final.values():
        if not isinstance(item, Page):
            yield item.path, item.as_bytes(), None
            continue
        digest = digests[item.path] = inputs.page(item) if inputs is not None else None
        if previous is not None and previous.unchanged(item.path, digest):
            yield item.path, UNCHANGED, digest
            continue
        pages.append(item)
        env.get_template(item.template)  # compiled once, before the work is shared out
    # Written: their bytes need not stay for the rendering (the exports grow with the fiches).
    final.clear()
    context.shared.pop("items", None)  # the same items, kept for the sitemap
    if inputs is not None and state is not None:
        inputs.forget()  # the pages are digested: what was walked for them is not needed any more
        state.walks = inputs.kept
    if len(pages) >= MIN_PAGES:
        # Fragments shared by many pages (cards, fiche bodies…) first, on every core, so that no
        # process renders one twice; then the pages. Fewer pages render theirs as they need them.
        shared = sorted(
            (task for task in section_fragments(context) if fragments.missing(*task)), key=lambda task: task[0]
        )  # each kind split evenly
        contexts = {(template, key): context for template, key, context in shared}
        for (template, key), html in render_all(shared, _fragment_renderer(fragments), jobs, min_tasks=MIN_PARALLEL_FRAGMENTS):
            fragments.put(template, key, contexts[(template, key)], html)

    def render(page: Page) -> tuple[str, bytes]:
        return page.path, render_page(env.get_template(page.template), page.url, dict(page=page, **page.context))

    for path, data in render_all(pages, render, jobs):
        yield path, data, digests[path]
    if state is not None:
        fragments.update_store()
        state.env = env


def _fragment_token(inputs: InputDigests) -> Callable[[dict], object]:
    """A fragment's validity between builds: the digest of what it is given (a content model
    counts as its file) and of every global input (plain values: the token is kept on disk with
    the fragment). None when some of it cannot be digested: never reused by another build."""

    def token(context: dict) -> object:
        digest = inputs.context(context)
        return None if digest is None else (digest, inputs.token)

    return token


#: Fragments are small: forking pays off only for many of them.
MIN_PARALLEL_FRAGMENTS = 400


def _fragment_renderer(fragments):
    def render(task: tuple[str, str, dict]) -> tuple[tuple[str, str], str]:
        template, key, context = task
        return (template, key), fragments.render(template, **context)

    return render


def _static_files() -> list[File]:
    """The theme's static files. Stylesheets: the partials ``css/NN-name.css`` are joined into
    ``assets/site.css`` (every page, one request); those of a folder ``css/<name>/`` into
    ``assets/css/<name>.css``, which only the pages that need it load (templates/_macros/assets.html).
    Each is minified (rcssmin)."""
    root = static_dir()
    out = []
    sheets: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel.startswith("css/"):
            parts = rel.split("/")
            target = "assets/site.css" if len(parts) == 2 else f"assets/css/{parts[1]}.css"
            sheets.setdefault(target, []).append(path.read_text(encoding="utf-8"))
        else:
            out.append(File(f"assets/{rel}", path.read_bytes()))
    out.extend(File(target, rcssmin.cssmin("\n".join(partials)) + "\n") for target, partials in sheets.items())
    return out


def _asset_version(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in files if p.startswith("assets/")):
        digest.update(path.encode())
        digest.update(files[path])
    return digest.hexdigest()[:10]
