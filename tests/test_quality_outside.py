"""What outside auditors run, with their own tools: html-validate (recommended preset) finds no
error in any page of the build, and pa11y (HTML_CodeSniffer and axe runners) none on one page of
every kind. Both from npm, pinned (tests/node/package-lock.json), pa11y in Debian's Chromium."""

from __future__ import annotations

import subprocess

import pytest
import quality

TOOLS = "html-validate, pa11y"


@pytest.fixture(scope="module")
def node_tools():
    """The tools are installed: in CI their absence fails; elsewhere the test is skipped, saying why."""
    missing = quality.node_tools_missing()
    if missing and quality.env_flag("CI"):
        pytest.fail(missing)
    if missing:
        pytest.skip(missing)


def test_the_tools_are_those_the_lock_file_pins(node_tools):
    lock = __import__("json").loads((quality.NODE_TOOLS / "package-lock.json").read_text(encoding="utf-8"))
    for name in TOOLS.split(", "):
        pinned = lock["packages"][f"node_modules/{name}"]["version"]
        found = subprocess.run(
            [str(quality.node_tool(name)), "--version"], capture_output=True, text=True, cwd=quality.NODE_TOOLS, timeout=60
        ).stdout.strip()
        assert found.removeprefix(f"{name}-") == pinned, f"{name} : {found} installé, {pinned} attendu (npm ci)"


def test_the_config_keeps_the_whole_recommended_preset(node_tools):
    """Options may be adjusted, with their reason written beside them; no rule is turned off."""
    config = __import__("json").loads(
        subprocess.run(
            ["node", "-e", "console.log(JSON.stringify(require('./.htmlvalidate.cjs')))"],
            capture_output=True,
            text=True,
            check=True,
            cwd=quality.NODE_TOOLS,
            timeout=60,
        ).stdout
    )
    assert config["extends"] == ["html-validate:recommended"]
    off = [
        rule for rule, value in config.get("rules", {}).items() if (value[0] if isinstance(value, list) else value) in ("off", 0)
    ]
    assert not off, f"règles désactivées dans tests/node/.htmlvalidate.cjs : {off}"


def test_every_page_passes_html_validate(node_tools, built_site):
    errors = quality.html_validate_errors(built_site)
    assert not errors, f"{len(errors)} erreur(s) html-validate :\n" + "\n".join(errors[:60])


def test_html_validate_names_file_line_and_rule(node_tools, built_site, tmp_path):
    site = quality.broken_copy(
        built_site,
        tmp_path,
        "index.html",
        lambda html: html.replace('<header class="site-header">', '<header class="site-header" role="banner">', 1),
    )
    errors = quality.html_validate_errors(site)
    assert any(e.startswith("index.html:") and ": no-redundant-role: " in e for e in errors), errors


@pytest.mark.browser
def test_one_page_of_every_kind_passes_pa11y(node_tools, built_site, site_url):
    paths = [quality.representative(built_site, kind).url for kind in quality.kinds()] + ["404.html"]
    errors = quality.pa11y_errors(site_url, paths)
    assert not errors, f"{len(errors)} erreur(s) pa11y :\n" + "\n".join(errors)


@pytest.mark.browser
def test_pa11y_reports_a_form_without_submit_button_and_an_unlabelled_field(node_tools, built_site, tmp_path):
    from browser import serve

    site = quality.broken_copy(
        built_site,
        tmp_path,
        "index.html",
        lambda html: quality.inject(html, '<form action="."><input type="text" name="q"></form>'),
    )
    with serve(site) as url:
        errors = quality.pa11y_errors(url, [""])
    assert any("htmlcs WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2" in e for e in errors), errors
    assert any(e.startswith("/ : axe label :") for e in errors), errors
