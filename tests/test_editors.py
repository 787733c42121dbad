"""The editors' tools: validation output for pull requests, new-fiche templates, report, /editeurs/.

Content is copied to a temporary folder with one extra fiche
(``fixtures/editors/exemple.yaml``, whose e-mail address is on line 32), and the
real ``cartographie`` command runs from that folder, as CI runs it from the
repository root, so the paths in the output are ``content/operators/…``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import CONTENT, FIXTURE_DAY, FIXTURES, FROZEN, ROOT

from generator.content.issues import ContentError, ContentIssue, render_issues
from generator.content.loader import format_loc, load_document
from generator.editors.authoring import PLACEHOLDER, fields_of, template
from generator.editors.report import SCORE_MAX, SCORE_RULE, editors_report, render_json, render_text
from generator.model.load import load_cartography
from schema import Operator, Project

EXAMPLE = FIXTURES / "editors" / "exemple.yaml"
EMAIL_LINE = 32
REVIEW_LINE = 39


@pytest.fixture
def workdir(tmp_path, fixture_day) -> Path:
    """A folder holding content/ (the frozen copy of the content plus the example fiche), checked on
    FIXTURE_DAY: the example's dates are written against it, and the real content's change."""
    shutil.copytree(FROZEN, tmp_path / "content")
    shutil.copy(EXAMPLE, tmp_path / "content" / "operators" / "exemple.yaml")
    return tmp_path


def edit_example(workdir: Path, old: str, new: str) -> int:
    path = workdir / "content" / "operators" / "exemple.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def cartographie(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CARTOGRAPHIE_DATE": FIXTURE_DAY}
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=workdir, env=env, capture_output=True, text=True, timeout=120
    )


# --- Pull-request feedback ----------------------------------------------------------------


def test_github_annotation_is_on_the_line_of_the_wrong_email(workdir):
    line = edit_example(workdir, "valeur: service@example.be", "valeur: service@example")
    assert line == EMAIL_LINE
    result = cartographie(workdir, "validate", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/operators/exemple.yaml,line=32,title=Champ contacts[2].valeur::"
        "« service@example » n'est pas une adresse e-mail valide ; attendu nom@domaine.be"
    ]


def test_review_date_passed_is_a_warning_annotation_and_an_error_with_strict(workdir):
    line = edit_example(workdir, "mis_a_jour: 2026-11-01", "mis_a_jour: 2025-06-30")
    assert line == REVIEW_LINE
    message = "fiche relue le 2025-06-30, à relire depuis le 2026-06-30"
    loose = cartographie(workdir, "validate", "--format", "github")
    assert loose.returncode == 0
    assert loose.stdout.splitlines() == [
        f"::warning file=content/operators/exemple.yaml,line=39,title=Champ mis_a_jour::{message}"
    ]
    strict = cartographie(workdir, "validate", "--format", "github", "--strict")
    assert strict.returncode == 1
    assert strict.stdout.splitlines() == [
        f"::error file=content/operators/exemple.yaml,line=39,title=Champ mis_a_jour::{message}"
    ]


def test_review_months_option_shortens_the_delay(workdir):
    edit_example(workdir, "mis_a_jour: 2026-11-01", "mis_a_jour: 2026-09-01")
    assert cartographie(workdir, "validate", "--strict").returncode == 0
    result = cartographie(workdir, "validate", "--strict", "--revision-mois", "2")
    assert result.returncode == 1
    assert "content/operators/exemple.yaml:39: erreur : champ « mis_a_jour » : fiche relue le 2026-09-01" in result.stderr


def test_json_format_for_other_tools(workdir):
    edit_example(workdir, "valeur: service@example.be", "valeur: service@example")
    result = cartographie(workdir, "validate", "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {
            "file": "content/operators/exemple.yaml",
            "line": 32,
            "field": "contacts[2].valeur",
            "message": "« service@example » n'est pas une adresse e-mail valide ; attendu nom@domaine.be",
            "severity": "erreur",
            "source": "    valeur: service@example",  # the line, as in the file
        }
    ]


def test_text_stays_the_default_format(workdir):
    edit_example(workdir, "valeur: service@example.be", "valeur: service@example")
    result = cartographie(workdir, "validate")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        "content/operators/exemple.yaml:32: erreur : champ « contacts[2].valeur » : "
        "« service@example » n'est pas une adresse e-mail valide ; attendu nom@domaine.be"
    )


def test_annotation_escapes_what_github_would_misread():
    issue = ContentIssue("content/a,b.yaml", 3, "x:y", "50 % de\nréussite", "avertissement")
    assert render_issues([issue], "github") == (
        "::warning file=content/a%2Cb.yaml,line=3,title=Champ x%3Ay::50 %25 de%0Aréussite"
    )


# --- New fiches ---------------------------------------------------------------------------


def test_nouveau_refuses_an_invalid_id(workdir):
    result = cartographie(workdir, "nouveau", "operateur", "Mon_Service")
    assert result.returncode == 2
    assert "identifiant « Mon_Service » refusé" in result.stderr
    assert not list((workdir / "content" / "operators").glob("*ervice*"))


def test_nouveau_outside_the_repository_writes_nothing(tmp_path):
    result = cartographie(tmp_path, "nouveau", "operateur", "mon-service")
    assert result.returncode == 2 and "dossier de contenu introuvable" in result.stderr
    assert not (tmp_path / "content").exists()


def test_nouveau_never_overwrites(workdir):
    path = workdir / "content" / "operators" / "exemple.yaml"
    before = path.read_bytes()
    result = cartographie(workdir, "nouveau", "operateur", "exemple")
    assert result.returncode == 2 and "existe déjà" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "kind,folder,schema_file", [("operateur", "operators", "operateur.schema.json"), ("projet", "projects", "projet.schema.json")]
)
def test_nouveau_starts_with_the_json_schema_line(workdir, kind, folder, schema_file):
    assert cartographie(workdir, "nouveau", kind, "nouvelle-fiche").returncode == 0
    path = workdir / "content" / folder / "nouvelle-fiche.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../../schema/json/{schema_file}"
    # The same relative path, from the repository's content folder, reaches the schema file.
    assert (CONTENT / folder / first.split("=", 1)[1]).resolve() == ROOT / "schema" / "json" / schema_file


def test_unfilled_template_fails_once_per_placeholder_on_its_line(workdir):
    assert cartographie(workdir, "nouveau", "operateur", "nouvelle-fiche").returncode == 0
    path = workdir / "content" / "operators" / "nouvelle-fiche.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = [n for n, line in enumerate(lines, 1) if PLACEHOLDER in line and not line.lstrip().startswith("#")]
    with pytest.raises(ContentError) as info:
        load_cartography(workdir / "content")
    issues = [i for i in info.value.issues if i.file.endswith("nouvelle-fiche.yaml")]
    assert [i.line for i in issues] == expected
    assert all("« À COMPLÉTER » : remplacez-le" in i.message for i in issues)


def test_ordinary_words_a_completer_are_not_placeholders(workdir):
    edit_example(workdir, "Orienter les équipes éducatives.", "Aider à compléter le dossier de candidature.")
    assert "exemple" in load_cartography(workdir / "content").operators


def test_placeholder_typed_without_accents_is_still_refused(workdir):
    line = edit_example(workdir, "Orienter les équipes éducatives.", "A COMPLETER")
    with pytest.raises(ContentError) as info:
        load_cartography(workdir / "content")
    assert [(i.line, i.field) for i in info.value.issues] == [(line, "missions[0]")]


#: A value for each placeholder of the templates, by field path (list indexes left out).
FILL = {
    "nom": "Service nouvellement décrit",
    "sigle": "SND",
    "categorie": "administration",
    "resume": "Un service décrit à partir du modèle.",
    "missions": "Conseiller les écoles.",
    "interventions.type": "formation",
    "publics.reseaux": "wbe, libre-confessionnel",
    "publics.unites": "primaire-ordinaire",
    "zone.regions": "wallonie",
    "modes_intervention.type": "sur-place",
    "interaction.mode": "Un e-mail au service.",
    "interaction.delai_moyen.valeur": "3",
    "interaction.delai_moyen.unite": "jours-ouvrables",
    "contacts.type": "email",
    "contacts.valeur": "service@example.be",
    "a_prevoir": "Le numéro FASE de l'école.",
    "sources.url": "https://www.example.be/service",
    "sources.titre": "Page du service",
    "description": "Un programme décrit à partir du modèle.",
    "porteur": "sgne",
    "periode.debut": "2024-09",
    "phases.id": "lancement",
    "phases.numero": "1",
    "phases.titre": "Lancement",
    "phases.description": "Ce qui se passe au lancement.",
}


def fill(text: str, path: Path) -> str:
    """Replace each placeholder of a template by the value FILL gives for its field."""
    path.write_text(text, encoding="utf-8")
    document = load_document(path)
    by_line = {line: loc for loc, line in document.lines.items() if loc}
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if PLACEHOLDER in line and not line.lstrip().startswith("#"):
            loc = by_line[number]
            key = format_loc(tuple(part for part in loc if not isinstance(part, int)))
            assert key in FILL, f"ajoutez une valeur pour « {key} » dans FILL"
            line = line.replace(PLACEHOLDER, FILL[key])
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind,folder,model", [("operateur", "operators", Operator), ("projet", "projects", Project)])
def test_filled_template_validates(workdir, kind, folder, model):
    assert cartographie(workdir, "nouveau", kind, "nouvelle-fiche").returncode == 0
    path = workdir / "content" / folder / "nouvelle-fiche.yaml"
    filled = fill(path.read_text(encoding="utf-8"), path)
    assert PLACEHOLDER not in "\n".join(row for row in filled.splitlines() if not row.lstrip().startswith("#"))
    path.write_text(filled, encoding="utf-8")
    carto = load_cartography(workdir / "content")
    items = carto.operators if kind == "operateur" else carto.projects
    assert items["nouvelle-fiche"].nom == "Service nouvellement décrit"
    # The JSON Schema that editors' YAML extensions read accepts it too.
    schema = json.loads(
        (ROOT / "schema" / "json" / f"{'operateur' if kind == 'operateur' else 'projet'}.schema.json").read_text()
    )
    data = json.loads(json.dumps(yaml.safe_load(filled), default=str))
    jsonschema.validate(data, schema)


#: Values of the optional fields, once uncommented (a field the template shows commented out).
FILL_OPTIONAL = {
    "site_web": "https://www.example.be/",
    "interventions.detail": "Précision.",
    "publics.precision": "Précision.",
    "zone.zones": "namur",
    "zone.precision": "Précision.",
    "modes_intervention.detail": "Précision.",
    "interaction.canal": "email",
    "interaction.delai_moyen.precision": "Hors congés scolaires.",
    "contacts.libelle": "Secrétariat",
    "contacts.horaires": "En semaine.",
    "sources.document": "000_5d542ad63673cde4.txt",
    "sources.passage": "Page 2",
    "sources.consulte_le": "2026-11-01",
    "sources.elements": "missions, contacts",
    "voir_aussi": "sgne",
    "periode.fin": "2026",
    "phases.acteurs": "sgne",
    "phases.role_acteurs": "Le SGNE coordonne.",
    "phases.a_preparer": "Le projet d'école.",
    "phases.jalons.date": "2025-01",
    "phases.jalons.libelle": "Clôture",
    "phases.jalons.fin": "2025-02",
}

#: « # key: value », « #   - value », « #     key: value »: an optional field shown commented out, and its lines.
_COMMENTED_FIELD = re.compile(r"^(\s*)# ([a-z_]+:(?: .*)?)$")
_COMMENTED_CONTINUATION = re.compile(r"^(\s*)# ( +(?:- |[a-z_]+:).*)$")


def uncomment_optional_fields(text: str) -> str:
    """What the template's comment says to do with an optional field: « enlevez le # »."""
    out, inside = [], None
    for line in text.splitlines():
        field = _COMMENTED_FIELD.match(line)
        more = _COMMENTED_CONTINUATION.match(line)
        if inside is not None and more and more.group(1) == inside:
            line = more.group(1) + more.group(2)
        elif field and not line.lstrip("# ").startswith("yaml-language-server"):
            inside = field.group(1)
            line = field.group(1) + field.group(2)
        else:
            inside = None
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind,folder", [("operateur", "operators"), ("projet", "projects")])
def test_template_followed_literally_with_every_optional_field_validates(workdir, kind, folder, monkeypatch):
    """Every « # champ: » of the template uncommented as its comment says, then filled: the file validates
    (before: uncommenting « # document: » in « sources » gave a YAML syntax error)."""
    assert cartographie(workdir, "nouveau", kind, "nouvelle-fiche").returncode == 0
    path = workdir / "content" / folder / "nouvelle-fiche.yaml"
    text = uncomment_optional_fields(path.read_text(encoding="utf-8"))
    assert "\n  # document:" not in text and "\n    # document:" not in text
    # « Une source donne soit « url », soit « document » : l'un des deux » — keep the document.
    text = re.sub(r"\n +url: À COMPLÉTER(?=\n)", "", text, count=1)
    monkeypatch.setitem(FILL, "_", "")  # FILL restored after the test
    for key, value in FILL_OPTIONAL.items():
        monkeypatch.setitem(FILL, key, value)
    path.write_text(fill(text, path), encoding="utf-8")
    carto = load_cartography(workdir / "content")
    item = (carto.operators if kind == "operateur" else carto.projects)["nouvelle-fiche"]
    assert item.sources[0].document == "000_5d542ad63673cde4.txt" and item.sources[0].url is None
    if kind == "operateur":
        assert item.voir_aussi == ["sgne"] and item.revision_mois == 12 and item.zone.zones == ["namur"]
    else:
        assert item.phases[0].jalons[0].libelle == "Clôture" and item.periode.fin == "2026"


def test_template_comments_every_field_from_its_description():
    text = template("operateur", "x", Operator, dt.date(2026, 11, 24))
    for doc in fields_of(Operator):
        assert f"{doc.name}:" in text
        assert doc.description.split(" (")[0][:40] in text.replace("\n# ", " ")


# --- Git history of a fiche ---------------------------------------------------------------


def git(repo: Path, *args: str, date: str = "2026-01-01T12:00:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Éditrice",
        "GIT_AUTHOR_EMAIL": "e@example.be",
        "GIT_COMMITTER_NAME": "Éditrice",
        "GIT_COMMITTER_EMAIL": "e@example.be",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "depot"
    operators = root / "content" / "operators"
    operators.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for day in range(1, 8):
        (operators / "a.yaml").write_text(f"version: {day}\n", encoding="utf-8")
        if day in (2, 5):
            (operators / "b.yaml").write_text(f"version: {day}\n", encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"Fiche modifiée le {day}", date=f"2026-03-0{day}T10:00:00")
    return root


def test_history_lists_the_last_five_changes_newest_first(repo):
    from generator.content.history import read_history

    history = read_history(repo / "content" / "operators")
    assert [(c.date.isoformat(), c.subject) for c in history["a"]] == [
        (f"2026-03-0{d}", f"Fiche modifiée le {d}") for d in (7, 6, 5, 4, 3)
    ]
    assert [c.subject for c in history["b"]] == ["Fiche modifiée le 5", "Fiche modifiée le 2"]
    assert read_history(repo / "content" / "operators") == history  # same commit, same output
    assert set(read_history(repo / "content" / "operators", ids={"b"})) == {"b"}


def test_no_history_without_git_or_with_a_cut_history(repo, tmp_path, monkeypatch):
    from generator.content import history

    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True, capture_output=True)
    assert history.read_history(shallow / "content" / "operators") == {}
    not_a_repo = tmp_path / "copie"
    shutil.copytree(repo / "content", not_a_repo)
    assert history.read_history(not_a_repo / "operators") == {}
    monkeypatch.setattr(history.shutil, "which", lambda name: None)
    assert history.read_history(repo / "content" / "operators") == {}


# --- Report -------------------------------------------------------------------------------


def test_report_scores_the_example_fiche_by_the_stated_rule(workdir):
    carto = load_cartography(workdir / "content")
    fiche = next(f for f in editors_report(carto).fiches if f.id == "exemple")
    assert [e.field for e in fiche.unconfirmed] == ["a_prevoir"]
    assert [e.field for e in fiche.unsourced] == ["modes_intervention", "interaction"]
    # 7 elements filled (7 × 5), 5 of them sourced (5 × 5), reviewed in time (20).
    assert fiche.score == 35 + 25 + 20 == 80
    assert SCORE_MAX == 100 and "5 points" in SCORE_RULE and "20 points" in SCORE_RULE
    assert (fiche.reviewed, fiche.due, fiche.overdue) == (dt.date(2026, 11, 1), dt.date(2027, 11, 1), False)


def test_contacts_all_awaiting_confirmation_count_as_a_confirmer(workdir):
    path = workdir / "content" / "operators" / "exemple.yaml"
    text = path.read_text(encoding="utf-8")
    for value in ("081/33 44 70", "https://www.example.be/", "service@example.be"):
        text = text.replace(f"    valeur: {value}\n", f"    valeur: {value}\n    a_confirmer: true\n")
    path.write_text(text, encoding="utf-8")
    fiche = next(f for f in editors_report(load_cartography(workdir / "content")).fiches if f.id == "exemple")
    assert [e.field for e in fiche.unconfirmed] == ["contacts", "a_prevoir"]
    assert fiche.score == 80 - 10  # contacts were filled (5) and sourced (5)


def test_report_lists_fiches_oldest_review_first(workdir):
    edit_example(workdir, "mis_a_jour: 2026-11-01", "mis_a_jour: 2020-01-15")
    report = editors_report(load_cartography(workdir / "content"))
    assert report.fiches[0].id == "exemple" and report.fiches[0].overdue
    assert report.fiches[0].score == 60  # no 20 points for a fiche past its review date
    dates = [f.reviewed for f in report.fiches]
    assert dates == sorted(dates)


def test_rapport_command_text_and_json(workdir):
    text = cartographie(workdir, "rapport")
    assert text.returncode == 0
    assert "- exemple (EX) : 80/100 ; relue le 2026-11-01 (il y a 23 jours)" in text.stdout
    assert "    à confirmer : 8. a_prevoir" in text.stdout
    assert SCORE_RULE in text.stdout
    data = json.loads(cartographie(workdir, "rapport", "--format", "json").stdout)
    example = next(f for f in data["fiches"] if f["id"] == "exemple")
    assert (example["score"], example["a_confirmer"], example["fichier"]) == (80, ["a_prevoir"], "content/operators/exemple.yaml")


def test_single_operator_paths_come_from_the_tree(carto):
    from generator.model.graph import build_graph
    from generator.model.tree import complete_walks, route

    if carto.tree is None:
        pytest.skip("pas d'arbre de décision dans content/")
    graph = build_graph(carto)
    report = editors_report(carto, graph=graph)
    expected = [(w.node.id, route(graph, w.node, w.facts)) for w in complete_walks(carto.tree)]
    assert report.paths == len(expected)
    assert [(p.result, p.operator) for p in report.single_paths] == [
        (result, matches[0].operator) for result, matches in expected if len(matches) == 1
    ]
    assert report.mermaid.startswith("flowchart TD")


def test_no_tree_no_tree_section(workdir):
    (workdir / "content" / "orientation.yaml").unlink(missing_ok=True)
    report = editors_report(load_cartography(workdir / "content"))
    assert report.single_paths is None and report.mermaid is None
    assert "Arbre de décision : absent" in render_text(report)
    assert json.loads(render_json(report))["parcours_un_seul_operateur"] is None


# --- /editeurs/ -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_with_address(tmp_path_factory) -> Path:
    from generator.build import build_site

    out = tmp_path_factory.mktemp("editeurs") / "build"
    build_site(CONTENT, out, base_url="https://exemple.be/cartographie/")
    return out


def test_editors_page_is_hidden_from_search_engines_and_navigation(site_with_address):
    html = (site_with_address / "editeurs" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    sitemap = site_with_address / "sitemap.xml"
    if sitemap.exists():
        assert "editeurs/" not in sitemap.read_text(encoding="utf-8")
    home = (site_with_address / "index.html").read_text(encoding="utf-8")
    assert "editeurs/" not in home


def test_editors_page_lists_every_fiche_with_its_score(site_with_address, carto):
    html = (site_with_address / "editeurs" / "index.html").read_text(encoding="utf-8")
    report = editors_report(carto)
    for fiche in report.fiches:
        assert f'href="../operateurs/{fiche.id}/"' in html
        assert f"{fiche.score}/{SCORE_MAX}" in html
    assert html.count("<h1>") == 1
    if carto.tree is not None:
        assert re.search(r"<pre class=\"editors-mermaid\"[^>]*><code>flowchart TD", html)
        assert "mermaid.min.js" not in html and "cdn" not in html.lower()  # text only, no Mermaid script


def test_history_partial_lists_changes_and_shows_nothing_without_history(carto):
    from types import SimpleNamespace

    from generator.content.history import Change
    from generator.render.templates import make_environment

    operator = next(iter(carto.operators.values()))
    page = SimpleNamespace(url=f"operateurs/{operator.id}/")
    changes = [Change(dt.date(2026, 11, 20), "Nouveau numéro <du helpdesk>", "abc")]
    env = make_environment()
    html = env.get_template("operators/_history.html").render(page=page, op=operator, changes=changes)
    assert '<time datetime="2026-11-20">' in html
    assert "Nouveau numéro &lt;du helpdesk&gt;" in html  # a commit message is text, never HTML
    assert env.get_template("operators/_history.html").render(page=page, op=operator, changes=[]).strip() == ""


def test_fiche_page_shows_the_git_history_when_there_is_one(built_site, carto):
    for op_id in carto.operators:
        html = (built_site / "operateurs" / op_id / "index.html").read_text(encoding="utf-8")
        changes = carto.history.get(op_id, [])
        assert ('class="fiche-history"' in html) == bool(changes)
        for change in changes:
            assert f'<time datetime="{change.date.isoformat()}">' in html
