"""The document model as HTML + CSS, for WeasyPrint.

All sizes come from ``docgen.layout``; this module only translates them into
CSS.  Page-dependent content (page numbers, continuation markers) is done
with ``@page`` rules so that it never moves the body text.

>>> from docgen.model import Document, Paragraph, Run
>>> "ทดสอบ" in to_html(Document("letter", "t", [Paragraph([Run("ทดสอบ")])]))
True
"""

from __future__ import annotations

import base64
import re
from html import escape

from docgen import fonts, layout
from docgen.emblem import prepared
from docgen.model import Columns, Document, Group, Paragraph, Run

def _pt(value: float) -> str:
    return f"{value:.2f}pt"


def stylesheet(doc: Document) -> str:
    """CSS for ``doc``: page box, fonts, paragraph roles."""
    first_top = layout.GARUDA_TOP if doc.emblem else layout.MARGIN_TOP
    page_number = (
        f'content: "- " counter(page, thai) " -"; vertical-align: top; '
        f"padding-top: {_pt(layout.PAGE_NUMBER_TOP)};"
        if doc.page_numbers
        else "content: none;"
    )
    return f"""
@font-face {{ font-family: "{fonts.FAMILY}"; src: url("{fonts.REGULAR.as_uri()}"); font-weight: normal; }}
@font-face {{ font-family: "{fonts.FAMILY}"; src: url("{fonts.BOLD.as_uri()}"); font-weight: bold; }}
@page {{
  size: {layout.PAGE_WIDTH}pt {layout.PAGE_HEIGHT}pt;
  margin: {_pt(layout.MARGIN_TOP)} {_pt(layout.MARGIN_RIGHT)} {_pt(layout.MARGIN_BOTTOM)} {_pt(layout.MARGIN_LEFT)};
  @top-center {{ {page_number} font-family: "{fonts.FAMILY}"; font-size: {layout.BODY_SIZE}pt;
                 line-height: {_pt(layout.LINE_PITCH)}; }}
  @bottom-right {{ vertical-align: top; font-family: "{fonts.FAMILY}"; font-size: {layout.BODY_SIZE}pt;
                   line-height: {_pt(layout.LINE_PITCH)}; }}
}}
@page :first {{ margin-top: {_pt(first_top)}; @top-center {{ content: none; }} }}
html {{ font-family: "{fonts.FAMILY}"; font-size: {layout.BODY_SIZE}pt; line-height: {_pt(layout.LINE_PITCH)};
        color: #000; hyphens: manual; }}
body {{ margin: 0; }}
p {{ margin: 0; orphans: 2; widows: 2; white-space: normal; }}
p.distribute {{ text-align: justify; }}
p.left {{ text-align: left; }}
p.center {{ text-align: center; }}
p.right {{ text-align: right; }}
p:empty {{ height: {_pt(layout.LINE_PITCH)}; }}
.label {{ display: inline-block; text-indent: 0; }}
p.has-trailer {{ display: flex; align-items: baseline; text-indent: 0; }}
p.has-trailer > .text {{ flex: 1 1 auto; }}
.trailer {{ flex: none; white-space: nowrap; padding-left: 0.5em; }}
.keep {{ break-inside: avoid; }}
.nobr {{ white-space: nowrap; }}
.columns {{ display: flex; align-items: baseline; }}
.columns > .number {{ flex: none; white-space: nowrap; }}
.columns > .block {{ flex: 1 1 auto; }}
img.emblem {{ display: block; }}
"""


# Pango's Thai line breaking breaks next to a no-break space, so text joined
# by one (dates, "จำนวน ๑ ชุด") is also wrapped in a nowrap span.
_GLUED = re.compile("[^\\s\u00a0]*(?:\u00a0[^\\s\u00a0]*)+")


def _text(text: str) -> str:
    return _GLUED.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', escape(text))


def _runs(runs: list[Run]) -> str:
    out = []
    for run in runs:
        text = _text(run.text)
        style = []
        if run.size:
            style.append(f"font-size:{run.size}pt")
        if run.color:
            style.append(f"color:#{run.color}")
        if run.bold:
            style.append("font-weight:bold")
        out.append(f'<span style="{";".join(style)}">{text}</span>' if style else text)
    return "".join(out)


def _paragraph(p: Paragraph) -> str:
    if p.trailer:
        return _trailered(p)
    style = [
        f"margin-left:{_pt(p.left)}",
        f"margin-right:{_pt(p.right)}",
        f"text-indent:{_pt(p.first)}",
        f"margin-top:{_pt(p.space_before)}",
    ]
    if p.keep_with_next:
        style.append("break-after:avoid")
    inner = ""
    if p.label is not None:
        inner += f'<span class="label" style="width:{_pt(-p.first)}">{_runs(p.label)}</span>'
    inner += _runs(p.runs)
    return f'<p class="{p.align} {p.role}" style="{";".join(style)}">{inner}</p>'


def _trailered(p: Paragraph) -> str:
    """Label | text | flush-right trailer as a flex row.

    Flex items are painted in order, so the PDF's content order stays the
    reading order (a float or positioned box would be painted out of order),
    and wrapped lines of the text stay in the text's column.
    """
    start = p.left + (p.first if p.label is not None else 0.0)
    style = [f"margin-left:{_pt(start)}", f"margin-right:{_pt(p.right)}", f"margin-top:{_pt(p.space_before)}"]
    if p.keep_with_next:
        style.append("break-after:avoid")
    inner = ""
    if p.label is not None:
        inner += f'<span class="label" style="width:{_pt(-p.first)}">{_runs(p.label)}</span>'
    inner += f'<span class="text">{_runs(p.runs)}</span><span class="trailer">{_runs(p.trailer)}</span>'
    return f'<p class="{p.align} {p.role} has-trailer" style="{";".join(style)}">{inner}</p>'


def _columns(c: Columns) -> str:
    right = "".join(f'<p class="left">{_runs(line)}</p>' for line in c.right)
    return (
        f'<div class="columns {c.role}" style="margin-top:{_pt(c.space_before)}">'
        f'<p class="number left" style="width:{_pt(c.right_x)}">{_runs(c.left)}</p>'
        f'<div class="block">{right}</div></div>'
    )


def _emblem(doc: Document) -> str:
    emblem = doc.emblem
    data, (w_px, h_px) = prepared(emblem.path, emblem.height)
    width = emblem.height * w_px / h_px
    if emblem.align == "page-center":
        left = layout.PAGE_WIDTH / 2 - layout.MARGIN_LEFT - width / 2
    else:
        left = 0.0
    src = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return (
        f'<img class="emblem" src="{src}" alt="" style="height:{_pt(emblem.height)};width:{_pt(width)};'
        f'margin-left:{_pt(left)};margin-bottom:{_pt(layout.GARUDA_GAP_BELOW)}">'
    )


def to_html(doc: Document, created: str = "") -> str:
    parts = []
    if doc.emblem:
        parts.append(_emblem(doc))
    for block in doc.blocks:
        if isinstance(block, Group):
            parts.append(f'<div class="keep {block.role}">{"".join(_paragraph(p) for p in block.blocks)}</div>')
        elif isinstance(block, Columns):
            parts.append(_columns(block))
        else:
            parts.append(_paragraph(block))
    meta = [f'<meta name="author" content="{escape(doc.author)}">']
    if doc.subject:
        meta.append(f'<meta name="description" content="{escape(doc.subject)}">')
    if created:
        meta.append(f'<meta name="dcterms.created" content="{created}">')
        meta.append(f'<meta name="dcterms.modified" content="{created}">')
    return (
        f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>{escape(doc.title)}</title>'
        f'{"".join(meta)}</head><body>{"".join(parts)}</body></html>'
    )
