"""Working-day arithmetic on a given set of holidays (pure: no I/O).

A working day (วันทำการ) is a Monday to Friday that is not a holiday.
``holidays`` is anything that answers ``day in holidays`` and
``holidays.get(day)`` (a holiday's name): a ``dict`` in the examples, a
:class:`docgen.workdays.government.GovernmentCalendar` in docgen.

>>> from datetime import date
>>> songkran = {date(2019, 4, 15): "วันสงกรานต์", date(2019, 4, 16): "ชดเชยวันสงกรานต์"}
>>> is_working_day(date(2019, 4, 15), songkran), is_working_day(date(2019, 4, 17), songkran)
(False, True)
>>> add_working_days(date(2019, 4, 11), 2, songkran)   # Thu + 2: Fri 12, (weekend, 15, 16) Wed 17
datetime.date(2019, 4, 17)
>>> add_working_days(date(2019, 4, 17), -2, songkran)
datetime.date(2019, 4, 11)
>>> next_working_day(date(2019, 4, 13), songkran)
datetime.date(2019, 4, 17)
>>> end_of_month(date(2019, 2, 3))
datetime.date(2019, 2, 28)
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from typing import Protocol

__all__ = [
    "Holidays",
    "WEEKDAYS",
    "add_working_days",
    "end_of_month",
    "holidays_between",
    "is_working_day",
    "next_working_day",
    "previous_working_day",
    "working_days_between",
]

ONE_DAY = timedelta(days=1)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Holidays(Protocol):
    """What the helpers need of a holiday set: membership and a day's name."""

    def __contains__(self, day: object) -> bool: ...

    def get(self, day: date, default=None): ...


def is_working_day(day: date, holidays: Holidays) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: Holidays) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, holidays):
        day += ONE_DAY
    return day


def previous_working_day(day: date, holidays: Holidays) -> date:
    """``day`` itself if it is a working day, else the last working day before it."""
    while not is_working_day(day, holidays):
        day -= ONE_DAY
    return day


def add_working_days(day: date, n: int, holidays: Holidays) -> date:
    """The ``n``-th working day after ``day`` (``n`` < 0: before it); ``day``
    itself is not counted, and need not be a working day.  ``n`` = 0 gives
    ``day`` unchanged.

    >>> add_working_days(date(2019, 2, 22), 1, {})   # a Friday: the next Monday
    datetime.date(2019, 2, 25)
    >>> add_working_days(date(2019, 2, 23), -1, {})  # a Saturday: the Friday before
    datetime.date(2019, 2, 22)
    """
    step = ONE_DAY if n > 0 else -ONE_DAY
    for _ in range(abs(n)):
        day += step
        while not is_working_day(day, holidays):
            day += step
    return day


def working_days_between(start: date, end: date, holidays: Holidays) -> int:
    """How many working days lie after ``start`` up to and including ``end``;
    when ``end`` is before ``start``, minus the number from ``end`` up to but
    not including ``start``: the inverse of :func:`add_working_days`.

    >>> working_days_between(date(2019, 2, 22), date(2019, 2, 26), {})
    2
    >>> working_days_between(date(2019, 2, 23), date(2019, 2, 22), {})
    -1
    """
    sign, low, high = (1, start, end) if start <= end else (-1, end, start)
    count, day = 0, low
    while day < high:
        count += is_working_day(day + ONE_DAY if sign > 0 else day, holidays)
        day += ONE_DAY
    return sign * count


def holidays_between(start: date, end: date, holidays: Holidays, weekdays_only: bool = True) -> list[tuple[date, str]]:
    """The holidays from ``start`` to ``end`` (both included, either order), as
    (day, name); by default only those on Monday to Friday, the ones that
    move a count of working days.

    >>> songkran = {date(2019, 4, 13): "วันสงกรานต์", date(2019, 4, 16): "ชดเชยวันสงกรานต์"}
    >>> holidays_between(date(2019, 4, 11), date(2019, 4, 17), songkran)
    [(datetime.date(2019, 4, 16), 'ชดเชยวันสงกรานต์')]
    """
    if end < start:
        start, end = end, start
    out, day = [], start
    while day <= end:
        if day in holidays and (day.weekday() < 5 or not weekdays_only):
            out.append((day, holidays.get(day)))
        day += ONE_DAY
    return out


def end_of_month(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=monthrange(day.year, day.month)[1])
