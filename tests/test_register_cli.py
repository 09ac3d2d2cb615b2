"""``number: auto`` from YAML to the printed number, and ``docgen register``
end to end (in a private copy of the reference config)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from typer.testing import CliRunner

from conftest import edit
from docgen.cli import app
from docgen.register import open_register
from docgen.register.location import ENV

runner = CliRunner()


def invoke(*args: str, code: int = 0) -> str:
    """What the command printed, on one line (the console wraps long lines)."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return re.sub(r"\s+", " ", result.output)


@pytest.fixture()
def auto(config_dir, monkeypatch) -> Path:
    """The reference circular with ``number: auto``, and the register beside its organisation file."""
    monkeypatch.delenv(ENV, raising=False)
    return edit(config_dir / "circular.yaml", ("register: 4852 ", "number: auto "))


def pdf_number(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        text = pdf.pages[0].extract_text()
    return re.sub(r"\s+", " ", re.search(r"ที่\s+(ลบ\s+๐๐๑๙/ว\s*[๐-๙]+)", text).group(1))


def docx_number(path: Path) -> str:
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return re.search(r"ที่ (ลบ ๐๐๑๙/ว ?[๐-๙]+)", text).group(1)


def test_rendering_the_same_letter_twice_keeps_its_number(auto, tmp_path):
    out = tmp_path / "out"
    first = invoke("render", auto, "--out", out, "--issuer", "clerk")
    assert "ลบ 0019/ว 1 circular.yaml (new)" in first
    pdf, word = out / auto.parent.name / "circular.pdf", out / auto.parent.name / "circular.docx"
    assert pdf_number(pdf) == docx_number(word) == "ลบ ๐๐๑๙/ว ๑"
    second = invoke("render", auto, "--out", out)
    assert "ลบ 0019/ว 1 circular.yaml (kept)" in second
    assert "unchanged" in second  # the same number, so the same files
    with open_register(str(auto.parent / "register.sqlite")) as register:
        (entry,) = register.entries()
    assert (entry.book, entry.year, entry.number, entry.doc_id) == ("ลบ 0019/ว", 2561, 1, "circular.yaml")
    assert entry.details.issuer == "clerk" and entry.details.recipient == "นายอำเภอทุกอำเภอ"
    assert entry.details.kind == "circular" and entry.details.sender == "จังหวัดลพบุรี"
    assert sorted(Path(p).name for p in entry.details.outputs) == ["circular.docx", "circular.pdf"]


def test_two_letters_get_consecutive_numbers_and_validate_takes_none(auto, tmp_path):
    other = auto.with_name("second.yaml")
    other.write_text(auto.read_text("utf-8"), "utf-8")
    checked = invoke("validate", auto)
    assert "number: auto (next: ลบ 0019/ว 1)" in checked
    assert not (auto.parent / "register.sqlite").exists()  # validate took nothing
    invoke("render", auto, "--out", tmp_path / "out", "--format", "pdf")
    invoke("render", other, "--out", tmp_path / "out", "--format", "pdf")
    assert pdf_number(tmp_path / "out" / auto.parent.name / "second.pdf") == "ลบ ๐๐๑๙/ว ๒"
    assert "number: auto (holds: ลบ 0019/ว 2)" in invoke("validate", other)
    preview = invoke("preview", auto, "--out", tmp_path / "preview")
    assert "number: auto (holds: ลบ 0019/ว 1), not taken" in preview


def test_a_letter_dated_1_january_starts_the_year_at_one(auto, tmp_path):
    december = auto.with_name("december.yaml")
    december.write_text(auto.read_text("utf-8").replace("date: 2018-10-16", "date: 2018-12-31"), "utf-8")
    january = auto.with_name("january.yaml")
    january.write_text(auto.read_text("utf-8").replace("date: 2018-10-16", "date: 2019-01-01"), "utf-8")
    invoke("render", auto, "--out", tmp_path, "--format", "pdf")
    assert "ลบ 0019/ว 2 december.yaml" in invoke("render", december, "--out", tmp_path, "--format", "pdf")
    assert "ลบ 0019/ว 1 january.yaml" in invoke("render", january, "--out", tmp_path, "--format", "pdf")
    listed = invoke("register", "list", "--register", auto.parent, "--year", "2019")
    assert "พ.ศ. ๒๕๖๒" in listed and "๑ ม.ค. ๒๕๖๒" in listed


def test_a_redated_letter_is_refused_with_its_line_until_the_number_is_voided(auto, tmp_path):
    invoke("render", auto, "--out", tmp_path, "--format", "pdf")
    edit(auto, ("date: 2018-10-16", "date: 2019-01-02"))
    refused = invoke("render", auto, "--out", tmp_path, "--format", "pdf", code=2)
    assert re.search(r"circular\.yaml:\d+:\d+: number: .*holds ลบ 0019/ว 1 of 2561.*void that number first", refused)
    invoke("register", "void", "ลบ 0019/ว", "๑", "--year", "2561", "--reason", "ลงวันที่ใหม่", "-r", auto.parent)
    again = invoke("render", auto, "--out", tmp_path, "--format", "pdf", "--force")
    assert "ลบ 0019/ว 1 circular.yaml (new)" in again


def test_package_takes_the_numbers_of_the_letter_and_its_enclosed_order(auto, tmp_path):
    edit(auto.parent / "orders" / "province-team.yaml", ("number: 3512/2561", "number: auto"))
    result = invoke("package", auto, "--out", tmp_path)
    assert "ลบ 0019/ว 1 circular.yaml (new)" in result
    assert "1/2561 orders/province-team.yaml (new)" in result
    with open_register(str(auto.parent / "register.sqlite")) as register:
        order = register.get("คำสั่งจังหวัดลพบุรี", 2561, 1)
        letter = register.get("ลบ 0019/ว", 2561, 1)
    assert order.details.kind == "order" and order.details.subject.startswith("แต่งตั้ง")
    assert [Path(p).name for p in order.details.outputs] == ["circular-package.pdf", "circular-package.zip"]
    assert letter.details.outputs == order.details.outputs


def test_district_orders_are_numbered_in_each_districts_book(config_dir, tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    orders = config_dir / "orders"
    for path in (orders / "districts").glob("*.yaml"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"^number: \S+", "number: auto", text, flags=re.M), "utf-8")
    edit(orders / "districts" / "1601.yaml", ("number: auto", "number: auto\nid: mueang-team-2562"))
    result = invoke("render", orders / "district-teams.yaml", "--out", tmp_path, "--format", "docx")
    assert "1/2561 mueang-team-2562 (new)" in result
    assert "1/2561 orders/district-teams.yaml#1602 (new)" in result
    # No organisation file named: the register of the config folder above.
    with open_register(str(config_dir / "register.sqlite")) as register:
        books = sorted({e.book for e in register.entries()})
    assert len(books) == 11 and "คำสั่งอำเภอเมืองลพบุรี" in books
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "orders" / "order-1602-พัฒนานิคม.docx")).paragraphs)
    assert "ที่ ๑/๒๕๖๑" in text


def test_a_register_started_at_4852_prints_the_published_number(auto, tmp_path):
    invoke("register", "start", "ลบ 0019/ว", "--next", "๔๘๕๒", "--year", "2561", "-r", auto.parent)
    invoke("render", auto, "--out", tmp_path / "out", "--format", "pdf")
    assert pdf_number(tmp_path / "out" / auto.parent.name / "circular.pdf") == "ลบ ๐๐๑๙/ว ๔๘๕๒"
    refused = invoke("register", "start", "ลบ 0019/ว", "--next", "1", "--year", "2018", "-r", auto.parent, code=2)
    assert "already given 1 number(s) in 2561" in refused


def test_register_commands_end_to_end(auto, tmp_path):
    invoke("render", auto, "--out", tmp_path / "out", "--format", "pdf")
    issued = invoke("register", "issue", "ลบ 0019/ว", "--subject", "ขอเชิญประชุม", "--to", "นายอำเภอทุกอำเภอ",
                    "--date", "2018-10-20", "--register", auto)
    assert "ที่ ลบ ๐๐๑๙/ว ๒" in issued and "ตุลาคม ๒๕๖๑" in issued
    invoke("register", "void", "ลบ 0019/ว", "2", "--year", "2561", "--register", auto.parent, code=2)  # no reason
    assert "voided" in invoke("register", "void", "ลบ 0019/ว", "2", "--year", "2561", "--reason", "พิมพ์ผิด",
                              "-r", auto.parent)
    invoke("register", "void", "ลบ 0019/ว", "2", "--year", "2561", "--reason", "อีก", "-r", auto.parent, code=2)
    assert "ว ๓" in invoke("register", "issue", "ลบ 0019/ว", "-s", "อื่น", "--date", "2018-10-21", "-r",
                          auto.parent / "organisation.yaml")
    listed = invoke("register", "list", "-r", auto.parent)
    assert "ลบ ๐๐๑๙/ว ๑" in listed and "ยกเลิก" in listed and "พ.ศ. ๒๕๖๑" in listed
    assert not re.search(r"[0-9]", listed), listed  # the subject "... ปี 2562" is listed as printed: ปี ๒๕๖๒
    target = tmp_path / "book.csv"
    assert "3 number(s)" in invoke("register", "export", target, "-r", auto.parent, "--year", "2561")
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["๑", "๒", "๓"] and rows[2][7] == "ยกเลิก: พิมพ์ผิด"
    pytest.importorskip("openpyxl")
    invoke("register", "export", tmp_path / "book.xlsx", "-r", auto.parent)
    assert (tmp_path / "book.xlsx").read_bytes().startswith(b"PK")
    invoke("register", "export", tmp_path / "book.txt", "-r", auto.parent, code=2)


def test_a_bad_register_setting_is_an_error_at_its_line(auto, tmp_path):
    organisation = auto.parent / "organisation.yaml"
    edit(organisation, ("motto:", "register: mysql://db/register\nmotto:"))
    result = invoke("validate", auto, code=2)
    assert re.search(r"organisation\.yaml:\d+:\d+: register: 'mysql' registers are not supported", result)
    assert "organisation.yaml" in invoke("register", "list", "-r", auto.parent, code=2)


def test_an_unreachable_postgresql_register_is_an_error_and_nothing_is_written(auto, tmp_path):
    organisation = auto.parent / "organisation.yaml"
    edit(organisation, ("motto:", "register: postgresql://docgen:secret@127.0.0.1:9/register\nmotto:"))
    result = invoke("render", auto, "--out", tmp_path, code=2)
    output = result
    assert re.search(r"organisation\.yaml:\d+:\d+: register: cannot use the register postgresql://docgen:\*\*\*@", output)
    assert "secret" not in output
    assert not any(tmp_path.rglob("*.pdf"))


def test_the_register_url_may_come_from_the_environment(auto, tmp_path, monkeypatch):
    elsewhere = tmp_path / "shared" / "office.sqlite"
    monkeypatch.setenv(ENV, f"sqlite:///{elsewhere}")
    invoke("render", auto, "--out", tmp_path / "out", "--format", "pdf")
    assert elsewhere.is_file() and not (auto.parent / "register.sqlite").exists()
    assert "ลบ ๐๐๑๙/ว ๑" in invoke("register", "list")  # -r defaults to the environment's
    monkeypatch.setenv(ENV, "ftp://register")
    assert "DOCGEN_REGISTER_URL" in invoke("render", auto, "--out", tmp_path / "out", code=2)


def test_number_auto_needs_the_organisations_code(auto):
    edit(auto.parent / "organisation.yaml", ("code: ลบ 0019", "# no code"))
    result = invoke("validate", auto, code=2)
    assert re.search(r"circular\.yaml:\d+:\d+: number: number: auto needs the organisation's code", result)


def test_without_a_register_a_library_build_prints_a_blank(auto):
    from docgen.pipeline import documents

    (name, document), = documents(auto)
    assert document.subject.startswith("ที่ ลบ ๐๐๑๙/ว ......")
    assert not (auto.parent / "register.sqlite").exists()
