"""The document model: what both writers render.

A builder (``docgen.builders``) turns a validated configuration into one
:class:`Document`; the DOCX and PDF writers read nothing else.  The model is
already "typeset" in the sense that matters to a Thai clerk: digits are Thai,
dates are Buddhist Era, positions are in points from the left margin (see
``docgen.layout``).  It carries no I/O and no format-specific detail.

>>> doc = Document(kind="letter", title="ทดสอบ", blocks=[
...     Paragraph([Run("ด้วย...")], role="body", first=70.87, space_before=6)])
>>> doc.blocks[0].text
'ด้วย...'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Union

Align = Literal["left", "center", "right", "distribute"]


@dataclass(frozen=True)
class Run:
    """A piece of text with one set of character properties."""

    text: str
    bold: bool = False
    size: float | None = None  # None: the body size
    color: str | None = None  # "FF0000" for speed and secrecy marks


@dataclass
class Paragraph:
    """One paragraph.

    ``left``/``right`` are indents from the margins and ``first`` is the
    first-line offset from ``left`` (negative for a hanging indent), all in
    points.  A ``label`` (เรื่อง, เรียน, สิ่งที่ส่งมาด้วย) is set at
    ``left + first`` and the text starts at ``left``, so wrapped lines align
    with the value.  A ``trailer`` ("จำนวน ๑ ชุด") is set flush right.
    ``tab`` puts the text's start at that position on the first line (the
    address block beside "ที่", the date line).
    """

    runs: list[Run]
    role: str = "body"
    align: Align = "distribute"
    left: float = 0.0
    right: float = 0.0
    first: float = 0.0
    space_before: float = 0.0
    keep_with_next: bool = False
    label: list[Run] | None = None
    trailer: list[Run] | None = None

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Columns:
    """Two blocks side by side whose first lines share a baseline.

    Used for "ที่ ..." on the left and the agency's address block on the
    right (external letters, §9): ``right`` lines are left-aligned to each
    other and start at ``right_x`` points from the left margin.
    """

    left: list[Run]
    right: list[list[Run]]
    right_x: float
    role: str = "number-address"
    space_before: float = 0.0


@dataclass
class Group:
    """Blocks that must stay on one page (the signature block, §17)."""

    blocks: list[Paragraph]
    role: str = "group"


@dataclass
class Cell:
    runs: list[Run]
    align: Align = "left"


@dataclass
class Table:
    """A ruled table (action plan, distribution list) or a borderless grid
    (the members of a committee).  Rows never split across pages; the header
    row, if any, repeats on every page."""

    columns: list[float]  # widths in pt; they add up to the text width
    rows: list[list[Cell]]
    header: list[Cell] | None = None
    role: str = "table"
    borders: bool = True
    keep_with_next: bool = False


@dataclass
class FormField:
    """One field of a form line: a bold ``label``, its ``value`` starting
    ``indent`` pt after the field's start, then a dotted leader (จุดไข่ปลา)
    from the end of the value to ``end`` pt from the left margin."""

    label: list[Run]
    value: list[Run]
    indent: float  # label width + gap: wrapped value lines start here too
    end: float


@dataclass
class FormLine:
    """A line of a form's header (memo: ส่วนราชการ; ที่ + วันที่; เรื่อง, §10).

    Fields stand side by side, each starting where the previous one's leader
    ends.  A value too long for its field wraps under its own start (hanging
    indent) and the leader follows its last line.  Dots, never a rule.
    """

    fields: list[FormField]
    role: str = "form-line"
    space_before: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(f"{''.join(r.text for r in f.label)} {''.join(r.text for r in f.value)}" for f in self.fields)


Block = Union[Paragraph, Columns, Group, Table, FormLine]
Orientation = Literal["portrait", "landscape"]
SPEED_MARKS = ("ด่วนที่สุด", "ด่วนมาก", "ด่วน")
SECRECY_MARKS = ("ลับที่สุด", "ลับมาก", "ลับ")


@dataclass(frozen=True)
class Emblem:
    """The Garuda on page 1: ``height`` pt tall, ``top`` pt from the top edge."""

    path: Path
    height: float
    top: float
    align: Literal["page-center", "margin-left"] = "page-center"


@dataclass
class Document:
    """A whole document, ready for a writer."""

    kind: str
    title: str
    blocks: list[Block]
    emblem: Emblem | None = None
    orientation: Orientation = "portrait"
    speed: str | None = None  # ด่วนที่สุด / ด่วนมาก / ด่วน (+ ด่วนภายใน ...): red, page 1, top left (§8)
    secrecy: str | None = None  # ลับที่สุด / ลับมาก / ลับ: red, top and bottom of every page (§8)
    page_numbers: bool = True  # "- ๒ -" from page 2 (§18)
    continuation_markers: bool = True  # "/<next word>..." (§18), PDF only
    font_family: str = "TH SarabunPSK"
    author: str = ""
    subject: str = ""
    date_iso: str = ""  # the document's own date, for reproducible metadata
    meta: dict[str, str] = field(default_factory=dict)  # e.g. {"status": "verified"}, for run summaries
    # Set centred on the Garuda's line, exactly layout.MEMO_TITLE_LINE tall
    # (memos: "บันทึกข้อความ", §10); the speed mark then stands between them.
    masthead_title: list[Run] | None = None

    @property
    def page_size(self) -> tuple[float, float]:
        from docgen import layout

        return layout.page_size(self.orientation)

    @property
    def text_width(self) -> float:
        from docgen import layout

        return layout.text_width(self.orientation)

    def paragraphs(self) -> list[Paragraph]:
        """All paragraphs in reading order (groups flattened)."""
        out: list[Paragraph] = []
        for block in self.blocks:
            if isinstance(block, Group):
                out.extend(block.blocks)
            elif isinstance(block, Paragraph):
                out.append(block)
        return out
