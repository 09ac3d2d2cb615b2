"""Whether a box is in normal flow, answered in one step (WeasyPrint 70.0).

Laying a certification out, WeasyPrint asks about 330 times whether a box
is in normal flow, and each answer is five method calls (``is_floated``,
``is_absolutely_positioned``, ``is_running``, ``is_footnote``,
``is_note``) that read the same two properties, ``float`` and
``position``: about 1 % of the instructions of a certification pair.

This patch answers from the two properties directly.  A box whose
``is_floated`` was replaced on the instance (WeasyPrint does so for flex
items) is still asked the long way.  The answers are WeasyPrint's, so the
PDFs are byte for byte the ones it writes without the patch
(``tests/test_pdf_flow.py``).

Example::

    from docgen.writers import pdf_flow
    pdf_flow.install()  # idempotent; pinned to WeasyPrint 70.0
"""

from __future__ import annotations

from weasyprint.formatting_structure import boxes

from docgen.writers import pinned

__all__ = ["WEASYPRINT_VERSION", "install", "uninstall", "installed"]

WEASYPRINT_VERSION = pinned.WEASYPRINT
_original_in_flow = boxes.Box.is_in_normal_flow
# Values of ``float`` that take a box out of normal flow (is_floated, is_footnote).
_OUT_OF_FLOW = frozenset(("left", "right", "inline-start", "inline-end", "footnote"))


def is_in_normal_flow(self) -> bool:
    """Not floated, absolutely positioned, running, a footnote or a note
    (``Box.is_in_normal_flow``, reading each property once)."""
    if "is_floated" in self.__dict__:  # replaced on the instance (flex items)
        return _original_in_flow(self)
    style = self.style
    if style["float"] in _OUT_OF_FLOW:
        return False
    position = style["position"]  # a keyword, or a (function name, argument) pair
    return not (position == "absolute" or position == "fixed" or position[0] in ("running()", "note()"))


def install() -> None:
    """Patch WeasyPrint in this process; calling it again does nothing."""
    pinned.require(__name__, "WeasyPrint")
    boxes.Box.is_in_normal_flow = is_in_normal_flow


def uninstall() -> None:
    """Restore WeasyPrint's own ``is_in_normal_flow``."""
    boxes.Box.is_in_normal_flow = _original_in_flow


def installed() -> bool:
    """Tell whether the patch is active."""
    return boxes.Box.is_in_normal_flow is is_in_normal_flow
