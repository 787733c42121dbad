"""Shared fixtures: the real content, built once per test session.

"Today" in the tests (CARTOGRAPHIE_DATE). The real content changes by editors' pull requests,
and a fiche they review is dated the day they review it, which no test can know in advance.
So tests over the real content (or a copy of it) check it on the day of its latest review,
read from the content itself (:func:`content_day`): the same content gives the same
verdict on any day, and a fiche re-dated today is never "in the future". Fixture content
(tests/fixtures/, the frozen copy included) has dates chosen by the tests: tests whose
verdict depends on "today" pin :data:`FIXTURE_DAY` with the ``fixture_day`` fixture.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: A frozen copy of the content (golden manifests): for tests whose expectations would change with the real one.
FROZEN = FIXTURES / "golden" / "content"

#: The day the fixtures' dates are written against (reviews "recent", "overdue"…).
FIXTURE_DAY = "2026-11-24"


def content_day(content: Path) -> str:
    """The latest review date of the fiches and programmes under ``content`` (ISO), the day their
    checks run on; FIXTURE_DAY when none can be read (the content's own checks will say why)."""
    days = []
    for path in sorted([*content.glob("operators/*.yaml"), *content.glob("projects/*.yaml")]):
        try:
            day = yaml.safe_load(path.read_text(encoding="utf-8")).get("mis_a_jour")
        except (OSError, ValueError, AttributeError, yaml.YAMLError):
            continue
        if isinstance(day, dt.date):
            days.append(day)
    return max(days).isoformat() if days else FIXTURE_DAY


#: The day tests over the real content run on (see the module's docstring).
CONTENT_DAY = content_day(CONTENT)

os.environ.setdefault("CARTOGRAPHIE_DATE", CONTENT_DAY)


@pytest.fixture
def fixture_day(monkeypatch) -> str:
    """Pin "today" to FIXTURE_DAY, for a test whose fixture dates mean "recent" or "overdue"."""
    monkeypatch.setenv("CARTOGRAPHIE_DATE", FIXTURE_DAY)
    return FIXTURE_DAY


@pytest.fixture(scope="session")
def carto():
    from generator.model.load import load_cartography

    return load_cartography(CONTENT)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content built into a temporary folder (once per session)."""
    from generator.build import build_site

    out = tmp_path_factory.mktemp("site") / "build"
    build_site(CONTENT, out)
    return out


@pytest.fixture(scope="session")
def frozen_site(tmp_path_factory) -> Path:
    """The frozen copy of the content (FROZEN) built on FIXTURE_DAY, once per session. The gates
    whose figures grow with the content (page weights, one A4 page per printed fiche) run on it:
    on the live content, an editor's valid change (a longer text, a new fiche, a review that
    makes the others overdue) would turn them red."""
    from generator.build import build_site

    out = tmp_path_factory.mktemp("frozen-site") / "build"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARTOGRAPHIE_DATE", FIXTURE_DAY)
        build_site(FROZEN, out)
    return out


@pytest.fixture(scope="session")
def frozen_site_url(frozen_site):
    """Base URL of the frozen site served under a sub-path on 127.0.0.1."""
    from browser import serve

    with serve(frozen_site) as url:
        yield url


@pytest.fixture
def frozen_page(browser, frozen_site_url):
    """A fresh browser page that may only reach the frozen site's server."""
    yield from _guarded_tab(browser, frozen_site_url)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium; a missing browser is a failure, never a silent skip."""
    from browser import CHROMIUM, CHROMIUM_ARGS, chromium_missing_message
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(chromium_missing_message())
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the real site served under a sub-path on 127.0.0.1."""
    from browser import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture
def page(browser, site_url):
    """A fresh browser page (new context) that may only reach the local server."""
    yield from _guarded_tab(browser, site_url)


def _guarded_tab(browser, url: str):
    """A tab in a new context whose requests may only reach the server at ``url``; once the test
    is over, fails it if the page tried to reach anything else."""
    from browser import OfflineGuard

    context = browser.new_context()
    guard = OfflineGuard(url)
    context.route("**/*", guard)
    tab = context.new_page()
    tab.offline_guard = guard
    yield tab
    context.close()
    assert not guard.blocked, f"la page a tenté des requêtes hors du serveur local : {guard.blocked}"
