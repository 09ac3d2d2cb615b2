"""DOCX writer: the document model through python-docx.

Runs carry Thai's font slots and language (:mod:`.docx_runs`); the page
set-up, headers and Garuda are :mod:`.docx_page`; this module writes the
blocks (paragraphs, columns, tables, form lines) and the package.

Pagination is left to Word: the DOCX is the copy a clerk edits, and any edit
reflows the pages, so fixed page breaks or typed continuation markers would
soon be wrong.  Page numbers are a PAGE field formatted in Thai digits, in a
header shown from page 2.  The PDF carries the computed continuation markers.
"""

from __future__ import annotations

from copy import deepcopy
from functools import lru_cache

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as Paragraph_

from docgen import layout
from docgen.model import Columns, Document, FormLine, Group, Paragraph, Run, Table
from docgen.writers.docx_package import timestamp
from docgen.writers.docx_page import set_up
from docgen.writers.docx_runs import THAI, add_run

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "distribute": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
}


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
            add_run(out, run.text, family, run.size, run.bold, run.color)
        start = f.end


@lru_cache(maxsize=256)
def _paragraph_properties(align: str, left: float, right: float, first: float, space_before: float,
                          keep_with_next: bool, tabs: tuple[tuple[float, WD_TAB_ALIGNMENT], ...],
                          keep_together: bool):
    """The ``w:pPr`` of a body paragraph so formatted, built once by
    python-docx's setters; each paragraph gets a copy."""
    out = Paragraph_(OxmlElement("w:p"), None)
    fmt = out.paragraph_format
    out.alignment = ALIGN[align]
    fmt.left_indent = Pt(left)
    fmt.right_indent = Pt(right)
    fmt.first_line_indent = Pt(first)
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.widow_control = True
    if keep_with_next:
        fmt.keep_with_next = True
    for position, alignment in tabs:
        fmt.tab_stops.add_tab_stop(Pt(position), alignment)
    if keep_together:
        fmt.keep_together = True
    return out._p.pPr


def _paragraph(document, p: Paragraph, family: str, keep_together: bool = False):
    tabs = ((p.left, WD_TAB_ALIGNMENT.LEFT),) if p.label is not None else ()
    if p.trailer:
        tabs += ((layout.TEXT_WIDTH - p.right, WD_TAB_ALIGNMENT.RIGHT),)
    out = document.add_paragraph()
    out._p.insert(0, deepcopy(_paragraph_properties(p.align, p.left, p.right, p.first, p.space_before,
                                                    p.keep_with_next, tabs, keep_together)))
    if p.label is not None:
        for run in p.label:
            add_run(out, run.text, family, run.size, run.bold, run.color)
        add_run(out, "\t", family)
    elif p.first < 0:
        add_run(out, "\t", family)
    for run in p.runs:
        add_run(out, run.text, family, run.size, run.bold, run.color)
    if p.trailer:
        add_run(out, "\t", family)
        for run in p.trailer:
            add_run(out, run.text, family, run.size, run.bold, run.color)
    return out


# The address block may run into the right margin rather than wrap: the
# builder places it so that its longest line ends at the margin, and a word
# processor measuring a hair wider must not push a word onto a new line.
OVERHANG = 28.35


@lru_cache(maxsize=64)
def _columns_properties(right_x: float, space_before: float | None):
    """The ``w:pPr`` of a column block's first line (``space_before`` given:
    a tab stop at the right column) or of its next lines (None: indented to
    the right column), built once by python-docx's setters; each gets a copy."""
    out = Paragraph_(OxmlElement("w:p"), None)
    fmt = out.paragraph_format
    if space_before is None:  # set before the right indent: w:ind keeps its attributes in that order
        fmt.left_indent = Pt(right_x)
    fmt.right_indent = Pt(-OVERHANG)
    if space_before is not None:
        fmt.tab_stops.add_tab_stop(Pt(right_x))
        fmt.space_before = Pt(space_before)
    return out._p.pPr


def _columns(document, c: Columns, family: str) -> None:
    first = document.add_paragraph()
    first._p.insert(0, deepcopy(_columns_properties(c.right_x, c.space_before)))
    for run in c.left:
        add_run(first, run.text, family, run.size, run.bold, run.color)
    add_run(first, "\t", family)
    for run in c.right[0]:
        add_run(first, run.text, family, run.size, run.bold, run.color)
    for line in c.right[1:]:
        paragraph = document.add_paragraph()
        paragraph._p.insert(0, deepcopy(_columns_properties(c.right_x, None)))
        for run in line:
            add_run(paragraph, run.text, family, run.size, run.bold, run.color)


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
                add_run(paragraph, run.text, family, run.size, run.bold or (index == 0 and bool(t.header)),
                         run.color)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), t.columns):
        col.set(qn("w:w"), str(round(width * 20)))




def render_docx(doc: Document) -> bytes:
    package = set_up(doc)
    document, props = package.new()
    family = doc.font_family
    for block in doc.blocks:
        if isinstance(block, Group):
            for p in block.blocks:
                _paragraph(document, p, family, keep_together=True)
        elif isinstance(block, Columns):
            _columns(document, block, family)
        elif isinstance(block, Table):
            _table(document, block, family)
        elif isinstance(block, FormLine):
            _form_line(document, block, family)
        else:
            _paragraph(document, block, family)
    moment = timestamp(doc)
    props.title = doc.title
    props.author = doc.author
    props.subject = doc.subject
    props.last_modified_by = doc.author
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1
    props.language = THAI
    return package.save(document, props, doc)
