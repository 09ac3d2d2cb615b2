"""Dates and years read back from printed Thai text.

The cross-checks compare what documents *print*, so a template that formats a
date wrongly is caught as well as a wrong date.  Digits may be Thai or Arabic,
spaces ordinary or no-break; years are Buddhist Era (4 digits, or the last 2
in abbreviated dates).

>>> [(m.start, m.date.isoformat()) for m in find_dates("ส่งอำเภอภายในวันที่ ๒๒ กุมภาพันธ์ ๒๕๖๒")]
[(20, '2019-02-22')]
>>> [d.isoformat() for d in parse_period("๒๓ ก.พ. - ๘ มี.ค. ๖๒")]
['2019-02-23', '2019-03-08']
>>> [d.isoformat() for d in parse_period("ต.ค. - พ.ย. ๖๑")]
['2018-10-01', '2018-11-30']
>>> subject_years("การจัดเก็บข้อมูล จปฐ. ปี ๒๕๖๒")
[2562]
>>> is_deadline_context("ให้จังหวัด ภายในวันที่ ")
True
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from docgen.thai.dates import ABBR_MONTHS, BE_OFFSET, FULL_MONTHS

_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙\u00a0", "0123456789 ")
_MONTHS = {name: n for n, name in enumerate(FULL_MONTHS, 1)} | {name: n for n, name in enumerate(ABBR_MONTHS, 1)}
_MONTH = "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(rf"([0-9]{{1,2}}) ?(?:เดือน ?)?({_MONTH}) ?(?:พ\.ศ\. ?)?([0-9]{{4}}|[0-9]{{2}})(?![0-9])")
_END = re.compile(rf"(?:([0-9]{{1,2}}) )?({_MONTH}) ([0-9]{{4}}|[0-9]{{2}})$")
_START = re.compile(rf"^(?:([0-9]{{1,2}}))? ?({_MONTH})? ?([0-9]{{4}}|[0-9]{{2}})?$")
_YEAR_IN_SUBJECT = re.compile(r"(?:ประจำ)?ปี(?:งบประมาณ)? ?(?:พ\.ศ\. ?)?([0-9]{4})(?![0-9])")

# Words that make the date after them a deadline (ภายในวันที่ ..., ก่อนวันที่ ...).
DEADLINE_PHRASES = ("ภายในวันที่", "ภายใน", "ก่อนวันที่", "ไม่เกินวันที่", "ไม่เกิน", "แล้วเสร็จ", "ก่อน")


def arabic(text: str) -> str:
    """Thai digits to Arabic and no-break spaces to spaces (the same length)."""
    return text.translate(_TO_ARABIC)


def _year(text: str) -> int:
    """A printed BE year (``2562`` or ``62``) as a CE year."""
    value = int(text)
    if value < 100:
        value += 2500
    return value - BE_OFFSET


@dataclass(frozen=True)
class FoundDate:
    start: int  # offsets in the text
    end: int
    date: date
    text: str


def find_dates(text: str) -> list[FoundDate]:
    """Every ``<day> <month> <year>`` in ``text`` (full or abbreviated month, BE year)."""
    plain = arabic(text)
    found = []
    for match in _DATE.finditer(plain):
        day, month, year = match.groups()
        try:
            when = date(_year(year), _MONTHS[month], int(day))
        except ValueError:
            continue
        found.append(FoundDate(match.start(), match.end(), when, text[match.start():match.end()]))
    return found


def parse_period(text: str) -> tuple[date, date] | None:
    """An action-plan period (``๑ - ๒๒ ก.พ. ๖๒``, ``ต.ค. ๖๑ - ก.ย. ๖๒``,
    ``มี.ค. ๖๒``) as (first day, last day); None if it is not one."""
    plain = " ".join(arabic(text).split())
    left, _, right = plain.partition(" - ")
    if not right:
        left, right = "", plain
    end = _END.search(right)
    if not end:
        return None
    e_day, e_month, e_year = end.groups()
    e_year, e_month = _year(e_year), _MONTHS[e_month]
    last = date(e_year, e_month, int(e_day) if e_day else calendar.monthrange(e_year, e_month)[1])
    if not left:
        return (date(e_year, e_month, int(e_day) if e_day else 1), last)
    start = _START.match(left)
    if not start:
        return None
    s_day, s_month, s_year = start.groups()
    year = _year(s_year) if s_year else e_year
    month = _MONTHS[s_month] if s_month else e_month
    return (date(year, month, int(s_day) if s_day else 1), last)


def subject_years(text: str) -> list[int]:
    """The BE years a subject states as "ปี 2562" ("ประจำปี", "ปีงบประมาณ พ.ศ." too)."""
    return [int(m.group(1)) for m in _YEAR_IN_SUBJECT.finditer(arabic(text))]


def is_deadline_context(before: str) -> bool:
    """Whether the text just before a date makes it a deadline."""
    tail = re.sub(r"\s+", "", arabic(before))[-16:]
    return any(tail.endswith(phrase) for phrase in DEADLINE_PHRASES)


def fiscal_year(when: date) -> int:
    """The Thai fiscal year (BE) of a date: 1 October starts the next one.

    >>> fiscal_year(date(2018, 10, 1)), fiscal_year(date(2019, 9, 30))
    (2562, 2562)
    """
    return when.year + BE_OFFSET + (1 if when.month >= 10 else 0)
