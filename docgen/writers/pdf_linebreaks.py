"""Break each distinct line of text once per process (WeasyPrint 70.0).

To fit a line, WeasyPrint's ``split_first_line`` lays the text out with
Pango two to four times: a draft with part of the text, the whole text if
the draft fits, the next word tried on the line, and the line's own text
once the break is known.  Documents of one kind repeat most of their lines:
a Lopburi certification breaks 21 lines, about 15 of them exactly as in
an earlier certification (the title, the note, the date, the signature lines).

With this patch the outcome of a line that was broken before is reused:
the break, the line's width, height and baseline, and the state the Pango
layout was left in (its text and width).  The line still gets a new
``Layout``, set up and given that text as WeasyPrint leaves it; Pango lays
it out once, when the line is drawn, or not at all if the text layer kept
its glyph runs from an earlier document (:mod:`pdf_runs`).  The outcome
depends only on the text, the available width, the justification spacing,
whether the line starts a line box, whether the minimum width is asked
for, and the style properties WeasyPrint reads to set up the layout and to
break (the key below); Pango lays out the same text the same way.  So the
PDFs are byte for byte the ones WeasyPrint writes without the patch
(``tests/test_pdf_linebreaks.py``).

Only lines whose layout ``pdf_shaping`` keeps are remembered: the style adds
no attributes to the text (no word or letter spacing, no ``overflow-wrap``
breaks) and does not make Pango break between characters (``word-break:
break-all``), and the text has no tab, no paragraph separator and no soft
hyphen; nor is a line with ``hyphens: auto``.  Everything else is broken by
WeasyPrint as usual.

Example::

    from docgen.writers import pdf_linebreaks
    pdf_linebreaks.install()  # idempotent; pinned to WeasyPrint 70.0
"""

from __future__ import annotations

import cffi
from weasyprint.layout import inline, preferred
from weasyprint.text import ffi as weasyprint_ffi
from weasyprint.text import line_break
from weasyprint.text.ffi import pango

from docgen.writers import pdf_contexts, pdf_shaping, pinned

__all__ = ["WEASYPRINT_VERSION", "install", "uninstall", "installed", "clear"]

WEASYPRINT_VERSION = pinned.WEASYPRINT
_BREAK_PROPERTIES = (  # read by split_first_line and first_line_metrics, besides the set-up
    "white_space", "hyphens", "hyphenate_limit_chars", "hyphenate_limit_zone",
    "hyphenate_character", "overflow_wrap", "word_break", "letter_spacing", "word_spacing")
_USERS = (inline, preferred)  # modules calling split_first_line
_MAX_LINES = 4096  # about 1 KB each; cleared when full
_LINES: dict = {}  # key -> _Line
_original = line_break.split_first_line
# The getter of a Pango layout's width, which WeasyPrint's bindings do
# not declare, on a binding of its own.
_ffi = cffi.FFI()
_ffi.cdef("int pango_layout_get_width (void *layout);")
_pango = weasyprint_ffi._dlopen(
    _ffi, "libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0",
    "libpango-1.0.dylib", "libpango-1.0-0.dll")


def pango_width(pango_layout) -> int:
    """The width a Pango layout is broken at, in Pango units (-1: none)."""
    address = int(weasyprint_ffi.ffi.cast("uintptr_t", pango_layout))
    return _pango.pango_layout_get_width(_ffi.cast("void *", address))


class _Line:
    """How one line was broken, and the state its layout was left in."""

    __slots__ = ("text", "max_width", "pango_width", "direction", "metrics")

    def __init__(self, layout, pango_layout, metrics):
        self.text = layout.text
        self.max_width = layout.max_width
        self.pango_width = pango_width(pango_layout)
        self.direction = layout.first_line_direction
        self.metrics = metrics  # (length, resume index, width, height, baseline)


def _remembered(text: str, style) -> bool:
    """Whether a line of this text and style can be remembered (see the module docstring)."""
    return (pdf_shaping.plain(text, style) and style["word_break"] != "break-all"
            and style["hyphens"] != "auto" and "\xad" not in text)


def split_first_line(text, style, context, max_width, justification_spacing,
                     is_line_start=True, minimum=False):
    """WeasyPrint's ``split_first_line``, reusing the outcome for a line broken before."""
    try:
        key = (text, max_width, justification_spacing, is_line_start, minimum,
               pdf_contexts.layout_key(style), *map(style.__getitem__, _BREAK_PROPERTIES))
        line = _LINES.get(key)
    except TypeError:  # a value that cannot be a key
        return _original(text, style, context, max_width, justification_spacing, is_line_start, minimum)
    if line is None:
        result = _original(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        layout = result[0]
        kept = pdf_shaping.kept(layout)
        if kept is not None and kept[1] is style and _remembered(text, style):
            if len(_LINES) >= _MAX_LINES:
                _LINES.clear()
            _LINES[key] = _Line(layout, kept[0], result[1:])
        return result
    layout = line_break.Layout(style, justification_spacing, line.max_width)
    if line.pango_width != -1:
        pango.pango_layout_set_width(layout.layout, line.pango_width)
    layout.set_text(line.text)
    layout.first_line_direction = line.direction
    layout.deactivate()
    return (layout, *line.metrics)


def clear() -> None:
    """Forget the lines broken so far."""
    _LINES.clear()


def install() -> None:
    """Patch WeasyPrint in this process; calling it again does nothing."""
    pinned.require(__name__, "WeasyPrint")
    for module in _USERS:
        module.split_first_line = split_first_line


def uninstall() -> None:
    """Restore WeasyPrint's own ``split_first_line``."""
    for module in _USERS:
        module.split_first_line = _original


def installed() -> bool:
    """Tell whether the patch is active."""
    return inline.split_first_line is split_first_line
