"""Rules about the schedule: ids cited, deadlines printed, dates in order, the
survey year.  Dates are read only as each document's schedule resolves them
(``schedule_view``) and as the documents print them.

>>> from datetime import date
>>> _year_fits(2562, [date(2018, 11, 30), date(2019, 2, 22), date(2019, 9, 30)])
True
>>> _year_fits(2563, [date(2018, 11, 30), date(2019, 2, 22), date(2019, 9, 30)])
False
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from docgen.crosscheck.findings import Finding, finding
from docgen.crosscheck.package import Package, Part
from docgen.crosscheck.sources import Dated, Text, cited, rendered
from docgen.crosscheck.thaitext import find_dates, fiscal_year, is_deadline_context, parse_period, subject_years
from docgen.thai import be_year, thai_date

QUOTE = "{{{{ schedule.{}.end_date }}}}"


def schedule_ids(package: Package) -> Iterator[Finding]:
    """Every ``schedule.<id>`` a text cites (in its YAML or an included template) exists."""
    seen: set = set()
    for part in package.parts:
        env, known = part.env, part.dated()
        for text in part.texts():
            for citation in cited(env, text.source):
                if citation.activity in known:
                    continue
                key = (citation.template or text.doc.file, citation.line or text.loc, citation.activity)
                if key in seen:
                    continue
                seen.add(key)
                if part.view is None:
                    message = f"cites schedule.{citation.activity}, but {Path(part.doc.file).name} names no schedule"
                    fix = "add schedule: <the schedule file> to this config"
                else:
                    close = difflib.get_close_matches(citation.activity, list(known), n=1)
                    message = f"schedule has no activity {citation.activity!r}"
                    fix = (f"did you mean {close[0]!r}? " if close else "") + f"known ids: {', '.join(known)}"
                yield finding("error", "schedule-id", citation.located(text, message), fix)


@dataclass(frozen=True)
class Row:
    start: date
    end: date
    printed: str
    file: str


def plan_rows(package: Package) -> dict[str, Row]:
    """The action plan's rows, by activity id, with the period each prints."""
    from docgen.config.action_plan import load_action_plan
    from docgen.model import Table

    rows: dict[str, Row] = {}
    for part in package.parts:
        if part.kind != "action_plan" or not part.built:
            continue
        ids = [a.id for a in load_action_plan(part.path).view if part.dated()[a.id].in_plan]
        tables = [b for b in part.built[0][1].blocks if isinstance(b, Table)]
        printed = [row for table in tables for row in table.rows]
        for activity, row in zip(ids, printed):
            text = "".join(run.text for run in row[2].runs)
            period = parse_period(text)
            if period:
                rows.setdefault(activity, Row(*period, text, part.doc.file))
    return rows


def _needle(text: Text, printed: str) -> str | None:
    """What of a typed date the YAML holds as written, to find its line."""
    for needle in (printed, " ".join(printed.split()[:2]), printed.split()[0]):
        if needle in text.source:
            return needle
    return None


def deadlines(package: Package) -> Iterator[Finding]:
    """A date printed after ภายใน / ก่อนวันที่ comes from the schedule, agrees with the
    action plan's row for that activity, and is not before the document's date."""
    rows = plan_rows(package)
    for part in package.parts:
        if part.context is None or part.kind == "action_plan":
            continue
        dated, env, when = part.dated(), part.env, part.date
        for text in part.texts():
            printed = rendered(env, text, part.context)
            if not printed:
                continue
            citations = cited(env, text.source)
            for found in find_dates(printed):
                if not is_deadline_context(printed[:found.start]):
                    continue
                quoted = [c for c in citations if c.activity in dated
                          and found.date in (dated[c.activity].end, dated[c.activity].start)]
                quoted.sort(key=lambda c: dated[c.activity].end != found.date)
                if quoted:
                    yield from _quoted(part, text, quoted[0], dated[quoted[0].activity], found.date, rows, when)
                else:
                    yield from _typed(part, text, found.text, found.date, dated, when)


def _quoted(part: Part, text: Text, citation, activity: Dated, printed: date, rows: dict[str, Row],
            when: date | None) -> Iterator[Finding]:
    what = f"schedule.{activity.id}"
    if when and printed < when:
        yield finding("error", "deadline-before-date", citation.located(
            text, f"the deadline {_show(printed)} ({what}) is before the document's date {_show(when)}"),
            f"move {activity.id} in {Path(activity.file).name} after {_show(when)}, or date the document earlier")
    if not rows:
        return
    row = rows.get(activity.id)
    if row is None:
        if activity.in_plan:
            yield finding("error", "deadline-mismatch", citation.located(
                text, f"{what} ({_show(printed)}) is a row of this schedule, but the action plan shows no such row"),
                "let the action plan and this document name the same schedule file")
        return
    side = "end" if printed == activity.end else "start"
    expected = row.end if side == "end" else row.start
    if expected != printed:
        yield finding("error", "deadline-mismatch", citation.located(
            text, f"prints {_show(printed)} for {what}, but the action plan ({Path(row.file).name}) shows "
                  f"{row.printed} ({side} {_show(expected)})"),
            "let the action plan and this document name the same schedule file, so both read one date")


def _typed(part: Part, text: Text, printed_text: str, printed: date, dated: dict[str, Dated],
           when: date | None) -> Iterator[Finding]:
    needle = _needle(text, printed_text)
    if when and printed < when:
        yield finding("error", "deadline-before-date", text.problem(
            f"the deadline {_show(printed)} is before the document's date {_show(when)}", needle),
            "correct the date (quote it from the schedule)")
    same = [a for a in dated.values() if printed in (a.end, a.start)]
    if same:
        yield finding("warning", "typed-date", text.problem(
            f"the date {printed_text} is typed by hand; it equals schedule.{same[0].id}", needle),
            f"write {QUOTE.format(same[0].id)} so it follows the schedule")
        return
    if not dated:
        return
    nearest = min(dated.values(), key=lambda a: abs((a.end - printed).days))
    yield finding("error", "typed-date", text.problem(
        f"typed date {printed_text}{_also(printed_text, printed)} does not match any schedule entry "
        f"(nearest: {nearest.id}, {_show(nearest.end)})", needle),
        f"quote {QUOTE.format(nearest.id)} (or the activity this deadline belongs to)")


def activity_order(package: Package) -> Iterator[Finding]:
    """Every activity ends on or after the day it starts (as resolved)."""
    seen: set[str] = set()
    for part in package.parts:
        if part.schedule_doc is None or str(Path(part.schedule_doc.file).resolve()) in seen:
            continue
        seen.add(str(Path(part.schedule_doc.file).resolve()))
        for activity in part.dated().values():
            if activity.end < activity.start:
                yield finding("error", "activity-order", part.schedule_doc.problem(
                    activity.loc, f"{activity.id} ends {_show(activity.end)}, before it starts {_show(activity.start)}"),
                    "correct its start or end (or the rule they are worked out from)")


def _year_fits(year: int, ends: list[date]) -> bool:
    """More than half the deadlines fall in fiscal year ``year`` (1 Oct - 30 Sep) or in calendar year ``year``."""
    fiscal = sum(fiscal_year(end) == year for end in ends)
    calendar = sum(be_year(end) == year for end in ends)
    return max(fiscal, calendar) * 2 > len(ends)


def subject_year(package: Package) -> Iterator[Finding]:
    """The year a subject or title states (ปี 2562) is the year of the schedule."""
    reference = next((p for p in package.parts if p.view is not None), None)
    for part in package.parts:
        source = part if part.view is not None else reference
        if source is None or not part.built:
            continue
        activities = source.dated().values()
        ends = [a.end for a in activities]
        first, last = min(a.start for a in activities), max(ends)
        stated = {y for _, document in part.built for y in subject_years(document.title)}
        for year in sorted(stated):
            if _year_fits(year, ends):
                continue
            loc, needle = _year_place(part, year)
            span = f"{_show(first)} - {_show(last)}"
            fitting = sorted({fiscal_year(e) for e in ends}, key=lambda y: -sum(fiscal_year(e) == y for e in ends))
            yield finding("error", "subject-year", part.doc.problem_near(loc, needle, (
                f"says ปี {year}, but its schedule ({Path(source.schedule_doc.file).name}) runs {span}: "
                f"fiscal year {fitting[0]}")) if needle else part.doc.problem(loc, (
                    f"says ปี {year}, but the schedule runs {span}: fiscal year {fitting[0]}")),
                f"write ปี {fitting[0]} (a Thai fiscal year runs 1 October - 30 September), "
                "or name the schedule of that year")


def _year_place(part: Part, year: int) -> tuple[tuple, str | None]:
    data = part.doc.data
    arabic, thai = str(year), str(year).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    for key in ("subject", "title", "year"):
        source = str(data.get(key, ""))
        if key in data and (arabic in source or thai in source):
            return (key,), arabic if arabic in source else thai
    vars_ = data.get("vars") or {}
    if "year" in vars_:
        return ("vars", "year"), None
    for key in ("subject", "title", "year"):
        if key in data:
            return (key,), None
    return (), None


def _also(printed_text: str, when: date) -> str:
    """`` (16 ตุลาคม 2561)`` when the text printed is not already that."""
    shown = _show(when)
    return "" if " ".join(printed_text.split()) == shown else f" ({shown})"


def _show(when: date) -> str:
    return thai_date(when).translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
