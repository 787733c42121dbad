"""Benchmark: the cartography at scale, side by side with MkDocs and Hugo on the same pages.

For the real content and for N synthetic fiches (bench/synth.py), measures in
fresh processes (start-up counts, as for an editor typing the command):

- ``cartographie validate``;
- ``cartographie build`` into an empty folder (full build);
- ``cartographie build`` again after one fiche changed (rebuild);
- peak memory of the full build (maximum resident set, from os.wait4 like /usr/bin/time -v);
- output size and number of HTML pages;
- MkDocs and Hugo building the equivalent Markdown pages (bench/mkdocs_hugo.py),
  in the same run, right after our build: the ratios hold on a noisy machine;
- the time until the diagram's network is drawn in headless Chromium.

Each figure is the median over the runs (at least 5 for small contents); ratios
are the medians of the per-run ratios.

    python bench/run.py                       # real,10,100,1000,5000 ; 3 runs (5 for small N)
    python bench/run.py --quick               # real,10,100 ; 1 run ; smoke test of the harness
    python bench/run.py --sizes 1000 --runs 5 --no-browser
    python bench/run.py --readme bench/README.md   # also writes the table into the README

Everything is written under --workdir (default /tmp/bench-cartographie), never in the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import mkdocs_hugo  # noqa: E402
from synth import write_synthetic_content  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
#: True once vis-network has drawn the network: the flag themes/default/static/js/diagram.js sets on
#: « afterDrawing » (override with --diagram-ready), or else the first painted pixels of the page's canvas.
#: The button that loads vis-network (the page shows an SVG drawing until then): clicked at once.
OPEN_BUTTON = "[data-diagram-open]"
DIAGRAM_FLAG = "document.documentElement.dataset.diagramReady === '1'"  # diagram.js, after the first drawing
CANVAS_PAINTED = """(() => {
  const canvas = document.querySelector('canvas');
  if (!canvas || !canvas.width || !canvas.height) return false;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < data.length; i += 4 * 97) { if (data[i]) return true; }
  return false;
})()"""
DIAGRAM_READY = f"({DIAGRAM_FLAG}) || {CANVAS_PAINTED}"
DIAGRAM_URL = "diagramme/"

#: "Today" for freshness checks: the synthetic fiches are reviewed before it.
PINNED_DATE = "2026-11-24"

HEAVY_MODULES = ("pyvis", "IPython", "networkx", "markdown", "jinja2", "nh3", "segno")


@dataclass
class Sample:
    seconds: float
    peak_mb: float


#: Source tree whose generator is measured (--code); None: the installed one (this repository).
CODE: Path | None = None


def _env() -> dict[str, str]:
    env = {**os.environ, "CARTOGRAPHIE_DATE": PINNED_DATE}
    if CODE is not None:
        env["PYTHONPATH"] = str(CODE)
    return env


def run_measured(cmd: list[str], cwd: Path) -> Sample:
    """Run ``cmd`` in a fresh process; wall time and its own peak RSS (not its siblings')."""
    env = _env()
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} a échoué ({proc.returncode}) :\n{err.read().decode(errors='replace')[-3000:]}")
    return Sample(elapsed, usage.ru_maxrss / 1024)  # ru_maxrss: kilobytes on Linux


def cartographie(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator.cli", *args]


@functools.cache
def floor_command() -> list[str]:
    """A fresh Python importing the libraries a build imports (found by importing
    generator.build), nothing of ours: the start-up no build of this stack can go under."""
    probe = (
        "import sys, sysconfig\n"
        "before = set(sys.modules)\n"  # what the interpreter's start-up imports is in every command already
        "import generator.build\n"
        "ours = ('generator', 'schema')\n"
        "lib = sysconfig.get_paths()['purelib']\n"
        "names = {n.split('.')[0] for n, m in list(sys.modules.items()) if getattr(m, '__file__', None)}\n"
        "print(' '.join(sorted(n for n in names - before if not n.startswith(('_',) + ours)"
        " and (sys.modules[n].__file__ or '').startswith(lib))))"
    )
    names = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=_env(), capture_output=True, text=True, check=True)
    return [sys.executable, "-c", "import " + ", ".join(names.stdout.split())]


def pagefind_command(site: Path) -> list[str] | None:
    """Pagefind (the build's own binary) indexing every page of another generator's site."""
    try:
        from generator.output.search import SearchIndexError, executable

        binary = executable()
    except (ImportError, SearchIndexError):
        return None
    return [str(binary), "--site", str(site), "--output-path", str(site / "pagefind"), "--quiet"]


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, HTML pages) of a built site, the incremental build's manifest left out."""
    total = pages = 0
    for path in folder.rglob("*"):
        if path.is_file() and ".cartographie" not in path.parts:
            total += path.stat().st_size
            pages += path.suffix == ".html"
    return total, pages


def touch_fiche(content: Path, run: int) -> Path:
    """Change one fiche (the middle one) as an editor would: the case of the first letter of its
    résumé flips (a visible change that keeps the résumé's length, whatever the number of runs)."""
    fiches = sorted((content / "operators").glob("*.yaml"))
    path = fiches[len(fiches) // 2]
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("resume:"))
    if lines[index][len("resume:") :].strip() in ("", ">", ">-", "|", "|-"):  # folded: text on the next line
        index += 1
        start = 0
    else:
        start = len("resume:")
    line = lines[index]
    letter = next(i for i in range(start, len(line)) if line[i].isalpha())
    lines[index] = line[:letter] + line[letter].swapcase() + line[letter + 1 :]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


WARM_REBUILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from generator.rebuild.state import BuildState
from generator.serve import index, rebuild
from run import touch_fiche
content, out = Path(sys.argv[1]), Path(sys.argv[2])
cache = BuildState.load(out)  # as cartographie serve keeps it
quiet = lambda message: None
# serve renders on one process (its server is a thread): so does this one
assert rebuild(content, out, None, quiet, cache, jobs=1)
touch_fiche(content, -1)
started = time.perf_counter()
# as serve after a change: the pages first (served), then the search index
assert rebuild(content, out, None, quiet, cache, jobs=1, search="later")
shown = time.perf_counter() - started
assert index(out, quiet, cache)
print(shown, time.perf_counter() - started)
"""


def remove_build(out: Path) -> None:
    """``out`` and the build's cache beside it (generator/common/beside.py: ``.<name>.cache``): the next
    build starts from nothing, as on a fresh checkout."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.parent / f".{out.name}.cache", ignore_errors=True)


def warm_rebuild_seconds(content: Path, out: Path, cwd: Path) -> tuple[float, float]:
    """A rebuild in a process that has built once already, as in « cartographie serve »: seconds
    until the changed pages are served, and until the search index is made from them too."""
    remove_build(out)
    proc = subprocess.run(
        [sys.executable, "-c", WARM_REBUILD, str(content), str(out), str(BENCH)],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"rebuild dans un processus chaud : échec\n{proc.stderr[-3000:]}")
    shown, indexed = proc.stdout.strip().splitlines()[-1].split()
    return float(shown), float(indexed)


# --- The diagram in Chromium -------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def diagram_seconds(site: Path, runs: int) -> list[float] | None:
    """Seconds from navigation to « network drawn », per run; None without a diagram page."""
    if not (site / DIAGRAM_URL / "index.html").exists() or not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{DIAGRAM_URL}"
    found = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for _ in range(runs):
                context = browser.new_context()  # cold cache each time
                page = context.new_page()
                started = time.perf_counter()
                page.goto(url)
                if page.locator(OPEN_BUTTON).count():  # drawn as SVG first; vis-network on demand
                    page.click(OPEN_BUTTON)
                try:
                    page.wait_for_function(DIAGRAM_READY, timeout=60_000, polling=10)
                except Exception:  # noqa: BLE001 - the flag never came: report it, do not guess
                    context.close()
                    return None
                found.append(time.perf_counter() - started)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


# --- One content size ----------------------------------------------------------------


@dataclass
class Result:
    label: str
    operators: int
    runs: int
    pages: int = 0
    output_bytes: int = 0
    validate: list[float] = field(default_factory=list)
    build: list[float] = field(default_factory=list)
    rebuild: list[float] = field(default_factory=list)
    warm_rebuild: list[float] = field(default_factory=list)
    warm_indexed: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    mkdocs: list[float] = field(default_factory=list)
    hugo: list[float] = field(default_factory=list)
    vs_mkdocs: list[float] = field(default_factory=list)
    vs_hugo: list[float] = field(default_factory=list)
    hugo_pagefind: list[float] = field(default_factory=list)
    vs_hugo_pagefind: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    md_pages: int = 0
    diagram: list[float] | None = None

    def median(self, name: str) -> float | None:
        values = getattr(self, name)
        return statistics.median(values) if values else None


def bench_size(size: str, runs: int, workdir: Path, seed: int, compare: bool, browser: bool) -> Result:
    folder = workdir / size
    folder.mkdir(parents=True, exist_ok=True)
    if size == "real":
        content = folder / "content"
        if content.exists():
            shutil.rmtree(content)
        shutil.copytree(REPO / "content", content)  # rebuild edits a fiche: never the repository's
    else:
        content = write_synthetic_content(folder / "content", int(size), seed)
    count = len(list((content / "operators").glob("*.yaml")))
    result = Result(size, count, runs)
    out = folder / "site"
    md = None
    if compare:
        mkdocs_yml, hugo_dir = mkdocs_hugo.write_projects(content, folder / "markdown")
        md = (mkdocs_yml, hugo_dir)
    for run in range(runs):
        # In the real content's case, validate and build the repository's folder (git history included).
        source = REPO / "content" if size == "real" else content
        result.floor.append(run_measured(floor_command(), workdir).seconds)
        result.validate.append(run_measured(cartographie("validate", "--content", str(source)), workdir).seconds)
        remove_build(out)
        full = run_measured(cartographie("build", "--content", str(source), "--out", str(out), "--quiet"), workdir)
        result.build.append(full.seconds)
        result.peak_mb.append(full.peak_mb)
        if size == "real":  # the copy: same fiches, the edit stays out of the repository
            remove_build(folder / "site-copy")
            run_measured(cartographie("build", "--content", str(content), "--out", str(folder / "site-copy"), "--quiet"), workdir)
        touch_fiche(content, run)
        rebuilt = folder / "site-copy" if size == "real" else out
        result.rebuild.append(
            run_measured(cartographie("build", "--content", str(content), "--out", str(rebuilt), "--quiet"), workdir).seconds
        )
        if count <= 1000:  # two builds in one process: long at 5,000, and the target is for 1,000
            shown, indexed = warm_rebuild_seconds(content, folder / "site-warm", workdir)
            result.warm_rebuild.append(shown)
            result.warm_indexed.append(indexed)
        if md is not None:
            mk_site, hugo_site = folder / "mkdocs-site", folder / "hugo-site"
            shutil.rmtree(mk_site, ignore_errors=True)
            shutil.rmtree(hugo_site, ignore_errors=True)
            mk = run_measured(mkdocs_hugo.mkdocs_command(md[0], mk_site), workdir).seconds
            hugo = run_measured(mkdocs_hugo.hugo_command(md[1], hugo_site), workdir).seconds
            result.mkdocs.append(mk)
            result.hugo.append(hugo)
            result.vs_mkdocs.append(full.seconds / mk)
            result.vs_hugo.append(full.seconds / hugo)
            # Our build ends with its search index: Hugo's pages indexed by the same Pagefind are the peer
            # that does the same work.
            indexing = pagefind_command(hugo_site)
            if indexing is not None:
                with_index = hugo + run_measured(indexing, workdir).seconds
                result.hugo_pagefind.append(with_index)
                result.vs_hugo_pagefind.append(full.seconds / with_index)
            result.md_pages = tree_size(mk_site)[1]
        print(
            f"  {size} run {run + 1}/{runs}: validate {result.validate[-1]:.2f} s, build {full.seconds:.2f} s, "
            f"rebuild {result.rebuild[-1]:.2f} s (chaud {_f(result.median('warm_rebuild'))} s, index {_f(result.median('warm_indexed'))} s), {full.peak_mb:.0f} MB"
            + (f", MkDocs {result.mkdocs[-1]:.2f} s, Hugo {result.hugo[-1]:.2f} s" if md else "")
            + (f", Hugo + Pagefind {result.hugo_pagefind[-1]:.2f} s" if result.hugo_pagefind else "")
            + f", plancher {result.floor[-1]:.2f} s",
            flush=True,
        )
    if size == "real":
        remove_build(out)
        run_measured(cartographie("build", "--content", str(REPO / "content"), "--out", str(out), "--quiet"), workdir)
    result.output_bytes, result.pages = tree_size(out)
    if browser:
        result.diagram = diagram_seconds(out, runs)
    return result


# --- Report -------------------------------------------------------------------------------


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    hugo = (
        subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split(" ")[0:2]
        if shutil.which("hugo")
        else ["absent"]
    )
    try:
        from importlib.metadata import version

        mkdocs = version("mkdocs")
    except Exception:  # noqa: BLE001
        mkdocs = "absent"
    return (
        f"{dt.date.today().isoformat()} ; {os.cpu_count()} cœurs (nproc), {cpu} ; "
        f"Python {platform.python_version()} ; MkDocs {mkdocs} ; Hugo {' '.join(hugo)} ; "
        f"charge moyenne au départ {os.getloadavg()[0]:.2f}"
    )


def _f(value: float | None, digits: int = 2, suffix: str = "") -> str:
    return "—" if value is None else f"{value:.{digits}f}{suffix}"


def table(results: list[Result]) -> str:
    head = (
        "| contenu | fiches | pages | plancher (s) | validate (s) | build complet (s) | rebuild 1 fiche (s) | rebuild dans serve (s) | + index dans serve (s) | mémoire max (Mo) "
        "| sortie (Mo) | MkDocs (s) | Hugo (s) | Hugo + Pagefind (s) | pages MkDocs/Hugo | build ÷ MkDocs | build ÷ Hugo "
        "| build ÷ (Hugo + Pagefind) | diagramme dessiné (s) | exécutions |"
    )
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    for r in results:
        diagram = "n/d" if r.diagram is None else _f(statistics.median(r.diagram))
        lines.append(
            f"| {'réel' if r.label == 'real' else 'synthétique'} | {r.operators} | {r.pages} | {_f(r.median('floor'))} | {_f(r.median('validate'))} "
            f"| {_f(r.median('build'))} | {_f(r.median('rebuild'))} | {_f(r.median('warm_rebuild'))} | {_f(r.median('warm_indexed'))} "
            f"| {_f(max(r.peak_mb) if r.peak_mb else None, 0)} "
            f"| {_f(r.output_bytes / 1e6, 1)} | {_f(r.median('mkdocs'))} | {_f(r.median('hugo'))} | {_f(r.median('hugo_pagefind'))} "
            f"| {r.md_pages or '—'} | {_f(r.median('vs_mkdocs'), 2, '×')} | {_f(r.median('vs_hugo'), 2, '×')} "
            f"| {_f(r.median('vs_hugo_pagefind'), 2, '×')} | {diagram} | {r.runs} |"
        )
    return "\n".join(lines)


def imports_report(workdir: Path) -> list[str]:
    """Which heavy modules each command imports (python -X importtime)."""
    lines = []
    for label, args in (
        ("import generator.cli", ["-c", "import generator.cli"]),
        ("cartographie validate", ["-m", "generator.cli", "validate", "--content", str(REPO / "content")]),
    ):
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", *args], cwd=workdir, capture_output=True, text=True, env=_env()
        )
        imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
        heavy = [name for name in HEAVY_MODULES if name in imported]
        lines.append(f"- `{label}` : importe {', '.join(heavy) or 'aucun module lourd'}")
    return lines


def targets(results: list[Result]) -> list[str]:
    by = {r.label: r for r in results}
    checks = []

    def check(label: str, ok: bool | None, figure: str) -> None:
        mark = "non mesuré" if ok is None else ("atteint" if ok else "NON atteint")
        checks.append(f"- {label} : {figure} — {mark}")

    if "real" in by:
        r = by["real"]
        floor = f" (plancher : {_f(r.median('floor'), 2, ' s')})"
        check("contenu réel, build à froid ≤ 0,5 s", r.median("build") <= 0.5, _f(r.median("build"), 2, " s") + floor)
        check("contenu réel, validate ≤ 0,5 s", r.median("validate") <= 0.5, _f(r.median("validate"), 2, " s") + floor)
    if "1000" in by:
        r = by["1000"]
        check("1 000 fiches, build complet ≤ 3 s", r.median("build") <= 3, _f(r.median("build"), 2, " s"))
        ratio = r.median("vs_mkdocs")
        check("1 000 fiches, plus rapide que MkDocs", None if ratio is None else ratio < 1, _f(ratio, 2, "× MkDocs"))
        ratio = r.median("vs_hugo")
        check(
            "1 000 fiches, build à froid (ni sortie ni cache) à moins de 2,5× Hugo",
            None if ratio is None else ratio <= 2.5,
            _f(ratio, 2, "× Hugo")
            + (
                f" ; {_f(r.median('vs_hugo_pagefind'), 2, '×')} Hugo suivi de Pagefind, qui fait le même travail"
                if r.hugo_pagefind
                else ""
            ),
        )
        check(
            "1 000 fiches, rebuild après une fiche ≤ 0,5 s (nouveau processus)",
            r.median("rebuild") <= 0.5,
            _f(r.median("rebuild"), 2, " s"),
        )
        check(
            "1 000 fiches, rebuild après une fiche ≤ 0,5 s (dans serve)",
            r.median("warm_rebuild") <= 0.5,
            _f(r.median("warm_rebuild"), 2, " s"),
        )
    if "5000" in by:
        r = by["5000"]
        check("5 000 fiches, build < 15 s", r.median("build") < 15, _f(r.median("build"), 2, " s"))
        check("5 000 fiches, mémoire max < 500 Mo", max(r.peak_mb) < 500, _f(max(r.peak_mb), 0, " Mo"))
    return checks


README_START = "<!-- bench:debut -->"
README_END = "<!-- bench:fin -->"


def write_readme(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else f"{README_START}\n{README_END}\n"
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    path.write_text(f"{head}{README_START}\n{block}\n{README_END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Banc d'essai : validate, build, rebuild, mémoire ; MkDocs et Hugo à côté.")
    parser.add_argument(
        "--sizes",
        default="real,10,100,1000,5000",
        help="contenus, séparés par des virgules : « real » (le contenu du dépôt) ou un nombre de fiches",
    )
    parser.add_argument("--runs", type=int, default=3, help="exécutions par contenu (au moins 5 jusqu'à 100 fiches) ; défaut 3")
    parser.add_argument("--quick", action="store_true", help="real,10,100 et une seule exécution : vérifier le banc")
    parser.add_argument("--seed", type=int, default=1, help="graine du contenu synthétique")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "bench-cartographie",
        help="dossier de travail, hors du dépôt (défaut : /tmp/bench-cartographie)",
    )
    parser.add_argument("--no-compare", action="store_true", help="sans MkDocs ni Hugo")
    parser.add_argument("--no-browser", action="store_true", help="sans mesure du diagramme dans Chromium")
    parser.add_argument(
        "--diagram-ready",
        default=None,
        metavar="JS",
        help="expression JavaScript vraie quand le réseau est dessiné (défaut : le signal du script du diagramme)",
    )
    parser.add_argument(
        "--code",
        type=Path,
        default=None,
        help="mesurer le générateur d'un autre arbre de sources (ex. un « git archive » d'un commit antérieur)",
    )
    parser.add_argument("--readme", type=Path, default=None, help="écrire aussi le tableau dans ce fichier (entre les marqueurs)")
    args = parser.parse_args(argv)
    global CODE, DIAGRAM_READY
    CODE = args.code.resolve() if args.code else None
    DIAGRAM_READY = args.diagram_ready or DIAGRAM_READY
    sizes = ["real", "10", "100"] if args.quick and args.sizes == parser.get_default("sizes") else args.sizes.split(",")
    workdir = args.workdir.resolve()
    if workdir == REPO or REPO in workdir.parents:
        parser.error("--workdir doit être hors du dépôt")
    workdir.mkdir(parents=True, exist_ok=True)
    compare = not args.no_compare and shutil.which("hugo") is not None
    if not args.no_compare and not compare:
        print("Hugo introuvable (apt-get install hugo) : comparaison désactivée.", file=sys.stderr)
    results = []
    for size in sizes:
        runs = 1 if args.quick else (max(args.runs, 5) if size == "real" or int(size) <= 100 else args.runs)
        print(f"{size} : {runs} exécution(s)…", flush=True)
        results.append(bench_size(size, runs, workdir, args.seed, compare, not args.no_browser))
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    block = "\n".join(
        [
            f"Commande : `{command.strip()}`",
            "",
            f"Machine : {machine()}",
            "",
            table(results),
            "",
            "Objectifs :",
            *targets(results),
            "",
            "Imports :",
            *imports_report(workdir),
        ]
    )
    print("\n" + block)
    if args.readme:
        write_readme(args.readme, block)
        print(f"\nécrit : {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
