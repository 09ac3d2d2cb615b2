"""Rules on the page and the type: paper, margins, fonts, sizes, paragraph
format (spec §2, §5; checks 1-6 and 11 of §21).  Measures come from
:mod:`docgen.layout`, the constants the writers use.

>>> is_sarabun("TH SarabunPSK"), is_sarabun("Laksaman-Sarabun-Metric-Bold"), is_sarabun("Calibri")
(True, True, False)
>>> family("THSarabunNew,Bold"), family("Laksaman-Sarabun-Metric-Bold")
('thsarabunnew', 'laksamansarabunmetric')
"""

from __future__ import annotations

import re

from docgen import layout
from docgen.standard.rules import at, rule
from docgen.standard.view import Doc, Line, is_marker, is_page_number

TOL = layout.cm(0.05)  # ±0.5 mm, §21
SIZE_TOL = 0.1  # ±0.1 pt, §21
TOP_TOL = layout.cm(0.2)  # glyph tops sit a little above their line box
SLOT_NAMES = {"ascii": "Latin (w:ascii)", "hAnsi": "Latin (w:hAnsi)", "cs": "Thai (complex script, w:cs)"}
INDENTS = (layout.INDENT_FIRST_LINE, layout.INDENT_LEVEL2, layout.INDENT_LEVEL3)
HEADER_LABELS = ("ที่ ", "เรื่อง", "เรียน", "กราบเรียน", "อ้างถึง", "สิ่งที่ส่งมาด้วย", "ส่วนราชการ")
LETTERS = ("letter", "memo", "order", "certification")


def cm_text(points: float) -> str:
    return f"{points / layout.CM:.2f} cm"


def is_sarabun(name: str) -> bool:
    """The configured Sarabun family (TH SarabunPSK, TH Sarabun New, TH SarabunIT๙, or
    docgen's metric-compatible Laksaman Sarabun Metric)."""
    return "sarabun" in re.sub(r"[\s_-]", "", name or "").lower()


def family(name: str) -> str:
    base = re.split(r"[,]", name)[0]
    base = re.sub(r"[-\s]?(Bold|Italic|Oblique|Regular|BoldItalic)+$", "", base, flags=re.I)
    return re.sub(r"[\s_-]", "", base).lower()


def is_mark(line: Line) -> bool:
    """A speed or secrecy mark: red (or ≥ 32 pt) text."""
    return bool(line.sizes) and line.sizes[0] >= layout.MARK_SIZE - SIZE_TOL


@rule("page-size", "§2", (1,), "Every page is A4 portrait (210 × 297 mm)")
def page_size(doc: Doc, r):
    want = (layout.PAGE_WIDTH, layout.PAGE_HEIGHT)
    boxes = [(p.width, p.height, dict(page=p.number)) for p in doc.pages]
    boxes += [(s.width, s.height, dict(section=s.index)) for s in doc.sections if s.width]
    for width, height, where in boxes:
        portrait = abs(width - want[0]) < TOL and abs(height - want[1]) < TOL
        landscape = abs(width - want[1]) < TOL and abs(height - want[0]) < TOL
        if portrait or (landscape and doc.kind == "other"):  # wide tables may turn the page
            continue
        what = "A4 landscape" if landscape else f"{width / layout.CM * 10:.0f} × {height / layout.CM * 10:.0f} mm"
        yield r.finding(f"paper is {what}, not A4 portrait (210 × 297 mm)", at(**where))


@rule("margins", "§2", (2,), "Left margin 3.0 cm, right 2.0 cm (top 2.5, bottom 2.0 cm); no text outside the block")
def margins(doc: Doc, r):
    want = {"left": layout.MARGIN_LEFT, "right": layout.MARGIN_RIGHT, "top": layout.MARGIN_TOP,
            "bottom": layout.MARGIN_BOTTOM}
    for section in doc.sections:
        for side, value in want.items():
            got = section.margins.get(side)
            if got is not None and abs(got - value) > TOL:
                severity = "error" if side in ("left", "right") else "warning"  # top/bottom are practice [P]
                yield r.finding(f"{side} margin is {cm_text(got)}, not {cm_text(value)}", at(section=section.index),
                                severity=severity)
    for index, page in enumerate(doc.pages):
        yield from _outside(page, index == 0, doc, r)
    body = [line for line in doc.lines if not (is_page_number(line) or is_marker(line) or is_mark(line))]
    if doc.pages and doc.kind in LETTERS and body:
        first = min(body, key=lambda line: line.x0)
        if first.x0 > layout.MARGIN_LEFT + TOL:
            yield r.finding(f"text starts {cm_text(first.x0)} from the left edge, not {cm_text(layout.MARGIN_LEFT)}",
                            at(first), first.text)


def _outside(page, first_page: bool, doc: Doc, r):
    left, right = layout.MARGIN_LEFT - TOL, page.width - layout.MARGIN_RIGHT + TOL
    bottom = page.height - layout.MARGIN_BOTTOM + TOL
    emblem_foot = max((im.top + im.height for im in page.images if im.top is not None and im.top < layout.cm(5)),
                      default=0.0) if first_page else 0.0
    reported = set()
    for line in page.lines:
        if is_page_number(line) or is_mark(line):
            continue
        side = None
        if line.x0 < left:
            side = "left"
        elif line.x1 > right:
            side = "right"
        elif line.bottom > bottom and not is_marker(line):
            side = "bottom"
        elif line.top < layout.MARGIN_TOP - TOP_TOL and line.top > emblem_foot and not first_page:
            side = "top"
        if side and side not in reported:
            reported.add(side)
            yield r.finding(f"text in the {side} margin", at(line), line.text)


@rule("font-embedded", "§2a", (3,), "PDF fonts are embedded", formats=("pdf",))
def font_embedded(doc: Doc, r):
    for page in doc.pages:
        missing = [name for name, embedded in page.fonts.items() if not embedded]
        if missing:
            yield r.finding(f"font(s) not embedded: {', '.join(missing)}", at(page=page.number))


@rule("font-family", "§2", (3,), "Every run uses the Sarabun family (TH SarabunPSK), Latin and complex script alike")
def font_family(doc: Doc, r):
    families: dict[str, Line] = {}
    for line in doc.lines:
        if line.fonts:
            bad = [f for f in line.fonts if not is_sarabun(f)]
            if bad:
                yield r.finding(f"font {', '.join(bad)}, not {layout.FONT_FAMILY}", at(line), line.text)
            for name in line.fonts:
                families.setdefault(family(name), line)
        for number, run in enumerate(line.runs, start=1):
            if not run.text.strip():
                continue
            wrong: dict[str, list[str]] = {}
            for slot, label in SLOT_NAMES.items():
                if not is_sarabun(run.fonts.get(slot, "")):
                    wrong.setdefault(run.fonts.get(slot) or "no font", []).append(label)
            if wrong:
                said = "; ".join(f"{font} for {', '.join(labels)}" for font, labels in wrong.items())
                yield r.finding(f"run uses {said}; want {layout.FONT_FAMILY}", at(line, run=number), run.text)
                break
            for slot in SLOT_NAMES:
                families.setdefault(family(run.fonts[slot]), line)
    good = [name for name in families if is_sarabun(name)]
    if len(good) > 1:
        yield r.finding(f"several font families in one document: {', '.join(good)}", at(families[good[1]]),
                        severity="warning")


def allowed_sizes(kind: str) -> tuple[float, ...]:
    """Body 16 pt; memos also 20 pt (labels) and 29 pt (title); marks ≥ 32 pt."""
    extra = (layout.MEMO_LABEL_SIZE, layout.MEMO_TITLE_SIZE) if kind == "memo" else ()
    return (layout.BODY_SIZE, *extra)


def size_ok(size: float | None, kind: str) -> bool:
    if size is None:
        return False
    return size >= layout.MARK_SIZE - SIZE_TOL or any(abs(size - s) <= SIZE_TOL for s in allowed_sizes(kind))


@rule("font-size", "§2", (4,), "Body text 16 pt; memo title 29 pt and labels 20 pt; marks at least 32 pt")
def font_size(doc: Doc, r):
    want = " or ".join(f"{s:g}" for s in allowed_sizes(doc.kind)) + " pt"
    for line in doc.lines:
        bad = [s for s in line.sizes if not size_ok(s, doc.kind)]
        if bad:
            yield r.finding(f"text set in {', '.join(f'{s:g}' for s in bad)} pt, not {want}", at(line), line.text)
        for number, run in enumerate(line.runs, start=1):
            if not run.text.strip():
                continue
            wrong = [f"{size:g} pt" if size else "no size (Word's default)" for size in (run.size, run.size_cs)
                     if not size_ok(size, doc.kind)]
            if wrong:
                yield r.finding(f"run set in {' / '.join(dict.fromkeys(wrong))}, not {want}", at(line, run=number),
                                run.text)
                break


def body_paragraphs(doc: Doc) -> list[Line]:
    """DOCX paragraphs of running text: not in a table, not centred or right-aligned,
    no tab stops (form lines, labels), and indented on the first line or long enough to wrap."""
    return [line for line in doc.lines
            if line.paragraph is not None and line.part == "body" and not line.in_table and line.text.strip()
            and line.tabs == 0 and line.align not in ("center", "right", "end")
            and not line.text.strip().startswith(HEADER_LABELS)
            and (line.first > 0 or len(line.text.strip()) >= 80)]


@rule("thai-distributed", "§2", (5,), "Body paragraphs are Thai distributed (w:jc thaiDistribute)", formats=("docx",))
def thai_distributed(doc: Doc, r):
    for line in body_paragraphs(doc):
        if line.align != "thaiDistribute":
            yield r.finding(f"body paragraph aligned {line.align or 'left'}, not thaiDistribute", at(line), line.text)


@rule("first-line-indent", "§2", (5,), "Body paragraphs start 2.5 cm in (items 3.0 / 3.75 cm)", formats=("docx",))
def first_line_indent(doc: Doc, r):
    for line in body_paragraphs(doc):
        start = line.left + line.first
        if line.text[:1].isspace():
            yield r.finding("first line indented with spaces or a tab, not a 2.5 cm first-line indent", at(line),
                            line.text)
        elif line.first > 0 and not any(abs(start - x) <= TOL for x in INDENTS):
            yield r.finding(f"first line starts {cm_text(start)} in, not 2.5 cm", at(line), line.text)
        elif line.first <= 0 and line.left == 0:
            yield r.finding("body paragraph without the 2.5 cm first-line indent", at(line), line.text)


@rule("line-spacing", "§2", (5,), "Body paragraphs are single-spaced", formats=("docx",))
def line_spacing(doc: Doc, r):
    for line in body_paragraphs(doc):
        if line.line_spacing and line.line_spacing != (240, "auto"):
            value, kind = line.line_spacing
            what = f"{value / 240:g} lines" if kind == "auto" else f"{value / 20:g} pt ({kind})"
            yield r.finding(f"line spacing {what}, not single", at(line), line.text)


@rule("space-before", "§2", (6,), "At least 6 pt before each body paragraph and item", formats=("docx",))
def space_before(doc: Doc, r):
    for line in body_paragraphs(doc):
        if line.space_before < layout.SPACE_BEFORE - SIZE_TOL:  # a whole blank line (after a title) is more
            yield r.finding(f"{line.space_before:g} pt before the paragraph, not {layout.SPACE_BEFORE:g} pt",
                            at(line), line.text)
