"""What makes a rebuild fast, and nothing else: which pages' inputs changed (``inputs``) and
rendering on several cores (``parallel``). A build without it gives the same bytes.

Rule: imported by ``generator.build`` only."""
