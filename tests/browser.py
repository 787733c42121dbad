"""Real-browser support for tests: Debian's Chromium driven by Playwright, and a
local HTTP server that serves a built site under a sub-path.

The browser may only talk to the local server: every other request is aborted
and recorded, so a test can fail when a page tries to reach the network.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

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
SUB_PATH = "/numerique/cartographie/"


def chromium_missing_message() -> str:
    return (
        f"Chromium introuvable ({CHROMIUM}). Installez-le : apt-get install -y chromium chromium-driver "
        "(ou lancez bash tests/run.sh en root)."
    )


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass


@contextmanager
def serve(site: Path, sub_path: str = SUB_PATH):
    """Serve ``site`` at http://127.0.0.1:<port><sub_path>; yield the base URL."""
    root = site.parent / (site.name + "-served")
    if root.exists():
        shutil.rmtree(root)
    mount = root / sub_path.strip("/")
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site.resolve(), target_is_directory=True)
    handler = functools.partial(_Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{sub_path}"
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(root, ignore_errors=True)


class OfflineGuard:
    """Aborts and records every request that is not to the local server."""

    def __init__(self, allowed_prefix: str):
        self.allowed_prefix = allowed_prefix.split("/numerique")[0]
        self.blocked: list[str] = []

    def __call__(self, route):
        url = route.request.url
        if url.startswith(self.allowed_prefix) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()
