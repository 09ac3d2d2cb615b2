"""The days Thai government offices are closed: the ``holidays`` package plus overrides.

Which of the package's categories (``holidays.Thailand``) close government
offices (see docs/calendar.md for the evidence):

* ``public``: yes, except National Labour Day (1 May, a day off for banks,
  state enterprises and the private sector, not for government offices) and
  National Children's Day (always a Saturday; not a day off in itself).
  Both, and a substitution day (ชดเชย...) of either, are left out.
* ``government``: yes (Royal Ploughing Day, วันพืชมงคล, a government-only day off).
* ``bank`` (bank-only closing days), ``armed_forces`` (Armed Forces Day, for
  the military), ``school`` (Teachers' Day, for the Ministry of Education)
  and ``workday`` (days of national observance that are *not* days off):
  no.

Then docgen's own ``overrides.yaml`` (cabinet-announced special days the
package lacks, and corrections, each with its source), then an office's
file, if a schedule names one (``holidays: holidays.yaml``)::

    add:
      - {date: 2019-06-14, name: วันหยุดราชการประจำจังหวัด}
    remove:
      - {date: 2019-05-09, name: วันพืชมงคล}

>>> from datetime import date
>>> calendar = GovernmentCalendar()
>>> calendar.get(date(2019, 4, 12))
'วันหยุดราชการเพิ่มเป็นกรณีพิเศษ (เทศกาลสงกรานต์)'
>>> date(2019, 5, 1) in calendar   # Labour Day: government offices work
False
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from pydantic import Field

from docgen.config.loader import load_yaml
from docgen.config.models import Strict

__all__ = [
    "CATEGORIES",
    "DEFAULT_OVERRIDES",
    "GovernmentCalendar",
    "HolidayOverrides",
    "LEFT_OUT",
    "default_overrides",
    "library_holidays",
    "load_overrides",
]

CATEGORIES = ("public", "government")
# Days of the ``public`` category that are not government days off, and their substitution days.
LEFT_OUT = ("วันแรงงานแห่งชาติ", "วันเด็กแห่งชาติ")
DEFAULT_OVERRIDES = Path(__file__).resolve().parent / "overrides.yaml"
SEPARATOR = "; "


class AddedDay(Strict):
    date: date
    name: str = Field(min_length=1)
    source: str | None = None  # where the day off was announced (required in docgen's own file)


class RemovedDay(Strict):
    date: date
    name: str | None = None  # the day it takes out, for the reader
    source: str | None = None


class HolidayOverrides(Strict):
    """``add:`` days off the package lacks; ``remove:`` days it lists that were working days."""

    add: list[AddedDay] = Field(default_factory=list)
    remove: list[RemovedDay] = Field(default_factory=list)


def load_overrides(path: Path) -> HolidayOverrides:
    """An overrides file, validated; problems are :class:`ConfigError` with file:line."""
    return load_yaml(Path(path)).validate(HolidayOverrides)


@lru_cache(maxsize=1)
def default_overrides() -> HolidayOverrides:
    """docgen's own overrides (``docgen/workdays/overrides.yaml``)."""
    return load_overrides(DEFAULT_OVERRIDES)


def _left_out(name: str) -> bool:
    return any(name in (kept, f"ชดเชย{kept}") for kept in LEFT_OUT)


@lru_cache(maxsize=256)
def library_holidays(year: int) -> tuple[tuple[date, str], ...]:
    """The government days off of ``year`` (CE) as the ``holidays`` package gives
    them, before overrides: categories :data:`CATEGORIES`, Thai names, without
    :data:`LEFT_OUT`."""
    import holidays  # imported on use: the CLI starts without it

    table = holidays.Thailand(years=year, categories=CATEGORIES, language="th")
    out = []
    for day in sorted(table):
        names = [name for name in table.get_list(day) if not _left_out(name)]
        if names:
            out.append((day, SEPARATOR.join(dict.fromkeys(names))))
    return tuple(out)


class GovernmentCalendar:
    """Government days off, year by year as asked: the package's, then each
    overrides in order (docgen's own first unless ``overrides`` is given)."""

    def __init__(self, overrides: Sequence[HolidayOverrides] | None = None):
        self.overrides = tuple(overrides) if overrides is not None else (default_overrides(),)
        self._years: dict[int, dict[date, str]] = {}

    def year(self, year: int) -> dict[date, str]:
        """Day -> name for one CE year, in date order."""
        if year not in self._years:
            days = dict(library_holidays(year))
            for overrides in self.overrides:
                for removed in overrides.remove:
                    if removed.date.year == year:
                        days.pop(removed.date, None)
                for added in overrides.add:
                    if added.date.year == year:
                        days[added.date] = added.name
            self._years[year] = dict(sorted(days.items()))
        return self._years[year]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in self.year(day.year)

    def get(self, day: date, default=None):
        return self.year(day.year).get(day, default)

    def between(self, start: date, end: date) -> Iterable[tuple[date, str]]:
        for year in range(start.year, end.year + 1):
            yield from ((d, n) for d, n in self.year(year).items() if start <= d <= end)

    @staticmethod
    def complete(year: int) -> bool:
        """Whether the package knows the year's Royal Ploughing Day (dated by the
        palace each year); a later year's calendar lacks it, and any special
        days off still to be announced."""
        return any("วันพืชมงคล" in name for _, name in library_holidays(year))
