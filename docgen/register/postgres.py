"""A register in PostgreSQL, for offices that share one register across machines.

The URL is a libpq one, ``postgresql://user:password@host:5432/dbname``.  Each
write is one transaction that first takes a transaction-level advisory lock
on its book (``pg_advisory_xact_lock``, keyed by a hash of the book's name):
the reservations of one book run one after another, those of different books
in parallel, and the lock is released by the commit or rollback, so a
client that dies cannot leave it held.  Needs psycopg 3 (``pip install
'psycopg[binary]'``).

>>> redact("postgresql://clerk:secret@db.example:5432/register")
'postgresql://clerk:***@db.example:5432/register'
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator

from docgen.register.base import RegisterError
from docgen.register.store import SCHEMA, SCHEMA_VERSION, SqlRegister

SCHEMES = ("postgresql://", "postgres://")

# Creating the tables is itself serialised, so two first clients do not race.
_SCHEMA_LOCK = 0x646F6367  # "docg"


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


class PostgresRegister(SqlRegister):
    """A register in a PostgreSQL database (tables created on first use)."""

    P = "%s"

    def __init__(self, url: str, connect_timeout: int = 10):
        self.url = url
        self._timeout = connect_timeout
        self._connection = None

    def _connect(self):
        if self._connection is None:
            try:
                import psycopg
                from psycopg.rows import dict_row
            except ImportError:
                raise RegisterError("a PostgreSQL register needs psycopg 3: pip install 'psycopg[binary]'") from None
            try:
                connection = psycopg.connect(self.url, row_factory=dict_row, connect_timeout=self._timeout,
                                             application_name="docgen-register")
                with connection.transaction(), connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                    for statement in filter(str.strip, SCHEMA.split(";")):
                        cursor.execute(statement)
                    cursor.execute("INSERT INTO register_meta VALUES ('schema', %s) ON CONFLICT DO NOTHING",
                                   (str(SCHEMA_VERSION),))
            except psycopg.Error as error:
                raise RegisterError(f"cannot use the register {redact(self.url)}: {_first_line(error)}") from None
            self._connection = connection
        return self._connection

    @contextmanager
    def _write(self, book: str) -> Iterator:
        import psycopg

        connection = self._connect()
        try:
            with connection.transaction(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (book,))
                yield cursor
        except psycopg.Error as error:
            raise RegisterError(f"the register {redact(self.url)} refused: {_first_line(error)}") from None

    @contextmanager
    def _read(self) -> Iterator:
        connection = self._connect()
        with connection.transaction(), connection.cursor() as cursor:
            yield cursor

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
