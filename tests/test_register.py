"""The register itself (SQLite): numbers per book and year, gap-free under
concurrent processes, idempotent by document id, voids kept, exports."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date

import pytest

from docgen.register import Details, RegisterError, open_register
from docgen.register.export import HEADERS, to_csv, to_xlsx
from register_helpers import BOOK, hammer, open_at_once


def details(day: str, subject: str = "เรื่อง", **more) -> Details:
    return Details(date.fromisoformat(day), subject, **more)


@pytest.fixture()
def register(tmp_path):
    with open_register(str(tmp_path / "register.sqlite")) as opened:
        yield opened


def test_eight_processes_take_4000_distinct_gap_free_numbers(tmp_path):
    url = str(tmp_path / "register.sqlite")
    numbers, seconds = hammer(url, processes=8, each=500)
    print(f"SQLite: 4000 reservations by 8 processes in {seconds:.1f} s ({4000 / seconds:.0f}/s)")
    assert len(numbers) == 4000
    assert sorted(numbers) == list(range(1, 4001))  # distinct, and no gap
    with open_register(url) as register:
        entries = register.entries(BOOK, 2562)
    assert [e.number for e in entries] == list(range(1, 4001))
    assert len({e.doc_id for e in entries}) == 4000
    with sqlite3.connect(url) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_processes_opening_a_new_register_at_once_all_open_it(tmp_path):
    """Switching a new register to WAL may find it locked at once, without waiting."""
    assert open_at_once(tmp_path) == []


def test_the_same_document_keeps_its_number_and_its_details_are_updated(register):
    first = register.reserve(BOOK, 2561, "circular.yaml", details("2018-10-16", "ร่าง", outputs=("a.pdf",)))
    other = register.reserve(BOOK, 2561, "other.yaml", details("2018-10-16"))
    again = register.reserve(BOOK, 2561, "circular.yaml", details("2018-10-17", "ฉบับจริง"))
    assert (first.number, other.number, again.number) == (1, 2, 1)
    assert first.new and not again.new
    kept = register.get(BOOK, 2561, 1)
    assert kept.details.subject == "ฉบับจริง" and kept.details.date == date(2018, 10, 17)
    assert kept.details.outputs == ("a.pdf",)  # kept when not given again
    register.record_outputs(BOOK, "circular.yaml", ["out/circular.pdf", "out/circular.docx"])
    assert register.get(BOOK, 2561, 1).details.outputs == ("out/circular.pdf", "out/circular.docx")


def test_books_are_numbered_apart(register):
    assert register.reserve("ลบ 0019", 2561, "a.yaml", details("2018-10-01")).text == "ลบ 0019/1"
    assert register.reserve("ลบ 0019/ว", 2561, "b.yaml", details("2018-10-01")).text == "ลบ 0019/ว 1"
    assert register.reserve("คำสั่งจังหวัดลพบุรี", 2561, "c.yaml", details("2018-10-01")).text == "1/2561"
    assert register.reserve("ลบ 0019", 2561, "d.yaml", details("2018-10-02")).text == "ลบ 0019/2"


def test_numbers_restart_at_one_on_the_first_of_january(register):
    for n in range(3):
        register.reserve(BOOK, 2562, f"dec-{n}.yaml", details("2019-12-31"))
    january = register.reserve(BOOK, 2563, "jan.yaml", details("2020-01-01"))
    assert (january.number, january.text) == (1, "ลบ 0019/ว 1")
    assert register.reserve(BOOK, 2562, "late.yaml", details("2019-12-31")).number == 4


def test_a_book_taken_up_mid_year_starts_at_the_paper_registers_next_number(register):
    register.start(BOOK, 2561, 4852, by="clerk")
    assert register.peek(BOOK, 2561) == (4852, False)
    assert register.reserve(BOOK, 2561, "circular.yaml", details("2018-10-16")).text == "ลบ 0019/ว 4852"
    assert register.issue(BOOK, 2561, details("2018-10-17")).number == 4853
    with pytest.raises(RegisterError, match="can only be started before its first number"):
        register.start(BOOK, 2561, 9000)
    assert register.reserve(BOOK, 2562, "jan.yaml", details("2019-01-02")).number == 1  # 1 January: 1 again
    assert register.reserve("ลบ 0019", 2561, "a.yaml", details("2018-10-16")).number == 1  # other books untouched


def test_a_document_redated_into_another_year_must_have_its_number_voided_first(register):
    register.reserve(BOOK, 2562, "letter.yaml", details("2019-12-31"))
    with pytest.raises(RegisterError, match="void that number first"):
        register.reserve(BOOK, 2563, "letter.yaml", details("2020-01-02"))
    register.void(BOOK, 2562, 1, "ลงวันที่ใหม่ 2 ม.ค.")
    assert register.reserve(BOOK, 2563, "letter.yaml", details("2020-01-02")).number == 1


def test_a_voided_number_is_kept_marked_and_never_given_again(register):
    for name in ("a", "b", "c"):
        register.reserve(BOOK, 2562, f"{name}.yaml", details("2019-01-02"))
    voided = register.void(BOOK, 2562, 3, "ยกเลิกหนังสือ", by="clerk")
    assert voided.void and voided.voided_by == "clerk"
    assert register.issue(BOOK, 2562, details("2019-01-03", "พิมพ์จากที่อื่น")).number == 4
    # The document whose number was voided takes a new one.
    assert register.reserve(BOOK, 2562, "c.yaml", details("2019-01-03")).number == 5
    assert [(e.number, e.void) for e in register.entries(BOOK, 2562)] == [
        (1, False), (2, False), (3, True), (4, False), (5, False)]


def test_void_needs_a_reason_and_an_issued_number(register):
    register.reserve(BOOK, 2562, "a.yaml", details("2019-01-02"))
    with pytest.raises(RegisterError, match="needs a reason"):
        register.void(BOOK, 2562, 1, " ")
    with pytest.raises(RegisterError, match="not in book"):
        register.void(BOOK, 2562, 2, "ไม่มี")
    register.void(BOOK, 2562, 1, "ยกเลิก")
    with pytest.raises(RegisterError, match="already void"):
        register.void(BOOK, 2562, 1, "อีกครั้ง")


def test_reading_a_register_that_does_not_exist_creates_nothing(tmp_path):
    path = tmp_path / "none" / "register.sqlite"
    with open_register(str(path)) as register:
        assert register.peek(BOOK, 2562, "a.yaml") == (1, False)
        assert register.entries() == []
    assert not path.exists()


def test_peek_takes_nothing(register):
    register.reserve(BOOK, 2562, "a.yaml", details("2019-01-02"))
    assert register.peek(BOOK, 2562, "a.yaml") == (1, True)
    assert register.peek(BOOK, 2562, "b.yaml") == (2, False)
    assert register.peek(BOOK, 2562, "b.yaml") == (2, False)
    assert len(register.entries()) == 1


def _sample(register):
    register.reserve(BOOK, 2561, "circular.yaml", details("2018-10-16", "การจัดเก็บข้อมูล จปฐ. ปี 2562",
                     sender="จังหวัดลพบุรี", recipient="นายอำเภอทุกอำเภอ", kind="circular", issuer="clerk"))
    register.issue(BOOK, 2561, details("2018-10-17", "หนังสือที่พิมพ์เอง", kind="circular"))
    register.void(BOOK, 2561, 2, "พิมพ์ผิด")
    register.reserve("คำสั่งจังหวัดลพบุรี", 2561, "orders/team.yaml", details("2018-10-15", "แต่งตั้ง", kind="order"))
    return register.entries()


def test_csv_export_has_the_books_columns_with_a_bom_and_thai_digits(register):
    data = to_csv(_sample(register))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADERS
    assert rows[0][:8] == ["เลขทะเบียนส่ง", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ"]
    order, first, voided = rows[1], rows[2], rows[3]  # by book: คำสั่ง... sorts before ลบ
    assert first[:6] == ["๑", "ลบ ๐๐๑๙/ว ๑", "๑๖ ต.ค. ๒๕๖๑", "จังหวัดลพบุรี", "นายอำเภอทุกอำเภอ",
                         "การจัดเก็บข้อมูล จปฐ. ปี ๒๕๖๒"]
    assert voided[7] == "ยกเลิก: พิมพ์ผิด" and voided[-1] == "ยกเลิก"
    assert order[1] == "๑/๒๕๖๑"
    arabic = list(csv.reader(io.StringIO(to_csv(register.entries(), arabic=True).decode("utf-8-sig"))))
    assert arabic[2][:3] == ["1", "ลบ 0019/ว 1", "16 ต.ค. 2561"]


def test_xlsx_export_has_a_sheet_per_book_and_year_with_voided_rows_struck(register):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(_sample(register))))
    assert workbook.sheetnames == ["คำสั่งจังหวัดลพบุรี ๒๕๖๑", "ลบ ๐๐๑๙-ว ๒๕๖๑"]
    sheet = workbook["ลบ ๐๐๑๙-ว ๒๕๖๑"]
    assert [c.value for c in sheet[1]][:8] == list(HEADERS[:8])
    assert [c.value for c in sheet[2]][:3] == ["๑", "ลบ ๐๐๑๙/ว ๑", "๑๖ ต.ค. ๒๕๖๑"]
    assert sheet["H3"].value == "ยกเลิก: พิมพ์ผิด" and sheet["H3"].font.strike
    assert not sheet["H2"].font.strike
