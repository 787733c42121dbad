"""Golden manifests: the site built from frozen content must not change by one byte.

The safety net of refactorings (issue 14). ``tests/fixtures/golden/content/`` (a frozen copy
of the content, never updated with ``content/``) is built in a separate process as CI runs
it, in three modes, and each build's own manifest (path -> BLAKE2 digest of every output
file) is compared with ``tests/fixtures/golden/manifest-<mode>.json``. The build helper is
shared with ``tests/golden_update.py``, which regenerates those files – only when a change
of output is intended (see its docstring).
"""

from __future__ import annotations

import pytest
from golden_update import MODES, ROOT, UPDATE, build, differences, golden_path, read_golden, version_changes


@pytest.mark.parametrize("mode", list(MODES))
def test_build_matches_its_golden_manifest(mode, tmp_path):
    golden = read_golden(mode)
    assert golden["arguments"] == MODES[mode], (
        f"{golden_path(mode).name} a été écrit pour {golden['arguments']}, le mode « {mode} » est "
        f"maintenant {MODES[mode]} : {UPDATE}"
    )
    built, _ = build(mode, tmp_path)
    assert len(built) > 100 and "index.html" in built and "operateurs/sgne/index.html" in built, (
        f"build « {mode} » presque vide : {sorted(built)[:20]}"
    )
    if built != golden["files"]:  # pytest.fail: the paths, without pytest's own dict comparison
        pytest.fail(
            f"La sortie du build « {mode} » de tests/fixtures/golden/content/ n'est plus celle de "
            f"{golden_path(mode).relative_to(ROOT)} :\n{differences(golden['files'], built)}\n"
            f"({version_changes(golden.get('versions', {}))})\n"
            f"Une refactorisation ne doit rien changer : corrigez le code. Si le changement est voulu, "
            f"lancez « {UPDATE} » et dites-le dans le message de commit.",
            pytrace=False,
        )


def test_golden_manifests_are_not_vacuous():
    manifests = {mode: read_golden(mode)["files"] for mode in MODES}
    for mode, files in manifests.items():
        assert len(files) > 100 and "index.html" in files and "assets/site.css" in files, mode
    # Each mode is its own build: the public address writes the sitemap, file URLs change the links.
    assert "sitemap.xml" in manifests["base-url"] and "sitemap.xml" not in manifests["default"]
    assert manifests["file-urls"]["index.html"] != manifests["default"]["index.html"]
    assert manifests["base-url"]["index.html"] != manifests["default"]["index.html"]
