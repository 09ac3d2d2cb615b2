"""The neutral view of a document that the rules read, whatever the file format.

A reader (:mod:`~docgen.standard.read_pdf`, :mod:`~docgen.standard.read_docx`)
turns a file into one :class:`View`: its text as :class:`Line` objects in
reading order (a PDF line as laid out, or a DOCX paragraph), the pages (PDF)
or sections (DOCX), and the images.  A PDF may hold several documents (a
package: the letter, then its enclosures); the view splits it into
:class:`Doc` parts, each with the kind read from its text (:func:`detect_kind`).

All measures are in points, from the left and the top edge of the page.

>>> detect_kind(["ที่ ลบ ๐๐๑๙/ว ๔๘๕๒", "เรื่อง ทดสอบ", "เรียน นายอำเภอ", "ขอแสดงความนับถือ"])
'letter'
>>> detect_kind(["บันทึกข้อความ", "ส่วนราชการ ..."])
'memo'
>>> detect_kind(["คำสั่งจังหวัดลพบุรี", "ที่ ๑/๒๕๖๒", "สั่ง ณ วันที่ ๑ มกราคม พ.ศ. ๒๕๖๒"])
'order'
>>> detect_kind(["แผนปฏิบัติการ", "ที่ กิจกรรม"])
'other'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MM = 72 / 25.4  # points per millimetre


@dataclass
class RunView:
    """A DOCX run with its properties resolved through the styles."""

    text: str
    fonts: dict[str, str]  # slot (ascii, hAnsi, cs, eastAsia) -> font name
    size: float | None  # w:sz, points
    size_cs: float | None  # w:szCs, points
    bold: bool = False
    color: str | None = None


@dataclass
class Line:
    """A line of a PDF page, or a DOCX paragraph (``paragraph`` set)."""

    text: str
    page: int | None = None  # 1-based, PDF
    x0: float | None = None
    x1: float | None = None
    top: float | None = None
    bottom: float | None = None
    sizes: tuple[float, ...] = ()  # PDF: the sizes of its glyphs, most used first
    fonts: tuple[str, ...] = ()  # PDF: base font names (subset prefix removed)
    colors: tuple[tuple, ...] = ()  # PDF: fill colours of its glyphs
    segments: tuple[tuple[str, float, tuple], ...] = ()  # PDF: (text, size, colour) of each stretch of one style
    paragraph: int | None = None  # DOCX: 1-based among the paragraphs of the main text
    section: int | None = None  # DOCX: 1-based
    part: str = "body"  # DOCX: body, header or footer
    in_table: bool = False
    align: str | None = None  # DOCX w:jc (None: left)
    left: float = 0.0  # DOCX indents from the margin, points
    first: float = 0.0  # first-line offset from ``left`` (negative: hanging)
    space_before: float = 0.0
    line_spacing: tuple[float, str] | None = None  # (w:line, w:lineRule)
    runs: list[RunView] = field(default_factory=list)
    tabs: int = 0  # DOCX: tab characters in the paragraph

    @property
    def size(self) -> float | None:
        return self.sizes[0] if self.sizes else None


@dataclass
class Image:
    page: int | None  # PDF page; DOCX: None
    x0: float | None  # from the left edge (PDF), or the anchor offset (DOCX, when known)
    top: float | None
    width: float
    height: float
    pixels: tuple[int, int] | None = None  # source size, for the aspect ratio
    part: str = ""  # DOCX: the part holding it, e.g. "header (first page)"
    section: int | None = None


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    images: list[Image]
    fonts: dict[str, bool]  # font name -> embedded

    def body(self) -> list[Line]:
        """The lines without the page number and continuation marker."""
        return [line for line in self.lines if not (is_page_number(line) or is_marker(line))]


@dataclass
class Section:
    """A DOCX section: page size, margins (points) and its headers."""

    index: int
    width: float | None
    height: float | None
    margins: dict[str, float]
    title_page: bool  # w:titlePg: page 1 has its own header
    number_format: str | None  # w:pgNumType w:fmt
    headers: dict[str, "HeaderPart"]  # "default", "first", "even" (footers too, keyed "footer:...")


@dataclass
class HeaderPart:
    name: str
    text: str
    page_field: bool
    images: list[Image]


@dataclass
class Doc:
    """One document of a file: a letter, a memo, an order, a certification or other."""

    format: str  # "pdf" or "docx"
    kind: str
    lines: list[Line]
    pages: list[Page] = field(default_factory=list)  # PDF
    sections: list[Section] = field(default_factory=list)  # DOCX
    images: list[Image] = field(default_factory=list)
    estimated_pages: int | None = None  # DOCX: from the amount of text
    header_texts: list[str] = field(default_factory=list)  # DOCX: text of the first-page header

    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


@dataclass
class View:
    path: str
    format: str
    docs: list[Doc]

    @property
    def kind(self) -> str:
        kinds = list(dict.fromkeys(doc.kind for doc in self.docs))
        return kinds[0] if len(kinds) == 1 else "package"


_PAGE_NUMBER = re.compile(r"^-\s*([0-9๐-๙]+)\s*-$")
_MARKER = re.compile(r"^/\S.*\.\.\.$")


def page_number(text: str) -> str | None:
    """The number of a "- n -" line, else None.

    >>> page_number("- ๒ -"), page_number("- 2 -"), page_number("ที่ ๒")
    ('๒', '2', None)
    """
    found = _PAGE_NUMBER.match(text.strip())
    return found.group(1) if found else None


def is_page_number(line: Line) -> bool:
    return page_number(line.text) is not None and (line.top is None or line.top < 72)


def is_marker(line: Line) -> bool:
    """A continuation marker "/<first words of the next page>..." (§18)."""
    return bool(_MARKER.match(line.text.strip()))


SALUTATIONS = ("กราบเรียน", "เรียน", "นมัสการ")
CLOSINGS = ("ขอแสดงความนับถืออย่างยิ่ง", "ขอแสดงความนับถือ", "ขอนมัสการด้วยความเคารพอย่างยิ่ง",
            "ขอนมัสการด้วยความเคารพอย่างสูง", "ขอนมัสการด้วยความเคารพ")


def detect_kind(texts: list[str]) -> str:
    """letter, memo, order, certification or other, from a document's lines."""
    head = [t.strip() for t in texts[:12]]
    if any("บันทึกข้อความ" in t.replace(" ", "") for t in head[:3]):
        return "memo"
    if any(t.startswith("คำสั่ง") for t in head[:4]) and any("สั่ง ณ วันที่" in t for t in texts):
        return "order"
    if any(t.startswith("ให้ไว้ ณ วันที่") for t in texts) or any(t.startswith(("หนังสือรับรอง", "เลขที่"))
                                                                for t in head[:4]):
        return "certification"
    numbered = any(t.startswith("ที่ ") for t in head)
    saluted = any(t.startswith(SALUTATIONS) for t in texts)
    closed = any(t.strip() in CLOSINGS for t in texts)
    if saluted and (numbered or closed):
        return "letter"
    return "other"
