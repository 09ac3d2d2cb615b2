"""The sample Word template ``templates/letters/office-letter.docx``: a letter
laid out by a clerk in Word, with docxtpl tags for docgen's letter context.

Every run is TH Sarabun New 16 pt for Latin and Thai alike: ``w:rFonts``
names it for ``ascii``, ``hAnsi``, ``eastAsia`` and ``cs`` with
``w:hint="cs"``, and ``w:sz``/``w:szCs`` are both 32 half-points, so Word
sets Thai (a complex script) in the same font and size.  Regenerate with
``python -m docgen.usertemplates.sample templates/letters/office-letter.docx``.

>>> data = sample_template()
>>> b'w:hint="cs"' in __import__("zipfile").ZipFile(__import__("io").BytesIO(data)).read("word/styles.xml")
True
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

FONT = "TH Sarabun New"
SIZE_HALF_POINTS = 32  # 16 pt

# (text, alignment, indent in cm (negative: hanging), bold, space after in pt); "{%p ... %}" lines are
# docxtpl paragraph tags.  A tab goes to 9.5 cm (the address and date column), or to the hanging indent.
LINES = [
    ("ที่ {{ number|thai_digits }}\t{{ organisation.address[0]|thai_digits }}", "left", 0, False, 0),
    ("{%p for line in organisation.address[1:] %}", "left", 0, False, 0),
    ("\t{{ line|thai_digits }}", "left", 0, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("\t{{ date|be_date }}", "left", 0, False, 6),
    ("เรื่อง  {{ subject|thai_digits }}", "left", 0, False, 6),
    ("{{ salutation }}  {{ recipient }}", "left", 0, False, 0),
    ("{%p for e in enclosures %}", "left", 0, False, 0),
    ("{% if loop.first %}สิ่งที่ส่งมาด้วย{% endif %}\t{{ loop.index|thai_digits }}. {{ e.title|thai_digits }}"
     "  จำนวน {{ e.quantity }}", "left", -2.75, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("{%p for p in body %}", "left", 0, False, 0),
    ("{{ p.text|thai_digits }}", "justify", 2.5, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("{{ conclusion|thai_digits }}", "justify", 2.5, False, 12),
    ("{{ closing }}", "center", 0, False, 36),
    ("{%p for line in signer.lines %}", "left", 0, False, 0),
    ("{{ line }}", "center", 0, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("", "left", 0, False, 12),
    ("{{ owner.office }}", "left", 0, False, 0),
    ("{% if owner.phone %}โทร. {{ owner.phone|thai_phone }}{% endif %}", "left", 0, False, 0),
    ("{% if owner.email %}ไปรษณีย์อิเล็กทรอนิกส์ {{ owner.email }}{% endif %}", "left", 0, False, 0),
]


def _thai_font(rpr) -> None:
    """Name the font for every script, hint complex script, and set both sizes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    fonts.set(qn("w:hint"), "cs")
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            rpr.append(element)
        element.set(qn("w:val"), str(SIZE_HALF_POINTS))
    lang = rpr.find(qn("w:lang")) or OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.append(lang)


def sample_template() -> bytes:
    """The sample template's bytes (A4, margins 3 cm left, 2 cm right)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(16)
    _thai_font(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
             "justify": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY}
    for text, alignment, indent, bold, after in LINES:
        paragraph = document.add_paragraph()
        paragraph.alignment = align[alignment]
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(-indent if indent < 0 else 9.5))
        if indent < 0:
            paragraph.paragraph_format.left_indent = Cm(-indent)
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(indent)
        if after:
            paragraph.paragraph_format.space_after = Pt(after)
        run = paragraph.add_run(text)
        run.bold = bold or None
        _thai_font(run._element.get_or_add_rPr())
    document.core_properties.title = "หนังสือภายนอก (แม่แบบ)"
    document.core_properties.author = "docgen"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "templates/letters/office-letter.docx")
    target.write_bytes(sample_template())
    print(target)
