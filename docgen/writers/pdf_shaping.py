"""Shape each line of text once, not twice (WeasyPrint 70.0).

WeasyPrint shapes a line's text with Pango while it breaks the lines, then
drops the Pango layout (``Layout.deactivate``) and, when it draws the line,
builds a new one from the same style and text (``Layout.reactivate``) and
shapes the text again.

With this patch a layout keeps its Pango layout when it is deactivated
while the page is laid out, and the drawing uses it, if nothing the new one
would get differs from it:

- the style is the very object the layout was made with;
- the style adds no attributes to the text (no word or letter spacing, no
  ``overflow-wrap`` hyphens) and the text has no tab, so setting it again
  would not add any to the ones it has;
- the text has no paragraph separator (the drawing lays it out as one
  paragraph: see ``pdf_textlayer``, which then leaves the layout as it is).

A line whose spaces justification widened (``justification_spacing``) gets
its text set again on the kept layout, with the widened spaces, as the new
layout would: only the Pango context, font description and layout are not
made again.  Anything else (letter-spaced lines of Thai distributed
justification, mostly), and any layout drawn a second time, is set up afresh
as WeasyPrint does.  A kept layout is the one whose first line WeasyPrint
measured, so the glyphs drawn are the glyphs measured; the PDFs are byte for
byte the ones WeasyPrint writes without the patch
(``tests/test_pdf_shaping.py``).  Of a Lopburi certification's 22 text
boxes, 12 are drawn with their layout as it is, 9 with their spaces widened
on it, and one is set up afresh.  The price is memory: a kept layout holds
about 4 KB until its page is drawn, 17 MB for a 150-page document of plain
paragraphs (WeasyPrint lays out every page before it draws the first),
against the 106 MB WeasyPrint peaks at for it alone.

Example::

    from docgen.writers import pdf_shaping
    pdf_shaping.install()  # idempotent; pinned to WeasyPrint 70.0
"""

from __future__ import annotations

import weasyprint
from weasyprint.text.ffi import pango
from weasyprint.text.line_break import Layout

__all__ = ["WEASYPRINT_VERSION", "install", "uninstall", "installed", "PARAGRAPH_SEPARATORS"]

WEASYPRINT_VERSION = "70.0"
# What Pango may take for the end of a paragraph (pango_find_paragraph_boundary
# names \n, \r and U+2029; NEL and U+2028 are refused too, to be safe).
PARAGRAPH_SEPARATORS = frozenset("\n\r\x85\u2028\u2029")
_KEPT = "_docgen_kept"  # Layout attribute: (Pango layout, language, style) of the laid-out text
_DRAWN = "_docgen_drawn"  # Layout attribute: set up for drawing, do not keep
_original_deactivate = Layout.deactivate
_original_reactivate = Layout.reactivate


def _plain(layout: Layout, style) -> bool:
    """Whether ``set_text(text)`` adds no attribute of the style's and no
    tabs, and sets the whole text: the attributes a kept layout has are
    those a new one would get, but for justification's spacing."""
    letter_spacing = style["letter_spacing"]
    return (
        not style["word_spacing"]
        and (letter_spacing == "normal" or not letter_spacing)
        and style["overflow_wrap"] not in ("anywhere", "break-word")
        and "\t" not in layout.text
        and PARAGRAPH_SEPARATORS.isdisjoint(layout.text))


def _deactivate(self: Layout) -> None:
    if not self.__dict__.pop(_DRAWN, False):
        self.__dict__[_KEPT] = (self.layout, self.language, self.style)
    _original_deactivate(self)


def _reactivate(self: Layout, style) -> None:
    kept = self.__dict__.pop(_KEPT, None)
    self.__dict__[_DRAWN] = True
    if kept is not None and kept[2] is style and _plain(self, style):
        self.layout, self.language, self.style = kept
        self.first_line_direction = 0
        if self.justification_spacing:  # widen the spaces, as reactivate's set_text does
            pango.pango_layout_set_width(self.layout, -1)  # as a new layout: no width
            self.set_text(self.text, justify=True)
        return
    _original_reactivate(self, style)


def install() -> None:
    """Patch WeasyPrint in this process; calling it again does nothing."""
    if weasyprint.__version__ != WEASYPRINT_VERSION:
        raise RuntimeError(
            f"docgen.writers.pdf_shaping patches WeasyPrint {WEASYPRINT_VERSION}, but "
            f"WeasyPrint {weasyprint.__version__} is installed: port or drop this patch.")
    Layout.deactivate = _deactivate
    Layout.reactivate = _reactivate


def uninstall() -> None:
    """Restore WeasyPrint's own ``deactivate`` and ``reactivate``."""
    Layout.deactivate = _original_deactivate
    Layout.reactivate = _original_reactivate


def installed() -> bool:
    """Tell whether the patch is active."""
    return Layout.reactivate is _reactivate
