"""Keyboard gate: with Tab, Shift+Tab and Enter alone, a reader goes from /orientation/ through
the questions to a result and on to a fiche, and the focus is visible on every element it reaches."""

from __future__ import annotations

import pytest
import quality

pytestmark = pytest.mark.browser

MAX_TABS = 60


def tab_to(watch: quality.FocusWatch, selector: str, what: str) -> dict:
    """Press Tab until the focus is on an element matching ``selector``; check Shift+Tab goes back."""
    for _ in range(MAX_TABS):
        style = watch.press("Tab")
        if style and watch.tab.evaluate("(s) => document.activeElement.matches(s)", selector):
            watch.press("Shift+Tab")
            again = watch.press("Tab")
            assert again and again["label"] == style["label"], (
                f"{watch.tab.url} : Maj+Tab puis Tab ne revient pas sur {style['label']}"
            )
            return style
    pytest.fail(f"{watch.tab.url} : {what} ({selector}) non atteint en {MAX_TABS} appuis sur Tab")


def test_tree_to_result_to_fiche_with_the_keyboard_alone(page, site_url):
    assert quality.pages_of(quality.FICHE_KIND), quality.no_fiche_message()
    page.goto(site_url + "orientation/")
    watch = quality.FocusWatch(page)
    for step in range(1, 10):
        if "/orientation/resultat/" in page.url:
            break
        tab_to(watch, "a.orientation-option", f"une réponse à la question {step}")
        before = page.url
        watch.press("Enter")
        page.wait_for_function("(h) => location.href !== h", arg=before)
        page.wait_for_load_state()
    assert "/orientation/resultat/" in page.url, f"pas de résultat après 9 questions : {page.url}"
    result = page.url
    tab_to(watch, ".orientation-result__title a", "le lien vers une fiche")
    watch.press("Enter")
    page.wait_for_url("**/operateurs/*/")
    assert page.locator("h1").count() == 1, f"{page.url} : pas de titre de fiche (venu de {result})"
    tab_to(watch, "main a", "un lien de la fiche")
    problems = watch.finish()
    assert not problems, "\n".join(problems)


def test_an_invisible_focus_fails(browser, built_site, tmp_path):
    from browser import serve

    site = quality.broken_copy(
        built_site,
        tmp_path,
        "assets/site.css",
        lambda css: css + "\n*:focus, *:focus-visible { outline: none !important; box-shadow: none !important; }\n",
    )
    with serve(site) as url:
        context = browser.new_context()
        tab = context.new_page()
        try:
            tab.goto(url + "orientation/")
            watch = quality.FocusWatch(tab)
            for _ in range(3):
                watch.press("Tab")
            problems = watch.finish()
        finally:
            context.close()
    assert problems and "focus invisible sur a « Aller au contenu »" in problems[0], problems
