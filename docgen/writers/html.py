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
from docgen.emblem import prepared
from docgen.model import Columns, Document, FormLine, Group, Paragraph, Run, Table


def _pt(value: float) -> str:
    return f"{value:.2f}pt"


_LINE = round(layout.LINE_PITCH, 2)  # the height of an empty paragraph, as CSS gets it


def _style(**lengths: float) -> str:
    """A ``style`` attribute of the lengths that differ from 0, the default of
    every box here (``margin_left=`` gives ``margin-left``); empty if none."""
    declarations = [f"{name.replace('_', '-')}:{_pt(value)}" for name, value in lengths.items()
                    if _pt(value) not in ("0.00pt", "-0.00pt")]
    return f' style="{";".join(declarations)}"' if declarations else ""


def _classes(*names: str) -> str:
    return " ".join(name for name in names if name)


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
p:empty {{ height: {_pt(_LINE)}; }}
.keep-next {{ break-after: avoid; }}
.bold {{ font-weight: bold; }}
.label {{ display: inline-block; text-indent: 0; }}
p.has-trailer {{ display: flex; align-items: baseline; text-indent: 0; }}
p.has-trailer > .text {{ flex: 1 1 auto; }}
.trailer {{ flex: none; white-space: nowrap; padding-left: 0.5em; }}
.keep {{ break-inside: avoid; }}
.nobr {{ white-space: nowrap; }}
.columns > .number {{ white-space: nowrap; }}
img.emblem {{ display: block; }}
.masthead {{ margin-bottom: {_pt(layout.GARUDA_GAP_BELOW)}; }}
.masthead.with-speed {{ display: flex; align-items: flex-end; }}
.masthead .speed {{ flex: none; {_MARK} }}
table {{ border-collapse: collapse; table-layout: fixed; width: 100%; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
td, th {{ vertical-align: top; font-weight: normal; padding: {_pt(layout.CELL_PADDING_Y)} {_pt(layout.CELL_PADDING_X)}; }}
table.ruled td, table.ruled th {{ border: {layout.RULE_WIDTH}pt solid #000; }}
th {{ font-weight: bold; }}
{_forms_css(doc)}"""


def _forms_css(doc: Document) -> str:
    from docgen.writers import html_forms  # it builds on this module

    forms = doc.masthead_title is not None or any(isinstance(b, FormLine) for b in doc.blocks)
    return html_forms.css() if forms else ""


# Pango's Thai line breaking breaks next to a no-break space, so text joined
# by one (dates, "จำนวน ๑ ชุด") is also wrapped in a nowrap span.  A glued
# run starts after a space or at the start (the look-behind): without it, the
# pattern is tried from every character of a long Thai word, at a cost that
# grows with the square of its length.
_GLUED = re.compile("(?<!\\S)[^\\s\u00a0]*(?:\u00a0[^\\s\u00a0]*)+")


def _text(text: str) -> str:
    if "\u00a0" not in text:
        return escape(text)
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
        bold = ' class="bold"' if run.bold else ""
        out.append(f'<span{bold} style="{";".join(style)}">{text}</span>' if style
                   else f'<span{bold}>{text}</span>' if bold else text)
    return "".join(out)


def _all_bold(runs: list[Run]) -> bool:
    """Runs differing from the body text only in weight: the paragraph is bold."""
    return bool(runs) and all(run.bold and not run.size and not run.color for run in runs)


def _paragraph(p: Paragraph, blank_lines: int = 0) -> str:
    """A paragraph; ``blank_lines`` empty lines before it are its top padding."""
    if p.trailer:
        return _trailered(p)
    bold = p.label is None and _all_bold(p.runs)
    runs = [Run(run.text) for run in p.runs] if bold else p.runs
    style = _style(margin_left=p.left, margin_right=p.right, text_indent=p.first, margin_top=p.space_before,
                   padding_top=blank_lines * _LINE)
    inner = ""
    if p.label is not None:
        inner += f'<span class="label" style="width:{_pt(-p.first)}">{_runs(p.label)}</span>'
    inner += _runs(runs)
    classes = _classes(p.align, p.role, "keep-next" if p.keep_with_next else "", "bold" if bold else "")
    return f'<p class="{classes}"{style}>{inner}</p>'


def _blank(block) -> bool:
    return isinstance(block, Paragraph) and not block.runs and block.label is None and not block.trailer


def _paragraphs(blocks: list[Paragraph]) -> str:
    """Paragraphs in order.  Empty lines kept with a paragraph that has no
    space before it (the space above a signature) become its top padding:
    one box instead of one per line, at the same height, and unbreakable,
    as they are kept with it anyway."""
    out, blank = [], []
    for p in blocks:
        if _blank(p) and p.keep_with_next and not p.space_before:
            blank.append(p)
            continue
        if blank and (_blank(p) or p.space_before or p.trailer):
            out += [_paragraph(b) for b in blank]
            blank = []
        out.append(_paragraph(p, len(blank)))
        blank = []
    out += [_paragraph(b) for b in blank]
    return "".join(out)


def _trailered(p: Paragraph) -> str:
    """Label | text | flush-right trailer as a flex row.

    Flex items are painted in order, so the PDF's content order stays the
    reading order (a float or positioned box would be painted out of order),
    and wrapped lines of the text stay in the text's column.
    """
    start = p.left + (p.first if p.label is not None else 0.0)
    style = _style(margin_left=start, margin_right=p.right, margin_top=p.space_before)
    inner = ""
    if p.label is not None:
        inner += f'<span class="label" style="width:{_pt(-p.first)}">{_runs(p.label)}</span>'
    inner += f'<span class="text">{_runs(p.runs)}</span><span class="trailer">{_runs(p.trailer)}</span>'
    classes = _classes(p.align, p.role, "has-trailer", "keep-next" if p.keep_with_next else "")
    return f'<p class="{classes}"{style}>{inner}</p>'


def _columns(c: Columns) -> str:
    """One paragraph hanging from ``right_x``: the left block is its label, an
    inline block as wide as the indent, so the right block's lines start at
    ``right_x`` and its first line shares the label's baseline.  (Cheaper to
    lay out than two boxes in a flex row, and painted in the same order.)"""
    style = _style(margin_left=c.right_x, text_indent=-c.right_x, margin_top=c.space_before)
    right = "<br/>".join(_runs(line) for line in c.right)
    return (f'<p class="left columns {c.role}"{style}>'
            f'<span class="label number" style="width:{_pt(c.right_x)}">{_runs(c.left)}</span>{right}</p>')


EMBLEMS: dict[str, bytes] = {}  # emblem URL -> PNG bytes, served by the PDF writer's fetcher


def emblem_url(data: bytes) -> str:
    """A short URL for a prepared emblem (rather than a 60 KB data: URL in every
    document's HTML); ``docgen.writers.pdf`` serves it, and WeasyPrint decodes
    it once per process."""
    url = f"docgen-emblem:{hashlib.sha256(data).hexdigest()[:16]}.png"
    EMBLEMS[url] = data
    return url


# The Garuda is the mark of the issuing office, not decoration: a tagged PDF (PDF/UA)
# names it to a screen reader.  Alternative text changes nothing on the page.
EMBLEM_ALT = "ตราครุฑ"


def _masthead(doc: Document) -> str:
    """Page 1's top: the Garuda (centred on the paper, or at the margin for
    memos) and the speed mark at the left, on the Garuda's foot line."""
    if doc.masthead_title is not None:
        from docgen.writers import html_forms  # it builds on this module

        return html_forms.memo_masthead(doc)
    if not doc.emblem:
        return f'<p class="left speed" style="{_MARK}">{escape(doc.speed)}</p>' if doc.speed else ""
    emblem = doc.emblem
    data, (w_px, h_px) = prepared(emblem.path, emblem.height)
    width = emblem.height * w_px / h_px
    left = doc.page_size[0] / 2 - layout.MARGIN_LEFT - width / 2 if emblem.align == "page-center" else 0.0
    src = emblem_url(data)
    if not doc.speed:  # the Garuda alone: a block, cheaper to lay out than a flex row
        style = _style(height=emblem.height, width=width, margin_left=left)
        return f'<div class="masthead"><img class="emblem" src="{src}" alt="{EMBLEM_ALT}"{style}/></div>'
    speed = f'<span class="speed" style="width:{_pt(left)}">{escape(doc.speed)}</span>'
    style = _style(height=emblem.height, width=width)
    return f'<div class="masthead with-speed">{speed}<img class="emblem" src="{src}" alt="{EMBLEM_ALT}"{style}/></div>'


def _cells(cells, tag: str) -> str:
    return "".join(f'<{tag} class="{c.align}" style="text-align:{_css_align(c.align)}">{_runs(c.runs)}</{tag}>'
                   for c in cells)


def _css_align(align: str) -> str:
    return "justify" if align == "distribute" else align


def _table(t: Table) -> str:
    cols = "".join(f'<col style="width:{_pt(w)}"/>' for w in t.columns)
    head = f"<thead><tr>{_cells(t.header, 'th')}</tr></thead>" if t.header else ""
    body = "".join(f"<tr>{_cells(row, 'td')}</tr>" for row in t.rows)
    classes = _classes(t.role, "ruled" if t.borders else "", "keep-next" if t.keep_with_next else "")
    return f'<table class="{classes}"><colgroup>{cols}</colgroup>{head}<tbody>{body}</tbody></table>'


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
            parts.append(f'<div class="keep {block.role}">{_paragraphs(block.blocks)}</div>')
        elif isinstance(block, Columns):
            parts.append(_columns(block))
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, FormLine):
            from docgen.writers import html_forms  # it builds on this module

            parts.append(html_forms.form_line(block))
        else:
            parts.append(_paragraph(block))
    meta = [f'<meta name="author" content="{escape(doc.author)}"/>']
    if doc.subject:
        meta.append(f'<meta name="description" content="{escape(doc.subject)}"/>')
    if created:
        meta.append(f'<meta name="dcterms.created" content="{created}"/>')
        meta.append(f'<meta name="dcterms.modified" content="{created}"/>')
    return (
        f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"/><title>{escape(doc.title)}</title>'
        f'{"".join(meta)}</head><body>{"".join(parts)}</body></html>'
    )
