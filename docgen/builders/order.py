"""Appointment order (คำสั่ง), แบบที่ ๔, spec §12.

Parts in order: Garuda (3 cm); three centred title lines, bold (คำสั่ง<issuer>,
ที่ <n>/<BE year>, เรื่อง <subject>: a wrapped subject stays centred); a
short centred rule; the preamble (reason, legal authority, "จึงแต่งตั้ง...
ประกอบด้วย"); the members of each committee; the duties ("ให้คณะทำงานมี
อำนาจหน้าที่ ดังนี้" and ๑. ๒. ...); further paragraphs (budget...);
"ทั้งนี้ ตั้งแต่..."; after one blank line "สั่ง ณ วันที่ ... พ.ศ. ..." at
7.5 cm; the signature block (no closing), kept on one page with the date line.

Members are a borderless :class:`~docgen.model.Table`, one row per member:
the number at 2.5 cm (๑.; ๑.๑ at 3.0 cm when the order appoints several
committees, whose headings are then numbered ๑., ๒.), the name and/or
position, and the role in a column of its own starting at ``role_x`` (11.5
cm, or less so that the longest role fits on one line in Word too).  Both
writers keep a row on one page, so a role never ends up on another page than
its name; a long position wraps inside its column.
"""

from __future__ import annotations

import math
from pathlib import Path

from docgen import layout
from docgen.builders.common import NBSP, body, runs, signature, thai
from docgen.config.orders import FAMILY_NAMES, Committee, OrderBundle, family_of, load_orders
from docgen.fonts import text_width
from docgen.model import Cell, Document, Emblem, Paragraph, Table
from docgen.thai import thai_date

# The separator under the title lines: a centred rule about 4 cm long, typed
# as underscores so that it is plain text in both writers (no drawing object
# in the DOCX, no CSS border in the PDF) and a clerk can delete or retype it.
SEPARATOR = "_" * 20
ROLE_TAB = layout.cm(11.5)  # where the role column starts, at most (spec §12: ≈ 11-12 cm)
# Room the role cell needs beyond the widest role: Word's default cell margins
# (0.19 cm each side) minus the PDF's padding the column widths allow for.
ROLE_SLACK = layout.cm(0.4)
NUMBER_GAP = layout.cm(0.2)  # at least this much between "๑๐." and the name
GUTTER = layout.cm(0.3)  # an empty column: a long position never runs up to its role
QUARTER = layout.cm(0.25)  # tab positions are rounded to quarter centimetres
NOW = "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"


def documents(config: Path, options=None) -> list[tuple[str, Document]]:
    """One order, named after the file; or one per district, ``order-<code>-<name>``."""
    from docgen.register.numbering import keyed, order_number

    out = []
    for bundle in load_orders(config):  # every order is checked before a number is taken
        bundle, key = order_number(bundle, options)  # number: auto
        out += keyed([(bundle.name, build_order(bundle))], key)
    return out


def build_order(order: OrderBundle) -> Document:
    number = f"{order.number}/{order.year}"
    blocks: list = [
        _title(f"คำสั่ง{order.issuer}", "order-title", order.bold_titles),
        _title(f"ที่ {number}", "order-number", order.bold_titles),
        _title(f"เรื่อง {order.subject}", "order-subject", order.bold_titles),
        Paragraph(runs(SEPARATOR), role="order-rule", align="center"),
    ]
    preamble = [body(text, role="preamble") for text in order.preamble]
    preamble[-1].keep_with_next = True  # "... ประกอบด้วย" stays with the first member
    blocks += preamble
    blocks += _committees(order.committees)
    text: list[Paragraph] = []
    if order.duties:
        intro = order.duties_intro or default_duties_intro(order.committees)
        text.append(body(intro, role="duties-intro"))
        text[-1].keep_with_next = True
        text += [body(f"{index}. {duty}", role="duty") for index, duty in enumerate(order.duties, start=1)]
    text += [body(paragraph) for paragraph in order.paragraphs]
    if order.effective is None:
        text.append(body(NOW, role="effective"))
    else:
        when = thai_date(order.effective).replace(" ", NBSP)
        text.append(body(f"ทั้งนี้ ตั้งแต่วันที่ {when} เป็นต้นไป", role="effective"))
    # The signature never stands alone on the last page (§18): the last two
    # paragraphs before it keep with it.
    for paragraph in text[-2:]:
        paragraph.keep_with_next = True
    blocks += text
    blocks.append(_signed(order))
    listed_as = thai(order.listed_as or f"คำสั่ง{order.subject}")
    meta = {"listed_as": listed_as}
    if order.warnings:
        meta["warnings"] = "\n".join(order.warnings)
    return Document(
        kind="order",
        title=thai(f"คำสั่ง{order.issuer} เรื่อง {order.subject}"),
        blocks=blocks,
        emblem=Emblem(order.emblem, layout.GARUDA_HEIGHT, layout.GARUDA_TOP),
        author=order.issuer,
        font_family=order.font,
        subject=thai(f"ที่ {number}"),
        date_iso=order.date.isoformat(),
        meta=meta,
        speed=order.speed,
        secrecy=order.secrecy,
    )


def _title(text: str, role: str, bold: bool) -> Paragraph:
    return Paragraph(runs(text, bold=bold), role=role, align="center", keep_with_next=True)


def default_duties_intro(committees: list[Committee]) -> str:
    families = family_of(committees) or {"board"}
    who = "และ".join(FAMILY_NAMES[f] for f in ("board", "team") if f in families)
    return f"ให้{who}มีอำนาจหน้าที่ ดังนี้"


def _signed(order: OrderBundle):
    """"สั่ง ณ วันที่ ..." after one blank line, at 7.5 cm, in one block with the signature."""
    group = signature(None, order.signer_lines)
    dated = Paragraph(
        runs(f"สั่ง ณ วันที่ {thai_date(order.date, 'full_be').replace(' ', NBSP)}"),
        role="order-date", align="left", left=layout.DATE_TAB,
        space_before=layout.LINE_PITCH, keep_with_next=True,
    )
    group.blocks.insert(0, dated)
    return group


def _up(value: float) -> float:
    return math.ceil(value / QUARTER - 1e-9) * QUARTER


def _down(value: float) -> float:
    return math.floor(value / QUARTER + 1e-9) * QUARTER


def _committees(committees: list[Committee]) -> list:
    """Headings (numbered when there are several) and one member table each,
    on one grid: every table has the same number, name and role columns."""
    several = len(committees) > 1
    labels = [
        [thai(f"{c}.{m}" if several else f"{m}.") for m in range(1, len(k.members) + 1)]
        for c, k in enumerate(committees, start=1)
    ]
    number_x = layout.INDENT_LEVEL2 if several else layout.INDENT_FIRST_LINE
    widest_label = max(text_width(label, layout.BODY_SIZE) for group in labels for label in group)
    name_x = number_x + max(layout.cm(0.75), _up(widest_label + NUMBER_GAP))
    widest_role = max(text_width(m.role, layout.BODY_SIZE) for c in committees for m in c.members)
    role_x = min(ROLE_TAB, _down(layout.TEXT_WIDTH - widest_role - ROLE_SLACK))
    # The PDF pads every cell by CELL_PADDING_X: a column starts that much
    # before its text, and the last one ends that much after the margin's edge
    # minus its padding, so the widths add up to the text width.
    pad = layout.CELL_PADDING_X
    columns = [number_x - pad, name_x - number_x, role_x - name_x - GUTTER, GUTTER,
               layout.TEXT_WIDTH - role_x + pad]
    out: list = []
    for index, (committee, numbers) in enumerate(zip(committees, labels), start=1):
        if committee.heading:
            heading = body(f"{index}. {committee.heading}" if several else committee.heading, role="committee")
            heading.keep_with_next = True
            out.append(heading)
        rows = [
            [
                Cell([]),
                Cell(runs(label)),
                Cell(runs(" ".join(part for part in (member.name, member.position) if part))),
                Cell([]),
                Cell(runs(member.role)),
            ]
            for label, member in zip(numbers, committee.members)
        ]
        out.append(Table(columns=columns, rows=rows, role="members", borders=False))
    return out


__all__ = ["documents", "build_order"]
