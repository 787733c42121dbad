"""The operator section: list, facet pages, fiches, JSON-LD, print booklet."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser

import pytest
from conftest import CONTENT, FIXTURES, FROZEN

from generator.build import build_site
from generator.model.graph import build_graph, operators_of
from generator.site.operators import FACETS
from schema import A_CONFIRMER, ELEMENTS


def read(site, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h2: list[str] = []
        self._in = False
        self.scripts: list[tuple[str, str]] = []
        self._script_type = None

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self._in, self._text = True, ""
        if tag == "script":
            self._script_type, self._script = dict(attrs).get("type", ""), ""

    def handle_endtag(self, tag):
        if tag == "h2" and self._in:
            self.h2.append(" ".join(self._text.split()))
            self._in = False
        if tag == "script" and self._script_type is not None:
            self.scripts.append((self._script_type, self._script))
            self._script_type = None

    def handle_data(self, data):
        if self._in:
            self._text += data
        if self._script_type is not None:
            self._script += data


def parse(html: str) -> _Headings:
    parser = _Headings()
    parser.feed(html)
    return parser


def test_every_operator_has_its_fiche(carto, built_site):
    for op_id, operator in carto.operators.items():
        html = read(built_site, f"operateurs/{op_id}")
        assert f"<h1 id=\"titre-{op_id}\"" in html
        assert operator.nom.replace("'", "&#39;") in html


def test_the_eight_elements_appear_in_the_circulars_order_on_every_fiche(carto, built_site):
    expected = [f"{e.number}. {e.title}" for e in ELEMENTS]
    for op_id in carto.operators:
        headings = parse(read(built_site, f"operateurs/{op_id}")).h2
        found = [h for h in headings if re.match(r"^\d\. ", h)]
        assert found == expected, op_id


def test_contacts_are_real_links_in_order_of_preference(carto, built_site):
    helpdesk = carto.operators["spw-helpdesk-ami"]
    html = read(built_site, "operateurs/spw-helpdesk-ami")
    assert 'href="tel:+3281334470"' in html
    assert 'href="mailto:ecolenumerique@spw.wallonie.be"' in html
    positions = [html.index(c.href) for c in helpdesk.contacts]
    assert positions == sorted(positions)


def test_unconfirmed_elements_are_shown_plainly(carto, built_site):
    for op_id, operator in carto.operators.items():
        html = read(built_site, f"operateurs/{op_id}")
        unconfirmed = [e for e in ELEMENTS if operator.is_unconfirmed(e.field)]
        assert html.count("À confirmer") >= len(unconfirmed), op_id
    cirb = carto.operators["cirb"]
    assert cirb.contacts == A_CONFIRMER
    section = read(built_site, "operateurs/cirb").split('id="contacts-cirb"', 1)[1].split("</section>", 1)[0]
    assert "À confirmer" in section and "mailto:" not in section


def test_fiche_shows_last_update_sources_projects_and_error_report(carto, built_site):
    html = read(built_site, "operateurs/spw-conseillers-en")
    assert "Dernière mise à jour" in html and 'datetime="2026-11-24"' in html
    assert "Sources de la fiche" in html and "002_30a767aea95cf016.txt" in html
    assert 'href="../../projets/en-2021/declaration-candidature/"' in html or "../../projets/en-2021/" in html
    report = re.search(r'href="(mailto:[^"]+)">Signaler une erreur', html).group(1)
    assert report.startswith(f"mailto:{carto.site.email_editeurs}?subject=")
    assert "SPW%20%E2%80%94%20conseillers%20EN" in report and "body=" in report
    assert "data-copy-link" in html


def test_overdue_fiche_shows_a_notice_only_when_overdue(tmp_path, monkeypatch, fixture_day):
    # The frozen copy: its review dates are known (the real content's change with each review).
    build_site(FROZEN, tmp_path / "on-time")
    assert "Fiche à vérifier" not in read(tmp_path / "on-time", "operateurs/sgne")
    monkeypatch.setenv("CARTOGRAPHIE_DATE", "2028-01-15")
    out = tmp_path / "late"
    build_site(FROZEN, out)
    html = read(out, "operateurs/sgne")
    assert "Fiche à vérifier" in html and "à relire depuis le 24 novembre 2027" in html


def test_facet_pages_list_exactly_the_operators_of_their_value(carto, built_site):
    graph = build_graph(carto)
    vocab = carto.vocab
    for facet in FACETS:
        for term in getattr(vocab, facet.vocabulary):
            html = read(built_site, f"operateurs/{facet.slug}/{term.id}")
            listed = re.findall(r'<h2 class="card__title"><a href="\.\./\.\./\.\./operateurs/([a-z0-9-]+)/">', html)
            assert listed == operators_of(graph, facet.node_kind, term.id), (facet.slug, term.id)
            if not listed:
                assert "Aucun opérateur" in html
    libre = read(built_site, "operateurs/reseau/libre-confessionnel")
    assert 'aria-current="page"' in libre and "segec-ctp" in libre and "felsi-ctp/" not in libre


def test_list_links_every_facet_value_and_every_fiche(carto, built_site):
    html = read(built_site, "operateurs")
    for op_id in carto.operators:
        assert f'href="../operateurs/{op_id}/"' in html
    for facet in FACETS:
        for term in getattr(carto.vocab, facet.vocabulary):
            assert f'href="../operateurs/{facet.slug}/{term.id}/"' in html


def test_jsonld_describes_a_government_service(carto, built_site):
    scripts = parse(read(built_site, "operateurs/spw-helpdesk-ami")).scripts
    blocks = [json.loads(text) for kind, text in scripts if kind == "application/ld+json"]
    assert len(blocks) == 1
    data = blocks[0]
    assert data["@type"] == "GovernmentService"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert {p.get("telephone") for p in data["provider"]["contactPoint"]} >= {"+3281334470"}  # E.164
    assert data["audience"]["@type"] == "EducationalAudience"
    assert data["areaServed"][0]["name"] == "Wallonie"
    assert "processingTime" not in data["availableChannel"]  # the delay is à confirmer


def test_jsonld_gives_the_delay_in_iso8601_when_known(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(FIXTURES / "validation" / "complete.yaml", content / "operators" / "complete.yaml")
    out = tmp_path / "site"
    build_site(content, out, base_url="https://exemple.invalid/carto/")
    scripts = parse(read(out, "operateurs/complete")).scripts
    data = json.loads(next(text for kind, text in scripts if kind == "application/ld+json"))
    assert data["availableChannel"]["processingTime"] == "P2D"
    assert data["url"] == "https://exemple.invalid/carto/operateurs/complete/"
    html = read(out, "operateurs/complete")
    assert "2 jours ouvrables" in html
    assert '<svg width=' in html and "Fiche à jour en ligne : https://exemple.invalid/carto/operateurs/complete/" in html


def test_malicious_markdown_is_neutralised(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    fiche = content / "operators" / "sgne.yaml"
    text = fiche.read_text(encoding="utf-8")
    evil = (
        '  - "<script>alert(1)</script> [clic](javascript:alert(2)) <img src=x onerror=alert(3)> '
        '<a href=\\"https://x.invalid\\" onclick=\\"alert(4)\\">lien</a>"\n'
        '  - "Un [lien seul](javascript:alert(5)) dans une phrase"\n'
    )
    text = text.replace("missions:\n", "missions:\n" + evil, 1)
    fiche.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    build_site(content, out)
    for page in ("operateurs/sgne", "imprimer"):
        html = read(out, page)
        body = html.split("<body", 1)[1]
        assert "<script>alert" not in body and "<img" not in body
        assert "onerror" not in body and "onclick" not in body
        assert not re.search(r'href="\s*javascript:', body, re.IGNORECASE)
        assert 'href="https://x.invalid" rel="noopener noreferrer"' in body
        assert '<a rel="noopener noreferrer">lien seul</a>' in body  # the link is kept, its javascript: href dropped


def test_print_booklet_has_every_fiche_one_per_page(carto, built_site):
    html = read(built_site, "imprimer")
    assert html.count('class="booklet-page"') == len(carto.operators)
    for op_id in carto.operators:
        assert f'id="fiche-{op_id}"' in html
    # The booklet's own stylesheet (loaded by this page only), minified.
    assert 'href="../assets/css/booklet.css?v=' in html
    css = (built_site / "assets" / "css" / "booklet.css").read_text(encoding="utf-8")
    assert ".booklet-page{break-before:page;" in css


@pytest.mark.browser
def test_filters_combine_in_place_when_the_form_is_sent_and_the_count_is_announced(page, site_url):
    page.goto(site_url + "operateurs/")
    page.locator("summary", has_text="Filtrer la liste").click()
    every = page.locator(".operator-card:visible").count()
    page.get_by_label("Enseignement libre subventionné confessionnel").check()
    page.get_by_label("Accompagnement techno-pédagogique").check()
    # Ticking a box changes nothing on its own (WCAG 3.2.2): the list waits for the submit button.
    assert page.locator(".operator-card:visible").count() == every
    assert page.locator("[data-filter-status]").inner_text() == ""
    page.get_by_role("button", name="Afficher les opérateurs").click()
    visible = page.locator(".operator-card:visible .card__title a").all_inner_texts()
    assert visible == ["SeGEC — CTP"]
    status = page.locator("[data-filter-status]")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == f"1 opérateur sur {every} correspond aux filtres."
    page.get_by_role("button", name="Effacer les filtres").click()
    page.wait_for_function("document.querySelector('[data-filter-status]').textContent.endsWith('aucun filtre.')")
    assert page.locator(".operator-card:visible").count() == every


@pytest.mark.browser
def test_facet_links_work_without_javascript(browser, site_url):
    from browser import OfflineGuard

    context = browser.new_context(java_script_enabled=False)
    guard = OfflineGuard(site_url)
    context.route("**/*", guard)
    tab = context.new_page()
    tab.goto(site_url + "operateurs/")
    tab.locator("summary", has_text="Filtrer la liste").click()
    tab.get_by_role("link", name=re.compile(r"^Bruxelles-Capitale")).click()
    assert tab.url.endswith("operateurs/region/bruxelles/")
    titles = tab.locator(".card__title a").all_inner_texts()
    assert "CIRB" in titles and "SPW — helpdesk AMI" not in titles
    context.close()
    assert not guard.blocked
