"""Lines are shaped once: the drawing uses the Pango layout the line was
measured with, and the PDFs are the bytes WeasyPrint writes when it shapes
every line again to draw it."""

from __future__ import annotations

import pytest
from weasyprint import CSS, HTML
from weasyprint.text import line_break

from docgen import fonts, pipeline
from docgen.writers import pdf_justify, pdf_linebreaks, pdf_shaping, pdf_spaces, pdf_textlayer
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


def _justified_words():
    words = " ".join(["ข้อมูล", "ความจำเป็น", "พื้นฐาน", "ครัวเรือน", "หมู่บ้าน"] * 12)
    return HTML(string=f"<p>{words}</p>").render(
        stylesheets=[_sheet("p { text-align: justify }")], font_config=_font_config())


def test_justified_lines_are_drawn_from_the_layout_they_were_measured_with(monkeypatch, setups):
    """Words with a space between each: justification only widens the spaces,
    which the text layer draws wider without laying the line out again."""
    texts = record_calls(monkeypatch, line_break.Layout, "set_text")
    pdf_shaping.install()
    pdf_textlayer.install()
    document = _justified_words()
    setups.clear()
    texts.clear()
    shaped_once = document.write_pdf()
    assert setups == [] and texts == [], "no layout set up or given its text again to draw"
    pdf_shaping.defer_justification(False)  # widened by Pango on the kept layout
    try:
        document = _justified_words()
        setups.clear()
        texts.clear()
        assert document.write_pdf() == shaped_once
        assert len([args for args in texts if args[0].justification_spacing]) >= 5, "every line but the last"
        assert setups == []
    finally:
        pdf_shaping.defer_justification(True)
    with without_patch(pdf_shaping):
        document = _justified_words()
        setups.clear()
        assert document.write_pdf() == shaped_once
        assert len(setups) >= 5, "WeasyPrint sets up every line again"


def test_justified_lines_keep_the_pango_layout_they_were_measured_with(monkeypatch):
    """Justification makes each text box a new layout to widen; it takes the
    Pango layout the line was measured with, already shaped, instead."""
    from weasyprint.formatting_structure import boxes

    measured = []
    create_layout = line_break.create_layout

    def measuring(*args, **kwargs):  # the layouts split_first_line makes
        layout = create_layout(*args, **kwargs)
        measured.append(layout.layout)
        return layout

    monkeypatch.setattr(line_break, "create_layout", measuring)
    pdf_shaping.install()
    pdf_linebreaks.clear()  # no line broken before: each one is measured on a layout made here
    document = _justified_words()
    page = document.pages[0]._page_box
    justified = [box for box in page.descendants() if isinstance(box, boxes.TextBox)
                 and box.justification_spacing]
    assert len(justified) >= 5
    kept = [box.pango_layout.__dict__[pdf_shaping._KEPT][0] for box in justified]
    assert all(any(layout is one for one in measured) for layout in kept)


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


# Justified paragraphs whose spaces the text layer widens itself, or leaves to Pango:
# runs in another weight and size, no-break spaces, spaces at the ends of a run and
# of a line, spaces glued to other spaces, a mark after a space, Latin, a Thai indent.
WIDENED = {
    "runs": (f"<p>{TEXT[:40]} <b> {TEXT[40:80]} </b><span style='font-size: 11pt'> {TEXT[80:]}</span> "
             f"<i>ข้อมูล</i> {TEXT}</p>"),
    "no-break": "<p>" + " ".join(["จำนวน ๑,๒๐๐\u00a0ครัวเรือน", "คิดเป็นร้อยละ\u00a0๙๙.๑๗"] * 8) + "</p>",
    "glued": f"<p>{TEXT} " + " \u00a0".join(["ข้อมูล", "ความจำเป็น\u00a0\u00a0พื้นฐาน"] * 10) + f" {TEXT}</p>",
    "marks": "<p>" + " ".join(["ข้อมูล", "\u0e48ความ", "Latin text", "AV Wa"] * 10) + "</p>",
    "indent": f"<p style='text-indent: 25mm'>{TEXT} {TEXT}</p>",
}


@pytest.mark.parametrize("html", WIDENED.values(), ids=WIDENED)
def test_spaces_the_text_layer_widens_are_those_pango_lays_out(monkeypatch, html):
    widened = record_calls(monkeypatch, pdf_spaces, "widened")
    pdf_shaping.install()
    pdf_textlayer.install()

    def pdf():
        return HTML(string=html).render(stylesheets=[_sheet("p { text-align: justify }")],
                                        font_config=_font_config()).write_pdf()

    drawn = pdf()
    assert widened, "some lines have their spaces widened by the text layer"
    pdf_shaping.defer_justification(False)  # widened by Pango, on the kept layout
    try:
        assert pdf() == drawn
    finally:
        pdf_shaping.defer_justification(True)


def test_documents_are_byte_identical_when_pango_widens_the_spaces():
    documents = [pipeline.documents(REFERENCE_CONFIG.parent / name)[0][1]
                 for name in ("certification-lao.yaml", "circular.yaml", "memo.yaml")]
    drawn = [render_pdf(document).data for document in documents]
    pdf_shaping.defer_justification(False)
    try:
        assert [render_pdf(document).data for document in documents] == drawn
    finally:
        pdf_shaping.defer_justification(True)


@pytest.mark.parametrize("points", [1.0, 2.0, 0.5])
def test_spaces_widened_by_whole_pango_units_are_those_pango_lays_out(monkeypatch, points):
    """Pango rounds the half before a space to whole points when the letter
    spacing is a whole number of points (its hinting)."""
    from weasyprint.formatting_structure import boxes

    widened = record_calls(monkeypatch, pdf_spaces, "widened")
    pdf_shaping.install()
    pdf_textlayer.install()

    def pdf():
        document = _justified_words()
        for box in document.pages[0]._page_box.descendants():
            if isinstance(box, boxes.TextBox) and box.justification_spacing:
                box.pango_layout.justification_spacing = points
        return document.write_pdf()

    drawn = pdf()
    assert widened
    pdf_shaping.defer_justification(False)
    try:
        assert pdf() == drawn
    finally:
        pdf_shaping.defer_justification(True)


def test_the_widening_is_left_to_pango_where_it_is_not_known():
    assert pdf_spaces.can_widen("ข้อมูล ความจำเป็น".encode(), 1200)
    for text, spacing in ((" ", 1200), ("ก  ข", 1200), ("ก \u00a0ข", 1200), ("ก\x00 ข", 1200), ("ก ข", -5)):
        assert not pdf_spaces.can_widen(text.encode(), spacing), text
    utf8 = "ก ข".encode()
    assert pdf_spaces.widened(0, 7, [0, 3, 4], [9000, 0, 9000], [0, 0, 0], {1: " "}, utf8, 2000) is None
    assert pdf_spaces.widened(0, 7, [0, 3, 3], [9000, 4700, 0], [0, 0, 0], {1: " \u0e48"}, utf8, 2000) is None
    # the line's first and last spaces: twice the spacing, half of it trimmed at the line's end
    ends = pdf_spaces.widened(0, 5, [0, 1, 4], [4700, 9000, 4700], [0, 0, 0], {0: " ", 2: " "},
                              " ก ".encode(), 1000)
    assert ends == [(0, 1, [5700], [0]), (1, 2, [9000], [0]), (2, 3, [5700], [1000])]
