"""Pure Thai text helpers: Thai digits, Buddhist-Era dates, phone numbers.

No I/O, no network, standard library only (no other docgen module, and not
pythainlp, whose import touches the file system).

>>> from datetime import date
>>> thai_digits("ข้อ 3 ดูที่ http://lopburi.cdd.go.th")
'ข้อ ๓ ดูที่ http://lopburi.cdd.go.th'
>>> thai_date(date(2018, 10, 16), "full_be")
'๑๖ ตุลาคม พ.ศ. ๒๕๖๑'
>>> thai_date_range(date(2018, 12, 1), date(2019, 1, 15))
'๑ ธ.ค. ๖๑ - ๑๕ ม.ค. ๖๒'
>>> thai_phone("036 770 135")
'๐ ๓๖๗๗ ๐๑๓๕'
"""

from .dates import (
    ABBR_MONTHS,
    FULL_MONTHS,
    be_year,
    parse_iso_date,
    thai_date,
    thai_date_range,
)
from .digits import (
    arabic_digits,
    has_arabic_digit_outside_protected,
    protected_spans,
    thai_digits,
)
from .phone import thai_phone

__all__ = [
    "ABBR_MONTHS",
    "FULL_MONTHS",
    "arabic_digits",
    "be_year",
    "has_arabic_digit_outside_protected",
    "parse_iso_date",
    "protected_spans",
    "thai_date",
    "thai_date_range",
    "thai_digits",
    "thai_phone",
]
