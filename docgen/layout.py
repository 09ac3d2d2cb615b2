"""Layout constants shared by the DOCX and PDF writers.

Every measure of the page lives here, once, in points (1 cm = 28.3465 pt).
The writers convert to their own units (twips/EMU for DOCX, CSS pt for PDF).
Sources: ``thai-official-documents.md`` §2, §4, §9, §17, §18 (OPM typing
standard, tagged [T]; common practice, tagged [P]).

>>> round(cm(2.5), 2)
70.87
>>> round(TEXT_WIDTH / CM, 3)
16.0
"""

from __future__ import annotations

CM = 72 / 2.54  # points per centimetre


def cm(value: float) -> float:
    """Centimetres to points."""
    return value * CM


# Page (A4 portrait) and margins, §2.
PAGE_WIDTH = 595.28
PAGE_HEIGHT = 841.89
MARGIN_LEFT = cm(3.0)
MARGIN_RIGHT = cm(2.0)
MARGIN_TOP = cm(2.5)  # page 2 and later; page 1 starts below the Garuda
MARGIN_BOTTOM = cm(2.0)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 16 cm


def page_size(orientation: str = "portrait") -> tuple[float, float]:
    """(width, height) of an A4 page; landscape keeps the same margins."""
    return (PAGE_HEIGHT, PAGE_WIDTH) if orientation == "landscape" else (PAGE_WIDTH, PAGE_HEIGHT)


def text_width(orientation: str = "portrait") -> float:
    return page_size(orientation)[0] - MARGIN_LEFT - MARGIN_RIGHT

# Type, §2.  The DOCX names TH SarabunPSK; the PDF embeds a metric-compatible
# font (docgen/fonts), so 16 pt sets the same line in both.
FONT_FAMILY = "TH SarabunPSK"
BODY_SIZE = 16.0
MARK_SIZE = 32.0  # speed and secrecy marks, red
MARK_COLOR = "FF0000"
SPACE_BEFORE = 6.0  # "1 Enter + Before 6 pt" on each paragraph and item
# Single line spacing, as a multiple of the font size.  Calibrated so that the
# reference circular breaks page 1 where the printed original does (after
# "...ระดับองค์กรปกครองส่วนท้องถิ่น", marker "/ส่งอำเภอ...", spec §2a): any value
# from 0.906 to 0.9375 does; this is the middle.  The shipped fonts carry the
# same vertical metrics (tools/derive_fonts.py), so "single" spacing in a word
# processor using them gives this pitch too.
LINE_HEIGHT_EM = 1390 / 1503
LINE_PITCH = BODY_SIZE * LINE_HEIGHT_EM  # 14.8 pt

# Horizontal grid, measured from the left margin, §4.
INDENT_FIRST_LINE = cm(2.5)  # paragraphs and level-1 item numbers
INDENT_LEVEL2 = cm(3.0)  # "๑.๑" items (§4: 3.0-3.5 cm)
INDENT_LEVEL3 = cm(3.75)  # "๑.๑.๑" items
DATE_TAB = cm(7.5)  # date line and closing (คำลงท้าย) start here
FIELD_GAP = cm(0.25)  # between a header label and its value

# Garuda, §5 and §11: height of the figure, placed 1.5 cm from the top edge,
# centred on the paper (not on the text block), on page 1 only.
GARUDA_HEIGHT = cm(3.0)
GARUDA_TOP = cm(1.5)
GARUDA_GAP_BELOW = cm(0.3)  # from the Garuda to the ที่ line

# Memo (บันทึกข้อความ), §2 and §10, after the memo paper (แบบที่ ๒๙): a 1.5 cm
# Garuda at the left margin, GARUDA_TOP from the top edge; the title centred
# on its line, its baseline on the Garuda's foot; header labels with dotted
# leaders to the right margin, no rule.
MEMO_GARUDA_HEIGHT = cm(1.5)
MEMO_TITLE_SIZE = 29.0  # บันทึกข้อความ, bold
MEMO_TITLE_LINE = 35.0  # its line height, exactly
MEMO_LABEL_SIZE = 20.0  # ส่วนราชการ, ที่, วันที่, เรื่อง: bold
MEMO_DATE_AT = cm(8.0)  # "วันที่" starts here [P]; the ที่ leader ends here
# Word and LibreOffice set the baseline of a line of exact height at 80 % of it.
EXACT_LINE_ASCENT = 0.8
LEADER_DOT = 1.1  # diameter of the leader's dots in the PDF (a 16 pt period's)
LEADER_PITCH = 2.6  # their spacing: the advance of a 16 pt period, as in a dotted tab
LEADER_GAP = 2.0  # between a value and its leader, and a leader and the next label

# Signature block, §17: blank lines left for the hand or electronic signature.
SIGNATURE_BLANK_LINES = 3

# Page number "- ๒ -" at the top of pages 2+, §18.
PAGE_NUMBER_TOP = cm(1.5)
# Secrecy marks sit this far from the top and bottom edges of every page, §8.
SECRECY_EDGE = cm(0.5)

# Tables (action plans): cell padding and rule weight.
CELL_PADDING_X = cm(0.1)
CELL_PADDING_Y = 1.0
RULE_WIDTH = 0.5
