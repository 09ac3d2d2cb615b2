"""Encode each raster image once per process, not once per PDF (WeasyPrint 70.0).

WeasyPrint keeps decoded images across documents when it is given an image
cache (``docgen.writers.pdf`` passes one), but ``RasterImage.get_x_object``
still splits the alpha channel and deflates the pixels again for every PDF it
writes.  For the Garuda on a one-page certification that is about 25 ms of a
~45 ms PDF write.

This module memoises what ``get_x_object`` returns per image and hands each
PDF a fresh copy of the PDF objects (WeasyPrint numbers them and replaces the
soft mask by a reference while writing, so one object cannot serve two PDFs).
The encoded bytes are shared; the output is byte for byte what WeasyPrint
writes without it.

Example::

    from docgen.writers import pdf_images
    pdf_images.install()  # idempotent; pinned to WeasyPrint 70.0
"""

from __future__ import annotations

import pydyf
from weasyprint.images import RasterImage

from docgen.writers import pinned

__all__ = ["WEASYPRINT_VERSION", "install", "uninstall", "installed"]

WEASYPRINT_VERSION = pinned.WEASYPRINT
_original = RasterImage.get_x_object


def _fresh(stream: pydyf.Stream) -> pydyf.Stream:
    """A new stream object over the same (already encoded) data."""
    extra = pydyf.Dictionary(stream.extra)
    if isinstance(extra.get("SMask"), pydyf.Stream):
        extra["SMask"] = _fresh(extra["SMask"])
    return pydyf.Stream(list(stream.stream), extra, stream.compress)


def _get_x_object(self: RasterImage, interpolate: bool, dpi_ratio: float) -> pydyf.Stream:
    memo = self.__dict__.setdefault("_docgen_x_objects", {})
    key = (interpolate, dpi_ratio)
    if key not in memo:
        memo[key] = _original(self, interpolate, dpi_ratio)
    return _fresh(memo[key])


def install() -> None:
    """Patch WeasyPrint in this process; calling it again does nothing."""
    pinned.require(__name__, "WeasyPrint")
    RasterImage.get_x_object = _get_x_object


def uninstall() -> None:
    """Restore WeasyPrint's own ``get_x_object``."""
    RasterImage.get_x_object = _original


def installed() -> bool:
    """Tell whether the patch is active."""
    return RasterImage.get_x_object is _get_x_object
