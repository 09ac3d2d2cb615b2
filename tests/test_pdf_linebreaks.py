"""A line broken before is not broken again, and the PDFs are the bytes
WeasyPrint writes when it breaks every line itself."""

from __future__ import annotations

import pytest
from weasyprint import HTML
from weasyprint.layout import inline
from weasyprint.text import line_break

from docgen.writers import pdf_linebreaks, pdf_shaping
from docgen.writers.pdf import _font_config, render_pdf
from tests.conftest import assert_same_bytes_as_without, certification_and_circular, record_calls, without_patch

# Lines that wrap, fit, stay whole or break anywhere; justified, right to left,
# hyphenated, tabbed, spaced; in tables and blocks sized to their content (the
# minimum and maximum widths are broken lines too).  Each paragraph twice, so
# the second one is broken from what the first one left.
_BODY = """
<p style="text-align: justify">หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า ข้อมูลความจำเป็นพื้นฐาน (จปฐ.) ปี ๒๕๖๒
ขององค์การบริหารส่วนตำบลชัยนารายณ์ อำเภอชัยบาดาล จังหวัดลพบุรี ซึ่งจัดเก็บจากครัวเรือนเป้าหมาย</p>
<p>Short line</p>
<p style="white-space: nowrap">ไม่ตัดบรรทัด ไม่ตัดบรรทัด ไม่ตัดบรรทัด ไม่ตัดบรรทัด ไม่ตัดบรรทัด ไม่ตัดบรรทัด</p>
<p style="white-space: pre-wrap">คั่น	ด้วยแท็บ  และ   ช่องว่าง
บรรทัดใหม่</p>
<p lang="en" style="hyphens: auto; width: 6em">Extraordinarily incomprehensible characteristics</p>
<p style="hyphens: manual; width: 5em">Super&#173;cali&#173;fragilistic&#173;expialidocious</p>
<p style="overflow-wrap: anywhere; width: 4em">กกกกกกกกกกกกกกกกกกกกกกกกก</p>
<p style="word-break: break-all; width: 4em">abcdefghijklmnopqrstuvwxyz</p>
<p style="letter-spacing: 1pt; word-spacing: 3pt">เว้นระยะ ตัวอักษร และคำ</p>
<p dir="rtl">שלום עולם abc</p>
<p style="width: 6em; overflow: hidden; white-space: nowrap; text-overflow: ellipsis">ยาวเกินกว่าที่จะพอดี</p>
<table><tr><td>ตาราง ขนาดตาม เนื้อหา</td><td>Table cells sized to their content</td></tr></table>
<div style="float: left">ลอย ตามเนื้อหา</div><span style="display: inline-block">กล่อง ในบรรทัด</span>
"""
STYLED = (f'<html lang="th"><body style="font-family: Sarabun New, sans-serif; width: 12cm">'
          f"{_BODY}{_BODY}</body></html>")


def _styled_pdf() -> bytes:
    return HTML(string=STYLED).write_pdf(font_config=_font_config())


def test_documents_are_byte_identical():
    pdf_linebreaks.clear()
    assert_same_bytes_as_without(pdf_linebreaks, _styled_pdf)


def test_a_second_document_breaks_no_line(monkeypatch):
    document = certification_and_circular()[0]
    render_pdf(document)
    broken = record_calls(monkeypatch, pdf_linebreaks, "_original")
    render_pdf(document)
    assert broken == []
    with without_patch(pdf_linebreaks):
        own = record_calls(monkeypatch, inline, "split_first_line")
        render_pdf(document)
        monkeypatch.undo()  # WeasyPrint's own back in place before the patch is installed again
    assert len(own) > 15, "WeasyPrint breaks every line of every document"


@pytest.mark.parametrize("style, text", [
    ("letter-spacing: 1pt", "เว้นระยะ ตัวอักษร"),
    ("word-spacing: 3pt", "เว้นระยะ คำ"),
    ("overflow-wrap: break-word", "ตัด คำ"),
    ("word-break: break-all", "ตัด ทุกที่"),
    ("hyphens: auto", "hyphenated automatically"),
    ("", "soft&#173;hyphen"),
    ("white-space: pre", "tab\there"),
])
def test_lines_whose_layout_is_set_up_afresh_are_broken_each_time(monkeypatch, style, text):
    html = f'<html lang="en"><body style="font-family: Sarabun New"><p style="{style}">{text}</p></body></html>'
    render_pdf(certification_and_circular()[0])  # docgen's patches installed
    HTML(string=html).write_pdf(font_config=_font_config())
    broken = record_calls(monkeypatch, pdf_linebreaks, "_original")
    HTML(string=html).write_pdf(font_config=_font_config())
    assert broken, "the line is broken by WeasyPrint again"


@pytest.mark.parametrize("direction, text", [
    ("ltr", "องค์การบริหารส่วนตำบลชัยนารายณ์ อำเภอชัยบาดาล จังหวัดลพบุรี "),
    ("rtl", "שלום עולם ושוב שלום לכל העולם "),
])
@pytest.mark.parametrize("max_width", [None, 1e9, 1000.0, 200.0, 60.0, 1.0])
def test_a_remembered_line_is_left_as_weasyprint_leaves_it(direction, text, max_width):
    render_pdf(certification_and_circular()[0])  # docgen's patches installed
    html = f'<p dir="{direction}" style="font-family: Sarabun New; font-size: 16pt">x</p>'
    style = next(box.style for box in HTML(string=html).render(font_config=_font_config())
                 .pages[0]._page_box.descendants() if box.element_tag == "p")
    pdf_linebreaks.clear()
    arguments = (text, style, None, max_width, 0.0, True, False)
    layouts = [line_break.split_first_line(*arguments)]  # WeasyPrint's own
    layouts += [pdf_linebreaks.split_first_line(*arguments) for _ in range(2)]  # broken, then remembered
    assert len(pdf_linebreaks._LINES) == 1
    assert len({result[1:] for result in layouts}) == 1  # length, resume index, width, height, baseline
    assert len({(layout.text, layout.first_line_direction, layout.max_width,
                 pdf_linebreaks.pango_width(pdf_shaping.kept(layout)[0]))
                for layout, *_ in layouts}) == 1
    assert layouts[2][0] is not layouts[1][0], "each line gets a layout of its own"
