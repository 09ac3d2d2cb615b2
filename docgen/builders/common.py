"""Pieces shared by the builders of every kind: text, labels, signature.

>>> thai("ปี 2562 ที่ ebmn.cdd.co.th")
'ปี ๒๕๖๒ ที่ ebmn.cdd.co.th'
"""

from __future__ import annotations

from docgen import layout
from docgen.fonts import text_width
from docgen.model import Cell, Document, Group, Paragraph, Run, Table
from docgen.thai import thai_digits

NBSP = "\u00a0"


def thai(text: str) -> str:
    """Typeset running text: Thai digits outside e-mail, URLs and `literal` spans."""
    return thai_digits(text)


def runs(text: str, **style) -> list[Run]:
    return [Run(thai(text), **style)]


def label_indent(label: str) -> float:
    """Where a header field's value starts: the label's width plus a gap."""
    return text_width(label, layout.BODY_SIZE) + layout.FIELD_GAP


def field(label: str, value: str, role: str, hang: float | None = None) -> Paragraph:
    """A header field (เรื่อง, เรียน, อ้างถึง) whose wrapped lines align with the value."""
    hang = label_indent(label) if hang is None else hang
    return Paragraph(
        runs(value),
        role=role,
        align="left",
        left=hang,
        first=-hang,
        space_before=layout.SPACE_BEFORE,
        label=[Run(label)],
    )


def body(text: str, role: str = "body", first: float = layout.INDENT_FIRST_LINE) -> Paragraph:
    """A body paragraph: 2.5 cm first line, Thai distributed, 6 pt before."""
    return Paragraph(runs(text), role=role, first=first, space_before=layout.SPACE_BEFORE)


def numbered_body(blocks, bold_headings: bool = False) -> list[Paragraph]:
    """Paragraphs and numbered sections ("๑. heading", items "๑.๑", "๑.๑.๑",
    paragraphs), as letters and memos write them.  Digits become Thai."""
    from docgen.config.models import Item  # builders depend on config, not the reverse

    out: list[Paragraph] = []
    number = 0
    for block in blocks:
        if isinstance(block, str):
            out.append(body(block))
            continue
        number += 1
        heading = body(f"{number}. {block.heading}", role="section")
        if bold_headings:
            heading.runs = [Run(run.text, bold=True) for run in heading.runs]
        heading.keep_with_next = True
        out.append(heading)
        for sub, item in enumerate(block.items, start=1):
            item = item if isinstance(item, Item) else Item(text=item)
            out.append(body(f"{number}.{sub} {item.text}", role="item", first=layout.INDENT_LEVEL2))
            for subsub, text in enumerate(item.items, start=1):
                out.append(body(f"{number}.{sub}.{subsub} {text}", role="item", first=layout.INDENT_LEVEL3))
        out += [body(text) for text in block.paragraphs]
    return out


def centred_on(axis: float, text: str, role: str, space_before: float = 0.0) -> Paragraph:
    """A centred line whose centre sits ``axis`` pt from the left margin."""
    left = max(0.0, 2 * axis - layout.TEXT_WIDTH)
    right = max(0.0, layout.TEXT_WIDTH - 2 * axis)
    return Paragraph(runs(text), role=role, align="center", left=left, right=right, space_before=space_before)


def signature(closing: str | None, lines: list[str]) -> Group:
    """Closing, blank lines, (name), position lines: one block on one page (§17).

    Every line is centred on the centre of the closing, which starts at the
    date tab (7.5 cm).  Without a closing (memos, orders) the axis is the
    centre of a closing-sized line at the same place.
    """
    closing_width = text_width(closing or "ขอแสดงความนับถือ", layout.BODY_SIZE)
    axis = layout.DATE_TAB + closing_width / 2
    blocks: list[Paragraph] = []
    if closing:
        blocks.append(
            Paragraph(runs(closing), role="closing", align="left", left=layout.DATE_TAB,
                      space_before=layout.SPACE_BEFORE)
        )
    blocks += [Paragraph([], role="signature-space", align="left") for _ in range(layout.SIGNATURE_BLANK_LINES)]
    for index, line in enumerate(lines):
        blocks.append(centred_on(axis, line, "signer-name" if index == 0 else "signer-position"))
    for block in blocks[:-1]:
        block.keep_with_next = True
    return Group(blocks, role="signature")


def header_cells(labels: list[str]) -> list[Cell]:
    """A table's header row: bold, centred labels."""
    return [Cell([Run(thai(label), bold=True)], "center") for label in labels]


def titled_table(kind: str, title: list[str], table: Table, orientation: str, listed_as: str | None,
                 before: list[Paragraph] = (), after: list[Paragraph] = (), **marks) -> Document:
    """An enclosure that is a table (action plan, target households): centred bold
    title lines kept with what follows, notes ``before`` and a blank line above
    the table, notes ``after`` it.  No continuation markers: the header row,
    repeated on every page, carries the reader over.  ``marks``: speed, secrecy."""
    blocks: list = [Paragraph(runs(line, bold=True), role="title", align="center", keep_with_next=True)
                    for line in title]
    blocks += [*before, Paragraph([], role="spacer", align="left", keep_with_next=True), table, *after]
    text = " ".join(title)
    return Document(
        kind=kind,
        title=thai(text),
        blocks=blocks,
        orientation=orientation,
        continuation_markers=False,
        subject=thai(listed_as or text),
        meta={"listed_as": thai(listed_as or text)},
        **marks,
    )
