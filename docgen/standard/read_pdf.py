"""A PDF as the rules see it: pages, lines with positions, sizes, fonts and
colours (pdfplumber), images with their boxes, and whether each font is
embedded (pypdf).

A PDF that holds several documents (a circular package: the letter, then
each enclosure) is split where a document starts: a page without a page
number ("- n -") that carries a Garuda or an enclosure label
("สิ่งที่ส่งมาด้วย n") near its top.

>>> from docgen.standard.view import Line
>>> _starts_document(1, [Line("ที่ ลบ ๐๐๑๙/ว ๑")], [])
True
>>> _starts_document(2, [Line("สิ่งที่ส่งมาด้วย ๒", top=70)], [])
True
>>> _starts_document(2, [Line("- ๒ -", top=41), Line("ส่งอำเภอ", top=70)], [])
False
"""

from __future__ import annotations

import io
import re
from collections import Counter

from docgen.standard.view import Doc, Image, Line, Page, View, detect_kind, is_page_number

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_ENCLOSURE_LABEL = re.compile(r"^สิ่งที่ส่งมาด้วย(\s*[๐-๙0-9]+)?$")
TOP_BAND = 5.5 * 72 / 2.54  # a document's head (Garuda, enclosure label) lies above this


def font_name(name: str) -> str:
    """The font's name without its subset tag.

    >>> font_name("WWMWBZ+Laksaman-Sarabun-Metric")
    'Laksaman-Sarabun-Metric'
    """
    return _SUBSET.sub("", name or "")


def _clean(page):
    """The page without the empty-text glyphs of Thai marks (their text is
    carried by the cluster's first glyph), which would otherwise read as gaps."""
    return page.filter(lambda obj: obj.get("object_type") != "char" or obj.get("text"))


def _line(number: int, found: dict) -> Line:
    chars = [c for c in found.get("chars", []) if c.get("text", "").strip()]
    sizes = Counter(round(c["size"], 2) for c in chars)
    fonts = dict.fromkeys(font_name(c.get("fontname", "")) for c in chars)
    colors = dict.fromkeys(_colour(c.get("non_stroking_color")) for c in chars)
    return Line(found["text"], page=number, x0=found["x0"], x1=found["x1"], top=found["top"],
                bottom=found["bottom"], sizes=tuple(s for s, _ in sizes.most_common()), fonts=tuple(fonts),
                colors=tuple(colors))


def _colour(value) -> tuple:
    if value is None:
        return (0,)
    return tuple(round(float(v), 2) for v in (value if isinstance(value, (tuple, list)) else (value,)))


def _embedded(reader) -> list[dict[str, bool]]:
    """For each page, its fonts (name -> embedded)."""
    out = []
    for page in reader.pages:
        fonts: dict[str, bool] = {}
        resources = page.get("/Resources")
        table = resources.get_object().get("/Font") if resources else None
        for ref in (table.get_object().values() if table else []):
            font = ref.get_object()
            name = font_name(str(font.get("/BaseFont", "")).lstrip("/"))
            descriptor = font.get("/FontDescriptor")
            if "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[name] = embedded or font.get("/Subtype") == "/Type3"
        out.append(fonts)
    return out


def _starts_document(number: int, lines: list[Line], images: list[Image]) -> bool:
    if number == 1:
        return True
    if any(is_page_number(line) for line in lines[:2]):
        return False
    head = [line for line in lines if line.top is not None and line.top < TOP_BAND]
    return any(_ENCLOSURE_LABEL.match(line.text.strip()) for line in head) or any(
        image.top is not None and image.top < TOP_BAND for image in images)


def read_pdf(data: bytes, path: str = "") -> View:
    import pdfplumber
    import pypdf

    fonts = _embedded(pypdf.PdfReader(io.BytesIO(data)))
    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            found = _clean(page).extract_text_lines(return_chars=True)
            lines = [_line(number, f) for f in found if f["text"].strip()]
            words = _clean(page).extract_words(extra_attrs=["size", "non_stroking_color"])
            for line in lines:  # the words of each line, split where the style changes
                line.segments = tuple((w["text"], round(w["size"], 2), _colour(w["non_stroking_color"]))
                                      for w in words if line.top - 1 <= (w["top"] + w["bottom"]) / 2 <= line.bottom + 1)
            images = [Image(number, im["x0"], im["top"], im["width"], im["height"],
                            tuple(int(v) for v in im.get("srcsize", (0, 0))) or None)
                      for im in page.images]
            pages.append(Page(number, float(page.width), float(page.height), lines, images, fonts[number - 1]))
    groups: list[list[Page]] = []
    for page in pages:
        if not groups or _starts_document(page.number, page.lines, page.images):
            groups.append([])
        groups[-1].append(page)
    docs = []
    for group in groups:
        lines = [line for page in group for line in page.lines]
        docs.append(Doc("pdf", detect_kind([line.text for line in lines]), lines, pages=group,
                        images=[im for page in group for im in page.images]))
    return View(path, "pdf", docs)
