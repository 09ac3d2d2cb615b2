"""The document-number register (ทะเบียนหนังสือส่ง / ทะเบียนคำสั่ง): what an
entry holds and the rules every backend keeps.

A register holds *books*: ``ลบ 0019`` (letters and memos of an owner code),
``ลบ 0019/ว`` (its circulars), ``คำสั่งจังหวัดลพบุรี`` (the orders of an
issuer).  Numbers run 1, 2, 3 ... per book and calendar year (BE) and restart
at 1 on 1 January (spec §6).  A number is never given twice and never skipped:
a voided number stays in the book, marked, and is not reused.

>>> number_text("ลบ 0019/ว", 4853, 2561), number_text("คำสั่งจังหวัดลพบุรี", 12, 2562)
('ลบ 0019/ว 4853', '12/2562')
>>> book_of_letter("ลบ 0019", circular=True), book_of_order("จังหวัดลพบุรี")
('ลบ 0019/ว', 'คำสั่งจังหวัดลพบุรี')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

_LETTER_BOOK = re.compile(r"^[ก-ฮ]{2,3} [0-9๐-๙]{4}(\.[0-9๐-๙]+)*(/ว)?$")
BE_OFFSET = 543


class RegisterError(Exception):
    """A register refused a request (unknown number, voided twice, cannot connect ...)."""


def book_of_letter(code: str, circular: bool = False) -> str:
    """The book of a letter or memo: the owner code, with ``/ว`` for circulars."""
    return f"{code}/ว" if circular else code


def book_of_order(issuer: str) -> str:
    """The book of an order: ``คำสั่ง`` and the issuer, e.g. ``คำสั่งอำเภอเมืองลพบุรี``."""
    return issuer if issuer.startswith("คำสั่ง") else f"คำสั่ง{issuer}"


def is_letter_book(book: str) -> bool:
    return bool(_LETTER_BOOK.match(book))


def number_text(book: str, number: int | str, year: int) -> str:
    """What follows "ที่": ``ลบ 0019/4853``, ``ลบ 0019/ว 4853`` or, for any other
    book (orders, certificates), ``<n>/<BE year>``."""
    if is_letter_book(book):
        return f"{book} {number}" if book.endswith("/ว") else f"{book}/{number}"
    return f"{number}/{year}"


def be(year: int) -> int:
    """A year as BE: ``2019`` -> 2562; a BE year is kept.

    >>> be(2019), be(2562)
    (2562, 2562)
    """
    return year + BE_OFFSET if year < 2400 else year


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Details:
    """What the register records about a document (the columns of the book)."""

    date: date
    subject: str = ""
    sender: str = ""  # จาก: the issuing organisation
    recipient: str = ""  # ถึง
    kind: str = ""  # letter, circular, memo, order ...
    issuer: str = ""  # who took the number (an OS user name)
    action: str = ""  # การปฏิบัติ
    note: str = ""  # หมายเหตุ
    outputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One number of a book."""

    book: str
    year: int  # BE
    number: int
    doc_id: str | None
    details: Details
    issued_at: str
    void_reason: str | None = None
    voided_by: str | None = None
    voided_at: str | None = None
    new: bool = field(default=False, compare=False)  # taken by the call that returned it

    @property
    def text(self) -> str:
        """The number as printed after "ที่" (Arabic digits; builders make them Thai)."""
        return number_text(self.book, self.number, self.year)

    @property
    def void(self) -> bool:
        return self.void_reason is not None


COLUMNS = ("book", "year", "number", "doc_id", "kind", "date", "subject", "sender", "recipient", "action",
           "note", "outputs", "issuer", "issued_at", "updated_at", "void_reason", "voided_by", "voided_at")


def row_values(book: str, year: int, number: int, doc_id: str | None, details: Details) -> dict:
    return {
        "book": book, "year": year, "number": number, "doc_id": doc_id, "kind": details.kind,
        "date": details.date.isoformat(), "subject": details.subject, "sender": details.sender,
        "recipient": details.recipient, "action": details.action, "note": details.note,
        "outputs": json.dumps(list(details.outputs), ensure_ascii=False), "issuer": details.issuer,
        "issued_at": now(), "updated_at": None, "void_reason": None, "voided_by": None, "voided_at": None,
    }


def entry_of(row: dict) -> Entry:
    day = row["date"]
    details = Details(
        date=day if isinstance(day, date) else date.fromisoformat(day), subject=row["subject"],
        sender=row["sender"], recipient=row["recipient"], kind=row["kind"], issuer=row["issuer"],
        action=row["action"], note=row["note"], outputs=tuple(json.loads(row["outputs"] or "[]")),
    )
    return Entry(row["book"], row["year"], row["number"], row["doc_id"], details, str(row["issued_at"]),
                 row["void_reason"], row["voided_by"], row["voided_at"] and str(row["voided_at"]))
