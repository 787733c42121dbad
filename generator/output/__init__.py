"""Stage 5, writing: the rendered site goes into the output folder atomically and only where it
changed (``incremental``), into a folder the tool is allowed to write (``outdir``), with its
search index (``search``, Pagefind).

Rule: knows files and bytes, not the content."""
