"""The pull request's preview (built with ``--file-urls``) opened from the disk, as CONTRIBUTING.md
says: in Chromium over file://, every link of the home page and of the pages it leads to opens a
page of the site, never a folder listing. The default build, opened the same way, fails it.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import conftest
import pytest

from generator.build import build_site


@pytest.fixture(scope="module")
def disk_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("disque") / "apercu"
    build_site(conftest.CONTENT, out, file_urls=True)
    return out


# getAttribute: an SVG link's « href » is not a string (the diagram's operators are SVG links).
_LINKS = """() => [...document.querySelectorAll('a[href]')].map(a => new URL(a.getAttribute('href'), document.baseURI).href)
  .filter(href => href.startsWith('file://')).map(href => href.split('#')[0])"""


def _problems(browser, site: Path, depth: int = 3) -> tuple[int, list[str]]:
    """Follow the site's links from index.html, ``depth`` levels; (pages opened, problems)."""
    context = browser.new_context()
    outside: list[str] = []

    def only_the_disk(route):
        if route.request.url.startswith(("file://", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_disk)
    tab = context.new_page()
    problems: list[str] = []
    seen: set[str] = set()
    level = [(site / "index.html").as_uri()]
    try:
        for _ in range(depth):
            following: list[str] = []
            for url in level:
                if url in seen:
                    continue
                seen.add(url)
                name = url.rsplit("/", 1)[-1]
                if "." in name and not name.endswith(".html"):  # a data file: downloaded, not shown
                    if not Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path)).is_file():
                        problems.append(f"{url} : fichier absent")
                    continue
                tab.goto(url)
                title = tab.title()
                if title.startswith("Index of") or not name.endswith(".html"):
                    problems.append(f"{url} : « {title} » (une liste de dossier, pas une page)")
                    continue
                if tab.locator("h1").count() != 1:
                    problems.append(f"{url} : pas de titre h1")
                following += [link for link in tab.evaluate(_LINKS) if link not in seen]
            level = sorted(set(following))
    finally:
        context.close()
    assert not outside, outside
    return len(seen), problems


def test_the_preview_opened_from_the_disk_links_to_pages(browser, disk_site):
    opened, problems = _problems(browser, disk_site)
    assert opened > 20
    assert not problems, "\n".join(problems)


def test_the_default_build_opened_from_the_disk_shows_folder_listings(browser, built_site):
    _, problems = _problems(browser, built_site, depth=2)
    assert any("une liste de dossier" in problem for problem in problems), problems
