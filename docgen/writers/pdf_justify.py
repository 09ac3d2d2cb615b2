"""Thai distributed justification for WeasyPrint 70.0 (``text-align: justify``).

WeasyPrint justifies a line only by widening its spaces.  Thai puts spaces
between phrases, not words, so a line may have one space, or none: one space
then swallows the whole gap, or the line stays ragged.  Word's
``thaiDistribute`` (what the DOCX uses) spreads the gap between characters.

This module replaces ``weasyprint.layout.inline.justify_line`` with the rule
of the spec (§3): widen the spaces a line already has first, each by at most
``MAX_SPACE_STRETCH`` em; spread what is left between the grapheme clusters
(Pango letter-spacing, which never separates a mark from its base), each gap
by at most ``MAX_CLUSTER_STRETCH`` em.  Lines are otherwise untouched, and the
last line of a paragraph is never justified (WeasyPrint does not call us).

Example::

    from docgen.writers import pdf_justify
    pdf_justify.install()  # idempotent; pinned to WeasyPrint 70.0
"""

from __future__ import annotations

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline as _inline
from weasyprint.text.line_break import create_layout, line_size

from docgen.writers import pinned

__all__ = ["WEASYPRINT_VERSION", "install", "uninstall", "installed"]

WEASYPRINT_VERSION = pinned.WEASYPRINT
MAX_SPACE_STRETCH = 0.5  # em added to one space before clusters are spread
MAX_CLUSTER_STRETCH = 0.15  # em added between two clusters, at most

_original = _inline.justify_line


def _text_boxes(box) -> list[boxes.TextBox]:
    if isinstance(box, boxes.TextBox):
        return [box]
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return [t for child in box.children if child.is_in_normal_flow() for t in _text_boxes(child)]
    return []


def _width(box, style, context, spacing: float) -> float:
    layout = create_layout(box.text, style, context, max_width=None, justification_spacing=spacing)
    width, _ = line_size(layout.get_first_line()[0], style)
    layout.deactivate()
    return width


def _with_letter_spacing(style, value: float):
    copy = style.copy()
    copy["letter_spacing"] = value
    return copy


def _spread(context, box, per_space: float, per_gap: float, gaps: dict, x_advance: float) -> float:
    """Like WeasyPrint's add_word_spacing, plus letter-spacing between clusters."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        spaces = _inline.count_expandable_spaces(box)
        box.justification_spacing = per_space
        if per_gap and gaps.get(id(box)):
            box.style = _with_letter_spacing(box.style, per_gap)
        layout = create_layout(box.text, box.style, context, max_width=None, justification_spacing=per_space)
        layout.deactivate()
        box.pango_layout = layout
        extra = per_space * spaces + per_gap * gaps.get(id(box), 0.0)
        box.width += extra
        return x_advance + extra
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(context, child, per_space, per_gap, gaps, x_advance)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)
    return x_advance


def justify_line(context, line, extra_width: float) -> None:
    spaces = _inline.count_expandable_spaces(line)
    size = line.style["font_size"]
    if spaces and extra_width / spaces <= MAX_SPACE_STRETCH * size:
        return _original(context, line, extra_width)
    texts = [t for t in _text_boxes(line) if t.style["letter_spacing"] == "normal" and t.text]
    # How far one unit of letter-spacing moves each box's glyphs (its cluster
    # gaps); line_size() adds one more unit after the last glyph, not drawn.
    gaps = {}
    for text in texts:
        plain = _width(text, text.style, context, 0)
        spaced = _width(text, _with_letter_spacing(text.style, 1.0), context, 0)
        gaps[id(text)] = max(spaced - plain - 1.0, 0.0)
    total_gaps = sum(gaps.values())
    per_space = MAX_SPACE_STRETCH * size if spaces else 0.0
    remainder = extra_width - per_space * spaces
    if total_gaps <= 0:
        if spaces:
            return _original(context, line, extra_width)
        return None
    per_gap = min(remainder / total_gaps, MAX_CLUSTER_STRETCH * size)
    _spread(context, line, per_space, per_gap, gaps, 0.0)
    return None


def install() -> None:
    pinned.require(__name__, "WeasyPrint", advice=f"Thai justification needs this patch: pin "
                   f"weasyprint=={WEASYPRINT_VERSION}, or port the patch")
    _inline.justify_line = justify_line


def uninstall() -> None:
    _inline.justify_line = _original


def installed() -> bool:
    return _inline.justify_line is justify_line
