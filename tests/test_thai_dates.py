"""Tests for docgen.thai.dates: Buddhist-Era dates and date ranges."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from docgen.thai.dates import (
    ABBR_MONTHS,
    FULL_MONTHS,
    STYLES,
    be_year,
    parse_iso_date,
    thai_date,
    thai_date_range,
)
from docgen.thai.digits import arabic_digits

ARABIC = re.compile(r"[0-9]")
DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
RECENT = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


# --- tables -------------------------------------------------------------------


def test_month_tables_match_pythainlp():
    from pythainlp.util.date import thai_abbr_months, thai_full_months

    assert FULL_MONTHS == tuple(thai_full_months)
    assert ABBR_MONTHS == tuple(thai_abbr_months)
    assert FULL_MONTHS[0] == "มกราคม" and FULL_MONTHS[-1] == "ธันวาคม"
    assert ABBR_MONTHS[1] == "ก.พ." and ABBR_MONTHS[9] == "ต.ค."


# --- be_year ------------------------------------------------------------------


def test_be_year_examples():
    assert be_year(date(2018, 10, 16)) == 2561
    assert be_year(2019) == 2562
    assert be_year(date(2018, 12, 31)) == 2561
    assert be_year(date(2019, 1, 1)) == 2562


@pytest.mark.parametrize("bad", [True, "2018", 2018.0, None])
def test_be_year_rejects_other_types(bad: object):
    with pytest.raises(TypeError):
        be_year(bad)  # type: ignore[arg-type]


@given(DATES)
def test_be_year_is_ce_plus_543(d: date):
    assert be_year(d) == d.year + 543
    assert be_year(d.year) == d.year + 543


@given(st.integers(min_value=1, max_value=9998))
def test_be_year_rolls_over_on_1_january(year: int):
    assert be_year(date(year, 12, 31)) == year + 543
    assert be_year(date(year, 12, 31) + timedelta(days=1)) == year + 544


# --- thai_date ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "style", "expected"),
    [
        (date(2018, 10, 16), "full", "๑๖ ตุลาคม ๒๕๖๑"),
        (date(2018, 10, 6), "full", "๖ ตุลาคม ๒๕๖๑"),
        (date(2018, 10, 16), "full_be", "๑๖ ตุลาคม พ.ศ. ๒๕๖๑"),
        (date(2019, 2, 22), "abbr", "๒๒ ก.พ. ๖๒"),
        (date(2019, 2, 22), "abbr_full_year", "๒๒ ก.พ. ๒๕๖๒"),
        (date(2018, 10, 16), "month_year", "ตุลาคม ๒๕๖๑"),
        (date(2018, 10, 16), "month_year_abbr", "ต.ค. ๖๑"),
        (date(2057, 1, 5), "abbr", "๕ ม.ค. ๐๐"),
        (date(2059, 1, 5), "month_year_abbr", "ม.ค. ๐๒"),
    ],
)
def test_thai_date_examples(d: date, style: str, expected: str):
    assert thai_date(d, style) == expected


def test_thai_date_default_style_is_full():
    assert thai_date(date(2018, 10, 16)) == "๑๖ ตุลาคม ๒๕๖๑"


def test_unknown_style_lists_valid_ones():
    with pytest.raises(ValueError, match="unknown date style 'short'") as info:
        thai_date(date(2018, 10, 16), "short")
    for style in STYLES:
        assert style in str(info.value)


@given(DATES, st.sampled_from(STYLES))
def test_thai_date_has_no_arabic_digit(d: date, style: str):
    assert not ARABIC.search(thai_date(d, style))


@given(DATES)
def test_full_styles_round_trip(d: date):
    day, month, year = arabic_digits(thai_date(d, "full")).split(" ")
    assert (int(day), FULL_MONTHS.index(month) + 1, int(year) - 543) == (d.day, d.month, d.year)
    day, month, be, year = arabic_digits(thai_date(d, "full_be")).split(" ")
    assert be == "พ.ศ."
    assert (int(day), FULL_MONTHS.index(month) + 1, int(year) - 543) == (d.day, d.month, d.year)
    day, month, yy = arabic_digits(thai_date(d, "abbr")).split(" ")
    assert (int(day), ABBR_MONTHS.index(month) + 1) == (d.day, d.month)
    assert yy == f"{(d.year + 543) % 100:02d}"


# --- thai_date_range: examples ------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "kwargs", "expected"),
    [
        (date(2019, 2, 1), date(2019, 2, 22), {}, "๑ - ๒๒ ก.พ. ๖๒"),
        (date(2019, 2, 23), date(2019, 3, 8), {}, "๒๓ ก.พ. - ๘ มี.ค. ๖๒"),
        (date(2018, 12, 1), date(2019, 1, 15), {}, "๑ ธ.ค. ๖๑ - ๑๕ ม.ค. ๖๒"),
        (date(2019, 2, 22), date(2019, 2, 22), {}, "๒๒ ก.พ. ๖๒"),
        (date(2019, 2, 22), date(2019, 2, 22), {"repeat_month": True}, "๒๒ ก.พ. ๖๒"),
        (date(2018, 10, 1), date(2018, 10, 31), {"repeat_month": True}, "๑ ต.ค. - ๓๑ ต.ค. ๖๑"),
        (date(2019, 2, 1), date(2019, 2, 22), {"full_year": True}, "๑ - ๒๒ ก.พ. ๒๕๖๒"),
        (date(2018, 12, 1), date(2019, 1, 15), {"full_year": True}, "๑ ธ.ค. ๒๕๖๑ - ๑๕ ม.ค. ๒๕๖๒"),
        (date(2018, 10, 1), date(2018, 10, 31), {"precision": "month"}, "ต.ค. ๖๑"),
        (date(2018, 10, 1), date(2018, 11, 30), {"precision": "month"}, "ต.ค. - พ.ย. ๖๑"),
        (date(2018, 12, 1), date(2019, 1, 31), {"precision": "month"}, "ธ.ค. ๖๑ - ม.ค. ๖๒"),
        (date(2018, 10, 1), date(2019, 9, 30), {"precision": "month"}, "ต.ค. ๖๑ - ก.ย. ๖๒"),
        (
            date(2018, 10, 1),
            date(2019, 9, 30),
            {"precision": "month", "full_year": True},
            "ต.ค. ๒๕๖๑ - ก.ย. ๒๕๖๒",
        ),
    ],
)
def test_range_examples(start: date, end: date, kwargs: dict, expected: str):
    assert thai_date_range(start, end, **kwargs) == expected


def test_range_end_before_start():
    with pytest.raises(ValueError, match="before"):
        thai_date_range(date(2019, 2, 22), date(2019, 2, 21))


def test_range_unknown_precision():
    with pytest.raises(ValueError, match="day, month"):
        thai_date_range(date(2019, 2, 1), date(2019, 2, 2), precision="week")


# --- thai_date_range: properties ----------------------------------------------

YEAR = r"[0-9]{4}|[0-9]{2}"


def parse_range(text: str, precision: str) -> tuple[list[dict], int, int]:
    """Parse a range the way a reader would; return both ends and the number
    of month and year tokens written.  Fails on any shape not in the spec."""
    sides = text.split(" - ")
    assert 1 <= len(sides) <= 2, text
    parsed: list[dict] = []
    months = years = 0
    for side in sides:
        tokens = side.split(" ")
        end: dict = {}
        if precision == "day":
            assert tokens[0].isdigit() and 1 <= int(tokens[0]) <= 31, text
            end["day"], tokens = int(tokens[0]), tokens[1:]
        if tokens:
            assert tokens[0] in ABBR_MONTHS, text
            end["month"], tokens = ABBR_MONTHS.index(tokens[0]) + 1, tokens[1:]
            months += 1
        if tokens:
            assert re.fullmatch(YEAR, tokens[0]), text
            end["year"], tokens = tokens[0], tokens[1:]
            years += 1
        assert tokens == [], text
        parsed.append(end)
    last = parsed[-1]
    assert "month" in last and "year" in last, text
    for end in parsed[:-1]:
        assert "year" not in end or "month" in end, text
        end.setdefault("month", last["month"])
        end.setdefault("year", last["year"])
    return parsed, months, years


def year_text(d: date, full_year: bool) -> str:
    be = d.year + 543
    return str(be) if full_year else f"{be % 100:02d}"


RANGES = st.tuples(RECENT, RECENT).map(sorted)
NEAR_RANGES = st.tuples(RECENT, st.integers(min_value=0, max_value=70)).map(
    lambda pair: [pair[0], pair[0] + timedelta(days=pair[1])]
)


@given(
    st.one_of(RANGES, NEAR_RANGES),
    st.sampled_from(["day", "month"]),
    st.booleans(),
    st.booleans(),
)
def test_range_parses_back_and_collapses(
    dates: list[date], precision: str, full_year: bool, repeat_month: bool
) -> None:
    start, end = dates
    text = thai_date_range(
        start, end, precision=precision, full_year=full_year, repeat_month=repeat_month
    )
    assert not ARABIC.search(text)
    parsed, months, years = parse_range(arabic_digits(text), precision)
    expected = [
        {"month": d.month, "year": year_text(d, full_year)}
        | ({"day": d.day} if precision == "day" else {})
        for d in (start, end)
    ]
    assert parsed[0] == expected[0] and parsed[-1] == expected[1]

    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    single = start == end if precision == "day" else same_month
    assert len(parsed) == (1 if single else 2)
    assert years == (2 if not same_year else 1)
    if single:
        assert months == 1
    elif same_month and precision == "day":
        assert months == (2 if repeat_month else 1)
    else:
        assert months == 2


@given(RECENT, RECENT)
def test_range_rejects_reversed(a: date, b: date):
    assume(a != b)
    start, end = max(a, b), min(a, b)
    with pytest.raises(ValueError):
        thai_date_range(start, end)


# --- parse_iso_date -------------------------------------------------------------


def test_parse_iso_date_examples():
    assert parse_iso_date("2018-10-16") == date(2018, 10, 16)
    with pytest.raises(ValueError) as info:
        parse_iso_date("2018-02-30")
    assert str(info.value) == "2018-02-30 is not a valid date: day is out of range for month"
    with pytest.raises(ValueError, match="2018-13-01 is not a valid date: month"):
        parse_iso_date("2018-13-01")


@pytest.mark.parametrize(
    "bad",
    ["20181016", "2018-1-6", "2018-10-16T00:00", " 2018-10-16", "2018-10-16\n",
     "๒๐๑๘-๑๐-๑๖", "16/10/2018", "", "2018-W42-2"],
)  # fmt: skip
def test_parse_iso_date_rejects_other_formats(bad: str):
    with pytest.raises(ValueError, match="expected YYYY-MM-DD"):
        parse_iso_date(bad)


def test_parse_iso_date_rejects_non_str():
    with pytest.raises(TypeError):
        parse_iso_date(date(2018, 10, 16))  # type: ignore[arg-type]


@given(DATES)
def test_parse_iso_date_round_trip(d: date):
    assert parse_iso_date(d.isoformat()) == d
