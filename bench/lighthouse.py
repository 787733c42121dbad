"""Lighthouse 12 on every page type of a build, mobile and desktop, as a portal would serve it.

    (cd bench/node && npm ci)                 # Lighthouse, pinned by bench/node/package-lock.json
    python bench/lighthouse.py                # builds content/ and audits it, 3 runs per page
    python bench/lighthouse.py --site DIR     # audits a build already made (e.g. of an older commit)
    python bench/lighthouse.py --runs 1 --only diagram,operator --json /tmp/lh.json

The site is served under a sub-path (/numerique/cartographie/) by a local server that compresses
text (gzip, as any host does) and answers a missing address with 404.html and the status 404
(200 with ``?statut=200``: Lighthouse scores no page answered with an error status).
Lighthouse runs Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), headless, with its own
throttling: "mobile" is its default (a mid-range phone on slow 4G, simulated), "desktop" its
``--preset=desktop``. Each figure printed is the median of the runs; the scores are Lighthouse's
(0-100), LCP in seconds, CLS, the bytes the page transferred, and Lighthouse's benchmarkIndex of
the machine during the runs (a loaded machine scores lower: its simulated phone is slower still).
See bench/README.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LIGHTHOUSE = BENCH / "node" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
SUB_PATH = "/numerique/cartographie/"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
#: Compressed by the server (the rest, Pagefind's index included, is sent as it is).
TEXT = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".csv"}
#: Page types audited: page kind (generator/site) -> label. The 404 and the search are not page
#: kinds of a fixed address: see pages_to_audit().
KINDS = {
    "home": "accueil",
    "operator": "fiche",
    "operators": "liste des opérateurs",
    "diagram": "diagramme",
    "orientation-question": "orientation : question",
    "orientation-result": "orientation : résultat",
    "project": "projet",
}
SEARCH = ("search", "recherche", "recherche/?q=wifi")
#: Lighthouse scores no page answered with an error status (runtimeError ERRORED_DOCUMENT_REQUEST):
#: with ?statut=200 the server sends 404.html for a missing deep address with 200 (same bytes).
MISSING = ("404", "404 (adresse manquante)", "operateurs/adresse-qui-n-existe-pas/?statut=200")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 90}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``site`` under SUB_PATH; gzip for text; 404.html for what is missing."""

    def __init__(self, *args, site: Path, **kwargs):
        self.site = site
        super().__init__(*args, directory=str(site), **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        path, _, query = self.path.split("#", 1)[0].partition("?")
        missing = 200 if "statut=200" in query.split("&") else 404
        if not path.startswith(SUB_PATH):
            return self._send(missing, self.site / "404.html")
        target = self.site / path[len(SUB_PATH) :]
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or not target.resolve().is_relative_to(self.site.resolve()):
            return self._send(missing, self.site / "404.html")
        return self._send(200, target)

    def _send(self, status: int, target: Path):
        body = target.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(target)))
        if target.suffix in TEXT and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, site=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"


def pages_to_audit(site: Path) -> list[tuple[str, str, str]]:
    """(key, label, address under the sub-path) of each page type: for a page kind, its heaviest page
    in ``site`` (the one that shows most of the kind's components)."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("CARTOGRAPHIE_DATE", "2026-11-24")
    from generator.common.urls import Page
    from generator.model.load import load_cartography
    from generator.site.sections import BuildContext, collect

    carto = load_cartography(REPO / "content")
    pages = [item for item in collect(BuildContext(carto=carto, base_url=None)) if isinstance(item, Page)]
    found = []
    for kind, label in KINDS.items():
        built = [page for page in pages if page.kind == kind and (site / page.path).is_file()]
        if built:
            page = max(built, key=lambda p: ((site / p.path).stat().st_size, p.url))
            found.append((kind, label, page.url))
    return found + [SEARCH, MISSING]


def lighthouse(url: str, form: str, out: Path, cpu_slowdown: float | None = None) -> dict:
    """One Lighthouse run: the parsed JSON report. A page answered with an error status (the 404)
    gives a report with a ``runtimeError`` and no scores, and Lighthouse exits with 1."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--only-categories=" + ",".join(CATEGORIES),
        "--locale=fr",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
    ]
    if form == "desktop":
        command.append("--preset=desktop")
    if cpu_slowdown is not None:
        command.append(f"--throttling.cpuSlowdownMultiplier={cpu_slowdown}")
    out.unlink(missing_ok=True)
    done = subprocess.run(
        command,
        env={**os.environ, "CHROME_PATH": CHROME},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
    )
    if not out.is_file():
        raise RuntimeError(f"Lighthouse a échoué sur {url} ({form}) :\n{done.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def figures(report: dict) -> dict:
    audits = report["audits"]
    scores = {
        name: (round(cat["score"] * 100) if cat.get("score") is not None else None) for name, cat in report["categories"].items()
    }

    def value(audit: str) -> float | None:
        return audits.get(audit, {}).get("numericValue")

    error = (report.get("runtimeError") or {}).get("code")
    return {
        **scores,
        "error": error,
        "benchmark": report.get("environment", {}).get("benchmarkIndex"),
        "lcp": value("largest-contentful-paint"),
        "cls": value("cumulative-layout-shift"),
        "bytes": value("total-byte-weight"),
        "failed": sorted(
            f"{name}: {audit_id}"
            for name, cat in report["categories"].items()
            for ref in cat["auditRefs"]
            if ref.get("weight")
            for audit_id in [ref["id"]]
            if audits[audit_id].get("score") not in (None, 1)
        ),
    }


def median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="une sortie de build à auditer (défaut : construire content/)")
    parser.add_argument("--runs", type=int, default=3, help="exécutions par page et par appareil (médiane)")
    parser.add_argument("--only", help="types de page, séparés par des virgules (operator,diagram,404…)")
    parser.add_argument("--forms", default="mobile,desktop")
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        help="ralentissement du processeur simulé (Lighthouse : 4 en mobile, 1 en bureau), à "
        "régler d'après le benchmarkIndex d'une machine chargée",
    )
    parser.add_argument("--json", type=Path, help="écrire les chiffres (et les audits non réussis) dans ce fichier")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        print(f"Lighthouse absent ({LIGHTHOUSE}) : (cd bench/node && npm ci)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        tmp = Path(tmp)
        site = args.site
        if site is None:
            sys.path.insert(0, str(REPO))
            os.environ.setdefault("CARTOGRAPHIE_DATE", "2026-11-24")
            from generator.build import build_site

            site = tmp / "site"
            build_site(REPO / "content", site)
        pages = pages_to_audit(site)
        if args.only:
            wanted = set(args.only.split(","))
            pages = [page for page in pages if page[0] in wanted]
        server, base = serve(site)
        rows = []
        try:
            for key, label, address in pages:
                for form in args.forms.split(","):
                    runs = [
                        figures(lighthouse(base + address, form, tmp / "report.json", args.cpu_slowdown))
                        for _ in range(args.runs)
                    ]
                    row = {
                        "page": key,
                        "label": label,
                        "address": address,
                        "form": form,
                        **{
                            name: median([run[name] for run in runs])
                            for name in (*CATEGORIES, "lcp", "cls", "bytes", "benchmark")
                        },
                        "failed": sorted({f for run in runs for f in run["failed"]}),
                        "error": next((run["error"] for run in runs if run["error"]), None),
                    }
                    rows.append(row)
                    print(_line(row), flush=True)
        finally:
            server.shutdown()
            server.server_close()
    print()
    print(_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _fmt(value, digits=0) -> str:
    return "n/d" if value is None else f"{value:.{digits}f}"


def _line(row: dict) -> str:
    return (
        f"{row['label']:<26} {row['form']:<8} perf {_fmt(row['performance'])} · a11y {_fmt(row['accessibility'])}"
        f" · bp {_fmt(row['best-practices'])} · seo {_fmt(row['seo'])} · LCP {_fmt(row['lcp'] and row['lcp'] / 1000, 2)} s"
        f" · CLS {_fmt(row['cls'], 3)} · {_fmt(row['bytes'] and row['bytes'] / 1024, 1)} Ko"
        f" · benchmarkIndex {_fmt(row['benchmark'])}"
        + (f" · erreur {row['error']}" if row["error"] else "")
        + (f"\n    non réussis : {', '.join(row['failed'])}" if row["failed"] else "")
    )


def _table(rows: list[dict]) -> str:
    head = (
        "| page | appareil | performance | accessibilité | bonnes pratiques | SEO | LCP (s) | CLS | transfert (Ko) |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    lines = [
        f"| {r['label']} | {r['form']} | {_fmt(r['performance'])} | {_fmt(r['accessibility'])} | "
        f"{_fmt(r['best-practices'])} | {_fmt(r['seo'])} | {_fmt(r['lcp'] and r['lcp'] / 1000, 2)} | "
        f"{_fmt(r['cls'], 3)} | {_fmt(r['bytes'] and r['bytes'] / 1024, 1)} |"
        for r in rows
    ]
    return "\n".join([head, *lines])


if __name__ == "__main__":
    sys.exit(main())
