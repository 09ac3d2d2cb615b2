"""Word templates: the letter context, the Thai filters, the sample template,
the CLI option and PDF through the converter pool."""

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from docgen import safety
from docgen.usertemplates import convert
from docgen.usertemplates.context import contexts_for
from docgen.usertemplates.fill import TemplateFailed, fill
from tests.attacks.corpus import SAMPLE, template_docx

CIRCULAR = Path("config/lopburi-jpt-2562/circular.yaml")


@pytest.fixture(scope="module")
def context():
    (name, context), = contexts_for(CIRCULAR)
    assert name == "circular"
    return context


@pytest.fixture(scope="module")
def filled(context) -> bytes:
    return fill(SAMPLE.read_bytes(), context)


def texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_context_of_the_circular(context):
    assert context["number"] == "ลบ 0019/ว 4852"
    assert context["date"] == date(2018, 10, 16)
    assert context["signer"]["lines"][0].startswith("(")
    assert context["body"][1] == {"text": "๑. เตรียมการวางแผนและการจัดเก็บข้อมูล", "level": 1, "number": "๑"}
    assert context["schedule"].lao_certify.end == date(2019, 2, 22)


def test_sample_fills_the_circular_in_thai(filled):
    lines = texts(filled)
    assert lines[0].startswith("ที่ ลบ ๐๐๑๙/ว ๔๘๕๒")
    assert "\t๑๖\xa0ตุลาคม\xa0๒๕๖๑" in lines
    assert any(line.startswith("เรื่อง  การจัดเก็บข้อมูล") and line.endswith("ปี ๒๕๖๒") for line in lines)
    assert "ขอแสดงความนับถือ" in lines
    assert not any("{{" in line or "{%" in line for line in lines)


def test_complex_script_fonts_kept(filled):
    xml = zipfile.ZipFile(io.BytesIO(filled)).read("word/document.xml").decode()
    assert 'w:cs="TH Sarabun New"' in xml and 'w:hint="cs"' in xml and '<w:szCs w:val="32"/>' in xml


@pytest.mark.parametrize("jinja, expected", [
    ("{{ date|be_date }}", "๑๖\xa0ตุลาคม\xa0๒๕๖๑"),
    ("{{ date|be_date_short }}", "๑๖\xa0ต.ค.\xa0๖๑"),
    ("{{ schedule.lao_certify|be_range }}", "๑ - ๒๒ ก.พ. ๖๒"),
    ("{{ 50000|bahttext }}", "ห้าหมื่นบาทถ้วน"),
    ("{{ '12 ข้อ 3'|thai_digits }}", "๑๒ ข้อ ๓"),
])
def test_thai_filters_in_a_word_template(context, jinja, expected):
    assert texts(fill(template_docx(jinja), context))[0].split("\t")[0] == expected


def test_unknown_name_is_a_clear_error(context):
    with pytest.raises(TemplateFailed, match="'nothing' is undefined"):
        fill(template_docx("{{ nothing }}"), context)


def test_sandbox_refuses_at_render_time_too(context):
    with pytest.raises(safety.UnsafeTemplate):
        fill(template_docx("{{ subject.__class__ }}"), context)


def test_cli_renders_docx_through_a_template(tmp_path):
    from typer.testing import CliRunner

    from docgen.cli import app

    result = CliRunner().invoke(app, ["render", str(CIRCULAR), "--template", str(SAMPLE), "--format", "docx",
                                      "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "ขอแสดงความนับถือ" in texts((tmp_path / "lopburi-jpt-2562" / "circular.docx").read_bytes())


def test_cli_refuses_an_unsafe_template(tmp_path):
    from typer.testing import CliRunner

    from docgen.cli import app

    bad = tmp_path / "bad.docx"
    bad.write_bytes(template_docx("{{ cycler.__init__.__globals__ }}"))
    result = CliRunner().invoke(app, ["render", str(CIRCULAR), "--template", str(bad), "--format", "docx",
                                      "--out", str(tmp_path)])
    assert result.exit_code == 2 and "refused" in result.output


def test_missing_libreoffice_is_said_clearly(monkeypatch):
    monkeypatch.setattr(convert, "soffice", lambda: None)
    with pytest.raises(convert.NoLibreOffice, match="apt-get install libreoffice-writer-nogui"):
        convert.ConverterPool(size=1)


@pytest.mark.skipif(not convert.soffice(), reason="LibreOffice is not installed")
def test_pool_converts_and_reuses_its_converters(filled):
    import pdfplumber

    pool = convert.ConverterPool(size=1)
    try:
        first, second = pool.pdf(filled), pool.pdf(filled)
        assert pool._count == 1
    finally:
        pool.close()
    for pdf in (first, second):
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            text = "".join(page.extract_text() for page in document.pages)
        assert "ขอแสดงความนับถือ" in text and "๑๖ ตุลาคม ๒๕๖๑" in text


# Memos and orders: the reference memo and orders fill their sample templates.
BASE = Path("config/lopburi-jpt-2562")
MEMO_SAMPLE = Path("templates/letters/office-memo.docx")
ORDER_SAMPLE = Path("templates/orders/office-order.docx")
CERTIFICATION_SAMPLE = Path("templates/letters/office-certification.docx")
# config, sample, output name, and what the filled document says: number, BE date, subject, a member and role
KINDS = {
    "memo": (BASE / "memo.yaml", MEMO_SAMPLE, "memo",
             ["ลบ ๐๐๑๙/๑๑๘๗", "๑๒\xa0ตุลาคม\xa0๒๕๖๑", "ขอความเห็นชอบแจ้งแนวทางการจัดเก็บข้อมูล", "ส่วนราชการ",
              "โทร.\xa0๐\xa0๓๖๗๗\xa0๐๑๓๕", "๑. เรื่องเดิม", "พัฒนาการจังหวัดลพบุรี", "นางสาวกมลวรรณ"]),
    "province": (BASE / "orders" / "province-team.yaml", ORDER_SAMPLE, "province-team",
                 ["ที่ ๓๕๑๒/๒๕๖๑", "สั่ง ณ วันที่ ๑๕\xa0ตุลาคม\xa0พ.ศ.\xa0๒๕๖๑", "คำสั่งจังหวัดลพบุรี",
                  "เรื่อง แต่งตั้งคณะทำงานบริหารการจัดการเก็บข้อมูลความจำเป็นพื้นฐาน", "ท้องถิ่นจังหวัดลพบุรี",
                  "คณะทำงานและผู้ช่วยเลขานุการ", "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"]),
    "district": (BASE / "orders" / "district-teams.yaml", ORDER_SAMPLE, "order-1601-เมืองลพบุรี",
                 ["ที่ ๔๕๕/๒๕๖๑", "สั่ง ณ วันที่ ๒๕\xa0ตุลาคม\xa0พ.ศ.\xa0๒๕๖๑", "คำสั่งอำเภอเมืองลพบุรี",
                  "ระดับอำเภอ", "กำนันทุกตำบล", "ประธานคณะทำงาน", "๑. วางแผนการบริหารการจัดการเก็บข้อมูล"]),
    "certification": (BASE / "certification-district.yaml", CERTIFICATION_SAMPLE, "cert-jpt-16-1601",
                      ["เลขที่ ........../๒๕๖๒", "ที่ว่าการอำเภอเมืองลพบุรี", "ระดับอำเภอ",
                       "ตัวอย่าง: ตัวเลขในหนังสือฉบับนี้เป็นตัวเลขสมมุติ", "จำนวน ๕๖,๐๑๗ ครัวเรือน",
                       "คิดเป็นร้อยละ ๙๙.๕๐", "มีนาคม", "พัฒนาการอำเภอเมืองลพบุรี"]),
}


def all_text(data: bytes) -> str:
    """Paragraphs and table cells of a DOCX, one per line."""
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def filled_kinds() -> dict[str, bytes]:
    out = {}
    for kind, (config, sample, name, _) in KINDS.items():
        named = dict(contexts_for(config))
        out[kind] = fill(sample.read_bytes(), named[name])
    return out


def test_orders_are_named_as_docgen_names_them():
    names = [name for name, _ in contexts_for(KINDS["district"][0])]
    assert len(names) == 11 and names[0] == "order-1601-เมืองลพบุรี" and names[-1] == "order-1611-หนองม่วง"
    assert [name for name, _ in contexts_for(KINDS["province"][0])] == ["province-team"]


def test_memo_context():
    (name, context), = contexts_for(KINDS["memo"][0])
    assert name == "memo" and context["kind"] == "memo"
    assert context["number"] == "ลบ 0019/1187" and context["date"] == date(2018, 10, 12)
    assert context["speed"] == "ด่วน" and context["recipient"] == "ผู้ว่าราชการจังหวัดลพบุรี"
    assert context["unit"] == "สำนักงานพัฒนาชุมชนจังหวัดลพบุรี (กลุ่มงานสารสนเทศฯ)" and context["phone"] == "036770135"
    assert [p["text"] for p in context["body"] if p["level"] == 1] == [
        "๑. เรื่องเดิม", "๒. ข้อเท็จจริง", "๓. ข้อพิจารณา", "๔. ข้อเสนอ"]
    assert context["sections"][1]["heading"] == "ข้อเท็จจริง" and len(context["sections"][1]["paragraphs"]) == 2
    assert context["schedule"].lao_certify.end == date(2019, 2, 22) and context["vars"] == {"year": 2562}


def test_order_context_is_plain_data():
    context = dict(contexts_for(KINDS["district"][0]))["order-1601-เมืองลพบุรี"]
    assert context["number"] == "455/2561" and context["year"] == 2561 and context["date"] == date(2018, 10, 25)
    assert context["issuer"] == "อำเภอเมืองลพบุรี" and context["district"]["short_name"] == "เมืองลพบุรี"
    member = context["committees"][0]["members"][0]
    assert member == {"number": "๑", "name": "", "position": "นายอำเภอเมืองลพบุรี", "role": "ประธานคณะทำงาน",
                      "text": "นายอำเภอเมืองลพบุรี"}
    assert context["members"][-1]["number"] == "๑๐" and context["duties"][0]["number"] == "๑"
    assert context["duties_intro"] == "ให้คณะทำงานมีอำนาจหน้าที่ ดังนี้"
    assert context["effective"] is None and context["effective_text"] == "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"
    assert context["signer"]["lines"][1] == "นายอำเภอเมืองลพบุรี"
    assert context["schedule"].district_certify.end == date(2019, 3, 8) and context["vars"]["year"] == 2562

    def plain(value) -> bool:  # no docgen objects reach a template (the schedule view is the one exception)
        if isinstance(value, dict):
            return all(plain(v) for v in value.values())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, (str, int, date))
    assert plain({k: v for k, v in context.items() if k != "schedule"})


@pytest.mark.parametrize("kind", KINDS)
def test_samples_fill_memos_and_orders_in_thai(filled_kinds, kind):
    text = all_text(filled_kinds[kind])
    for expected in KINDS[kind][3]:
        assert expected in text
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("sample", [MEMO_SAMPLE, ORDER_SAMPLE, CERTIFICATION_SAMPLE])
def test_samples_set_thai_in_th_sarabun_new(sample):
    from docgen.usertemplates.sample import KINDS as SAMPLES, sample_template

    xml = zipfile.ZipFile(sample).read("word/document.xml").decode()
    assert 'w:cs="TH Sarabun New"' in xml and 'w:hint="cs"' in xml and '<w:szCs w:val="32"/>' in xml
    assert "<w:bCs/>" in xml  # bold Thai
    kind = next(k for k, (_, _, path, _) in SAMPLES.items() if Path(path) == sample)
    regenerated = zipfile.ZipFile(io.BytesIO(sample_template(kind))).read("word/document.xml").decode()
    assert regenerated == xml  # the committed sample is what the module makes


def test_certification_context_one_per_unit_as_docgen_names_them():
    contexts = dict(contexts_for(KINDS["certification"][0]))
    assert len(contexts) == 11 and "cert-jpt-16-1611" in contexts
    context = contexts["cert-jpt-16-1601"]
    assert context["unit"]["name"] == "อำเภอเมืองลพบุรี" and context["unit"]["level"] == "district"
    assert context["province"]["full_name"] == "จังหวัดลพบุรี" and context["district"]["code"] == "1601"
    assert context["figures"]["households_target"] == "56,017" and context["figures"]["households_percent"] == "99.50"
    assert context["date"] == date(2019, 3, 8) and context["sample"] and context["sample_note"].startswith("ตัวอย่าง")
    assert [s["lines"][-1] for s in context["signatures"]] == ["นายอำเภอเมืองลพบุรี", "พัฒนาการอำเภอเมืองลพบุรี"]
    laos = [name for name, _ in contexts_for(BASE / "certification-lao.yaml")]
    everyone = [name for name, _ in contexts_for(BASE / "certification-lao.yaml", include_unverified=True)]
    assert "cert-jpt-16-1601-160101-sao" in laos and len(everyone) == 129 > len(laos)


def test_an_unsupported_kind_is_a_clear_error():
    with pytest.raises(ValueError, match=r"letter, memo, order, certification; .*action-plan.yaml is a 'action_plan'"):
        contexts_for(BASE / "action-plan.yaml")


def test_cli_renders_every_district_order_through_a_template(tmp_path):
    from typer.testing import CliRunner

    from docgen.cli import app

    result = CliRunner().invoke(app, ["render", str(KINDS["district"][0]), "--template", str(ORDER_SAMPLE),
                                      "--format", "docx", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in tmp_path.rglob("*.docx"))
    assert len(written) == 11 and written[0] == "order-1601-เมืองลพบุรี.docx"


@pytest.mark.skipif(not convert.soffice() or not shutil.which("pdftotext"),
                    reason="LibreOffice or poppler's pdftotext is not installed")
def test_memos_and_orders_through_the_pool(filled_kinds, tmp_path):
    # pdftotext, not pdfplumber: LibreOffice maps the า glyph to no text when a
    # page's first า is inside ำ, which pdfminer then cannot read (poppler can).
    pool = convert.ConverterPool(size=1)
    try:
        pdfs = {kind: pool.pdf(data) for kind, data in filled_kinds.items()}
    finally:
        pool.close()
    for kind, pdf in pdfs.items():
        (tmp_path / f"{kind}.pdf").write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(tmp_path / f"{kind}.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        for expected in KINDS[kind][3]:
            assert skeleton(expected) in skeleton(text), (kind, expected)


def skeleton(text: str) -> str:
    """``text`` without spaces and Thai marks above and below the line, which
    text extracted from a PDF may put in another order (แต่งตัง้, ศรีสวัสดิ)์)."""
    return re.sub(r"[\s\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", "", text)
