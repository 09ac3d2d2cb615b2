"""A register as the office keeps it: CSV (UTF-8 with a BOM, so Excel reads the
Thai) or XLSX (openpyxl), one row per number, voided numbers kept and marked.

The columns are those of the regulation's ทะเบียนหนังสือส่ง (เลขทะเบียนส่ง, ที่,
ลงวันที่, จาก, ถึง, เรื่อง, การปฏิบัติ, หมายเหตุ), then the book, the kind of
document, who took the number and when, the files written and the status.
Digits are Thai (``arabic=True``: Arabic) and dates BE.

>>> from datetime import date
>>> from docgen.register.base import Details, Entry
>>> entry = Entry("ลบ 0019/ว", 2561, 4853, "circular.yaml", Details(date(2018, 10, 16), "จปฐ."), "")
>>> row(entry)[:3]
['๔๘๕๓', 'ลบ ๐๐๑๙/ว ๔๘๕๓', '๑๖ ต.ค. ๒๕๖๑']
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from docgen.register.base import Entry
from docgen.thai import arabic_digits, thai_date, thai_digits
from docgen.thai.digits import plain_thai_digits

HEADERS = ("เลขทะเบียนส่ง", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ",
           "ทะเบียน", "ปี พ.ศ.", "ประเภท", "ผู้ออกเลข", "ออกเลขเมื่อ", "ไฟล์", "สถานะ")
VOID = "ยกเลิก"
KINDS = {"letter": "หนังสือภายนอก", "circular": "หนังสือเวียน", "memo": "บันทึกข้อความ", "order": "คำสั่ง"}


def row(entry: Entry, arabic: bool = False) -> list[str]:
    """One line of the book."""
    digits, text = (str, str) if arabic else (plain_thai_digits, thai_digits)
    details = entry.details
    note = details.note
    if entry.void:
        note = f"{VOID}: {entry.void_reason}" + (f" ({note})" if note else "")
    day = thai_date(details.date, "abbr_full_year")
    return [
        digits(str(entry.number)), digits(entry.text), arabic_digits(day) if arabic else day, text(details.sender),
        text(details.recipient), text(details.subject), text(details.action), text(note), digits(entry.book),
        digits(str(entry.year)), KINDS.get(details.kind, details.kind), details.issuer, entry.issued_at,
        "; ".join(details.outputs), VOID if entry.void else "ใช้",
    ]


def to_csv(entries: list[Entry], arabic: bool = False) -> bytes:
    """The book as CSV, UTF-8 with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(row(entry, arabic) for entry in entries)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(entries: list[Entry], arabic: bool = False) -> bytes:
    """The book as an XLSX workbook: one sheet per book and year, voided rows grey
    and struck through."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        raise RuntimeError("XLSX export needs openpyxl: pip install openpyxl (or export to .csv)") from None
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets: dict[tuple[str, int], object] = {}
    for entry in entries:
        key = (entry.book, entry.year)
        if key not in sheets:
            sheet = workbook.create_sheet(_sheet_name(entry, len(sheets) + 1, arabic))
            sheet.append(HEADERS)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
            for column, width in zip("ABCDEFGHIJKLMNO", (12, 20, 14, 24, 28, 60, 16, 30, 14, 8, 14, 12, 22, 40, 8)):
                sheet.column_dimensions[column].width = width
            sheets[key] = sheet
        sheet = sheets[key]
        sheet.append(row(entry, arabic))
        if entry.void:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(strike=True, color="808080")
    if not sheets:
        workbook.create_sheet("ทะเบียน").append(HEADERS)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(entry: Entry, index: int, arabic: bool) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of / \\ ? * [ ] :."""
    name = f"{entry.book} {entry.year}"
    for bad in "/\\?*[]:":
        name = name.replace(bad, "-")
    name = name if arabic else plain_thai_digits(name)
    return name[:31] if len(name) <= 31 else f"{name[:27]} {index}"


def export(entries: list[Entry], path: Path, arabic: bool = False) -> bytes:
    """The bytes of ``path``'s format (by its suffix: .csv or .xlsx)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return to_csv(entries, arabic)
    if suffix == ".xlsx":
        return to_xlsx(entries, arabic)
    raise ValueError(f"export to .csv or .xlsx, not {suffix or 'a file without a suffix'}")
