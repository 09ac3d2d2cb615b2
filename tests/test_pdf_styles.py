"""Styles are computed once per process, and the PDFs are what WeasyPrint writes without that."""

from __future__ import annotations

import io

import pypdf
import pytest
from weasyprint import CSS, HTML
from weasyprint.css import ComputedStyle

from docgen import pipeline
from docgen.writers import pdf_styles
from docgen.writers.pdf import _font_config, render_pdf
from tests.conftest import REFERENCE_CONFIG, without_patch

CONFIGS = REFERENCE_CONFIG.parent
# A letter of two pages (rendered twice, for its continuation markers), a table,
# a memo, an order, certifications.
KINDS = ("circular.yaml", "action-plan.yaml", "memo.yaml", "orders/province-team.yaml",
         "certification-district.yaml")


@pytest.fixture(scope="module")
def documents():
    found = []
    for name in KINDS:
        found.extend(document for _, document in pipeline.documents(CONFIGS / name)[:3])
    return found


@pytest.fixture()
def computations(monkeypatch):
    """Count the style properties WeasyPrint computes."""
    calls = []
    original = ComputedStyle.__missing__

    def counting(style, key):
        calls.append(key)
        return original(style, key)

    monkeypatch.setattr(ComputedStyle, "__missing__", counting)
    return calls


def test_the_bytes_are_those_of_weasyprint_alone(documents):
    pdf_styles.clear()
    shared = [render_pdf(document).data for document in documents]
    again = [render_pdf(document).data for document in documents]  # every style shared now
    with without_patch(pdf_styles):
        plain = [render_pdf(document).data for document in documents]
    assert len({len(data) for data in plain}) > 5, "different documents"
    for index, data in enumerate(plain):
        assert shared[index] == data, index
        assert again[index] == data, index


def test_a_second_certification_computes_few_styles(documents, computations):
    first, second = [d for d in documents if d.kind == "certification"][:2]
    pdf_styles.clear()
    render_pdf(first)
    alone = len(computations)
    render_pdf(second)  # learns what the first one computed
    computations.clear()
    render_pdf(first)
    assert len(computations) < alone / 4, (len(computations), alone)
    with without_patch(pdf_styles):
        computations.clear()
        render_pdf(second)
        assert len(computations) > alone / 2, "WeasyPrint alone computes them again"


def _render(css: CSS, text: str, style: str = "width: 50%") -> bytes:
    """A PDF with one paragraph; one font configuration, as docgen uses."""
    html = HTML(string=f'<p style="{style}">{text}</p>')
    return html.write_pdf(stylesheets=[css], font_config=_font_config())


def test_only_registered_stylesheets_share(computations):
    pdf_styles.install()
    pdf_styles.clear()
    own = CSS(string="p { margin-top: 1em }")
    _render(own, "หนึ่ง")
    assert not pdf_styles._STYLES
    shared = pdf_styles.share(CSS(string="p { margin-top: 1em }"), "p { margin-top: 1em }")
    _render(shared, "หนึ่ง")
    _render(shared, "สอง")  # learns what the first one computed
    computations.clear()
    _render(shared, "สาม")
    again = len(computations)
    computations.clear()
    _render(own, "สาม")
    assert pdf_styles._STYLES and again < len(computations) / 2


@pytest.mark.parametrize("text", ["p { width: 50vw }", "p { margin: 1.5dvh }", "p { margin: calc(2vmin + 1pt) }",
                                  "p { page: wide }"])
def test_a_stylesheet_that_depends_on_the_page_size_is_not_shared(text):
    css = CSS(string=text)
    assert pdf_styles.share(css, text) is css
    assert css not in pdf_styles._SHARED


@pytest.mark.parametrize("text", ["@page :first { margin: 0 }", "p { break-after: page }", "p { --page: 1 }"])
def test_other_stylesheets_are_shared(text):
    css = CSS(string=text)
    assert pdf_styles.share(css, text) is css
    assert css in pdf_styles._SHARED


def test_the_cache_is_bounded(monkeypatch):
    pdf_styles.install()
    pdf_styles.clear()
    monkeypatch.setattr(pdf_styles, "_MAX_STYLES", 4)
    css = pdf_styles.share(CSS(string="p { margin: 0 }"), "p { margin: 0 }")
    for width in range(10, 20):
        _render(css, "ก", f"width: {width}pt")
    assert 0 < len(pdf_styles._STYLES) <= 4


def test_edits_stay_in_their_document():
    """WeasyPrint moves the body's overflow to the page by editing the body's
    style: a document must not see the edits of the ones before it."""
    pdf_styles.install()
    pdf_styles.clear()
    text = "body { overflow: hidden } p { margin-left: -100pt }"  # the page clips the text
    css = pdf_styles.share(CSS(string=text), text)
    shared = [_render(css, "ข้อความ", "") for _ in range(4)]
    with without_patch(pdf_styles):
        plain = _render(css, "ข้อความ", "")
    assert pdf_styles._STYLES
    assert shared == [plain] * 4


def test_targets_are_found_in_every_document():
    """A shared style still registers its element's anchor, for target-counter()."""
    pdf_styles.install()
    pdf_styles.clear()
    text = "a::after { content: ' page ' target-counter(attr(href), page) } .next { break-before: page }"
    css = pdf_styles.share(CSS(string=text), text)
    html = '<p><a href="#end">see</a></p><p class="next" id="end">end</p>'
    for _ in range(3):
        pdf = HTML(string=html).write_pdf(stylesheets=[css], font_config=_font_config())
        first_page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert "see page 2" in first_page
