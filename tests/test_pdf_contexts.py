"""Each kind of Pango layout is set up once per process, and the PDFs are the
bytes WeasyPrint writes when it sets up every layout afresh."""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.text import line_break

from docgen.writers import pdf_contexts
from docgen.writers.pdf import _font_config, render_pdf
from tests.conftest import assert_same_bytes_as_without, certification_and_circular, record_calls, without_patch

# Underlined, struck through, small capitals, spaced, kerning off, features set,
# another language, right to left, line heights: every property the set-up and
# the struts read, some changed.
STYLED = """<html lang="th"><body style="font-family: Sarabun New, sans-serif">
<p>คำรับรองคุณภาพข้อมูล <u>ขีดเส้นใต้ น้ำ</u> <s>ขีดฆ่า</s> <b>ตัวหนา</b> <i>เอียง</i></p>
<p style="font-variant: small-caps; letter-spacing: 1pt">Small caps ๑๒๓</p>
<p style="font-kerning: none; word-spacing: 4pt; font-feature-settings: 'liga' 0">AV To ฟ้า</p>
<p lang="en" style="font-variant-numeric: oldstyle-nums; text-decoration: underline overline">1234 Wa</p>
<p dir="rtl" style="font-size: 20pt; font-stretch: condensed">abc אבג</p>
<p style="line-height: 2">บรรทัด <span style="line-height: 20pt">สูง</span> <span style="line-height: 150%">กลาง</span></p>
<p style="line-height: normal; font-size: 1.3em">ปกติ <small>เล็ก</small></p>
</body></html>"""


def _styled_pdf() -> bytes:
    return HTML(string=STYLED).write_pdf(font_config=_font_config())


def test_documents_are_byte_identical():
    pdf_contexts.clear()
    assert_same_bytes_as_without(pdf_contexts, _styled_pdf)


def test_a_second_document_sets_up_no_new_kind_of_layout(monkeypatch):
    document = certification_and_circular()[0]
    render_pdf(document)
    kinds = record_calls(monkeypatch, pdf_contexts._Kind, "__init__")
    descriptions = record_calls(monkeypatch, line_break, "get_font_description")
    render_pdf(document)
    assert kinds == [] and descriptions == []
    with without_patch(pdf_contexts):
        render_pdf(document)
    assert len(descriptions) > 20, "WeasyPrint builds a font description for each layout"


def test_a_second_document_works_out_no_strut(monkeypatch):
    document = certification_and_circular()[0]
    render_pdf(document)
    keys = record_calls(monkeypatch, line_break, "_font_style_cache_key")
    render_pdf(document)
    assert keys == []
    with without_patch(pdf_contexts):
        render_pdf(document)
    assert len(keys) > 20, "WeasyPrint formats a strut's key for every line and text box"


def test_layouts_of_one_kind_share_a_kind_but_not_their_attributes(monkeypatch):
    style = _any_style("font-kerning: normal")  # sets the OpenType feature "kern"
    pdf_contexts.clear()
    kinds = record_calls(monkeypatch, pdf_contexts._Kind, "__init__")
    layouts = [line_break.Layout(style) for _ in range(2)]
    pango, ffi = line_break.pango, line_break.ffi
    attributes = {int(ffi.cast("intptr_t", pango.pango_layout_get_attributes(layout.layout))) for layout in layouts}
    assert len(kinds) == 1
    assert len(attributes) == 2, "each layout has its own attribute list (set_text adds to it)"


def _any_style(css: str = ""):
    """The style of a laid-out text box."""
    from weasyprint.formatting_structure import boxes

    html = HTML(string=f'<p style="{css}">ทดสอบ</p>')
    document = html.render(font_config=_font_config())
    page = document.pages[0]._page_box
    return next(box.style for box in page.descendants() if isinstance(box, boxes.TextBox))


def test_a_style_whose_values_cannot_be_a_key_is_set_up_as_usual():
    style = _any_style()
    style["font_variant_numeric"] = ["lining-nums"]  # a list: not hashable
    layout = line_break.Layout(style)
    layout.set_text("๑๒๓ 123")
    line, _ = layout.get_first_line()
    assert line.length == len("๑๒๓ 123".encode())
