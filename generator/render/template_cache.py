"""Compiled templates kept on disk between runs: Jinja2's bytecode cache, made safe to share.

Compiling the theme's templates (parse + Python code generation + ``compile``) is a
sizeable part of a build of the real content; loading them from the cache is twenty times
faster (bench/README.md, « Mesures derrière le code »). Like Python's ``__pycache__``, an entry is
used only while its template's source is unchanged (Jinja2 checks a checksum of it),
so the output stays the same bytes.

Jinja2's key is the template's name and file only, not the environment's options,
although they shape the generated code (``trim_blocks``, ``autoescape``, delimiters…):
the file names here carry a fingerprint of those options, so a change of
:func:`generator.render.templates.make_environment` never reads code compiled for other options.
The cache lives in Jinja2's own per-user directory (``$TMPDIR/_jinja2-cache-<uid>``,
mode 0700, checked); a cache that cannot be read or written is skipped, never an error.
"""

from __future__ import annotations

import hashlib

import jinja2
import jinja2.bccache


class _TolerantCache(jinja2.FileSystemBytecodeCache):
    """A file system cache whose failures only cost a compilation."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # truncated or foreign file: compile as if absent
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # directory cleaned by the system meanwhile, disk full, read-only…
            pass


def environment_fingerprint(env: jinja2.Environment) -> str:
    """The options of ``env`` that change the code Jinja2 generates, as a short hash."""
    autoescape = (
        env.autoescape if isinstance(env.autoescape, bool) else getattr(env.autoescape, "__qualname__", repr(env.autoescape))
    )
    options = (
        jinja2.__version__,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        autoescape,
        env.optimized,
        env.finalize is not None,
        env.is_async,
        sorted(type(ext).__qualname__ for ext in env.extensions.values()),
        env.code_generator_class.__qualname__,
    )
    return hashlib.sha1(repr(options).encode("utf-8")).hexdigest()[:12]


def bytecode_cache(env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """A bytecode cache for ``env``, or None where no safe per-user directory exists."""
    try:
        return _TolerantCache(pattern=f"__cartographie_{environment_fingerprint(env)}_%s.cache")
    except (OSError, RuntimeError):  # no writable temporary directory, or not one of ours
        return None
