"""External letter and circular (หนังสือภายนอก / หนังสือเวียน), แบบที่ ๑, spec §9.

Parts in order: Garuda; ที่ with the agency's address block on the right; the
date from the centre; เรื่อง; เรียน; อ้างถึง and สิ่งที่ส่งมาด้วย (if any);
the body (paragraphs, numbered sections ๑. and items ๑.๑); the conclusion;
the closing and signature block; the owning office with its contact lines;
the agency's motto (if given).
"""

from __future__ import annotations

from pathlib import Path

from docgen import layout
from docgen.builders.common import NBSP, body, field, label_indent, numbered_body, runs, signature, thai
from docgen.config import LetterBundle, load_letter
from docgen.config.models import Owner
from docgen.register.numbering import keyed, numbered
from docgen.fonts import text_width
from docgen.model import Columns, Document, Emblem, Paragraph, Run
from docgen.thai import parse_iso_date, thai_date, thai_phone

ENCLOSURE_LABEL = "สิ่งที่ส่งมาด้วย"
REFERENCE_LABEL = "อ้างถึง"


def documents(config: Path, options=None) -> list[tuple[str, Document]]:
    """The letter a configuration file describes, named after the file; with
    a list of recipients, one addressed copy each (``<name>-01`` ...) and, if
    asked, the distribution list (``<name>-distribution``)."""
    bundle, key = numbered(load_letter(config), options)  # number: auto
    stem = Path(config).stem
    letter = bundle.letter
    if not letter.recipients:
        return keyed([(stem, build_letter(bundle))], key)
    out = [(f"{stem}-{n:02d}", build_letter(bundle, recipient)) for n, recipient in enumerate(letter.recipients, 1)]
    if letter.distribution_list:
        out.append((f"{stem}-distribution", build_distribution_list(bundle)))
    return keyed(out, key)


def build_distribution_list(bundle: LetterBundle) -> Document:
    """บัญชีแจกจ่าย: who receives the letter, numbered, on a page of its own."""
    letter = bundle.letter
    number = letter.number_text(bundle.organisation.code)
    blocks = [
        Paragraph(runs("บัญชีแจกจ่าย", bold=True), role="title", align="center"),
        Paragraph(runs(f"แนบท้ายหนังสือ{bundle.organisation.name} ที่ {number} ลงวันที่ {thai_date(letter.date)}"),
                  role="subtitle", align="center"),
    ]
    blocks += [
        Paragraph(runs(f"{n}. {recipient}"), role="recipient", align="left", left=layout.INDENT_FIRST_LINE,
                  space_before=layout.SPACE_BEFORE if n == 1 else 0.0)
        for n, recipient in enumerate(letter.recipients, 1)
    ]
    return Document(kind="distribution", title="บัญชีแจกจ่าย", blocks=blocks, author=bundle.organisation.name,
                    date_iso=letter.date.isoformat(), font_family=bundle.organisation.font)


def build_letter(bundle: LetterBundle, recipient: str | None = None) -> Document:
    letter, org = bundle.letter, bundle.organisation
    number = letter.number_text(org.code)
    address = list(org.address)
    if org.postal_code:
        address[-1] = f"{address[-1]} {org.postal_code}"
    blocks: list = [_number_and_address(number, address)]
    blocks.append(
        Paragraph(runs(thai_date(letter.date)), role="date", align="left", left=layout.DATE_TAB)
    )
    blocks.append(field("เรื่อง", letter.subject, "subject"))
    blocks.append(field(letter.salutation, recipient or letter.recipient, "salutation"))
    blocks += _listed(REFERENCE_LABEL, letter.references, "reference")
    blocks += _enclosures([(t, e.quantity) for t, e in zip(bundle.enclosure_titles, letter.enclosures)])
    text = numbered_body(letter.body)
    if letter.conclusion:
        text.append(body(letter.conclusion, role="conclusion"))
    # The signature never stands alone on the last page (§18): the last two
    # body paragraphs keep with it, so at least their last lines (widows: 2)
    # move with it.
    for paragraph in text[-2:]:
        paragraph.keep_with_next = True
    blocks += text
    blocks.append(signature(letter.closing_text, bundle.signer.lines()))
    blocks += _owner_block(org.owner)
    if org.motto:
        blocks.append(
            Paragraph(runs(org.motto), role="motto", align="center", space_before=2 * layout.LINE_PITCH)
        )
    return Document(
        kind="letter",
        title=thai(letter.subject),
        blocks=blocks,
        emblem=Emblem(bundle.emblem, layout.GARUDA_HEIGHT, layout.GARUDA_TOP),
        author=org.name,
        font_family=org.font,
        subject=thai(f"ที่ {number}"),
        date_iso=letter.date.isoformat(),
        speed=_speed(letter),
        secrecy=letter.secrecy,
        meta={"warnings": "\n".join(bundle.warnings)} if bundle.warnings else {},
    )


def _speed(letter) -> str | None:
    """ด่วนที่สุด, or "ด่วนภายใน <date> <time>" when a delivery deadline is given (§8)."""
    if letter.deliver_by:
        day, _, time = letter.deliver_by.partition(" ")
        return thai(f"ด่วนภายใน {thai_date(parse_iso_date(day))} {time}".strip())
    return letter.speed


def _number_and_address(number: str, address: list[str]) -> Columns:
    lines = [thai(line) for line in address]
    widest = max(text_width(line, layout.BODY_SIZE) for line in lines)
    return Columns(
        left=[Run(thai(f"ที่ {number}"))],
        right=[[Run(line)] for line in lines],
        right_x=layout.TEXT_WIDTH - widest,
    )


def _listed(label: str, values: list[str], role: str) -> list[Paragraph]:
    """อ้างถึง: one value after the label, or numbered values in a column."""
    if not values:
        return []
    if len(values) == 1:
        return [field(label, values[0], role)]
    return _enclosures([(value, None) for value in values], label=label, role=role)


def _enclosures(items: list[tuple[str, str | None]], label: str = ENCLOSURE_LABEL,
                role: str = "enclosure") -> list[Paragraph]:
    """สิ่งที่ส่งมาด้วย: numbered titles in one column, quantities flush right."""
    if not items:
        return []
    hang = label_indent(label)
    out = []
    for index, (title, quantity) in enumerate(items, start=1):
        text = f"{index}. {title}" if len(items) > 1 else title
        paragraph = field(label if index == 1 else "", text, role, hang=hang)
        if index > 1:  # the label column stays empty; the number column continues
            paragraph.space_before = 0.0
            paragraph.label = None
            paragraph.first = 0.0
        if quantity:
            paragraph.trailer = [Run(thai(f"จำนวน{NBSP}{quantity.replace(' ', NBSP)}"))]
        out.append(paragraph)
    return out


def _owner_block(owner: Owner) -> list[Paragraph]:
    """ส่วนราชการเจ้าของเรื่อง and how to reach it, at the foot, flush left."""
    lines = [owner.office]
    if owner.unit:
        lines.append(owner.unit)
    if owner.phone and owner.phone == owner.fax:
        lines.append(f"โทร/โทรสาร {thai_phone(owner.phone)}")
    else:
        if owner.phone:
            lines.append(f"โทร. {thai_phone(owner.phone)}")
        if owner.fax:
            lines.append(f"โทรสาร {thai_phone(owner.fax)}")
    if owner.email:
        lines.append(f"ไปรษณีย์อิเล็กทรอนิกส์ {owner.email}")
    if owner.url:
        lines.append(owner.url)
    if owner.responsible:
        who = f"ผู้รับผิดชอบ {owner.responsible.name}"
        if owner.responsible.phone:
            who += f" {thai_phone(owner.responsible.phone)}"
        lines.append(who)
    out = [Paragraph(runs(line), role="owner", align="left") for line in lines]
    out[0].space_before = layout.LINE_PITCH
    return out
