"""The sample Word templates: ``templates/letters/office-letter.docx`` (a
letter), ``templates/letters/office-memo.docx`` (a memo, บันทึกข้อความ) and
``templates/orders/office-order.docx`` (an order, คำสั่ง) and
``templates/letters/office-certification.docx`` (a certification, หนังสือรับรอง),
laid out as a clerk would in Word, with docxtpl tags for docgen's context of
each kind.

Every run is TH Sarabun New 16 pt for Latin and Thai alike: ``w:rFonts``
names it for ``ascii``, ``hAnsi``, ``eastAsia`` and ``cs`` with
``w:hint="cs"``, and ``w:sz``/``w:szCs`` are both 32 half-points, so Word
sets Thai (a complex script) in the same font and size.  Regenerate all four
with ``python -m docgen.usertemplates.sample`` (or one: give its path).

In a line's text, ``**bold**`` is bold, ``[[label]]`` a bold 20 pt memo
label and ``##title##`` the 29 pt bold memo title.

>>> data = sample_template("memo")
>>> b'w:hint="cs"' in __import__("zipfile").ZipFile(__import__("io").BytesIO(data)).read("word/styles.xml")
True
"""

from __future__ import annotations

import io
import re
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

# บันทึกข้อความ: title, the header lines (bold 20 pt labels), เรียน, body, conclusion, signature.
MEMO_LINES = [
    ("{% if speed %}**{{ speed }}**{% endif %}", "left", 0, False, 0),
    ("##บันทึกข้อความ##", "center", 0, False, 6),
    ("[[ส่วนราชการ]]  {{ office_line|thai_digits }}", "left", 0, False, 0),
    ("[[ที่]]  {{ number|thai_digits }}\t[[วันที่]]  {{ date|be_date }}", "left", 0, False, 0),
    ("[[เรื่อง]]  {{ subject|thai_digits }}", "left", 0, False, 6),
    ("{{ salutation }}  {{ recipient }}", "left", 0, False, 6),
    ("{%p for p in body %}", "left", 0, False, 0),
    ("{% if p.level == 1 %}**{{ p.text|thai_digits }}**{% else %}{{ p.text|thai_digits }}{% endif %}",
     "justify", 2.5, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("{{ conclusion|thai_digits }}", "justify", 2.5, False, 36),
    ("{%p for line in signer.lines %}", "left", 0, False, 0),
    ("{{ line }}", "center", 0, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
]

# คำสั่ง: three bold centred title lines and a rule, the preamble, the members
# (a table: MEMBERS marks where), duties, further paragraphs, the effective
# clause, สั่ง ณ วันที่ at 7.5 cm, and the signature.
MEMBERS = "(members)"
ORDER_LINES = [
    ("{% if speed %}**{{ speed }}**{% endif %}", "left", 0, False, 0),
    ("**คำสั่ง{{ issuer|thai_digits }}**", "center", 0, False, 0),
    ("**ที่ {{ number|thai_digits }}**", "center", 0, False, 0),
    ("**เรื่อง {{ subject|thai_digits }}**", "center", 0, False, 0),
    ("____________________", "center", 0, False, 6),
    ("{%p for p in preamble %}", "left", 0, False, 0),
    ("{{ p|thai_digits }}", "justify", 2.5, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("{%p for c in committees %}", "left", 0, False, 0),
    ("{%p if c.title %}", "left", 0, False, 0),
    ("{{ c.title|thai_digits }}", "left", 2.5, False, 0),
    ("{%p endif %}", "left", 0, False, 0),
    (MEMBERS, "left", 0, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("{{ duties_intro|thai_digits }}", "justify", 2.5, False, 0),
    ("{%p for d in duties %}", "left", 0, False, 0),
    ("{{ d.number }}. {{ d.text|thai_digits }}", "justify", 2.5, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("{%p for p in paragraphs %}", "left", 0, False, 0),
    ("{{ p|thai_digits }}", "justify", 2.5, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("{{ effective_text|thai_digits }}", "justify", 2.5, False, 16),
    ("\tสั่ง ณ วันที่ {{ date|be_date('full_be') }}", "left", 0, False, 36),
    ("{%p for line in signer.lines %}", "left", 0, False, 0),
    ("{{ line }}", "center", 0, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
]

# หนังสือรับรอง (a certification, one per unit): number and issuer, the centred title, the statement,
# the date, then each signature (a blank line for the pen, then its lines).
CERTIFICATION_LINES = [
    ("{{ number|thai_digits }}\t{{ issuer[0] }}", "left", 0, False, 0),
    ("{%p for line in issuer[1:] %}", "left", 0, False, 0),
    ("\t{{ line }}", "left", 0, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("", "left", 0, False, 0),
    ("{%p for line in title %}", "left", 0, False, 0),
    ("**{{ line|thai_digits }}**", "center", 0, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("{%p if sample %}", "left", 0, False, 0),
    ("{{ sample_note }}", "center", 0, False, 0),
    ("{%p endif %}", "left", 0, False, 0),
    ("", "left", 0, False, 0),
    ("{%p for p in paragraphs %}", "left", 0, False, 0),
    ("{{ p|thai_digits }}", "justify", 2.5, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("", "left", 0, False, 0),
    ("\t{{ date_line|thai_digits }}", "left", 0, False, 0),
    ("{%p for s in signatures %}", "left", 0, False, 0),
    ("", "left", 0, False, 0),
    ("", "left", 0, False, 0),
    ("", "left", 0, False, 0),
    ("{%p for line in s.lines %}", "left", 0, False, 0),
    ("{{ line }}", "center", 0, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
    ("{%p endfor %}", "left", 0, False, 0),
]

# kind: (lines, the tab stop of lines that are not indented (cm), default path, title)
KINDS = {
    "letter": (LINES, 9.5, "templates/letters/office-letter.docx", "หนังสือภายนอก (แม่แบบ)"),
    "memo": (MEMO_LINES, 8.0, "templates/letters/office-memo.docx", "บันทึกข้อความ (แม่แบบ)"),
    "order": (ORDER_LINES, 7.5, "templates/orders/office-order.docx", "คำสั่ง (แม่แบบ)"),
    "certification": (CERTIFICATION_LINES, 7.5, "templates/letters/office-certification.docx",
                      "หนังสือรับรอง (แม่แบบ)"),
}
SIZES = {"[[": 20, "##": 29}  # memo label, memo title (pt)


def _thai_font(rpr, size: float = 16, bold: bool = False) -> None:
    """Name the font for every script, hint complex script, and set both sizes
    (and bold for both scripts: Thai is bold through ``w:bCs``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    fonts.set(qn("w:hint"), "cs")
    if bold:
        for tag in ("w:b", "w:bCs"):
            if rpr.find(qn(tag)) is None:
                rpr.append(OxmlElement(tag))
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            rpr.append(element)
        element.set(qn("w:val"), str(round(size * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


def _runs(paragraph, text: str, bold: bool) -> None:
    """``text`` as runs: ``**bold**``, ``[[memo label]]``, ``##memo title##``, the rest plain."""
    for part in re.split(r"(\*\*.+?\*\*|\[\[.+?\]\]|##.+?##)", text):
        if not part:
            continue
        marked = part[:2] in ("**", "[[", "##")
        run = paragraph.add_run(part[2:-2] if marked else part)
        _thai_font(run._element.get_or_add_rPr(), SIZES.get(part[:2], SIZE_HALF_POINTS / 2), bold or marked)


def _members_table(document) -> None:
    """The members of a committee: a borderless table whose middle row repeats
    (docxtpl ``{%tr %}``), number / name and position / role, from 2.5 cm."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    widths = (Cm(1.0), Cm(7.25), Cm(5.25))  # the role at 10.75 cm, as docgen sets it
    table = document.add_table(rows=3, cols=3)
    table.autofit = False
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(round(2.5 / 2.54 * 1440)))
    indent.set(qn("w:type"), "dxa")
    properties = table._tbl.tblPr
    properties.insert(properties.index(properties.find(qn("w:tblLayout"))), indent)  # schema order
    for column, width in zip(table.columns, widths):
        column.width = width
    rows = (("{%tr for m in c.members %}", "", ""), ("{{ m.number }}.", "{{ m.text|thai_digits }}", "{{ m.role }}"),
            ("{%tr endfor %}", "", ""))
    for row, texts in zip(table.rows, rows):
        for cell, width, text in zip(row.cells, widths, texts):
            cell.width = width
            _runs(cell.paragraphs[0], text, False)


def sample_template(kind: str = "letter") -> bytes:
    """The sample template of ``kind`` (letter, memo, order, certification): A4, margins 3 cm left, 2 cm right."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    lines, tab, _, title = KINDS[kind]
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
    for text, alignment, indent, bold, after in lines:
        if text == MEMBERS:
            _members_table(document)
            continue
        paragraph = document.add_paragraph()
        paragraph.alignment = align[alignment]
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(-indent if indent < 0 else tab))
        if indent < 0:
            paragraph.paragraph_format.left_indent = Cm(-indent)
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(indent)
        if after:
            paragraph.paragraph_format.space_after = Pt(after)
        _runs(paragraph, text, bold)
    document.core_properties.title = title
    document.core_properties.author = "docgen"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main(paths: list[str]) -> None:
    """Write the sample templates (all four, or the ones named; the kind from the file name)."""
    by_path = {Path(path): kind for kind, (_, _, path, _) in KINDS.items()}
    targets = [Path(path) for path in paths] or list(by_path)
    for target in targets:
        kind = by_path.get(target) or next((k for k in KINDS if k in target.stem), "letter")
        target.write_bytes(sample_template(kind))
        print(target)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
