"""Where a visible signature goes: the blank lines above the signer's name (spec §17).

The signature block prints the closing, three blank lines for the handwritten
signature, then the name in parentheses: ``(นายผดุงศักดิ์ หาญปรีชาสวัสดิ์)``.
The field is put in that blank space: centred on the name line, from just
above it to just below the nearest text line above it that it would touch.
Lines are read from the PDF itself (pdfium's character boxes), so any PDF
with such a block can be signed, not only one docgen has just rendered.

Coordinates are PDF points from the bottom-left corner of the page.

>>> name = Line(275.0, 384.1, 404.5, 398.3, "(นายผดุงศักดิ์ หาญปรีชาสวัสดิ์)")
>>> closing = Line(297.9, 446.9, 381.0, 457.5, "ขอแสดงความนับถือ")
>>> box_above(name, [closing, name], page_width=595.28)
(254.8, 400.3, 424.8, 444.9)
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docgen.signing.keys import SigningError

WIDTH = 170.0  # points: about 6 cm, wider than most names
PAD = 2.0  # points kept clear of the text above and below
MIN_HEIGHT = 24.0  # less than this is no room for a signature
MAX_HEIGHT = 60.0
MARGIN = 56.69  # the right (and smallest) page margin, 2 cm (spec §2)
MIN_MARK = 5.0  # boxes lower than this are not text of a line


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float  # bottom
    x1: float
    y1: float  # top
    text: str

    @property
    def is_name(self) -> bool:
        """``(…)``: the signer's name line of a signature block (spec §21 check 14)."""
        text = "".join(c for c in self.text if c < "\u0100" or "\u0e00" <= c <= "\u0e7f").strip()
        return len(text) > 2 and text.startswith("(") and text.endswith(")")


def page_lines(pdf: bytes, page: int) -> list[Line]:
    """The text lines of page ``page`` (0-based; negative counts from the end), top first.

    Each line spans its font's whole height (ascent to descent, as a text
    selection does), not only its ink, so a box kept clear of it clears a
    descender too."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        if not -len(document) <= page < len(document):
            raise SigningError(f"the document has {len(document)} page(s); there is no page {page + 1}")
        textpage = document[page % len(document)].get_textpage()
        chars = []
        for index in range(textpage.count_chars()):
            text = textpage.get_text_range(index, 1)
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            if text.strip() and top - bottom >= MIN_MARK:
                chars.append((left, bottom, right, top, text))
    finally:
        document.close()
    return _group(chars)


def _group(boxes: list[tuple]) -> list[Line]:
    """Boxes that share most of their height form one line, read left to right."""
    lines: list[list[tuple]] = []
    for box in sorted(boxes, key=lambda b: -b[3]):
        for line in lines:
            bottom, top = min(b[1] for b in line), max(b[3] for b in line)
            overlap = min(top, box[3]) - max(bottom, box[1])
            if overlap >= 0.5 * min(top - bottom, box[3] - box[1]):
                line.append(box)
                break
        else:
            lines.append([box])
    out = []
    for line in lines:
        line.sort(key=lambda b: b[0])
        out.append(Line(min(b[0] for b in line), min(b[1] for b in line),
                        max(b[2] for b in line), max(b[3] for b in line), "".join(b[4] for b in line)))
    return sorted(out, key=lambda line: -line.y1)


def box_above(name: Line, lines: list[Line], page_width: float, width: float = WIDTH) -> tuple[float, ...]:
    """The signature box over ``name``: ``(x0, y0, x1, y1)``, clear of every line in ``lines``."""
    centre = (name.x0 + name.x1) / 2
    half = max(width, name.x1 - name.x0) / 2
    x0, x1 = max(centre - half, MARGIN), min(centre + half, page_width - MARGIN)
    bottom = name.y1 + PAD
    above = [line.y0 for line in lines if line.y0 >= name.y1 and line.x0 < x1 and line.x1 > x0]
    top = min(above, default=bottom + MAX_HEIGHT + PAD) - PAD
    top = min(top, bottom + MAX_HEIGHT)
    if top - bottom < MIN_HEIGHT:
        raise SigningError(f"no room for a visible signature above {name.text.strip()!r}: "
                           f"{top - bottom:.0f} pt between it and the line above")
    return tuple(round(v, 1) for v in (x0, bottom, x1, top))


def signature_box(pdf: bytes, page: int = -1, which: int = 0) -> tuple[int, tuple[float, ...]]:
    """The page index and box for a visible signature over name line ``which`` (0: the
    first on the page, the signer; a countersigner's comes after) of page ``page``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        index = page % len(document)
        width = document[index].get_width()
    finally:
        document.close()
    lines = page_lines(pdf, index)
    names = [line for line in lines if line.is_name]
    if len(names) <= which:
        raise SigningError(f"page {index + 1} has no signature block (a name line in parentheses, "
                           f"\"(…)\"{'' if which == 0 else f' number {which + 1}'}): choose the page "
                           "with --page, or sign without --visible")
    return index, box_above(names[which], lines, width)
