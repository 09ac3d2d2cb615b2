"""The register's operations, written once in SQL for every backend.

A backend (:mod:`.sqlite`, :mod:`.postgres`) gives a connection and a write
transaction that holds the book's lock from its first statement: inside it,
"the largest number of the book this year, plus one" is the next number, so
numbers are distinct and gap-free however many processes ask at once.
The unique keys (book, year, number) and (book, doc_id) for numbers not
voided are the database's own check of the same rules.

>>> from datetime import date
>>> from docgen.register.sqlite import SqliteRegister
>>> register = SqliteRegister(":memory:")
>>> register.reserve("ลบ 0019/ว", 2561, "circular.yaml", Details(date(2018, 10, 16), "จปฐ.")).text
'ลบ 0019/ว 1'
>>> register.reserve("ลบ 0019/ว", 2561, "circular.yaml", Details(date(2018, 10, 16), "จปฐ. 2562")).number
1
>>> register.issue("ลบ 0019/ว", 2561, Details(date(2018, 10, 17), "typed elsewhere")).number
2
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterator

from docgen.register.base import COLUMNS, Details, Entry, RegisterError, entry_of, now, number_text, row_values

SCHEMA_VERSION = 1

# The tables, in SQL that SQLite and PostgreSQL both read (statements separated by ";").
SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    book TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    doc_id TEXT,
    kind TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    sender TEXT NOT NULL DEFAULT '',
    recipient TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    outputs TEXT NOT NULL DEFAULT '[]',
    issuer TEXT NOT NULL DEFAULT '',
    issued_at TEXT NOT NULL,
    updated_at TEXT,
    void_reason TEXT,
    voided_by TEXT,
    voided_at TEXT,
    PRIMARY KEY (book, year, number)
);
CREATE UNIQUE INDEX IF NOT EXISTS entries_live_doc ON entries (book, doc_id)
    WHERE doc_id IS NOT NULL AND void_reason IS NULL;
CREATE TABLE IF NOT EXISTS openings (
    book TEXT NOT NULL,
    year INTEGER NOT NULL,
    first INTEGER NOT NULL CHECK (first >= 1),
    set_by TEXT NOT NULL DEFAULT '',
    set_at TEXT NOT NULL,
    PRIMARY KEY (book, year)
);
CREATE TABLE IF NOT EXISTS register_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
"""

# {P} is the backend's parameter marker.
_LIVE_BY_DOC = "SELECT * FROM entries WHERE book = {P} AND doc_id = {P} AND void_reason IS NULL"
# The largest number given this year, else the number before the book's
# opening (``docgen register start``), else 0; plus one.
_NEXT = ("SELECT COALESCE((SELECT MAX(number) FROM entries WHERE book = {P} AND year = {P}), "
         "(SELECT first - 1 FROM openings WHERE book = {P} AND year = {P}), 0) + 1 AS next")
_COUNT = "SELECT COUNT(*) AS n, MAX(number) AS last FROM entries WHERE book = {P} AND year = {P}"
_ONE = "SELECT * FROM entries WHERE book = {P} AND year = {P} AND number = {P}"


class SqlRegister:
    """The operations; subclasses provide :meth:`_write`, :meth:`_read` and ``P``."""

    P = "?"
    url = ""

    @contextmanager
    def _write(self, book: str) -> Iterator:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    @contextmanager
    def _read(self) -> Iterator:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    def close(self) -> None:  # pragma: no cover - abstract
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _sql(self, text: str) -> str:
        return text.replace("{P}", self.P)

    def _one(self, cursor, sql: str, *params) -> dict | None:
        cursor.execute(self._sql(sql), params)
        row = cursor.fetchone()
        return None if row is None else dict(row)

    # -- numbers ---------------------------------------------------------

    def reserve(self, book: str, year: int, doc_id: str, details: Details) -> Entry:
        """The number of document ``doc_id`` in ``book``: the one it already holds
        (its details are brought up to date; outputs are kept unless given), or
        the next number of the book in ``year``.  A document that holds a number
        of another year must have it voided first."""
        if not doc_id:
            raise RegisterError("a reservation needs a document id")
        with self._write(book) as cursor:
            held = self._one(cursor, _LIVE_BY_DOC, book, doc_id)
            if held is None:
                return self._insert(cursor, book, year, doc_id, details)
            entry = entry_of(held)
            if entry.year != year:
                raise RegisterError(
                    f"document {doc_id!r} holds {entry.text} of {entry.year} in book {book!r}, but is now dated "
                    f"{details.date.isoformat()} (พ.ศ. {year}); void that number first "
                    f"(docgen register void {book!r} {entry.number} --year {entry.year} --reason ...)")
            if not details.outputs:
                details = replace(details, outputs=entry.details.outputs)
            details = replace(details, issuer=entry.details.issuer or details.issuer)  # who took it stays
            self._update(cursor, book, entry.year, entry.number, details)
            return replace(entry, details=details)

    def issue(self, book: str, year: int, details: Details) -> Entry:
        """The next number of ``book`` in ``year``, for a document made elsewhere."""
        with self._write(book) as cursor:
            return self._insert(cursor, book, year, None, details)

    def _insert(self, cursor, book: str, year: int, doc_id: str | None, details: Details) -> Entry:
        number = self._one(cursor, _NEXT, book, year, book, year)["next"]
        values = row_values(book, year, number, doc_id, details)
        marks = ", ".join([self.P] * len(COLUMNS))
        cursor.execute(f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({marks})", [values[c] for c in COLUMNS])
        return Entry(book, year, number, doc_id, details, values["issued_at"], new=True)

    def _update(self, cursor, book: str, year: int, number: int, details: Details) -> None:
        P = self.P
        cursor.execute(
            f"UPDATE entries SET date = {P}, subject = {P}, sender = {P}, recipient = {P}, kind = {P}, "
            f"action = {P}, note = {P}, outputs = {P}, issuer = {P}, updated_at = {P} "
            f"WHERE book = {P} AND year = {P} AND number = {P}",
            (details.date.isoformat(), details.subject, details.sender, details.recipient, details.kind,
             details.action, details.note, json.dumps(list(details.outputs), ensure_ascii=False),
             details.issuer, now(), book, year, number),
        )

    def peek(self, book: str, year: int, doc_id: str | None = None) -> tuple[int, bool]:
        """(number, held): the number ``doc_id`` holds, else the next free one,
        without taking it (for ``validate`` and ``preview``)."""
        with self._read() as cursor:
            if cursor is None:  # no register yet
                return 1, False
            if doc_id:
                held = self._one(cursor, _LIVE_BY_DOC, book, doc_id)
                if held is not None and held["year"] == year:
                    return held["number"], True
            return self._one(cursor, _NEXT, book, year, book, year)["next"], False

    def start(self, book: str, year: int, first: int, by: str = "") -> None:
        """Let ``book`` begin ``year`` at ``first``: for an office that takes up
        docgen mid-year, whose paper register already gave 1 .. first - 1.
        Only before the book's first number of that year (numbers stay gap-free)."""
        if first < 1:
            raise RegisterError("the first number is 1 or more")
        with self._write(book) as cursor:
            taken = self._one(cursor, _COUNT, book, year)
            if taken["n"]:
                raise RegisterError(f"book {book!r} has already given {taken['n']} number(s) in {year} (the last "
                                    f"{number_text(book, taken['last'], year)}); it can only be started before "
                                    "its first number of the year")
            cursor.execute(self._sql("DELETE FROM openings WHERE book = {P} AND year = {P}"), (book, year))
            cursor.execute(self._sql("INSERT INTO openings (book, year, first, set_by, set_at) "
                                     "VALUES ({P}, {P}, {P}, {P}, {P})"), (book, year, first, by, now()))

    def record_outputs(self, book: str, doc_id: str, outputs: list[str]) -> None:
        """The files a document was written to (its number already held)."""
        with self._write(book) as cursor:
            cursor.execute(self._sql("UPDATE entries SET outputs = {P}, updated_at = {P} "
                                     "WHERE book = {P} AND doc_id = {P} AND void_reason IS NULL"),
                           (json.dumps(list(outputs), ensure_ascii=False), now(), book, doc_id))

    def void(self, book: str, year: int, number: int, reason: str, by: str = "") -> Entry:
        """Mark a number void (ยกเลิก): it stays in the book and is never given again;
        the document that held it takes a new number when it is rendered again."""
        if not reason or not reason.strip():
            raise RegisterError("voiding a number needs a reason")
        with self._write(book) as cursor:
            row = self._one(cursor, _ONE, book, year, number)
            if row is None:
                raise RegisterError(f"{number_text(book, number, year)} of {year} is not in book {book!r}: only "
                                    "a number that was issued can be voided")
            if row["void_reason"] is not None:
                raise RegisterError(f"{number_text(book, number, year)} of {year} is already void "
                                    f"({row['void_reason']})")
            stamp = now()
            cursor.execute(self._sql("UPDATE entries SET void_reason = {P}, voided_by = {P}, voided_at = {P} "
                                     "WHERE book = {P} AND year = {P} AND number = {P}"),
                           (reason.strip(), by, stamp, book, year, number))
            row.update(void_reason=reason.strip(), voided_by=by, voided_at=stamp)
            return entry_of(row)

    # -- reading ---------------------------------------------------------

    def entries(self, book: str | None = None, year: int | None = None) -> list[Entry]:
        """Every entry (voided ones too), by book, year and number."""
        where, params = [], []
        if book is not None:
            where.append("book = {P}")
            params.append(book)
        if year is not None:
            where.append("year = {P}")
            params.append(year)
        sql = "SELECT * FROM entries" + (" WHERE " + " AND ".join(where) if where else "")
        with self._read() as cursor:
            if cursor is None:
                return []
            cursor.execute(self._sql(sql + " ORDER BY book, year, number"), params)
            return [entry_of(dict(row)) for row in cursor.fetchall()]

    def get(self, book: str, year: int, number: int) -> Entry | None:
        with self._read() as cursor:
            row = None if cursor is None else self._one(cursor, _ONE, book, year, number)
        return None if row is None else entry_of(row)


__all__ = ["Details", "Entry", "RegisterError", "SqlRegister"]
