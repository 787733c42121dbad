"""Shared by every stage, knowing nothing of the content: the site's addresses (``urls``),
French names of the operating system's errors (``oserror``), value digests (``digest``).

Rule: imports nothing of the generator."""
