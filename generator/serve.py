"""``cartographie serve``: preview the site on 127.0.0.1 and rebuild it when content or theme change.

Polling file modification times once a second needs no extra dependency and
works on every file system. A failing rebuild prints the French errors and
keeps serving the previous build (the writer never leaves half a site). Every HTML
page it serves carries a small script (generator/livereload.py, added on the way out,
never written to the build) that reloads it after each rebuild and shows the errors
in a banner while the content is invalid.
"""

from __future__ import annotations

import errno
import functools
import gc
import html
import http.server
import io
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.common.oserror import describe
from generator.content.issues import ContentError, render_issues
from generator.livereload import PREFIX, SCRIPT, SCRIPT_URL, STATE_URL, PreviewState, inject
from generator.output.incremental import HandFileInTheWay
from generator.output.outdir import OutputRefused
from generator.render.templates import THEMES

if TYPE_CHECKING:
    from generator.build import Search
    from generator.rebuild.state import BuildState

POLL_SECONDS = 1.0


#: What the browser shows for each error the preview can send (http.server's own pages are English).
#: 404 is the site's own 404.html when the build has one.
_ERRORS: dict[int, tuple[str, str]] = {
    400: ("Requête invalide", "Le serveur d'aperçu n'a pas compris cette requête."),
    403: ("Accès refusé", "Ce fichier ne peut pas être lu."),
    404: ("Page introuvable", "Aucune page du site construit ne correspond à cette adresse."),
    405: ("Méthode non autorisée", "Le serveur d'aperçu ne répond qu'aux requêtes GET et HEAD."),
    414: ("Adresse trop longue", "L'adresse demandée dépasse 64 Ko : le serveur d'aperçu la refuse."),
    431: ("En-têtes trop grands", "Un en-tête de la requête dépasse 64 Ko, ou la requête compte plus de 100 en-têtes."),
    500: (
        "Erreur du serveur d'aperçu",
        "Le serveur d'aperçu n'a pas pu répondre ; le terminal où tourne « cartographie serve » dit pourquoi.",
    ),
    501: ("Méthode non prise en charge", "Le serveur d'aperçu ne répond qu'aux requêtes GET et HEAD."),
    505: ("Version HTTP non prise en charge", "Le serveur d'aperçu ne comprend que HTTP/1.0 et HTTP/1.1."),
}

_ERROR_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>{code} : {title}</title></head>
<body>
<h1>{title}</h1>
<p>{explain}</p>
<p>(Erreur {code}, serveur d'aperçu « cartographie serve ».)</p>
</body>
</html>
"""

#: errno values a socket gives when the other end went away (macOS: EPROTOTYPE while the socket closes).
_GONE = {
    getattr(errno, name)
    for name in ("EPIPE", "ECONNRESET", "ECONNABORTED", "ENOTCONN", "ESHUTDOWN", "EPROTOTYPE")
    if hasattr(errno, name)
}

#: Control characters of a request line, escaped before they reach the terminal.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}


def _client_left(exc: BaseException) -> bool:
    """A browser that closed the connection (page changed, reload, link checker): not worth a line."""
    return isinstance(exc, (ConnectionError, TimeoutError)) or (isinstance(exc, OSError) and exc.errno in _GONE)


def _shown(text: str, limit: int = 120) -> str:
    text = text.translate(_CONTROL)
    return text if len(text) <= limit else text[:limit] + "…"


def _failure(exc: BaseException, where: str) -> str:
    """One French line for an error of the server itself (no traceback): the type and the line that raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    place = f", {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"  500 {where} : erreur du serveur d'aperçu ({type(exc).__name__}{place}) ; requête abandonnée.\n"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Prints only failed requests (a broken link while previewing), not every request, and in French.

    A client that disconnects is silent; an error of the server is one line, not a traceback."""

    timeout = 30  # seconds a connection may stay silent: a client that never finishes its request frees its thread
    _answered = False  # a status line was sent for the current request
    _quiet = False  # the current error was already reported on its own line

    def __init__(self, *args, state: PreviewState | None = None, **kwargs) -> None:
        self.state = state  # set before the base class handles the request, in its __init__
        super().__init__(*args, **kwargs)

    def handle_one_request(self) -> None:
        self._answered = self._quiet = False
        try:
            super().handle_one_request()
        except Exception as exc:
            self.close_connection = True
            if _client_left(exc):
                return
            sys.stderr.write(_failure(exc, self._where()))
            if not self._answered:
                self._quiet = True
                try:
                    self.send_error(500)
                except Exception:  # the connection is unusable too: the line above said it all
                    pass

    def send_response_only(self, code: int, message: str | None = None) -> None:
        self._answered = True
        super().send_response_only(code, message)

    def _where(self) -> str:
        """The requested address, as the log shows it (a request too long or malformed has none)."""
        path = getattr(self, "path", None)
        if path:
            return _shown(path)
        if len(getattr(self, "raw_requestline", b"")) > 65536:
            return "(requête de plus de 64 Ko)"
        line = getattr(self, "requestline", "")
        return f"(requête « {_shown(line)} »)" if line else "(requête vide)"

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if isinstance(code, int) and code >= 400 and not self._quiet:
            sys.stderr.write(f"  {int(code)} {self._where()}\n")

    def log_message(self, format: str, *args) -> None:
        pass

    def send_head(self):
        if self.state is not None:
            served = self._preview_head()
            if served is not None:
                return served
        try:
            return super().send_head()
        except (ValueError, UnicodeError):  # a NUL byte or a lone surrogate in the address: no file has that name
            if self._answered:
                raise
            self.send_error(404)
            return None

    def _preview_head(self):
        """The preview's own addresses, and HTML pages with the reload script; None: the default."""
        address = self.path.split("?", 1)[0].split("#", 1)[0]
        if address.startswith(PREFIX):
            if address == SCRIPT_URL:
                return self._send_bytes(SCRIPT, "text/javascript; charset=utf-8")
            if address == STATE_URL:
                return self._send_bytes(self.state.as_json(), "application/json")
            return None  # the default answers: 404
        try:
            path = Path(self.translate_path(self.path))
        except (ValueError, UnicodeError):
            return None
        if address.endswith("/") and path.is_dir():
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return None  # an asset, a folder to redirect, a missing page: as http.server does
        try:
            page = path.read_bytes()
        except OSError:
            return None
        return self._send_bytes(inject(page, self.state.tag()), "text/html; charset=utf-8")

    def _send_bytes(self, body: bytes, content_type: str):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # a reload must fetch the new build
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path):
        """A folder without index.html is a 404, as on the real server (and no English listing)."""
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A French page for every error; unknown addresses get the site's own 404.html, as on the real server.

        ``message`` and ``explain`` (http.server's English texts) are not shown: the status line keeps the
        standard reason phrase, the page says it in French."""
        code = int(code)
        body = None
        if code == 404:
            try:
                body = (Path(self.directory) / "404.html").read_bytes()
            except OSError:  # no 404.html in this build (or it is being replaced): the page below
                pass
            if body is not None and self.state is not None:
                body = inject(body, self.state.tag())
        if body is None:
            title, text = _ERRORS.get(code, (f"Erreur {code}", "Le serveur d'aperçu n'a pas pu répondre à cette requête."))
            body = _ERROR_PAGE.format(
                code=code, title=html.escape(title, quote=False), explain=html.escape(text, quote=False)
            ).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _PreviewServer(http.server.ThreadingHTTPServer):
    request_queue_size = 128  # a burst of connections (a page and its assets, a link checker) waits, is not refused

    def handle_error(self, request, client_address) -> None:
        """Outside a request (accepting, closing): a disconnect is silent, anything else one French line."""
        exc = sys.exc_info()[1]
        if exc is None or _client_left(exc):
            return
        sys.stderr.write(_failure(exc, f"(connexion de {client_address[0]})"))


def _bind_failure(port: int, exc: OSError) -> str:
    """Why the preview cannot listen on ``port``, in French (``exc.strerror`` is the system's English)."""
    other = port + 1 if port < 65535 else 8000
    start = "Impossible de lancer l'aperçu : "
    if exc.errno == errno.EADDRINUSE:
        return (
            start + f"le port {port} est déjà utilisé (un autre « cartographie serve » tourne peut-être) ; "
            f"essayez --port {other}."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, getattr(errno, "WSAEACCES", errno.EACCES)):
        if 0 < port < 1024:
            return (
                start + f"le port {port} est réservé (les ports inférieurs à 1024 demandent les droits "
                "d'administrateur) ; essayez --port 8000."
            )
        return (
            start + f"le système refuse l'accès au port {port} (port réservé ou bloqué par une règle de "
            f"sécurité) ; essayez --port {other}."
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return start + "l'adresse 127.0.0.1 n'est pas disponible sur cette machine (interface locale désactivée ?)."
    name = errno.errorcode.get(exc.errno, exc.errno) if exc.errno is not None else type(exc).__name__
    return start + f"le système refuse d'écouter sur 127.0.0.1:{port} (erreur {name}) ; essayez --port {other}."


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


def rebuild(
    content: Path,
    out: Path,
    base_url: str | None,
    echo: Callable[[str], None],
    build_state: BuildState | None = None,
    jobs: int | None = None,
    state: PreviewState | None = None,
    search: Search = "now",
) -> bool:
    """Build once; on failure say why in French and keep the previous build. True on success.
    (``build_state``, ``jobs`` and ``search``: as ``build_site``'s ``state``, ``jobs`` and
    ``search``; the server's thread keeps the build on one process anyway.) ``state`` hears the
    outcome: the open pages reload, or show the errors."""
    state = state or PreviewState()
    lines: list[str] = []

    def say(text: str) -> None:
        lines.append(text)
        echo(text)

    built = _rebuild(content, out, base_url, say, build_state, jobs, search)
    if built:
        state.built()
    else:
        state.failed(_issues_of(lines[:-1]))
    return built


def _rebuild(
    content: Path,
    out: Path,
    base_url: str | None,
    echo: Callable[[str], None],
    build_state: BuildState | None,
    jobs: int | None,
    search: Search,
) -> bool:
    from generator.build import build_site

    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # a build only adds objects: the collector's passes over the cached ones cost 10-20 %
    try:
        report = build_site(content, out, base_url=base_url, state=build_state, jobs=jobs, search=search)
    except ContentError as exc:
        echo(render_issues(exc.issues, "text"))
        echo("La construction a échoué ; le site précédent reste servi.")
        return False
    except (OutputRefused, HandFileInTheWay) as exc:
        echo(f"erreur : {exc}")
        echo("La construction a échoué ; le site précédent reste servi.")
        return False
    except OSError as exc:
        echo(f"erreur d'écriture : {describe(exc)}")
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


def index(out: Path, echo: Callable[[str], None], build_state: BuildState) -> bool:
    """After a rebuild that kept the previous search index (``search="later"``): make it again
    from the pages now served, if they changed. A failure is said and the old index stays
    served: the next rebuild tries again. True when the index is that of the pages."""
    from generator.build import index_site
    from generator.output.search import SearchIndexError

    started = time.perf_counter()
    try:
        if not index_site(out, build_state):
            return False
    except (SearchIndexError, HandFileInTheWay) as exc:
        echo(f"erreur de l'index de recherche : {exc}")
        return False
    except OSError as exc:
        echo(f"erreur d'écriture de l'index de recherche : {describe(exc)}")
        return False
    echo(f"Index de recherche à jour ({time.perf_counter() - started:.2f} s).")
    return True


def serve(
    content: Path,
    out: Path,
    port: int = 8000,
    base_url: str | None = None,
    watch: Iterable[Path] | None = None,
    stop: threading.Event | None = None,
    echo: Callable[[str], None] = print,
) -> int:
    """Build, serve ``out`` on 127.0.0.1:``port``, rebuild on change until Ctrl-C (or ``stop``)."""
    if not 0 <= port <= 65535:
        echo(f"Port invalide : {port} ; choisissez un nombre entre 1 et 65535 (par exemple --port 8000).")
        return 2
    out = Path(out).resolve()
    folders = list(watch) if watch is not None else [Path(content), THEMES]
    # The writer replaces files whole (or swaps the folder): the handler reopens files by path, so it sees each new build.
    state = PreviewState()
    handler = functools.partial(_QuietHandler, directory=str(out), state=state)
    try:  # before building: a port in use is said at once, not after the build
        server = _PreviewServer(("127.0.0.1", port), handler)
    except OSError as exc:
        echo(_bind_failure(port, exc))
        return 1
    from generator.rebuild.state import BuildState

    # What is unchanged is not parsed, validated or rendered again; from what the last build left.
    build_state = BuildState.load(out)
    try:
        built = rebuild(content, out, base_url, echo, build_state, state=state)
    except BaseException:  # Ctrl-C during the first build
        server.server_close()
        raise
    if not built and not out.is_dir():
        server.server_close()
        echo("Aucun site à servir : corrigez les erreurs ci-dessus puis relancez.")
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
                # The pages first, served at once; then the search index, which reads them all.
                if rebuild(content, out, base_url, echo, build_state, state=state, search="later"):
                    index(out, echo, build_state)
                gc.collect()  # what the previous build left, once the new one is served
    except KeyboardInterrupt:
        echo("\nArrêt du serveur.")
    finally:
        server.shutdown()
        server.server_close()
        build_state.save(out)  # for the next build, in another process
    return 0


def _issues_of(texts: list[str]) -> list[str]:
    """The failed build's messages, one per issue: the line an issue quotes under it (indented:
    generator.content.issues) stays with its issue."""
    issues: list[str] = []
    for line in (line for text in texts for line in text.splitlines() if line.strip()):
        if line[:1].isspace() and issues:
            issues[-1] += "\n" + line.strip()
        else:
            issues.append(line)
    return issues
