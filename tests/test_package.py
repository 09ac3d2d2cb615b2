"""The circular package and its action-plan enclosure (issue: all the kinds)."""

from __future__ import annotations

import io
import re
import zipfile

import pdfplumber
import pytest
from lxml import etree

from conftest import REFERENCE_CONFIG, REFERENCE_TEXT
from docgen import layout
from docgen.package import build_packages
from docgen.pipeline import build, render_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Typos of the published table (see tests/test_schedule.py), as docgen prints them.
TYPOS = {"ต.ค.-๖๑": "ต.ค.๖๑", "พ.ย๖๑-๒๑ก.พ.๖๒": "พ.ย.๖๑-๒๑ก.พ.๖๒", "พ.ค..๖๒": "พ.ค.๖๒"}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _clean(page):
    return page.filter(lambda o: o.get("object_type") != "char" or o.get("text"))


@pytest.fixture(scope="module")
def package():
    (pack,) = build_packages(REFERENCE_CONFIG)
    return pack


def test_the_package_is_the_letter_then_the_action_plan(package):
    assert [p.name for p in package.parts] == ["00-circular", "01-action-plan", "02-targets", "02-cert-jpt-form-lao",
                                               "02-cert-jpt-form-district", "04-province-team"]
    with pdfplumber.open(io.BytesIO(package.pdf)) as pdf:
        assert len(pdf.pages) == sum(p.pdf_pages for p in package.parts)
        pages = [_clean(p).extract_text() for p in pdf.pages]
    assert pages[0].splitlines()[0].startswith("ที่ ลบ ๐๐๑๙/ว ๔๘๕๒")
    assert "ขอแสดงความนับถือ" in pages[1]
    assert pages[2].splitlines()[0].strip() == "สิ่งที่ส่งมาด้วย ๑"
    assert "แผนปฏิบัติการบริหารการจดทะเบียนและใช้ประโยชน์ข้อมูลความจำเป็นพื้นฐาน (จปฐ.)" in pages[2]
    # the letter lists the enclosures by the titles they give themselves
    assert "สิ่งที่ส่งมาด้วย ๑. แผนปฏิบัติการบริหารการจัดการเก็บข้อมูลฯ ปี ๒๕๖๒" in pages[0]
    assert "๔. คำสั่งแต่งตั้งคณะทำงานบริหารการจัดการเก็บข้อมูลฯ" in pages[0]
    second = [pages[3].splitlines(), pages[4].splitlines(), pages[5].splitlines()]
    assert [f[0].strip() for f in second] == ["สิ่งที่ส่งมาด้วย ๒"] * 3
    assert "จำนวนครัวเรือนเป้าหมาย" in pages[3]
    assert "ระดับองค์กรปกครองส่วนท้องถิ่น" in pages[4] and "ระดับอำเภอ" in pages[5]
    order = pages[6].splitlines()
    assert order[0].strip() == "สิ่งที่ส่งมาด้วย ๔" and order[1].strip() == "คำสั่งจังหวัดลพบุรี"


def test_the_table_matches_the_published_rows(package):
    published = [line.split("\t") for line in REFERENCE_TEXT.read_text("utf-8").splitlines()
                 if re.match(r"^[๑-๙][๐-๙]?\.\t", line)]
    with pdfplumber.open(io.BytesIO(package.parts[1].files["pdf"])) as pdf:
        table = _clean(pdf.pages[0]).extract_table()
    header, *rows = table
    assert [_squash(c) for c in header] == ["ที่", "กิจกรรม", "ระยะเวลาดำเนินการ", "หน่วยรับผิดชอบ"]
    assert len(rows) == len(published) == 17
    for row, (number, activity, period, units) in zip(rows, published):
        assert _squash(row[0]) == number
        assert _squash(row[1]) == _squash(activity)
        assert _squash(row[2]) == TYPOS.get(_squash(period), _squash(period))
        assert _squash(row[3]) == units


def test_the_zip_holds_every_docx(package):
    with zipfile.ZipFile(io.BytesIO(package.zip)) as archive:
        names = archive.namelist()
        assert names == ["00-circular.docx", "01-action-plan.docx", "02-targets.docx", "02-cert-jpt-form-lao.docx",
                         "02-cert-jpt-form-district.docx", "04-province-team.docx"]
        assert all(info.date_time == (2018, 10, 16, 0, 0, 0) for info in archive.infolist())
        plan = zipfile.ZipFile(io.BytesIO(archive.read("01-action-plan.docx")))
        xml = etree.fromstring(plan.read("word/document.xml"))
    rows = xml.findall(f".//{W}tbl/{W}tr")
    assert len(rows) == 18
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)


def test_one_date_changes_the_letter_and_the_table(config_dir):
    plan = config_dir / "schedule.yaml"
    plan.write_text(plan.read_text("utf-8").replace("end: 2019-02-22", "end: 2019-02-26"), "utf-8")
    letter = "\n".join(p.text for p in build(config_dir / "circular.yaml").paragraphs())
    assert "ส่งอำเภอภายในวันที่ ๒๖\u00a0กุมภาพันธ์\u00a0๒๕๖๒" in letter
    table = build(config_dir / "action-plan.yaml").blocks[-2]
    periods = [row[2].runs[0].text for row in table.rows]
    assert "๑ - ๒๖ ก.พ. ๖๒" in periods and "๑ - ๒๒ ก.พ. ๖๒" not in periods


def test_long_tables_repeat_the_header_and_never_split_a_row(config_dir):
    plan = config_dir / "schedule.yaml"
    text = plan.read_text("utf-8")
    extra = "".join(
        f"  - id: extra_{n}\n    title: กิจกรรมเพิ่มเติมลำดับที่ {n} เพื่อทดสอบตารางที่ยาวกว่าหนึ่งหน้ากระดาษ"
        f" และข้อความที่ยาวพอให้ตัดบรรทัดในช่องกิจกรรม\n    start: 2019-06\n    units: [จ.]\n"
        for n in range(1, 41)
    )
    plan.write_text(text + extra, "utf-8")
    rendered = render_document("plan", build(config_dir / "action-plan.yaml"), ("pdf",))
    with pdfplumber.open(io.BytesIO(rendered.files["pdf"])) as pdf:
        assert len(pdf.pages) >= 3
        seen = []
        for page in pdf.pages:
            table = _clean(page).extract_table()
            assert [_squash(c) for c in table[0]] == ["ที่", "กิจกรรม", "ระยะเวลาดำเนินการ", "หน่วยรับผิดชอบ"]
            for row in table[1:]:
                assert row[0] and row[1] and row[2] and row[3], f"a split row on page {page.page_number}: {row}"
                seen.append(_squash(row[0]))
    assert len(seen) == 57 and len(set(seen)) == 57, "every row once, none split over two pages"


def test_landscape(config_dir):
    plan = config_dir / "action-plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("orientation: portrait", "orientation: landscape"), "utf-8")
    rendered = render_document("plan", build(plan), ("pdf",))
    with pdfplumber.open(io.BytesIO(rendered.files["pdf"])) as pdf:
        page = pdf.pages[0]
        assert (round(page.width, 2), round(page.height, 2)) == (841.89, 595.28)
        right = max(c["x1"] for c in page.rects + page.lines) if (page.rects or page.lines) else 0
        assert abs(right - (841.89 - layout.MARGIN_RIGHT)) < layout.cm(0.1)


def test_the_cli_writes_the_package(tmp_path):
    from typer.testing import CliRunner

    from docgen.cli import app

    result = CliRunner().invoke(app, ["package", str(REFERENCE_CONFIG), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "lopburi-jpt-2562"
    assert sorted(p.name for p in folder.iterdir()) == ["circular-package.pdf", "circular-package.zip"]


def test_one_addressed_copy_per_recipient_with_the_distribution_list(config_dir):
    letter = config_dir / "circular.yaml"
    chiefs = ["นายอำเภอเมืองลพบุรี", "นายอำเภอพัฒนานิคม", "นายอำเภอโคกสำโรง"]
    letter.write_text(letter.read_text("utf-8").replace(
        "recipient: นายอำเภอทุกอำเภอ", f"recipients: [{', '.join(chiefs)}]\ndistribution_list: true"), "utf-8")
    packs = build_packages(letter, formats=("pdf", "docx"))
    assert [p.name for p in packs] == ["circular-01-package", "circular-02-package", "circular-03-package"]
    for pack, chief in zip(packs, chiefs):
        assert [p.name for p in pack.parts] == [f"00-{pack.name[:-8]}", "circular-distribution", "01-action-plan",
                                                "02-targets", "02-cert-jpt-form-lao", "02-cert-jpt-form-district",
                                                "04-province-team"]
        salutations = [p.text for p in pack.parts[0].document.paragraphs() if p.role == "salutation"]
        assert salutations == [chief]
        with pdfplumber.open(io.BytesIO(pack.parts[1].files["pdf"])) as pdf:
            listed = _clean(pdf.pages[0]).extract_text()
        assert "บัญชีแจกจ่าย" in listed
        assert all(f"{n}. {c}" in listed for n, c in zip("๑๒๓", chiefs))


def _enclosures(letter, replacement: str) -> None:
    text = letter.read_text("utf-8")
    start = text.index("enclosures:")
    end = text.index("\n\n", start)
    letter.write_text(text[:start] + replacement + text[end:], "utf-8")


def test_an_enclosed_pdf_goes_in_as_it_is_with_its_label(config_dir):
    """A file: enclosure (a PDF docgen does not make) is merged in its place,
    labelled in its top margin, and put in the ZIP as it is."""
    guidelines = render_document("g", build(config_dir / "memo.yaml"), ("pdf",)).files["pdf"]
    (config_dir / "guidelines.pdf").write_bytes(guidelines)
    letter = config_dir / "circular.yaml"
    _enclosures(letter, "enclosures:\n  - document: [action-plan.yaml, orders/province-team.yaml]\n"
                        "  - {title: แนวทางการตรวจสอบข้อมูลฯ, file: guidelines.pdf}")
    (pack,) = build_packages(letter)
    assert [p.name for p in pack.parts] == ["00-circular", "01-action-plan", "01-province-team", "02-guidelines"]
    with pdfplumber.open(io.BytesIO(pack.pdf)) as pdf:
        pages = [_clean(p) for p in pdf.pages]
        first = pack.parts[0].pdf_pages + pack.parts[1].pdf_pages + pack.parts[2].pdf_pages
        attached = pages[first]
        label = attached.search("สิ่งที่ส่งมาด้วย ๒")[0]
        label_fonts = {char["fontname"].split("+")[-1] for char in attached.chars if char["bottom"] < layout.MARGIN_TOP}
        letter_text = pages[0].extract_text()
    assert label_fonts == {"Laksaman-Sarabun-Metric"}, "docgen's own font, whatever fonts the machine has"
    assert label["x1"] == pytest.approx(layout.PAGE_WIDTH - layout.MARGIN_RIGHT, abs=1)
    assert label["bottom"] < layout.MARGIN_TOP, "in the top margin, above the page's own text"
    assert "บันทึกข้อความ" in attached.extract_text()
    assert len(pages) == first + 1
    assert "๒. แนวทางการตรวจสอบข้อมูลฯ" in letter_text
    with zipfile.ZipFile(io.BytesIO(pack.zip)) as archive:
        assert archive.namelist()[-1] == "02-guidelines.pdf"
        assert archive.read("02-guidelines.pdf").startswith(b"%PDF")


def test_a_missing_enclosure_file_is_named_with_its_line(config_dir):
    from docgen.config.loader import ConfigError

    letter = config_dir / "circular.yaml"
    _enclosures(letter, "enclosures:\n  - {title: แนวทาง, file: nowhere.pdf}")
    with pytest.raises(ConfigError) as error:
        build_packages(letter)
    (problem,) = error.value.problems
    assert problem.field == "enclosures[0].file" and "nowhere.pdf" in problem.message
    assert letter.read_text("utf-8").splitlines()[problem.line - 1].lstrip().startswith("- {title: แนวทาง")
