"""Resolve a box's lengths with fewer steps (WeasyPrint 70.0).

Before it lays a box out, WeasyPrint's ``resolve_percentages`` sets the
used value of its margins, paddings, widths, heights and borders: for each
of 18 lengths two function calls (``resolve_one_percentage``, then
``percentage``) and, for the borders, a property name formatted each time.
A certification resolves about 70 boxes this way, some several times, 1,150
lengths in all, nearly every one of them a length in points or ``auto``.

This patch replaces it with one function that sets those two kinds of
value itself and hands anything else (percentages, ``calc()``) to
``resolve_one_percentage`` as before, in the same order, with the same
border and box-sizing steps.  The boxes get the same values, so the PDFs
are byte for byte the ones WeasyPrint writes without the patch
(``tests/test_pdf_percentages.py``).

Example::

    from docgen.writers import pdf_percentages
    pdf_percentages.install()  # idempotent; pinned to WeasyPrint 70.0
"""

from __future__ import annotations

from weasyprint.css.properties import Dimension
from weasyprint.formatting_structure import boxes
from weasyprint.layout import absolute, block, column, float as floats, grid, inline, page, percent, table

from docgen.writers import pinned

__all__ = ["WEASYPRINT_VERSION", "install", "uninstall", "installed"]

WEASYPRINT_VERSION = pinned.WEASYPRINT
_USERS = (percent, inline, page, floats, grid, absolute, block, column, table)  # modules calling it
_original = percent.resolve_percentages
_resolve_one = percent.resolve_one_percentage
_adjust_box_sizing = percent.adjust_box_sizing
_BORDERS = tuple(f"border_{side}_width" for side in ("top", "right", "bottom", "left"))
_MINIMUMS = ("min_width", "min_height")


def _one(box, style, name: str, refer_to) -> None:
    """``resolve_one_percentage(box, name, refer_to)``, directly for a length
    in pixels or ``auto`` (``None`` too, as ``percentage`` returns it)."""
    value = style[name]
    if value.__class__ is Dimension and value.unit == "px":
        setattr(box, name, value.value)
    elif value is None or value == "auto":
        setattr(box, name, 0 if value == "auto" and name in _MINIMUMS else value)
    else:
        _resolve_one(box, name, refer_to)


def resolve_percentages(box, containing_block) -> None:
    """Set used values as attributes of the box object (WeasyPrint's, step for step)."""
    if isinstance(containing_block, boxes.Box):
        cb_width, cb_height = containing_block.width, containing_block.height
    else:
        cb_width, cb_height = containing_block
    maybe_height = cb_height if isinstance(box, boxes.PageBox) else cb_width
    style = box.style
    _one(box, style, "margin_left", cb_width)
    _one(box, style, "margin_right", cb_width)
    _one(box, style, "margin_top", maybe_height)
    _one(box, style, "margin_bottom", maybe_height)
    _one(box, style, "padding_left", cb_width)
    _one(box, style, "padding_right", cb_width)
    _one(box, style, "padding_top", maybe_height)
    _one(box, style, "padding_bottom", maybe_height)
    _one(box, style, "width", cb_width)
    _one(box, style, "min_width", cb_width)
    _one(box, style, "max_width", cb_width)
    if cb_height == "auto":  # the height of the containing block depends on its content
        height = style["height"]
        if height == "auto" or percent.check_math(height) or height.unit == "%":
            box.height = "auto"
        else:
            assert height.unit.lower() == "px"
            box.height = height.value
        _one(box, style, "min_height", 0)
        _resolve_one(box, "max_height", float("inf"))
    else:
        _one(box, style, "height", cb_height)
        _one(box, style, "min_height", cb_height)
        _one(box, style, "max_height", cb_height)
    collapse = style["border_collapse"] == "collapse"
    for name in _BORDERS:  # border widths resolved by collapsed-border conflicts stay
        if not (collapse and hasattr(box, name)):
            setattr(box, name, style[name])
    _adjust_box_sizing(box, "width")
    _adjust_box_sizing(box, "height")


def install() -> None:
    """Patch WeasyPrint in this process; calling it again does nothing."""
    pinned.require(__name__, "WeasyPrint")
    for module in _USERS:
        module.resolve_percentages = resolve_percentages


def uninstall() -> None:
    """Restore WeasyPrint's own ``resolve_percentages``."""
    for module in _USERS:
        module.resolve_percentages = _original


def installed() -> bool:
    """Tell whether the patch is active."""
    return percent.resolve_percentages is resolve_percentages
