"""What ``cartographie serve`` adds to the pages it serves, and only there: a small script that
reloads the page after each rebuild, and shows a French banner with the errors while the
content is invalid (the browser would otherwise keep the last good page without a word).

The script is added to each HTML response by the preview server; the built files, and so
the published site, never contain it. It polls :data:`STATE_URL` once a second (no extra
dependency, any browser; a tab left open costs one tiny request a second on 127.0.0.1).
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterable

#: The preview's own addresses; no page of the site starts with « __ ».
PREFIX = "/__apercu__/"
SCRIPT_URL = PREFIX + "apercu.js"
STATE_URL = PREFIX + "etat.json"


class PreviewState:
    """The last build's outcome, shared by the rebuilding loop and the server's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._errors: tuple[str, ...] = ()

    def built(self) -> None:
        """A rebuild succeeded: open pages reload (they hold the previous version)."""
        with self._lock:
            self._version += 1
            self._errors = ()

    def failed(self, errors: Iterable[str]) -> None:
        """A rebuild failed: the previous site stays served, every page shows ``errors``."""
        with self._lock:
            self._errors = tuple(errors) or ("La construction a échoué ; le terminal dit pourquoi.",)

    def as_json(self) -> bytes:
        with self._lock:
            data = {"version": self._version, "erreurs": list(self._errors)}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def tag(self) -> bytes:
        """The script element for a page built at the current version."""
        with self._lock:
            version = self._version
        return (f'<script src="{SCRIPT_URL}" data-version="{version}" data-etat="{html.escape(STATE_URL)}"></script>').encode(
            "ascii"
        )


def inject(page: bytes, tag: bytes) -> bytes:
    """``page`` with ``tag`` before its last ``</body>`` (at the end when it has none)."""
    end = page.rfind(b"</body>")
    return page + tag if end < 0 else page[:end] + tag + page[end:]


#: The banner's text is set with textContent (an error quotes the content: never parsed as HTML) and its
#: style through the CSSOM (allowed by a strict Content-Security-Policy, unlike a style attribute).
SCRIPT = """\
(function () {
  "use strict";
  var me = document.currentScript;
  var version = Number(me.getAttribute("data-version"));
  var url = me.getAttribute("data-etat");
  var banner = null;

  function show(errors) {
    if (!errors.length) {
      if (banner) { banner.remove(); banner = null; }
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "apercu-erreurs";
      banner.setAttribute("role", "alert");
      var s = banner.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.zIndex = "2147483647";
      s.maxHeight = "50vh"; s.overflow = "auto"; s.padding = "1rem"; s.font = "16px/1.4 sans-serif";
      s.background = "#fff4f4"; s.color = "#6b0000"; s.borderBottom = "4px solid #b00020";
      document.body.appendChild(banner);
    }
    banner.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "Le contenu a " + errors.length + " erreur(s) : cette page est la dernière version valide. "
      + "Corrigez le fichier et enregistrez ; la page se recharge seule.";
    var list = document.createElement("ul");
    errors.forEach(function (error) {
      var item = document.createElement("li");
      item.textContent = error;
      item.style.fontFamily = "monospace";
      list.appendChild(item);
    });
    banner.appendChild(title);
    banner.appendChild(list);
  }

  function poll() {
    fetch(url, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.version !== version) { window.location.reload(); return; }
        show(state.erreurs);
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 1000); });  // server stopped or restarting
  }
  poll();
})();
""".encode("utf-8")
