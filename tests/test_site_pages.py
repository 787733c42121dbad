"""The programme, phase, open data, accessibility, 404 and sitemap pages, on the real content."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from site_html import html_files, page_file, parse, resolve, targets

from generator.build import render_site
from generator.common.urls import Urls
from generator.editors.jsonschema import SCHEMA_DIR
from generator.site.exports import csv_columns, field_docs
from schema import ELEMENTS, Operator, Project

BASE_URL = "https://exemple.be/numerique/cartographie/"


def _steps(project):
    return list(enumerate(project.phases, start=1))


# --- Programmes and phases ------------------------------------------------------------------


def test_the_content_has_programmes_to_show(carto):
    assert carto.projects, "aucun projet dans content/projects : les pages École numérique seraient vides"


def test_projects_list_links_every_programme_in_content_order(carto, built_site):
    doc = parse(built_site, page_file(Urls.projects))
    linked = targets(doc, doc.links_in("card__title"))
    assert linked == [page_file(Urls.project(p_id)) for p_id in carto.projects]


def test_every_programme_and_phase_has_its_page(carto, built_site):
    for project in carto.projects.values():
        assert parse(built_site, page_file(Urls.project(project.id))).h1 == [project.nom]
        total = len(project.phases)
        for number, phase in _steps(project):
            doc = parse(built_site, page_file(Urls.phase(project.id, phase.id)))
            assert doc.h1 == [phase.titre]
            assert f"Étape {number} sur {total}" in doc.text


def test_programme_page_lists_its_steps_in_order_with_numbers(carto, built_site):
    for project in carto.projects.values():
        doc = parse(built_site, page_file(Urls.project(project.id)))
        steps = doc.links_in("steps__title")
        assert targets(doc, steps) == [page_file(Urls.phase(project.id, phase.id)) for phase in project.phases]
        assert [link.text for link in steps] == [f"Étape {n} : {phase.titre}" for n, phase in _steps(project)]


def test_programme_page_links_its_porteur_fiche(carto, built_site):
    for project in carto.projects.values():
        doc = parse(built_site, page_file(Urls.project(project.id)))
        assert page_file(Urls.operator(project.porteur)) in targets(doc, doc.links_in("facts"))


def test_phase_links_to_the_previous_and_next_steps(carto, built_site):
    for project in carto.projects.values():
        phases = project.phases
        for index, phase in enumerate(phases):
            doc = parse(built_site, page_file(Urls.phase(project.id, phase.id)))
            nav = {link.attrs.get("rel"): link for link in doc.links_in("step-nav")}
            expected = {
                "prev": phases[index - 1] if index else None,
                "next": phases[index + 1] if index + 1 < len(phases) else None,
            }
            for rel, label in (("prev", "Étape précédente"), ("next", "Étape suivante")):
                if expected[rel] is None:
                    assert rel not in nav, f"{doc.path}: lien {rel} inattendu"
                    continue
                assert resolve(doc.path, nav[rel].value)[0] == page_file(Urls.phase(project.id, expected[rel].id))
                assert nav[rel].text == f"{label} : {expected[rel].titre}"
            back = nav[None]
            assert resolve(doc.path, back.value)[0] == page_file(Urls.project(project.id))


def test_phase_actors_link_to_existing_fiches(carto, built_site):
    checked = 0
    for project in carto.projects.values():
        for phase in project.phases:
            doc = parse(built_site, page_file(Urls.phase(project.id, phase.id)))
            actors = doc.links_in("actors")
            assert targets(doc, actors) == [page_file(Urls.operator(op_id)) for op_id in phase.acteurs]
            for link, op_id in zip(actors, phase.acteurs):
                operator = carto.operators[op_id]
                assert operator.nom in link.text and operator.sigle in link.text
                assert (built_site / page_file(Urls.operator(op_id))).is_file(), f"fiche absente : {op_id}"
                checked += 1
    assert checked, "aucune phase ne nomme d'acteur : le lien vers les fiches n'est pas vérifié"


def test_phase_dates_are_machine_readable(carto, built_site):
    for project in carto.projects.values():
        for phase in project.phases:
            html = (built_site / page_file(Urls.phase(project.id, phase.id))).read_text(encoding="utf-8")
            for jalon in phase.jalons:
                assert f'<time datetime="{jalon.date}">' in html
                if jalon.fin:
                    assert f'<time datetime="{jalon.fin}">' in html


# --- Open data ------------------------------------------------------------------------------


def test_datapackage_is_valid_frictionless_data_package(built_site):
    from frictionless import validate

    report = validate(str(built_site / "donnees" / "datapackage.json"))
    errors = [error.message for task in report.tasks for error in task.errors] + [e.message for e in report.errors]
    assert report.valid, errors


def test_csv_and_json_have_one_row_per_operator(carto, built_site):
    data = built_site / "donnees"
    rows = list(csv.DictReader(io.StringIO((data / "operateurs.csv").read_text(encoding="utf-8"), newline="")))
    records = json.loads((data / "operateurs.json").read_text(encoding="utf-8"))
    assert [row["id"] for row in rows] == sorted(carto.operators)
    assert [record["id"] for record in records] == sorted(carto.operators)
    projects = json.loads((data / "projets.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in projects] == sorted(carto.projects)


def test_json_fiche_keys_follow_the_eight_elements(built_site):
    record = json.loads((built_site / "donnees" / "operateurs.json").read_text(encoding="utf-8"))[0]
    keys = list(record)
    positions = [keys.index(element.field) for element in ELEMENTS]
    assert positions == sorted(positions) and positions == list(range(positions[0], positions[0] + 8))
    assert keys[: positions[0]] == ["id", "nom", "sigle", "categorie", "resume", "site_web"]


def test_csv_has_one_column_per_element_and_every_column_is_typed_and_described(carto, built_site):
    data = built_site / "donnees"
    header = next(csv.reader(io.StringIO((data / "operateurs.csv").read_text(encoding="utf-8"))))
    assert header[:6] == ["id", "nom", "sigle", "categorie", "resume", "site_web"]
    assert header[6:14] == [element.field for element in ELEMENTS]
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    (csv_resource,) = [r for r in package["resources"] if r["path"] == "operateurs.csv"]
    fields = csv_resource["schema"]["fields"]
    assert [f["name"] for f in fields] == header
    assert all(f["type"] and len(f["description"]) > 10 for f in fields)
    assert package["licenses"] == [{"title": carto.site.licence, "path": carto.site.licence_url}]


def test_unconfirmed_elements_stay_marked_in_the_csv(carto, built_site):
    rows = {
        row["id"]: row
        for row in csv.DictReader(
            io.StringIO((built_site / "donnees" / "operateurs.csv").read_text(encoding="utf-8"), newline="")
        )
    }
    marked = [
        (op.id, element.field)
        for op in carto.operators.values()
        for element in ELEMENTS
        if getattr(op, element.field) == "a_confirmer"
    ]
    assert marked, "aucun élément « a_confirmer » dans le contenu : le test ne vérifie rien"
    for op_id, name in marked:
        assert rows[op_id][name] == "a_confirmer"


def test_data_page_explains_every_field(built_site):
    doc = parse(built_site, page_file(Urls.data))
    documented = [doc for model in (Operator, Project) for doc in field_docs(model)]
    assert all(item.description for item in documented), [item.path for item in documented if not item.description]
    for name in [column.name for column in csv_columns()] + [item.path for item in documented]:
        assert name in doc.text, f"champ non expliqué sur /donnees/ : {name}"
    linked = set(targets(doc, doc.links))
    for name in ("operateurs.csv", "operateurs.json", "projets.json", "datapackage.json"):
        assert f"donnees/{name}" in linked


def test_json_schemas_are_published_unchanged(built_site):
    sources = sorted(SCHEMA_DIR.glob("*.schema.json"))
    assert sources
    for source in sources:
        assert (built_site / "donnees" / "schema" / source.name).read_bytes() == source.read_bytes()


# --- Accessibility statement, 404, sitemap --------------------------------------------------


def test_accessibility_statement_follows_the_eu_model(carto, built_site):
    doc = parse(built_site, page_file(Urls.accessibility))
    for section in ("etat-de-conformite", "contenus-non-accessibles", "etablissement", "retour-information", "recours"):
        assert section in doc.ids, f"section absente : {section}"
    assert "partiellement conforme" in doc.text and "WCAG) 2.1, niveau AA" in doc.text
    assert "totalement conforme" not in doc.text
    assert "2016/2102" in doc.text and "3 mai 2019" in doc.text
    assert "Médiateur de la Wallonie et de la Fédération Wallonie-Bruxelles" in doc.text
    assert carto.site.editeur in doc.text
    assert f'datetime="{carto.site.accessibilite_date.isoformat()}"' in (built_site / doc.path).read_text(encoding="utf-8")
    assert any(link.value.startswith(f"mailto:{carto.site.email_editeurs}") for link in doc.links)


def test_every_page_footer_links_to_the_accessibility_statement(built_site):
    pages = html_files(built_site)
    assert len(pages) > 5
    for path in pages:
        footer = parse(built_site, path).links_in("footer")
        labels = {resolve(path, link.value)[0]: link.text for link in footer if resolve(path, link.value)}
        assert labels.get(page_file(Urls.accessibility)) == "Accessibilité : partiellement conforme", path


def test_404_page_points_to_the_ways_in(built_site):
    doc = parse(built_site, "404.html")
    assert doc.h1 == ["Page introuvable"]
    assert {page_file(Urls.home), page_file(Urls.orientation), page_file(Urls.operators)} <= set(
        targets(doc, doc.links_in("main"))
    )


@pytest.fixture(scope="module")
def site_with_base_url(carto):
    return render_site(carto, BASE_URL)


def test_sitemap_lists_every_page_when_a_base_url_is_given(site_with_base_url):
    files = site_with_base_url
    root = ET.fromstring(files["sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs))
    html_urls = {BASE_URL + path.removesuffix("index.html") for path in files if path.endswith(".html")}
    assert BASE_URL + "404.html" not in locs
    assert set(locs) <= html_urls
    # Only pages that ask not to be listed (404, editors' report) are left out.
    left_out = {url.removeprefix(BASE_URL) for url in html_urls - set(locs)}
    assert "404.html" in left_out and all(u == "404.html" or u.startswith(Urls.editors) for u in left_out), left_out
    for url in (Urls.home, Urls.projects, Urls.data, Urls.accessibility):
        assert BASE_URL + url in locs


def test_404_links_are_absolute_when_the_base_url_is_known(site_with_base_url):
    html = site_with_base_url["404.html"].decode("utf-8")
    assert f'href="{BASE_URL}{Urls.operators}"' in html
    assert f'href="{BASE_URL}assets/site.css' in html
    assert 'rel="canonical"' not in html


def test_no_sitemap_without_a_base_url(carto, built_site):
    if carto.site.url_publique:
        pytest.skip("content/site.yaml donne url_publique : le sitemap est toujours écrit")
    assert not (built_site / "sitemap.xml").exists()


# --- Titles ---------------------------------------------------------------------------------


def test_every_title_fits_70_characters_and_starts_with_the_page_itself(built_site):
    import html as html_lib
    import re

    from generator.render.titles import TITLE_MAX

    too_long, generic_first = [], []
    for path in html_files(built_site):
        text = (built_site / path).read_text(encoding="utf-8")
        raw = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
        if len(raw) > TITLE_MAX:  # as written in the page: what html-validate and search engines read
            too_long.append(f"{path} : {len(raw)} caractères : {html_lib.unescape(raw)}")
        if path != "index.html" and html_lib.unescape(raw).startswith("Cartographie"):
            generic_first.append(f"{path} : {html_lib.unescape(raw)}")
    assert not too_long, "\n".join(too_long)
    assert not generic_first, "le nom du site vient avant la page :\n" + "\n".join(generic_first)


@pytest.mark.parametrize(
    "specific, names, expected",
    [
        ("Rechercher", ("Cartographie des acteurs", "Carto"), "Rechercher — Cartographie des acteurs"),
        (
            "Une page au titre de cinquante caractères environ!",
            ("Cartographie des acteurs du soutien", "Carto"),
            "Une page au titre de cinquante caractères environ! — Carto",
        ),
        ("R&D " + "mot " * 30, ("Carto",), "R&amp;D " + " ".join(["mot"] * 15) + "…"),
    ],
)
def test_a_title_keeps_the_site_name_that_fits_or_is_cut_at_a_word(specific, names, expected):
    from generator.render.titles import TITLE_MAX, page_title

    title = page_title(specific, names)
    assert title == expected and len(title) <= TITLE_MAX
