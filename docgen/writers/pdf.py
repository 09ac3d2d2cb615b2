"""PDF writer: the document model through WeasyPrint.

Rendering happens twice when a document has more than one page: the first
layout tells where the pages break, so the continuation marker of each page
("/" + the first word(s) of the next page + "...", spec §18) can be set in the
bottom-right page-margin box of the second layout.  Margin boxes do not move
the body, so the pages break in the same places; this is checked.

The Thai text layer of WeasyPrint 70 is repaired by ``pdf_textlayer``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from xml.etree import ElementTree

import cssselect2
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, ensure_url
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from docgen import archival
from docgen.model import Document
from docgen.writers import (pdf_contexts, pdf_flow, pdf_identifier, pdf_images, pdf_justify, pdf_linebreaks,
                            pdf_percentages, pdf_reuse, pdf_shaping, pdf_styles, pdf_textlayer)
from docgen.writers.html import EMBLEMS, stylesheet, to_html

MARKER_MIN_CHARS = 6  # take next-page words until the marker has this many characters


@dataclass(frozen=True)
class PdfResult:
    data: bytes
    first_lines: list[str]  # first line of text on each page
    markers: list[str]  # continuation marker printed at the foot of each page but the last

    @property
    def page_count(self) -> int:
        return len(self.first_lines)


@lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    return FontConfiguration()


def created_timestamp(doc: Document) -> str:
    """Metadata date: ``SOURCE_DATE_EPOCH`` if set, else the document's own date.

    Never the clock, so the same input gives the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{doc.date_iso}T00:00:00Z" if doc.date_iso else "2000-01-01T00:00:00Z"


def _page_lines(page) -> list[str]:
    """Text of each line box in a page's body (margin boxes excluded)."""
    lines: list[str] = []

    def walk(box):
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.LineBox):
            text = "".join(t.text for t in box.descendants() if isinstance(t, boxes.TextBox)).strip()
            if text:
                lines.append(text)
            return
        for child in getattr(box, "children", []):
            walk(child)

    walk(page._page_box)
    return lines


def continuation_marker(next_page_first_line: str) -> str:
    """``"ส่งอำเภอภายในวันที่ ..."`` -> ``"/ส่งอำเภอ..."``.

    Dictionary words of the next page's first line are taken until the marker
    holds ``MARKER_MIN_CHARS`` characters or the first space is reached.
    """
    from pythainlp.tokenize import word_tokenize

    head = next_page_first_line.split()[0] if next_page_first_line.split() else ""
    taken = ""
    for word in word_tokenize(head, engine="newmm", keep_whitespace=False):
        taken += word
        if len(taken) >= MARKER_MIN_CHARS:
            break
    return f"/{taken}..."


def _marker_css(markers: list[str]) -> str:
    rules = []
    for index, marker in enumerate(markers, start=1):
        text = marker.replace("\\", "\\\\").replace('"', '\\"')
        rules.append(f'@page :nth({index}) {{ @bottom-right {{ content: "{text}"; }} }}')
    return "\n".join(rules)


@lru_cache(maxsize=16)
def _stylesheet(text: str) -> CSS:
    """Parsed once per process: documents of one kind share their stylesheet
    (and, through :mod:`~docgen.writers.pdf_styles`, their computed styles)."""
    return pdf_styles.share(CSS(string=text, font_config=_font_config()), text)


_IMAGES: dict = {}  # WeasyPrint's image cache, kept across documents (the emblem)


class _Fetcher(URLFetcher):
    """Serves the prepared emblems by their short URLs; everything else as usual."""

    def fetch(self, url, headers=None):
        if url in EMBLEMS:
            return URLFetcherResponse(url, body=EMBLEMS[url], headers={"Content-Type": "image/png"})
        return super().fetch(url, headers)


@lru_cache(maxsize=1)
def _fetcher() -> _Fetcher:
    return _Fetcher()


@lru_cache(maxsize=64)
def _compiled(selectors: tuple) -> list:
    return cssselect2.ElementWrapper._compile(selectors)


class _Wrapper(cssselect2.ElementWrapper):
    """cssselect2's element wrapper, compiling the selector strings that
    WeasyPrint queries every document with (``"style", "link"`` for its
    stylesheets, ``"title", "meta", "link"`` for its metadata) once per
    process: cssselect2 compiles them to Python source and ``eval``s it on
    every query, about 0.2 ms each."""

    @staticmethod
    def _compile(selectors):
        if all(isinstance(selector, str) for selector in selectors):
            return _compiled(tuple(selectors))
        return cssselect2.ElementWrapper._compile(selectors)


class _WellFormedHTML(HTML):
    """An :class:`HTML` whose tree expat (C) parsed, not tinyhtml5 (Python).

    ``to_html`` writes well-formed markup (void elements closed with ``/>``,
    no element an HTML parser would imply), so both parsers give the same
    document (``tests/test_pdf_html_parse.py`` compares the PDFs of each
    kind); expat takes about 0.05 ms a document where the HTML5 parser takes
    about 2 ms.  The attributes are those ``HTML.__init__`` sets for a
    string, without its parsing an empty one first (a whole HTML5 parser,
    about 60 objects left in reference cycles, for every document): the base URL
    made absolute as WeasyPrint makes it (a ``<base>`` in ``to_html``'s
    markup would be ignored, as it was), the fetcher and the media type.
    """

    def __init__(self, root: ElementTree.Element, base_url: str, url_fetcher, media_type: str = "print"):
        self.base_url = ensure_url(base_url)
        self.url_fetcher = url_fetcher
        self.media_type = media_type
        self.wrapper_element = _Wrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element


def parse_html(text: str) -> HTML:
    """``text`` (from :func:`~docgen.writers.html.to_html`) for WeasyPrint:
    parsed as XML, or as HTML if it is not well-formed XML (say, a control
    character that XML forbids in some text)."""
    options = {"base_url": ".", "url_fetcher": _fetcher()}
    try:
        return _WellFormedHTML(ElementTree.fromstring(text), **options)
    except ElementTree.ParseError:
        return HTML(string=text, **options)


def render_pdf(doc: Document, variant: str | None = None) -> PdfResult:
    """``doc`` as PDF; ``variant`` (see :mod:`docgen.archival`) makes an archival
    PDF/A or an accessible PDF/UA file of the same pages; None, a plain PDF."""
    options = {"pdf_variant": archival.weasyprint_variant(variant)} if variant else {}
    pdf_textlayer.install()
    pdf_justify.install()
    pdf_images.install()
    pdf_identifier.install()
    pdf_styles.install()
    pdf_shaping.install()
    pdf_reuse.install()
    pdf_contexts.install()
    pdf_percentages.install()
    pdf_linebreaks.install()
    pdf_flow.install()
    font_config = _font_config()
    html = parse_html(to_html(doc, created_timestamp(doc)))
    base_css = _stylesheet(stylesheet(doc))
    first = html.render(stylesheets=[base_css], font_config=font_config, cache=_IMAGES, **options)
    first_lines = [(_page_lines(page) or [""])[0] for page in first.pages]
    markers: list[str] = []
    rendered = first
    if doc.continuation_markers and len(first.pages) > 1:
        markers = [continuation_marker(line) for line in first_lines[1:]]
        marker_css = CSS(string=_marker_css(markers), font_config=font_config)
        rendered = html.render(stylesheets=[base_css, marker_css], font_config=font_config, cache=_IMAGES,
                               **options)
        again = [(_page_lines(page) or [""])[0] for page in rendered.pages]
        if again != first_lines:  # pragma: no cover - margin boxes never reflow the body
            raise RuntimeError("continuation markers changed the pagination")
    finisher = archival.finish if variant else None
    data = rendered.write_pdf(pdf_identifier=b"docgen", finisher=finisher, **options)
    return PdfResult(data, first_lines, markers)
