"""Runs for the DOCX writer: every run with Thai's font slots, sizes and language.

Thai needs more than ``font.name``/``font.size``: Word picks the complex-script
font, size and bold for Thai characters (``w:rFonts w:cs``, ``w:szCs``,
``w:bCs``) and uses ``w:lang w:bidi`` for word breaking.  So every run gets
all four font slots, both sizes and the Thai language.  A run's properties
are built once per formatting and copied (:func:`add_run`).
"""

from __future__ import annotations

from copy import deepcopy
from functools import lru_cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.run import Run as Run_

from docgen import layout

THAI = "th-TH"


def set_fonts(rpr, family: str, size: float, bold: bool = False) -> None:
    """Font, size, bold and language for Latin *and* complex script (Thai).

    Elements are added in the order the schema requires: rFonts, b, bCs
    first; sz, szCs, lang last (python-docx inserts colour before sz).
    """
    for tag in ("w:rFonts", "w:b", "w:bCs", "w:sz", "w:szCs", "w:lang"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), family)
    head = [fonts] + ([OxmlElement("w:b"), OxmlElement("w:bCs")] if bold else [])
    start = 1 if len(rpr) and rpr[0].tag == qn("w:rStyle") else 0
    for offset, element in enumerate(head):
        rpr.insert(start + offset, element)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(round(size * 2)))
        rpr.append(element)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), THAI)
    lang.set(qn("w:bidi"), THAI)
    rpr.append(lang)



@lru_cache(maxsize=256)
def _run_properties(family: str, size: float, bold: bool, color: str | None):
    """The ``w:rPr`` of a run so formatted, built once (python-docx's setters
    cost more than the rest of a run); each run gets a copy."""
    run = Run_(OxmlElement("w:r"), None)
    set_fonts(run._r.get_or_add_rPr(), family, size, bold)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return run._r.rPr


def add_run(paragraph, text: str, family: str, size: float | None = None, bold: bool = False,
             color: str | None = None):
    """A run of ``text`` at the end of ``paragraph``.

    Text without tabs or line breaks goes into one ``w:t``, as python-docx's
    ``Run.text`` would put it, without its walk over every character (about
    a tenth of a DOCX)."""
    if "\t" in text or "\n" in text or "\r" in text:
        run = paragraph.add_run(text)  # python-docx makes the w:tab and w:br
    else:
        run = paragraph.add_run()
        if text:
            run._r.add_t(text)
    run._r.insert(0, deepcopy(_run_properties(family, size or layout.BODY_SIZE, bold, color)))
    return run

