"""Tools for the people who write the content: the new-fiche template (``authoring``), the JSON
Schema of each kind of file for their editors (``jsonschema``), the report on the fiches (``report``).

Rule: imports only the model, the content and ``generator.common``; no page, no HTML."""
