"""DOCX writer: the document model through python-docx.

Thai needs more than ``font.name``/``font.size``: Word picks the complex-script
font, size and bold for Thai characters (``w:rFonts w:cs``, ``w:szCs``,
``w:bCs``) and uses ``w:lang w:bidi`` for word breaking, and python-docx's
default template points the fonts at the theme.  So every run gets all four
font slots, both sizes and the Thai language, and the theme references are
removed from the document defaults.

Pagination is left to Word: the DOCX is the copy a clerk edits, and any edit
reflows the pages, so fixed page breaks or typed continuation markers would
soon be wrong.  Page numbers are a PAGE field formatted in Thai digits, in a
header shown from page 2.  The PDF carries the computed continuation markers.
"""

from __future__ import annotations

import io

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from docgen import layout
from docgen.emblem import prepared
from docgen.fonts import text_width
from docgen.model import Columns, Document, FormLine, Group, Paragraph, Run, Table
from docgen.writers.docx_package import new_document, save, timestamp

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "distribute": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
}
THAI = "th-TH"


def _set_fonts(rpr, family: str, size: float, bold: bool = False) -> None:
    """Font, size, bold and language for Latin *and* complex script (Thai).

    Elements are added in the order the schema requires: rFonts, b, bCs
    first; sz, szCs, lang last (python-docx inserts colour before sz).
    """
    for tag in ("w:rFonts", "w:b", "w:bCs", "w:sz", "w:szCs", "w:lang"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), family)
    head = [fonts] + ([OxmlElement("w:b"), OxmlElement("w:bCs")] if bold else [])
    start = 1 if len(rpr) and rpr[0].tag == qn("w:rStyle") else 0
    for offset, element in enumerate(head):
        rpr.insert(start + offset, element)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(round(size * 2)))
        rpr.append(element)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), THAI)
    lang.set(qn("w:bidi"), THAI)
    rpr.append(lang)


def _defaults(document, family: str) -> None:
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default, family, layout.BODY_SIZE)
    normal = document.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), family, layout.BODY_SIZE)
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
            _add_run(paragraph, doc.secrecy, family, layout.MARK_SIZE, True, layout.MARK_COLOR)
        header = section.header.add_paragraph()
        first_header = section.first_page_header.add_paragraph()
    if doc.page_numbers:
        _page_number_header(header, family)
    if doc.emblem:
        _emblem_header(first_header, doc)
    elif doc.speed:
        _add_run(first_header, doc.speed, family, layout.MARK_SIZE, True, layout.MARK_COLOR)


def _add_run(paragraph, text: str, family: str, size: float | None = None, bold: bool = False,
             color: str | None = None):
    run = paragraph.add_run(text)
    _set_fonts(run._r.get_or_add_rPr(), family, size or layout.BODY_SIZE, bold)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return run


def _field(paragraph, instruction: str, family: str) -> None:
    """A Word field (PAGE) with a placeholder result."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "๒"), ("end", None)):
        run = _add_run(paragraph, "", family)
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
    _add_run(paragraph, "- ", family)
    _field(paragraph, " PAGE ", family)
    _add_run(paragraph, " -", family)


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
            _add_run(paragraph, doc.speed, doc.font_family, layout.MARK_SIZE, True, layout.MARK_COLOR)
        _add_run(paragraph, "\t", doc.font_family)
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
        _add_run(paragraph, "\t", family)
        _add_run(paragraph, doc.speed, family, layout.MARK_SIZE, True, layout.MARK_COLOR)
    fmt.tab_stops.add_tab_stop(Pt(layout.TEXT_WIDTH / 2), WD_TAB_ALIGNMENT.CENTER)
    _add_run(paragraph, "\t", family)
    for run in title:
        _add_run(paragraph, run.text, family, run.size, run.bold, run.color)


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


def _form_line(document, line: FormLine, family: str) -> None:
    """A form's header line (memo, §10): for each field its label, a tab to
    the value, the value, and a dotted tab (``w:leader="dot"``) to the field's
    end, a right tab at the margin for the last one.  Wrapped lines hang
    under the first value."""
    out = document.add_paragraph()
    fmt = out.paragraph_format
    out.alignment = ALIGN["left"]
    hang = line.fields[0].indent
    fmt.left_indent = Pt(hang)
    fmt.first_line_indent = Pt(-hang)
    fmt.space_before = Pt(line.space_before)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    start = 0.0
    for index, f in enumerate(line.fields):
        last = index == len(line.fields) - 1
        fmt.tab_stops.add_tab_stop(Pt(start + f.indent))
        fmt.tab_stops.add_tab_stop(Pt(f.end), WD_TAB_ALIGNMENT.RIGHT if last else WD_TAB_ALIGNMENT.LEFT,
                                   WD_TAB_LEADER.DOTS)
        for run in [*f.label, Run("\t"), *f.value, Run("\t")]:
            _add_run(out, run.text, family, run.size, run.bold, run.color)
        start = f.end


def _paragraph(document, p: Paragraph, family: str):
    out = document.add_paragraph()
    fmt = out.paragraph_format
    out.alignment = ALIGN[p.align]
    fmt.left_indent = Pt(p.left)
    fmt.right_indent = Pt(p.right)
    fmt.first_line_indent = Pt(p.first)
    fmt.space_before = Pt(p.space_before)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.widow_control = True
    if p.keep_with_next:
        fmt.keep_with_next = True
    if p.label is not None:
        fmt.tab_stops.add_tab_stop(Pt(p.left))
        for run in p.label:
            _add_run(out, run.text, family, run.size, run.bold, run.color)
        _add_run(out, "\t", family)
    elif p.first < 0:
        _add_run(out, "\t", family)
    for run in p.runs:
        _add_run(out, run.text, family, run.size, run.bold, run.color)
    if p.trailer:
        fmt.tab_stops.add_tab_stop(Pt(layout.TEXT_WIDTH - p.right), WD_TAB_ALIGNMENT.RIGHT)
        _add_run(out, "\t", family)
        for run in p.trailer:
            _add_run(out, run.text, family, run.size, run.bold, run.color)
    return out


# The address block may run into the right margin rather than wrap: the
# builder places it so that its longest line ends at the margin, and a word
# processor measuring a hair wider must not push a word onto a new line.
OVERHANG = 28.35


def _columns(document, c: Columns, family: str) -> None:
    first = document.add_paragraph()
    first.paragraph_format.right_indent = Pt(-OVERHANG)
    first.paragraph_format.tab_stops.add_tab_stop(Pt(c.right_x))
    first.paragraph_format.space_before = Pt(c.space_before)
    for run in c.left:
        _add_run(first, run.text, family, run.size, run.bold, run.color)
    _add_run(first, "\t", family)
    for run in c.right[0]:
        _add_run(first, run.text, family, run.size, run.bold, run.color)
    for line in c.right[1:]:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Pt(c.right_x)
        paragraph.paragraph_format.right_indent = Pt(-OVERHANG)
        for run in line:
            _add_run(paragraph, run.text, family, run.size, run.bold, run.color)


def _table(document, t: Table, family: str) -> None:
    """A table whose rows never split and whose header row repeats (§18)."""
    table = document.add_table(rows=0, cols=len(t.columns))
    table.autofit = False
    if t.borders:
        table.style = "Table Grid"
    margins = OxmlElement("w:tblCellMar")  # the same cell padding as the PDF
    for side, points in (("top", layout.CELL_PADDING_Y), ("left", layout.CELL_PADDING_X),
                         ("bottom", layout.CELL_PADDING_Y), ("right", layout.CELL_PADDING_X)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(points * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = table._tbl.tblPr.find(qn("w:tblLook"))  # schema order: tblCellMar comes before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        table._tbl.tblPr.append(margins)
    rows = ([t.header] if t.header else []) + t.rows
    for index, cells in enumerate(rows):
        row = table.add_row()
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index == 0 and t.header:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for cell, spec, width in zip(row.cells, cells, t.columns):
            cell.width = Pt(width)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = ALIGN[spec.align]
            if t.keep_with_next or (index == 0 and t.header):  # the header never ends a page
                paragraph.paragraph_format.keep_with_next = True
            for run in spec.runs:
                _add_run(paragraph, run.text, family, run.size, run.bold or (index == 0 and bool(t.header)),
                         run.color)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), t.columns):
        col.set(qn("w:w"), str(round(width * 20)))


def render_docx(doc: Document) -> bytes:
    document = new_document()
    family = doc.font_family
    _defaults(document, family)
    _page(document, doc)
    for block in doc.blocks:
        if isinstance(block, Group):
            for p in block.blocks:
                _paragraph(document, p, family).paragraph_format.keep_together = True
        elif isinstance(block, Columns):
            _columns(document, block, family)
        elif isinstance(block, Table):
            _table(document, block, family)
        elif isinstance(block, FormLine):
            _form_line(document, block, family)
        else:
            _paragraph(document, block, family)
    moment = timestamp(doc)
    props = document.core_properties
    props.title = doc.title
    props.author = doc.author
    props.subject = doc.subject
    props.last_modified_by = doc.author
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1
    props.language = THAI
    return save(document, doc)

