"""The embedded register: one SQLite file (``register.sqlite``), in WAL mode.

Every write is one ``BEGIN IMMEDIATE`` transaction: it takes the database's
write lock before it reads the largest number, so two processes never read
the same one; a process that finds the lock taken waits (busy timeout, 60 s)
rather than failing.  WAL lets ``list`` and ``export`` read while numbers are
being taken.  ``synchronous=FULL``: a number given is on disk.

>>> from datetime import date
>>> from docgen.register.base import Details
>>> with SqliteRegister(":memory:") as register:
...     register.reserve("คำสั่งจังหวัดลพบุรี", 2562, "orders/team.yaml", Details(date(2019, 1, 2))).text
'1/2562'
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from docgen.register.base import RegisterError
from docgen.register.store import SCHEMA, SCHEMA_VERSION, SqlRegister

FILE_NAME = "register.sqlite"
BUSY_TIMEOUT_S = 60.0



class SqliteRegister(SqlRegister):
    """A register in an SQLite file (created on the first number taken)."""

    P = "?"

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.url = f"sqlite:///{self.path}" if self.path != ":memory:" else "sqlite://:memory:"
        self._connection: sqlite3.Connection | None = None
        if self.path == ":memory:":
            self._connect()

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            deadline = time.monotonic() + BUSY_TIMEOUT_S
            while True:
                try:
                    self._connection = self._open()
                    break
                except sqlite3.Error as error:
                    # Processes opening a new register at once: switching it to WAL may
                    # report "locked" at once, without waiting for the busy timeout.
                    if "locked" in str(error) and time.monotonic() < deadline:
                        time.sleep(0.02)
                        continue
                    raise RegisterError(f"cannot open the register {self.path}: {error}") from None
        return self._connection

    def _open(self) -> sqlite3.Connection:
        """A connection in WAL mode with the schema in place; closed again if that fails."""
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            connection.row_factory = sqlite3.Row
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            if self.path != ":memory:":
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("BEGIN IMMEDIATE")
            for statement in filter(str.strip, SCHEMA.split(";")):
                connection.execute(statement)
            connection.execute("INSERT OR IGNORE INTO register_meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            connection.execute("COMMIT")
        except BaseException:
            connection.close()
            raise
        return connection

    @contextmanager
    def _write(self, book: str) -> Iterator:
        connection = self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")  # the write lock, before the largest number is read
        except sqlite3.Error as error:
            raise RegisterError(f"the register {self.path} is busy or unreadable: {error}") from None
        cursor = connection.cursor()
        try:
            yield cursor
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        else:
            connection.execute("COMMIT")
        finally:
            cursor.close()

    @contextmanager
    def _read(self) -> Iterator:
        """A cursor, or None when the file does not exist (reading never creates it)."""
        if self._connection is None and not Path(self.path).is_file():
            yield None
            return
        cursor = self._connect().cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
