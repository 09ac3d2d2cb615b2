"""The PostgreSQL register, against a throwaway cluster on 127.0.0.1 (skipped,
with the reason, where PostgreSQL or psycopg is not installed)."""

from __future__ import annotations

from datetime import date

import pytest

from docgen.register import Details, RegisterError, open_register
from register_helpers import BOOK, Cluster, hammer


@pytest.fixture(scope="module")
def cluster():
    started = Cluster()
    yield started
    started.stop()


@pytest.fixture()
def url(cluster) -> str:
    return cluster.new_database()


def test_eight_processes_take_4000_distinct_gap_free_numbers(url):
    numbers, seconds = hammer(url, processes=8, each=500)
    print(f"PostgreSQL: 4000 reservations by 8 processes in {seconds:.1f} s ({4000 / seconds:.0f}/s)")
    assert sorted(numbers) == list(range(1, 4001))
    with open_register(url) as register:
        entries = register.entries(BOOK, 2562)
    assert [e.number for e in entries] == list(range(1, 4001))
    assert len({e.doc_id for e in entries}) == 4000


def test_the_same_rules_as_sqlite(url):
    with open_register(url) as register:
        assert register.peek(BOOK, 2562, "a.yaml") == (1, False)
        first = register.reserve(BOOK, 2562, "a.yaml", Details(date(2019, 12, 30), "ก"))
        assert register.reserve(BOOK, 2562, "a.yaml", Details(date(2019, 12, 31), "ข")).number == first.number == 1
        assert register.reserve(BOOK, 2562, "b.yaml", Details(date(2019, 12, 31))).number == 2
        assert register.reserve(BOOK, 2563, "c.yaml", Details(date(2020, 1, 1))).text == "ลบ 0019/ว 1"
        register.void(BOOK, 2562, 2, "พิมพ์ผิด", by="clerk")
        assert register.issue(BOOK, 2562, Details(date(2019, 12, 31))).number == 3
        assert register.reserve(BOOK, 2562, "b.yaml", Details(date(2019, 12, 31))).number == 4
        entries = register.entries(BOOK, 2562)
        assert [(e.number, e.void) for e in entries] == [(1, False), (2, True), (3, False), (4, False)]
        assert entries[0].details.subject == "ข"
        with pytest.raises(RegisterError, match="already void"):
            register.void(BOOK, 2562, 2, "อีกครั้ง")
        register.start("ลบ 0019", 2562, 120)
        assert register.reserve("ลบ 0019", 2562, "d.yaml", Details(date(2019, 5, 1))).text == "ลบ 0019/120"


def test_a_register_that_cannot_be_reached_is_a_clear_error(cluster):
    with open_register(f"postgresql://docgen:secret@127.0.0.1:{cluster.port}/no_such_database") as register:
        with pytest.raises(RegisterError, match=r"cannot use the register postgresql://docgen:\*\*\*@") as error:
            register.entries()
    assert "secret" not in str(error.value)


def test_rendering_with_a_postgresql_register_keeps_the_number(url, config_dir, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from conftest import edit
    from docgen.cli import app

    letter = edit(config_dir / "circular.yaml", ("register: 4852 ", "number: auto "))
    edit(config_dir / "organisation.yaml", ("motto:", f"register: {url}\nmotto:"))
    monkeypatch.delenv("DOCGEN_REGISTER_URL", raising=False)
    for said in ("(new)", "(kept)"):
        result = CliRunner().invoke(app, ["render", str(letter), "--out", str(tmp_path), "--format", "pdf"])
        assert result.exit_code == 0, result.output
        assert f"ลบ 0019/ว 1  circular.yaml {said}" in result.output
    assert not (config_dir / "register.sqlite").exists()
    with open_register(url) as register:
        (entry,) = register.entries()
    assert entry.details.outputs and entry.details.outputs[0].endswith("circular.pdf")
