"""Print the site's current weights, and with --write set tests/budget.json from them.

    python tests/budget_update.py           # current weights per page kind, CSS and JS totals
    python tests/budget_update.py --write   # new budget: today's weights + 20 % headroom

The site is rendered in memory from the frozen copy of the content, tests/fixtures/golden/content
(nothing is written to build/), on the day its golden manifests are written for. Raise the
budget only for a reason you can say in the commit message.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("CARTOGRAPHIE_DATE", "2026-11-24")

import quality  # noqa: E402

HEADROOM = 0.20


def current() -> dict:
    from generator.build import render_site
    from generator.model.load import load_cartography

    files = render_site(load_cartography(quality.FROZEN))
    return quality.weights(files, quality.site_pages(quality.FROZEN))


def with_headroom(value: int) -> int:
    return int(math.ceil(value * (1 + HEADROOM) / 100) * 100)


def budget_from(weights: dict) -> dict:
    kinds = {
        kind: {"html_bytes": with_headroom(w["html_bytes"]), "transfer_bytes": with_headroom(w["transfer_bytes"])}
        for kind, w in weights["kinds"].items()
    }
    largest = {key: max(limit[key] for limit in kinds.values()) for key in ("html_bytes", "transfer_bytes")}
    return {
        "_doc": "Budget de poids des pages (octets). transfer_bytes : HTML + CSS + JS + images chargés, gzip. "
        "'default' vaut pour un type de page sans budget propre. Mise à jour : python tests/budget_update.py --write",
        "kinds": kinds,
        "default": largest,
        "css_bytes": with_headroom(weights["css_bytes"]),
        "js_bytes": with_headroom(weights["js_bytes"]),
        "fiche_transfer_max": quality.FICHE_TRANSFER_MAX,
        "fiche_html_css_max": quality.FICHE_HTML_CSS_MAX,
        "diagram_transfer_max": quality.DIAGRAM_TRANSFER_MAX,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="écrire tests/budget.json (poids actuels + 20 %%)")
    args = parser.parse_args()
    weights = current()
    print(f"{'type de page':24} {'HTML max':>10} {'transfert gzip max':>19}  page la plus lourde")
    for kind, w in weights["kinds"].items():
        print(f"{kind:24} {w['html_bytes']:>10} {w['transfer_bytes']:>19}  {w['page']}")
    print(f"CSS total : {weights['css_bytes']} o ; JS total : {weights['js_bytes']} o")
    if args.write:
        quality.BUDGET.write_text(json.dumps(budget_from(weights), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(
            f"écrit : {quality.BUDGET.relative_to(Path.cwd()) if quality.BUDGET.is_relative_to(Path.cwd()) else quality.BUDGET}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
