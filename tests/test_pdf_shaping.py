"""Lines are shaped once: the drawing uses the Pango layout the line was
measured with, and the PDFs are the bytes WeasyPrint writes when it shapes
every line again to draw it."""

from __future__ import annotations

import pytest
from weasyprint import CSS, HTML
from weasyprint.text import line_break

from docgen import fonts, pipeline
from docgen.writers import pdf_justify, pdf_shaping, pdf_textlayer
from docgen.writers.pdf import _font_config, render_pdf
from tests.conftest import REFERENCE_CONFIG, record_calls, without_patch

TEXT = ("หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า ข้อมูลความจำเป็นพื้นฐาน (จปฐ.) ปี ๒๕๖๒ "
        "ขององค์การบริหารส่วนตำบลน้ำสุด ตำบลน้ำสุด อำเภอบ้านหมี่ จังหวัดลพบุรี")
HTML_TEXT = (
    f"<p>{TEXT}</p>"
    f"<p>{TEXT[:40]}<b>{TEXT[40:80]}</b><span style='font-size: 11pt'>{TEXT[80:]}</span></p>"
    "<p>บรรทัดแรก\nบรรทัดที่สอง\tแท็บ ๑,๒๐๐\u00a0ครัวเรือน</p>"  # a newline and a tab kept by white-space: pre-*
    "<p>ภาษา\u200bไทย ไม่\u200bมี\u200bช่องว่าง Latin ๑๒๓</p>"
    "<div class='fixed'>ข้อความที่ทุกหน้ามี</div>"  # one box drawn on every page
    + "<p class='long'>ย่อหน้าเติมหน้า</p>" * 30)
# Every condition under which the drawing must set the layout up afresh, and some it need not.
CASES = {
    "plain": "",
    "justified": "p { text-align: justify }",
    "distributed": "p { text-align: justify; width: 40mm }",  # few spaces: spread between clusters
    "letter-spacing": "p { letter-spacing: 0.6pt }",
    "word-spacing": "p { word-spacing: 3pt }",
    "preformatted": "p { white-space: pre-wrap; tab-size: 3 }",
    "overflow-wrap": "p { overflow-wrap: anywhere }",
    "ellipsis": "p { white-space: nowrap; overflow: hidden; text-overflow: ellipsis }",
    "decorated": "p { text-decoration: underline line-through overline }",
}


def _sheet(extra: str) -> CSS:
    return CSS(string=f"""
        @font-face {{ font-family: Shaped; src: url({fonts.REGULAR.as_uri()}) }}
        @font-face {{ font-family: Shaped; font-weight: bold; src: url({fonts.BOLD.as_uri()}) }}
        @page {{ size: A5; margin: 15mm }}
        body {{ font-family: Shaped; font-size: 16pt; line-height: 1.3 }}
        p {{ width: 90mm; margin: 0 0 6pt }}
        .fixed {{ position: fixed; bottom: 0 }}
        {extra}""", font_config=_font_config())


def _document(css: str):
    pdf_textlayer.install()
    return HTML(string=HTML_TEXT).render(stylesheets=[_sheet(css)], font_config=_font_config())


@pytest.fixture()
def setups(monkeypatch):
    """Count the Pango layouts WeasyPrint sets up."""
    return record_calls(monkeypatch, line_break.Layout, "setup")


@pytest.mark.parametrize("css", CASES.values(), ids=CASES)
def test_the_bytes_are_those_of_weasyprint_alone(css):
    pdf_shaping.install()
    document = _document(css)
    assert len(document.pages) > 1, "the fixed box is drawn on several pages"
    shaped_once = document.write_pdf()
    with without_patch(pdf_shaping):
        assert _document(css).write_pdf() == shaped_once


def test_the_drawing_sets_up_no_layout_for_plain_lines(setups):
    pdf_shaping.install()
    document = _document("p { white-space: normal }")
    setups.clear()
    document.write_pdf()
    drawn_afresh = len(setups)
    assert drawn_afresh < 10, "only the fixed box, drawn again on each page"
    with without_patch(pdf_shaping):
        document = _document("p { white-space: normal }")
        setups.clear()
        document.write_pdf()
        assert len(setups) > 40, "WeasyPrint sets up every line again"


def test_justified_lines_widen_their_spaces_on_the_layout_they_were_measured_with(monkeypatch, setups):
    """Words with a space between each: justification only widens the spaces."""
    texts = record_calls(monkeypatch, line_break.Layout, "set_text")
    pdf_shaping.install()
    pdf_textlayer.install()
    words = " ".join(["ข้อมูล", "ความจำเป็น", "พื้นฐาน", "ครัวเรือน", "หมู่บ้าน"] * 12)
    document = HTML(string=f"<p>{words}</p>").render(
        stylesheets=[_sheet("p { text-align: justify }")], font_config=_font_config())
    setups.clear()
    texts.clear()
    shaped_once = document.write_pdf()
    widened = [args for args in texts if args[0].justification_spacing]
    assert len(widened) >= 5, "every line but the last"
    assert setups == [], "no layout set up again to draw"
    with without_patch(pdf_shaping):
        document = HTML(string=f"<p>{words}</p>").render(
            stylesheets=[_sheet("p { text-align: justify }")], font_config=_font_config())
        setups.clear()
        assert document.write_pdf() == shaped_once
        assert len(setups) >= 5, "WeasyPrint sets up every line again"


def test_letter_spaced_lines_are_set_up_afresh(setups):
    pdf_shaping.install()
    pdf_justify.install()
    document = _document("p { text-align: justify; width: 40mm }")
    setups.clear()
    document.write_pdf()
    assert len(setups) >= 5, "lines spread between clusters get a letter-spaced style"


def test_documents_are_byte_identical():
    """A certification and the reference circular (two pages, rendered twice
    for its continuation markers) with and without the patch."""
    documents = [pipeline.documents(REFERENCE_CONFIG.parent / name)[0][1]
                 for name in ("certification-lao.yaml", "circular.yaml")]
    shaped_once = [render_pdf(document).data for document in documents]
    with without_patch(pdf_shaping):
        assert [render_pdf(document).data for document in documents] == shaped_once


def test_install_is_idempotent_and_uninstall_restores():
    pdf_shaping.install()
    pdf_shaping.install()
    assert pdf_shaping.installed()
    pdf_shaping.uninstall()
    assert not pdf_shaping.installed()
    assert line_break.Layout.reactivate is pdf_shaping._original_reactivate
    pdf_shaping.install()
