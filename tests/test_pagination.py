"""Multi-page rules on letters of any length (spec §18, checks 18-20)."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from docgen.pipeline import build
from docgen.standard import RULES, read
from docgen.writers.pdf import render_pdf

FILLER = "ทดสอบการแบ่งหน้าของหนังสือราชการ ข้อความนี้ยาวหนึ่งบรรทัด"


def _letter_with(config_dir, extra: int):
    letter = config_dir / "circular.yaml"
    text = letter.read_text("utf-8")
    filler = "".join(f"  - {FILLER} {n}\n" for n in range(1, extra + 1))
    letter.write_text(text.replace("conclusion:", filler + "conclusion:", 1), "utf-8")
    return render_pdf(build(letter))


def _lines(page):
    page = page.filter(lambda o: o.get("object_type") != "char" or o.get("text"))
    return [l["text"] for l in page.extract_text_lines()]


@pytest.mark.parametrize("extra", range(14, 40, 2))
def test_signature_never_alone_and_markers_name_the_next_page(config_dir, extra):
    result = _letter_with(config_dir, extra)
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        pages = [_lines(page) for page in pdf.pages]
    assert len(pages) == result.page_count >= 2
    closing_page = next(i for i, lines in enumerate(pages) if "ขอแสดงความนับถือ" in lines)
    assert "ผู้ว่าราชการจังหวัดลพบุรี" in pages[closing_page], "signature block split across pages"
    lines = pages[closing_page]
    above = lines[: lines.index("ขอแสดงความนับถือ")]
    if closing_page > 0:
        above = above[1:]  # the page number
        assert lines[0] == f"- {'๐๑๒๓๔๕๖๗๘๙'[closing_page + 1]} -"
    assert len(above) >= 2, f"signature with {len(above)} body line(s) on page {closing_page + 1}"
    for number, lines in enumerate(pages[:-1]):
        marker = lines[-1]
        following = pages[number + 1][1]  # after "- n -"
        assert marker.startswith("/") and marker.endswith("...")
        assert following.startswith(marker[1:-3]), (marker, following)
    assert not pages[-1][-1].startswith("/"), "no marker on the last page"
    (doc,) = read(result.data).docs
    for rule in ("continuation-marker", "page-number", "signature-page", "signature-block"):
        assert RULES[rule].check(doc) == [], rule
