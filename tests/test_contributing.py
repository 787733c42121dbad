"""CONTRIBUTING.md cannot drift from the code: field reference, example error, commands, links."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, FIXTURE_DAY, FIXTURES, FROZEN, ROOT

from generator.cli import _parser
from generator.editors.authoring import BEGIN, END, field_reference, fields_of
from schema import Operator, Project

CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def text() -> str:
    return CONTRIBUTING.read_text(encoding="utf-8")


def between(start: str, end: str) -> str:
    body = text()
    return body.split(start, 1)[1].split(end, 1)[0]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CARTOGRAPHIE_DATE": FIXTURE_DAY}
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_field_reference_matches_the_schema():
    assert between(BEGIN, END) == "\n" + field_reference(), (
        "La référence des champs de CONTRIBUTING.md n'est plus à jour : lancez « cartographie contributing »."
    )


def test_reference_names_every_field_with_a_description():
    reference = field_reference()
    for model in (Operator, Project):
        for doc in fields_of(model):
            assert f"| `{doc.name}` |" in reference
            assert doc.description, f"{model.__name__}.{doc.name} n'a pas de description"
    assert "| — |" not in reference
    assert "`interaction.delai_moyen.unite`" in reference and "`phases[].jalons[].libelle`" in reference


def test_contributing_check_command_detects_a_stale_reference(tmp_path):
    assert run("contributing", "--check").returncode == 0
    stale = tmp_path / "CONTRIBUTING.md"
    stale.write_text(text().replace("| `nom` | oui |", "| `nom` | non |"), encoding="utf-8")
    result = run("contributing", "--check", "--file", str(stale))
    assert result.returncode == 1 and "lancez « cartographie contributing »" in result.stderr
    assert run("contributing", "--file", str(stale)).returncode == 0
    assert stale.read_text(encoding="utf-8") == text()
    no_markers = tmp_path / "vide.md"
    no_markers.write_text("# Rien\n", encoding="utf-8")
    assert run("contributing", "--file", str(no_markers)).returncode == 2


def test_example_error_is_what_validate_really_prints(tmp_path):
    shutil.copytree(FROZEN, tmp_path / "content")  # the real content's own warnings would change the output
    broken = (FIXTURES / "editors" / "exemple.yaml").read_text(encoding="utf-8")
    broken = broken.replace("\nsigle: EX\n", "\nsigel: EX\n").replace("valeur: service@example.be", "valeur: service@example")
    (tmp_path / "content" / "operators" / "exemple.yaml").write_text(broken, encoding="utf-8")
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 1
    shown = between("<!-- exemple:debut -->\n```text\n", "```\n<!-- exemple:fin -->")
    assert shown == result.stderr


def command_lines() -> list[str]:
    found = re.findall(r"`(cartographie [^`]+)`", text())
    found += [line.split("#")[0].strip() for line in text().splitlines() if line.startswith("cartographie ")]
    return sorted(set(found))


def test_every_command_in_the_guide_exists():
    lines = command_lines()
    assert any(line.startswith("cartographie nouveau") for line in lines)
    for line in lines:
        argv = shlex.split(line.replace("…", "x"))[1:]
        try:
            _parser().parse_args(argv)
        except SystemExit:
            pytest.fail(f"CONTRIBUTING.md cite une commande qui n'existe pas : {line}")


def github_anchor(heading: str) -> str:
    slug = heading.strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug)
    return slug.replace(" ", "-")


def test_internal_links_reach_a_heading():
    headings = {github_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", text(), flags=re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", text())
    assert links
    for link in links:
        assert link in headings, f"lien interne sans titre : #{link}"


def test_reference_shows_the_length_bounds():
    """The bounds of the schema (issue 13) are in the reference, as pydantic applies them."""
    reference = field_reference()
    nom = Operator.model_json_schema()["properties"]["nom"]["maxLength"]
    assert f"| `nom` | oui | texte ({nom} caractères au plus) |" in reference
    missions = Operator.model_json_schema()["properties"]["missions"]["anyOf"][0]
    chars = f"{missions['items']['maxLength']:,}".replace(",", "\u00a0")
    assert (
        f"| `missions` | oui | liste de {missions['maxItems']} éléments au plus (texte, {chars} caractères au plus),"
        " ou `a_confirmer` |"
    ) in reference
    assert "| `sources[].url` | non | adresse web https://… (500 caractères au plus) |" in reference
    # a closed list of values or a vocabulary id: no character count, which would only confuse
    assert "| `categorie` | oui | identifiant du vocabulaire « categories » |" in reference


def test_the_example_id_of_a_new_fiche_is_not_an_existing_fiche():
    """« Ajouter un opérateur » and ``cartographie nouveau`` show an id that no fiche uses (before: ``ifc``,
    which exists: following the guide gave « existe déjà »)."""
    section = between("## 3. Ajouter un opérateur", "## 4.")
    examples = set(re.findall(r"content/operators/([a-z0-9-]+)\.yaml", section))
    examples |= set(re.findall(r"cartographie nouveau operateur ([a-z0-9-]+)", text()))
    examples |= set(re.findall(r"`([a-z0-9-]+)\.yaml`", section))
    assert examples
    existing = {path.stem for path in (CONTENT / "operators").glob("*.yaml")}
    assert not examples & existing, examples & existing
    help_text = run("nouveau", "--help").stdout
    assert not {word for word in re.findall(r"« ([a-z0-9-]+) »", help_text)} & existing


def test_the_guide_explains_each_red_check_and_names_the_list_of_source_documents():
    section = between("### Le test est rouge : que faire ?", "## 5.")
    for step in ("Vérifier le contenu", "Construire le site", "Tests"):
        assert f"**{step}**" in section
    assert "content/sources.yaml" in between("## 3. Ajouter un opérateur", "## 4.")
