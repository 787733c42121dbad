"""Stage 4, rendering: pages as data → HTML, with the Jinja2 theme (``templates``), Markdown made
safe (``text``) and compiled templates kept on disk (``template_cache``).

Rule: may import the site's data types, never the writing of files."""
