"""Shared by every stage, knowing nothing of the content: the site's addresses (``urls``),
French names of the operating system's errors (``oserror``), value digests (``digest``), the folder
beside the output and writing a file there whole (``beside``).

Rule: imports nothing of the generator."""
