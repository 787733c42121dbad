"""QR codes for printed fiches, generated at build time (no script in the page)."""

from __future__ import annotations

import functools

import segno


@functools.lru_cache(maxsize=None)
def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url``; deterministic for the same URL."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(
        scale=2,
        border=2,
        dark="#000",
        light="#fff",
        omitsize=False,
        title=f"Code QR vers {url}",
        svgclass="qr-code",
        lineclass=None,
    )
