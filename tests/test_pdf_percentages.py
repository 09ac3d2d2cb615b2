"""A box's lengths are resolved to the values WeasyPrint's own
``resolve_percentages`` gives, and the PDFs are its bytes."""

from __future__ import annotations

import copy

import pytest
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.layout import percent

from docgen import pipeline
from docgen.writers import pdf_percentages
from docgen.writers.pdf import _font_config, render_pdf
from tests.conftest import REFERENCE_CONFIG, without_patch

# Every kind of length the function resolves: points, percentages, calc(),
# auto and none, minimums and maximums, box sizing, collapsed table borders,
# and page margins.
LENGTHS = """
@page { size: A5; margin: 10% 12mm calc(8mm + 2%) auto }
body { font-size: 14pt }
.a { width: 60%; margin: 0 auto; padding: 2% 4pt }
.b { width: calc(50% - 10pt); min-width: 30%; max-width: 200pt; box-sizing: border-box;
     padding: 6pt; border: 2pt solid }
.c { height: 20%; min-height: calc(10pt + 5%); max-height: none; box-sizing: padding-box; padding: 3pt }
.d { display: inline-block; width: auto; margin-left: -5%; border-left: 1pt solid }
table { border-collapse: collapse; width: 90% } td { border: 1.5pt solid; padding: 1% 2pt }
"""
HTML_LENGTHS = """
<div class="a">ย่อหน้า <span class="d">กล่อง</span></div>
<div class="b">กว้างครึ่งหนึ่ง</div><div class="c">สูง</div>
<table><tr><td>หนึ่ง</td><td style="width: 30%">สอง</td></tr></table>"""


def _pdf() -> bytes:
    css = CSS(string=LENGTHS, font_config=_font_config())
    return HTML(string=HTML_LENGTHS).write_pdf(stylesheets=[css], font_config=_font_config())


def test_documents_are_byte_identical():
    pdf_percentages.install()
    documents = [pipeline.documents(REFERENCE_CONFIG.parent / name)[0][1]
                 for name in ("certification-lao.yaml", "circular.yaml", "action-plan.yaml")]
    resolved = [render_pdf(document).data for document in documents] + [_pdf()]
    with without_patch(pdf_percentages):
        assert [render_pdf(document).data for document in documents] + [_pdf()] == resolved


@pytest.mark.parametrize("containing_block", [(400.0, 600.0), (400.0, "auto"), (0, 0)])
def test_every_box_gets_weasyprints_values(containing_block):
    pdf_percentages.install()
    css = CSS(string=LENGTHS, font_config=_font_config())
    document = HTML(string=HTML_LENGTHS).render(stylesheets=[css], font_config=_font_config())
    page = document.pages[0]._page_box
    checked = 0
    for box in [page, *page.descendants()]:
        if not isinstance(box, boxes.Box):
            continue
        results = []
        for resolve in (pdf_percentages.resolve_percentages, pdf_percentages._original):
            resolved = copy.copy(box)
            try:
                resolve(resolved, containing_block)
            except TypeError as error:  # a percentage of "auto" (a page in an auto-height block)
                results.append(str(error))
            else:
                results.append(vars(resolved))
        assert results[0] == results[1], box
        checked += isinstance(results[0], dict)
    assert checked > 20


def test_every_caller_uses_it():
    pdf_percentages.install()
    assert percent.resolve_percentages is pdf_percentages.resolve_percentages
    for module in pdf_percentages._USERS:
        assert module.resolve_percentages is pdf_percentages.resolve_percentages, module
    pdf_percentages.uninstall()
    assert not pdf_percentages.installed()
    pdf_percentages.install()
