"""Rules across pages: page numbers, continuation markers, the signature's
page, the Garuda, speed and secrecy marks (spec §5, §8, §18; checks 11 and
16-20 of §21).

>>> thai_number(12)
'๑๒'
"""

from __future__ import annotations

import re

from docgen import layout
from docgen.model import SECRECY_MARKS, SPEED_MARKS
from docgen.standard.rules import at, rule
from docgen.standard.rules_page import TOL, is_mark
from docgen.standard.rules_text import NAME_LINE, plain
from docgen.standard.view import CLOSINGS, Doc, is_marker, is_page_number, page_number

TOP_BAND = layout.cm(5.5)


def thai_number(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


@rule("page-number", "§18", (18,), "Pages 2 and later show '- n -' in Thai digits, centred at the top; page 1 none")
def page_numbers(doc: Doc, r):
    for index, page in enumerate(doc.pages, start=1):
        numbers = [line for line in page.lines[:3] if is_page_number(line)]
        if index == 1:
            for line in numbers:
                yield r.finding("page 1 carries a page number", at(line), line.text)
            continue
        if not numbers:
            yield r.finding(f"no page number '- {thai_number(index)} -' at the top", at(page=page.number))
            continue
        line = numbers[0]
        if page_number(line.text) != thai_number(index):
            yield r.finding(f"page number '{line.text}', not '- {thai_number(index)} -'", at(line), line.text)
        centre = layout.MARGIN_LEFT + (page.width - layout.MARGIN_LEFT - layout.MARGIN_RIGHT) / 2
        if abs((line.x0 + line.x1) / 2 - centre) > 2 * TOL:
            yield r.finding("page number not centred on the text block", at(line), line.text)
    if doc.format == "docx":
        yield from _docx_page_numbers(doc, r)


def _docx_page_numbers(doc: Doc, r):
    for section in doc.sections:
        default = section.headers.get("default")
        first = section.headers.get("first")
        numbered = default is not None and default.page_field
        if not numbered:
            if (doc.estimated_pages or 1) > 1:
                yield r.finding(f"no page number field in the header, and the text fills about {doc.estimated_pages} "
                                "pages", at(section=section.index))
            continue
        if not section.title_page or (first is not None and first.page_field):
            yield r.finding("page 1 shows a page number (set a different first-page header)", at(section=section.index))
        if section.number_format != "thaiNumbers":
            yield r.finding(f"page numbers formatted {section.number_format or 'decimal'}, not thaiNumbers "
                            "(Thai digits)", at(section=section.index))
        if "-" not in default.text:
            yield r.finding("page number without its hyphens ('- ๒ -')", at(section=section.index),
                            severity="warning")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@rule("continuation-marker", "§18", (19,), "Every page but the last ends with a right-aligned '/<next words>...'",
      formats=("pdf",))
def continuation_markers(doc: Doc, r):
    for page, following in zip(doc.pages, doc.pages[1:]):
        last = page.lines[-1] if page.lines else None
        if last is None or not is_marker(last):
            yield r.finding("no continuation marker '/<first word of the next page>...' at the foot of the page",
                            at(last) if last else at(page=page.number), last.text if last else "")
            continue
        if abs(last.x1 - (page.width - layout.MARGIN_RIGHT)) > TOL:
            yield r.finding("continuation marker not flush with the right margin", at(last), last.text)
        body = following.body()
        words = _squash(last.text)[1:].rstrip(".")
        if body and not _squash(body[0].text).startswith(words):
            yield r.finding(f"marker '{last.text}' does not match the next page, which begins "
                            f"'{body[0].text[:20]}'", at(last), last.text)
    if doc.pages and doc.pages[-1].lines and is_marker(doc.pages[-1].lines[-1]):
        line = doc.pages[-1].lines[-1]
        yield r.finding("continuation marker on the last page", at(line), line.text)


@rule("signature-page", "§18", (14, 20), "The signature block is on one page, after at least 2 body lines",
      formats=("pdf",), kinds=("letter", "memo", "order", "certification"))
def signature_page(doc: Doc, r):
    names = [line for line in doc.lines if NAME_LINE.match(plain(line.text))]
    if not names or len(doc.pages) < 2:
        return
    name = names[-1]
    starts = [line for line in doc.lines if plain(line.text) in CLOSINGS or plain(line.text).startswith("สั่ง ณ วันที่")]
    start = starts[-1] if starts and starts[-1].page <= name.page else name
    if start.page != name.page:
        yield r.finding(f"the signature block starts on page {start.page} and ends on page {name.page}", at(name),
                        name.text)
    page = next(p for p in doc.pages if p.number == start.page)
    above = [line for line in page.body() if line.top < start.top and not is_mark(line)]
    if len(above) < 2:
        yield r.finding(f"the signature stands with {len(above)} line(s) of text on its page, not at least 2",
                        at(start), start.text)


@rule("garuda", "§5", (11,), "Garuda 3 cm high, centred, 1.5 cm from the top (memo: 1.5 cm at the margin); page 1 only",
      kinds=("letter", "memo", "order", "certification"))
def garuda(doc: Doc, r):
    memo = doc.kind == "memo"
    height = layout.MEMO_GARUDA_HEIGHT if memo else layout.GARUDA_HEIGHT
    if doc.format == "pdf":
        first = [im for im in doc.pages[0].images if im.top < TOP_BAND] if doc.pages else []
        for page in doc.pages[1:]:
            for image in page.images:
                if image.top < TOP_BAND:
                    yield r.finding("an image at the top of a later page (the Garuda is on page 1 only)",
                                    at(page=page.number, x=image.x0, y=image.top))
    else:
        first = [im for im in doc.images if "first" in im.part or im.part == "body"]
        for image in doc.images:
            if "default" in image.part and image.height > layout.cm(1):
                yield r.finding(f"an image in the {image.part}, shown on every page (the Garuda is on page 1 only)",
                                at(section=image.section))
    if not first:
        yield r.finding("no Garuda on page 1 (fine on pre-printed ตราครุฑ paper)", severity="warning")
        return
    image = max(first, key=lambda im: im.height)
    where = at(page=image.page, x=image.x0, y=image.top, section=image.section)
    if abs(image.height - height) > TOL:
        yield r.finding(f"Garuda {image.height / layout.CM:.2f} cm high, not {height / layout.CM:.1f} cm", where)
    if image.pixels and all(image.pixels):
        drawn, source = image.width / image.height, image.pixels[0] / image.pixels[1]
        if abs(drawn / source - 1) > 0.02:
            yield r.finding("Garuda stretched: its aspect ratio is not kept", where)
    if doc.format == "pdf":
        if abs(image.top - layout.GARUDA_TOP) > layout.cm(0.2):
            yield r.finding(f"Garuda {image.top / layout.CM:.2f} cm from the top, not 1.5 cm", where)
        if memo and abs(image.x0 - layout.MARGIN_LEFT) > TOL:
            yield r.finding("memo Garuda not at the left margin", where)
        elif not memo and abs(image.x0 + image.width / 2 - doc.pages[0].width / 2) > TOL:
            yield r.finding("Garuda not centred on the page", where)


RED = ((1.0, 0.0, 0.0), (1, 0, 0))


@rule("marks", "§8", (16, 17), "Speed and secrecy marks: the listed words, red, at least 32 pt, in their places",
      formats=("pdf",))
def marks(doc: Doc, r):
    number_line = next((l for l in doc.lines if plain(l.text).startswith("ที่ ")), None)
    secrecy_pages: dict[int, int] = {}
    for line in doc.lines:
        for text, size, colour in line.segments:
            red, large = tuple(colour) in RED, size >= layout.MARK_SIZE - 0.1
            if not (red or large):
                continue
            words = [w for w in text.split() if w in SPEED_MARKS + SECRECY_MARKS]
            if not words and not text.startswith("ด่วนภายใน"):
                if large:
                    yield r.finding(f"'{text}' in {size:g} pt is not one of the speed or secrecy marks "
                                    f"({', '.join(SPEED_MARKS + SECRECY_MARKS)})", at(line), line.text)
                elif red:
                    yield r.finding(f"red text '{text}': only speed and secrecy marks are red", at(line), line.text,
                                    severity="warning")
                break  # once a line

            if not (red and large):
                yield r.finding(f"mark '{text}' must be red and at least 32 pt", at(line), line.text)
            if any(w in SECRECY_MARKS for w in words):
                secrecy_pages[line.page] = secrecy_pages.get(line.page, 0) + 1
            elif doc.pages and line.page != doc.pages[0].number:
                yield r.finding("speed mark on a later page (page 1 only)", at(line), line.text)
            elif number_line is not None and number_line.page == line.page and line.top > number_line.top:
                yield r.finding("speed mark below the ที่ line", at(line), line.text)
    if secrecy_pages:
        for page in doc.pages:
            if secrecy_pages.get(page.number, 0) < 2:
                yield r.finding("secrecy mark missing at the top or bottom of the page", at(page=page.number))
