"""Font subsets and deflated streams, worked out once per process (WeasyPrint
70.0, pydyf 0.13.0).

Every PDF embeds a subset of each font it uses, and pydyf deflates every
stream at zlib level 9.  Documents of a batch share most of that work: the
bold titles of all the certifications use the same glyphs, and the body text
of one LAO's certification often uses the same glyphs as another's (the 129
Lopburi certifications have one bold subset and 33 regular ones).  For a
certification, subsetting its two fonts with HarfBuzz takes about 1 ms, and
deflating the streams it shares with the one before it another 1 ms.

- ``Font.subset`` gives the subset it made before when the font file, the
  glyph ids and the options are the same.  The font file is compared byte for
  byte, not by a hash or an address.
- pydyf's deflater gives the deflated bytes it made before for the same bytes
  of a stream (1 KB or more): fonts, ToUnicode maps, glyph maps.

Both results are pure functions of what they are keyed on, so the PDFs are
byte for byte those WeasyPrint writes alone (``tests/test_pdf_reuse.py``).
The memos are bounded, a few MB at most (1.5 MB after the 129 Lopburi
certifications).

Example::

    from docgen.writers import pdf_reuse
    pdf_reuse.install()  # idempotent; pinned to WeasyPrint 70.0 and pydyf 0.13.0
"""

from __future__ import annotations

import zlib
from functools import lru_cache

import pydyf
import weasyprint
from weasyprint.pdf.fonts import Font

__all__ = ["WEASYPRINT_VERSION", "PYDYF_VERSION", "install", "uninstall", "installed", "clear"]

WEASYPRINT_VERSION = "70.0"
PYDYF_VERSION = "0.13.0"
MIN_DEFLATE_MEMO = 1024  # smaller streams are deflated every time: quick, and they would crowd the memo
_MAX_FILES, _MAX_SUBSETS, _MAX_DEFLATED = 8, 64, 128

_original_subset = Font.subset
_files: list[bytes] = []  # font files seen, compared by value; an entry's index keys its subsets
_subsets: dict[tuple, bytes] = {}  # (file index, face index, glyph ids, options) -> subset font


def _file_number(data: bytes) -> int:
    for number, known in enumerate(_files):
        if known == data:  # different lengths compare at once
            return number
    if len(_files) >= _MAX_FILES:
        clear()
    _files.append(data)
    return len(_files) - 1


def _subset(font: Font, to_unicode: dict, hinting) -> None:
    """``Font.subset``, remembered: HarfBuzz (or fontTools) subsets the face
    of ``font.file_content`` to the glyph ids of ``to_unicode``, keeping
    .notdef's outline if some glyphs are missing, hinting if asked."""
    if not to_unicode:
        return _original_subset(font, to_unicode, hinting)
    key = (_file_number(font.file_content), font.index, tuple(sorted(to_unicode)),
           bool(font.missing), bool(hinting))
    if (subset := _subsets.get(key)) is not None:
        font.file_content = subset
        return None
    original = font.file_content
    _original_subset(font, to_unicode, hinting)
    if font.file_content is not original:  # not when subsetting failed (and warned)
        if len(_subsets) >= _MAX_SUBSETS:
            _subsets.clear()
        _subsets[key] = font.file_content
    return None


def _deflate(arguments: tuple, mode: tuple, raw: bytes) -> bytes:
    """What ``zlib.compressobj(*args, **kwargs)`` makes of ``raw``."""
    args, kwargs = arguments
    compressor = zlib.compressobj(*args, **dict(kwargs))
    return compressor.compress(raw) + compressor.flush(*mode)


# The same, remembered: fonts and maps recur from one document to the next, while
# each page's content stream is new, so the least recently used goes first.
_deflate_remembered = lru_cache(maxsize=_MAX_DEFLATED)(_deflate)


class _Compressor:
    """What pydyf asks of ``zlib.compressobj()``: ``compress()`` then ``flush()``.
    The whole stream is deflated at ``flush()``, by zlib or from the memo; the
    two calls return together what zlib's own would return."""

    def __init__(self, *args, **kwargs):
        self._arguments = (args, tuple(sorted(kwargs.items())))
        self._parts: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        self._parts.append(data)
        return b""

    def flush(self, *mode) -> bytes:
        raw = b"".join(self._parts)
        self._parts = []
        deflate = _deflate_remembered if len(raw) >= MIN_DEFLATE_MEMO else _deflate
        return deflate(self._arguments, mode, raw)


class _Zlib:
    """The ``zlib`` pydyf sees: its own ``compress``, a remembering ``compressobj``."""

    compress = staticmethod(zlib.compress)
    compressobj = _Compressor


def clear() -> None:
    """Forget every remembered subset and stream."""
    _files.clear()
    _subsets.clear()
    _deflate_remembered.cache_clear()


def install() -> None:
    """Patch WeasyPrint and pydyf in this process; calling it again does nothing."""
    if weasyprint.__version__ != WEASYPRINT_VERSION or pydyf.__version__ != PYDYF_VERSION:
        raise RuntimeError(
            f"docgen.writers.pdf_reuse patches WeasyPrint {WEASYPRINT_VERSION} and pydyf "
            f"{PYDYF_VERSION}, but WeasyPrint {weasyprint.__version__} and pydyf "
            f"{pydyf.__version__} are installed: check Font.subset and pydyf's use of zlib, "
            "then port or drop this patch.")
    Font.subset = _subset
    pydyf.zlib = _Zlib


def uninstall() -> None:
    """Restore WeasyPrint's ``Font.subset`` and pydyf's ``zlib``; forget the memos."""
    Font.subset = _original_subset
    pydyf.zlib = zlib
    clear()


def installed() -> bool:
    """Tell whether the patch is active."""
    return Font.subset is _subset
