"""Console gate: every page of the build, opened in Chromium, writes no error to the console and
no request fails, the icon included: each page links the site's own SVG icon (the browser would
otherwise ask the host portal for /favicon.ico, a 404 on every page)."""

from __future__ import annotations

import pytest
import quality
from browser import serve

pytestmark = pytest.mark.browser

ICON = "assets/img/favicon.svg"


#: Page kinds whose scripts keep loading after the load event (Pagefind's index, vis-network):
#: they are judged once the network is idle; the others at their load event (120 pages, quickly).
LATE = {"search", "diagram"}


def console_problems(tab, url: str, late: bool = True) -> list[str]:
    """Console errors, failed requests and a missing or broken icon of the page at ``url``."""
    problems: list[str] = []
    listeners = {
        "console": lambda m: m.type == "error" and problems.append(f"console : {m.text}"),
        "pageerror": lambda error: problems.append(f"erreur JavaScript : {error}"),
        # The browser fetches the icon after the load event: going to the next page aborts it
        # (it is fetched and checked below instead).
        "requestfailed": lambda r: (
            not (ICON in r.url and r.failure == "net::ERR_ABORTED") and problems.append(f"{r.url} : échec ({r.failure})")
        ),
        "response": lambda r: r.status >= 400 and problems.append(f"{r.url} : HTTP {r.status}"),
    }
    for event, listener in listeners.items():
        tab.on(event, listener)
    try:
        tab.goto(url, wait_until="networkidle" if late else "load")
        icon = tab.evaluate("(document.querySelector('link[rel=icon]') || {}).href || null")
        if not icon or ICON not in icon:
            problems.append(f"pas d'icône {ICON} (link rel=icon : {icon})")
        else:
            answer = tab.request.get(icon)
            if answer.status != 200 or answer.headers.get("content-type", "").split(";")[0] != "image/svg+xml":
                problems.append(f"icône {icon} : HTTP {answer.status}, {answer.headers.get('content-type')}")
    finally:
        for event, listener in listeners.items():
            tab.remove_listener(event, listener)
    return problems


def test_every_page_has_the_icon_and_no_console_error(browser, site_url):
    context = browser.new_context()
    tab = context.new_page()
    problems = []
    try:
        for page in quality.site_pages():
            found = console_problems(tab, site_url + page.url, late=page.kind in LATE)
            problems += [f"/{page.url} : {problem}" for problem in found]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_a_page_with_a_missing_script_and_no_icon_fails(browser, built_site, tmp_path):
    site = quality.broken_copy(
        built_site,
        tmp_path,
        "index.html",
        lambda html: quality.inject(html.replace('rel="icon"', 'rel="x-icon"'), '<script src="assets/js/absent.js"></script>'),
    )
    with serve(site) as url:
        context = browser.new_context()
        try:
            problems = console_problems(context.new_page(), url)
        finally:
            context.close()
    assert any(p.endswith("assets/js/absent.js : HTTP 404") for p in problems), problems
    assert any(p.startswith("pas d'icône") for p in problems), problems
