"""The PDF writer's HTML: parsed with expat, it gives the bytes the HTML5
parser gives; words glued by no-break spaces stay together."""

from __future__ import annotations

import re
import subprocess
from html import escape
from xml.etree import ElementTree

import cssselect2.tree
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.model import Document, Paragraph, Run
from docgen.pipeline import documents
from docgen.writers import html as html_writer
from docgen.writers import pdf as pdf_writer
from docgen.writers.html import to_html
from docgen.writers.pdf import parse_html, render_pdf
from tests.conftest import REFERENCE_CONFIG, record_calls

FOLDER = REFERENCE_CONFIG.parent
# One config per kind, and what each adds to the markup: the letter's address columns
# (<br/>), the memo's masthead and its dotted leaders (inline SVG), the action plan's
# and targets' tables (<col/>), an order, a certification.
CONFIGS = ["circular.yaml", "memo.yaml", "action-plan.yaml", "targets.yaml",
           "orders/province-team.yaml", "certification-lao.yaml"]


def _html5_only(monkeypatch):
    def refuse(text, parser=None):
        raise ElementTree.ParseError("the HTML5 parser, for comparison")

    monkeypatch.setattr(pdf_writer.ElementTree, "fromstring", refuse)


@pytest.mark.parametrize("config", CONFIGS)
def test_same_pdf_as_the_html5_parser(config, monkeypatch):
    name, document = documents(FOLDER / config)[0]
    assert isinstance(parse_html(to_html(document)), pdf_writer._WellFormedHTML), "markup is not well-formed XML"
    expat = render_pdf(document).data
    _html5_only(monkeypatch)
    assert render_pdf(document).data == expat, f"{config}: {name}"


def test_well_formed_markup_is_parsed_as_xml():
    html = parse_html('<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"/></head>'
                      '<body><p>ทดสอบ<br/>สอง</p></body></html>')
    assert isinstance(html, pdf_writer._WellFormedHTML)
    assert [e.tag for e in html.etree_element.iter()] == ["html", "head", "meta", "body", "p", "br"]


def test_text_that_xml_forbids_still_renders(monkeypatch):
    """A form feed is not an XML character: the HTML5 parser takes that document."""
    document = Document("ทดสอบ", "ทดสอบ", [Paragraph([Run("ก่อน\x0cหลัง")])])
    assert not isinstance(parse_html(f"<html><body><p>{chr(12)}</p></body></html>"), pdf_writer._WellFormedHTML)
    data = render_pdf(document).data
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
    assert "ก่อน" in text.decode() and "หลัง" in text.decode()
    _html5_only(monkeypatch)
    assert render_pdf(document).data == data


# The definition of a glued run: words joined by no-break spaces.
_GLUED_BY_DEFINITION = re.compile("[^\\s\u00a0]*(?:\u00a0[^\\s\u00a0]*)+")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="กขำ้ ๑\u00a0\u200b\n&<a", max_size=40))
def test_text_joined_by_a_no_break_space_is_wrapped_in_a_nowrap_span(text):
    expected = _GLUED_BY_DEFINITION.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', escape(text))
    assert html_writer._text(text) == expected


def test_a_date_is_glued_and_the_words_around_it_are_not():
    text = "ให้ไว้ ณ วันที่ ๒๒\u00a0กุมภาพันธ์\u00a0พ.ศ.\u00a0๒๕๖๒ แล้ว"
    assert html_writer._text(text) == (
        'ให้ไว้ ณ วันที่ <span class="nobr">๒๒\u00a0กุมภาพันธ์\u00a0พ.ศ.\u00a0๒๕๖๒</span> แล้ว')


def test_a_second_document_compiles_no_selector(monkeypatch):
    """WeasyPrint looks for <style>, <link>, <title> and <meta> in every
    document with selector strings; they are compiled once per process."""
    name, document = documents(FOLDER / "certification-lao.yaml")[0]
    render_pdf(document)
    compiled = record_calls(monkeypatch, cssselect2.tree, "compile_selector_list")
    assert render_pdf(document).data
    assert not compiled
    pdf_writer._compiled.cache_clear()
    render_pdf(document)
    assert compiled, "the first document compiles them"


def test_well_formed_markup_never_reaches_the_html5_parser(monkeypatch):
    """Not even an empty string: each document's HTML object is set up as
    WeasyPrint sets up one for a string, with the same base URL, fetcher and
    media type."""
    import tinyhtml5
    import weasyprint

    calls = record_calls(monkeypatch, tinyhtml5, "parse")
    name, document = documents(FOLDER / "certification-lao.yaml")[0]
    ours = parse_html(to_html(document))
    render_pdf(document)
    assert calls == []
    fetcher = ours.url_fetcher
    weasyprints = weasyprint.HTML(string="<p>x</p>", base_url=".", url_fetcher=fetcher)
    assert len(calls) == 1
    assert (ours.base_url, ours.url_fetcher, ours.media_type) == (weasyprints.base_url, fetcher,
                                                                  weasyprints.media_type)
