"""The build state: everything that makes a rebuild fast, in one object.

``cartographie build`` loads it from one file beside the output (:data:`FILE` in
``.build.cache/``, generator.common.beside) and saves it there for the next build;
``cartographie serve`` keeps it in memory from one build to the next, and saves it when it
stops. Nothing else imports it, and a build without it (``render_site``, or a state file
deleted, unreadable or of another :data:`FORMAT`) gives the same bytes: it renders everything.

What is saved (one file, one version number, :data:`FORMAT`):

- ``inputs``: the digest of each page's inputs (generator.rebuild.inputs), with the digest of
  the manifest of the build it describes (``manifest``): trusted only beside that very build
  (generator.output.incremental.Previous), so a build that failed, or an output changed by
  another build, is never mistaken for the one they describe;
- ``fragments``: the operators' fragments (cards, fiche bodies, facts), by template, operator
  and the digest of what they are given (generator.render.templates.Fragments).

What only a process that builds again keeps (never saved): the parsed and validated content
files, the compiled templates, the page digests' walks, the per-model memo and the decision
tree's routes. Each is reused only while what it was made from is unchanged
(tests/test_incremental.py).

The file holds machine-local signatures and Python's own ``marshal`` format, read only by the
Python that wrote it (:data:`FORMAT` and ``sys.version`` head it); it is never published.
"""

from __future__ import annotations

import marshal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.common.beside import cache_dir, replacing
from generator.rebuild.memo import ModelMemo

if TYPE_CHECKING:
    import jinja2

#: Bump when what the file holds changes shape or meaning: an older file is then ignored.
FORMAT = 3
#: In the folder beside the output.
FILE = "etat.marshal"
#: What older versions kept there instead, in two files: removed when the state is saved.
_OLDER_FILES = ("pages.json", "fragments.marshal")


@dataclass
class BuildState:
    #: Saved: the manifest digest of the build that ``inputs`` describe ("" for none).
    manifest: str = ""
    #: Saved: output path -> digest of what it was made from, for the build named by ``manifest``.
    inputs: dict[str, str] = field(default_factory=dict)
    #: Saved: {(template, key, token): html} (generator.render.templates.Fragments).
    fragments: dict = field(default_factory=dict)
    #: In memory only: parsed and validated content files, by path (generator.content.files).
    documents: dict = field(default_factory=dict)
    #: In memory only: the compiled templates.
    env: jinja2.Environment | None = None
    #: In memory only: the page digests' walks of the results ``memo`` keeps (generator.rebuild.inputs).
    walks: dict = field(default_factory=dict)
    #: In memory only: what is derived from one content model, kept while the model lives
    #: (generator.rebuild.memo); None in a one-shot build, which would only pay for the memory.
    memo: ModelMemo | None = None
    #: In memory only: the decision tree's routes of the last graph (generator.model.tree.reuse_routes).
    routes: dict = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> BuildState:
        """What the last build left beside ``out``; an empty state when there is nothing usable."""
        try:
            with open(cache_dir(out) / FILE, "rb") as stream:
                if marshal.load(stream) != (FORMAT, sys.version):
                    return cls()
                manifest, inputs = marshal.load(stream)
                if not isinstance(manifest, str) or not isinstance(inputs, dict):
                    return cls()
                fragments = {}
                while True:  # one (key, html) at a time: never the whole file and its strings at once
                    try:
                        key, html = marshal.load(stream)
                    except EOFError:
                        break
                    fragments[key] = html
        except (OSError, ValueError, EOFError, TypeError):
            return cls()
        return cls(manifest=manifest, inputs=inputs, fragments=fragments)

    def record(self, manifest: str, inputs: dict[str, str]) -> None:
        """The build named by ``manifest`` was made from ``inputs`` (output path -> digest)."""
        self.manifest, self.inputs = manifest, inputs

    def save(self, out: Path) -> None:
        """Write the state beside ``out``, whole or not at all; nothing before a build has written
        ``out`` (the folder beside a refused output is never made)."""
        if not self.manifest:
            return
        folder = cache_dir(out)
        for older in _OLDER_FILES:
            (folder / older).unlink(missing_ok=True)
        with replacing(folder / FILE) as stream:  # one item at a time: no second copy in memory
            marshal.dump((FORMAT, sys.version), stream)
            marshal.dump((self.manifest, self.inputs), stream)
            for item in self.fragments.items():
                marshal.dump(item, stream)
