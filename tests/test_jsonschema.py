"""The JSON Schema every content file names agrees with `cartographie validate` (issue 15).

Editors' YAML language servers read the schema named on the first line of each file: a valid file
must not be underlined, and what the schema can express of validate's rules (the placeholder, an
e-mail, a phone number, length bounds) is underlined before the pull request. Checked with the real
validator, check-jsonschema.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, FIXTURES, ROOT

from generator.content.placeholders import PLACEHOLDER
from generator.editors.jsonschema import PLACEHOLDER_PATTERN

VALID = FIXTURES / "validation" / "complete.yaml"
OPERATOR_SCHEMA = ROOT / "schema" / "json" / "operateur.schema.json"
_NAMED = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    executable = shutil.which("check-jsonschema") or pytest.fail("check-jsonschema manque : pip install check-jsonschema")
    return subprocess.run(
        [executable, "--schemafile", str(schema), *map(str, files)], capture_output=True, text=True, timeout=120
    )


def named_schema(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = _NAMED.match(first)
    assert match, f"{path} : la première ligne ne nomme pas de schéma ({first!r})"
    return (path.parent / match.group(1)).resolve()


def test_every_real_content_file_validates_against_the_schema_it_names():
    by_schema: dict[Path, list[Path]] = {}
    for path in sorted(CONTENT.rglob("*.yaml")):
        by_schema.setdefault(named_schema(path), []).append(path)
    assert len(by_schema) >= 5
    for schema, files in by_schema.items():
        assert schema.is_file(), schema
        result = check_jsonschema(schema, *files)
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_year_without_quotes_is_a_date_for_both(tmp_path):
    """« debut: 1999 » is a number in YAML, which validate accepts (before: 8 errors of the schema
    in content/projects/historique.yaml)."""
    from generator.content.loader import load_document
    from generator.content.validation import validate_document
    from schema import Project

    fixture = FIXTURES / "jsonschema" / "projet-annees.yaml"
    assert not isinstance(validate_document(load_document(fixture), Project, "projet-annees.yaml"), list)
    result = check_jsonschema(ROOT / "schema" / "json" / "projet.schema.json", fixture)
    assert result.returncode == 0, result.stdout


#: One mistake each that validate refuses: (name, what is replaced, by what).
REFUSED = [
    ("placeholder", "nom: Service de test complet", f"nom: {PLACEHOLDER}"),
    ("placeholder-sans-accents", "  - Seconde mission.", "  - A COMPLETER"),
    ("email", "valeur: service@example.be", "valeur: service@example"),
    ("telephone-court", "valeur: 081/33 44 70", "valeur: 081/33 44"),
    ("sigle-trop-long", "sigle: STC", "sigle: " + "S" * 31),
]


def test_what_validate_refuses_the_schema_refuses_too(tmp_path):
    text = VALID.read_text(encoding="utf-8")
    files = []
    for name, old, new in REFUSED:
        assert text.count(old) == 1
        files.append(tmp_path / f"{name}.yaml")
        files[-1].write_text(text.replace(old, new), encoding="utf-8")
    result = check_jsonschema(OPERATOR_SCHEMA, *files)
    assert result.returncode == 1
    for path in files:
        assert f"{path}::" in result.stdout, f"{path.name} accepté par le schéma :\n{result.stdout}"
    assert check_jsonschema(OPERATOR_SCHEMA, VALID).returncode == 0  # the same file, without the mistake


def test_the_placeholder_pattern_matches_the_placeholder():
    assert re.search(PLACEHOLDER_PATTERN, PLACEHOLDER) and re.search(PLACEHOLDER_PATTERN, "A COMPLETER")
    assert not re.search(PLACEHOLDER_PATTERN, "le formulaire à compléter")


def test_the_schema_files_are_regenerated_by_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "schema", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
