"""A line of text stamped on the first page of an existing PDF.

A circular may enclose a document docgen does not make (a department's
guidelines, published as a PDF).  It goes into the package as it is; only
its first page gets the label a clerk would stamp on it, "สิ่งที่ส่งมาด้วย ๓",
16 pt, flush with the right margin, in the top margin (where the page number
of a Thai document stands), so it covers none of the page's own text.

Example::

    stamped = stamp(pdf_bytes, "สิ่งที่ส่งมาด้วย ๓")
"""

from __future__ import annotations

import io
from html import escape

from pypdf import PdfReader, PdfWriter
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from docgen import fonts, layout
from docgen.writers import pdf_textlayer

LABEL_TOP = layout.PAGE_NUMBER_TOP  # from the top edge to the top of the label's line


def _label_page(text: str, width: float, height: float) -> bytes:
    """A page of ``width`` by ``height`` points with only the label, in docgen's
    own Thai font: its ``@font-face`` is loaded through a font configuration,
    so the label does not depend on a Thai font installed on the machine."""
    pdf_textlayer.install()  # Thai text that copies and searches as Thai
    font_config = FontConfiguration()
    css = CSS(font_config=font_config, string=f"""
@font-face {{ font-family: "{fonts.FAMILY}"; src: url("{fonts.REGULAR.as_uri()}"); }}
@page {{ size: {width:.2f}pt {height:.2f}pt; margin: 0; }}
p {{ position: absolute; top: {LABEL_TOP:.2f}pt; right: {layout.MARGIN_RIGHT:.2f}pt; margin: 0;
     font-family: "{fonts.FAMILY}"; font-size: {layout.BODY_SIZE}pt; line-height: 1; white-space: nowrap; }}""")
    return HTML(string=f'<html lang="th"><p>{escape(text)}</p></html>').write_pdf(stylesheets=[css],
                                                                                  font_config=font_config)


def stamp(pdf: bytes, text: str) -> bytes:
    """``pdf`` with ``text`` in the top right margin of its first page."""
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    label = PdfReader(io.BytesIO(_label_page(text, width, height))).pages[0]
    writer = PdfWriter(clone_from=reader)
    writer.pages[0].merge_page(label)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
