"""Stage 1, the files: ``content/`` → a validated, cross-checked :class:`~generator.content.cartography.Cartography`.

Reads every file (``files``, ``loader``: never through a link, bounded, French YAML errors in
``yaml_errors``), validates each against its pydantic schema (``validation``, ``placeholders``),
then checks references and dates across files (``checks``). Issues (``issues``) carry file,
line and field.

Rule: imports only ``schema`` and ``generator.common``; knows nothing of graphs, pages or HTML."""
