"""The internal memo (บันทึกข้อความ, spec §10) from real YAML, as a reader and Word see it.

PDF positions come from pdfplumber (±0.5 mm, spec §21); the DOCX is read as
XML and, once, as LibreOffice lays it out.  Bad input is reported with
file:line:column and field, exit 2, nothing written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict

import pdfplumber
import pytest
from lxml import etree
from typer.testing import CliRunner

from conftest import REPO, edit, libreoffice_pdf
from docgen import layout
from docgen.cli import app
from docgen.config.models import CLOSINGS
from docgen.kinds import KINDS
from docgen.pipeline import build, render
from docgen.thai import has_arabic_digit_outside_protected

MEMO = REPO / "config" / "lopburi-jpt-2562" / "memo.yaml"
TOL = layout.cm(0.05)  # ±0.5 mm
LEFT = layout.MARGIN_LEFT
RIGHT = layout.PAGE_WIDTH - layout.MARGIN_RIGHT
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
HEADER_LABELS = ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง")
SUBJECT = "ขอความเห็นชอบแจ้งแนวทางการจัดเก็บข้อมูล จปฐ. และข้อมูล กชช.๒ค ปี ๒๕๖๒"


# --- helpers ---------------------------------------------------------------

def _clean(page):
    """Without the empty-text glyphs of Thai marks (see the README)."""
    return page.filter(lambda obj: obj.get("object_type") != "char" or obj.get("text"))


def _find(page, text: str) -> dict:
    matches = _clean(page).search(text, regex=False)
    assert matches, f"{text!r} not found on page {page.page_number}"
    return matches[0]


def _baseline(obj) -> float:
    """Distance of a char's (or a match's first char's) baseline from the top edge."""
    char = obj["chars"][0] if "chars" in obj else obj
    return layout.PAGE_HEIGHT - char["matrix"][5]


def _rows(page) -> dict[float, list[dict]]:
    """Characters with text, by baseline (rounded to 0.1 pt), left to right."""
    rows = defaultdict(list)
    for char in page.chars:
        if char["text"]:
            rows[round(_baseline(char), 1)].append(char)
    return {y: sorted(chars, key=lambda c: c["x0"]) for y, chars in sorted(rows.items())}


def _dots(page, baseline: float) -> list[dict]:
    """The leader dots standing on ``baseline``, left to right."""
    return sorted((c for c in page.curves if abs(c["bottom"] - baseline) < 0.3), key=lambda c: c["x0"])


def _bold(char) -> bool:
    return "Bold" in char["fontname"]


def _part(docx: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read(name))


def _headers(docx: bytes) -> list:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return [etree.fromstring(package.read(n)) for n in package.namelist() if n.startswith("word/header")]


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))


def _w(element, name: str):
    return element.get(f"{{{W}}}{name}")


def _paragraph(docx: bytes, start: str):
    body = _part(docx, "word/document.xml")
    found = [p for p in body.iter(f"{{{W}}}p") if _text(p).startswith(start)]
    assert len(found) == 1, f"one paragraph starting {start!r}"
    return found[0]


def _runs(p) -> list[tuple[str, str, bool]]:
    """(text or "\\t", half-point size, bold) of each run."""
    out = []
    for run in p.findall("w:r", NS):
        text = "\t" if run.find("w:tab", NS) is not None else "".join(t.text or "" for t in run.findall("w:t", NS))
        size = run.find("w:rPr/w:sz", NS)
        out.append((text, _w(size, "val") if size is not None else None, run.find("w:rPr/w:b", NS) is not None))
    return out


def _edit(config_dir, *replacements):
    return edit(config_dir / "memo.yaml", *replacements)


# --- the reference memo -----------------------------------------------------

@pytest.fixture(scope="module")
def memo():
    return render(MEMO)


@pytest.fixture(scope="module")
def page(memo):
    with pdfplumber.open(io.BytesIO(memo.files["pdf"])) as pdf:
        yield pdf.pages[0]


@pytest.fixture(scope="module")
def header(page):
    """Baselines of the three header lines, found by their values."""
    return {
        "ส่วนราชการ": _baseline(_find(page, "สำนักงานพัฒนาชุมชนจังหวัดลพบุรี")),
        "ที่": _baseline(_find(page, "ลบ ๐๐๑๙/๑๑๘๗")),
        "เรื่อง": _baseline(_find(page, SUBJECT)),
    }


def test_memo_is_a_registered_kind():
    assert KINDS["memo"].module == "docgen.builders.memo"
    assert build(MEMO).kind == "memo"


def test_garuda_is_1_5_cm_at_the_left_margin_on_page_1(page):
    (image,) = page.images
    assert abs(image["height"] - layout.cm(1.5)) < TOL
    assert abs(image["x0"] - LEFT) < TOL, "left edge on the 3 cm margin"
    assert abs(image["top"] - layout.cm(1.5)) < layout.cm(0.2), "1.5 cm below the top edge (±2 mm)"


def test_title_is_29_pt_bold_centred_on_the_garuda_line(page):
    title = _find(page, "บันทึกข้อความ")
    assert {(round(c["size"], 1), _bold(c)) for c in title["chars"]} == {(29.0, True)}
    assert abs((title["x0"] + title["x1"]) / 2 - (LEFT + layout.TEXT_WIDTH / 2)) < TOL, "centred on the text"
    image = page.images[0]
    assert abs(_baseline(title) - image["bottom"]) < TOL, "its baseline is the Garuda's foot"


def test_speed_mark_is_red_32_pt_between_the_garuda_and_the_title(page):
    speed, title, image = _find(page, "ด่วน"), _find(page, "บันทึกข้อความ"), page.images[0]
    for char in speed["chars"]:
        assert char["size"] >= 32 - 0.1 and _bold(char)
        assert tuple(char["non_stroking_color"]) == (1, 0, 0)
    assert image["x1"] < speed["x0"] and speed["x1"] < title["x0"], "between the Garuda and the title"
    assert abs(_baseline(speed) - _baseline(title)) < TOL
    red = [c for c in page.chars if c["text"] and tuple(c["non_stroking_color"] or ()) == (1, 0, 0)]
    assert "".join(c["text"] for c in red) == "ด่วน"


def test_header_labels_are_20_pt_bold_and_values_16_pt(page, header):
    rows = _rows(page)
    expected = {"ส่วนราชการ": "ส่วนราชการ", "ที่": "ที่วันที่", "เรื่อง": "เรื่อง"}
    for name, baseline in header.items():
        chars = rows[round(baseline, 1)]
        labels = [c for c in chars if abs(c["size"] - layout.MEMO_LABEL_SIZE) < 0.1]
        values = [c for c in chars if c not in labels]
        assert "".join(c["text"] for c in labels) == expected[name]
        assert all(_bold(c) for c in labels)
        assert values and all(abs(c["size"] - 16) < 0.1 and not _bold(c) for c in values)
        assert abs(chars[0]["x0"] - LEFT) < TOL, f"{name} starts at the margin"
        assert chars[0] in labels, "each line starts with its label"
    order = [header[k] for k in ("ส่วนราชการ", "ที่", "เรื่อง")] + [_baseline(_find(page, "เรียน"))]
    assert order == sorted(order) and order[0] > _baseline(_find(page, "บันทึกข้อความ"))


def test_only_the_sizes_of_spec_check_4(page):
    sizes = {round(c["size"], 1) for c in page.chars if c["text"]}
    assert sizes <= {16.0, 20.0, 29.0} | {s for s in sizes if s >= 32}
    assert {16.0, 20.0, 29.0} <= sizes


def test_dotted_leaders_run_from_each_value_to_the_right_margin(page, header):
    rows = _rows(page)
    for name, baseline in header.items():
        dots = _dots(page, baseline)
        assert len(dots) > 5, f"a dotted leader on the {name} line"
        assert abs(dots[-1]["x1"] - RIGHT) < TOL, "the leader ends at the right margin"
        chars = rows[round(baseline, 1)]
        after = [d for d in dots if d["x0"] > chars[-1]["x1"]]
        assert after and after[0]["x0"] - chars[-1]["x1"] < layout.cm(0.3), "the dots follow the value"
        assert not [d for d in dots for c in chars if c["x0"] < d["x1"] and d["x0"] < c["x1"]], "no dot under text"
        for dot in dots:  # dots, not a rule: small, round, on the baseline
            assert dot["x1"] - dot["x0"] < 2 and dot["bottom"] - dot["top"] < 2
        assert all(a["x1"] < b["x0"] for a, b in zip(dots, dots[1:])), "separate dots"
        pitches = [b["x0"] - a["x0"] for a, b in zip(dots, dots[1:])]
        leaders = 1 + sum(pitch > 4 for pitch in pitches)  # dots 2.6 pt apart within a leader
        assert leaders == (2 if name == "ที่" else 1)


def test_the_number_runs_its_dots_up_to_the_date_at_8_cm(page, header):
    date = _find(page, "วันที่")
    assert abs(date["x0"] - (LEFT + layout.cm(8))) < TOL, "วันที่ starts 8 cm from the margin"
    assert abs(_baseline(date) - header["ที่"]) < TOL
    number = _find(page, "ลบ ๐๐๑๙/๑๑๘๗")
    between = [d for d in _dots(page, header["ที่"]) if number["x1"] < d["x0"] and d["x1"] < date["x0"]]
    assert len(between) > 20
    assert 0 < date["x0"] - between[-1]["x1"] < layout.cm(0.1), "the number's dots run up to วันที่"
    assert _find(page, "๑๒ ตุลาคม ๒๕๖๑")["x0"] > date["x1"]


def test_no_rule_or_border_anywhere(page):
    assert page.lines == [] and page.rects == []
    assert all(c["x1"] - c["x0"] < 2 for c in page.curves), "only leader dots are drawn"


def test_body_salutation_parts_and_no_closing(memo, page):
    salutation = _find(page, "เรียน ผู้ว่าราชการจังหวัดลพบุรี")
    assert abs(salutation["x0"] - LEFT) < TOL
    headings = [_find(page, h) for h in ("๑. เรื่องเดิม", "๒. ข้อเท็จจริง", "๓. ข้อพิจารณา", "๔. ข้อเสนอ")]
    assert [h["top"] for h in headings] == sorted(h["top"] for h in headings)
    for heading in headings:
        assert abs(heading["x0"] - (LEFT + layout.INDENT_FIRST_LINE)) < TOL
        assert all(_bold(c) for c in heading["chars"])
    first = _find(page, "กรมการพัฒนาชุมชนได้รับมอบหมาย")
    assert abs(first["x0"] - (LEFT + layout.INDENT_FIRST_LINE)) < TOL, "2.5 cm first-line indent"
    text = page.extract_text()
    assert "ข้อกฎหมาย" not in text, "an absent part leaves no heading"
    for closing in {c for pair in CLOSINGS.values() for c in pair}:
        assert closing not in text
    assert not [p for p in memo.document.paragraphs() if p.role == "closing"]
    assert not has_arabic_digit_outside_protected(text)


def test_signature_block_ends_the_memo(page):
    lines = [l for l in _clean(page).extract_text_lines()]
    texts = [l["text"] for l in lines]
    assert re.fullmatch(r"\(.+\)", texts[-2]), texts[-2:]
    assert texts[-2:] == ["(นางสาวกมลวรรณ ศรีสวัสดิ์)", "พัฒนาการจังหวัดลพบุรี"], "no owner block below"
    conclusion = next(l for l in lines if l["text"].startswith("จึงเรียนมาเพื่อโปรดพิจารณา"))
    assert lines[-2]["top"] - conclusion["top"] >= 4 * layout.LINE_PITCH - 1, "three blank lines"
    from docgen.fonts import text_width

    axis = LEFT + layout.DATE_TAB + text_width("ขอแสดงความนับถือ", layout.BODY_SIZE) / 2
    for line in lines[-2:]:
        assert abs((line["x0"] + line["x1"]) / 2 - axis) < TOL


def test_number_and_date_forms(page):
    number = _find(page, "ลบ ๐๐๑๙/๑๑๘๗")
    assert re.fullmatch(r"[ก-ฮ]{2,3} [๐-๙]{4}(\.[๐-๙]+)*/[๐-๙]+", number["text"])
    assert re.fullmatch(r"[๑-๙][๐-๙]? ตุลาคม [๐-๙]{4}", _find(page, "๑๒ ตุลาคม ๒๕๖๑")["text"])


# --- the DOCX -------------------------------------------------------------------

def test_docx_header_lines_have_20_pt_labels_and_dotted_tabs(memo):
    docx = memo.files["docx"]
    twips = lambda cm: str(round(layout.cm(cm) * 20))  # noqa: E731
    for start, labels, tabs in (
        ("ส่วนราชการ", ["ส่วนราชการ"], [("right", twips(16))]),
        ("ที่", ["ที่", "วันที่"], [("left", twips(8)), ("right", twips(16))]),
        ("เรื่อง", ["เรื่อง"], [("right", twips(16))]),
    ):
        p = _paragraph(docx, start)
        runs = _runs(p)
        assert [t for t, size, bold in runs if size == "40"] == labels
        assert all(bold for t, size, bold in runs if size == "40")
        assert {size for t, size, bold in runs if t.strip()} == {"40", "32"}
        assert not any(bold for t, size, bold in runs if size == "32")
        dotted = [(_w(t, "val"), _w(t, "pos")) for t in p.findall("w:pPr/w:tabs/w:tab", NS) if _w(t, "leader") == "dot"]
        assert dotted == tabs
        assert runs[-1][0] == "\t", "the line ends with the dotted tab"
    assert p.find("w:pPr/w:ind", NS) is not None and _w(p.find("w:pPr/w:ind", NS), "hanging"), "wrapped lines hang"


def test_docx_title_garuda_and_speed_in_the_first_page_header(memo):
    headers = _headers(memo.files["docx"])
    (head,) = [h for h in headers if "บันทึกข้อความ" in _text(h)]
    p = next(p for p in head.iter(f"{{{W}}}p") if "บันทึกข้อความ" in _text(p))
    runs = _runs(p)
    assert ("บันทึกข้อความ", "58", True) in runs
    assert ("ด่วน", "64", True) in runs
    spacing = p.find("w:pPr/w:spacing", NS)
    assert (_w(spacing, "line"), _w(spacing, "lineRule")) == ("700", "exact"), "exactly 35 pt"
    anchor = p.find(".//wp:anchor", NS)
    assert anchor is not None and p.find(".//wp:inline", NS) is None
    assert abs(int(anchor.find("wp:extent", NS).get("cy")) - 540000) < 1800, "1.5 cm tall"
    horizontal, vertical = anchor.find("wp:positionH", NS), anchor.find("wp:positionV", NS)
    assert (horizontal.get("relativeFrom"), horizontal.findtext("wp:posOffset", namespaces=NS)) == ("margin", "0")
    assert (vertical.get("relativeFrom"), vertical.findtext("wp:posOffset", namespaces=NS)) == ("page", "540000")


def test_docx_has_no_border_and_no_closing(memo):
    docx = memo.files["docx"]
    for part in [_part(docx, "word/document.xml"), *_headers(docx)]:
        assert part.find(".//w:pBdr", NS) is None and part.find(".//w:bdr", NS) is None
    text = "".join(_text(p) for p in _part(docx, "word/document.xml").iter(f"{{{W}}}p"))
    assert "ขอแสดงความนับถือ" not in text and "(นางสาวกมลวรรณ ศรีสวัสดิ์)" in text


def test_libreoffice_lays_the_docx_out_like_our_pdf(memo, page, tmp_path, fontconfig_file):
    with pdfplumber.open(libreoffice_pdf(memo.files["docx"], "memo", tmp_path, fontconfig_file)) as office:
        assert len(office.pages) == 1
        theirs = office.pages[0]
        (image,) = theirs.images
        assert abs(image["height"] - layout.cm(1.5)) < TOL and abs(image["x0"] - LEFT) < TOL
        assert abs(image["top"] - page.images[0]["top"]) < TOL
        # LibreOffice's PDF text layer garbles Thai vowels, so compare by size and position.
        ours, office_rows = _layout_rows(page), _layout_rows(theirs)
        assert len(ours) >= 10 and len(office_rows) >= 10
        for mine, other in zip(ours[:8], office_rows[:8]):  # title, header lines, เรียน, first body lines
            assert abs(mine[0] - other[0]) < TOL, (mine, other)
            assert len(mine[1]) == len(other[1]) and all(abs(a - b) < TOL for a, b in zip(mine[1], other[1]))


def _layout_rows(page) -> list[tuple[float, list[float]]]:
    """(baseline, x0 of each change of size along the line) of every line of text."""
    out = []
    for baseline, chars in _rows(page).items():
        starts = [c["x0"] for i, c in enumerate(chars) if i == 0 or abs(c["size"] - chars[i - 1]["size"]) > 0.1]
        out.append((baseline, starts))
    return out


# --- variants -------------------------------------------------------------------

def test_long_values_wrap_under_the_value_and_the_leader_follows_the_last_line(config_dir):
    long_subject = ("ขอความเห็นชอบแจ้งแนวทางการบริหารการจัดการเก็บข้อมูลความจำเป็นพื้นฐาน (จปฐ.) "
                    "และข้อมูลพื้นฐานระดับหมู่บ้าน (กชช.2ค) ปี {{ vars.year }} ให้อำเภอทุกอำเภอ")
    memo = _edit(config_dir,
                 ("subject: ขอความเห็นชอบแจ้งแนวทางการจัดเก็บข้อมูล จปฐ. และข้อมูล กชช.2ค ปี {{ vars.year }}",
                  f"subject: {long_subject}"),
                 ("unit: สำนักงานพัฒนาชุมชนจังหวัดลพบุรี (กลุ่มงานสารสนเทศฯ)",
                  "unit: สำนักงานพัฒนาชุมชนจังหวัดลพบุรี กลุ่มงานสารสนเทศการพัฒนาชุมชน"))
    with pdfplumber.open(io.BytesIO(render(memo, formats=("pdf",)).files["pdf"])) as pdf:
        page = pdf.pages[0]
        first, label = _find(page, "ขอความเห็นชอบแจ้งแนวทาง"), _find(page, "เรื่อง")
        second = _find(page, "ให้อำเภอทุกอำเภอ")
        assert _baseline(second) > _baseline(first) + 10, "the subject wraps"
        rows = _rows(page)
        continuation = rows[round(_baseline(second), 1)]
        assert abs(continuation[0]["x0"] - first["x0"]) < TOL, "wrapped lines start under the value"
        assert first["x0"] > label["x1"]
        assert _dots(page, _baseline(first)) == [], "no dots after a line that wraps"
        dots = _dots(page, _baseline(second))
        assert dots and abs(dots[-1]["x1"] - RIGHT) < TOL and dots[0]["x0"] > continuation[-1]["x1"]
        lines = [l["text"] for l in _clean(page).extract_text_lines()]
        assert any("โทร. ๐ ๓๖๗๗ ๐๑๓๕" in line for line in lines), "the phone number is never split"
        assert all(c["x1"] < RIGHT + TOL for c in page.chars if c["text"])


def test_a_long_memo_keeps_the_header_on_page_1(config_dir):
    paragraph = "    - " + "ข้อความทดสอบการแบ่งหน้าของบันทึกข้อความ " * 12 + "\n"
    memo = _edit(config_dir, ("  consideration: >-\n", "  law:\n" + paragraph * 8 + "  consideration: >-\n"),
                 ("speed: ด่วน ", "speed: ด่วนที่สุด "))
    with pdfplumber.open(io.BytesIO(render(memo, formats=("pdf",)).files["pdf"])) as pdf:
        assert len(pdf.pages) >= 2
        second = pdf.pages[1]
        assert second.images == [] and second.curves == [], "Garuda and header on page 1 only"
        assert "- ๒ -" in second.extract_text()
        assert not [c for c in second.chars if c["size"] > 20], "no title or speed mark on page 2"
        assert _find(pdf.pages[0], "ด่วนที่สุด")["x1"] < _find(pdf.pages[0], "บันทึกข้อความ")["x0"]
        assert "๓. ข้อกฎหมาย" in _clean(pdf.pages[0]).extract_text() + _clean(second).extract_text()


def test_plain_body_high_office_salutation_and_no_speed(config_dir):
    text = (config_dir / "memo.yaml").read_text("utf-8")
    head, _, _ = text.partition("sections:")
    conclusion = text[text.index("conclusion:"):]
    (config_dir / "memo.yaml").write_text(
        head.replace("speed: ด่วน ", "# no speed ").replace("salutation: เรียน", "salutation: กราบเรียน")
        .replace("recipient: ผู้ว่าราชการจังหวัดลพบุรี", "recipient: นายกรัฐมนตรี")
        + "body:\n  - ด้วยจังหวัดลพบุรีขอรายงาน\n  - heading: รายละเอียด\n    items: [ข้อหนึ่ง, ข้อสอง]\n"
        + conclusion, "utf-8")
    document = build(config_dir / "memo.yaml")
    assert document.speed is None
    texts = [(("".join(r.text for r in p.label or [])), p.text) for p in document.paragraphs()]
    assert ("กราบเรียน", "นายกรัฐมนตรี") in texts
    assert ("", "๑. รายละเอียด") in texts and ("", "๑.๒ ข้อสอง") in texts
    assert not any("ขอแสดงความนับถือ" in t for _, t in texts)


# --- bad input --------------------------------------------------------------------

BAD = [
    ("closing-given", "signer: provincial_cd_officer", "closing: ขอแสดงความนับถือ\nsigner: provincial_cd_officer",
     "closing", "a memo has no closing", "closing:"),
    ("unknown-key", "subject:", "subjekt:", "subjekt", "unknown key", None),
    ("unknown-part", "  consideration:", "  considerations:", "sections.considerations", "unknown key", None),
    ("bad-speed", "speed: ด่วน ", "speed: ด่วนพิเศษ ", "speed", "Input should be", None),
    ("bad-number", "register: 1187", "number: ลบ19/1187", "number", "is not a memo number", None),
    ("royal-salutation", "salutation: เรียน", "salutation: กราบทูล", "salutation", "royal", None),
    ("bad-phone", 'phone: "036770135"', 'phone: "03677"', "phone", "not a Thai phone number", None),
    ("unknown-signer", "signer: provincial_cd_officer", "signer: governor", "signer", "no person 'governor'", None),
    ("unknown-schedule-id", "schedule.lao_certify.end_date", "schedule.lao_certfy.end_date", "sections.facts[0]",
     "schedule has no activity 'lao_certfy'", "schedule.lao_certfy"),
]


def _line_of(path, text: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if text.splitlines()[0] in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
@pytest.mark.parametrize("command", ["validate", "render"])
def test_bad_memo_input_is_reported_precisely(case, command, config_dir, tmp_path):
    name, old, new, field, message, line_text = case
    memo = _edit(config_dir, (old, new))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [command, str(memo)] + (["--out", str(out)] if command == "render" else []))
    assert result.exit_code == 2, result.output
    line = _line_of(memo, line_text or new)
    problems = [" ".join(p.split()) for p in result.output.split("error ")[1:]]
    assert any(re.search(rf"memo\.yaml:{line}:\d+: {re.escape(field)}: ", p) and message in p for p in problems), \
        result.output
    assert "nothing was written" in result.output
    assert not out.exists() or not any(out.rglob("*"))


def test_a_memo_needs_a_body_or_sections(config_dir):
    memo = config_dir / "memo.yaml"
    text = memo.read_text("utf-8")
    memo.write_text(text[: text.index("sections:")] + text[text.index("conclusion:"):], "utf-8")
    result = CliRunner().invoke(app, ["validate", str(memo)])
    assert result.exit_code == 2 and "needs a body" in result.output and "memo.yaml:" in result.output
