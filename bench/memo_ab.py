"""A/B: a one-fiche rebuild in a warm process (as in ``cartographie serve``) with the per-model
memo (generator/rebuild/memo.py) and without it, alternated in one run so that the ratio holds
on a noisy machine.

    python bench/memo_ab.py --fiches 1000 --runs 3

Without the memo, the stages are given a plain call as their ``per_model`` (as a one-shot
build is). Written under --workdir (default /tmp/bench-memo), never in the repository.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
from synth import write_synthetic_content  # noqa: E402

WITHOUT = """
import generator.build
class _NoMemo:
    def __call__(self, function, model, *args):
        return function(model, *args)
    def holds(self, value):
        return False
generator.build.ModelMemo = _NoMemo
"""


def main() -> int:
    parser = argparse.ArgumentParser(description="Rebuild dans serve, avec et sans le mémo par modèle.")
    parser.add_argument("--fiches", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "bench-memo")
    args = parser.parse_args()
    content = args.workdir / f"content-{args.fiches}"
    if not content.exists():
        write_synthetic_content(content, args.fiches, 1)
    seconds: dict[str, list[float]] = {"avec": [], "sans": []}
    for _ in range(args.runs):
        for mode in seconds:
            out = args.workdir / f"site-{mode}"
            run.remove_build(out)
            script = run.WARM_REBUILD.replace(
                "cache = BuildState.load(out)", (WITHOUT if mode == "sans" else "") + "cache = BuildState.load(out)"
            )
            proc = subprocess.run(
                [sys.executable, "-c", script, str(content), str(out), str(BENCH)],
                cwd=args.workdir,
                env={**os.environ, "CARTOGRAPHIE_DATE": run.PINNED_DATE},
                capture_output=True,
                text=True,
            )
            if proc.returncode:
                print(proc.stderr[-3000:], file=sys.stderr)
                return 1
            seconds[mode].append(float(proc.stdout.strip().splitlines()[-1]))
            print(f"{mode} mémo : {seconds[mode][-1]:.2f} s", flush=True)
    for mode, values in seconds.items():
        print(f"médiane {mode} mémo : {statistics.median(values):.2f} s")
    ratio = statistics.median(b / a for a, b in zip(seconds["avec"], seconds["sans"]))
    print(f"sans ÷ avec (médiane des rapports) : {ratio:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
