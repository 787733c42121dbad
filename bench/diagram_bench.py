"""Time until /diagramme/ is drawn in headless Chromium, for the real content and synthetic sizes.

    python bench/diagram_bench.py [--sizes 100,500] [--runs 3]

Prints the median of each size (navigation → vis-network's first drawing) and the
number of nodes drawn. Runs in a temporary folder outside the repository.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import diagram_seconds  # noqa: E402  (bench/run.py: the same measure as the main benchmark)
from synth import write_synthetic_content  # noqa: E402

from generator.build import build_site  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,500")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="diagram-bench-") as tmp:
        tmp = Path(tmp)
        cases = [("contenu réel", HERE.parent / "content")]
        for size in (int(s) for s in args.sizes.split(",")):
            content = tmp / f"content-{size}"
            write_synthetic_content(content, size, seed=1)
            cases.append((f"{size} opérateurs", content))
        for name, content in cases:
            out = tmp / f"site-{len(rows)}"
            build_site(content, out)
            data = (out / "assets" / "diagram" / "data.js").read_text(encoding="utf-8")
            nodes = data.count('"shape":')
            times = diagram_seconds(out, args.runs)
            rows.append((name, nodes, statistics.median(times)))
    print(f"{'contenu':<16} {'nœuds':>6} {'dessiné en (médiane)':>22}")
    for name, nodes, median in rows:
        print(f"{name:<16} {nodes:>6} {median:>20.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
