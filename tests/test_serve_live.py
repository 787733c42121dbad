"""``cartographie serve`` keeps the open page in step with the files: it reloads after each rebuild,
and while the content is invalid every page shows a French banner with the errors (file:line),
gone once fixed. The script that does it is added by the preview server only: the built files,
and so the published site, have no trace of it.

Played in real Chromium on the frozen copy of the content (tests/fixtures/golden/content).
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import conftest
import pytest
from test_serve import _running

from generator.livereload import PREFIX, inject

FICHE = Path("operators") / "sgne.yaml"


@pytest.fixture
def preview(tmp_path):
    yield from _running(tmp_path, conftest.FROZEN)


def _get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("Content-Type", ""), response.read().decode("utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_inject_puts_the_script_before_the_end_of_the_body():
    assert inject(b"<html><body><p>x</p></body></html>", b"<script></script>") == (
        b"<html><body><p>x</p><script></script></body></html>"
    )
    assert inject(b"<p>sans body</p>", b"<s>") == b"<p>sans body</p><s>"


def test_served_pages_carry_the_script_and_the_built_site_has_no_trace_of_it(preview):
    content, out, address, _ = preview
    for path in ("", "operateurs/sgne/", "operateurs/sgne/index.html", "page-qui-n-existe-pas/"):
        try:
            _, page = _get(address + path)
        except urllib.error.HTTPError as error:  # the site's 404.html, served with the script too
            assert error.code == 404
            page = error.read().decode("utf-8")
        assert page.count(f'src="{PREFIX}apercu.js"') == 1, path
    kind, script = _get(address + PREFIX.lstrip("/") + "apercu.js")
    assert kind.startswith("text/javascript") and "location.reload" in script
    # Assets are served as built, byte for byte.
    css = next((out / "assets").glob("*.css"))
    with urllib.request.urlopen(address + f"assets/{css.name}", timeout=10) as response:
        assert response.read() == css.read_bytes()
    built = [p for p in out.rglob("*") if p.is_file()]
    assert len(built) > 50
    assert not [p for p in built if b"__apercu__" in p.read_bytes()]


def test_the_open_page_reloads_after_a_rebuild_and_shows_the_errors_while_invalid(preview, browser):
    from browser import OfflineGuard

    content, _, address, logs = preview
    context = browser.new_context()
    guard = OfflineGuard(address.rstrip("/"))
    context.route("**/*", guard)
    tab = context.new_page()
    try:
        tab.goto(address + "operateurs/sgne/")
        tab.evaluate("window.__pas_recharge = true")
        # A valid change: the page reloads by itself and shows it.
        _edit(content / FICHE, "\nresume: >-\n", "\nresume: >-\n  Relu pendant l'aperçu.\n")
        tab.wait_for_function("!window.__pas_recharge", timeout=60_000)
        assert "Relu pendant l'aperçu." in tab.content()
        assert tab.locator("#apercu-erreurs").count() == 0
        # An invalid save: the page keeps the last good build and says what is wrong, in French, with file:line.
        line = (content / FICHE).read_text(encoding="utf-8").splitlines().index("sigle: SGNE") + 1
        _edit(content / FICHE, "\nsigle: SGNE\n", "\nsigle: #SGNE\n")
        banner = tab.locator("#apercu-erreurs")
        banner.wait_for(timeout=60_000)
        text = banner.inner_text()
        assert "Le contenu a 1 erreur(s)" in text
        assert f"sgne.yaml:{line}: erreur : champ « sigle »" in text
        assert banner.get_attribute("role") == "alert"
        # Every page shows it, not only the one that was open.
        tab.goto(address + "operateurs/")
        tab.locator("#apercu-erreurs").wait_for(timeout=30_000)
        # Fixed: the banner goes (the page reloads on the new build).
        tab.evaluate("window.__pas_recharge = true")
        _edit(content / FICHE, "\nsigle: #SGNE\n", "\nsigle: SGNE\n")
        tab.wait_for_function("!window.__pas_recharge", timeout=60_000)
        tab.wait_for_load_state()
        assert tab.locator("#apercu-erreurs").count() == 0
    finally:
        context.close()
    assert not guard.blocked, guard.blocked
    assert sum("La construction a échoué" in line for line in logs) == 1
