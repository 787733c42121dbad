"""``cartographie build``: content -> validated model -> pages -> files -> build/.

A short function on purpose: each stage lives in its own module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .content import Cartography, load_cartography
from .pages import BuildContext, collect
from .render import finish_page, make_environment, static_dir
from .site import File, Page
from .incremental import write_incremental


@dataclass
class BuildReport:
    pages: int
    files: int
    bytes: int


def build_site(content: Path, out: Path, base_url: str | None = None, file_urls: bool = False) -> BuildReport:
    carto = load_cartography(content)  # raises ContentError: nothing is written
    # Streamed: each file goes to disk as soon as it is rendered, so memory does not grow with
    # the size of the output. Atomic all the same, and unchanged files are kept from the previous build.
    written = write_incremental(out, iter_site(carto, base_url, file_urls))
    return BuildReport(pages=written.pages, files=written.files, bytes=written.bytes)


def render_site(carto: Cartography, base_url: str | None = None, file_urls: bool = False) -> dict[str, bytes]:
    """Every output file of the site, path -> bytes, in memory."""
    return dict(iter_site(carto, base_url, file_urls))


def iter_site(carto: Cartography, base_url: str | None = None, file_urls: bool = False) -> Iterator[tuple[str, bytes]]:
    """Every output file of the site as (path, bytes), one at a time (a later path replaces an earlier one).

    ``file_urls`` makes page links end with ``index.html``, for a site opened from the file system
    (where a link to a folder shows the folder, not its page).
    """
    base_url = base_url or carto.site.url_publique
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    context = BuildContext(carto=carto, base_url=base_url)
    items = collect(context)
    static: dict[str, bytes] = {}
    for item in _static_files():
        static[item.path] = item.as_bytes()
    yield from static.items()
    env = make_environment(globals_={"site": carto.site, "carto": carto, "base_url": base_url,
                                     "file_urls": file_urls, "asset_version": _asset_version(static)})
    for item in items:
        if isinstance(item, Page):
            template = env.get_template(item.template)
            html = finish_page(template.render(page=item, **item.context), item.url)
            yield item.path, html.encode("utf-8")
        else:
            yield item.path, item.as_bytes()


def _static_files() -> list[File]:
    """The theme's static files; CSS files are joined into one stylesheet (one request)."""
    root = static_dir()
    out = []
    css = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel.startswith("css/"):
            css.append(f"/* {rel} */\n" + path.read_text(encoding="utf-8"))
        else:
            out.append(File(f"assets/{rel}", path.read_bytes()))
    out.append(File("assets/site.css", "\n".join(css)))
    return out


def _asset_version(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in files if p.startswith("assets/")):
        digest.update(path.encode())
        digest.update(files[path])
    return digest.hexdigest()[:10]
