"""/diagramme/: the diagram page, its data and its accessible equivalent."""

import re

import pytest

from generator.build import render_site


def test_diagram_page_references_only_local_assets(built_site):
    html = (built_site / "diagramme" / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert "../assets/vendor/vis-network.min.js" in sources
    assert "<script>" not in html and not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*ld\+json)", html)
    assert (built_site / "assets" / "vendor" / "vis-network.min.js").stat().st_size > 100_000


def test_diagram_data_is_fixed_and_identical_across_builds(carto):
    first = render_site(carto)["assets/diagram/data.js"]
    second = render_site(carto)["assets/diagram/data.js"]
    assert first == second
    text = first.decode("utf-8")
    assert '"physics":{"enabled":false}' in text and '"smooth":false' in text and '"improvedLayout":false' in text
    for op_id in carto.operators:
        assert f'"href":"../operateurs/{op_id}/"' in text


def test_equivalent_list_names_every_operator(carto, built_site):
    html = (built_site / "diagramme" / "index.html").read_text(encoding="utf-8")
    equivalent = html.split('id="liste-equivalente"', 1)[1]
    for op_id in carto.operators:
        assert f'href="../operateurs/{op_id}/"' in equivalent


@pytest.mark.browser
def test_diagram_is_drawn_and_a_node_leads_to_its_fiche(page, site_url, carto):
    page.goto(site_url + "diagramme/")
    page.wait_for_function("document.documentElement.dataset.diagramReady === '1'", timeout=20000)
    assert page.locator("[data-diagram-canvas] canvas").count() == 1
    page.select_option("#centrer-sur", "operator:cirb")
    assert "CIRB est sélectionné" in page.locator("[data-diagram-status]").inner_text()
    assert page.evaluate("window.cartoNetwork.getSelectedNodes()") == ["operator:cirb"]
    page.select_option("#hl-region", "region:bruxelles")
    page.select_option("#hl-need", "need:connectivite")
    assert page.locator("[data-diagram-status]").inner_text().startswith("1 opérateur correspond")
    page.locator("[data-diagram-canvas]").scroll_into_view_if_needed()
    position = page.evaluate("""() => { const n = window.cartoNetwork;
        return n.canvasToDOM(n.getPositions(['operator:cirb'])['operator:cirb']); }""")
    box = page.locator("[data-diagram-canvas] canvas").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    assert page.url.endswith("operateurs/cirb/")
    assert page.locator("h1").inner_text().startswith(carto.operators["cirb"].nom)


@pytest.mark.browser
def test_equivalent_list_button_centres_the_operator(page, site_url):
    page.goto(site_url + "diagramme/")
    page.wait_for_function("document.documentElement.dataset.diagramReady === '1'", timeout=20000)
    page.locator('[data-show-node="operator:segec-ctp"]').first.click()
    assert page.evaluate("window.cartoNetwork.getSelectedNodes()") == ["operator:segec-ctp"]
    assert "SeGEC — CTP est sélectionné" in page.locator("[data-diagram-status]").inner_text()
