"""Appointment orders (คำสั่ง, spec §12): real YAML in, real PDF/DOCX out, checked as a reader sees them.

The demo renders the orders of Lopburi's 11 districts from one config
(``config/lopburi-jpt-2562/orders/district-teams.yaml``) and the province's
own order (``province-team.yaml``); smaller orders written by the tests cover
what the demo does not show (several committees, a long member list, a
budget, a dated start, a named signer) and the bad inputs.
"""

from __future__ import annotations

import io
import re
import shutil
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf
import pytest
import yaml
from lxml import etree
from typer.testing import CliRunner

from conftest import REPO, edit, libreoffice_pdf
from docgen import layout
from docgen.cli import app
from docgen.config.orders import ROLES, baht
from docgen.pipeline import documents, render, render_all

CONFIG = REPO / "config" / "lopburi-jpt-2562"
DISTRICTS = CONFIG / "orders" / "district-teams.yaml"
PROVINCE = CONFIG / "orders" / "province-team.yaml"
TOL = layout.cm(0.05)  # ±0.5 mm, spec §21
CENTRE = layout.MARGIN_LEFT + layout.TEXT_WIDTH / 2
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CHAIRS = {role for role, (rank, _) in ROLES.items() if rank == 0}
SECRETARIES = {role for role, (rank, _) in ROLES.items() if rank >= 3}
MONTHS = "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
MEMBER = re.compile(r"^[๑-๙][๐-๙]*(\.[๑-๙][๐-๙]*)?\.? ")


# ---------------------------------------------------------------- reading a PDF as lines


@dataclass
class Line:
    page: int
    bottom: float
    words: list[dict]

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words).replace("\u00a0", " ")

    @property
    def x0(self) -> float:  # from the left margin
        return self.words[0]["x0"] - layout.MARGIN_LEFT

    @property
    def centre(self) -> float:  # on the paper
        return (self.words[0]["x0"] + self.words[-1]["x1"]) / 2


def pdf_lines(pdf: bytes) -> list[Line]:
    """Every line of every page, top to bottom: words grouped by baseline.
    Empty-text glyphs (Thai marks, see the README) are dropped first."""
    out: list[Line] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            clean = page.filter(lambda o: o.get("object_type") != "char" or o.get("text"))
            rows: dict[float, list[dict]] = {}
            for word in clean.extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=["fontname", "size"]):
                key = next((k for k in rows if abs(k - word["bottom"]) < 2), word["bottom"])
                rows.setdefault(key, []).append(word)
            out += [Line(page.page_number, b, sorted(rows[b], key=lambda w: w["x0"])) for b in sorted(rows)]
    return out


def members(lines: list[Line]) -> list[Line]:
    """The first line of each member row: a number, then text, then a role."""
    return [line for line in lines if MEMBER.match(line.text) and line.words[-1]["text"] in ROLES]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_xml(docx: bytes):
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def paragraph_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{W}}}t"))


# ---------------------------------------------------------------- the demo orders


@pytest.fixture(scope="module")
def district_orders():
    return render_all(DISTRICTS)


@pytest.fixture(scope="module")
def district_lines(district_orders):
    return {r.name: pdf_lines(r.files["pdf"]) for r in district_orders}


@pytest.fixture(scope="module")
def province_order():
    return render(PROVINCE)


def _district_files() -> list[dict]:
    main = yaml.safe_load(DISTRICTS.read_text("utf-8"))
    return [yaml.safe_load((DISTRICTS.parent / path).read_text("utf-8")) for path in main["districts"]]


def test_one_config_gives_the_orders_of_all_11_districts(district_orders):
    shared = yaml.safe_load((REPO.parent / "shared" / "data" / "lopburi.yaml").read_text("utf-8"))
    expected = [f"order-{d['code']}-{d['name_th']}" for d in shared["districts"]]
    names = [r.name for r in district_orders]
    assert len(names) == 11
    assert names == expected == sorted(names), "one per district, sortable, named by code and district"
    assert all(r.files["pdf"].startswith(b"%PDF") and r.files["docx"].startswith(b"PK") for r in district_orders)


def test_each_order_names_its_own_district_and_positions(district_lines):
    files = _district_files()
    for district in files:
        name = district["name"]
        short = name.removeprefix("อำเภอ")
        lines = district_lines[f"order-{district['code']}-{short}"]
        assert lines[0].text == f"คำสั่ง{name}"
        text = squash(" ".join(line.text for line in lines))
        for position in (f"นายอำเภอ{short}", f"ท้องถิ่นอำเภอ{short}", f"พัฒนาการอำเภอ{short}"):
            assert position in text, (name, position)
        others = [d["name"] for d in files if d is not district and d["name"] not in name]
        assert not [other for other in others if other in text], f"{name}'s order names another district"
        # the signer: a blank name line for the hand, then the district chief's position
        signer = next(i for i, line in enumerate(lines) if re.fullmatch(r"\(\.+\)", line.text))
        assert lines[signer + 1].text == f"นายอำเภอ{short}"


def test_title_lines_are_centred_bold_16_pt(district_lines, province_order):
    for lines in [*district_lines.values(), pdf_lines(province_order.files["pdf"])]:
        subject = next(i for i, line in enumerate(lines) if line.text.startswith("เรื่อง "))
        rule = next(i for i, line in enumerate(lines) if set(line.text) == {"_"})
        titles = lines[: rule + 1]
        assert titles[0].text.startswith("คำสั่ง") and titles[1].text.startswith("ที่ ")
        assert rule > subject + 1, "the demo subject wraps: its second line must be centred too"
        for line in titles:
            assert abs(line.centre - CENTRE) <= TOL, (line.text, line.centre - CENTRE)
        for line in titles[:rule]:
            assert all(w["fontname"].endswith("Bold") for w in line.words), line.text
            assert all(abs(w["size"] - 16) <= 0.1 for w in line.words), line.text
        rule_width = titles[rule].words[-1]["x1"] - titles[rule].words[0]["x0"]
        assert layout.cm(3) <= rule_width <= layout.cm(5), "a short rule of about 4 cm"


def test_order_number_and_date_lines(district_lines, province_order):
    for lines in [*district_lines.values(), pdf_lines(province_order.files["pdf"])]:
        assert re.fullmatch(r"ที่ [๑-๙][๐-๙]*/[๐-๙]{4}", lines[1].text), lines[1].text
        year = lines[1].text[-4:]
        dated = [line for line in lines if line.text.startswith("สั่ง ณ วันที่")]
        assert len(dated) == 1
        assert re.fullmatch(rf"สั่ง ณ วันที่ [๑-๙][๐-๙]? ({MONTHS}) พ.ศ. [๐-๙]{{4}}", dated[0].text), dated[0].text
        assert dated[0].text.endswith(year)
        assert abs(dated[0].x0 - layout.DATE_TAB) <= TOL, "สั่ง ณ วันที่ starts at 7.5 cm"


def test_one_chair_and_the_secretary_lines_last(district_lines, province_order):
    for lines in [*district_lines.values(), pdf_lines(province_order.files["pdf"])]:
        roles = [line.words[-1]["text"] for line in members(lines)]
        assert len(roles) >= 9
        assert sum(role in CHAIRS for role in roles) == 1
        assert roles[0] in CHAIRS
        secretaries = [i for i, role in enumerate(roles) if role in SECRETARIES]
        assert secretaries and secretaries == list(range(len(roles) - len(secretaries), len(roles)))
        numbers = [line.words[0]["text"] for line in members(lines)]
        assert numbers == [f"{n}.".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
                           for n in range(1, len(numbers) + 1)]


def test_member_columns_are_aligned(district_lines):
    for name, lines in district_lines.items():
        rows = members(lines)
        role_x = [line.words[-1]["x0"] for line in rows]
        assert max(role_x) - min(role_x) <= TOL, name
        assert layout.cm(10.5) <= role_x[0] - layout.MARGIN_LEFT <= layout.cm(12), "role column at ≈ 11-12 cm"
        for line in rows:
            assert abs(line.x0 - layout.INDENT_FIRST_LINE) <= TOL, "numbers at 2.5 cm"
        name_x = [line.words[1]["x0"] for line in rows]
        assert max(name_x) - min(name_x) <= TOL, "names start in one column"
        # a wrapped position continues in its own column, not under the number
        wrapped = [line for line in lines if line.text == squash(line.text) and "สำนักงานพัฒนาชุมชน" in line.text
                   and not MEMBER.match(line.text)]
        assert wrapped and all(abs(line.words[0]["x0"] - name_x[0]) <= TOL for line in wrapped)


def test_duties_then_effective_then_the_signature(district_lines):
    for name, lines in district_lines.items():
        texts = [line.text for line in lines]
        duties = texts.index("ให้คณะทำงานมีอำนาจหน้าที่ ดังนี้")
        effective = texts.index("ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป")
        dated = next(i for i, t in enumerate(texts) if t.startswith("สั่ง ณ วันที่"))
        signer = next(i for i, t in enumerate(texts) if re.fullmatch(r"\(\.+\)", t))
        assert duties < effective < dated < signer, name
        numbered = [t for t in texts[duties + 1: effective] if re.match(r"^[๑-๙]\. ", t)]
        assert [t[:2] for t in numbered] == ["๑.", "๒.", "๓.", "๔."]
        assert abs(lines[effective].x0 - layout.INDENT_FIRST_LINE) <= TOL, "ทั้งนี้ at 2.5 cm"
        # one blank line before the date line, three before the name (§17)
        assert lines[dated].bottom - lines[effective].bottom >= 2 * layout.LINE_PITCH - 1
        assert lines[signer].bottom - lines[dated].bottom >= 4 * layout.LINE_PITCH - 1
        # the date line and the whole signature block on one page, with body text before it
        assert lines[dated].page == lines[signer].page == lines[signer + 1].page
        assert lines[effective].page == lines[dated].page


def test_the_pdf_text_is_thai_with_thai_digits(district_lines):
    for name, lines in district_lines.items():
        text = "".join(line.text for line in lines)
        assert not re.search("[0-9]", text), name
        assert not re.search("[\ue000-\uf8ff]", text)
        glued = [line for line in lines if "ลงวันที่๑๖ตุลาคม๒๕๖๑" in squash(line.text)]
        assert len(glued) == 1, "the circular's date, glued, is never split by a line break"


def test_docx_member_rows_never_split_and_titles_are_centred(district_orders):
    for result in district_orders:
        doc = docx_xml(result.files["docx"])
        tables = doc.findall(".//w:body/w:tbl", NS)
        assert len(tables) == 1
        rows = tables[0].findall("w:tr", NS)
        assert len(rows) == 10
        for row in rows:
            assert row.find("w:trPr/w:cantSplit", NS) is not None
            assert paragraph_text(row.findall("w:tc", NS)[-1]) in ROLES
        assert tables[0].find("w:tblPr/w:tblBorders", NS) is None
        assert tables[0].find("w:tblPr/w:tblStyle", NS) is None, "no 'Table Grid' rules"
        paragraphs = doc.findall(".//w:body/w:p", NS)
        for p in paragraphs[:3]:
            assert p.find("w:pPr/w:jc", NS).get(f"{{{W}}}val") == "center", paragraph_text(p)
            for run in p.findall("w:r", NS):
                assert run.find("w:rPr/w:b", NS) is not None and run.find("w:rPr/w:bCs", NS) is not None
                assert run.find("w:rPr/w:sz", NS).get(f"{{{W}}}val") == "32"
        assert paragraph_text(paragraphs[0]).startswith("คำสั่งอำเภอ")
        assert re.fullmatch(r"ที่ [๑-๙][๐-๙]*/[๐-๙]{4}", paragraph_text(paragraphs[1]))


def test_libreoffice_paginates_a_district_order_like_our_pdf(district_orders, tmp_path, fontconfig_file):
    result = district_orders[0]
    converted = pypdf.PdfReader(libreoffice_pdf(result.files["docx"], "order", tmp_path, fontconfig_file))
    assert len(converted.pages) == result.pdf_pages


def test_the_province_order_is_the_circulars_enclosure(province_order):
    lines = pdf_lines(province_order.files["pdf"])
    assert lines[0].text == "คำสั่งจังหวัดลพบุรี"
    texts = [line.text for line in lines]
    signer = next(i for i, t in enumerate(texts) if re.fullmatch(r"\(\.+\)", t))
    assert texts[signer + 1] == "ผู้ว่าราชการจังหวัดลพบุรี"
    # listed in the circular as its enclosure 4 is
    assert province_order.document.meta["listed_as"] == "คำสั่งแต่งตั้งคณะทำงานบริหารการจัดการเก็บข้อมูลฯ"
    assert "warnings" not in province_order.document.meta


# ---------------------------------------------------------------- orders written by the tests

BASE = """\
kind: order
issuer: อำเภอทดสอบ
number: 12/2561
date: 2018-10-25
subject: แต่งตั้งคณะกรรมการทดสอบ
preamble:
  - ด้วยอำเภอทดสอบจะจัดงานทดสอบ
  - อาศัยอำนาจตามความในมาตรา 65 แห่งพระราชบัญญัติระเบียบบริหารราชการแผ่นดิน พ.ศ. 2534 จึงแต่งตั้งคณะกรรมการ ประกอบด้วย
duties:
  - วางแผนงานทดสอบ
  - รายงานผล
signer:
  position: นายอำเภอทดสอบ
"""


def write_order(folder: Path, extra: str, name: str = "order.yaml") -> Path:
    path = folder / name
    path.write_text(BASE + textwrap.dedent(extra), "utf-8")
    return path


def test_a_long_member_list_keeps_each_role_with_its_name(tmp_path):
    member = ("      - {{position: นักวิชาการพัฒนาชุมชนชำนาญการผู้รับผิดชอบงานข้อมูลและสารสนเทศ"
              " สำนักงานพัฒนาชุมชนอำเภอทดสอบ หน่วยที่ {n}, role: {role}}}\n")
    roles = ["ประธานกรรมการ"] + ["กรรมการ"] * 38 + ["กรรมการและเลขานุการ"]
    extra = "committees:\n  - members:\n" + "".join(member.format(n=n, role=r) for n, r in enumerate(roles, 1))
    result = render(write_order(tmp_path, extra))
    lines = pdf_lines(result.files["pdf"])
    rows = members(lines)
    assert len(rows) == 40
    assert len({line.page for line in rows}) >= 2, "the list must span pages for this test to mean anything"
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    for n, (row, role) in enumerate(zip(rows, roles), start=1):
        assert row.words[0]["text"] == f"{n}.".translate(thai)
        assert row.words[-1]["text"] == role
        tail = next(line for line in lines if line.text.endswith(f"หน่วยที่ {n}".translate(thai)))
        assert tail.page == row.page, f"member {n}: its wrapped name and its role are on different pages"
        assert 0 < tail.bottom - row.bottom < 3 * layout.LINE_PITCH
    role_x = [row.words[-1]["x0"] for row in rows]
    assert max(role_x) - min(role_x) <= TOL


def test_several_committees_are_numbered_on_one_grid(tmp_path):
    extra = """\
    committees:
      - heading: คณะกรรมการอำนวยการ ประกอบด้วย
        members:
          - {name: นายสมมุติ ทดสอบ, position: นายอำเภอทดสอบ, role: ประธานกรรมการ}
          - {position: ปลัดอำเภอ, role: กรรมการ}
          - {position: พัฒนาการอำเภอทดสอบ, role: กรรมการและเลขานุการ}
      - heading: คณะทำงาน ประกอบด้วย
        members:
          - {position: พัฒนาการอำเภอทดสอบ, role: หัวหน้าคณะทำงาน}
          - {position: นักวิชาการพัฒนาชุมชน, role: คณะทำงาน}
          - {position: เจ้าพนักงานพัฒนาชุมชน, role: คณะทำงานและผู้ช่วยเลขานุการ}
    """
    result = render(write_order(tmp_path, extra))
    lines = pdf_lines(result.files["pdf"])
    texts = [line.text for line in lines]
    assert "๑. คณะกรรมการอำนวยการ ประกอบด้วย" in texts and "๒. คณะทำงาน ประกอบด้วย" in texts
    rows = members(lines)
    assert [row.words[0]["text"] for row in rows] == ["๑.๑", "๑.๒", "๑.๓", "๒.๑", "๒.๒", "๒.๓"]
    assert rows[0].text == "๑.๑ นายสมมุติ ทดสอบ นายอำเภอทดสอบ ประธานกรรมการ", "a name, then the position"
    for row in rows:
        assert abs(row.x0 - layout.INDENT_LEVEL2) <= TOL
    role_x = [row.words[-1]["x0"] for row in rows]
    assert max(role_x) - min(role_x) <= TOL, "one role column for both committees"
    assert "ให้คณะกรรมการและคณะทำงานมีอำนาจหน้าที่ ดังนี้" in texts


def test_money_is_stated_in_thai_digits_and_words(tmp_path):
    assert baht(50000) == "50,000\u00a0บาท (ห้าหมื่นบาทถ้วน)"
    assert baht("1,234.50") == "1,234.50\u00a0บาท (หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์)"
    extra = """\
    committees:
      - members:
          - {position: นายอำเภอทดสอบ, role: ประธาน}
          - {position: พัฒนาการอำเภอทดสอบ, role: กรรมการและเลขานุการ}
    paragraphs:
      - ค่าใช้จ่ายในการดำเนินงาน ให้เบิกจ่ายจากงบประมาณ จำนวน {{ baht(50000) }} ตามระเบียบ
    effective: 2018-11-01
    """
    result = render(write_order(tmp_path, extra))
    lines = pdf_lines(result.files["pdf"])
    text = squash(" ".join(line.text for line in lines))
    assert squash("จำนวน ๕๐,๐๐๐ บาท (ห้าหมื่นบาทถ้วน) ตามระเบียบ") in text
    assert "ทั้งนี้ ตั้งแต่วันที่ ๑ พฤศจิกายน ๒๕๖๑ เป็นต้นไป" in [line.text for line in lines]
    assert "ตั้งแต่บัดนี้" not in text


def test_a_signer_from_the_personnel_file(tmp_path):
    shutil.copy(CONFIG / "personnel.yaml", tmp_path / "personnel.yaml")
    extra = """\
    personnel: personnel.yaml
    committees:
      - members:
          - {position: นายอำเภอทดสอบ, role: ประธานกรรมการ}
          - {position: พัฒนาการอำเภอทดสอบ, role: กรรมการและเลขานุการ}
    """
    path = write_order(tmp_path, extra)
    path.write_text(path.read_text("utf-8").replace("signer:\n  position: นายอำเภอทดสอบ\n",
                                                    "signer: deputy_governor\n"), "utf-8")
    texts = [line.text for line in pdf_lines(render(path).files["pdf"])]
    at = texts.index("(นายผดุงศักดิ์ หาญปรีชาสวัสดิ์)")
    assert texts[at + 1: at + 3] == ["รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน", "ผู้ว่าราชการจังหวัดลพบุรี"]


# ---------------------------------------------------------------- bad input

DISTRICT = "orders/district-teams.yaml"


def D(code: str) -> str:
    return f"orders/districts/{code}.yaml"


# (id, file, old text, new text, field path in the message, words of the message,
#  the text whose line the message must name (None: the line of `new`))
BAD = [
    ("two-chairs", D("1603"), "{position: ท้องถิ่นอำเภอโคกสำโรง, role: คณะทำงาน}",
     "{position: ท้องถิ่นอำเภอโคกสำโรง, role: ประธานคณะทำงาน}", "committees[0].members[2].role",
     "exactly one chair", None),
    ("no-chair", D("1604"), "role: ประธานคณะทำงาน}", "role: คณะทำงาน}", "committees[0].members",
     "needs exactly one chair", "  - members:"),
    ("secretary-not-last", D("1605"),
     "      - {position: กำนันทุกตำบล, role: คณะทำงาน}\n",
     "      - {position: พัฒนาการอำเภอท่าวุ้ง, role: คณะทำงานและเลขานุการ}\n"
     "      - {position: กำนันทุกตำบล, role: คณะทำงาน}\n",
     "committees[0].members[7].role", "secretary lines come last", "{position: กำนันทุกตำบล"),
    ("unknown-role", D("1606"), "role: รองประธานคณะทำงาน}", "role: รองประธานคณะทำการ}",
     "committees[0].members[1].role", "unknown role 'รองประธานคณะทำการ'", None),
    ("mixed-families", D("1607"), "{position: เกษตรอำเภอท่าหลวง, role: คณะทำงาน}",
     "{position: เกษตรอำเภอท่าหลวง, role: กรรมการ}", "committees[0].members[4].role",
     "one family per committee", None),
    ("number-zero", D("1608"), "number: 152/2561", "number: 0/2561", "number", "start at 1", None),
    ("number-malformed", D("1609"), "number: 143/2561", "number: 143-2561", "number",
     "not an order number", None),
    ("number-with-prefix", D("1610"), "number: 168/2561", "number: ที่ 168/2561", "number", 'without "ที่"', None),
    ("missing-number", D("1611"), "number: 181/2561", "# no number", "number",
     "required field is missing (here or in district-teams.yaml)", 'code: "1611"'),
    ("unknown-key", D("1601"), "signer:", "signor:", "signor", "unknown key", None),
    ("signer-id-without-personnel", D("1602"), "signer:\n  position: นายอำเภอพัฒนานิคม",
     "signer: nai_amphoe", "signer", "no personnel file", "signer: nai_amphoe"),
    ("district-name", D("1611"), "name: อำเภอหนองม่วง", "name: หนองม่วง", "name", "should match pattern", None),
    ("missing-district-file", DISTRICT, "districts/1611.yaml", "districts/1612.yaml", "districts[10]",
     "file not found", None),
    ("district-twice", DISTRICT, "districts/1611.yaml", "districts/1610.yaml  # again", "districts[10]",
     "listed twice", "districts/1610.yaml  # again"),
    ("impossible-date", DISTRICT, "date: 2018-10-25", "date: 2018-02-30", "date", "day", None),
    ("bad-effective", DISTRICT, "effective: now", "effective: soon", "effective", "write now or a date", None),
    ("unknown-schedule-id", DISTRICT, "schedule.district_certify.end_date", "schedule.district_certfy.end_date",
     "duties[2]", "schedule has no activity 'district_certfy'", "schedule.district_certfy"),
    ("subject-with-prefix", DISTRICT, "subject: >-\n  แต่งตั้ง", "subject: >-\n  เรื่อง แต่งตั้ง", "subject",
     'without "เรื่อง"', "subject: >-"),
]


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if text.strip().splitlines()[0] in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


@pytest.fixture()
def order_dir(tmp_path) -> Path:
    """A private copy of the demo configuration (the orders use ../schedule.yaml)."""
    target = tmp_path / "lopburi-jpt-2562"
    shutil.copytree(CONFIG, target)
    return target


def _edit(folder: Path, file_name: str, old: str, new: str) -> None:
    edit(folder / file_name, (old, new))


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
@pytest.mark.parametrize("command", ["validate", "render"])
def test_bad_input_is_reported_with_file_and_line(case, command, order_dir, tmp_path):
    name, file_name, old, new, field, message, line_text = case
    _edit(order_dir, file_name, old, new)
    out = tmp_path / "out"
    args = [command, str(order_dir / DISTRICT)] + (["--out", str(out)] if command == "render" else [])

    result = CliRunner().invoke(app, args)

    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    expected = _line_of(order_dir / file_name, line_text or new)
    problems = [" ".join(p.split()) for p in result.output.split("error ")[1:]]
    located = [p for p in problems if re.search(rf"{re.escape(Path(file_name).name)}:{expected}:\d+:", p)]
    assert located, f"no problem at {file_name}:{expected}: {output}"
    assert any(f": {field}:" in p and message in p for p in located), output
    assert len(problems) == len(set(problems)), "a problem of the shared file is reported once, not per district"
    assert "nothing was written" in output
    assert not out.exists() or not any(out.rglob("*")), "no file may be written"


def test_problems_in_the_shared_file_and_a_district_file_are_listed_in_one_run(order_dir):
    _edit(order_dir, DISTRICT, "schedule.district_certify.end_date", "schedule.district_certfy.end_date")
    _edit(order_dir, D("1603"), "{position: ท้องถิ่นอำเภอโคกสำโรง, role: คณะทำงาน}",
          "{position: ท้องถิ่นอำเภอโคกสำโรง, role: ประธานคณะทำงาน}")
    result = CliRunner().invoke(app, ["validate", str(order_dir / DISTRICT)])
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    assert re.search(r"district-teams\.yaml:\d+:\d+: duties\[2\]: schedule has no activity", output), output
    assert re.search(r"1603\.yaml:\d+:\d+: committees\[0\]\.members\[2\]\.role: a committee has exactly one chair",
                     output), output
    assert "2 problem(s)" in output


def test_a_number_of_another_year_is_a_warning_not_an_error(order_dir, tmp_path):
    _edit(order_dir, D("1601"), "number: 455/2561", "number: 455/2562")
    config = order_dir / DISTRICT
    line = _line_of(order_dir / D("1601"), "number: 455/2562")

    built = dict(documents(config))
    warning = built["order-1601-เมืองลพบุรี"].meta["warnings"]
    assert re.search(rf"1601\.yaml:{line}:\d+: number: .*2562.*2561", warning), warning
    # (the others carry only the schedule's warning: they state a deadline on a substitution day)
    assert all("number:" not in d.meta.get("warnings", "") for n, d in built.items() if n != "order-1601-เมืองลพบุรี")

    result = CliRunner().invoke(app, ["render", str(config), "--out", str(tmp_path / "out"), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "orders" / "order-1601-เมืองลพบุรี.pdf").is_file()
    validated = CliRunner().invoke(app, ["validate", str(config)])
    assert validated.exit_code == 0
    assert "warning" in validated.output and f"1601.yaml:{line}" in " ".join(validated.output.split())
