"""General guarantees of the built site: links resolve, nothing external loads, builds are
reproducible and atomic, and the site works under a sub-path."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import conftest
import pytest
from site_html import html_files, parse, resolve

from generator.common.urls import Urls

#: Tags whose URL the browser loads by itself (not a link the reader follows).
LOADING_TAGS = {"script", "link", "img", "source", "iframe", "video", "audio", "embed", "object", "track", "input"}
#: <link> relations that name an address without loading it.
NON_LOADING_RELS = {"canonical", "alternate", "license"}
EXTERNAL = re.compile(r"^(https?:)?//", re.I)
CSS_EXTERNAL = re.compile(r"""(@import\s+(url\()?\s*['"]?\s*(https?:)?//)|(url\(\s*['"]?\s*(https?:)?//)""", re.I)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_every_internal_link_anchor_and_asset_resolves(built_site):
    broken = []
    ids: dict[str, set[str]] = {}
    pages = html_files(built_site)
    assert len(pages) > 5
    for path in pages:
        for link in parse(built_site, path).links:
            if link.attr == "srcset":
                values = [part.split()[0] for part in link.value.split(",") if part.strip()]
            else:
                values = [link.value]
            for value in values:
                target = resolve(path, value)
                if target is None:
                    continue
                file, fragment = target
                if file.startswith("../") or not (built_site / file).is_file():
                    broken.append(f"{path}: {value} -> {file} introuvable")
                    continue
                if fragment and file.endswith(".html"):
                    if file not in ids:
                        ids[file] = parse(built_site, file).ids
                    if fragment not in ids[file]:
                        broken.append(f"{path}: {value} -> ancre #{fragment} absente de {file}")
    assert not broken, "\n".join(broken)


def test_no_page_loads_an_external_script_stylesheet_font_or_image(built_site):
    found = []
    for path in html_files(built_site):
        for link in parse(built_site, path).links:
            if link.tag not in LOADING_TAGS:
                continue
            if link.tag == "link" and NON_LOADING_RELS & set(link.attrs.get("rel", "").split()):
                continue
            if any(EXTERNAL.match(part.strip()) for part in link.value.split(",")):
                found.append(f"{path}: <{link.tag} {link.attr}={link.value}>")
            if "style" in link.attrs and CSS_EXTERNAL.search(link.attrs["style"]):
                found.append(f"{path}: style={link.attrs['style']}")
        html = (built_site / path).read_text(encoding="utf-8")
        for style in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S):
            if CSS_EXTERNAL.search(style):
                found.append(f"{path}: <style> charge une ressource externe")
    css_files = sorted(built_site.rglob("*.css"))
    assert css_files
    for css in css_files:
        for match in CSS_EXTERNAL.finditer(css.read_text(encoding="utf-8")):
            found.append(f"{css.relative_to(built_site)}: {match.group(0)}")
    assert not found, "\n".join(found)


def _build(content: Path | str, out: Path | str, *extra: str, cwd: Path | None = None, seed: str = "0"):
    """``cartographie build`` in a separate process, as CI runs it."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        ["cartographie", "build", "--content", str(content), "--out", str(out), *extra],
        cwd=cwd or Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path):
    # Different hash seeds: an unsorted set or dict iteration would show up as a difference.
    first = _build(conftest.CONTENT, tmp_path / "a", "--base-url", "https://exemple.be/carto/", seed="1")
    second = _build(conftest.CONTENT, tmp_path / "b", "--base-url", "https://exemple.be/carto/", seed="2")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert "sitemap.xml" in a and "donnees/datapackage.json" in a
    assert a.keys() == b.keys()
    assert [path for path in a if a[path] != b[path]] == []


def test_broken_fiche_fails_in_french_and_leaves_the_previous_build_intact(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, content)
    out = tmp_path / "build"
    ok = _build(content, out, cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    before = _files(out)

    fiche = sorted((content / "operators").glob("*.yaml"))[0]
    lines = fiche.read_text(encoding="utf-8").splitlines()
    (index,) = [i for i, line in enumerate(lines) if line.startswith("sigle:")]
    lines[index] = "sigle: " + "X" * 40  # longer than the 30 characters a sigle may have
    fiche.write_text("\n".join(lines) + "\n", encoding="utf-8")

    broken = _build("content", "build", cwd=tmp_path)
    assert broken.returncode == 1
    assert f"content/operators/{fiche.name}:{index + 1}: erreur : champ « sigle » : texte trop long" in broken.stderr, (
        broken.stderr
    )
    assert "erreur" in broken.stderr and "rien n'a été modifié" in broken.stderr
    assert "Traceback" not in broken.stderr
    assert _files(out) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")], "dossier temporaire oublié"


@pytest.mark.browser
def test_site_works_under_a_sub_path(page, site_url, carto):
    assert "/numerique/cartographie/" in site_url

    def follow(selector: str) -> str:
        href = page.locator(selector).first.evaluate("a => a.href")
        assert href.startswith(site_url), href
        response = page.goto(href)
        assert response.status == 200, href
        return href

    assert page.goto(site_url).status == 200
    follow(f'header a[href$="{Urls.operators}"]')
    op_id = next(iter(carto.operators))
    follow(f'main .card__title a[href$="{op_id}/"]')
    assert page.locator("h1").inner_text().startswith(carto.operators[op_id].nom)

    follow(f'header a[href$="{Urls.projects}"]')
    project = next(iter(carto.projects.values()))
    follow(f'main a[href$="{project.id}/"]')
    assert page.locator("h1").inner_text() == project.nom
    phase = project.phases[0]
    follow(f'main .steps a[href$="{phase.id}/"]')
    assert page.locator("h1").inner_text() == phase.titre
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 10, "la feuille de style ne s'est pas chargée"
