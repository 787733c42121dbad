"""Stage 3, the site: the checked cartography → pages and files, as data (no HTML yet).

``sections`` lists the sections of the site in order; each section module (``home``,
``operators``, ``orientation``…) turns part of the cartography into pages with a
``contribute(context)`` function; ``exports``, ``jsonld``, ``network`` and ``qr`` are the parts
several sections share; ``context`` is what every section is given.

Rule: imports the editors' tools, the model, the content and ``generator.common``; renders
nothing and writes nothing."""
