"""What makes a rebuild fast, and nothing else: the build state kept from one build to the
next (``state``: one object, one file beside the output), which pages' inputs changed
(``inputs``), rendering on several cores (``parallel``), and what one content model gives,
kept while it lives (``memo``). A build without it gives the same bytes.

Rule: imported by the commands only (``generator.build``, ``generator.serve``)."""
