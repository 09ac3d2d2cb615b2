"""Register endpoints: reserve a number for a document, list a book.

``POST /api/v1/register/{book}/reserve`` takes the next number of ``book``
for a document id (asking again with the same id gives the same number);
``GET /api/v1/register/{book}?year=`` lists the book.  A book is named as
on the command line: ``ลบ 0019``, ``ลบ 0019/ว`` (circulars), ``คำสั่ง...``.
The register is the settings' ``register_url`` (an SQLite file or PostgreSQL).

>>> Reservation.model_validate({"doc_id": "c.yaml", "date": "2018-10-16"}).year
2561
"""

from __future__ import annotations

from datetime import date as Date

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from docgen.register.base import Details, Entry, RegisterError, be, is_letter_book
from docgen.service.auth import Caller, require
from docgen.service.errors import ApiError

router = APIRouter(tags=["register"])


class Reservation(BaseModel):
    """What a number is reserved for (the columns of the book)."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str = Field(min_length=1, max_length=500, description="The document's id; the same id keeps its number.")
    date: Date = Field(description="ลงวันที่; its year (BE) is the book's year.")
    subject: str = ""
    recipient: str = ""
    sender: str = ""
    kind: str = ""  # letter, circular, memo, order ... (default: from the book)
    note: str = ""

    @property
    def year(self) -> int:
        return be(self.date.year)


def _entry(entry: Entry) -> dict:
    d = entry.details
    return {"book": entry.book, "year": entry.year, "number": entry.number, "text": entry.text,
            "doc_id": entry.doc_id, "date": d.date.isoformat(), "subject": d.subject, "recipient": d.recipient,
            "sender": d.sender, "kind": d.kind, "issuer": d.issuer, "issued_at": entry.issued_at,
            "void": entry.void, "void_reason": entry.void_reason, "new": entry.new}


def _open(request: Request):
    from docgen.register.location import open_register

    try:
        return open_register(request.app.state.settings.register_url)
    except RegisterError as error:
        raise ApiError(503, f"the register is not available: {error}") from None


@router.post("/register/{book:path}/reserve", summary="Reserve the next number of a book for a document")
def reserve(book: str, reservation: Reservation, request: Request,
            caller: Caller = Depends(require("register"))) -> dict:
    book = book.strip()
    if not book:
        raise ApiError(400, "name the book, e.g. ลบ 0019/ว", "book")
    kind = reservation.kind or ("circular" if book.endswith("/ว") else "letter" if is_letter_book(book) else "order")
    details = Details(reservation.date, reservation.subject, reservation.sender, reservation.recipient, kind,
                      f"api:{caller.name}", note=reservation.note)
    register = _open(request)
    try:
        entry = register.reserve(book, reservation.year, reservation.doc_id, details)
    except RegisterError as error:
        raise ApiError(409, str(error), "doc_id") from None
    finally:
        register.close()
    return _entry(entry)


@router.get("/register/{book:path}", summary="The numbers of a book (one year, or every year)")
def list_book(book: str, request: Request, year: int | None = Query(None, description="BE (2562) or CE (2019)."),
              caller: Caller = Depends(require("register"))) -> dict:
    register = _open(request)
    try:
        entries = register.entries(book.strip(), be(year) if year else None)
    except RegisterError as error:
        raise ApiError(503, str(error)) from None
    finally:
        register.close()
    return {"book": book, "year": be(year) if year else None, "entries": [_entry(e) for e in entries]}
