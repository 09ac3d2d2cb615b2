"""``docgen check``: every document docgen renders passes; deliberately wrong
files, made here at test time, each fail with the expected rule and place."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from conftest import REFERENCE_CONFIG, REFERENCE_TEXT, REPO
from docgen import layout
from docgen.cli import app
from docgen.model import Paragraph, Run
from docgen.pipeline import build, documents, render_document
from docgen.standard import RULES, check_bytes

CONFIGS = REPO / "config" / "lopburi-jpt-2562"
ALL_KINDS = ["circular.yaml", "memo.yaml", "action-plan.yaml", "targets.yaml", "certification-province.yaml",
             "certification-district.yaml", "certification-lao.yaml", "forms/certification-lao.yaml",
             "forms/certification-district.yaml", "orders/province-team.yaml", "orders/district-teams.yaml"]
MOTTO = "กรมการพัฒนาชุมชน : เศรษฐกิจฐานรากมั่นคงและชุมชนพึ่งตนเองได้"
TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def errors(report) -> list:
    return [f for f in report.findings if f.severity == "error"]


def rules_of(report) -> set[str]:
    return {f.rule for f in errors(report)}


# --- every document docgen renders passes ---------------------------------------------------------------


@pytest.mark.parametrize("config", ALL_KINDS)
def test_every_kind_docgen_renders_passes(config):
    built = documents(CONFIGS / config)[:2]  # a batch's documents differ only in their data
    for name, document in built:
        rendered = render_document(name, document)
        for fmt, data in rendered.files.items():
            report = check_bytes(data, f"{name}.{fmt}")
            assert report.passed, [str(f.location) + " " + f.rule + ": " + f.message for f in errors(report)]
            assert report.kind == {"letter": "letter", "memo": "memo", "order": "order"}.get(
                document.kind, report.kind)


def test_the_demo_package_passes_document_by_document():
    from docgen.package import build_packages

    (package,) = build_packages(REFERENCE_CONFIG, formats=("pdf",))
    report = check_bytes(package.pdf, "circular-package.pdf")
    assert report.passed, [(f.rule, str(f.location), f.message) for f in errors(report)]
    assert [d.kind for d in report.documents][:1] == ["letter"] and report.documents[-1].kind == "order"
    assert len(report.documents) == len(package.parts)
    assert [d.pages for d in report.documents][0] == [1, 2]


def test_the_reference_circular_passes_every_rule(reference):
    for fmt in ("pdf", "docx"):
        report = check_bytes(reference.files[fmt], f"circular.{fmt}")
        assert report.kind == "letter"
        assert report.findings == [] or all(f.severity == "warning" for f in report.findings), report.findings


# --- the hand-typed reference letter -------------------------------------------------------------------


def typed_reference(digits_arabic: bool = True, font: str = "Calibri") -> bytes:
    """The reference circular as a clerk might type it: python-docx's blank
    document (Letter paper, 1-inch margins), one paragraph per block of text."""
    text = REFERENCE_TEXT.read_text("utf-8")
    text = text[: text.index(MOTTO)]
    document = docx.Document()
    document.styles["Normal"].font.name = font
    for block in (b.strip() for b in text.split("\n\n")):
        if block:
            document.add_paragraph(block.translate(TO_ARABIC) if digits_arabic else block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_reference_typed_with_arabic_digits_and_calibri_fails_with_rules_and_places():
    report = check_bytes(typed_reference(), "typed.docx")
    assert not report.passed and report.kind == "letter"
    found = {(f.rule, f.location.paragraph) for f in errors(report)}
    assert ("arabic-digits", 1) in found  # ที่ ลบ 0019/ว 4852
    assert ("arabic-digits", 4) in found  # 16 ตุลาคม 2561
    assert ("date-line", 4) in found
    assert ("document-number", 1) in found
    assert ("font-family", 1) in found and ("font-size", 1) in found
    assert ("thai-distributed", 8) in found  # ด้วยกระทรวงมหาดไทย ...
    assert {"page-size", "margins", "first-line-indent", "line-spacing", "space-before",
            "signature-block"} <= rules_of(report)
    font = next(f for f in errors(report) if f.rule == "font-family")
    assert "Calibri" in font.message and "w:cs" in font.message and font.location.run == 1
    digits = [f for f in errors(report) if f.rule == "arabic-digits"]
    assert not [f for f in digits if "gmail" in f.excerpt or "ebmn.cdd" in f.excerpt.split(":")[0]]
    assert not any(f.location.paragraph == 30 for f in digits), "the e-mail's digits are allowed"


def test_the_same_text_in_thai_digits_and_sarabun_no_longer_breaks_the_text_rules():
    report = check_bytes(typed_reference(digits_arabic=False, font="TH SarabunPSK"), "typed.docx")
    assert not {"arabic-digits", "date-line", "document-number", "be-year"} & rules_of(report)


# --- DOCX made wrong one way at a time -----------------------------------------------------------------


def _edited(docx_bytes: bytes, *changes: tuple[str, str]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                for old, new in changes:
                    assert re.search(old, text), old
                    text = re.sub(old, new, text, count=1)
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


DOCX_CASES = {
    "letter-paper": (('w:w="11906" w:h="16838"', 'w:w="12240" w:h="15840"'), "page-size", {"section": 1}),
    "wrong-left-margin": (('w:left="1701"', 'w:left="1440"'), "margins", {"section": 1}),
    "justified-not-distributed": (('w:val="thaiDistribute"', 'w:val="both"'), "thai-distributed", {"paragraph": 10}),
    "calibri-for-thai": (('w:cs="TH SarabunPSK"', 'w:cs="Calibri"'), "font-family", {"paragraph": 1, "run": 1}),
    "arabic-date": (("๑๖ ตุลาคม ๒๕๖๑", "16 ตุลาคม 2561"), "arabic-digits", {"paragraph": 3, "run": 1}),
    "abbreviated-date": (("๑๖ ตุลาคม ๒๕๖๑", "๑๖ ต.ค ๖๑"), "abbreviated-date", {"paragraph": 3}),
    "ce-year": (("๑๖ ตุลาคม ๒๕๖๑", "๑๖ ตุลาคม ๒๐๑๘"), "be-year", {"paragraph": 3}),
    "wrong-closing": (("ขอแสดงความนับถือ", "ขอแสดงความนับถืออย่างยิ่ง"), "salutation-closing", {"paragraph": 27}),
    "indent-2-cm": (('w:firstLine="1417"', 'w:firstLine="1134"'), "first-line-indent", {"paragraph": 10}),
    "double-spaced": (('w:line="240" w:lineRule="auto"/><w:ind w:left="0" w:right="0" w:firstLine="1417"/>',
                       'w:line="480" w:lineRule="auto"/><w:ind w:left="0" w:right="0" w:firstLine="1417"/>'),
                      "line-spacing", {"paragraph": 10}),
    "12-pt": (('<w:sz w:val="32"/><w:szCs w:val="32"/>', '<w:sz w:val="24"/><w:szCs w:val="24"/>'),
              "font-size", {"paragraph": 1}),
}


@pytest.mark.parametrize("case", DOCX_CASES)
def test_a_wrong_docx_fails_with_the_expected_rule_and_place(reference, case):
    change, rule, where = DOCX_CASES[case]
    report = check_bytes(_edited(reference.files["docx"], change), f"{case}.docx")
    matching = [f for f in errors(report) if f.rule == rule]
    assert matching, (case, [(f.rule, f.message) for f in report.findings])
    location = matching[0].location.as_dict()
    assert {k: location[k] for k in where} == where, (case, matching[0])


# --- PDF made wrong ------------------------------------------------------------------------------------


def _pdf(document) -> bytes:
    return render_document("wrong", document, ("pdf",)).files["pdf"]


@pytest.fixture(scope="module")
def letter():
    return build(REFERENCE_CONFIG)


def _with_paragraph(document, text: str):
    blocks = list(document.blocks)
    index = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.startswith("ด้วยกระทรวง"))
    blocks.insert(index + 1, Paragraph([Run(text)], first=layout.INDENT_FIRST_LINE, space_before=6))
    return replace(document, blocks=blocks)


PDF_CASES = {
    "no-page-numbers": (lambda d: replace(d, page_numbers=False), "page-number", {"page": 2}),
    "no-markers": (lambda d: replace(d, continuation_markers=False), "continuation-marker", {"page": 1}),
    "small-garuda": (lambda d: replace(d, emblem=replace(d.emblem, height=layout.cm(2.0))), "garuda", {"page": 1}),
    "arabic-digits": (lambda d: _with_paragraph(d, "ภายในวันที่ 2 พฤศจิกายน 2561"), "arabic-digits", {"page": 1}),
    "malformed-abbreviation": (lambda d: _with_paragraph(d, "ห้วงเวลา พ.ค..๖๒ และ พ.ย ๖๑"), "abbreviated-date",
                               {"page": 1}),
    "speed-mark-unknown": (lambda d: replace(d, speed="ด่วนพิเศษ"), "marks", {"page": 1}),
}


@pytest.mark.parametrize("case", PDF_CASES)
def test_a_wrong_pdf_fails_with_the_expected_rule_and_place(letter, case):
    change, rule, where = PDF_CASES[case]
    report = check_bytes(_pdf(change(letter)), f"{case}.pdf")
    matching = [f for f in report.findings if f.rule == rule]
    assert matching and not report.passed, (case, [(f.rule, f.message) for f in report.findings])
    location = matching[0].location.as_dict()
    assert {k: location[k] for k in where} == where
    if "page" in where and rule != "page-number":
        assert location["x_mm"] is not None and location["y_mm"] is not None


def test_a_pdf_typed_on_letter_paper_with_one_inch_margins_fails():
    from weasyprint import HTML

    text = "ด้วยกระทรวงมหาดไทย มอบหมายให้กรมการพัฒนาชุมชนรับผิดชอบการบริหารการจัดการเก็บข้อมูล " * 6
    html = f"""<style>@page {{ size: letter; margin: 1in }} body {{ font: 16pt 'Laksaman'; margin: 0 }}</style>
    <p>ที่ ลบ ๐๐๑๙/ว ๔๘๕๒</p><p>๑๖ ตุลาคม ๒๕๖๑</p><p>เรื่อง ทดสอบ</p><p>เรียน นายอำเภอทุกอำเภอ</p><p>{text}</p>
    <p>ขอแสดงความนับถือ</p><br><br><br><p>(นายทดสอบ ระบบ)</p><p>ผู้ว่าราชการจังหวัดลพบุรี</p>"""
    report = check_bytes(HTML(string=html).write_pdf(), "letter-paper.pdf")
    found = rules_of(report)
    assert {"page-size", "margins", "font-family"} <= found, found
    margin = next(f for f in errors(report) if f.rule == "margins")
    assert margin.location.page == 1 and margin.location.x_mm == pytest.approx(25.4, abs=0.6)


# --- the command ---------------------------------------------------------------------------------------


def test_cli_exit_status_and_json_schema(reference, tmp_path):
    good = tmp_path / "circular.pdf"
    good.write_bytes(reference.files["pdf"])
    bad = tmp_path / "typed.docx"
    bad.write_bytes(typed_reference())
    runner = CliRunner()
    assert runner.invoke(app, ["check", str(good)]).exit_code == 0
    result = runner.invoke(app, ["check", "--json", str(good), str(bad)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"version", "passed", "files"} and data["version"] == 1 and data["passed"] is False
    first, second = data["files"]
    assert set(first) == {"path", "format", "kind", "passed", "errors", "warnings", "error", "documents", "findings"}
    assert (first["format"], first["kind"], first["passed"]) == ("pdf", "letter", True)
    assert first["documents"] == [{"kind": "letter", "pages": [1, 2]}]
    assert second["passed"] is False and second["errors"] > 0
    finding = second["findings"][0]
    assert set(finding) == {"rule", "severity", "spec", "message", "location", "excerpt", "document"}
    assert set(finding["location"]) == {"page", "section", "paragraph", "run", "x_mm", "y_mm"}
    assert finding["rule"] in RULES and finding["severity"] in ("error", "warning")


def test_cli_unreadable_input_exits_2_with_a_clear_message(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello", "utf-8")
    result = CliRunner().invoke(app, ["check", str(text), str(tmp_path / "missing.pdf")])
    assert result.exit_code == 2
    assert "not a PDF or a DOCX" in result.output and "no such file" in result.output


def test_every_rule_names_its_spec_section_and_a_check_of_section_21():
    for rule in RULES.values():
        assert rule.spec.startswith("§") and rule.title
        assert all(1 <= n <= 24 for n in rule.checks)
    covered = {n for rule in RULES.values() for n in rule.checks}
    assert {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 23} <= covered
