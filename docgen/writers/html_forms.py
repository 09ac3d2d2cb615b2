"""Forms in HTML + CSS: the memo's header (แบบบันทึกข้อความ, spec §10), its
Garuda and title on one row and its fields (ส่วนราชการ, ที่ + วันที่, เรื่อง)
with dotted leaders to where each field ends.

Values are broken into lines here, measured with the PDF font, so that a
leader always follows the last line of its value, as a word processor's
dotted tab does.  The rest of the document is ``docgen.writers.html``.
"""

from __future__ import annotations

import re
from html import escape

from docgen import layout
from docgen.emblem import prepared
from docgen.fonts import text_width
from docgen.model import Document, FormField, FormLine, Run
from docgen.writers.html import _MARK, EMBLEM_ALT, _pt, _runs, emblem_url

NBSP = "\u00a0"


# Memo header (§10).  Every item of these flex rows has a line box, so its
# baseline is real (WeasyPrint 70 synthesises none): the Garuda and the
# leader's dots stand on the baseline of a line of their own.
def css() -> str:
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


def memo_masthead(doc: Document) -> str:
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
        garuda = (f'<span class="memo-garuda"><img src="{src}" alt="{EMBLEM_ALT}" '
                  f'style="height:{_pt(emblem.height)};width:{_pt(width)}"/></span>')
    speed = f'<span class="memo-speed">{escape(doc.speed)}</span>' if doc.speed else ""
    return (f'<div class="memo-head"{height}><div class="memo-side">{garuda}{speed}</div>'
            f'<p class="memo-title">{_runs(doc.masthead_title)}</p><div class="memo-side right"></div></div>')


def form_line(line: FormLine) -> str:
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


LEADER_ALT = "จุดไข่ปลา"  # what a screen reader says for a dotted leader


def _leader(width: float, inner: bool) -> str:
    """Dots (จุดไข่ปลา) sitting on the baseline, the last one ending ``width``
    pt from the start: painted circles, so no reader sees a rule, and no text.
    The SVG's title, never painted, names them in a tagged PDF (PDF/UA)."""
    d, pitch = layout.LEADER_DOT, layout.LEADER_PITCH
    count = int((width - d) // pitch) + 1 if width >= d else 0
    dots = "".join(f'<circle cx="{width - d / 2 - k * pitch:.2f}" cy="{d / 2}" r="{d / 2}"/>' for k in range(count))
    gap = f' style="margin-right:{_pt(layout.LEADER_GAP)}"' if inner else ""
    return (f'<span class="leader"{gap}><svg xmlns="http://www.w3.org/2000/svg" width="{max(width, 0):.2f}pt" '
            f'height="{d}pt" viewBox="0 0 {max(width, 0):.2f} {d}"><title>{LEADER_ALT}</title>{dots}</svg></span>')


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
