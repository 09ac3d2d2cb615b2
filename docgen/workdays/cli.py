"""``docgen schedule CONFIG`` and ``docgen calendar YEAR``.

``schedule`` prints a schedule's activities with their dates resolved (BE,
Thai digits), the rule each came from, the holidays a rule skipped or that
moved a deadline, and the warnings.  CONFIG is a schedule, or a letter,
memo, order or action plan that names one (a letter, memo or order gives
``letter`` its date).

``calendar`` prints the government days off of a Buddhist-Era year.  A
number below 2400 is refused rather than guessed at: ``2019`` is CE, write
``2562``.

>>> be_to_ce(2562)
2019
>>> weekday_th(__import__("datetime").date(2019, 4, 13))
'เสาร์'
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

__all__ = ["be_to_ce", "calendar", "register", "schedule", "weekday_th"]

BE_OFFSET = 543
FIRST_BE_YEAR = 2400  # numbers below this are CE years, refused
WEEKDAYS_TH = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
TITLE_WIDTH = 40

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def be_to_ce(year: int) -> int:
    """The CE year of a BE year; a CE-looking number is a ``typer.BadParameter``."""
    if year < FIRST_BE_YEAR:
        raise typer.BadParameter(f"{year} is not a Buddhist-Era year; for {year} CE write {year + BE_OFFSET}",
                                 param_hint="YEAR")
    return year - BE_OFFSET


def weekday_th(day: date) -> str:
    return WEEKDAYS_TH[day.weekday()]


def calendar(year: int = typer.Argument(..., help="Buddhist-Era year, e.g. 2562 (CE years are refused).")) -> None:
    """Print the government days off (วันหยุดราชการ) of a BE year: date, weekday, name."""
    from docgen.thai import thai_date, thai_digits
    from docgen.workdays.government import GovernmentCalendar

    ce = be_to_ce(year)
    days = GovernmentCalendar().year(ce)
    table = Table(title=f"วันหยุดราชการ พ.ศ. {thai_digits(str(year))} ({ce} CE)", show_lines=False)
    table.add_column("date")
    table.add_column("weekday")
    table.add_column("name")
    for day, name in days.items():
        weekend = " (weekend)" if day.weekday() >= 5 else ""
        table.add_row(thai_date(day), weekday_th(day) + weekend, name)
    out.print(table)
    out.print(f"{sum(d.weekday() < 5 for d in days)} day(s) off on Monday to Friday. Source: the holidays "
              "package (Thailand, public and government, without Labour Day and Children's Day) and "
              "docgen/workdays/overrides.yaml; see docs/calendar.md.", soft_wrap=True)
    if not GovernmentCalendar.complete(ce):
        err.print(f"[yellow]note[/] {year}: the holidays package does not know this year's Royal Ploughing Day "
                  "(วันพืชมงคล); special days off the cabinet announces are missing too: add them in a "
                  "holidays file (docs/calendar.md)", soft_wrap=True)


def _schedule_of(config: Path):
    """The resolved schedule CONFIG is, or names (with the document's date as ``letter``)."""
    from docgen.config import load_schedule
    from docgen.config.loader import ConfigError, load_yaml
    from docgen.config.models import Schedule
    from docgen.thai import parse_iso_date
    from docgen.workdays.resolve import resolve_schedule

    doc = load_yaml(config)
    if "activities" in doc.data:
        return resolve_schedule(doc.validate(Schedule), doc)
    if not isinstance(doc.data.get("schedule"), str):
        raise ConfigError([doc.problem((), "not a schedule (activities:) nor a document naming one (schedule:)")])
    when = doc.data.get("date")
    try:
        letter_date = parse_iso_date(str(when)) if when is not None else None
    except ValueError:
        raise ConfigError([doc.problem(("date",), f"not a date: {when}; write YYYY-MM-DD")]) from None
    return load_schedule(doc, doc.data["schedule"], letter_date)


def _when(day: date, precision: str) -> str:
    from docgen.thai import thai_date

    return thai_date(day, "month_year_abbr" if precision == "month" else "abbr")


def schedule(config: Path = typer.Argument(..., help="A schedule YAML, or a letter/memo/order/action plan naming one.")
             ) -> None:
    """Print a schedule's activities with their dates resolved (BE), the rules, and the holidays that moved them."""
    from docgen.cli_options import report as _report
    from docgen.config.loader import ConfigError

    try:
        resolved = _schedule_of(config)
    except ConfigError as error:
        _report(error)
        raise typer.Exit(2)
    table = Table(title=resolved.schedule.title, show_lines=True)
    for column in ("id", "title", "start", "end", "rule", "holidays / warnings"):
        table.add_column(column)
    for activity in resolved.activities:
        title = activity.activity.title
        title = title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"
        if activity.warning:
            why = resolved.calendar.get(activity.end) or "weekend"
            notes = [*activity.notes, f"warning: not a working day ({why})"]
        else:
            notes = list(activity.notes)
        table.add_row(activity.id, title, _when(activity.start, activity.precision[0]),
                      _when(activity.end, activity.precision[1]), activity.rule, "\n".join(notes))
    out.print(table)
    if resolved.letter_date:
        out.print(f"letter: {_when(resolved.letter_date, 'day')}")
    for warning in resolved.warnings():
        err.print(f"[yellow]warning[/] {warning}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``schedule`` and ``calendar`` to the ``docgen`` command line."""
    app.command("schedule")(schedule)
    app.command("calendar")(calendar)
