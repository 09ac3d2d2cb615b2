"""What the register tests share: many processes taking numbers at once, and
a throwaway PostgreSQL cluster."""

from __future__ import annotations

import glob
import multiprocessing
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from docgen.register import Details, open_register

BOOK = "ลบ 0019/ว"


def reserve_many(url: str, worker: int, count: int, start) -> list[int]:
    """In a process of its own: ``count`` reservations, distinct document ids."""
    start.wait()
    with open_register(url) as register:
        return [register.reserve(BOOK, 2562, f"w{worker}/doc-{k}", Details(date(2019, 3, 1), f"เรื่อง {k}")).number
                for k in range(count)]


def open_register_and_say(url: str, start) -> str | None:
    """In a process of its own: open the register at ``url`` once ``start`` is set;
    the error, if that fails."""
    start.wait()
    try:
        with open_register(url) as register:
            register.reserve(BOOK, 2562, f"{os.getpid()}.yaml", Details(date(2019, 3, 1)))
    except Exception as error:  # noqa: BLE001 - reported to the test
        return repr(error)
    return None


def open_at_once(folder: Path, processes: int = 8, rounds: int = 40) -> list[str]:
    """``rounds`` times, ``processes`` processes opening one new register at once: the errors."""
    context = multiprocessing.get_context("spawn")
    errors = []
    with context.Manager() as manager, context.Pool(processes) as pool:
        for round_ in range(rounds):
            start, url = manager.Event(), str(folder / f"register-{round_}.sqlite")
            pending = [pool.apply_async(open_register_and_say, (url, start)) for _ in range(processes)]
            start.set()
            errors += [error for job in pending if (error := job.get(timeout=600))]
    return errors


def hammer(url: str, processes: int = 8, each: int = 500) -> tuple[list[int], float]:
    """``processes`` x ``each`` reservations at once against ``url``: every number, and the seconds taken."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Event()
        with context.Pool(processes) as pool:
            pending = [pool.apply_async(reserve_many, (url, w, each, start)) for w in range(processes)]
            time.sleep(1.0)  # let every process start and wait at the gate
            began = time.perf_counter()
            start.set()
            numbers = [n for job in pending for n in job.get(timeout=600)]
            return numbers, time.perf_counter() - began


def _postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on 127.0.0.1 and a free port,
    trusting local connections; run as the ``postgres`` user when we are root
    (PostgreSQL refuses to run as root)."""

    def __init__(self) -> None:
        bindir = _postgres_bin()
        # Both are part of the test set-up, as redis-server is for the Celery test: missing is a failure.
        assert bindir is not None, ("PostgreSQL is required (no initdb/pg_ctl): run `make test`, which installs "
                                    "Debian's postgresql")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            pytest.fail("psycopg 3 is required: run `make test` (pip install -e '.[test]')")
        self.user = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail("running as root and there is no postgres user to run PostgreSQL as "
                            "(Debian's postgresql package creates it)")
            self.user = "postgres"
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="docgen-pg-"))
        if self.user:
            shutil.chown(self.folder, self.user)
        self.port = _free_port()
        self._run("initdb", "-D", str(self.folder / "data"), "-U", "docgen", "--auth=trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "log"), "-w", "-t", "60",
                  "-o", f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off", "start")
        self.count = 0

    def _run(self, program: str, *args: str) -> None:
        result = subprocess.run([str(self.bindir / program), *args], capture_output=True, text=True,
                                user=self.user, cwd=self.folder, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stderr or result.stdout}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://docgen@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        self.count += 1
        name = f"register_{self.count}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
