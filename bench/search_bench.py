"""What the search index costs: Pagefind's stage of the build (generator/output/search.py), for the real
content and synthetic sizes, and what a first search downloads in headless Chromium.

    python bench/search_bench.py                    # real content and 1,000 fiches, 7 runs
    python bench/search_bench.py --sizes 100,1000,5000 --runs 5 --no-browser

For each content, after one full build:

- **index** : the search stage alone (Pagefind on the built site, its files read back), median of
  the runs, in this process: what the stage adds to a build whose pages changed;
- **build sans / avec index** : ``build_site`` into an empty folder in a fresh process, without
  (``search=False``) and with the index, median of the runs; their difference is the same cost
  seen from outside, noisier on a shared machine;
- **rebuild inchangé** : a build with nothing changed keeps the previous index without running
  Pagefind (checked, not timed);
- pages indexed, the index's files and bytes;
- **1re recherche** : bytes served for the first search (Pagefind's files only; the page, its
  stylesheet and script are loaded by every page), in Chromium, for the word given by --word.

Runs in a temporary folder outside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
os.environ.setdefault("CARTOGRAPHIE_DATE", "2026-11-24")

from synth import write_synthetic_content  # noqa: E402

from generator.build import build_site  # noqa: E402
from generator.output import search  # noqa: E402

BUILD = """import sys
from pathlib import Path
from generator.build import build_site
build_site(Path(sys.argv[1]), Path(sys.argv[2]), search=sys.argv[3] == "1")
"""


def _fresh_build(content: Path, out: Path, with_index: bool) -> float:
    import shutil

    from generator.common.beside import cache_dir

    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache_dir(out), ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", BUILD, str(content), str(out), "1" if with_index else "0"], cwd=REPO, check=True)
    return time.perf_counter() - started


def first_search_bytes(site: Path, word: str) -> tuple[int, int] | None:
    """(bytes, requests) of Pagefind's files fetched by the first search for ``word``; None without Chromium."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        from browser import CHROMIUM, CHROMIUM_ARGS, serve
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    fetched: set[str] = set()
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            tab = browser.new_page()
            tab.on("requestfinished", lambda r: fetched.add(r.url.split("?")[0].removeprefix(url)))
            tab.goto(url + "recherche/")
            tab.wait_for_load_state("networkidle")
            fetched.clear()
            tab.fill("#q", word)
            tab.wait_for_selector(".search-result__title a, [data-search-status] a", timeout=30000)
            tab.wait_for_load_state("networkidle")
        finally:
            browser.close()
    # The files' sizes: the server sends them as they are (Chromium gives no body size for a worker's script).
    sizes = [(site / path).stat().st_size for path in fetched if path.startswith(search.FOLDER)]
    return sum(sizes), len(sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="nombres de fiches synthétiques, séparés par des virgules")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--word", default="numérique", help="mot de la première recherche (défaut : numérique)")
    parser.add_argument("--no-browser", action="store_true", help="sans la mesure de la première recherche")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        tmp = Path(tmp)
        cases = [("contenu réel", REPO / "content")]
        for size in (int(s) for s in args.sizes.split(",") if s):
            content = tmp / f"content-{size}"
            write_synthetic_content(content, size, seed=1)
            cases.append((f"{size} fiches", content))
        binary = search.executable()
        for name, content in cases:
            out = tmp / f"site-{len(rows)}"
            build_site(content, out)
            stage = []
            for _ in range(args.runs):
                started = time.perf_counter()
                files = search.run(out, binary)
                stage.append(time.perf_counter() - started)
            entry = json.loads(files[search.FOLDER + "pagefind-entry.json"])
            pages = sum(language["page_count"] for language in entry["languages"].values())
            # Nothing changed: the index is kept, Pagefind does not run.
            real_run = search.run
            search.run = lambda *a, **k: (_ for _ in ()).throw(AssertionError("Pagefind relancé"))
            try:
                build_site(content, out)
                kept = "gardé"
            except AssertionError:
                kept = "refait"
            finally:
                search.run = real_run
            without = statistics.median(_fresh_build(content, tmp / "fresh", False) for _ in range(max(3, args.runs // 2)))
            with_ = statistics.median(_fresh_build(content, tmp / "fresh", True) for _ in range(max(3, args.runs // 2)))
            first = None if args.no_browser else first_search_bytes(out, args.word)
            rows.append(
                (name, pages, statistics.median(stage), without, with_, kept, len(files), sum(map(len, files.values())), first)
            )
    print(
        f"| contenu | pages indexées | index (médiane) | build sans index | build avec index | rebuild inchangé "
        f"| fichiers de l'index | octets | 1re recherche « {args.word} » |"
    )
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    for name, pages, stage, without, with_, kept, count, size, first in rows:
        shown = "n/d" if first is None else f"{first[0] / 1000:.0f} ko ({first[1]} requêtes)"
        print(
            f"| {name} | {pages} | {stage:.2f} s | {without:.2f} s | {with_:.2f} s | index {kept} "
            f"| {count} | {size / 1e6:.2f} Mo | {shown} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
