"""The document model as HTML + CSS, for WeasyPrint.

All sizes come from ``docgen.layout``; this module only translates them into
CSS.  Page-dependent content (page numbers, continuation markers) is done
with ``@page`` rules so that it never moves the body text.

>>> from docgen.model import Document, Paragraph, Run
>>> "ทดสอบ" in to_html(Document("letter", "t", [Paragraph([Run("ทดสอบ")])]))
True
"""

from __future__ import annotations

import hashlib
import re
from html import escape

from docgen import fonts, layout
from docgen.fonts import text_width
from docgen.emblem import prepared
from docgen.model import Columns, Document, FormField, FormLine, Group, Paragraph, Run, Table

NBSP = "\u00a0"


def _pt(value: float) -> str:
    return f"{value:.2f}pt"


_MARK = f"color: #{layout.MARK_COLOR}; font-size: {layout.MARK_SIZE}pt; font-weight: bold; line-height: 1;"


def _top_rules(doc: Document) -> str:
    """Page number "- ๒ -" from page 2; with a secrecy mark, the mark above it
    on every page (a running element, so the two can differ in size)."""
    number = 'content: "- " counter(page, thai) " -";' if doc.page_numbers else "content: none;"
    if not doc.secrecy:
        return f"""
@page {{ @top-center {{ {number} vertical-align: top; padding-top: {_pt(layout.PAGE_NUMBER_TOP)}; }} }}
@page :first {{ @top-center {{ content: none; }} }}"""
    return f"""
@page {{ @top-center {{ content: element(secrecy-head); vertical-align: top; padding-top: {_pt(layout.SECRECY_EDGE)}; }}
         @bottom-center {{ content: "{doc.secrecy}"; vertical-align: bottom; padding-bottom: {_pt(layout.SECRECY_EDGE)};
                           {_MARK} }} }}
@page :first {{ @top-center {{ content: element(secrecy-first); }} }}
.secrecy-head {{ position: running(secrecy-head); text-align: center; }}
.secrecy-first {{ position: running(secrecy-first); text-align: center; }}
.secrecy-mark {{ display: block; {_MARK} }}
.page-number::before {{ {number} }}"""


def stylesheet(doc: Document) -> str:
    """CSS for ``doc``: page box, fonts, paragraph roles."""
    first_top = layout.GARUDA_TOP if doc.emblem else layout.MARGIN_TOP
    width, height = doc.page_size
    return f"""
@font-face {{ font-family: "{fonts.FAMILY}"; src: url("{fonts.REGULAR.as_uri()}"); font-weight: normal; }}
@font-face {{ font-family: "{fonts.FAMILY}"; src: url("{fonts.BOLD.as_uri()}"); font-weight: bold; }}
@page {{
  size: {width}pt {height}pt;
  margin: {_pt(layout.MARGIN_TOP)} {_pt(layout.MARGIN_RIGHT)} {_pt(layout.MARGIN_BOTTOM)} {_pt(layout.MARGIN_LEFT)};
  @top-center {{ font-family: "{fonts.FAMILY}"; font-size: {layout.BODY_SIZE}pt; line-height: {_pt(layout.LINE_PITCH)}; }}
  @bottom-right {{ vertical-align: top; font-family: "{fonts.FAMILY}"; font-size: {layout.BODY_SIZE}pt;
                   line-height: {_pt(layout.LINE_PITCH)}; }}
}}
@page :first {{ margin-top: {_pt(first_top)}; }}
{_top_rules(doc)}
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
.masthead {{ display: flex; align-items: flex-end; margin-bottom: {_pt(layout.GARUDA_GAP_BELOW)}; }}
.masthead .speed {{ flex: none; {_MARK} }}
table {{ border-collapse: collapse; table-layout: fixed; width: 100%; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
td, th {{ vertical-align: top; font-weight: normal; padding: {_pt(layout.CELL_PADDING_Y)} {_pt(layout.CELL_PADDING_X)}; }}
table.ruled td, table.ruled th {{ border: {layout.RULE_WIDTH}pt solid #000; }}
th {{ font-weight: bold; }}
{_memo_css() if doc.masthead_title is not None or any(isinstance(b, FormLine) for b in doc.blocks) else ""}"""


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


EMBLEMS: dict[str, bytes] = {}  # emblem URL -> PNG bytes, served by the PDF writer's fetcher


def emblem_url(data: bytes) -> str:
    """A short URL for a prepared emblem (rather than a 60 KB data: URL in every
    document's HTML); ``docgen.writers.pdf`` serves it, and WeasyPrint decodes
    it once per process."""
    url = f"docgen-emblem:{hashlib.sha256(data).hexdigest()[:16]}.png"
    EMBLEMS[url] = data
    return url


def _masthead(doc: Document) -> str:
    """Page 1's top: the Garuda (centred on the paper, or at the margin for
    memos) and the speed mark at the left, on the Garuda's foot line."""
    if doc.masthead_title is not None:
        return _memo_masthead(doc)
    if not doc.emblem:
        return f'<p class="left speed" style="{_MARK}">{escape(doc.speed)}</p>' if doc.speed else ""
    emblem = doc.emblem
    data, (w_px, h_px) = prepared(emblem.path, emblem.height)
    width = emblem.height * w_px / h_px
    left = doc.page_size[0] / 2 - layout.MARGIN_LEFT - width / 2 if emblem.align == "page-center" else 0.0
    src = emblem_url(data)
    speed = escape(doc.speed or "")
    return (
        f'<div class="masthead"><span class="speed" style="width:{_pt(left)}">{speed}</span>'
        f'<img class="emblem" src="{src}" alt="" style="height:{_pt(emblem.height)};width:{_pt(width)}"></div>'
    )


def _cells(cells, tag: str) -> str:
    return "".join(f'<{tag} class="{c.align}" style="text-align:{_css_align(c.align)}">{_runs(c.runs)}</{tag}>'
                   for c in cells)


def _css_align(align: str) -> str:
    return "justify" if align == "distribute" else align


def _table(t: Table) -> str:
    cols = "".join(f'<col style="width:{_pt(w)}">' for w in t.columns)
    head = f"<thead><tr>{_cells(t.header, 'th')}</tr></thead>" if t.header else ""
    body = "".join(f"<tr>{_cells(row, 'td')}</tr>" for row in t.rows)
    style = "break-after:avoid" if t.keep_with_next else ""
    ruled = " ruled" if t.borders else ""
    return f'<table class="{t.role}{ruled}" style="{style}"><colgroup>{cols}</colgroup>{head}<tbody>{body}</tbody></table>'


def _secrecy(doc: Document) -> str:
    if not doc.secrecy:
        return ""
    mark = f'<span class="secrecy-mark">{escape(doc.secrecy)}</span>'
    return (f'<div class="secrecy-first">{mark}</div>'
            f'<div class="secrecy-head">{mark}<span class="page-number"></span></div>')


def to_html(doc: Document, created: str = "") -> str:
    parts = [_secrecy(doc), _masthead(doc)]
    for block in doc.blocks:
        if isinstance(block, Group):
            parts.append(f'<div class="keep {block.role}">{"".join(_paragraph(p) for p in block.blocks)}</div>')
        elif isinstance(block, Columns):
            parts.append(_columns(block))
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, FormLine):
            parts.append(_form_line(block))
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


# Memo header (§10).  Every item of these flex rows has a line box, so its
# baseline is real (WeasyPrint 70 synthesises none): the Garuda and the
# leader's dots stand on the baseline of a line of their own.
def _memo_css() -> str:
    return f"""
.memo-head {{ display: flex; align-items: baseline; }}
.memo-side {{ flex: 1 1 0; display: flex; align-items: baseline; min-width: 0; }}
.memo-side.right {{ align-self: flex-start; }}
.memo-garuda {{ flex: none; line-height: 0; }}
.memo-garuda img {{ display: inline; vertical-align: baseline; }}
.memo-speed {{ flex: 1 1 auto; text-align: center; white-space: nowrap; {_MARK} }}
.memo-title {{ flex: none; white-space: nowrap; text-align: center; line-height: {_pt(layout.MEMO_TITLE_LINE)}; }}
.form-line {{ display: flex; align-items: baseline; }}
.form-field {{ flex: none; }}
.form-row {{ display: flex; align-items: baseline; }}
.form-label {{ flex: none; white-space: nowrap; }}
.form-value {{ flex: none; white-space: nowrap; }}
.leader {{ flex: none; margin-left: auto; }}
.leader svg {{ display: inline; vertical-align: baseline; }}
"""


def _memo_masthead(doc: Document) -> str:
    """The Garuda at the left margin, the title centred on the text block with
    its baseline on the Garuda's foot, the speed mark centred between them.
    The row ends where a word processor ends the title's exact-height line."""
    emblem = doc.emblem
    garuda, height = "", ""
    if emblem:
        data, (w_px, h_px) = prepared(emblem.path, emblem.height)
        src = emblem_url(data)
        width = emblem.height * w_px / h_px
        height = f' style="height:{_pt(emblem.height + (1 - layout.EXACT_LINE_ASCENT) * layout.MEMO_TITLE_LINE)}"'
        garuda = (f'<span class="memo-garuda"><img src="{src}" alt="" '
                  f'style="height:{_pt(emblem.height)};width:{_pt(width)}"></span>')
    speed = f'<span class="memo-speed">{escape(doc.speed)}</span>' if doc.speed else ""
    return (f'<div class="memo-head"{height}><div class="memo-side">{garuda}{speed}</div>'
            f'<p class="memo-title">{_runs(doc.masthead_title)}</p><div class="memo-side right"></div></div>')


def _form_line(line: FormLine) -> str:
    fields, start = [], 0.0
    for index, f in enumerate(line.fields):
        fields.append(_form_field(f, f.end - start, inner=index < len(line.fields) - 1))
        start = f.end
    return f'<div class="form-line {line.role}" style="margin-top:{_pt(line.space_before)}">{"".join(fields)}</div>'


def _form_field(f: FormField, width: float, inner: bool) -> str:
    """Label | value | leader on one row; a value too long for the row is
    broken into lines here (measured with the PDF font), so that the leader
    follows the last line, as a word processor's dotted tab does (a leader
    with no room left has no dots)."""
    size = max((run.size or layout.BODY_SIZE) for run in f.label) if f.label else layout.BODY_SIZE
    lines = _fit(f.value, width - f.indent - (layout.LEADER_GAP if inner else 0.0))
    last = sum(text_width(run.text, run.size or layout.BODY_SIZE, run.bold) for run in lines[-1])
    # Measured, so the dots end exactly at the field's end; 0.5 pt to spare.
    leader = _leader(width - f.indent - last - layout.LEADER_GAP * (2 if inner else 1) - 0.5, inner)
    rows = []
    for index, runs in enumerate(lines):
        head = (f'<span class="form-label" style="width:{_pt(f.indent)};font-size:{size}pt;'
                f'line-height:{_pt(size * layout.LINE_HEIGHT_EM)}">{_runs(f.label)}</span>') if index == 0 else ""
        indent = f' style="padding-left:{_pt(f.indent)}"' if index else ""
        tail = leader if index == len(lines) - 1 else ""
        rows.append(f'<div class="form-row"{indent}>{head}<span class="form-value">{_runs(runs)}</span>{tail}</div>')
    return f'<div class="form-field" style="width:{_pt(width)}">{"".join(rows)}</div>'


def _leader(width: float, inner: bool) -> str:
    """Dots (จุดไข่ปลา) sitting on the baseline, the last one ending ``width``
    pt from the start: painted circles, so no reader sees a rule, and no text."""
    d, pitch = layout.LEADER_DOT, layout.LEADER_PITCH
    count = int((width - d) // pitch) + 1 if width >= d else 0
    dots = "".join(f'<circle cx="{width - d / 2 - k * pitch:.2f}" cy="{d / 2}" r="{d / 2}"/>' for k in range(count))
    gap = f' style="margin-right:{_pt(layout.LEADER_GAP)}"' if inner else ""
    return (f'<span class="leader"{gap}><svg xmlns="http://www.w3.org/2000/svg" width="{max(width, 0):.2f}pt" '
            f'height="{d}pt" viewBox="0 0 {max(width, 0):.2f} {d}">{dots}</svg></span>')


def _fit(runs: list[Run], width: float) -> list[list[Run]]:
    """``runs`` broken greedily into lines at most ``width`` pt wide, at word
    boundaries (PyThaiNLP) and spaces, never next to a no-break space."""
    def measure(text: str, run: Run) -> float:
        return text_width(text, run.size or layout.BODY_SIZE, run.bold)

    if sum(measure(run.text, run) for run in runs) <= width:
        return [runs]
    from pythainlp.tokenize import word_tokenize

    units: list[tuple[str, Run]] = []  # unbreakable pieces, trailing spaces attached
    for run in runs:
        for chunk in re.findall("[^ ]+ *| +", run.text):  # a chunk with a no-break space stays whole
            words = [chunk] if NBSP in chunk else word_tokenize(chunk, engine="newmm", keep_whitespace=True)
            for word in words:
                if units and units[-1][1] is run and word.isspace():
                    units[-1] = (units[-1][0] + word, run)
                else:
                    units.append((word, run))
    lines: list[list[tuple[str, Run]]] = [[]]
    used = 0.0
    for text, run in units:
        if lines[-1] and used + measure(text.rstrip(" "), run) > width:
            lines.append([])
            used = 0.0
        lines[-1].append((text, run))
        used += measure(text, run)
    out = []
    for line in lines:
        merged: list[Run] = []
        for text, run in line:
            if merged and merged[-1].bold == run.bold and merged[-1].size == run.size and merged[-1].color == run.color:
                merged[-1] = Run(merged[-1].text + text, run.bold, run.size, run.color)
            else:
                merged.append(Run(text, run.bold, run.size, run.color))
        merged[-1] = Run(merged[-1].text.rstrip(" "), merged[-1].bold, merged[-1].size, merged[-1].color)
        out.append(merged)
    return out
