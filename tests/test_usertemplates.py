"""Word templates: the letter context, the Thai filters, the sample template,
the CLI option and PDF through the converter pool."""

import io
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
