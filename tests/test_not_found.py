"""404.html served by a host for a missing address at any depth under a sub-path: styled, with
its icon, its links leading to real pages, and no console error, with and without the public
address; under the Content-Security-Policy of docs/hosting.md."""

from __future__ import annotations

import base64
import hashlib
import re

import browser as support
import pytest
from conftest import CONTENT
from test_search import _documented_policy

from generator.build import build_site

pytestmark = pytest.mark.browser

#: Missing addresses under the site's sub-path: at its root, under sections, under unknown folders.
MISSING = ["inconnue", "operateurs/inconnu/", "projets/en-2021/inconnue/a/b/", "a/b/c/d.html"]


def _inline_script(html: str) -> str | None:
    found = re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>(.*?)</script>", html, re.S)
    return found.group(1) if found else None


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def test_the_inline_script_of_the_404_page_is_allowed_by_the_documented_policy(built_site):
    script = _inline_script((built_site / "404.html").read_text(encoding="utf-8"))
    assert script, "404.html construit sans adresse publique : script attendu"
    assert _csp_hash(script) in _documented_policy(), (
        f"docs/hosting.md : la politique doit autoriser le script de 404.html par {_csp_hash(script)}"
    )


class _HostHandler(support._Handler):
    """Like a static host: the site's 404.html (status 404) for every missing address, and the
    documented Content-Security-Policy on every answer."""

    site_root = ""  # the sub-path's folder on disk, set by _host()

    def end_headers(self):
        self.send_header("Content-Security-Policy", _documented_policy())
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (support.Path(self.site_root) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module", params=["sans adresse publique", "avec --base-url"])
def host(request, tmp_path_factory):
    """(base URL, built with it as its public address?) of the real content built into a folder served like a host under a sub-path."""
    site = tmp_path_factory.mktemp("introuvable") / "site"
    original = support._Handler
    support._Handler = type("Host", (_HostHandler,), {"site_root": str(site)})
    try:
        with support.serve(site) as url:
            with_base = request.param == "avec --base-url"
            build_site(CONTENT, site, base_url=url if with_base else None)
            yield url, with_base
    finally:
        support._Handler = original


@pytest.mark.parametrize("missing", MISSING)
def test_the_404_page_is_styled_and_its_links_work_at_any_depth(browser, host, missing):
    url, with_base = host
    context = browser.new_context()
    guard = support.OfflineGuard(url)
    context.route("**/*", guard)
    tab = context.new_page()
    errors, failed = [], []
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("response", lambda r: r.status >= 400 and r.url != url + missing and failed.append(r.url))
    try:
        response = tab.goto(url + missing)
        tab.wait_for_load_state("networkidle")
        assert response.status == 404
        assert tab.locator("h1").inner_text() == "Page introuvable"
        # Styled: the header has the theme's background, not the browser's transparent default.
        assert tab.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") not in (
            "rgba(0, 0, 0, 0)",
            "transparent",
        )
        icon = tab.evaluate("document.querySelector('link[rel=icon]') && document.querySelector('link[rel=icon]').href")
        assert icon and icon.startswith(url + "assets/img/favicon.svg"), icon
        links = tab.evaluate(
            "[...document.querySelectorAll('header a, main a, footer a')].map(a => a.href).filter(h => h.startsWith('http'))"
        )
        assert url in links and url + "operateurs/" in links and url + "orientation/" in links, links
        for link in set(links):
            if link.startswith(url):
                answer = tab.request.get(link)
                assert answer.status == 200, f"{missing} : le lien {link} → HTTP {answer.status}"
        assert tab.evaluate("document.querySelector('form.site-search').action") == url + "recherche/"
    finally:
        context.close()
    assert not guard.blocked, guard.blocked
    # The page's own 404 is the only one Chromium reports, except under unknown folders (a/b/c/):
    # there the script looks for the root from the deepest folder up, and each folder tried
    # before the root costs one failed stylesheet request.
    assert not [e for e in errors if not e.startswith("Failed to load resource")], errors
    if not missing.startswith("a/") or with_base:
        assert not failed, failed
    assert len(failed) <= missing.count("/"), failed
