"""Page-weight gate: every page of the frozen copy of the content stays within tests/budget.json (HTML bytes and gzip-transferred
HTML + CSS + JS + images, per page kind; CSS and JS totals); a fiche transfers under 30 KB, its
HTML + CSS under 20 KB; the diagram page, before its interactive view is opened, under 60 KB.
Stylesheets that only some pages use are loaded by those pages only, and every stylesheet is minified.
Current weights: python tests/budget_update.py (--write to reset the budget)."""

from __future__ import annotations

import json
import re

import pytest
import quality


def _budget() -> dict:
    return json.loads(quality.BUDGET.read_text(encoding="utf-8"))


def test_every_page_is_within_the_weight_budget(frozen_site):
    """On the frozen copy of the content (conftest.frozen_site): a page's weight grows with the
    content (a new fiche lengthens the lists and the booklet, an overdue one gains a notice), and
    an editor's valid change must not turn the budget red; the theme's weight must not grow."""
    current = quality.weights(quality.read_files(frozen_site), quality.site_pages(quality.FROZEN))
    problems = quality.budget_problems(current, _budget())
    assert not problems, (
        "budget de poids dépassé (tests/budget.json ; poids actuels : python tests/budget_update.py) :\n" + "\n".join(problems)
    )


def test_the_budget_keeps_a_fiche_under_30_kb():
    assert _budget()["fiche_transfer_max"] <= 30 * 1024


def test_the_budget_keeps_a_fiche_html_and_css_under_20_kb_and_the_diagram_under_60_kb():
    assert _budget()["fiche_html_css_max"] <= 20 * 1024
    assert _budget()["diagram_transfer_max"] <= 60 * 1024


def test_a_fiche_whose_html_and_css_outgrow_20_kb_fails(built_site, tmp_path):
    fiche = quality.pages_of(quality.FICHE_KIND)[0]
    # Words gzip cannot fold: 20 KB of them (the budget's per-kind limits are not what is tested).
    filler = "<p>" + " ".join(f"{i * 7919 % 100003:x}q{i}" for i in range(6000)) + "</p>"
    site = quality.broken_copy(built_site, tmp_path, fiche.path, lambda html: quality.inject(html, filler))
    problems = quality.budget_problems(quality.weights(quality.read_files(site), quality.site_pages()), _budget())
    assert any(p.startswith(f"{fiche.path} : le HTML et les CSS d'une fiche") for p in problems), problems


def test_a_diagram_page_that_loads_vis_network_at_once_fails(built_site, tmp_path):
    page = quality.pages_of(quality.DIAGRAM_KIND)[0]
    script = '<script src="../assets/vendor/vis-network.min.js" defer></script>'
    site = quality.broken_copy(built_site, tmp_path, page.path, lambda html: quality.inject(html, script, "</body>"))
    problems = quality.budget_problems(quality.weights(quality.read_files(site), quality.site_pages()), _budget())
    assert any(p.startswith(f"{page.path} : le diagramme transfère") for p in problems), problems


#: The stylesheets (assets/css/<name>.css) that only one kind of page loads.
PAGE_STYLESHEETS = {"assets/css/diagram.css": "diagram", "assets/css/editors.css": "editors", "assets/css/booklet.css": "print"}


def _stylesheets(site, page) -> list[str]:
    html = (site / page.path).read_bytes()
    return [a for a in quality.loaded_assets(page.path, html) if a.endswith(".css")]


def test_styles_only_some_pages_use_are_loaded_by_those_pages_only(built_site):
    built = sorted(p.relative_to(built_site).as_posix() for p in (built_site / "assets" / "css").glob("*.css"))
    assert built == sorted(PAGE_STYLESHEETS), "une feuille par page : à lister dans PAGE_STYLESHEETS"
    for page in quality.site_pages():
        sheets = _stylesheets(built_site, page)
        if page.kind == "404":  # its script loads the stylesheet, at any depth (tests/test_not_found.py)
            assert not sheets, sheets
            continue
        assert sheets[0] == "assets/site.css", quality.describe(page)
        expected = [sheet for sheet, kind in PAGE_STYLESHEETS.items() if kind == page.kind]
        assert sheets[1:] == expected, f"{quality.describe(page)} : {sheets}"


@pytest.mark.parametrize("sheet", ["assets/site.css", *PAGE_STYLESHEETS])
def test_stylesheets_are_minified(built_site, sheet):
    css = (built_site / sheet).read_text(encoding="utf-8")
    assert "/*" not in css and not re.search(r"\n\s*\n|;\s+}|{\s+", css), sheet


def test_a_page_over_its_budget_fails(built_site, tmp_path):
    filler = "<p>" + " ".join(f"mot{i}" for i in range(20000)) + "</p>"
    site = quality.broken_copy(built_site, tmp_path, "index.html", lambda html: quality.inject(html, filler))
    problems = quality.budget_problems(quality.weights(quality.read_files(site), quality.site_pages()), _budget())
    assert any(p.startswith("index.html (home) : HTML ") for p in problems), problems
