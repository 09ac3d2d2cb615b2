"""Data-quality certifications (คำรับรองคุณภาพข้อมูล จปฐ. / กชช.๒ค), laid out as a
หนังสือรับรอง (แบบที่ ๑๐, spec §15).

Parts in order: Garuda (3 cm, centred); the number on the left ("เลขที่ ๑/๒๕๖๒" by
default, or "ที่ <code>/<n>") with the issuing unit on the right on the same
baseline; the centred title; a red "ตัวอย่าง" line when the figures are sample
values; the statement ("หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า ...", 2.5 cm first
line) and further paragraphs; "ให้ไว้ ณ วันที่ ..." from 7.5 cm; one signature
block, or two when countersigned, each kept whole on one page.

One config gives one document per unit in scope, named
``<prefix>-<province>[-<district>][-<LAO code>]`` (``cert-jpt-16-1601-160101-sao``),
so the files sort by province, district and tambon.
"""

from __future__ import annotations

import re
from pathlib import Path

from docgen import layout
from docgen.builders.common import NBSP, body, runs, signature, thai
from docgen.config.certification import Certificate, load_certification
from docgen.fonts import text_width
from docgen.model import Columns, Document, Emblem, Paragraph, Run

SAMPLE_NOTE = "ตัวอย่าง: ตัวเลขในหนังสือฉบับนี้เป็นตัวเลขสมมุติ มิใช่ข้อมูลทางราชการ"
RED = "FF0000"
ISSUER_SLACK = 0.2  # pt

# A number stays with its unit, and ร้อยละ with its number (spec §3).
_COUNT = re.compile(r"([0-9๐-๙][0-9๐-๙,.]*) (ครัวเรือน|หมู่บ้าน)")
_PERCENT = re.compile(r"ร้อยละ ([0-9๐-๙])")


def documents(config: Path, options=None) -> list[tuple[str, Document]]:
    """One certification per unit in the config's scope; inferred LAOs only with
    ``options.include_unverified``."""
    include = bool(getattr(options, "include_unverified", False))
    return [(c.name, build_certificate(c)) for c in load_certification(Path(config), include)]


def glue(text: str) -> str:
    """No-break spaces between a count and its unit, and after ร้อยละ.

    >>> glue("จำนวน 1,234 ครัวเรือน คิดเป็นร้อยละ 99.5") == "จำนวน 1,234\\u00a0ครัวเรือน คิดเป็นร้อยละ\\u00a099.5"
    True
    """
    return _PERCENT.sub(f"ร้อยละ{NBSP}\\1", _COUNT.sub(f"\\1{NBSP}\\2", text))


def build_certificate(cert: Certificate) -> Document:
    blocks: list = [_number_and_issuer(thai(cert.number), [thai(line) for line in cert.issuer])]
    for index, line in enumerate(cert.title):
        blocks.append(Paragraph(runs(line, bold=True), role="title", align="center",
                                space_before=layout.LINE_PITCH if index == 0 else 0.0, keep_with_next=True))
    if cert.sample:
        blocks.append(Paragraph(runs(SAMPLE_NOTE, color=RED), role="sample-note", align="center",
                                space_before=layout.SPACE_BEFORE, keep_with_next=True))
    text = [body(glue(paragraph), role="statement" if index == 0 else "body")
            for index, paragraph in enumerate(cert.paragraphs)]
    text[0].space_before = layout.LINE_PITCH
    # The signatures never stand alone on a last page (§18): the last two
    # paragraphs keep with the date line, the date with the signatures, and
    # a first signature block with the countersignature.
    for paragraph in text[-2:]:
        paragraph.keep_with_next = True
    blocks += text
    blocks.append(Paragraph(runs(cert.date_line), role="date", align="left", left=layout.DATE_TAB,
                            space_before=layout.LINE_PITCH, keep_with_next=True))
    groups = [signature(None, lines) for lines in cert.signatures]
    for group in groups[:-1]:
        group.blocks[-1].keep_with_next = True
    blocks += groups
    meta = {"unit": cert.unit.code, "level": cert.unit.level}
    if cert.unit.status:
        meta["status"] = cert.unit.status
    if cert.warnings:
        meta["warnings"] = "\n".join(cert.warnings)
    if cert.sample:
        meta["sample"] = "true"
    blank = cert.figures is None  # a form to fill in by hand
    if blank:
        meta["blank"] = "true"
    return Document(
        kind="certification",
        title=thai(" ".join(cert.title) if blank else f"{' '.join(cert.title)}: {cert.unit.name}"),
        blocks=blocks,
        emblem=Emblem(cert.emblem, layout.GARUDA_HEIGHT, layout.GARUDA_TOP),
        author=thai(cert.issuer[0]),
        font_family=cert.font,
        subject=thai(cert.number),
        date_iso=cert.date.isoformat() if cert.date else "",
        meta=meta,
        speed=cert.speed,
        secrecy=cert.secrecy,
    )


def _number_and_issuer(number: str, issuer: list[str]) -> Columns:
    """เลขที่ on the left; the issuing unit on the right, its longest line ending at the margin."""
    widest = max(text_width(line, layout.BODY_SIZE) for line in issuer)
    # WeasyPrint wraps a line exactly as wide as its box at a break opportunity
    # ("ศาลากลางจังหวัด|ลพบุรี"): leave it a hair of room (0.07 mm, well inside ±0.5 mm).
    right_x = max(layout.TEXT_WIDTH - widest - ISSUER_SLACK, text_width(number, layout.BODY_SIZE) + layout.FIELD_GAP)
    return Columns(left=[Run(number)], right=[[Run(line)] for line in issuer], right_x=right_x,
                   role="number-issuer")
