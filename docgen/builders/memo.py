"""Internal memo (หนังสือภายใน / บันทึกข้อความ), แบบที่ ๒, spec §10.

Parts in order: the 1.5 cm Garuda at the left margin with "บันทึกข้อความ"
(29 pt bold) centred on its line and the speed mark, if any, between them;
the header lines ส่วนราชการ, ที่ + วันที่, เรื่อง (20 pt bold labels, 16 pt
values, dotted leaders to the right margin, no rule); เรียน; the body
(paragraphs, numbered sections, or the headed parts เรื่องเดิม ... ข้อเสนอ);
the conclusion; the signature block.  No closing and no owner block.
"""

from __future__ import annotations

from pathlib import Path

from docgen import layout
from docgen.builders.common import NBSP, body, field, numbered_body, runs, signature, thai
from docgen.config.memo import MemoBundle, load_memo
from docgen.fonts import text_width
from docgen.model import Document, Emblem, FormField, FormLine, Paragraph, Run
from docgen.thai import thai_date, thai_phone

TITLE = "บันทึกข้อความ"


def documents(config: Path, options=None) -> list[tuple[str, Document]]:
    """The memo a configuration file describes, named after the file."""
    from docgen.register.numbering import keyed, numbered

    bundle, key = numbered(load_memo(config), options)
    return keyed([(Path(config).stem, build_memo(bundle))], key)


def build_memo(bundle: MemoBundle) -> Document:
    memo, org = bundle.memo, bundle.organisation
    number = memo.number_text(org.code)
    blocks: list = [
        _form_line(("ส่วนราชการ", unit_line(bundle), layout.TEXT_WIDTH)),
        _form_line(("ที่", number, layout.MEMO_DATE_AT), ("วันที่", thai_date(memo.date), layout.TEXT_WIDTH)),
        _form_line(("เรื่อง", memo.subject, layout.TEXT_WIDTH)),
        field(memo.salutation, memo.recipient, "salutation"),
    ]
    text = numbered_body(memo.body, bold_headings=True)
    text += _parts(memo, start=sum(p.role == "section" for p in text))
    if memo.conclusion:
        text.append(body(memo.conclusion, role="conclusion"))
    for paragraph in text[-2:]:  # the signature never stands alone on a page (§18)
        paragraph.keep_with_next = True
    blocks += text
    blocks.append(signature(None, bundle.signer.lines()))
    return Document(
        kind="memo",
        title=thai(memo.subject),
        blocks=blocks,
        emblem=Emblem(bundle.emblem, layout.MEMO_GARUDA_HEIGHT, layout.GARUDA_TOP, align="margin-left"),
        speed=memo.speed,
        secrecy=memo.secrecy,
        masthead_title=[Run(TITLE, bold=True, size=layout.MEMO_TITLE_SIZE)],
        author=org.name,
        font_family=org.font,
        subject=thai(f"ที่ {number}"),
        date_iso=memo.date.isoformat(),
        meta={"warnings": "\n".join(bundle.warnings)} if bundle.warnings else {},
    )


def unit_line(bundle: MemoBundle) -> str:
    """ส่วนราชการ: the owning unit, its phone and (if given) e-mail."""
    memo, owner = bundle.memo, bundle.organisation.owner
    unit = memo.unit or " ".join(part for part in (owner.office, owner.unit) if part)
    phone = memo.phone or owner.phone
    if phone:  # never broken across lines
        unit += " " + f"โทร. {thai_phone(phone)}".replace(" ", NBSP)
    if memo.email:
        unit += f" ไปรษณีย์อิเล็กทรอนิกส์ {memo.email}"
    return unit


def _form_line(*fields: tuple[str, str, float]) -> FormLine:
    """Header fields side by side: (label, value, where its leader ends)."""
    out = []
    for label, value, end in fields:
        indent = text_width(label, layout.MEMO_LABEL_SIZE, bold=True) + layout.FIELD_GAP
        out.append(FormField([Run(label, bold=True, size=layout.MEMO_LABEL_SIZE)], runs(value), indent, end))
    return FormLine(out, role="memo-header")


def _heading(text: str) -> Paragraph:
    heading = body(text, role="section")
    heading.runs = [Run(run.text, bold=True) for run in heading.runs]
    heading.keep_with_next = True
    return heading


def _parts(memo, start: int) -> list[Paragraph]:
    """เรื่องเดิม / ข้อเท็จจริง / ข้อกฎหมาย / ข้อพิจารณา / ข้อเสนอ, numbered as given."""
    out: list[Paragraph] = []
    for number, (heading, paragraphs) in enumerate(memo.sections.parts() if memo.sections else [], start=start + 1):
        out.append(_heading(f"{number}. {heading}"))
        out += [body(text) for text in paragraphs]
    return out
