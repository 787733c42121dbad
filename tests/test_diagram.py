"""/diagramme/: the diagram page (an SVG drawn at build time, vis-network on demand), its data and
its accessible equivalent."""

import re

import networkx as nx
import pytest

from generator.build import render_site
from generator.site.drawing import drawing
from generator.site.network import CLUSTER_THRESHOLD, layout

VIS = "vis-network.min.js"


def test_diagram_page_references_only_local_assets(built_site):
    html = (built_site / "diagramme" / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert "<script>" not in html and not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*ld\+json)", html)
    # vis-network is not a script of the page: the button names it, diagram.js loads it on demand.
    assert not [s for s in sources if VIS in s]
    scripts = re.search(r'data-diagram-scripts="([^"]+)"', html).group(1).split()
    assert scripts[0] == f"../assets/vendor/{VIS}" and scripts[1].startswith("../assets/diagram/data.js?v=")
    assert (built_site / "assets" / "vendor" / VIS).stat().st_size > 100_000


def test_the_vendored_vis_network_names_no_source_map(built_site):
    # pyvis's copy ends with a sourceMappingURL comment, and the map is not in the wheel.
    assert b"sourceMappingURL" not in (built_site / "assets" / "vendor" / VIS).read_bytes()


def test_every_operator_of_the_drawing_is_a_link_to_its_fiche(carto, built_site):
    html = (built_site / "diagramme" / "index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg class=\"diagram-svg\".*?</svg>", html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)" class="diagram-node diagram-node--operator"><title>([^<]+)</title>', svg)
    assert sorted(href for href, _ in links) == sorted(f"../operateurs/{op_id}/" for op_id in carto.operators)
    for href, title in links:
        operator = carto.operators[href.split("/")[-2]]
        assert title.replace("&#39;", "'").startswith(operator.sigle)  # named by what it shows first
    assert 'role="img"' not in html  # no image role around the links: they stay links to assistive tech


def _graph(operators: int) -> nx.DiGraph:
    """A small graph of the shape generator.graph builds: two needs, a network, a region."""
    graph = nx.DiGraph()
    graph.add_node("need:a", kind="need", id="a", label="Accompagnement techno-pédagogique", summary="")
    graph.add_node("need:b", kind="need", id="b", label="Connectivité", summary="Wi-Fi")
    graph.add_node("network:n", kind="network", id="n", label="Enseignement libre subventionné confessionnel", summary="")
    graph.add_node("region:r", kind="region", id="r", label="Wallonie", summary="")
    for i in range(operators):
        op = f"operator:op{i}"
        graph.add_node(
            op,
            kind="operator",
            id=f"op{i}",
            label=f"OP{i}",
            name=f"Opérateur {i}",
            summary="…",
            url=f"operateurs/op{i}/",
            categorie="x",
        )
        graph.add_edges_from([(op, "need:a" if i % 2 else "need:b"), (op, "network:n"), (op, "region:r")])
    return graph


def _inside(view_box: str, x: float, y: float) -> bool:
    left, top, width, height = map(float, view_box.split())
    return left <= x <= left + width and top <= y <= top + height


@pytest.mark.parametrize("operators", [3, CLUSTER_THRESHOLD + 1])
def test_the_drawing_holds_every_node_of_the_layout_inside_its_frame(operators):
    laid = layout(_graph(operators))
    picture = drawing(laid)
    assert {n.id for n in picture.nodes} == {n.id for n in laid.nodes}
    assert len(picture.edges) == len(laid.edges)
    for node in picture.nodes:
        corners = (
            [(node.box[0] - node.box[2], node.box[1] - node.box[3]), (node.box[0] + node.box[2], node.box[1] + node.box[3])]
            if node.shape == "ellipse"
            else [(node.box[0], node.box[1]), (node.box[0] + node.box[2], node.box[1] + node.box[3])]
            if node.shape == "rect"
            else [tuple(map(float, p.split(","))) for p in node.points.split()]
        )
        corners += [(line.x, line.y) for line in node.lines]
        assert all(_inside(picture.view_box, x, y) for x, y in corners), node
    long_label = next(n for n in picture.nodes if n.id == "network:n")
    assert (
        len(long_label.lines) > 1
        and " ".join(line.text for line in long_label.lines) == "Enseignement libre subventionné confessionnel"
    )


def test_a_large_drawing_groups_operators_into_links_to_their_need():
    picture = drawing(layout(_graph(CLUSTER_THRESHOLD + 1)))
    groups = [n for n in picture.nodes if n.kind == "group"]
    assert [n.url for n in groups] == ["operateurs/intervention/a/", "operateurs/intervention/b/"]
    assert not [n for n in picture.nodes if n.kind == "operator"]
    assert groups[0].lines[0].text == f"{(CLUSTER_THRESHOLD + 1) // 2} opérateurs"


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


def _open_interactive(page):
    page.click("[data-diagram-open]")
    page.wait_for_function("document.documentElement.dataset.diagramReady === '1'", timeout=20000)


@pytest.mark.browser
def test_without_javascript_the_drawing_is_there_and_an_operator_leads_to_its_fiche(browser, site_url, carto):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site_url + "diagramme/")
        svg = tab.locator("svg.diagram-svg")
        assert svg.is_visible() and svg.bounding_box()["height"] > 200
        assert tab.locator("svg.diagram-svg a.diagram-node--operator").count() == len(carto.operators)
        assert not tab.locator("[data-diagram-open]").is_visible()  # a button that would do nothing
        with tab.expect_navigation():
            tab.locator('svg.diagram-svg a[href$="operateurs/cirb/"]').click()
        assert tab.url.endswith("operateurs/cirb/")
        assert tab.locator("h1").inner_text().startswith(carto.operators["cirb"].nom)
    finally:
        context.close()


@pytest.mark.browser
def test_the_operators_of_the_drawing_take_the_keyboard_focus(page, site_url):
    page.goto(site_url + "diagramme/")
    page.locator("main a").first.focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('svg a.diagram-node--operator')"):
            break
    else:
        pytest.fail("aucun opérateur du dessin n'a reçu le focus au clavier")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/operateurs/" in page.url


@pytest.mark.browser
def test_vis_network_is_requested_only_when_the_reader_asks_for_the_interactive_view(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "diagramme/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if VIS in url or "diagram/data.js" in url], requested
    assert page.locator("[data-diagram-open]").is_visible()
    _open_interactive(page)
    assert [url for url in requested if VIS in url] and [url for url in requested if "diagram/data.js" in url]
    assert page.locator("[data-diagram-canvas] canvas").count() == 1
    assert not page.locator("svg.diagram-svg").is_visible()  # the canvas takes the drawing's place
    page.click("[data-diagram-close]")
    assert page.locator("svg.diagram-svg").is_visible() and not page.locator("[data-diagram-canvas]").is_visible()


@pytest.mark.browser
def test_diagram_is_drawn_and_a_node_leads_to_its_fiche(page, site_url, carto):
    page.goto(site_url + "diagramme/")
    _open_interactive(page)
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
def test_equivalent_list_button_opens_the_interactive_view_and_centres_the_operator(page, site_url):
    page.goto(site_url + "diagramme/")
    page.locator('[data-show-node="operator:segec-ctp"]').first.click()
    page.wait_for_function("document.documentElement.dataset.diagramReady === '1'", timeout=20000)
    page.locator('[data-show-node="operator:segec-ctp"]').first.click()
    assert page.evaluate("window.cartoNetwork.getSelectedNodes()") == ["operator:segec-ctp"]
    assert "SeGEC — CTP est sélectionné" in page.locator("[data-diagram-status]").inner_text()


def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_label_of_the_drawing_contrasts_with_what_lies_beneath_it(built_site):
    """axe cannot see the shapes under SVG text (tests/node/pa11y-run.mjs sets its contrast rule
    aside inside an <svg>): the drawing's colours are checked here, from the stylesheet served."""
    css = (built_site / "assets" / "css" / "diagram.css").read_text(encoding="utf-8")

    def fill(selector: str) -> str:
        found = re.search(re.escape(selector) + r"[,{][^}]*?fill:(#[0-9a-fA-F]{6})", css)
        assert found, selector
        return found.group(1)

    label, need_label = fill(".diagram-node text"), fill(".diagram-node--need text")
    assert _contrast(need_label, fill(".diagram-node--need ellipse")) >= 4.5  # inside the need's ellipse
    assert _contrast(label, fill(".diagram-node--operator rect")) >= 4.5  # inside the operator's box
    assert _contrast(label, "#ffffff") >= 4.5  # networks and regions: under the shape, on the page
    # A halo of the background's colour keeps a label legible where an edge crosses it.
    assert re.search(r"\.diagram-node text\{[^}]*paint-order:stroke", css)
