"""Accessibility gate: axe-core (WCAG 2.2 AA tags) on one page of every kind, in the light and
dark colour schemes and in forced-colours mode; reflow at 320 CSS px (WCAG 1.4.10)."""

from __future__ import annotations

import pytest
import quality

pytestmark = pytest.mark.browser


def test_every_expected_page_kind_exists():
    """A section that exists must produce its page kinds, or the gates would silently skip them."""
    assert not quality.missing_kinds(), "\n".join(quality.missing_kinds())


@pytest.mark.parametrize("mode", list(quality.MODES))
@pytest.mark.parametrize("kind", quality.kinds())
def test_page_kind_has_no_axe_violation(page, site_url, built_site, kind, mode):
    target = quality.representative(built_site, kind)
    page.emulate_media(**quality.MODES[mode])
    page.goto(site_url + target.url)
    problems = quality.axe_violations(page)
    assert not problems, f"{quality.describe(target)}, mode {mode} :\n" + "\n".join(problems)


@pytest.mark.parametrize("kind", quality.kinds())
def test_page_kind_reflows_at_320_css_px(page, site_url, built_site, kind):
    target = quality.representative(built_site, kind)
    page.set_viewport_size({"width": quality.REFLOW_WIDTH, "height": 640})
    page.goto(site_url + target.url)
    problem = quality.reflow_problem(page)
    assert problem is None, f"{quality.describe(target)} : {problem}"


def _open_copy(browser, site, url_path: str, check):
    from browser import serve

    with serve(site) as url:
        context = browser.new_context()
        tab = context.new_page()
        try:
            tab.goto(url + url_path)
            return check(tab)
        finally:
            context.close()


def test_an_unlabelled_field_fails_axe(browser, built_site, tmp_path):
    site = quality.broken_copy(
        built_site, tmp_path, "index.html", lambda html: quality.inject(html, '<input type="text" name="q">')
    )
    problems = _open_copy(browser, site, "", quality.axe_violations)
    assert any(p.startswith("label (critical) : Form elements must have labels — input") for p in problems), problems


def test_a_wide_element_fails_reflow_and_is_named(browser, built_site, tmp_path):
    site = quality.broken_copy(
        built_site, tmp_path, "index.html", lambda html: quality.inject(html, '<pre class="trop-large">' + "x" * 120 + "</pre>")
    )
    problem = _open_copy(browser, site, "", quality.reflow_problem)
    assert problem and "pre.trop-large" in problem, problem
