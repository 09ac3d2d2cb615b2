"""The reference circular (ที่ ลบ ๐๐๑๙/ว ๔๘๕๒) rendered from YAML, checked as a reader sees it."""

from __future__ import annotations

import difflib
import io
import re
import subprocess

import pypdf
import pytest
import yaml

from conftest import REFERENCE_TEXT, REPO
from docgen import layout
from docgen.standard import RULES, read

TOL = layout.cm(0.05)  # ±0.5 mm, spec §21
MOTTO = "กรมการพัฒนาชุมชน : เศรษฐกิจฐานรากมั่นคงและชุมชนพึ่งตนเองได้ ภายในปี ๒๕๖๔"


@pytest.fixture(scope="module")
def letter_view(reference):
    """The rendered PDF as ``docgen check`` reads it: the rule objects are the standard."""
    (doc,) = read(reference.files["pdf"]).docs
    assert doc.kind == "letter"
    return doc


def passes(doc, *rules: str) -> None:
    for rule in rules:
        assert RULES[rule].check(doc) == [], rule


def _clean(page):
    """The page without the empty-text glyphs of Thai marks (their text is
    carried by the cluster's first glyph), which pdfplumber's word grouping
    would otherwise read as gaps."""
    return page.filter(lambda obj: obj.get("object_type") != "char" or obj.get("text"))


def _find(page, text: str) -> dict:
    matches = _clean(page).search(text, regex=False)
    assert matches, f"{text!r} not found on page {page.page_number}"
    return matches[0]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _reference_letter() -> str:
    text = REFERENCE_TEXT.read_text(encoding="utf-8")
    text = text[: text.index(MOTTO) + len(MOTTO)]
    text = text.replace("/ส่งอำเภอ...", "")  # the continuation marker is not letter text
    return text.replace("<http://lopburi.cdd.go.th>", "http://lopburi.cdd.go.th")


def _our_letter(reference) -> str:
    reader = pypdf.PdfReader(io.BytesIO(reference.files["pdf"]))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    for marker in reference.markers:
        text = text.replace(marker, "")
    return re.sub(r"(?m)^- [๐-๙]+ -$", "", text)


def test_text_matches_the_published_letter(reference):
    published, ours = _squash(_reference_letter()), _squash(_our_letter(reference))
    matcher = difflib.SequenceMatcher(None, published, ours, autojunk=False)
    differences = [
        (published[i1:i2], ours[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    ]
    justified = yaml.safe_load((REPO / "tests" / "fixtures" / "reference_differences.yaml").read_text("utf-8"))
    assert sorted(differences) == sorted((d["published"], d["rendered"]) for d in justified)
    assert matcher.ratio() >= 0.99


@pytest.mark.parametrize("extract", ["pdftotext", "pdfplumber"])
def test_every_extractor_reads_the_thai_correctly(reference, reference_pdf, extract):
    if extract == "pdftotext":
        text = subprocess.run(["pdftotext", "-", "-"], input=reference.files["pdf"], capture_output=True,
                              check=True).stdout.decode("utf-8")
    else:
        text = "\n".join(page.extract_text() for page in reference_pdf.pages)
    squashed = _squash(text)
    for phrase in ("ขอให้อำเภอได้ดำเนินการตามแนวทาง", "ให้ผู้บริหารท้องถิ่นกำนัน/ผู้ใหญ่บ้าน",
                   "ได้ข้อมูลถูกต้องครบถ้วนทุกครัวเรือน", "เพื่อให้ได้ข้อมูลที่มีความถูกต้องครบถ้วนและมีคุณภาพ"):
        assert phrase in squashed
    assert not re.search("[\ue000-\uf8ff]", text), "private-use characters in the text layer"


def test_key_lines(reference_pdf, letter_view):
    passes(letter_view, "document-number", "date-line", "parts", "salutation-closing")
    lines = [line.strip() for page in reference_pdf.pages for line in _clean(page).extract_text().splitlines()]
    assert "๑๖ ตุลาคม ๒๕๖๑" in lines
    assert any(line.startswith("ที่ ลบ ๐๐๑๙/ว ๔๘๕๒") for line in lines)
    assert "ขอแสดงความนับถือ" in lines
    assert "เรียน นายอำเภอทุกอำเภอ" in lines
    assert "(นายผดุงศักดิ์ หาญปรีชาสวัสดิ์)" in lines
    assert "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน" in lines
    assert "ผู้ว่าราชการจังหวัดลพบุรี" in lines


def test_digits_are_thai_except_in_addresses(reference_pdf, letter_view):
    passes(letter_view, "arabic-digits", "be-year", "abbreviated-date")
    text = "\n".join(page.extract_text() for page in reference_pdf.pages)
    assert "panaisrs99@gmail.com" in text
    assert "ebmn.cdd.co.th" in text
    assert "http://lopburi.cdd.go.th" in text


def test_pages_are_a4_with_embedded_fonts(reference, letter_view):
    assert len(letter_view.pages) == 2
    passes(letter_view, "page-size", "font-embedded", "font-family", "text-layer", "line-start")
    assert all(page.fonts for page in letter_view.pages)


def test_page_one_breaks_where_the_original_does(reference, reference_pdf, letter_view):
    passes(letter_view, "continuation-marker", "page-number", "signature-page")
    assert reference.markers == ["/ส่งอำเภอ..."]
    page1, page2 = (_clean(page) for page in reference_pdf.pages)
    marker = [w for w in page1.extract_words() if w["text"] == "/ส่งอำเภอ..."]
    assert marker, "continuation marker missing on page 1"
    assert abs(marker[0]["x1"] - (layout.PAGE_WIDTH - layout.MARGIN_RIGHT)) < TOL
    body = [w for w in page1.extract_words() if w["top"] < marker[0]["top"]]
    assert body[-1]["text"].endswith("ท้องถิ่น")
    assert marker[0]["top"] > max(w["bottom"] for w in body) - 1, "the marker is the page's last line"
    words = sorted(page2.extract_words(), key=lambda w: (round(w["top"]), w["x0"]))
    assert words[0]["text"] == "-" and words[1]["text"] == "๒"  # "- ๒ -" comes first
    number = " ".join(w["text"] for w in words[:3])
    assert number == "- ๒ -"
    centre = (words[0]["x0"] + words[2]["x1"]) / 2
    assert abs(centre - (layout.MARGIN_LEFT + layout.TEXT_WIDTH / 2)) < 2 * TOL
    assert abs(words[0]["top"] - layout.PAGE_NUMBER_TOP) < layout.cm(0.3)
    first_body = words[3]
    assert first_body["text"].startswith("ส่งอำเภอ")
    assert "- ๑ -" not in page1.extract_text()


def test_positions_follow_the_spec(reference_pdf, letter_view):
    passes(letter_view, "garuda", "margins", "font-size", "marks")
    page = reference_pdf.pages[0]
    image = page.images[0]
    assert abs(image["top"] - layout.GARUDA_TOP) < layout.cm(0.2)
    assert abs(image["height"] - layout.GARUDA_HEIGHT) < TOL
    assert abs((image["x0"] + image["x1"]) / 2 - layout.PAGE_WIDTH / 2) < TOL
    assert len(reference_pdf.pages[1].images) == 0, "Garuda on page 1 only"

    number = _find(page, "ที่ ลบ ๐๐๑๙/ว ๔๘๕๒")
    assert abs(number["x0"] - layout.MARGIN_LEFT) < TOL
    assert number["top"] > image["bottom"]
    address = [_find(page, "ศาลากลางจังหวัดลพบุรี"), _find(page, "ถนนนารายณ์มหาราช ลบ ๑๕๐๐๐")]
    assert abs(address[0]["x0"] - address[1]["x0"]) < TOL, "address lines share a left edge"
    assert abs(max(a["x1"] for a in address) - (layout.PAGE_WIDTH - layout.MARGIN_RIGHT)) < TOL
    assert abs(address[0]["bottom"] - number["bottom"]) < TOL, "first address line on the ที่ baseline"
    date = _find(page, "๑๖ ตุลาคม ๒๕๖๑")
    assert abs(date["x0"] - (layout.MARGIN_LEFT + layout.DATE_TAB)) < TOL
    assert date["top"] - address[1]["top"] > 0.9 * layout.LINE_PITCH, "date below the address"
    for label in ("เรื่อง การจัดเก็บ", "เรียน นายอำเภอ", "สิ่งที่ส่งมาด้วย"):
        assert abs(_find(page, label)["x0"] - layout.MARGIN_LEFT) < TOL
    order = [_find(page, t)["top"] for t in ("๑๖ ตุลาคม", "เรื่อง", "เรียน", "สิ่งที่ส่งมาด้วย", "ด้วยกระทรวง")]
    assert order == sorted(order), "parts in the order of แบบที่ ๑"
    first_paragraph = _find(page, "ด้วยกระทรวงมหาดไทย")
    assert abs(first_paragraph["x0"] - (layout.MARGIN_LEFT + layout.INDENT_FIRST_LINE)) < TOL
    quantities = _clean(page).search("จำนวน ๑ ชุด", regex=False)
    assert len(quantities) == 4
    for q in quantities:
        assert abs(q["x1"] - (layout.PAGE_WIDTH - layout.MARGIN_RIGHT)) < TOL
    items = [_find(page, f"{n}. ") for n in "๑๒๓๔"]
    assert max(i["x0"] for i in items) - min(i["x0"] for i in items) < TOL, "enclosure numbers in one column"

    for p in reference_pdf.pages:
        for char in p.chars:
            assert abs(char["size"] - layout.BODY_SIZE) < 0.1
            if char["text"].strip():
                assert char["x0"] > layout.MARGIN_LEFT - TOL
                assert char["x1"] < layout.PAGE_WIDTH - layout.MARGIN_RIGHT + TOL


def test_signature_block_is_centred_under_the_closing(reference_pdf, letter_view):
    passes(letter_view, "signature-block")
    page = _clean(reference_pdf.pages[-1])
    lines = {l["text"]: l for l in page.extract_text_lines()}
    closing = lines["ขอแสดงความนับถือ"]
    assert abs(closing["x0"] - (layout.MARGIN_LEFT + layout.DATE_TAB)) < TOL
    axis = (closing["x0"] + closing["x1"]) / 2
    name = lines["(นายผดุงศักดิ์ หาญปรีชาสวัสดิ์)"]
    for text in ("(นายผดุงศักดิ์ หาญปรีชาสวัสดิ์)", "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน", "ผู้ว่าราชการจังหวัดลพบุรี"):
        line = lines[text]
        assert abs((line["x0"] + line["x1"]) / 2 - axis) < TOL, text
    # the closing's line, then three blank lines, then the name
    assert name["top"] - closing["top"] >= 4 * layout.LINE_PITCH - 1, "three blank lines for the signature"


def test_no_line_breaks_inside_a_date(reference, reference_pdf):
    months = "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
    text = "\n".join(p.text for p in reference.document.paragraphs())
    dates = set(re.findall(rf"[๑-๙][๐-๙]?[\s\u00a0](?:{months})[\s\u00a0][๐-๙]{{4}}", text))
    assert len(dates) >= 7
    lines = [" ".join(l.split()) for page in reference_pdf.pages for l in _clean(page).extract_text().splitlines()]
    for found in dates:
        wanted = " ".join(found.split())
        assert any(wanted in line for line in lines), f"{wanted!r} is split across lines"
