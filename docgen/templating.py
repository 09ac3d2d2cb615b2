"""Jinja2 for the text of documents: deadlines from the schedule, Thai filters.

Any text field of a letter is a Jinja2 template.  It sees the schedule by
activity id, so the deadline a letter states and the action-plan row it
belongs to read one date::

    ภายในวันที่ {{ schedule.lao_certify.end_date }}      -> ภายในวันที่ ๒๒ กุมภาพันธ์ ๒๕๖๒
    {{ schedule.lao_certify.period }}                      -> ๑ - ๒๒ ก.พ. ๖๒
    {{ "2019-03-08" | thai_date }}                         -> ๘ มีนาคม ๒๕๖๒
    (dates come with no-break spaces, so a line never splits one)
    {{ 50000 | baht }}                                     -> ๕๐,๐๐๐ บาท (ห้าหมื่นบาทถ้วน)
    {% include "letters/closing-note.j2" %}                -> text kept in templates/

An unknown activity id or variable is an error, never an empty string.

>>> env = make_environment([])
>>> env.from_string("{{ '2018-10-16' | thai_date }}").render()
'๑๖\xa0ตุลาคม\xa0๒๕๖๑'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from docgen.thai import parse_iso_date, thai_date, thai_date_range, thai_digits, thai_phone


NBSP = "\u00a0"


def keep_together(text: str) -> str:
    """No-break spaces, so a date or a number with its unit stays on one line (spec §3)."""
    return text.replace(" ", NBSP)


class UnknownActivity(KeyError):
    """A template named a schedule id that does not exist."""

    def __init__(self, activity_id: str, known: str):
        super().__init__(f"schedule has no activity {activity_id!r} (known: {known})")
        self.activity_id = activity_id

    def __str__(self) -> str:  # KeyError quotes its argument; we want prose
        return str(self.args[0])


@dataclass(frozen=True)
class ActivityView:
    """What a template sees of one schedule activity."""

    id: str
    title: str
    start: date
    end: date
    precision: tuple[str, str]
    repeat_month: bool
    units: tuple[str, ...]

    @property
    def start_date(self) -> str:
        return keep_together(thai_date(self.start))

    @property
    def end_date(self) -> str:
        """The deadline, as a full date: ``๒๒ กุมภาพันธ์ ๒๕๖๒`` (never split by a line break)."""
        return keep_together(thai_date(self.end))

    @property
    def period(self) -> str:
        """The action-plan period: ``๑ - ๒๒ ก.พ. ๖๒``."""
        return thai_date_range(
            self.start,
            self.end,
            start_precision=self.precision[0],
            end_precision=self.precision[1],
            repeat_month=self.repeat_month,
        )


class ScheduleView:
    """Activities by id; an unknown id raises :class:`UnknownActivity`.  It
    remembers which ids were asked for (:func:`quoted`), so a document is
    warned about the deadlines it states."""

    def __init__(self, activities: Iterable[ActivityView]):
        self._by_id = {a.id: a for a in activities}
        self._quoted: set[str] = set()

    def __getattr__(self, name: str) -> ActivityView:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> ActivityView:
        try:
            found = self._by_id[name]
        except KeyError:
            known = ", ".join(sorted(self._by_id)) or "none"
            raise UnknownActivity(name, known) from None
        self._quoted.add(name)
        return found

    def __iter__(self):
        self._quoted.update(self._by_id)
        return iter(self._by_id.values())


def quoted(view: ScheduleView) -> frozenset[str]:
    """The activity ids the templates rendered with ``view`` asked for.

    >>> view = ScheduleView([])
    >>> sorted(quoted(view))
    []
    """
    return frozenset(view._quoted)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else parse_iso_date(str(value))


def baht(amount: Any) -> str:
    """``50000`` -> ``๕๐,๐๐๐ บาท (ห้าหมื่นบาทถ้วน)``: Thai digits and the amount in words."""
    from pythainlp.util import bahttext  # imported on use: pythainlp touches the file system

    value = float(amount)
    figures = f"{value:,.2f}" if value != int(value) else f"{int(value):,}"
    return keep_together(f"{thai_digits(figures)} บาท") + f" ({bahttext(value)})"


def bahttext(amount: Any) -> str:
    """The amount in words: ``50000`` -> ``ห้าหมื่นบาทถ้วน``."""
    from pythainlp.util import bahttext as words

    return words(float(amount))


def be_range(value: Any, end: Any = None, full_year: bool = False) -> str:
    """A period, months abbreviated: an activity (``schedule.x | be_range``), a
    pair of dates, or a start with its end (``start | be_range(end)``)."""
    if end is None and hasattr(value, "start") and hasattr(value, "end"):
        value, end = value.start, value.end
    elif end is None:
        value, end = value
    return thai_date_range(_as_date(value), _as_date(end), full_year=full_year)


def thai_filters() -> dict[str, Any]:
    """The Thai filters every docgen template has (YAML texts and Word templates).

    >>> f = thai_filters()
    >>> f["be_date"]("2018-10-16"), f["be_date_short"]("2018-10-16")
    ('๑๖\xa0ตุลาคม\xa0๒๕๖๑', '๑๖\xa0ต.ค.\xa0๖๑')
    >>> f["be_range"](("2019-02-01", "2019-02-22")), f["thai_digits"]("ข้อ 12")
    ('๑ - ๒๒ ก.พ. ๖๒', 'ข้อ ๑๒')
    """
    full = lambda v, style="full": keep_together(thai_date(_as_date(v), style))  # noqa: E731
    return {
        "thai_date": full,
        "be_date": full,
        "be_date_short": lambda v: keep_together(thai_date(_as_date(v), "abbr")),
        "be_range": be_range,
        "thai_digits": lambda v: thai_digits(str(v)),
        "thai_phone": lambda v: thai_phone(str(v)),
        "baht": baht,
        "bahttext": bahttext,
    }


def make_environment(search_path: Iterable[Path]) -> SandboxedEnvironment:
    """A sandboxed, strict environment with docgen's Thai filters; sizes are
    capped (:class:`docgen.usertemplates.sandbox.LimitedSandbox`)."""
    from docgen.usertemplates.sandbox import LimitedSandbox

    env = LimitedSandbox(
        loader=FileSystemLoader([str(p) for p in search_path]),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )
    env.filters.update(thai_filters())
    return env


_LINE_SPACE = re.compile(r"[ \t\r\n]+")


def render(env: SandboxedEnvironment, source: str, context: dict[str, Any]) -> str:
    """Render one text field.  Plain text (no ``{``) is returned unchanged."""
    if "{" not in source:
        return source
    # Template files keep their own line breaks; in a paragraph they are spaces.
    return _LINE_SPACE.sub(" ", env.from_string(source).render(context)).strip()


__all__ = ["ActivityView", "thai_filters", "ScheduleView", "UnknownActivity", "TemplateError", "make_environment", "quoted", "render"]
