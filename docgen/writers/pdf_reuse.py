"""Fonts, font subsets and deflated streams, worked out once per process
(WeasyPrint 70.0, pydyf 0.13.0).

Every PDF embeds a subset of each font it uses, and pydyf deflates every
stream at zlib level 9.  Documents of a batch share most of that work: the
bold titles of all the certifications use the same glyphs, and the body text
of one LAO's certification often uses the same glyphs as another's (the 129
Lopburi certifications have one bold subset and 33 regular ones).  For a
certification, subsetting its two fonts with HarfBuzz takes about 1 ms, and
deflating the streams it shares with the one before it another 1 ms.

- ``Stream.add_font`` works out each Pango font's key and PDF font once, not
  for every run of text (62 runs in a certification) and every document: a
  document gets a fresh copy of the font, with its own widths, texts and
  missing glyphs (what drawing adds to a font), of a pristine one made the
  first time.  The Pango font is kept referenced while it is remembered, so
  its address cannot be given to another font.
- ``Font.subset`` gives the subset it made before when the font file, the
  glyph ids and the options are the same.  The font file is compared byte for
  byte, not by a hash or an address.
- pydyf's deflater gives the deflated bytes it made before for the same bytes
  of a stream (1 KB or more): fonts, ToUnicode maps, glyph maps.

The results are pure functions of what they are keyed on, so the PDFs are
byte for byte those WeasyPrint writes alone (``tests/test_pdf_reuse.py``).
The memos are bounded, a few MB at most (1.5 MB after the 129 Lopburi
certifications).

Example::

    from docgen.writers import pdf_reuse
    pdf_reuse.install()  # idempotent; pinned to WeasyPrint 70.0 and pydyf 0.13.0
"""

from __future__ import annotations

import copy
import zlib
from functools import lru_cache

import cffi
import pydyf
from weasyprint.pdf.fonts import Font
from weasyprint.pdf.stream import Stream, get_pango_font_key
from weasyprint.text import ffi as weasyprint_ffi

from docgen.writers import pinned

__all__ = ["WEASYPRINT_VERSION", "PYDYF_VERSION", "install", "uninstall", "installed", "clear"]

WEASYPRINT_VERSION = pinned.WEASYPRINT
PYDYF_VERSION = pinned.PYDYF
MIN_DEFLATE_MEMO = 1024  # smaller streams are deflated every time: quick, and they would crowd the memo
_MAX_FILES, _MAX_SUBSETS, _MAX_DEFLATED, _MAX_FONTS = 8, 64, 128, 64

_original_subset = Font.subset
_original_add_font = Stream.add_font
_files: list[bytes] = []  # font files seen, compared by value; an entry's index keys its subsets
_subsets: dict[tuple, bytes] = {}  # (file index, face index, glyph ids, options) -> subset font
_fonts: dict = {}  # Pango font -> [kept reference, font key, font size, pristine Font or None]
# g_object_ref, which WeasyPrint's bindings do not declare, on a binding of its own.
_glib = cffi.FFI()
_glib.cdef("void *g_object_ref (void *object); void g_object_unref (void *object);")
_gobject = weasyprint_ffi._dlopen(
    _glib, "libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libgobject-2.0.so.0",
    "libgobject-2.0.0.dylib", "libgobject-2.0-0.dll")


def reference(pango_font):
    """A reference to ``pango_font`` (a cffi pointer of WeasyPrint's bindings)
    that keeps it alive until the reference is dropped."""
    address = _glib.cast("void *", int(weasyprint_ffi.ffi.cast("uintptr_t", pango_font)))
    return _glib.gc(_gobject.g_object_ref(address), _gobject.g_object_unref)


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


def _add_font(self: Stream, pango_font) -> tuple[Font, float]:
    """``Stream.add_font``: the document's PDF font for ``pango_font``, and
    its size."""
    known = _fonts.get(pango_font)  # cffi pointers compare and hash by address
    if known is None:
        if len(_fonts) >= _MAX_FONTS:
            _fonts.clear()
        key, _, font_size = get_pango_font_key(pango_font)
        known = _fonts[pango_font] = [reference(pango_font), key, font_size, None]
    _, key, font_size, pristine = known
    if key not in self._fonts:
        if pristine is None:  # made from a description of its own: Font() may change it
            _, description, _ = get_pango_font_key(pango_font)
            pristine = known[3] = Font(pango_font, description, font_size)
            pristine.file_content = _files[_file_number(pristine.file_content)]  # one copy per file
        font = copy.copy(pristine)
        font.variations = dict(pristine.variations)  # Font.clean() adds to them
        font.widths, font.to_unicode, font.missing, font.used_in_forms = {}, {}, {}, False
        self._fonts[key] = font
    return self._fonts[key], font_size


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
    """Forget every remembered font, subset and stream."""
    _fonts.clear()
    _files.clear()
    _subsets.clear()
    _deflate_remembered.cache_clear()


def install() -> None:
    """Patch WeasyPrint and pydyf in this process; calling it again does nothing."""
    pinned.require(__name__, "WeasyPrint", "pydyf", advice="check Stream.add_font, Font.subset and "
                   "pydyf's use of zlib, then port or drop this patch")
    Stream.add_font = _add_font
    Font.subset = _subset
    pydyf.zlib = _Zlib


def uninstall() -> None:
    """Restore WeasyPrint's ``Stream.add_font`` and ``Font.subset`` and pydyf's
    ``zlib``; forget the memos."""
    Stream.add_font = _original_add_font
    Font.subset = _original_subset
    pydyf.zlib = zlib
    clear()


def installed() -> bool:
    """Tell whether the patch is active."""
    return Font.subset is _subset
