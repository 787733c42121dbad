"""Walk every path of the real tree through the built HTML alone: no JavaScript, only links."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.model.tree import complete_walks


class StepParser(HTMLParser):
    """What a reader without JavaScript can do on a step: follow options, read results."""

    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.title = ""
        self.options: list[str] = []
        self.steps: list[str] = []  # every data-orientation-step link (options, modifier, recommencer)
        self.results: list[str] = []  # fiche links of the listed operators
        self.kind = ""
        self._in_result_title = False
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "body":
            self.kind = attrs.get("class", "")
        if tag == "h1":
            self.h1 += 1
            self._in_h1 = True
        if tag == "h3" and "orientation-result__title" in classes:
            self._in_result_title = True
        if tag == "a":
            if "orientation-option" in classes:
                self.options.append(attrs["href"])
            if "data-orientation-step" in attrs:
                self.steps.append(attrs["href"])
            if self._in_result_title:
                self.results.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "h3":
            self._in_result_title = False
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.title += data


def parse(site: Path, url: str) -> StepParser:
    path = site / url / "index.html"
    assert path.exists(), f"lien mort : {url}"
    parser = StepParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def follow(url: str, href: str) -> str:
    assert not href.startswith(("/", "http:", "https:")), f"lien non relatif sur {url} : {href}"
    return posixpath.normpath(posixpath.join(url, href)) + "/"


def walk_site(site: Path) -> list[tuple[list[str], str, StepParser]]:
    """Every (titles of the questions answered, result url, parsed result) reachable by links."""
    found = []
    stack = [([], "orientation/")]
    while stack:
        trail, url = stack.pop()
        assert len(trail) < 12, f"parcours trop long (boucle ?) : {trail}"
        step = parse(site, url)
        assert step.h1 == 1, f"{url} : {step.h1} titres h1"
        if "page-orientation-result" in step.kind:
            found.append((trail, url, step))
            continue
        assert "page-orientation-question" in step.kind, url
        assert len(step.options) >= 2, f"{url} : une question sans réponses"
        for href in step.options:
            stack.append((trail + [step.title.strip()], follow(url, href)))
    return found


@pytest.fixture(scope="module")
def walked(built_site):
    return walk_site(built_site)


def test_every_path_of_the_tree_ends_on_operators_whose_fiche_exists(walked, built_site, carto):
    assert len(walked) == len(list(complete_walks(carto.tree)))
    for trail, url, step in walked:
        assert step.results, f"{url} (après {' > '.join(trail)}) ne liste aucun opérateur"
        for href in step.results:
            fiche = follow(url, href)
            assert fiche.startswith("operateurs/"), fiche
            assert (built_site / fiche / "index.html").exists(), f"{url} renvoie à une fiche absente : {fiche}"


def test_every_modifier_and_restart_link_of_every_step_exists(walked, built_site):
    pages = {url for _, url, _ in walked}
    for page in sorted((built_site / "orientation").rglob("index.html")):
        url = page.parent.relative_to(built_site).as_posix() + "/"
        for href in parse(built_site, url).steps:
            target = follow(url, href)
            assert (built_site / target / "index.html").exists(), f"{url} : lien mort {href}"
            pages.add(target)
    assert "orientation/" in pages


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    """The small content of tests/fixtures/orientation/ranking/, built with a public address."""
    from conftest import FIXTURES

    from generator.build import build_site

    out = tmp_path_factory.mktemp("small") / "build"
    build_site(FIXTURES / "orientation" / "ranking", out, base_url="https://exemple.be/carto/")
    return out


def test_result_page_groups_operators_and_says_why_and_their_limits(small_site):
    html = (small_site / "orientation/resultat/technique/wbe/wallonie/index.html").read_text(encoding="utf-8")
    first, also = html.index("À contacter en premier"), html.index("Peut aussi vous aider")
    assert first < html.index(">ZZZ<") < also < html.index(">MMM<") < html.index(">NNN<") < html.index(">AAA<")
    assert "déclare « Support technique »<span class=\"orientation-result__detail\"> (Matériel régional seulement)</span>" in html
    assert "région : Wallonie seulement" in html and "(à égalité)" in html  # NNN shares MMM's rank
    assert "Il oriente si rien ne convient." in html
    for label in ("Contact privilégié", "Pour lancer une demande", "Délai moyen de réponse", "À prévoir"):
        assert label in html


def test_every_result_page_reminds_the_school_referent_and_prints_as_a_dated_fiche_with_a_qr_code(small_site):
    pages = sorted((small_site / "orientation" / "resultat").rglob("index.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "délégué-référent numérique de votre école" in html, page
        assert "Fiche d'orientation" in html and '<time datetime="2026-11-24">' in html, page
        url = "https://exemple.be/carto/" + page.parent.relative_to(small_site).as_posix() + "/"
        assert f"<title>Code QR vers {url}</title>" in html, page


def test_result_sources_are_shown(small_site):
    html = (small_site / "orientation/resultat/technique/wbe/wallonie/index.html").read_text(encoding="utf-8")
    assert "Sources de ce résultat : Stratégie numérique pour l&#39;éducation (Axe 3, point 4)." in html


def test_question_page_url_encodes_the_answers_so_far(built_site):
    step = parse(built_site, "orientation/technique/wallonie/")
    assert step.title.strip() == "D'où vient le matériel concerné ?"
    html = (built_site / "orientation/technique/wallonie/index.html").read_text(encoding="utf-8")
    assert "Un problème technique" in html and "En Wallonie" in html
    assert 'href="../../../orientation/" data-orientation-step>modifier' in html  # where « Votre demande » was asked


def test_shared_result_page_recalls_only_the_answers_common_to_its_paths(built_site):
    html = (built_site / "orientation/resultat/materiel-wallon/wallonie/index.html").read_text(encoding="utf-8")
    assert "En Wallonie" in html
    assert "Du programme École numérique" not in html and "D'une Cyberclasse" not in html
