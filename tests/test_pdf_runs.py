"""A line drawn before is not laid out by Pango again, and the PDFs are the
bytes written when every line is read from its own layout."""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.text import line_break

from docgen.writers import pdf_justify, pdf_runs
from docgen.writers.pdf import _font_config, render_pdf
from tests.conftest import certification_and_circular
from tests.test_pdf_linebreaks import STYLED

SPACED, WORDS, PLAIN = "เว้นระยะ ตัวอักษร", "เว้นระยะ คำ", "ไม่เว้นระยะ"
_SPACED_PAGE = (f'<html lang="th"><body style="font-family: Sarabun New">'
                f'<p style="letter-spacing: 1pt">{SPACED}</p><p style="word-spacing: 4pt">{WORDS}</p>'
                f'<p>{PLAIN}</p></body></html>')


def _pdfs(documents) -> list[bytes]:
    return [render_pdf(document).data for document in documents] + [
        HTML(string=page).write_pdf(font_config=_font_config()) for page in (STYLED, _SPACED_PAGE)]


def test_documents_are_byte_identical(monkeypatch):
    documents = certification_and_circular()
    pdf_runs.clear()
    first, again = _pdfs(documents), _pdfs(documents)
    read = pdf_runs.first_line
    monkeypatch.setattr(pdf_runs, "first_line", lambda layout, keep: read(layout, False))
    alone = _pdfs(documents)
    assert first == again == alone


def test_a_second_document_lays_out_no_line(monkeypatch):
    """But the line spread between its clusters (pdf_justify measures its text
    boxes, then draws them letter-spaced): in the Lopburi certification, one."""
    document = certification_and_circular()[0]
    render_pdf(document)
    laid_out, get_first_line, width = [], line_break.Layout.get_first_line, pdf_justify._width
    measuring = [False]

    def laying_out(layout):
        laid_out.append("measured" if measuring[0] else layout.style["letter_spacing"])
        return get_first_line(layout)

    def measured(*args):
        measuring[0] = True
        try:
            return width(*args)
        finally:
            measuring[0] = False

    monkeypatch.setattr(line_break.Layout, "get_first_line", laying_out)
    monkeypatch.setattr(pdf_justify, "_width", measured)
    render_pdf(document)
    drawn = [spacing for spacing in laid_out if spacing != "measured"]
    assert drawn and all(spacing not in ("normal", 0) for spacing in drawn), drawn
    laid_out.clear()
    monkeypatch.setattr(pdf_runs, "_LINES", {})
    render_pdf(document)
    assert len([spacing for spacing in laid_out if spacing != "measured"]) > len(drawn) + 10, (
        "without the kept runs, each line is laid out to be drawn")


def test_lines_with_attributes_of_their_own_are_read_each_time():
    render_pdf(certification_and_circular()[0])  # docgen's patches installed
    pdf_runs.clear()
    HTML(string=_SPACED_PAGE).write_pdf(font_config=_font_config())
    assert [text for (_, _, text) in pdf_runs._LINES] == [PLAIN], "spaced lines are not kept"
