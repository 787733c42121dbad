"""No-network gate: every page kind, loaded in Chromium through the OfflineGuard (which aborts
every request not to the local server), makes no outside request and loads every asset."""

from __future__ import annotations

import pytest
import quality
from browser import OfflineGuard, serve

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", quality.kinds())
def test_page_kind_loads_only_local_assets_and_all_of_them(page, site_url, built_site, kind):
    target = quality.representative(built_site, kind)
    problems = quality.load_problems(page, site_url + target.url)
    assert not problems, f"{quality.describe(target)} :\n" + "\n".join(problems)


def test_a_page_that_calls_the_network_fails(browser, built_site, tmp_path):
    site = quality.broken_copy(
        built_site,
        tmp_path,
        "index.html",
        lambda html: quality.inject(html, '<img src="https://www.enseignement.be/logo.png" alt="logo">'),
    )
    with serve(site) as url:
        context = browser.new_context()
        guard = OfflineGuard(url)
        context.route("**/*", guard)
        tab = context.new_page()
        tab.offline_guard = guard
        try:
            problems = quality.load_problems(tab, url)
        finally:
            context.close()
    assert problems == ["https://www.enseignement.be/logo.png : requête hors du serveur local bloquée"], problems
