"""Deadlines on the Thai government working calendar.

* :mod:`.days`: working-day arithmetic on a given set of holidays (pure).
* :mod:`.government`: the government days off of a year, from the
  ``holidays`` package plus overrides (docgen's and an office's).
* :mod:`.resolve`: a schedule's date rules resolved, its deadlines checked.
* :mod:`.cli`: ``docgen schedule`` and ``docgen calendar``.

>>> from datetime import date
>>> add_working_days(date(2019, 4, 11), 1, GovernmentCalendar())  # 12-16 April 2562 were days off
datetime.date(2019, 4, 17)
"""

from docgen.workdays.days import (
    add_working_days, end_of_month, is_working_day, next_working_day, previous_working_day, working_days_between,
)
from docgen.workdays.government import GovernmentCalendar

__all__ = [
    "GovernmentCalendar",
    "add_working_days",
    "end_of_month",
    "is_working_day",
    "next_working_day",
    "previous_working_day",
    "working_days_between",
]
