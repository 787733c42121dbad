"""``cartographie serve``: preview the site on 127.0.0.1 and rebuild it when content or theme change.

Polling file modification times once a second needs no extra dependency and
works on every file system. A failing rebuild prints the French errors and
keeps serving the previous build (the writer never leaves half a site).
"""

from __future__ import annotations

import functools
import gc
import http.server
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .issues import ContentError, render_issues
from .render import THEMES

if TYPE_CHECKING:
    from .build import BuildCache

POLL_SECONDS = 1.0


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Prints only failed requests (a broken link while previewing), not every request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if str(code).isdigit() and int(code) >= 400:
            sys.stderr.write(f"  {int(code)} {self.path}\n")

    def log_message(self, format: str, *args) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Unknown addresses get the site's own 404.html, as on the real server."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def snapshot(folders: Iterable[Path]) -> dict[str, float]:
    """Path -> modification time of every file under ``folders`` (a change adds, drops or bumps one)."""
    out: dict[str, float] = {}
    for folder in folders:
        for path in Path(folder).rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                try:
                    out[str(path)] = path.stat().st_mtime
                except FileNotFoundError:  # removed while we looked
                    pass
    return out


def rebuild(content: Path, out: Path, base_url: str | None, echo: Callable[[str], None],
            cache: BuildCache | None = None, jobs: int | None = None) -> bool:
    """Build once; on failure say why in French and keep the previous build. True on success.
    (``jobs``: as ``build_site``; the server's thread keeps the build on one process anyway.)"""
    from .build import build_site

    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # a build only adds objects: the collector's passes over the cached ones cost 10-20 %
    try:
        report = build_site(content, out, base_url=base_url, cache=cache, jobs=jobs)
    except ContentError as exc:
        echo(render_issues(exc.issues, "text"))
        echo("La construction a échoué ; le site précédent reste servi.")
        return False
    except Exception as exc:  # a template error must not stop the preview
        echo(f"erreur de construction : {type(exc).__name__} : {exc}")
        echo("La construction a échoué ; le site précédent reste servi.")
        return False
    finally:
        if collecting:
            gc.enable()
    echo(f"Site reconstruit : {report.pages} pages ({time.perf_counter() - started:.2f} s).")
    return True


def serve(content: Path, out: Path, port: int = 8000, base_url: str | None = None,
          watch: Iterable[Path] | None = None, stop: threading.Event | None = None,
          echo: Callable[[str], None] = print) -> int:
    """Build, serve ``out`` on 127.0.0.1:``port``, rebuild on change until Ctrl-C (or ``stop``)."""
    out = Path(out).resolve()
    folders = list(watch) if watch is not None else [Path(content), THEMES]
    from .build import BuildCache

    cache = BuildCache()  # what is unchanged is not parsed, validated or rendered again
    if not rebuild(content, out, base_url, echo, cache) and not out.is_dir():
        echo("Aucun site à servir : corrigez les erreurs ci-dessus puis relancez.")
        return 1
    # The writer replaces files whole (or swaps the folder): the handler reopens files by path, so it sees each new build.
    handler = functools.partial(_QuietHandler, directory=str(out))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        echo(f"Impossible d'écouter sur le port {port} : {exc.strerror}. Essayez --port {port + 1}.")
        return 1
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    echo(f"Site servi sur http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C pour arrêter).")
    stop = stop or threading.Event()
    seen = snapshot(folders)
    try:
        while not stop.wait(POLL_SECONDS):
            current = snapshot(folders)
            if current != seen:
                seen = current
                echo("Modification détectée, reconstruction…")
                rebuild(content, out, base_url, echo, cache)
                gc.collect()  # what the previous build left, once the new one is served
    except KeyboardInterrupt:
        echo("\nArrêt du serveur.")
    finally:
        server.shutdown()
        server.server_close()
        cache.save(out)  # the fragments, for the next build in another process
    return 0
