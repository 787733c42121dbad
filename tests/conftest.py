"""Shared fixtures: the real content, built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("CARTOGRAPHIE_DATE", "2026-11-24")


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
    from browser import OfflineGuard

    context = browser.new_context()
    guard = OfflineGuard(site_url)
    context.route("**/*", guard)
    tab = context.new_page()
    tab.offline_guard = guard
    yield tab
    context.close()
    assert not guard.blocked, f"la page a tenté des requêtes hors du serveur local : {guard.blocked}"
