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

Justification makes each text box of a justified line a new layout, to be
widened (``add_word_spacing``).  When its text and style are those of the
layout the line was measured with, the new layout takes the measured Pango
layout, already shaped, and its spaces are widened when it is drawn:

- by the text layer (``pdf_textlayer``, which calls
  :func:`defer_justification`): it reads :func:`pending_spacing` and writes
  the glyphs with the spaces Pango would give them, laying nothing out
  again, and calls :func:`justify` for the lines it leaves to WeasyPrint;
- otherwise by :func:`justify` as WeasyPrint's ``reactivate`` does: the text
  set again, with the widened spaces, on the kept layout.

Anything else (letter-spaced lines of Thai distributed justification,
mostly), and any layout drawn a second time, is set up afresh as WeasyPrint
does.  A kept layout is the one whose first line WeasyPrint measured, so the
glyphs drawn are the glyphs measured; the PDFs are byte for byte the ones
WeasyPrint writes without the patch, and the text layer's spaces those Pango
lays out (``tests/test_pdf_shaping.py``).  Of the 21.5 text boxes of a
Lopburi certification (the 129 of them, on average), 12 are drawn with their
layout as it is, 7 have their spaces widened by the text layer, one (a lone
space) by Pango, and 1.5 are set up afresh.

The price is memory: a kept layout holds about 4 KB until its page is drawn,
17 MB for a 150-page document of plain paragraphs (WeasyPrint lays out every
page before it draws the first), against the 106 MB WeasyPrint peaks at for
it alone.

Example::

    from docgen.writers import pdf_shaping
    pdf_shaping.install()  # idempotent; pinned to WeasyPrint 70.0
"""

from __future__ import annotations

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import pango
from weasyprint.text.line_break import Layout

from docgen.writers import pinned

__all__ = ["WEASYPRINT_VERSION", "install", "uninstall", "installed", "PARAGRAPH_SEPARATORS",
           "defer_justification", "pending_spacing", "justify", "as_set_up", "plain", "kept"]

WEASYPRINT_VERSION = pinned.WEASYPRINT
# What Pango may take for the end of a paragraph (pango_find_paragraph_boundary
# names \n, \r and U+2029; NEL and U+2028 are refused too, to be safe).
PARAGRAPH_SEPARATORS = frozenset("\n\r\x85\u2028\u2029")
_KEPT = "_docgen_kept"  # Layout attribute: (Pango layout, language, style) of the laid-out text
_DRAWN = "_docgen_drawn"  # Layout attribute: set up for drawing, do not keep
_PENDING = "_docgen_justify"  # Layout attribute: kept, its spaces not widened yet
_deferring = [False]  # whether the drawing widens kept layouts' spaces itself
_original_deactivate = Layout.deactivate
_original_reactivate = Layout.reactivate
_original_add_word_spacing = inline.add_word_spacing


def plain(text: str, style) -> bool:
    """Whether setting ``text`` on a layout of ``style`` adds no attribute of
    the style's and no tabs, and sets the whole text: the attributes a kept
    layout has are those a new one would get, but for justification's
    spacing."""
    letter_spacing = style["letter_spacing"]
    return (
        not style["word_spacing"]
        and (letter_spacing == "normal" or not letter_spacing)
        and style["overflow_wrap"] not in ("anywhere", "break-word")
        and "\t" not in text
        and PARAGRAPH_SEPARATORS.isdisjoint(text))


def kept(layout: Layout):
    """``(Pango layout, style)``: what ``layout`` was measured with and keeps
    for drawing, if it keeps it (it was deactivated while the page was laid
    out); None otherwise."""
    if (entry := layout.__dict__.get(_KEPT)) is not None:
        return entry[0], entry[2]
    return None


def defer_justification(deferred: bool) -> None:
    """Whether a kept layout's spaces are left for the drawing to widen
    (``True``: it reads :func:`pending_spacing`, and calls :func:`justify`
    when it does not widen them itself)."""
    _deferring[0] = deferred


def pending_spacing(layout: Layout) -> float | None:
    """The spacing justification adds to each space of ``layout``, if it is
    still to be set (None: the layout is drawn as it is)."""
    return layout.justification_spacing if _PENDING in layout.__dict__ else None


def as_set_up(layout: Layout) -> bool:
    """Whether the Pango layout of ``layout`` has only the attributes its
    set-up gives it: none of the style's (see :func:`plain`), and no widened
    spaces (a kept layout's are still pending, or there are none to widen).
    Its lines then depend only on its set-up, its width and its text."""
    return (plain(layout.text, layout.style)
            and (not layout.justification_spacing or _PENDING in layout.__dict__))


def justify(layout: Layout) -> None:
    """Widen the spaces of ``layout`` if that is pending, as WeasyPrint's
    ``reactivate`` does: on a layout of no width, its text set again."""
    if layout.__dict__.pop(_PENDING, False):
        pango.pango_layout_set_width(layout.layout, -1)  # as a new layout: no width
        layout.set_text(layout.text, justify=True)


def _deactivate(self: Layout) -> None:
    self.__dict__.pop(_PENDING, None)
    if not self.__dict__.pop(_DRAWN, False):
        self.__dict__[_KEPT] = (self.layout, self.language, self.style)
    _original_deactivate(self)


def _reactivate(self: Layout, style) -> None:
    kept = self.__dict__.pop(_KEPT, None)
    self.__dict__[_DRAWN] = True
    if kept is not None and kept[2] is style and plain(self.text, style):
        self.layout, self.language, self.style = kept
        self.first_line_direction = 0
        if self.justification_spacing:  # widen the spaces, as reactivate's set_text does
            self.__dict__[_PENDING] = True
            if not _deferring[0]:
                justify(self)
        return
    _original_reactivate(self, style)


def _add_word_spacing(context, box, justification_spacing, x_advance):
    """WeasyPrint's, then a text box's new layout takes the Pango layout its
    line was measured with, if that is the one the new layout would make."""
    measured = box.pango_layout if isinstance(box, boxes.TextBox) else None
    x_advance = _original_add_word_spacing(context, box, justification_spacing, x_advance)
    new = box.pango_layout if measured is not None else None
    if new is not None and new is not measured:
        kept, fresh = measured.__dict__.get(_KEPT), new.__dict__.get(_KEPT)
        if (kept is not None and fresh is not None and kept[2] is fresh[2]
                and measured.text == new.text and plain(new.text, fresh[2])):
            new.__dict__[_KEPT] = measured.__dict__.pop(_KEPT)  # and the fresh one is dropped, unshaped
    return x_advance


def install() -> None:
    """Patch WeasyPrint in this process; calling it again does nothing."""
    pinned.require(__name__, "WeasyPrint")
    Layout.deactivate = _deactivate
    Layout.reactivate = _reactivate
    inline.add_word_spacing = _add_word_spacing


def uninstall() -> None:
    """Restore WeasyPrint's own ``deactivate``, ``reactivate`` and ``add_word_spacing``."""
    Layout.deactivate = _original_deactivate
    Layout.reactivate = _original_reactivate
    inline.add_word_spacing = _original_add_word_spacing


def installed() -> bool:
    """Tell whether the patch is active."""
    return Layout.reactivate is _reactivate
