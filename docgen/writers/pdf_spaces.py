"""The spaces of a justified line, as Pango lays them out (Pango 1.50).

WeasyPrint justifies a line by giving each of its spaces (and no-break
spaces) a letter spacing: ``spacing`` Pango units, twice that on the first
and the last byte of the text (Pango gives only half at the ends).  Pango
then lays each space out as a run of its own, shaped alone, and shares its
letter spacing half before the glyph and half after
(``distribute_letter_spacing``, rounded to whole points when the spacing is
a whole number of points), except before the line's first run and after
its last.  The other glyphs are those of the line without the spacing.

:func:`widened` gives, from the glyphs of an unjustified run, the runs and
glyph geometry Pango makes of it, so the text layer (``pdf_textlayer``) can
draw a justified line from the layout it was measured with, without laying
it out again.  It knows the common case only and says so (None) otherwise:
spaces next to each other (their spacing is one attribute), a lone space
(WeasyPrint adds a zero-width space to it), a space drawn with no glyph or a
zero-width one, or followed by marks alone.  ``tests/test_pdf_shaping.py``
compares its runs with Pango's, byte for byte in the PDF.

Example (one run, "ก ข": three one-glyph clusters, the space in the middle)::

    >>> widened(0, 7, [0, 3, 4], [9000, 4700, 9000], [0, 0, 0], {1: " "}, "ก ข".encode(), 2000)
    [(0, 1, [9000], [0]), (1, 2, [6700], [1000]), (2, 3, [9000], [0])]
"""

from __future__ import annotations

import re

__all__ = ["widened", "can_widen", "UNITS"]

UNITS = 1024  # Pango units in a point (PANGO_SCALE)
_SPACE = re.compile(" |\u00a0".encode())  # what WeasyPrint's justification widens
_SPACES_TOGETHER = re.compile("(?: |\u00a0){2}".encode())


def can_widen(utf8: bytes, spacing: int) -> bool:
    """Whether the spaces of this text (a whole line), widened by
    ``spacing`` units, can be worked out by :func:`widened`."""
    return spacing >= 0 and utf8 != b" " and b"\x00" not in utf8 and not _SPACES_TOGETHER.search(utf8)


def widened(offset: int, length: int, clusters, advances: list, x_offsets: list, carried: dict,
            utf8: bytes, spacing: int):
    """``[(start, end, advances, x_offsets), ...]``: the runs Pango makes of a
    run of glyphs (its item at ``offset``, ``length`` bytes of ``utf8``, the
    whole line's text) when its spaces are widened by ``spacing`` units,
    with glyph indexes and the widened geometry of each (lists, copied from
    the sequences ``advances`` and ``x_offsets``, which are left as they
    are); None if that is not known.  ``clusters``: each glyph's byte offset
    in the item; ``carried``: the text each glyph that carries one is drawn
    with."""
    count, total = len(clusters), len(utf8)
    starts = {offset + clusters[i]: i for i in range(count) if not i or clusters[i] != clusters[i - 1]}
    advances, x_offsets = list(advances), list(x_offsets)
    parts, start = [], 0
    for match in _SPACE.finditer(utf8, offset, offset + length):
        glyph = starts.get(match.start())
        if glyph is None or starts.get(match.end(), count if match.end() == offset + length else -1) != glyph + 1:
            return None  # not a cluster of one glyph
        if not advances[glyph] or carried.get(glyph) != match.group().decode():
            return None  # zero width (Pango pads the next glyph), or marks folded into it
        letter_spacing = spacing * (2 if match.start() in (0, total - 1) else 1)
        left = letter_spacing // 2
        if not letter_spacing & (UNITS - 1):  # hinting: whole points
            left = (left + UNITS // 2) & ~(UNITS - 1)
        if match.start():  # not before the line's first run
            advances[glyph] += left
            x_offsets[glyph] += left
        if match.end() != total:  # not after its last
            advances[glyph] += letter_spacing - left
        parts += [(start, glyph), (glyph, glyph + 1)] if start < glyph else [(glyph, glyph + 1)]
        start = glyph + 1
    if start < count:
        parts.append((start, count))
    return [(a, b, advances[a:b], x_offsets[a:b]) for a, b in parts]
