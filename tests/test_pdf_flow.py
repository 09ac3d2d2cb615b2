"""Boxes are in normal flow or out of it as WeasyPrint says, and the PDFs
are its bytes."""

from __future__ import annotations

import pytest
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes

from docgen.writers import pdf_flow
from docgen.writers.pdf import _font_config, render_pdf
from tests.conftest import assert_same_bytes_as_without, certification_and_circular

SQUARE = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'/>"
# Every positioning scheme: normal flow in both directions (blocks, formatting
# contexts, tables, replaced boxes), floats, a footnote, absolute, fixed and
# running boxes, and floats made flex items.
CSS_FLOWS = """
@page { size: A6; margin: 12mm; @top-center { content: element(header) } }
body { font-size: 12pt }
.bfc { overflow: hidden; width: 50%; margin: 0 6pt } table { width: 40% } img { display: block; width: 20pt }
.header { position: running(header) } .note { float: footnote }
.abs { position: absolute; top: 8pt; left: 8pt } .fixed { position: fixed; bottom: 0 }
.left { float: left; width: 30% } .right { float: right; width: 25% } .flat { float: right; height: 0 }
.flex { display: flex } .flex > div { float: left }
"""
HTML_FLOWS = f"""
<div class="header">หัวกระดาษ</div>
<div dir="rtl"><p>سطر طويل بما يكفي ليلتف على سطرين أو ثلاثة أسطر في هذه الصفحة الصغيرة جدا</p>
<div class="bfc">سياق</div><table><tr><td>خلية</td></tr></table><img src="{SQUARE}"></div>
<div><p>บรรทัดที่ยาวพอจะขึ้นบรรทัดใหม่ในหน้ากระดาษเล็ก ๆ นี้ สองหรือสามบรรทัด</p>
<div class="bfc">บริบท</div><table><tr><td>ช่อง</td></tr></table><img src="{SQUARE}"></div>
<div class="flat"></div>
<div class="left">ลอยซ้าย</div><div class="right">ลอยขวา</div>
<p>ข้อความข้างกล่องลอยทั้งสองข้าง ยาวพอจะผ่านพ้นกล่องลอยไปอีกบรรทัดหนึ่ง<span class="note">เชิงอรรถ</span></p>
<div class="bfc">บริบทข้างกล่องลอย</div>
<div class="flex"><div>ในกล่องยืดหยุ่น</div><span>อีกชิ้น</span></div>
<div class="abs">สัมบูรณ์</div><div class="fixed">คงที่</div>
"""


def _flows_pdf() -> bytes:
    css = CSS(string=CSS_FLOWS, font_config=_font_config())
    return HTML(string=HTML_FLOWS).write_pdf(stylesheets=[css], font_config=_font_config())


def test_documents_are_byte_identical():
    assert_same_bytes_as_without(pdf_flow, _flows_pdf)


def test_every_box_is_in_normal_flow_or_not_as_weasyprint_says(monkeypatch):
    """Each question WeasyPrint asks while laying the page out is answered
    again by its own method: floats, absolute, fixed and running boxes,
    flex items, and boxes in normal flow."""
    pdf_flow.install()
    seen = set()

    def compared(box):
        ours = pdf_flow.is_in_normal_flow(box)
        assert ours == pdf_flow._original_in_flow(box), box
        position = box.style["position"]
        seen.add((ours, box.style["float"], position if isinstance(position, str) else position[0],
                  "is_floated" in vars(box)))
        return ours

    monkeypatch.setattr(boxes.Box, "is_in_normal_flow", compared)
    _flows_pdf()
    assert {(True, "none", "static", False), (False, "left", "static", False), (False, "right", "static", False),
            (False, "none", "absolute", False),
            (False, "none", "fixed", False), (False, "none", "running()", False),
            (True, "left", "static", True)} <= seen


@pytest.mark.parametrize("float_", ["none", "left", "right", "inline-start", "inline-end", "footnote"])
def test_every_float_and_position_is_answered_as_weasyprint_does(float_):
    box = boxes.BlockBox("p", {}, None, [])
    for position in ["static", "relative", "sticky", "absolute", "fixed", ("running()", "header"), ("note()", "n")]:
        box.style = {"float": float_, "position": position}
        assert pdf_flow.is_in_normal_flow(box) == pdf_flow._original_in_flow(box), position
    box.is_floated = lambda: False  # as WeasyPrint does to flex items: they float no more
    box.style = {"float": float_, "position": "static"}
    in_flow = float_ != "footnote"
    assert pdf_flow.is_in_normal_flow(box) == pdf_flow._original_in_flow(box) == in_flow


def test_a_certification_never_asks_the_long_way(monkeypatch):
    pdf_flow.install()
    calls = []
    monkeypatch.setattr(pdf_flow, "_original_in_flow", lambda box: calls.append(box) or True)
    render_pdf(certification_and_circular()[0])
    assert calls == []
    _flows_pdf()  # flex items, whose is_floated is their own
    assert calls


def test_installs_and_uninstalls():
    pdf_flow.install()
    pdf_flow.install()
    assert pdf_flow.installed() and boxes.Box.is_in_normal_flow is pdf_flow.is_in_normal_flow
    pdf_flow.uninstall()
    assert not pdf_flow.installed() and boxes.Box.is_in_normal_flow is pdf_flow._original_in_flow
    pdf_flow.install()
