"""The glyph runs of a line, read from Pango once per distinct line.

The text layer (:mod:`pdf_textlayer`) draws a line from the glyph runs of
its Pango layout's first line: each run's font, bidi level and flags, its
``PangoGlyphInfo`` array and its cluster offsets.  Reading them makes Pango
lay the text out.  A batch draws the same lines in every document (the
title, the note, the signature lines), and a line broken before
(:mod:`pdf_linebreaks`) has not been laid out at all yet: its runs are read
here once per process and kept, so that line is never laid out again.

A layout's first line is a function of what Pango is given: the layout's
set-up (the properties of :func:`pdf_contexts.layout_key`), its width and
its text, when the layout has no attributes besides those of its set-up
(see :func:`pdf_shaping.as_set_up`).  Only such lines are kept, under that
key; the others are read from their layout each time.  A kept run holds a
reference to its Pango font, so that the font stays alive, and copies of
its arrays.

Example::

    from docgen.writers import pdf_runs
    runs = pdf_runs.first_line(layout, keep=True)  # a Layout, as WeasyPrint makes it
    print([(run.offset, run.length, len(run.log_clusters) // 4) for run in runs])
"""

from __future__ import annotations

from weasyprint.text.ffi import ffi

from docgen.writers import pdf_contexts, pdf_linebreaks, pdf_reuse

__all__ = ["Run", "first_line", "clear", "GLYPH", "WIDTH", "X_OFFSET", "Y_OFFSET", "STRIDE"]

_GLYPH_INFO_SIZE = ffi.sizeof("PangoGlyphInfo")
# PangoGlyphInfo read as an array of 4-byte integers: stride and fields.
STRIDE = _GLYPH_INFO_SIZE // 4
GLYPH = ffi.offsetof("PangoGlyphInfo", "glyph") // 4
WIDTH, X_OFFSET, Y_OFFSET = (
    (ffi.offsetof("PangoGlyphInfo", "geometry") + ffi.offsetof("PangoGlyphGeometry", name)) // 4
    for name in ("width", "x_offset", "y_offset"))
_MAX_LINES = 2048  # a few MB; most hits are the lines every document shares
_LINES: dict = {}  # (layout kind, Pango width, text) -> (Run, ...)


class Run:
    """One glyph run of a line.

    ``glyphs``: its ``PangoGlyphInfo`` array as 4-byte integers (read a field
    with ``glyphs[WIDTH::STRIDE]``); ``log_clusters``: its cluster offsets,
    bytes of 4-byte integers; ``offset`` and ``length``: its text, in bytes of
    the layout's UTF-8 text; ``glyph_item``: Pango's own ``PangoGlyphItem``,
    for a run read from a layout, None for a kept one.
    """

    __slots__ = ("pango_font", "level", "glyphs", "log_clusters", "offset", "length", "glyph_item",
                 "_font_reference")

    def __init__(self, glyph_item, keep: bool):
        item, glyphs = glyph_item.item, glyph_item.glyphs
        count = glyphs.num_glyphs
        self.pango_font = item.analysis.font
        # WeasyPrint's cdef declares the guint8 fields level, gravity, flags and
        # script of PangoAnalysis as one guint "level" (read as little-endian).
        self.level = item.analysis.level
        self.offset, self.length = item.offset, item.length
        # (Not the attr field: the bits Pango does not use are not always zero.)
        raw = ffi.buffer(glyphs.glyphs, count * _GLYPH_INFO_SIZE)
        self.glyphs = memoryview(bytes(raw) if keep else raw).cast("i")
        self.log_clusters = bytes(ffi.buffer(glyphs.log_clusters, count * 4))
        self.glyph_item = None if keep else glyph_item
        self._font_reference = pdf_reuse.reference(self.pango_font) if keep else None


def first_line(layout, keep: bool) -> tuple[Run, ...]:
    """The runs of the first line of ``layout`` (a WeasyPrint ``Layout``), in
    visual order.  ``keep``: the layout has only the attributes of its set-up;
    its runs are kept for the next layouts of the same line, or taken from
    an earlier one."""
    key = None
    if keep:
        try:
            key = (pdf_contexts.layout_key(layout.style), pdf_linebreaks.pango_width(layout.layout), layout.text)
            if (runs := _LINES.get(key)) is not None:
                return runs
        except TypeError:  # a style value that cannot be a key
            key = None
    line, _ = layout.get_first_line()
    runs = []
    run = line.runs[0]
    while run != ffi.NULL:
        runs.append(Run(run.data, key is not None))
        run = run.next
    runs = tuple(runs)
    if key is not None:
        if len(_LINES) >= _MAX_LINES:
            _LINES.clear()
        _LINES[key] = runs
    return runs


def clear() -> None:
    """Forget the lines kept so far."""
    _LINES.clear()
