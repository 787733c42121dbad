"""``cartographie serve``: the preview rebuilds on change, keeps the last good build, and leaves its
cache for the next build when it stops; it answers odd or abandoned requests in French, without a
traceback, and says in French why it cannot listen.

The requests here only go to 127.0.0.1, a bounded number of them, each with a timeout."""

from __future__ import annotations

import errno
import re
import shutil
import socket
import struct
import threading
import time
import urllib.request
from pathlib import Path

import conftest
import pytest

from generator import serve as serve_module
from generator.cli import main
from generator.output.incremental import MANIFEST, digest
from generator.rebuild.state import BuildState
from generator.serve import serve


def _wait_for(condition, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("délai dépassé")


def _running(tmp_path: Path, source: Path = conftest.CONTENT):
    """serve on a copy of ``source`` in a thread: (content, out, address, logs), stopped after."""
    content = tmp_path / "content"
    shutil.copytree(source, content)
    out = tmp_path / "build"
    stop = threading.Event()
    logs: list[str] = []
    thread = threading.Thread(
        target=serve, kwargs=dict(content=content, out=out, port=0, stop=stop, watch=[content], echo=logs.append)
    )
    thread.start()
    try:
        address = _wait_for(
            lambda: next((m.group(1) for line in logs if (m := re.search(r"(http://127\.0\.0\.1:\d+/)", line))), None),
            seconds=30,
        )
        yield content, out, address, logs
    finally:
        stop.set()
        thread.join(timeout=30)


@pytest.fixture
def preview(tmp_path):
    yield from _running(tmp_path)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One preview for the tests that only send requests: its address."""
    yield from (address for _, _, address, _ in _running(tmp_path_factory.mktemp("served")))


def _page(address: str, path: str) -> str:
    with urllib.request.urlopen(address + path, timeout=10) as response:
        return response.read().decode("utf-8")


def test_serve_rebuilds_on_change_and_keeps_the_last_good_build(preview):
    content, out, address, logs = preview
    index = out / "pagefind" / "pagefind-entry.json"
    before = index.read_bytes()
    fiche = content / "operators" / "sgne.yaml"
    text = fiche.read_text(encoding="utf-8")
    fiche.write_text(text.replace("\nresume: >-\n", "\nresume: >-\n  Relu pendant l'aperçu.\n", 1), encoding="utf-8")
    _wait_for(lambda: "Relu pendant l'aperçu." in _page(address, "operateurs/sgne/"))
    # The new site is served from the moment it is swapped in, a little before the build reports.
    _wait_for(lambda: sum("Site reconstruit" in line for line in logs) >= 2, seconds=15)
    assert sum("Site reconstruit" in line for line in logs) == 2
    # Then the search index, made from the pages served: the new word is found.
    _wait_for(lambda: any("Index de recherche à jour" in line for line in logs), seconds=30)
    assert index.read_bytes() != before and not any("erreur" in line for line in logs)

    time.sleep(0.05)
    fiche.write_text(text.replace("sigle: SGNE", "sigle: " + "X" * 40), encoding="utf-8")  # invalid
    _wait_for(lambda: any("La construction a échoué ; le site précédent reste servi." in line for line in logs))
    assert "Relu pendant l'aperçu." in _page(address, "operateurs/sgne/")  # still the last good build


def test_serve_leaves_its_build_state_for_the_next_build_when_it_stops(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, content)
    out = tmp_path / "build"
    stop = threading.Event()
    stop.set()  # build once, serve, and stop at the first poll
    assert serve(content, out, port=0, stop=stop, watch=[content], echo=lambda line: None) == 0
    state = BuildState.load(out)
    assert state.fragments and state.inputs and state.manifest == digest((out / MANIFEST).read_bytes())
    assert (out / "operateurs" / "sgne" / "index.html").is_file()


def _port(address: str) -> int:
    return int(address.rstrip("/").rsplit(":", 1)[1])


def _exchange(address: str, request: bytes) -> bytes:
    """Send raw bytes to the preview, read its answer until it closes the connection."""
    answer = b""
    with socket.create_connection(("127.0.0.1", _port(address)), timeout=10) as sock:
        sock.sendall(request)
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:  # it closed with part of our request unread: what came before counts
            pass
    return answer


def _handlers_done(seconds: float = 10.0) -> None:
    """Wait until the server's request threads have ended (they print their errors before)."""
    _wait_for(lambda: not any("process_request_thread" in thread.name for thread in threading.enumerate()) or None, seconds)


def _assert_french_page(answer: bytes, title: str) -> None:
    text = answer.decode("utf-8")
    assert title in text
    assert '<html lang="fr">' in text
    for english in ("Error response", "Error code", "Message:", "Directory listing", 'lang="en"'):
        assert english not in text


def test_a_request_line_over_64_kb_gets_414_in_french_without_traceback(served, capfd):
    answer = _exchange(served, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    _handlers_done()
    assert answer.startswith(b"HTTP/1.0 414 "), answer[:200]
    _assert_french_page(answer, "Adresse trop longue")
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err
    lines = err.splitlines()
    assert len(lines) <= 1 and all(len(line) < 80 for line in lines), err
    assert "a" * 100 not in err  # not the 70 KB address


@pytest.mark.parametrize(
    "request_bytes, status, title",
    [
        (b"GET / HTTP/1.0\r\nX-Long: " + b"b" * 70_000 + b"\r\n\r\n", b"431", "En-têtes trop grands"),
        (b"GET / HTTP/1.0\r\n" + b"X-Many: yes\r\n" * 120 + b"\r\n", b"431", "En-têtes trop grands"),
        (b"POST / HTTP/1.0\r\nContent-Length: 0\r\n\r\n", b"501", "Méthode non prise en charge"),
        (b"BREW / HTTP/1.0\r\n\r\n", b"501", "Méthode non prise en charge"),
        (b"GET / HTTP/1.0 de trop\r\n\r\n", None, "Requête invalide"),  # HTTP/0.9-style answer: no status line
        (b"GET / HTTP/2.0\r\n\r\n", None, "Version HTTP non prise en charge"),
        (b"GET /%00 HTTP/1.0\r\n\r\n", b"404", "Page introuvable"),  # a NUL byte in the address
        (b"GET /%ed%b0%80 HTTP/1.0\r\n\r\n", b"404", "Page introuvable"),  # a lone surrogate
        (b"GET /assets/ HTTP/1.0\r\n\r\n", b"404", "Page introuvable"),  # a folder without index.html: no listing
    ],
    ids=["header-70kb", "120-headers", "post", "unknown-method", "bad-version", "http2", "nul", "surrogate", "folder"],
)
def test_every_error_the_preview_sends_is_a_french_page_without_traceback(served, capfd, request_bytes, status, title):
    answer = _exchange(served, request_bytes)
    _handlers_done()
    if status:
        assert answer.startswith(b"HTTP/1.0 " + status + b" "), answer[:200]
    _assert_french_page(answer, title)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err
    assert len(err.splitlines()) <= 1, err


def test_control_characters_of_an_address_do_not_reach_the_terminal(served, capfd):
    _exchange(served, b"GET /\x1b[2Jeffac\xe9 HTTP/1.0\r\n\r\n")
    _handlers_done()
    err = capfd.readouterr().err
    assert "\x1b" not in err and "\\x1b[2Jeffac" in err


def test_200_abandoned_connections_print_nothing_and_the_preview_still_answers(served, capfd):
    requests = [
        b"",
        b"GE",
        b"GET / HTTP/1.1\r\nHo",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /assets/style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /operateurs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ]
    failures: list[str] = []

    def abandon(number: int) -> None:
        try:
            sock = socket.create_connection(("127.0.0.1", _port(served)), timeout=10)
            with sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST
                if request := requests[number % len(requests)]:
                    sock.sendall(request)
        except OSError as exc:
            failures.append(repr(exc))

    clients = [threading.Thread(target=abandon, args=(number,)) for number in range(200)]
    for client in clients:
        client.start()
    for client in clients:
        client.join(timeout=30)
    assert not any(client.is_alive() for client in clients)
    assert not failures, failures[:3]
    _handlers_done(20)
    assert "Page introuvable" not in _page(served, "")  # still serving the home page
    _handlers_done()
    err = capfd.readouterr().err
    for noise in ("Traceback", "Exception", "Error", "----"):
        assert noise not in err, err[:2000]
    assert all(re.match(r"  \d{3} ", line) for line in err.splitlines()), err[:2000]


def test_a_client_that_never_finishes_its_request_is_dropped_silently(served, capfd, monkeypatch):
    assert 0 < serve_module._QuietHandler.timeout <= 60  # by default: its thread is freed, not held for ever
    monkeypatch.setattr(serve_module._QuietHandler, "timeout", 0.5)
    started = time.monotonic()
    assert _exchange(served, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n") == b""  # no blank line: never ends
    assert time.monotonic() - started < 8
    _handlers_done()
    assert capfd.readouterr().err == ""


def test_an_error_of_the_server_itself_is_one_french_line_and_a_500_page(served, capfd, monkeypatch):
    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(serve_module._QuietHandler, "send_head", broken)
    answer = _exchange(served, b"GET /operateurs/ HTTP/1.0\r\n\r\n")
    _handlers_done()
    assert answer.startswith(b"HTTP/1.0 500 "), answer[:200]
    _assert_french_page(answer, "Erreur du serveur d'aperçu")
    lines = capfd.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    assert "erreur du serveur d'aperçu (RuntimeError, test_serve.py:" in lines[0] and "/operateurs/" in lines[0]


def test_a_port_in_use_is_said_in_french_before_building(tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--content", str(conftest.CONTENT), "--out", str(tmp_path / "build"), "--port", str(port)])
    said = capsys.readouterr()
    text = said.out + said.err
    assert code == 1
    assert f"le port {port} est déjà utilisé" in text and f"--port {port + 1}" in text
    assert "Address already in use" not in text and "Errno" not in text
    assert not (tmp_path / "build").exists()  # said at once, not after a build


def test_a_port_out_of_range_is_a_french_usage_error(tmp_path, capsys):
    assert main(["serve", "--content", str(conftest.CONTENT), "--out", str(tmp_path / "build"), "--port", "70000"]) == 2
    text = capsys.readouterr().out
    assert "Port invalide : 70000" in text and "OverflowError" not in text


@pytest.mark.parametrize(
    "error, port, expected",
    [
        (OSError(errno.EADDRINUSE, "Address already in use"), 8000, "le port 8000 est déjà utilisé"),
        (OSError(errno.EACCES, "Permission denied"), 80, "le port 80 est réservé"),
        (OSError(errno.EACCES, "Permission denied"), 8000, "le système refuse l'accès au port 8000"),
        (OSError(errno.EADDRNOTAVAIL, "Cannot assign requested address"), 8000, "127.0.0.1 n'est pas disponible"),
        (OSError(errno.ENOBUFS, "No buffer space available"), 8000, "(erreur ENOBUFS)"),
    ],
)
def test_why_the_preview_cannot_listen_is_french_for_each_errno(error, port, expected):
    message = serve_module._bind_failure(port, error)
    assert expected in message and error.strerror not in message
    assert message.startswith("Impossible de lancer l'aperçu : ")
