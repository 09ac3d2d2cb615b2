"""Resolve a schedule's date rules to dates, and check its deadlines.

Rules (:class:`docgen.config.models.Rule`) refer to other activities or to the
letter's date; they are resolved in dependency order, so an activity may refer
to one written after it.  A cycle or an unknown id is a
:class:`~docgen.config.loader.ConfigError` at the line of the rule.

A deadline is an activity's end (its start if it has no end) when it is a
day, not a month.  One that falls on a weekend or a government holiday is,
as ``on_holiday`` says (the activity's, else the schedule's, default
``warn``): an ``error``; a ``warn``-ing the documents that state it carry
into ``docgen validate``; or moved to the ``next_working_day`` (or the
``previous_working_day``).  Start dates are not checked: a period may begin
on a weekend.

>>> from docgen.config.models import Schedule
>>> schedule = Schedule.model_validate({"activities": [
...     {"id": "survey", "title": "สำรวจ", "start": "2019-04-01", "end": "2019-04-11"},
...     {"id": "report", "title": "รายงาน", "start": {"after": "survey", "days": 1},
...      "end": {"after": "survey", "working_days": 3}}]})
>>> resolved = resolve_schedule(schedule)
>>> resolved.get("report").end   # Fri 12 Apr special day off, Songkran 13-16 Apr
datetime.date(2019, 4, 19)
>>> resolved.get("report").notes
('skipped: ๑๒ เม.ย. ๖๒ วันหยุดราชการเพิ่มเป็นกรณีพิเศษ (เทศกาลสงกรานต์), ๑๕ เม.ย. ๖๒ วันสงกรานต์, ๑๖ เม.ย. ๖๒ ชดเชยวันสงกรานต์',)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable

from docgen.config.loader import ConfigError, Problem, YamlDocument
from docgen.config.models import Activity, Rule, Schedule, parse_when
from docgen.thai import thai_date
from docgen.workdays.days import (
    WEEKDAYS, add_working_days, end_of_month, holidays_between, is_working_day, next_working_day,
    previous_working_day,
)
from docgen.workdays.government import GovernmentCalendar, default_overrides, load_overrides

__all__ = ["ResolvedActivity", "ResolvedSchedule", "PlacedWarning", "resolve_schedule"]

LETTER = "letter"


@dataclass(frozen=True)
class ResolvedActivity:
    """An activity with its dates worked out."""

    activity: Activity
    start: date
    end: date
    precision: tuple[str, str]  # ("day" | "month", "day" | "month")
    rule: str = ""  # how start/end were given, when by rules
    notes: tuple[str, ...] = ()  # holidays a rule skipped; a deadline moved off a holiday
    warning: "PlacedWarning | None" = None  # the deadline is not a working day (on_holiday: warn)

    @property
    def id(self) -> str:
        return self.activity.id


@dataclass(frozen=True)
class PlacedWarning:
    """A warning placed at ``loc`` of ``doc``; the position is looked up when
    the text is asked for (reading positions re-parses the file), so a
    document that does not state the date costs nothing."""

    message: str
    loc: tuple
    doc: YamlDocument | None = None

    def __str__(self) -> str:
        if self.doc is None:
            return str(Problem("<schedule>", 1, 1, ".".join(map(str, self.loc)), self.message))
        return str(self.doc.problem(self.loc, self.message))


@dataclass(frozen=True)
class ResolvedSchedule:
    schedule: Schedule
    activities: tuple[ResolvedActivity, ...]
    calendar: GovernmentCalendar
    letter_date: date | None = None
    notes: tuple[PlacedWarning, ...] = field(default=())  # warnings about the schedule as a whole

    def get(self, activity_id: str) -> ResolvedActivity | None:
        return next((a for a in self.activities if a.id == activity_id), None)

    def warnings(self, ids: Iterable[str] | None = None) -> list[str]:
        """The warnings of the activities ``ids`` (all when None), then the schedule's."""
        wanted = None if ids is None else set(ids)
        own = [str(a.warning) for a in self.activities if a.warning and (wanted is None or a.id in wanted)]
        return own + [str(note) for note in self.notes]


def _short(day: date) -> str:
    return thai_date(day, "abbr")


class _Failed(Exception):
    """A node could not be resolved; its problem is already recorded."""


class _Resolver:
    def __init__(self, schedule: Schedule, doc: YamlDocument | None, letter_date: date | None,
                 calendar: GovernmentCalendar):
        self.schedule, self.doc, self.letter_date, self.calendar = schedule, doc, letter_date, calendar
        self.index = {a.id: i for i, a in enumerate(schedule.activities)}
        self.done: dict[tuple[str, str], tuple[date, str] | None] = {}
        self.visiting: list[tuple[str, str]] = []
        self.problems: list[Problem] = []
        self.notes: dict[str, list[str]] = {a.id: [] for a in schedule.activities}
        self.warnings: dict[str, PlacedWarning] = {}
        self.uses_letter = False

    def problem(self, loc: tuple, message: str) -> Problem:
        if self.doc is None:
            return Problem("<schedule>", 1, 1, ".".join(str(p) for p in loc), message)
        return self.doc.problem(loc, message)

    def fail(self, loc: tuple, message: str):
        self.problems.append(self.problem(loc, message))
        raise _Failed

    def node(self, activity_id: str, which: str) -> tuple[date, str]:
        key = (activity_id, which)
        if key in self.done:
            if self.done[key] is None:
                raise _Failed
            return self.done[key]
        if key in self.visiting:
            cycle = self.visiting[self.visiting.index(key):] + [key]
            path = " -> ".join(f"{a}.{w}" for a, w in cycle)
            index = self.index[activity_id]
            activity = self.schedule.activities[index]
            where = which if isinstance(getattr(activity, which), Rule) else "start"
            rule = getattr(activity, where)
            self.fail(("activities", index, where, rule.key if isinstance(rule, Rule) else ""),
                      f"date rules form a cycle: {path}")
        self.visiting.append(key)
        try:
            value = self._compute(activity_id, which)
        except _Failed:
            self.done[key] = None
            raise
        finally:
            self.visiting.pop()
        self.done[key] = value
        return value

    def _compute(self, activity_id: str, which: str) -> tuple[date, str]:
        index = self.index[activity_id]
        activity = self.schedule.activities[index]
        if which == "start":
            if activity.end is None:  # a milestone: one date, the deadline (possibly moved)
                return self.node(activity_id, "end")
            return self._given(index, "start", activity.start, first=True)
        given = activity.end if activity.end is not None else activity.start
        where = "end" if activity.end is not None else "start"
        day, precision = self._given(index, where, given, first=False)
        if precision == "day":
            day = self._check_deadline(index, where, day)
        return day, precision

    def _given(self, index: int, where: str, value: str | Rule, first: bool) -> tuple[date, str]:
        if isinstance(value, Rule):
            return self._rule(index, where, value), "day"
        day, precision = parse_when(value)
        if precision == "month" and not first:
            day = end_of_month(day)
        return day, precision

    def _rule(self, index: int, where: str, rule: Rule) -> date:
        activity = self.schedule.activities[index]
        loc = ("activities", index, where, rule.key)
        reference, _, which = rule.reference.partition(".")
        if reference == LETTER:
            self.uses_letter = True
            if which:
                self.fail(loc, "write letter, not letter.start or letter.end")
            if self.letter_date is None:
                self.fail(loc, f"{activity.id}: this rule counts from the letter's date, and there is none: "
                               "load the schedule through a letter, memo or order, or give the schedule "
                               "letter_date: YYYY-MM-DD")
            base = self.letter_date
        elif reference not in self.index:
            known = ", ".join(self.index) or "none"
            self.fail(loc, f"no activity {reference!r} in this schedule (known: {known}; or letter)")
        else:
            base = self.node(reference, which or "end")[0]
        if rule.end_of_month:
            return end_of_month(base)
        sign = 1 if rule.after else -1
        if rule.days is not None:
            return base + timedelta(days=sign * rule.days)
        day = add_working_days(base, sign * rule.working_days, self.calendar)
        skipped = holidays_between(base + timedelta(days=sign), day, self.calendar)
        if skipped:
            self.notes[activity.id].append("skipped: " + ", ".join(f"{_short(d)} {n}" for d, n in skipped))
        return day

    def _check_deadline(self, index: int, where: str, day: date) -> date:
        if is_working_day(day, self.calendar):
            return day
        activity = self.schedule.activities[index]
        policy = activity.on_holiday or self.schedule.on_holiday
        loc = ("activities", index, where)
        if policy in ("next_working_day", "previous_working_day"):
            moved = (next_working_day if policy == "next_working_day" else previous_working_day)(day, self.calendar)
            self.notes[activity.id].append(f"moved from {WEEKDAYS[day.weekday()]} {_short(day)}: "
                                           f"{self._why(day, moved)}")
            return moved
        what = "ends" if where == "end" else "falls"
        message = (f"{activity.id} {what} on {WEEKDAYS[day.weekday()]} {thai_date(day)}, which is not a working "
                   f"day ({self._why(day, day)})")
        if policy == "error":
            self.fail(loc, f"{message}; change the date, or set on_holiday: warn or next_working_day")
        self.warnings[activity.id] = PlacedWarning(f"{message}; on_holiday: next_working_day would make it "
                                             f"{thai_date(next_working_day(day, self.calendar))}", loc, self.doc)
        return day

    def _why(self, day: date, moved: date) -> str:
        """The holidays between ``day`` and ``moved`` (a weekend, if none)."""
        names = [n for _, n in holidays_between(day, moved, self.calendar, weekdays_only=False)]
        return ", ".join(dict.fromkeys(names)) or "weekend"

    def run(self) -> ResolvedSchedule:
        resolved = []
        for activity in self.schedule.activities:
            try:
                start, start_precision = self.node(activity.id, "start")
                end, end_precision = self.node(activity.id, "end")
            except _Failed:
                continue
            if end < start:
                self.problems.append(self.problem(("activities", self.index[activity.id], "end"),
                                                  f"end {end.isoformat()} is before start {start.isoformat()}"))
                continue
            rules = [f"{w}: {r.describe()}" for w, r in (("start", activity.start), ("end", activity.end))
                     if isinstance(r, Rule)]
            resolved.append(ResolvedActivity(activity, start, end, (start_precision, end_precision),
                                             "; ".join(rules), tuple(self.notes[activity.id]),
                                             self.warnings.get(activity.id)))
        if self.problems:
            raise ConfigError(sorted(dict.fromkeys(self.problems), key=lambda p: (p.file, p.line, p.column)))
        return ResolvedSchedule(self.schedule, tuple(resolved), self.calendar, self.letter_date,
                                tuple(self._letter_note()))

    def _letter_note(self) -> list[str]:
        own = self.schedule.letter_date
        if not self.uses_letter or own is None or self.letter_date is None or own == self.letter_date:
            return []
        return [PlacedWarning(f"the schedule's letter_date {own.isoformat()} is not the date of the document that "
                        f"loads it ({self.letter_date.isoformat()}); rules counting from letter use the "
                        "document's date here", ("letter_date",), self.doc)]


def resolve_schedule(schedule: Schedule, doc: YamlDocument | None = None, letter_date: date | None = None,
                     calendar: GovernmentCalendar | None = None) -> ResolvedSchedule:
    """Resolve ``schedule`` (read from ``doc``, for error positions).  ``letter_date``:
    the date of the document that loads the schedule (else its ``letter_date:``)."""
    if calendar is None:
        calendar = schedule_calendar(schedule, doc)
    resolver = _Resolver(schedule, doc, letter_date or schedule.letter_date, calendar)
    return resolver.run()


def schedule_calendar(schedule: Schedule, doc: YamlDocument | None) -> GovernmentCalendar:
    """The government calendar with docgen's overrides and the schedule's own ``holidays:`` file."""
    overrides = [default_overrides()]
    if schedule.holidays:
        path = Path(doc.file).parent / schedule.holidays if doc is not None else Path(schedule.holidays)
        if not path.is_file():
            problem = doc.problem(("holidays",), f"file not found: {path}") if doc is not None else \
                Problem(str(path), 1, 1, "holidays", "file not found")
            raise ConfigError([problem])
        overrides.append(load_overrides(path))
    return GovernmentCalendar(overrides)
