"""Thai dates in the Buddhist Era (BE = CE + 543; the year changes on 1 January).

>>> from datetime import date
>>> be_year(date(2018, 10, 16))
2561
>>> thai_date(date(2018, 10, 16))
'๑๖ ตุลาคม ๒๕๖๑'
>>> thai_date(date(2018, 10, 16), "full_be")
'๑๖ ตุลาคม พ.ศ. ๒๕๖๑'
>>> thai_date(date(2019, 2, 22), "abbr")
'๒๒ ก.พ. ๖๒'
>>> thai_date_range(date(2019, 2, 1), date(2019, 2, 22))
'๑ - ๒๒ ก.พ. ๖๒'
>>> thai_date_range(date(2018, 10, 1), date(2019, 9, 30), precision="month")
'ต.ค. ๖๑ - ก.ย. ๖๒'
>>> parse_iso_date("2018-10-16")
datetime.date(2018, 10, 16)

The month tables equal ``pythainlp.util.date.thai_full_months`` and
``thai_abbr_months`` (the tests check that); they are spelled out here so the
module stays free of I/O (importing ``pythainlp.util`` reads corpus files).
"""

import re
from datetime import date

from .digits import plain_thai_digits

__all__ = [
    "FULL_MONTHS",
    "ABBR_MONTHS",
    "STYLES",
    "PRECISIONS",
    "be_year",
    "thai_date",
    "thai_date_range",
    "parse_iso_date",
]

BE_OFFSET = 543

FULL_MONTHS: tuple[str, ...] = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
ABBR_MONTHS: tuple[str, ...] = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip

STYLES: tuple[str, ...] = (
    "full", "full_be", "abbr", "abbr_full_year", "month_year", "month_year_abbr",
)  # fmt: skip
PRECISIONS: tuple[str, ...] = ("day", "month")

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def be_year(value: date | int) -> int:
    """Return the Buddhist-Era year of a date, or of a CE year number.

    >>> be_year(2018), be_year(date(2019, 1, 1))
    (2561, 2562)
    """
    if isinstance(value, date):
        return value.year + BE_OFFSET
    if isinstance(value, int) and not isinstance(value, bool):
        return value + BE_OFFSET
    raise TypeError(f"be_year() needs a date or an int CE year, not {value!r}")


def _year(d: date, full_year: bool) -> str:
    """The BE year, 4 digits or the last 2 (zero-padded), Arabic digits."""
    be = be_year(d)
    return str(be) if full_year else f"{be % 100:02d}"


def thai_date(d: date, style: str = "full") -> str:
    """Format ``d`` in Thai with Thai digits; see :data:`STYLES`.

    >>> [thai_date(date(2018, 10, 6), s) for s in ("month_year", "month_year_abbr")]
    ['ตุลาคม ๒๕๖๑', 'ต.ค. ๖๑']
    >>> thai_date(date(2019, 2, 22), "abbr_full_year")
    '๒๒ ก.พ. ๒๕๖๒'
    """
    full, abbr = FULL_MONTHS[d.month - 1], ABBR_MONTHS[d.month - 1]
    if style == "full":
        text = f"{d.day} {full} {be_year(d)}"
    elif style == "full_be":
        text = f"{d.day} {full} พ.ศ. {be_year(d)}"
    elif style == "abbr":
        text = f"{d.day} {abbr} {_year(d, False)}"
    elif style == "abbr_full_year":
        text = f"{d.day} {abbr} {be_year(d)}"
    elif style == "month_year":
        text = f"{full} {be_year(d)}"
    elif style == "month_year_abbr":
        text = f"{abbr} {_year(d, False)}"
    else:
        raise ValueError(f"unknown date style {style!r}; valid styles: {', '.join(STYLES)}")
    return plain_thai_digits(text)


def thai_date_range(
    start: date,
    end: date,
    *,
    precision: str = "day",
    start_precision: str | None = None,
    end_precision: str | None = None,
    full_year: bool = False,
    repeat_month: bool = False,
) -> str:
    """Format a period with abbreviated months, collapsing what repeats.

    ``precision="month"`` ignores the days; ``start_precision`` and
    ``end_precision`` set each end on its own (an action plan may run from
    a month to a day).  ``repeat_month=True`` keeps the month on both ends of
    a same-month day range (no effect otherwise).

    >>> thai_date_range(date(2019, 2, 23), date(2019, 3, 8))
    '๒๓ ก.พ. - ๘ มี.ค. ๖๒'
    >>> thai_date_range(date(2018, 12, 1), date(2019, 1, 15))
    '๑ ธ.ค. ๖๑ - ๑๕ ม.ค. ๖๒'
    >>> thai_date_range(date(2018, 10, 1), date(2018, 10, 31), repeat_month=True)
    '๑ ต.ค. - ๓๑ ต.ค. ๖๑'
    >>> thai_date_range(date(2018, 10, 1), date(2018, 11, 30), precision="month")
    'ต.ค. - พ.ย. ๖๑'
    >>> thai_date_range(date(2019, 2, 1), date(2019, 2, 22), full_year=True)
    '๑ - ๒๒ ก.พ. ๒๕๖๒'
    >>> thai_date_range(date(2018, 11, 1), date(2019, 1, 15), start_precision="month")
    'พ.ย. ๖๑ - ๑๕ ม.ค. ๖๒'
    """
    first = start_precision or precision
    last = end_precision or precision
    for value in (first, last):
        if value not in PRECISIONS:
            raise ValueError(
                f"unknown range precision {value!r}; valid: {', '.join(PRECISIONS)}"
            )
    if end < start:
        raise ValueError(f"date range ends ({end}) before it starts ({start})")
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month

    def label(d: date, exact: str) -> str:
        month = ABBR_MONTHS[d.month - 1]
        return month if exact == "month" else f"{d.day} {month}"

    right = f"{label(end, last)} {_year(end, full_year)}"
    if same_month and (first == last == "month" or (first == last == "day" and start == end)):
        text = right
    elif not same_year:
        text = f"{label(start, first)} {_year(start, full_year)} - {right}"
    elif same_month and first == last == "day" and not repeat_month:
        text = f"{start.day} - {right}"
    else:
        text = f"{label(start, first)} - {right}"
    return plain_thai_digits(text)


def parse_iso_date(s: str) -> date:
    """Parse a ``YYYY-MM-DD`` string (CE, Arabic digits) into a date.

    >>> parse_iso_date("2018-02-30")
    Traceback (most recent call last):
    ...
    ValueError: 2018-02-30 is not a valid date: day is out of range for month
    >>> parse_iso_date("16/10/2018")
    Traceback (most recent call last):
    ...
    ValueError: '16/10/2018' is not an ISO date: expected YYYY-MM-DD
    """
    if not isinstance(s, str):
        raise TypeError(f"parse_iso_date() needs a str, not {type(s).__name__}")
    match = _ISO_DATE.fullmatch(s)
    if match is None:
        raise ValueError(f"{s!r} is not an ISO date: expected YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{s} is not a valid date: {exc}") from None
