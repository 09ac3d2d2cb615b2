"""A DOCX as the rules see it: sections (page size, margins, headers), and
every paragraph of the main text, tables included, with its properties
resolved as Word resolves them: document defaults, then the paragraph style
and the styles it is based on, then the run style, then direct formatting.
Theme fonts (``w:asciiTheme="minorHAnsi"``) are looked up in the theme.

Paragraphs are numbered from 1 in document order, table cells included.

>>> twips(1701), half_points("32")
(85.05, 16.0)
"""

from __future__ import annotations

import io
import math
import zipfile

from lxml import etree

from docgen.standard.view import Doc, HeaderPart, Image, Line, RunView, Section, View, detect_kind

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
EMU = 12700  # per point


def q(name: str, ns: str = W) -> str:
    return f"{{{ns}}}{name}"


def twips(value) -> float:
    return round(int(value) / 20, 2)


def half_points(value) -> float:
    return int(value) / 2


class Styles:
    """styles.xml and the theme: the resolved run and paragraph properties."""

    def __init__(self, styles, theme):
        self.by_id = {s.get(q("styleId")): s for s in styles.iterfind(q("style"))} if styles is not None else {}
        self.default_paragraph = next((i for i, s in self.by_id.items()
                                       if s.get(q("type")) == "paragraph" and s.get(q("default")) in ("1", "true")),
                                      None)
        defaults = styles.find(q("docDefaults")) if styles is not None else None
        self.run_defaults = defaults.find(f"{q('rPrDefault')}/{q('rPr')}") if defaults is not None else None
        self.par_defaults = defaults.find(f"{q('pPrDefault')}/{q('pPr')}") if defaults is not None else None
        self.theme = _theme_fonts(theme)

    def chain(self, style_id: str | None) -> list:
        """The style and those it is based on, the most basic first."""
        out, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(q("basedOn"))
            style_id = based.get(q("val")) if based is not None else None
        return out[::-1]

    def run_layers(self, paragraph_style, run_style, direct) -> list:
        layers = [self.run_defaults]
        layers += [s.find(q("rPr")) for s in self.chain(paragraph_style or self.default_paragraph)]
        layers += [s.find(q("rPr")) for s in self.chain(run_style)]
        return [layer for layer in layers + [direct] if layer is not None]

    def paragraph_layers(self, paragraph_style, direct) -> list:
        layers = [self.par_defaults]
        layers += [s.find(q("pPr")) for s in self.chain(paragraph_style or self.default_paragraph)]
        return [layer for layer in layers + [direct] if layer is not None]

    def run(self, text: str, layers: list) -> RunView:
        fonts: dict[str, str] = {}
        size = size_cs = color = None
        bold = False
        for rpr in layers:
            rfonts = rpr.find(q("rFonts"))
            if rfonts is not None:
                for slot in SLOTS:
                    theme = rfonts.get(q(f"{slot}Theme"))
                    if theme:
                        fonts[slot] = self.theme.get(theme, f"theme:{theme}")
                    elif rfonts.get(q(slot)):
                        fonts[slot] = rfonts.get(q(slot))
            for tag, setter in (("sz", "size"), ("szCs", "size_cs")):
                element = rpr.find(q(tag))
                if element is not None and element.get(q("val")):
                    if setter == "size":
                        size = half_points(element.get(q("val")))
                    else:
                        size_cs = half_points(element.get(q("val")))
            b = rpr.find(q("b"))
            if b is not None:
                bold = b.get(q("val"), "true") not in ("0", "false")
            c = rpr.find(q("color"))
            if c is not None:
                color = c.get(q("val"))
        return RunView(text, fonts, size, size_cs if size_cs is not None else None, bold, color)


def _theme_fonts(theme) -> dict[str, str]:
    """minorHAnsi, minorBidi, ... -> the typeface the theme names (for Thai, its Thai font)."""
    out: dict[str, str] = {}
    if theme is None:
        return out
    for kind in ("major", "minor"):
        scheme = theme.find(f".//{q(kind + 'Font', A)}")
        if scheme is None:
            continue
        latin = scheme.find(q("latin", A))
        cs = scheme.find(q("cs", A))
        thai = next((f.get("typeface") for f in scheme.iterfind(q("font", A)) if f.get("script") == "Thai"), "")
        latin_name = latin.get("typeface") if latin is not None else ""
        for slot in ("HAnsi", "Ascii"):
            out[f"{kind}{slot}"] = latin_name
        out[f"{kind}Bidi"] = (cs.get("typeface") if cs is not None else "") or thai
        out[f"{kind}EastAsia"] = latin_name
    return out


def _text(element) -> tuple[str, int]:
    """The text of a run or paragraph (tabs as \\t, breaks as \\n) and its tab count; field codes left out."""
    parts, tabs = [], 0
    for node in element.iter(q("t"), q("tab"), q("br"), q("cr")):
        if node.tag == q("t"):
            parts.append(node.text or "")
        elif node.tag == q("tab"):
            if node.getparent().tag == q("r"):
                parts.append("\t")
                tabs += 1
        else:
            parts.append("\n")
    return "".join(parts), tabs


def _paragraph_format(line: Line, layers: list) -> None:
    for ppr in layers:
        jc = ppr.find(q("jc"))
        if jc is not None:
            line.align = jc.get(q("val"))
        ind = ppr.find(q("ind"))
        if ind is not None:
            left = ind.get(q("left")) or ind.get(q("start"))
            if left is not None:
                line.left = twips(left)
            if ind.get(q("firstLine")) is not None:
                line.first = twips(ind.get(q("firstLine")))
            if ind.get(q("hanging")) is not None:
                line.first = -twips(ind.get(q("hanging")))
        spacing = ppr.find(q("spacing"))
        if spacing is not None:
            if spacing.get(q("before")) is not None:
                line.space_before = twips(spacing.get(q("before")))
            if spacing.get(q("line")) is not None:
                line.line_spacing = (int(spacing.get(q("line"))), spacing.get(q("lineRule"), "auto"))


def _images(root, part: str, section: int | None = None) -> list[Image]:
    out = []
    for extent in root.iter(q("extent", WP)):
        holder = extent.getparent()
        x = y = None
        if holder.tag == q("anchor", WP):
            offsets = [holder.find(f"{q(t, WP)}/{q('posOffset', WP)}") for t in ("positionH", "positionV")]
            x, y = (int(o.text) / EMU if o is not None and o.text else None for o in offsets)
        out.append(Image(None, x, y, int(extent.get("cx")) / EMU, int(extent.get("cy")) / EMU, None, part, section))
    return out


def _paragraph_line(p, styles: Styles, index: int, section: int, in_table: bool) -> Line:
    ppr = p.find(q("pPr"))
    style = ppr.find(q("pStyle")) if ppr is not None else None
    style_id = style.get(q("val")) if style is not None else None
    text, tabs = _text(p)
    line = Line(text, paragraph=index, section=section, in_table=in_table, tabs=tabs)
    _paragraph_format(line, styles.paragraph_layers(style_id, ppr))
    for r in p.iter(q("r")):
        run_text, _ = _text(r)
        if not run_text or r.find(q("instrText")) is not None:
            continue
        rpr = r.find(q("rPr"))
        rstyle = rpr.find(q("rStyle")) if rpr is not None else None
        layers = styles.run_layers(style_id, rstyle.get(q("val")) if rstyle is not None else None, rpr)
        line.runs.append(styles.run(run_text, layers))
    return line


def _section(index: int, sect, read, rels) -> Section:
    size, margins = sect.find(q("pgSz")), sect.find(q("pgMar"))
    width = twips(size.get(q("w"))) if size is not None and size.get(q("w")) else None
    height = twips(size.get(q("h"))) if size is not None and size.get(q("h")) else None
    margin = {k: twips(margins.get(q(k))) for k in ("left", "right", "top", "bottom", "header", "footer")
              if margins is not None and margins.get(q(k)) is not None}
    number = sect.find(q("pgNumType"))
    headers = {}
    for tag, prefix in (("headerReference", ""), ("footerReference", "footer:")):
        for ref in sect.iterfind(q(tag)):
            target = rels.get(ref.get(q("id", R)))
            if not target:
                continue
            root = etree.fromstring(read("word/" + target))
            text = "".join(_text(p)[0] for p in root.iter(q("p")))
            instructions = " ".join((t.text or "") for t in root.iter(q("instrText")))
            instructions += " ".join(f.get(q("instr"), "") for f in root.iter(q("fldSimple")))
            name = f"{prefix}{ref.get(q('type'), 'default')}"
            headers[name] = HeaderPart(target, text, "PAGE" in instructions.upper(),
                                       _images(root, f"{'footer' if prefix else 'header'} ({name})", index))
    title = sect.find(q("titlePg"))
    return Section(index, width, height, margin,
                   title is not None and title.get(q("val"), "true") not in ("0", "false"),
                   number.get(q("fmt")) if number is not None else None, headers)


def _estimated_pages(lines: list[Line], section: Section | None) -> int:
    """Pages the main text fills, roughly: characters per line from the font size."""
    height = ((section.height or 841.89) - section.margins.get("top", 70.87) - section.margins.get("bottom", 56.69)
              if section else 714)
    used = 0.0
    for line in lines:
        size = next((r.size_cs or r.size for r in line.runs if r.size_cs or r.size), 16.0)
        per_line = max(20, int(90 * 16 / size))
        count = sum(max(1, math.ceil(len(part) / per_line)) for part in line.text.split("\n"))
        used += count * size * 0.93 + line.space_before
    return max(1, math.ceil(used / max(height, 100)))


def read_docx(data: bytes, path: str = "") -> View:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())

        def read(name: str) -> bytes:
            return package.read(name)

        def part(name: str):
            return etree.fromstring(read(name)) if name in names else None

        document = part("word/document.xml")
        if document is None:
            raise ValueError("not a Word document: word/document.xml is missing")
        rels_root = part("word/_rels/document.xml.rels")
        rels = {r.get("Id"): r.get("Target") for r in rels_root.iter(q("Relationship", PKG))} if rels_root is not None else {}
        styles = Styles(part("word/styles.xml"), part("word/theme/theme1.xml"))
        body = document.find(q("body"))
        section_elements = [p.find(f"{q('pPr')}/{q('sectPr')}") for p in body.iter(q("p"))]
        section_elements = [s for s in section_elements if s is not None] + [body.find(q("sectPr"))]
        sections = [_section(i, s, read, rels) for i, s in enumerate(section_elements, start=1) if s is not None]
        lines, current = [], 1
        for index, p in enumerate(body.iter(q("p")), start=1):
            in_table = any(a.tag == q("tc") for a in p.iterancestors())
            lines.append(_paragraph_line(p, styles, index, current, in_table))
            ppr = p.find(q("pPr"))
            if ppr is not None and ppr.find(q("sectPr")) is not None:
                current += 1
        images = _images(body, "body")
        for section in sections:
            for header in section.headers.values():
                images += header.images
    heads = [h.text for s in sections for n, h in s.headers.items() if n == "first"]
    texts = [t for t in heads + [line.text for line in lines] if t.strip()]
    doc = Doc("docx", detect_kind(texts), lines, sections=sections,
              images=images, estimated_pages=_estimated_pages(lines, sections[0] if sections else None),
              header_texts=heads)
    return View(path, "docx", [doc])
