"""`cartographie validate` on bad content: a clear French error naming file, line and field.

Each test copies the real content to a temporary folder, adds one fiche derived
from the fixture ``fixtures/validation/complete.yaml`` (a valid fiche using every
optional element) with one deliberate mistake, and checks the exact error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT, FIXTURE_DAY, FIXTURES, FROZEN, ROOT

from generator.content.issues import ContentError
from generator.model.load import load_cartography

# Their fixtures are dated against FIXTURE_DAY: on any other day a fiche may be overdue, and the
# issues counted here gain a warning (the day of the live content moves with every review).
pytestmark = pytest.mark.usefixtures("fixture_day")

VALID = FIXTURES / "validation" / "complete.yaml"


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def add_fiche(content: Path, text: str | bytes, stem: str = "complete") -> Path:
    path = content / "operators" / f"{stem}.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def variant(old: str, new: str) -> tuple[str, int]:
    """The valid fixture with one replacement; returns (text, line of the replacement)."""
    text = VALID.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must appear once in the fixture"
    line = text[: text.index(old)].count("\n") + 1
    return text.replace(old, new), line


def issues_of(content: Path) -> list:
    with pytest.raises(ContentError) as info:
        load_cartography(content)
    return info.value.issues


def only_issue(content: Path, file_name: str = "complete.yaml"):
    issues = [issue for issue in issues_of(content) if issue.file.endswith(file_name)]
    assert len(issues) == 1, "\n".join(issue.as_text() for issue in issues)
    return issues[0]


def test_real_content_is_valid(carto):
    assert len(carto.operators) >= 1
    assert not [issue for issue in carto.warnings if issue.is_error]


def test_complete_fiche_round_trips_through_the_model(content):
    add_fiche(content, VALID.read_text(encoding="utf-8"))
    operator = load_cartography(content).operators["complete"]
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    dumped = operator.model_dump(mode="json", exclude_unset=True)
    data["mis_a_jour"] = data["mis_a_jour"].isoformat()
    data["sources"][1]["consulte_le"] = data["sources"][1]["consulte_le"].isoformat()
    assert dumped == data
    assert type(operator).model_validate(operator.model_dump()) == operator
    assert operator.interaction.delai_moyen.iso8601 == "P2D"
    assert [c.href for c in operator.contacts][:3] == [
        "https://www.example.be/ticket",
        "tel:+3281334470",
        "mailto:service@example.be",
    ]


def test_unknown_key_is_an_error_with_its_line(content):
    text, line = variant("missions:\n", "misions:\n")
    add_fiche(content, text)
    issues = [i for i in issues_of(content) if i.file.endswith("complete.yaml")]
    # before: two errors (« misions » unknown, « missions » missing on line 2); now one, on the typo's line
    assert len(issues) == 1, [i.as_text() for i in issues]
    typo = issues[0]
    assert (typo.field, typo.line) == ("misions", line)
    assert typo.message == (
        "champ inconnu ; vouliez-vous dire « missions » ? (« missions » est obligatoire et absent"
        " de la fiche : corrigez le nom du champ)"
    )


def test_malformed_email_names_file_line_and_field(content):
    text, line = variant("valeur: service@example.be", "valeur: service@@example")
    add_fiche(content, text)
    issue = only_issue(content)
    assert issue.file == os.path.relpath(content / "operators" / "complete.yaml")
    assert (issue.line, issue.field) == (line, "contacts[2].valeur")
    assert "« service@@example » n'est pas une adresse e-mail valide" in issue.message
    assert issue.as_text().startswith(f"{issue.file}:{line}: erreur : champ « contacts[2].valeur » :")


def test_malformed_phone(content):
    text, line = variant("valeur: 081/33 44 70", "valeur: 081/33 44")
    add_fiche(content, text)
    issue = only_issue(content)
    assert issue.field == "contacts[1].valeur" and issue.line == line
    assert "n'est pas un numéro de téléphone" in issue.message


def test_malformed_url(content):
    text, line = variant("site_web: https://www.example.be/service", "site_web: www.example.be")
    add_fiche(content, text)
    issue = only_issue(content)
    assert (issue.field, issue.line) == ("site_web", line)
    assert "https://" in issue.message


def test_wrong_type(content):
    text, line = variant("    valeur: 2\n", "    valeur: deux\n")
    add_fiche(content, text)
    issue = only_issue(content)
    assert (issue.field, issue.line) == ("interaction.delai_moyen.valeur", line)
    assert issue.message == "trouvé « deux » ; attendu un nombre entier"


def test_date_that_is_not_a_date(content):
    text, line = variant("mis_a_jour: 2026-10-01", "mis_a_jour: 2026-13-45")
    add_fiche(content, text)
    issue = only_issue(content)
    assert (issue.field, issue.line) == ("mis_a_jour", line)
    assert "n'est pas une date" in issue.message


def test_unknown_vocabulary_id(content):
    text, line = variant("reseaux: [wbe, libre-confessionnel]", "reseaux: [wbe, libre]")
    add_fiche(content, text)
    issue = only_issue(content)
    assert (issue.field, issue.line) == ("publics.reseaux[1]", line)
    assert "« libre » n'existe pas dans le vocabulaire « reseaux »" in issue.message
    assert "libre-confessionnel" in issue.message  # the expected values are listed


def test_broken_operator_reference(content):
    text, line = variant("voir_aussi: [sgne]", "voir_aussi: [sgne-inexistant]")
    add_fiche(content, text)
    issue = only_issue(content)
    assert (issue.field, issue.line) == ("voir_aussi[0]", line)
    assert "aucune fiche opérateur n'a l'identifiant « sgne-inexistant »" in issue.message


def test_id_must_equal_file_stem(content):
    add_fiche(content, VALID.read_text(encoding="utf-8"), stem="autre-nom")
    issue = only_issue(content, "autre-nom.yaml")
    assert (issue.field, issue.line) == ("id", 2)
    assert "attendu « autre-nom »" in issue.message


def test_duplicate_ids_are_refused(content):
    add_fiche(content, VALID.read_text(encoding="utf-8"), stem="complete")
    text = VALID.read_text(encoding="utf-8")
    add_fiche(content, text, stem="complete-bis")
    # Files are read in name order: complete-bis.yaml claims the id first.
    issue = only_issue(content, "/complete.yaml")
    assert (issue.field, issue.line) == ("id", 2)
    assert issue.message.startswith("identifiant « complete » déjà utilisé par ")
    assert issue.message.endswith("complete-bis.yaml")


def test_duplicate_key_in_a_file(content):
    text, line = variant("sigle: STC\n", "sigle: STC\nsigle: XYZ\n")
    add_fiche(content, text)
    issue = only_issue(content)
    assert (issue.field, issue.line) == ("sigle", line + 1)
    assert "apparaît deux fois" in issue.message


def test_yaml_syntax_error(content):
    text, line = variant("nom: Service de test complet\n", "nom: Service: de test\n")
    add_fiche(content, text)
    issue = only_issue(content)
    assert issue.line == line
    assert issue.message.startswith("erreur de syntaxe YAML")
    assert "guillemets" in issue.message


def test_empty_file(content):
    add_fiche(content, "# rien\n\n")
    issue = only_issue(content)
    assert issue.line == 1 and "vide" in issue.message


def test_file_that_is_not_utf8(content):
    text = VALID.read_text(encoding="utf-8")
    add_fiche(content, text.encode("latin-1"))
    issue = only_issue(content)
    line = text[: text.index("é")].count("\n") + 1
    assert issue.line == line
    assert "UTF-8" in issue.message


def test_yaml_bomb_is_refused_quickly(content):
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):
        prev = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        bomb.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    add_fiche(content, "\n".join(bomb) + "\n")
    started = time.perf_counter()
    issue = only_issue(content)
    assert time.perf_counter() - started < 5
    assert "alias" in issue.message
    assert issue.line == 2


def test_every_error_of_a_run_is_reported(content):
    text, _ = variant("valeur: service@example.be", "valeur: pas-un-email")
    text = text.replace("mis_a_jour: 2026-10-01", "mis_a_jour: hier")
    add_fiche(content, text)
    add_fiche(content, "", stem="vide")
    issues = issues_of(content)
    assert {i.file.rsplit("/", 1)[-1] for i in issues} >= {"complete.yaml", "vide.yaml"}
    assert len([i for i in issues if i.file.endswith("complete.yaml")]) == 2


def test_stale_fiche_is_a_warning_not_an_error(content, monkeypatch):
    monkeypatch.setenv("CARTOGRAPHIE_DATE", "2027-06-01")
    add_fiche(content, VALID.read_text(encoding="utf-8"))
    carto = load_cartography(content)
    stale = [w for w in carto.warnings if w.file.endswith("complete.yaml")]
    assert len(stale) == 1 and stale[0].severity == "avertissement"
    assert stale[0].field == "mis_a_jour" and "2027-04-01" in stale[0].message  # revision_mois: 6


def run_cli(*args: str, env_date: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "CARTOGRAPHIE_DATE": env_date or os.environ["CARTOGRAPHIE_DATE"]}
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def test_cli_exit_codes_and_no_traceback(content):
    ok = run_cli("validate", "--content", str(CONTENT))
    assert ok.returncode == 0, ok.stderr
    assert "Contenu valide" in ok.stdout
    text, _ = variant("valeur: service@example.be", "valeur: x@")
    add_fiche(content, text)
    bad = run_cli("validate", "--content", str(content))
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr and "complete.yaml:" in bad.stderr
    usage = run_cli("validate", "--nope")
    assert usage.returncode == 2 and "erreur d'utilisation" in usage.stderr


def test_strict_turns_warnings_into_errors():
    # The frozen copy: the real content's review dates change with each review.
    assert run_cli("validate", "--strict", "--content", str(FROZEN), env_date=FIXTURE_DAY).returncode == 0
    late = run_cli("validate", "--strict", "--content", str(FROZEN), env_date="2030-01-01")
    assert late.returncode == 1 and "avertissement" in late.stderr


def test_json_schema_files_are_up_to_date():
    result = run_cli("schema", "--check")
    assert result.returncode == 0, result.stderr


def test_json_schema_offers_vocabulary_ids_for_completion():
    import json

    schema = json.loads((ROOT / "schema" / "json" / "operateur.schema.json").read_text(encoding="utf-8"))
    text = json.dumps(schema)
    assert '"libre-confessionnel"' in text and '"bruxelles-capitale"' in text
    assert schema["additionalProperties"] is False


# --- Length bounds (issue 13): every free text and every free list has one ----------------------


def _bound(model, field: str) -> int:
    """The max_length pydantic applies to ``model.field`` (a text's characters)."""
    return next(m.max_length for m in model.model_fields[field].metadata if hasattr(m, "max_length"))


def test_a_10_mb_name_is_refused_quickly_with_one_short_french_line(content):
    """Refused by the loader (file too large) or by the bound of « nom »: either way quickly, in one
    line that names the file, without the value; nothing is built."""
    text, _ = variant("nom: Service de test complet\n", "nom: " + "A" * 10_000_000 + "\n")
    add_fiche(content, text)
    started = time.perf_counter()
    result = run_cli("validate", "--content", str(content))
    elapsed = time.perf_counter() - started
    assert result.returncode == 1, result.stderr[-500:]
    assert elapsed < 30, f"{elapsed:.1f} s"
    assert len(result.stdout) + len(result.stderr) < 1_000, (len(result.stdout), len(result.stderr))
    assert "AAAAAAAAAA" not in result.stderr  # the value itself is not printed
    assert "complete.yaml:" in result.stderr and ": erreur : " in result.stderr
    assert "texte trop long" in result.stderr or "trop volumineux" in result.stderr, result.stderr


def test_a_long_name_is_refused_with_its_length_file_line_and_field(content):
    from schema import Operator

    text, line = variant("nom: Service de test complet\n", "nom: " + "A" * 1_000_000 + "\n")
    add_fiche(content, text)
    started = time.perf_counter()
    issue = only_issue(content)
    assert time.perf_counter() - started < 10
    assert issue.as_text() == (
        f"{issue.file}:{line}: erreur : champ « nom » : texte trop long : 1 000 000 caractères ;"
        f" au plus {_bound(Operator, 'nom')}"
    )


def test_a_text_at_its_bound_is_accepted_one_more_character_is_refused(content):
    from schema import Operator

    bound = _bound(Operator, "sigle")
    text, _ = variant("sigle: STC\n", f"sigle: {'S' * bound}\n")
    add_fiche(content, text)
    assert load_cartography(content).operators["complete"].sigle == "S" * bound
    text, line = variant("sigle: STC\n", f"sigle: {'S' * (bound + 1)}\n")
    add_fiche(content, text)
    issue = only_issue(content)
    assert (issue.field, issue.line) == ("sigle", line)
    assert issue.message == f"texte trop long : {bound + 1} caractères ; au plus {bound}"


def test_too_long_in_a_list_item_and_in_an_element_that_may_be_a_confirmer(content):
    from schema.operator import Interaction

    bound = Interaction.model_json_schema()["properties"]["mode"]["anyOf"][0]["maxLength"]  # text or a_confirmer
    text, _ = variant("  - Seconde mission.\n", f"  - {'m' * (bound + 1)}\n")
    text = text.replace("  mode: Un ticket sur le portail.\n", f"  mode: {'x' * 12_345}\n")
    add_fiche(content, text)
    issues = {i.field: i for i in issues_of(content) if i.file.endswith("complete.yaml")}
    assert set(issues) == {"missions[1]", "interaction.mode"}, issues
    french = f"{bound:,}".replace(",", " ")
    assert issues["missions[1]"].message == f"texte trop long : {bound + 1:,} caractères ; au plus {french}".replace(",", " ")
    # « mode » may also be « a_confirmer »: still, the editor is told that the text is too long
    assert issues["interaction.mode"].message == f"texte trop long : 12 345 caractères ; au plus {french}"


def test_an_empty_element_that_may_be_a_confirmer_gives_one_issue_on_its_field(content):
    # before: two issues, one of them on a field « interaction.mode.constrained-str » (pydantic's tag)
    text, line = variant("  mode: Un ticket sur le portail.\n", "  mode: ''\n")
    add_fiche(content, text)
    issue = only_issue(content)
    assert (issue.field, issue.line) == ("interaction.mode", line)
    assert "« a_confirmer »" in issue.message


def test_list_too_long(content):
    from schema.base import LIST_MAX

    items = "".join(f"  - Élément {n}.\n" for n in range(LIST_MAX + 1))
    text, line = variant("a_prevoir:\n  - Le numéro de série de l'appareil.\n", "a_prevoir:\n" + items)
    add_fiche(content, text)
    issue = only_issue(content)
    assert (issue.field, issue.line) == ("a_prevoir", line)
    assert issue.message == f"liste trop longue : {LIST_MAX + 1} éléments ; au plus {LIST_MAX}"


@pytest.mark.parametrize(
    "old, value, expected",
    [
        ("081/33 44 70", "081" + " " * 40 + "33 44 70", "numéro de téléphone trop long : 51 caractères ; au plus 40"),
        ("service@example.be", "s" * 250 + "@example.be", "adresse e-mail trop longue : 261 caractères ; au plus 254"),
    ],
)
def test_contact_bounds_by_type(content, old, value, expected):
    text, line = variant(f"valeur: {old}\n", f"valeur: {value}\n")
    add_fiche(content, text)
    issue = only_issue(content)
    assert issue.line == line and issue.field.startswith("contacts[") and issue.field.endswith("].valeur")
    assert issue.message == expected


def test_a_huge_value_in_a_date_or_an_id_gives_a_short_message(content):
    text, _ = variant("mis_a_jour: 2026-10-01", "mis_a_jour: " + "9" * 400_000)  # a file under 1 MiB
    text = text.replace("categorie: service-regional", "categorie: " + "a" * 400_000)
    add_fiche(content, text)
    issues = [i for i in issues_of(content) if i.file.endswith("complete.yaml")]
    assert {i.field for i in issues} == {"mis_a_jour", "categorie"}, issues
    assert all(len(i.as_text()) < 300 for i in issues), [i.as_text()[:300] for i in issues]


def test_every_text_and_list_of_the_json_schema_is_bounded():
    """A new field without a bound fails here: a string needs maxLength (or a closed list of values, or
    a pattern of fixed length), a list maxItems, a mapping maxProperties."""
    import json
    import re

    from schema.kinds import KINDS

    unbounded = []

    def walk(node, path):
        if isinstance(node, dict):
            kind = node.get("type")
            if kind == "string" and not ({"maxLength", "enum", "const", "format"} & node.keys()):
                pattern = node.get("pattern", "")
                if not pattern or re.search(r"[+*]|\{\d+,\}", pattern):
                    unbounded.append(f"{path} (texte)")
            if kind == "array" and "maxItems" not in node:
                unbounded.append(f"{path} (liste)")
            if kind == "object" and isinstance(node.get("additionalProperties"), dict) and "maxProperties" not in node:
                unbounded.append(f"{path} (champs)")
            for key, child in node.items():
                walk(child, f"{path}.{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, f"{path}[{index}]")

    for kind in KINDS:
        walk(kind.model.model_json_schema(), kind.name)
    assert not unbounded, "\n".join(unbounded)
    operator = json.loads((ROOT / "schema" / "json" / "operateur.schema.json").read_text(encoding="utf-8"))
    from schema import Operator

    assert operator["properties"]["nom"]["maxLength"] == _bound(Operator, "nom")
