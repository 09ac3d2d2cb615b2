"""The reference circular's DOCX, checked in its XML and as LibreOffice paginates it."""

from __future__ import annotations

import io
import zipfile

import pypdf
import pytest
from lxml import etree

from conftest import REFERENCE_CONFIG, libreoffice_pdf
from docgen import layout
from docgen.model import Columns
from docgen.pipeline import build
from docgen.standard import RULES, read
from docgen.writers.docx import OVERHANG, render_docx


def passes(docx: bytes, *rules: str) -> None:
    """The rule objects of ``docgen check`` find nothing: the standard, written once."""
    (doc,) = read(docx).docs
    for rule in rules:
        assert RULES[rule].check(doc) == [], rule

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def _part(docx: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read(name))


def twips(points: float) -> int:
    return round(points * 20)


def test_page_is_a4_with_the_spec_margins(reference):
    passes(reference.files["docx"], "page-size", "margins", "page-number")
    doc = _part(reference.files["docx"], "word/document.xml")
    size = doc.find(".//w:sectPr/w:pgSz", NS)
    assert (int(size.get(q("w"))), int(size.get(q("h")))) == (11906, 16838)
    margins = doc.find(".//w:sectPr/w:pgMar", NS)
    assert int(margins.get(q("left"))) == 1701
    assert int(margins.get(q("right"))) == 1134
    assert int(margins.get(q("top"))) == 1417
    assert int(margins.get(q("bottom"))) == 1134
    assert doc.find(".//w:sectPr/w:titlePg", NS) is not None, "page 1 has its own header (no number)"
    assert doc.find(".//w:sectPr/w:pgNumType", NS).get(q("fmt")) == "thaiNumbers"


def test_every_run_names_the_thai_font_for_latin_and_complex_script(reference):
    passes(reference.files["docx"], "font-family", "font-size", "arabic-digits")
    doc = _part(reference.files["docx"], "word/document.xml")
    runs = doc.findall(".//w:body//w:r", NS)
    assert len(runs) > 50
    for run in runs:
        fonts = run.find("w:rPr/w:rFonts", NS)
        assert fonts is not None
        for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
            assert fonts.get(q(slot)) == "TH SarabunPSK"
        assert not [a for a in fonts.attrib if a.endswith("Theme")], "no theme-font override"
        assert run.find("w:rPr/w:sz", NS).get(q("val")) == "32"
        assert run.find("w:rPr/w:szCs", NS).get(q("val")) == "32"
        assert run.find("w:rPr/w:lang", NS).get(q("bidi")) == "th-TH"


def test_the_font_is_configurable(config_dir):
    from docgen.pipeline import build
    from docgen.writers.docx import render_docx

    org = config_dir / "organisation.yaml"
    org.write_text(org.read_text("utf-8") + "font: TH Sarabun New\n", "utf-8")
    doc = _part(render_docx(build(config_dir / "circular.yaml")), "word/document.xml")
    names = {f.get(q("cs")) for f in doc.iter(q("rFonts"))}
    assert names == {"TH Sarabun New"}


def test_document_defaults_carry_no_theme_fonts(reference):
    styles = _part(reference.files["docx"], "word/styles.xml")
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(q("cs")) == "TH SarabunPSK"
    assert not [a for a in fonts.attrib if a.endswith("Theme")]


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(q("t")))


def test_body_paragraphs_are_thai_distributed_with_the_first_line_indent(reference):
    passes(reference.files["docx"], "thai-distributed", "first-line-indent", "line-spacing", "space-before")
    doc = _part(reference.files["docx"], "word/document.xml")
    paragraphs = doc.findall(".//w:body/w:p", NS)
    body = [p for p in paragraphs if _paragraph_text(p).startswith(("ด้วยกระทรวง", "จึงเรียนมา", "คณะกรรมการ"))]
    items = [p for p in paragraphs if _paragraph_text(p).startswith(("๑.๑ ", "๒.๒ ", "๑. เตรียม"))]
    assert len(body) == 3 and len(items) == 3
    for p in body + items:
        assert p.find("w:pPr/w:jc", NS).get(q("val")) == "thaiDistribute"
        spacing = p.find("w:pPr/w:spacing", NS)
        assert spacing.get(q("before")) == "120"  # 6 pt
        assert spacing.get(q("line")) == "240" and spacing.get(q("lineRule")) == "auto"  # single
    for p in body:
        assert int(p.find("w:pPr/w:ind", NS).get(q("firstLine"))) == twips(layout.INDENT_FIRST_LINE)


def test_garuda_is_in_the_first_page_header_at_3_cm(reference):
    passes(reference.files["docx"], "garuda", "parts", "signature-block", "date-line", "document-number")
    with zipfile.ZipFile(io.BytesIO(reference.files["docx"])) as package:
        names = package.namelist()
        headers = {n: etree.fromstring(package.read(n)) for n in names if n.startswith("word/header")}
        media = [n for n in names if n.startswith("word/media/")]
    assert len(media) == 1 and len(headers) >= 2
    with_image = [h for h in headers.values() if h.find(".//wp:extent", NS) is not None]
    assert len(with_image) == 1
    extent = with_image[0].find(".//wp:extent", NS)
    assert abs(int(extent.get("cy")) - 1080000) < 1800  # 3.0 cm in EMU, ±0.05 mm
    numbered = [h for h in headers.values() if any("PAGE" in (t.text or "") for t in h.iter(q("instrText")))]
    assert len(numbered) == 1, "page number field in the header of pages 2+"
    assert "- " in "".join(t.text or "" for t in numbered[0].iter(q("t")))


def test_libreoffice_paginates_the_docx_like_our_pdf(reference, tmp_path, fontconfig_file):
    converted = pypdf.PdfReader(libreoffice_pdf(reference.files["docx"], "circular", tmp_path, fontconfig_file))
    assert len(converted.pages) == reference.pdf_pages == 2
    fonts = {str(f.get_object()["/BaseFont"]) for p in converted.pages for f in p["/Resources"]["/Font"].values()}
    assert all("LaksamanSarabunMetric" in f for f in fonts), fonts


def test_the_package_holds_no_stale_template_parts_and_every_style_it_uses(reference):
    """No thumbnail of python-docx's blank page; each style a paragraph or table
    names is defined (the template's unused table styles are left out)."""
    docx = reference.files["docx"]
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        names = package.namelist()
    assert not [n for n in names if "thumbnail" in n or "stylesWithEffects" in n]
    defined = {s.get(q("styleId")) for s in _part(docx, "word/styles.xml").iterfind("w:style", NS)}
    document = _part(docx, "word/document.xml")
    used = {e.get(q("val")) for e in document.iterfind(".//w:pStyle", NS)}
    used |= {e.get(q("val")) for e in document.iterfind(".//w:tblStyle", NS)}
    assert used <= defined
    assert "TableGrid" in defined


def test_documents_of_different_page_set_ups_keep_their_own(config_dir):
    """Each page set-up (paper, headers, Garuda) is built once per process and reused:
    a letter, a memo and a landscape table rendered in turn each keep theirs, and
    replacing the emblem's file is seen at the next document."""
    import os

    from PIL import Image

    from docgen.pipeline import build
    from docgen.writers.docx import render_docx

    letter, memo, plan = (build(config_dir / name) for name in ("circular.yaml", "memo.yaml", "action-plan.yaml"))
    first = render_docx(letter)
    for docx, width in ((render_docx(memo), 11906), (render_docx(plan), None), (render_docx(letter), 11906)):
        size = _part(docx, "word/document.xml").find(".//w:sectPr/w:pgSz", NS)
        assert width is None or int(size.get(q("w"))) == width
    assert render_docx(letter) == first
    landscape = _part(render_docx(plan), "word/document.xml").find(".//w:sectPr/w:pgSz", NS)
    assert plan.orientation != "landscape" or int(landscape.get(q("w"))) == 16838
    memo_header = _part(render_docx(memo), "word/header2.xml")
    assert memo_header.find(".//wp:anchor", NS) is not None  # the memo's Garuda floats at the margin
    assert _part(first, "word/header2.xml").find(".//wp:anchor", NS) is None

    def picture(docx: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            return package.read(next(n for n in package.namelist() if n.startswith("word/media/")))

    emblem = config_dir / "my-emblem.png"
    Image.new("RGB", (300, 340), "black").save(emblem)
    org = config_dir / "organisation.yaml"
    org.write_text(org.read_text("utf-8") + "emblem: my-emblem.png\n", "utf-8")
    black = picture(render_docx(build(config_dir / "circular.yaml")))
    Image.new("RGB", (300, 340), "navy").save(emblem)
    os.utime(emblem, ns=(emblem.stat().st_atime_ns, emblem.stat().st_mtime_ns + 10**9))
    assert picture(render_docx(build(config_dir / "circular.yaml"))) != black


def test_a_rendered_docx_leaves_no_xml_for_the_garbage_collector():
    """python-docx's document and its body refer to each other; render_docx
    breaks that cycle, so the XML is freed at once, not at a full collection
    that comes late (Python does not count lxml's memory): a worker stays flat."""
    import gc

    from docgen.pipeline import build
    from docgen.writers.docx import render_docx

    document = build(REFERENCE_CONFIG)
    render_docx(document)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        render_docx(document)
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage if type(o).__module__.startswith(("lxml", "docx.oxml"))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == []


@pytest.mark.parametrize("text", ["ให้ไว้ ณ วันที่", " นำหน้าและตามหลัง ", "แท็บ\tกลาง", "บรรทัด\nใหม่", "ก\r\n", ""])
def test_a_run_holds_what_python_docx_would_put_in_it(text):
    """``add_run`` skips python-docx's walk over each character, not its result."""
    from docx import Document as Docx

    from docgen.writers.docx_runs import add_run

    ours, theirs = Docx().add_paragraph(), Docx().add_paragraph()
    add_run(ours, text, "TH Sarabun New")
    theirs.add_run(text)
    content = [etree.tostring(child) for child in ours._p.r_lst[0] if child.tag != ours._p.r_lst[0].rPr.tag]
    assert content == [etree.tostring(child) for child in theirs._p.r_lst[0]]
    assert ours.text == theirs.text


def test_a_document_written_on_a_frozen_set_up_leaves_it_as_it_was(config_dir):
    """Documents of one set-up each start from the same empty body: the whole
    letter rendered between two renders of its first two paragraphs changes
    nothing."""
    import dataclasses

    from docgen.pipeline import build
    from docgen.writers.docx import render_docx

    letter = build(config_dir / "circular.yaml")
    short = dataclasses.replace(letter, blocks=letter.blocks[:2])
    first = render_docx(short)
    whole = render_docx(letter)
    assert render_docx(short) == first

    def paragraphs(docx: bytes) -> int:
        return len(_part(docx, "word/document.xml").findall(".//w:p", NS))

    assert paragraphs(first) < 5 < paragraphs(whole)


def test_a_frozen_package_zips_what_zipfile_would(reference):
    """Entries compressed once and written raw are the bytes zipfile's own
    writestr gives for the same entries, dated alike."""
    docx = reference.files["docx"]
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        infos = package.infolist()
        again = io.BytesIO()
        with zipfile.ZipFile(again, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in infos:
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                entry.compress_type, entry.external_attr = info.compress_type, 0o644 << 16
                archive.writestr(entry, package.read(info.filename))
    assert [info.compress_type for info in infos].count(zipfile.ZIP_STORED) == 1  # the Garuda
    assert again.getvalue() == docx


def test_the_address_block_lines_up_in_every_document():
    """The number and the address share a tab stop at the right column, the
    address's next lines are indented to it, and both may run into the right
    margin; so in each of two letters in a row (their paragraph formatting
    is built once and copied into each)."""
    doc = build(REFERENCE_CONFIG)
    columns = next(block for block in doc.blocks if isinstance(block, Columns))
    columns.right.append(columns.right[-1])  # a third address line
    for _ in range(2):
        body = _part(render_docx(doc), "word/document.xml").find("w:body", NS)
        paragraphs = body.findall("w:p", NS)
        first = next(p for p in paragraphs if "".join(p.itertext()).startswith("ที่"))
        assert [int(t.get(q("pos"))) for t in first.findall("w:pPr/w:tabs/w:tab", NS)] == [twips(columns.right_x)]
        assert int(first.find("w:pPr/w:ind", NS).get(q("right"))) == -twips(OVERHANG)
        after = paragraphs[paragraphs.index(first) + 1:paragraphs.index(first) + len(columns.right)]
        assert len(after) == len(columns.right) - 1
        for line in after:
            indent = line.find("w:pPr/w:ind", NS)
            assert int(indent.get(q("left"))) == twips(columns.right_x)
            assert int(indent.get(q("right"))) == -twips(OVERHANG)
