"""``cartographie serve``: the preview rebuilds on change, keeps the last good build, and leaves its
cache for the next build when it stops."""

from __future__ import annotations

import re
import shutil
import threading
import time
import urllib.request
from pathlib import Path

import conftest
import pytest

from generator.cache import cache_dir
from generator.serve import serve


def _wait_for(condition, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("délai dépassé")


@pytest.fixture
def preview(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, content)
    out = tmp_path / "build"
    stop = threading.Event()
    logs: list[str] = []
    thread = threading.Thread(target=serve, kwargs=dict(content=content, out=out, port=0, stop=stop,
                                                         watch=[content], echo=logs.append))
    thread.start()
    try:
        address = _wait_for(lambda: next((m.group(1) for line in logs
                                          if (m := re.search(r"(http://127\.0\.0\.1:\d+/)", line))), None))
        yield content, out, address, logs
    finally:
        stop.set()
        thread.join(timeout=30)


def _page(address: str, path: str) -> str:
    with urllib.request.urlopen(address + path, timeout=10) as response:
        return response.read().decode("utf-8")


def test_serve_rebuilds_on_change_and_keeps_the_last_good_build(preview):
    content, out, address, logs = preview
    fiche = content / "operators" / "sgne.yaml"
    text = fiche.read_text(encoding="utf-8")
    fiche.write_text(text.replace("\nresume: >-\n", "\nresume: >-\n  Relu pendant l'aperçu.\n", 1), encoding="utf-8")
    _wait_for(lambda: "Relu pendant l'aperçu." in _page(address, "operateurs/sgne/"))
    assert sum("Site reconstruit" in line for line in logs) == 2

    time.sleep(0.05)
    fiche.write_text(text.replace("sigle: SGNE", "sigle: " + "X" * 40), encoding="utf-8")  # invalid
    _wait_for(lambda: any("La construction a échoué ; le site précédent reste servi." in line for line in logs))
    assert "Relu pendant l'aperçu." in _page(address, "operateurs/sgne/")  # still the last good build


def test_serve_leaves_its_fragments_for_the_next_build_when_it_stops(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, content)
    out = tmp_path / "build"
    stop = threading.Event()
    stop.set()  # build once, serve, and stop at the first poll
    assert serve(content, out, port=0, stop=stop, watch=[content], echo=lambda line: None) == 0
    assert (cache_dir(out) / "fragments.marshal").is_file()
    assert (out / "operateurs" / "sgne" / "index.html").is_file()
