"""Page set-up of a DOCX: document defaults, paper and margins, headers, the Garuda.

python-docx's default template points the fonts at the theme, so the theme
references are removed from the document defaults (:func:`set_fonts`).  Page
numbers are a PAGE field formatted in Thai digits, in a header shown from
page 2.  A batch repeats the same set-up for every unit, so each distinct
set-up is built once per process and frozen; a document brings only its
body and core properties (:func:`set_up`).
"""

from __future__ import annotations

import io

from docx import Document as open_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from docgen import layout
from docgen.emblem import prepared
from docgen.fonts import text_width
from docgen.model import Document
from docgen.writers.docx_package import FrozenPackage, new_document
from docgen.writers.docx_runs import add_run, set_fonts


def _defaults(document, family: str) -> None:
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default, family, layout.BODY_SIZE)
    normal = document.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), family, layout.BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _page(document, doc: Document) -> None:
    section = document.sections[0]
    landscape = doc.orientation == "landscape"
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = doc.page_size
    section.page_width = Pt(width)
    section.page_height = Pt(height)
    section.left_margin = Pt(layout.MARGIN_LEFT)
    section.right_margin = Pt(layout.MARGIN_RIGHT)
    section.top_margin = Pt(layout.MARGIN_TOP)
    section.bottom_margin = Pt(layout.MARGIN_BOTTOM)
    section.header_distance = Pt(layout.SECRECY_EDGE if doc.secrecy else layout.PAGE_NUMBER_TOP)
    section.footer_distance = Pt(layout.SECRECY_EDGE if doc.secrecy else layout.MARGIN_BOTTOM / 2)
    section.different_first_page_header_footer = True
    number_type = OxmlElement("w:pgNumType")
    number_type.set(qn("w:fmt"), "thaiNumbers")
    for tag in ("w:cols", "w:titlePg", "w:docGrid"):  # schema order: pgNumType comes before these
        following = section._sectPr.find(qn(tag))
        if following is not None:
            following.addprevious(number_type)
            break
    else:
        section._sectPr.append(number_type)
    family = doc.font_family
    header, first_header = section.header.paragraphs[0], section.first_page_header.paragraphs[0]
    if doc.secrecy:  # centred, red, at the top and the bottom of every page (§8)
        for paragraph in (header, first_header, section.footer.paragraphs[0],
                          section.first_page_footer.paragraphs[0]):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_run(paragraph, doc.secrecy, family, layout.MARK_SIZE, True, layout.MARK_COLOR)
        header = section.header.add_paragraph()
        first_header = section.first_page_header.add_paragraph()
    if doc.page_numbers:
        _page_number_header(header, family)
    if doc.emblem:
        _emblem_header(first_header, doc)
    elif doc.speed:
        add_run(first_header, doc.speed, family, layout.MARK_SIZE, True, layout.MARK_COLOR)



def _field(paragraph, instruction: str, family: str) -> None:
    """A Word field (PAGE) with a placeholder result."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "๒"), ("end", None)):
        run = add_run(paragraph, "", family)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _page_number_header(paragraph, family: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(paragraph, "- ", family)
    _field(paragraph, " PAGE ", family)
    add_run(paragraph, " -", family)


def _emblem_header(paragraph, doc: Document) -> None:
    """Garuda in the first-page header: 1.5 cm from the top edge, centred on the paper."""
    if doc.masthead_title is not None:
        return _memo_header(paragraph, doc)
    emblem = doc.emblem
    data, (w_px, h_px) = prepared(emblem.path, emblem.height)
    width = emblem.height * w_px / h_px
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(layout.GARUDA_GAP_BELOW)
    if emblem.align == "page-center":
        # A centre tab at the paper's centre (the text block is 1 cm right of
        # it); the speed mark, if any, stands at the margin on the same line.
        fmt.tab_stops.add_tab_stop(Pt(doc.page_size[0] / 2 - layout.MARGIN_LEFT), WD_TAB_ALIGNMENT.CENTER)
        if doc.speed:
            add_run(paragraph, doc.speed, doc.font_family, layout.MARK_SIZE, True, layout.MARK_COLOR)
        add_run(paragraph, "\t", doc.font_family)
    paragraph.add_run().add_picture(io.BytesIO(data), width=Pt(width), height=Pt(emblem.height))


def _memo_header(paragraph, doc: Document) -> None:
    """Memo (§10): the Garuda floats at the left margin, ``emblem.top`` from the
    top edge; the title is centred on a line exactly MEMO_TITLE_LINE tall whose
    baseline (at EXACT_LINE_ASCENT of it) is the Garuda's foot; the speed mark
    is centred between the two.  The body starts under this header."""
    emblem, family, fmt = doc.emblem, doc.font_family, paragraph.paragraph_format
    data, (w_px, h_px) = prepared(emblem.path, emblem.height)
    width = emblem.height * w_px / h_px
    ascent = layout.EXACT_LINE_ASCENT * layout.MEMO_TITLE_LINE
    fmt.space_before = Pt(max(0.0, emblem.top + emblem.height - layout.PAGE_NUMBER_TOP - ascent))
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(layout.MEMO_TITLE_LINE)
    x = 0.0 if emblem.align == "margin-left" else doc.page_size[0] / 2 - layout.MARGIN_LEFT - width / 2
    _float(paragraph.add_run(), data, width, emblem.height, x, emblem.top)
    title = doc.masthead_title
    title_width = sum(text_width(r.text, r.size or layout.BODY_SIZE, r.bold) for r in title)
    if doc.speed:
        fmt.tab_stops.add_tab_stop(Pt((width + (layout.TEXT_WIDTH - title_width) / 2) / 2), WD_TAB_ALIGNMENT.CENTER)
        add_run(paragraph, "\t", family)
        add_run(paragraph, doc.speed, family, layout.MARK_SIZE, True, layout.MARK_COLOR)
    fmt.tab_stops.add_tab_stop(Pt(layout.TEXT_WIDTH / 2), WD_TAB_ALIGNMENT.CENTER)
    add_run(paragraph, "\t", family)
    for run in title:
        add_run(paragraph, run.text, family, run.size, run.bold, run.color)


def _float(run, data: bytes, width: float, height: float, x: float, y: float) -> None:
    """A picture anchored ``x`` pt right of the left margin and ``y`` pt below
    the top edge of the page, in front of the text, which does not wrap."""
    inline = run.add_picture(io.BytesIO(data), width=Pt(width), height=Pt(height))._inline
    anchor = OxmlElement("wp:anchor")
    for name, value in (("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0"), ("simplePos", "0"),
                        ("relativeHeight", "251659264"), ("behindDoc", "0"), ("locked", "0"),
                        ("layoutInCell", "1"), ("allowOverlap", "1")):
        anchor.set(name, value)
    simple = OxmlElement("wp:simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    anchor.append(simple)
    for tag, relative, offset in (("wp:positionH", "margin", x), ("wp:positionV", "page", y)):
        position, value = OxmlElement(tag), OxmlElement("wp:posOffset")
        position.set("relativeFrom", relative)
        value.text = str(int(Pt(offset)))
        position.append(value)
        anchor.append(position)
    anchor.append(inline.find(qn("wp:extent")))
    effect = OxmlElement("wp:effectExtent")
    for side in "ltrb":
        effect.set(side, "0")
    anchor.append(effect)
    anchor.append(OxmlElement("wp:wrapNone"))
    for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        anchor.append(inline.find(qn(tag)))
    inline.getparent().replace(inline, anchor)



_SETUPS: dict[tuple, FrozenPackage] = {}  # page set-up -> a package with it and an empty body


def set_up(doc: Document) -> FrozenPackage:
    """A package with ``doc``'s fonts, page, headers and Garuda, and no body.

    Building them costs more than a one-page body, and a batch repeats the
    same set-up for every unit: each distinct set-up is built once per
    process, saved and parsed back (so it is what a saved DOCX holds), and
    frozen: a document copies only the body and core properties.
    """
    emblem_version = doc.emblem.path.stat().st_mtime_ns if doc.emblem else None  # an edited image is new
    key = (doc.font_family, doc.orientation, doc.page_size, doc.secrecy, doc.page_numbers, repr(doc.emblem),
           emblem_version, doc.speed, repr(doc.masthead_title))
    if key not in _SETUPS:
        document = new_document()
        _defaults(document, doc.font_family)
        _page(document, doc)
        buffer = io.BytesIO()
        document.save(buffer)
        if len(_SETUPS) >= 32:
            _SETUPS.clear()
        _SETUPS[key] = FrozenPackage(open_docx(io.BytesIO(buffer.getvalue())))
    return _SETUPS[key]
