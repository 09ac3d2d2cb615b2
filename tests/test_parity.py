"""DOCX/PDF parity (spec §21 check 22): LibreOffice lays our DOCX out, and the
result has our PDF's page count, the same first word on each page and the same
text, for each kind of document.

Text is read with ``pdftotext -raw`` (content order) and compared with all
whitespace removed: the two layouts may break lines at different places inside
a page (LibreOffice breaks ข้อ|มูล where docgen keeps ข้อมูล whole), which moves
no page break.  What the two files differ in by design is taken out, and only
that:

* the continuation marker ("/ส่งอำเภอ...", spec §18) at the foot of every page
  but the last is printed in the PDF only: it needs the next page's first
  words, which a DOCX cannot know before Word lays it out;
* the page number "- ๒ -" is a PAGE field formatted ``thaiNumbers`` in the
  DOCX; Word shows Thai digits, LibreOffice shows "- 2 -", so the page-number
  line is compared with its digits made Arabic, and kept out of "first word";
* the dotted leaders of forms (memo, certification) are painted dots in the
  PDF, with no text, and tab leaders in the DOCX, which LibreOffice writes as
  "....." text: runs of four or more dots are dropped from both sides.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import REFERENCE_CONFIG, libreoffice_pdf
from docgen.pipeline import render_all

CONFIGS = REFERENCE_CONFIG.parent
KINDS = ["circular.yaml", "memo.yaml", "action-plan.yaml", "targets.yaml", "certification-province.yaml",
         "certification-lao.yaml", "orders/province-team.yaml", "orders/district-teams.yaml"]

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
PAGE_NUMBER = re.compile(r"^\s*-\s*([0-9๐-๙]+)\s*-\s*$", re.M)
LEADER = re.compile(r"\.{4,}")


def _pages(pdf: bytes, folder, name: str) -> list[str]:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def _normalised(page: str, marker: str | None = None) -> tuple[str, list[str], str]:
    """(page number in Arabic digits or "", the words of the body, the body squashed)."""
    if marker:
        lines = page.splitlines()
        assert marker in [line.strip() for line in lines], f"marker {marker!r} not on the page"
        page = "\n".join(line for line in lines if line.strip() != marker)
    numbers = PAGE_NUMBER.findall(page)
    body = LEADER.sub(" ", PAGE_NUMBER.sub("", page))
    return "".join(n.translate(THAI_DIGITS) for n in numbers), body.split(), re.sub(r"\s+", "", body)


@pytest.mark.parametrize("config", KINDS)
def test_libreoffice_lays_out_the_docx_like_our_pdf(config, tmp_path, fontconfig_file):
    rendered = render_all(CONFIGS / config)[0]  # the first document a config makes
    ours = _pages(rendered.files["pdf"], tmp_path, "ours")
    office = _pages(libreoffice_pdf(rendered.files["docx"], "office", tmp_path, fontconfig_file).read_bytes(),
                    tmp_path, "office-text")
    assert len(ours) == len(office) == rendered.pdf_pages, "the same page count"
    markers = [*(rendered.markers or []), None]
    for number, (mine, theirs) in enumerate(zip(ours, office), start=1):
        my_number, my_words, my_text = _normalised(mine, markers[number - 1] if len(ours) > 1 else None)
        their_number, their_words, their_text = _normalised(theirs)
        assert my_number == their_number == ("" if number == 1 else str(number)), f"page {number}: page number"
        assert len(my_text) > 100, f"page {number}: no text read"
        assert my_words[0] == their_words[0], f"page {number}: first word"
        assert my_text == their_text, f"page {number}: text"
