"""Print gate: a fiche printed (print media) hides the navigation and fits one A4 page, for every
fiche of the frozen copy of the content (Chromium's PDF of it has one page)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import quality

pytestmark = pytest.mark.browser

#: Elements that only serve on screen: hidden in print.
SCREEN_ONLY = "nav, .skip-link, .site-nav"


def pdf_pages(pdf: bytes, tmp_path) -> int:
    """Page count, read by pdfinfo (poppler-utils) when present, else from the PDF's page objects."""
    if shutil.which("pdfinfo"):
        file = tmp_path / "fiche.pdf"
        file.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(file)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def print_problems(tab, url: str, tmp_path) -> list[str]:
    tab.emulate_media(media="print")
    tab.goto(url)
    shown = tab.evaluate(
        """(sel) => [...document.querySelectorAll(sel)]
        .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
        .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
             + (el.getAttribute('aria-label') ? ' « ' + el.getAttribute('aria-label') + ' »' : ''))""",
        SCREEN_ONLY,
    )
    problems = [f"navigation visible à l'impression : {', '.join(shown)}"] if shown else []
    pages = pdf_pages(tab.pdf(format="A4", prefer_css_page_size=True, print_background=False), tmp_path)
    if pages != 1:
        problems.append(f"la fiche imprimée tient sur {pages} pages A4 (attendu : 1)")
    return problems


# On the frozen copy of the content (conftest.frozen_site): how long a fiche prints depends on its
# text and on whether it is overdue, which an editor's valid change may alter; the theme must
# keep every fiche of that copy on one page.
@pytest.mark.parametrize("fiche", quality.fiches(quality.FROZEN))
def test_fiche_prints_on_one_a4_page_without_navigation(frozen_page, frozen_site_url, fiche, tmp_path):
    assert quality.pages_of(quality.FICHE_KIND, quality.FROZEN), quality.no_fiche_message()
    problems = print_problems(frozen_page, frozen_site_url + fiche, tmp_path)
    assert not problems, f"/{fiche} :\n" + "\n".join(problems)


def test_a_fiche_too_long_for_one_page_fails(browser, built_site, tmp_path):
    from browser import serve

    assert quality.pages_of(quality.FICHE_KIND), quality.no_fiche_message()
    fiche = quality.pages_of(quality.FICHE_KIND)[0]
    long_text = "".join(f"<p>Paragraphe {i} ajouté pour déborder.</p>" for i in range(80))
    site = quality.broken_copy(built_site, tmp_path, fiche.path, lambda html: quality.inject(html, long_text))
    site_css = site / "assets" / "site.css"
    site_css.write_text(
        site_css.read_text(encoding="utf-8")
        + "\n@media print { html body nav, html body nav.breadcrumb { display: block !important; } }\n",
        encoding="utf-8",
    )
    with serve(site) as url:
        context = browser.new_context()
        try:
            problems = print_problems(context.new_page(), url + fiche.url, tmp_path)
        finally:
            context.close()
    assert problems[0].startswith("navigation visible à l'impression : nav"), problems
    assert re.fullmatch(r"la fiche imprimée tient sur \d+ pages A4 \(attendu : 1\)", problems[-1]), problems
