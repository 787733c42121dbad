"""Click through the tree in Chromium, with JavaScript and without it."""

from __future__ import annotations

import pytest
from browser import OfflineGuard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def choose(tab, label: str) -> None:
    tab.get_by_role("link", name=label).first.click()


def test_tree_with_javascript_swaps_pages_without_reload_and_keeps_history(page, site_url):
    page.goto(site_url + "orientation/")
    page.evaluate("window.__sameDocument = true")
    choose(page, "Un problème technique")
    page.wait_for_url("**/orientation/technique/")
    choose(page, "En Wallonie")
    page.wait_for_url("**/orientation/technique/wallonie/")
    assert page.locator("h1").inner_text() == "D'où vient le matériel concerné ?"
    assert page.evaluate("document.activeElement.id") == "question"  # focus follows the new question
    choose(page, "Du programme École numérique")
    page.wait_for_url("**/orientation/resultat/materiel-wallon/wallonie/")
    assert page.locator("h1").inner_text() == "Matériel École numérique ou Cyberclasse en panne"
    assert page.evaluate("window.__sameDocument === true"), "la page a été rechargée"
    assert page.locator(".orientation-result").count() >= 1
    assert "SPW" in page.locator(".orientation-result__title").first.inner_text()
    # Links swapped in are relative to the new URL: the fiche link works.
    href = page.locator(".orientation-result__title a").first.get_attribute("href")
    assert page.evaluate("(h) => new URL(h, location.href).pathname", href).endswith("/operateurs/spw-helpdesk-ami/")
    assert page.get_by_role("button", name="Imprimer ce résultat").is_visible()
    page.go_back()
    page.wait_for_url("**/orientation/technique/wallonie/")
    expect(page.locator("h1")).to_have_text("D'où vient le matériel concerné ?")
    assert page.evaluate("window.__sameDocument === true")


def test_tree_without_javascript_works_with_links_alone(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    guard = OfflineGuard(site_url)
    context.route("**/*", guard)
    tab = context.new_page()
    try:
        tab.goto(site_url + "orientation/")
        choose(tab, "La connexion")
        tab.wait_for_url("**/orientation/connectivite/")
        choose(tab, "À Bruxelles")
        tab.wait_for_url("**/orientation/resultat/connectivite/bruxelles/")
        assert "CIRB" in tab.locator(".orientation-result__title").first.inner_text()
        assert tab.get_by_text("Imprimer : utilisez la fonction d'impression").is_visible()
        assert not tab.get_by_role("button", name="Imprimer ce résultat").is_visible()
        # « modifier » goes back to the question where the answer was given.
        tab.get_by_role("link", name="modifier la réponse « Région »").click()
        tab.wait_for_url("**/orientation/connectivite/")
        assert tab.locator("h1").inner_text() == "Où se trouve votre école ?"
    finally:
        context.close()
    assert not guard.blocked, guard.blocked


def test_tree_can_be_completed_with_the_keyboard_alone(page, site_url):
    page.goto(site_url + "orientation/")
    label = "Je ne sais pas à qui m'adresser"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("(l) => document.activeElement.textContent.trim().startsWith(l)", label):
            break
    else:
        pytest.fail(f"« {label} » n'est pas atteignable au clavier")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "focus invisible"
    page.keyboard.press("Enter")
    page.wait_for_url("**/orientation/resultat/orientation-generale/")
    expect(page.locator(".orientation-result__title").first).to_contain_text("SGNE")


def test_every_result_prints_on_one_a4_page_as_a_fiche_d_orientation(page, site_url, built_site, tmp_path):
    import re
    import subprocess

    results = sorted(
        p.parent.relative_to(built_site).as_posix() + "/" for p in (built_site / "orientation" / "resultat").rglob("index.html")
    )
    assert results
    page.emulate_media(media="print")
    too_long = []
    for url in results:
        page.goto(site_url + url)
        assert page.locator(".orientation-sheet").is_visible(), f"{url} : pas d'en-tête « Fiche d'orientation » à l'impression"
        pdf = tmp_path / "resultat.pdf"
        pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        if pages != 1:
            too_long.append(f"{url} : {pages} pages A4")
    assert not too_long, "résultats imprimés sur plus d'une page A4 :\n" + "\n".join(too_long)
