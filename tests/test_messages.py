"""Each message of `cartographie validate` teaches the fix (issue 15): French, on the line to correct,
that line quoted, what is expected, and the closest valid value.

A small content folder (the site and the vocabularies, two fiches derived from
``fixtures/validation/complete.yaml``, the sources of ``fixtures/messages/``) gets one mistake at a time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, FIXTURES

from generator.cli import main

# Their fixtures are dated against FIXTURE_DAY: on any other day a fiche may be overdue, and the
# issues counted here gain a warning (the day of the live content moves with every review).
pytestmark = pytest.mark.usefixtures("fixture_day")

VALID = (FIXTURES / "validation" / "complete.yaml").read_text(encoding="utf-8")


@pytest.fixture
def content(tmp_path) -> Path:
    root = tmp_path / "content"
    (root / "operators").mkdir(parents=True)
    (root / "projects").mkdir()
    for name in ("site.yaml", "vocabulaires.yaml"):
        shutil.copy(CONTENT / name, root / name)
    shutil.copy(FIXTURES / "messages" / "sources.yaml", root / "sources.yaml")
    write(root, "sgne", VALID.replace("id: complete", "id: sgne").replace("voir_aussi: [sgne]", "voir_aussi: [complete]"))
    write(root, "complete", VALID)
    return root


def write(root: Path, stem: str, text: str) -> Path:
    path = root / "operators" / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def mistake(root: Path, old: str, new: str) -> int:
    """complete.yaml with one replacement; returns the line of the replacement."""
    assert VALID.count(old) == 1, old
    write(root, "complete", VALID.replace(old, new))
    return VALID[: VALID.index(old)].count("\n") + 1


def validate(root: Path, capsys) -> list[str]:
    """The rows `cartographie validate` prints (every message, then the line it quotes)."""
    assert main(["validate", "--content", str(root)]) == 1
    out = capsys.readouterr()
    rows = out.err.splitlines()
    return rows[: rows.index("")] if "" in rows else rows


def only(rows: list[str], line: int) -> tuple[str, str]:
    """(message, quoted line) of the one issue, which must be on ``line``."""
    assert len(rows) == 2, "\n".join(rows)
    message, quoted = rows
    assert f".yaml:{line}: erreur : " in message, message
    assert quoted.startswith(f"{line:>6} | "), quoted
    return message.split(" : ", 1)[1], quoted.split(" | ", 1)[1]


def test_the_valid_fixture_content_is_valid(content, capsys):
    assert main(["validate", "--content", str(content)]) == 0


# --- Syntax: the line to correct, not where the parser stopped -----------------------------------


def test_a_missing_colon_is_reported_on_its_line_with_the_fix(content, capsys):
    line = mistake(content, "sigle: STC", "sigle STC")  # before: reported on the next line
    message, quoted = only(validate(content, capsys), line)
    assert quoted == "sigle STC"
    assert message.endswith("« : » manquant après le nom du champ ; attendu « sigle: STC »")


def test_a_missing_colon_in_a_list_item_is_reported_on_its_line(content, capsys):
    line = mistake(content, "  - type: support-technique\n", "  - type support-technique\n")
    message, _ = only(validate(content, capsys), line)
    assert "attendu « - type: support-technique »" in message


def test_a_missing_colon_before_a_block_is_reported_on_its_line(content, capsys):
    line = mistake(content, "missions:\n", "missions\n")  # before: three lines later
    message, quoted = only(validate(content, capsys), line)
    assert quoted == "missions" and "attendu « missions: »" in message


@pytest.mark.parametrize("quote", ["'", '"'])
def test_an_unclosed_quote_is_reported_where_it_opens(content, capsys, quote):
    # before (single quote): reported on line 46, where « Rue de l'Exemple » closed it by chance
    line = mistake(content, "nom: Service de test complet", f"nom: {quote}Service de test complet")
    message, quoted = only(validate(content, capsys), line)
    assert quoted == f"nom: {quote}Service de test complet"
    assert "guillemet ouvert sur cette ligne et jamais fermé" in message


def test_a_bad_indentation_gives_the_spaces_of_the_line_and_of_the_line_above(content, capsys):
    line = mistake(content, "  precision: Écoles équipées par le programme.", " precision: Écoles équipées par le programme.")
    message, quoted = only(validate(content, capsys), line)
    assert quoted == " precision: Écoles équipées par le programme."
    assert f"cette ligne commence par 1 espace, la ligne {line - 1} par 2 espaces" in message


def test_a_tab_is_reported_in_french_and_shown(content, capsys):
    line = mistake(content, "  canal: ticket", "\tcanal: ticket")
    message, quoted = only(validate(content, capsys), line)
    assert message.endswith("tabulation trouvée ; indentez avec des espaces")
    assert quoted == "\u2409canal: ticket"  # « ␉ »: the tab made visible


def test_a_shifted_line_that_makes_a_key_appear_twice_names_both_lines(content, capsys):
    mistake(content, "zone:\n  regions", "  zone:\n  regions")  # « zone » enters « publics »
    message, _ = only(validate(content, capsys), 22)
    assert "la clé « precision » apparaît deux fois dans le même bloc (ici et ligne 18)" in message
    assert "indentation" in message


def test_a_hash_as_value_is_explained_as_a_comment(content, capsys):
    line = mistake(content, "sigle: STC", "sigle: #CFTNE")
    message, quoted = only(validate(content, capsys), line)
    assert quoted == "sigle: #CFTNE"
    assert "« # » commence un commentaire" in message and 'sigle: "#CFTNE"' in message


# --- The closest valid value ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, field, expected",
    [
        (
            "[primaire-ordinaire, cpms]",
            "[primaire-ordinare, cpms]",
            "publics.unites[0]",
            "« primaire-ordinare » n'existe pas dans le vocabulaire « unites » (vouliez-vous dire « primaire-ordinaire » ?)",
        ),
        (
            "voir_aussi: [sgne]",
            "voir_aussi: [sgen]",
            "voir_aussi[0]",
            "aucune fiche opérateur n'a l'identifiant « sgen » (vouliez-vous dire « sgne » ?)",
        ),
        (
            "document: 002_30a767aea95cf016.txt",
            "document: 002_30a767aea95cf061.txt",
            "sources[0].document",
            "le document « 002_30a767aea95cf061.txt » n'est pas dans content/sources.yaml (vouliez-vous dire « 002_30a767aea95cf016.txt » ?)",
        ),
        ("nom: Service", "name: Service", "name", "champ inconnu ; vouliez-vous dire « nom » ?"),
        ("missions:", "misions:", "misions", "champ inconnu ; vouliez-vous dire « missions » ?"),
        (
            "    libelle: Portail",
            "    libele: Portail",
            "contacts[0].libele",
            "champ inconnu (faute de frappe ?) ; vouliez-vous dire « libelle » ?",
        ),
    ],
)
def test_a_misspelt_value_or_field_gets_the_closest_valid_one(content, capsys, old, new, field, expected):
    line = mistake(content, old, new)
    message, quoted = only(validate(content, capsys), line)  # one message: not « nom » missing as well
    assert message.startswith(f"champ « {field} » : {expected}"), message
    assert quoted.strip() == new.strip() or new.strip() in quoted


def test_no_suggestion_when_nothing_is_close(content, capsys):
    line = mistake(content, "voir_aussi: [sgne]", "voir_aussi: [zzzzzz]")
    message, _ = only(validate(content, capsys), line)
    assert "vouliez-vous dire" not in message


def test_a_deleted_fiche_named_in_several_files_gives_one_message_listing_them(content, capsys):
    write(
        content, "tiers", VALID.replace("id: complete", "id: tiers").replace("voir_aussi: [sgne]", "voir_aussi: [sgne, complete]")
    )
    (content / "operators" / "sgne.yaml").unlink()  # named by complete.yaml and tiers.yaml
    rows = validate(content, capsys)
    assert len(rows) == 2, "\n".join(rows)  # before: one error per file that names it
    message = rows[0]
    assert "la fiche « sgne » n'existe pas (content/operators/sgne.yaml absent : supprimée ou renommée ?)" in message
    assert "2 mentions dans 2 fichiers" in message
    assert "complete.yaml (ligne 59)" in message and "tiers.yaml (ligne 59)" in message
