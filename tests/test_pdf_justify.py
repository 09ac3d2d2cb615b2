"""Thai distributed justification in the PDF: full lines reach the right margin."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from docgen import fonts, layout
from docgen.writers import pdf_justify

RIGHT = layout.PAGE_WIDTH - layout.MARGIN_RIGHT
TOL = layout.cm(0.05)


def _lines(page):
    page = page.filter(lambda o: o.get("object_type") != "char" or o.get("text"))
    return page.extract_text_lines()


def test_every_full_line_of_the_letter_ends_at_the_right_margin(reference_pdf):
    checked = 0
    for page in reference_pdf.pages:
        lines = _lines(page)
        for line, following in zip(lines, lines[1:]):
            # a line followed by its paragraph's next line (flush left, no space between)
            continues = (abs(following["x0"] - layout.MARGIN_LEFT) < 1
                         and following["top"] - line["top"] < 1.2 * layout.LINE_PITCH)
            if continues and line["x1"] > RIGHT - layout.cm(4):
                assert abs(line["x1"] - RIGHT) < TOL, line["text"]
                checked += 1
    assert checked >= 20


def _render(text: str) -> list[dict]:
    config = FontConfiguration()
    css = CSS(string=f"""
        @font-face {{ font-family: T; src: url("{fonts.REGULAR.as_uri()}"); }}
        @page {{ size: 400pt 400pt; margin: 20pt; }}
        body {{ margin: 0; }}
        p {{ font-family: T; font-size: 16pt; text-align: justify; margin: 0; }}""", font_config=config)
    data = HTML(string=f"<p>{text}</p>").write_pdf(stylesheets=[css], font_config=config)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return _lines(pdf.pages[0])


SPACELESS = "การบริหารการจัดการเก็บข้อมูลความจำเป็นพื้นฐานเป็นประจำทุกปีและข้อมูลพื้นฐานระดับหมู่บ้านเป็นประจำทุกสองปีเพื่อให้ได้ข้อมูลถูกต้องครบถ้วนทุกครัวเรือน" * 2


@pytest.fixture()
def without_patch():
    was = pdf_justify.installed()
    pdf_justify.uninstall()
    yield
    if was:
        pdf_justify.install()


def test_a_line_without_spaces_is_spread_between_clusters():
    pdf_justify.install()
    lines = _render(SPACELESS)
    assert len(lines) >= 3
    for line in lines[:-1]:
        assert abs(line["x1"] - 380) < TOL, line["text"]
    assert lines[-1]["x1"] < 380 - 10, "the last line is not stretched"
    assert "".join(l["text"] for l in lines) == SPACELESS, "letter-spacing leaves the text layer intact"


def test_without_the_patch_such_lines_stay_ragged(without_patch):
    lines = _render(SPACELESS)
    assert any(abs(line["x1"] - 380) > 2 for line in lines[:-1])
