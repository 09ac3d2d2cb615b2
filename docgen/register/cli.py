"""``docgen register start | issue | list | void | export``: the register from the command line.

``--register`` (``-r``) names the register: a config folder (its
``organisation.yaml`` may set ``register:``, else ``register.sqlite`` there),
an organisation or document YAML (the register that document uses), an
SQLite file, or a ``postgresql://`` URL.  Without it: ``$DOCGEN_REGISTER_URL``,
else the current folder.  Numbers and dates are shown with Thai digits and
BE years; a year may be given as BE (2562) or CE (2019).

>>> parse_int("๔๘๕๓")
4853
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from docgen.config.loader import ConfigError, load_yaml
from docgen.register.base import Details, RegisterError, be, is_letter_book, number_text
from docgen.register.location import ENV, FILE_NAME, PG_SCHEMES, Where, open_register, where

app = typer.Typer(no_args_is_help=True, help="The document-number register (ทะเบียนหนังสือส่ง / ทะเบียนคำสั่ง).")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

ISSUER = typer.Option(None, "--issuer", help="Who takes the numbers (default: the user name of this session).")
REGISTER = typer.Option(None, "--register", "-r", help="Config folder, organisation/document YAML, SQLite file or "
                        "postgresql:// URL (default: $DOCGEN_REGISTER_URL, else the current folder).")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def parse_int(text: str) -> int:
    """A number typed with Arabic or Thai digits."""
    return int(str(text).strip().translate(_TO_ARABIC))


def thai(text: object) -> str:
    from docgen.thai.digits import plain_thai_digits

    return plain_thai_digits(str(text))


def locate(value: Optional[str]) -> Where:
    """The register ``--register`` names (see the module's text)."""
    from docgen.config.models import Organisation

    explicit = value is not None
    value = value or os.environ.get(ENV, "").strip() or "."
    if value.startswith(PG_SCHEMES + ("sqlite:///",)):
        return Where(value, Path.cwd(), "env")
    path = Path(value)
    org_file: Path | None = None
    if path.is_dir():
        org_file = path / "organisation.yaml" if (path / "organisation.yaml").is_file() else None
        config = path / FILE_NAME
    elif path.suffix.lower() in (".yaml", ".yml"):
        data = load_yaml(path).data
        named = data.get("organisation")
        org_file, config = (path.parent / named, path) if isinstance(named, str) else (None, path)
        if "kind" not in data and "address" in data:  # an organisation file itself
            org_file = path
    else:
        return Where(str(path), path.parent.resolve(), "explicit")
    setting = load_yaml(org_file).validate(Organisation).register_url if org_file and org_file.is_file() else None
    return where(config, org_file, setting, env=not explicit)


def _open(value: Optional[str]):
    try:
        return open_register(locate(value).url)
    except ConfigError as error:
        for problem in error.problems:
            err.print(f"[bold red]error[/] {problem}", soft_wrap=True)
        raise typer.Exit(2)
    except RegisterError as error:
        _fail(error)


def _fail(error: Exception) -> None:
    err.print(f"[bold red]error[/] {error}", soft_wrap=True)
    raise typer.Exit(2)


def _user(issuer: Optional[str]) -> str:
    from docgen.register.numbering import _user as os_user

    return issuer or os_user()


def _iso(value: Optional[str]) -> date:
    from docgen.thai import parse_iso_date

    try:
        return parse_iso_date(value) if value else date.today()
    except ValueError as error:
        raise typer.BadParameter(f"{error}; write YYYY-MM-DD", param_hint="--date") from None


@app.command()
def issue(
    book: str = typer.Argument(..., help="The book: an owner code (ลบ 0019), with /ว for circulars "
                               "(ลบ 0019/ว), or คำสั่ง<issuer> for orders."),
    subject: str = typer.Option(..., "--subject", "-s", help="เรื่อง."),
    to: str = typer.Option("", "--to", help="ถึง: the recipient."),
    sender: str = typer.Option("", "--from", help="จาก: the issuing office."),
    day: Optional[str] = typer.Option(None, "--date", help="ลงวันที่, YYYY-MM-DD (default: today); sets the year."),
    kind: str = typer.Option("", help="letter, circular, memo, order ... (default: from the book)."),
    note: str = typer.Option("", help="หมายเหตุ."),
    register: Optional[str] = REGISTER,
    issuer: Optional[str] = ISSUER,
) -> None:
    """Take the next number of BOOK for a document made elsewhere, and print it."""
    when = _iso(day)
    kind = kind or ("circular" if book.endswith("/ว") else "letter" if is_letter_book(book) else "order")
    details = Details(when, subject, sender, to, kind, _user(issuer), note=note)
    with _open(register) as opened:
        try:
            entry = opened.issue(book, be(when.year), details)
        except RegisterError as error:
            _fail(error)
    out.print(f"issued  ที่ {thai(entry.text)}  ลงวันที่ {thai(when.day)} {_month_year(when)}")


def _month_year(when: date) -> str:
    from docgen.thai import thai_date

    return thai_date(when, "full").split(" ", 1)[1]


@app.command()
def start(
    book: str = typer.Argument(..., help="The book, as for issue (ลบ 0019, ลบ 0019/ว, คำสั่ง<issuer>)."),
    first: str = typer.Option(..., "--next", help="The number the book gives next, e.g. 4853 (or ๔๘๕๓)."),
    year: int = typer.Option(..., "--year", help="The year it applies to, BE (2561) or CE (2018)."),
    register: Optional[str] = REGISTER,
    issuer: Optional[str] = ISSUER,
) -> None:
    """Begin BOOK's YEAR at a given number, when the paper register already gave the
    numbers before it (an office taking up docgen mid-year).  Only before the
    book's first number of that year; on 1 January every book starts at 1 again."""
    number, be_year = parse_int(first), be(year)
    with _open(register) as opened:
        try:
            opened.start(book, be_year, number, _user(issuer))
        except RegisterError as error:
            _fail(error)
    out.print(f"started  {book} in {thai(be_year)}: the next number is {thai(number_text(book, number, be_year))}")


@app.command("list")
def list_(
    book: Optional[str] = typer.Option(None, help="Only this book, e.g. 'ลบ 0019/ว'."),
    year: Optional[int] = typer.Option(None, help="Only this year (BE or CE)."),
    register: Optional[str] = REGISTER,
) -> None:
    """The numbers of the register, by book and year (voided ones marked)."""
    from docgen.thai import thai_date

    with _open(register) as opened:
        try:
            entries = opened.entries(book, be(year) if year else None)
        except RegisterError as error:
            _fail(error)
    if not entries:
        out.print("no numbers" + (f" in book {book}" if book else "") + (f" in {be(year)}" if year else ""))
        return
    tables: dict[tuple[str, int], Table] = {}
    for entry in entries:
        table = tables.get((entry.book, entry.year))
        if table is None:
            table = tables[(entry.book, entry.year)] = Table(title=f"{thai(entry.book)}  พ.ศ. {thai(entry.year)}")
            for header in ("เลข", "ที่", "ลงวันที่", "เรื่อง", "ถึง", "ผู้ออกเลข", "หมายเหตุ"):
                table.add_column(header, no_wrap=header in ("เลข", "ที่", "ลงวันที่"))
        d = entry.details
        note = f"[red]ยกเลิก[/]: {entry.void_reason}" if entry.void else d.note
        style = "dim strike" if entry.void else None
        table.add_row(thai(entry.number), thai(entry.text), thai_date(d.date, "abbr_full_year"), thai(d.subject),
                      thai(d.recipient), d.issuer, note, style=style)
    for table in tables.values():
        out.print(table)


@app.command()
def void(
    book: str = typer.Argument(..., help="The book, e.g. 'ลบ 0019/ว'."),
    number: str = typer.Argument(..., help="The number to void (Arabic or Thai digits)."),
    year: Optional[int] = typer.Option(None, help="Its year, BE or CE (default: this year)."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the register)."),
    register: Optional[str] = REGISTER,
    issuer: Optional[str] = ISSUER,
) -> None:
    """Mark a number void: it stays in the book, marked, and is never given again."""
    try:
        value = parse_int(number)
    except ValueError:
        raise typer.BadParameter("a number, e.g. 4853", param_hint="NUMBER") from None
    year_be = be(year or date.today().year)
    with _open(register) as opened:
        try:
            opened.void(book, year_be, value, reason, _user(issuer))
        except RegisterError as error:
            _fail(error)
    out.print(f"voided  ที่ {thai(number_text(book, value, year_be))} (พ.ศ. {thai(year_be)}): {reason}")


@app.command()
def export(
    target: Path = typer.Argument(..., help="The file to write: .csv (UTF-8, for Excel) or .xlsx."),
    book: Optional[str] = typer.Option(None, help="Only this book."),
    year: Optional[int] = typer.Option(None, help="Only this year (BE or CE)."),
    arabic: bool = typer.Option(False, "--arabic", help="Arabic digits instead of Thai."),
    register: Optional[str] = REGISTER,
) -> None:
    """Write the register as the office keeps it (ทะเบียนหนังสือส่ง columns)."""
    from docgen.output import write_all
    from docgen.register.export import export as exported

    if target.suffix.lower() not in (".csv", ".xlsx"):
        raise typer.BadParameter("the file must end in .csv or .xlsx", param_hint="TARGET")
    with _open(register) as opened:
        try:
            entries = opened.entries(book, be(year) if year else None)
        except RegisterError as error:
            _fail(error)
    try:
        data = exported(entries, target, arabic)
    except RuntimeError as error:
        _fail(error)
    status = write_all({target: data}, overwrite=True)[target]
    out.print(f"{status:>9}  {target}, {len(entries)} number(s)")
