"""Styles are computed once per process, and the PDFs are what WeasyPrint writes without that."""

from __future__ import annotations

import io
from pathlib import Path

import cssselect2
import pypdf
import pytest
import weasyprint
from weasyprint import CSS, HTML
from weasyprint.css import AnonymousStyle, ComputedStyle, StyleFor
from weasyprint.formatting_structure import boxes

from docgen import pipeline
from docgen.writers import pdf_styles
from docgen.writers.pdf import _font_config, render_pdf
from tests.conftest import REFERENCE_CONFIG, record_calls, without_patch

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
    return record_calls(monkeypatch, ComputedStyle, "__missing__")


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


@pytest.mark.parametrize("kind", [ComputedStyle, AnonymousStyle], ids=["elements", "anonymous boxes"])
def test_a_second_certification_computes_few_styles(documents, monkeypatch, kind):
    """Elements' styles, and the style their line and text boxes take (their
    anonymous boxes'), are copied from pristine styles that learnt them from
    the last document."""
    first, second = [d for d in documents if d.kind == "certification"][:2]
    computations = record_calls(monkeypatch, kind, "__missing__")
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


def test_anonymous_boxes_have_a_style_of_their_own_document():
    pdf_styles.install()
    pdf_styles.clear()
    text = "p { color: #123456 }"
    css = pdf_styles.share(CSS(string=text), text)
    pages = [HTML(string="<p>ข้อความ <b>หนา</b></p>").render(stylesheets=[css], font_config=_font_config())
             .pages[0]._page_box for _ in range(3)]
    text_boxes = [[box for box in page.descendants() if isinstance(box, boxes.TextBox)] for page in pages]
    paragraphs = [next(box for box in page.descendants() if box.element_tag == "p") for page in pages]
    styles = [page_boxes[0].style for page_boxes in text_boxes]
    assert len({id(style) for style in styles}) == 3
    assert all(style.parent_style is paragraph.style for style, paragraph in zip(styles, paragraphs))
    assert all(style["color"] == paragraphs[0].style["color"] for style in styles)
    styles[1]["white_space"] = "pre"  # edited in one document (as WeasyPrint edits leaders')
    again = HTML(string="<p>ข้อความ <b>หนา</b></p>").render(stylesheets=[css], font_config=_font_config())
    box = next(box for box in again.pages[0]._page_box.descendants() if isinstance(box, boxes.TextBox))
    assert box.style["white_space"] == "normal"


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
    monkeypatch.setattr(pdf_styles, "_MAX_CASCADES", 3)
    css = pdf_styles.share(CSS(string="p { margin: 0 }"), "p { margin: 0 }")
    for width in range(10, 20):
        _render(css, "ก", f"width: {width}pt")
    assert 0 < len(pdf_styles._STYLES) <= 4
    assert 0 < len(pdf_styles._CASCADES) <= 3


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


@pytest.fixture()
def matches(monkeypatch):
    """Count the elements WeasyPrint matches against the stylesheets' selectors."""
    return record_calls(monkeypatch, cssselect2.Matcher, "match")


def _pdf(css: CSS, html: str) -> bytes:
    return HTML(string=html).write_pdf(stylesheets=[css], font_config=_font_config())


def test_a_document_of_a_known_shape_matches_no_selector(matches):
    pdf_styles.install()
    pdf_styles.clear()
    css = pdf_styles.share(CSS(string="p { margin-top: 1em }"), "p { margin-top: 1em }")
    _render(css, "หนึ่ง")
    first = len(matches)
    matches.clear()
    _render(css, "สองสามสี่")  # other text, same elements and attributes
    assert first > 5 and not matches
    _render(css, "สอง", "width: 40%")  # another style attribute: another shape
    assert len(matches) == first


# Pairs of documents that differ only in what a selector sees, and a stylesheet
# that tells them apart: the second one must not get the first one's cascade.
SHAPES = {
    "class": ("p.a { color: red }", '<p class="a">ก</p>', '<p class="b">ก</p>'),
    "empty": ("p:empty + p { color: red }", "<p></p><p>ก</p>", "<p>ข</p><p>ก</p>"),
    "sibling": ("i + b { color: red }", "<p><i>ข</i><b>ก</b></p>", "<p><b>ก</b><i>ข</i></p>"),
    "depth": ("body > div > p { color: red }", "<div><p>ก</p></div>", "<div><div><p>ก</p></div></div>"),
    "link": (":link { color: red }", '<p><a href="#p">ก</a></p>', "<p><a>ก</a></p>"),
    "lang": (":lang(en) { color: red }", '<p lang="en">ก</p>', '<p lang="th">ก</p>'),
    "attribute": ('[data-x="1"] { color: red }', '<p data-x="1">ก</p>', '<p data-x="2">ก</p>'),
    "style": ("p { color: red }", '<p style="color: blue">ก</p>', '<p style="color: green">ก</p>'),
}


@pytest.mark.parametrize("text, first, second", SHAPES.values(), ids=SHAPES)
def test_what_a_selector_sees_makes_another_shape(text, first, second):
    pdf_styles.install()
    pdf_styles.clear()
    css = pdf_styles.share(CSS(string=text), text)
    expected = _pdf(css, first), _pdf(css, second)
    pdf_styles.clear()
    assert (_pdf(css, first), _pdf(css, second)) == expected
    with without_patch(pdf_styles):
        assert (_pdf(css, first), _pdf(css, second)) == expected
    assert expected[0] != expected[1], "the stylesheet tells the documents apart"


def test_metadata_values_do_not_make_another_shape(matches):
    pdf_styles.install()
    pdf_styles.clear()
    css = pdf_styles.share(CSS(string="p { margin: 0 }"), "p { margin: 0 }")
    authors = ("องค์การบริหารส่วนตำบลหนึ่ง", "องค์การบริหารส่วนตำบลสอง")
    pdfs = [_pdf(css, f'<meta name="author" content="{author}"/><p>ก</p>') for author in authors]
    assert len(pdf_styles._CASCADES) == 1
    assert [pypdf.PdfReader(io.BytesIO(pdf)).metadata.author for pdf in pdfs] == list(authors)


@pytest.mark.parametrize("text", ["meta[content] + p { color: red }", '[content="x"] { color: red }',
                                  "[ns|content] { color: red }", "[ CONTENT ~= x ] { color: red }"])
def test_a_stylesheet_that_selects_on_content_is_not_shared(text):
    css = CSS(string=text)
    assert pdf_styles.share(css, text) is css
    assert css not in pdf_styles._SHARED


def test_weasyprints_own_stylesheets_do_not_select_on_content():
    """What lets a document's shape leave out the values of its <meta name=...>."""
    sheets = sorted((Path(weasyprint.__file__).parent / "css").glob("*.css"))
    assert len(sheets) >= 3
    for sheet in sheets:
        assert not pdf_styles._SELECTS_CONTENT.search(sheet.read_text("utf-8")), sheet.name


PAGED = """@page { size: A6; margin: 20mm 15mm; @top-center { content: counter(page) } }
@page :first { margin-top: 30mm; @top-center { content: none } }
@page :left { @bottom-left { content: "ซ้าย" } }
@page :nth(3) { @bottom-right { content: "สาม" } }
p { break-after: page }"""


def test_page_rules_are_matched_once_per_page_type(monkeypatch):
    pdf_styles.install()
    pdf_styles.clear()
    css = pdf_styles.share(CSS(string=PAGED), PAGED)
    html = "".join(f"<p>หน้า {n}</p>" for n in range(1, 5))
    matched = record_calls(monkeypatch, StyleFor, "_page_type_match")
    first = _pdf(css, html)
    assert matched
    matched.clear()
    assert _pdf(css, html) == first
    assert not matched
    with without_patch(pdf_styles):
        assert _pdf(css, html) == first
    assert len(pypdf.PdfReader(io.BytesIO(first)).pages) == 4


def test_a_second_document_freezes_no_declarations(documents, monkeypatch):
    """Page specificities are lists: each page style's declarations are made
    hashable once, for the dicts the caches keep, not once per document."""
    pdf_styles.clear()
    certification = next(d for d in documents if d.kind == "certification")
    render_pdf(certification)
    frozen = record_calls(monkeypatch, pdf_styles, "_frozen")
    render_pdf(certification)
    assert not frozen
    pdf_styles.clear()
    render_pdf(certification)
    assert frozen, "the first document freezes them"


# Pseudo-elements a document asks for: list markers, footnote calls and markers,
# generated content, and one that sets an anchor (a target of target-counter()).
PSEUDOS = """
<ol><li>หนึ่ง</li><li>สอง<span class="note">เชิงอรรถ ๑</span></li></ol>
<ul><li>ข้อ</li></ul>
<p class="lead">ย่อหน้า<span class="note">เชิงอรรถ ๒</span> <a class="go" href="#end">ดู</a></p>
<p class="next" id="end">ท้าย <a class="back" href="#after-link">กลับ</a></p>"""
PSEUDO_CSS = """
.note { float: footnote }
li::marker { color: #a00 }
.lead::before { content: "» " }
.go::after { content: " หน้า " target-counter(attr(href), page); -weasy-anchor: "after-link" }
.back::after { content: " หน้า " target-counter(attr(href), page) }
.next { break-before: page }"""


def test_pseudo_elements_made_when_asked_for_are_those_of_weasyprint_alone(monkeypatch):
    pdf_styles.install()
    pdf_styles.clear()
    css = pdf_styles.share(CSS(string=PSEUDO_CSS), PSEUDO_CSS)
    first, second = (_pdf(css, PSEUDOS) for _ in range(2))  # the second replays the cascade
    with without_patch(pdf_styles):
        plain = _pdf(css, PSEUDOS)
    assert first == second == plain
    first_page = pypdf.PdfReader(io.BytesIO(second)).pages[0].extract_text()
    assert "» ย่อหน้า" in first_page and "หน้า 2" in first_page and "1. เชิงอรรถ ๑" in first_page


def test_a_second_certification_makes_no_style_for_pseudo_elements(documents, monkeypatch):
    certification = next(d for d in documents if d.kind == "certification")
    render_pdf(certification)
    made = record_calls(monkeypatch, pdf_styles, "_original")
    render_pdf(certification)
    assert not [args for args in made if args[4:5] and args[4] is not None], "no pseudo-element style"
    with without_patch(pdf_styles):
        render_pdf(certification)
    assert len(made) > 100, "WeasyPrint makes six for each element"
