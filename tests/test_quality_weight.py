"""Page-weight gate: every page stays within tests/budget.json (HTML bytes and gzip-transferred
HTML + CSS + JS + images, per page kind; CSS and JS totals); a fiche transfers under 30 KB.
Current weights: python tests/budget_update.py (--write to reset the budget)."""

from __future__ import annotations

import json

import quality


def _budget() -> dict:
    return json.loads(quality.BUDGET.read_text(encoding="utf-8"))


def test_every_page_is_within_the_weight_budget(built_site):
    current = quality.weights(quality.read_files(built_site), quality.site_pages())
    problems = quality.budget_problems(current, _budget())
    assert not problems, ("budget de poids dépassé (tests/budget.json ; poids actuels : "
                          "python tests/budget_update.py) :\n" + "\n".join(problems))


def test_the_budget_keeps_a_fiche_under_30_kb():
    assert _budget()["fiche_transfer_max"] <= 30 * 1024


def test_a_page_over_its_budget_fails(built_site, tmp_path):
    filler = "<p>" + " ".join(f"mot{i}" for i in range(20000)) + "</p>"
    site = quality.broken_copy(built_site, tmp_path, "index.html", lambda html: quality.inject(html, filler))
    problems = quality.budget_problems(quality.weights(quality.read_files(site), quality.site_pages()), _budget())
    assert any(p.startswith("index.html (home) : HTML ") for p in problems), problems
