"""The government working calendar: holiday facts pinned for 2561-2563 and
2568-2569 BE, docgen's overrides, and properties of the working-day helpers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from docgen.cli import app
from docgen.workdays import (
    GovernmentCalendar, add_working_days, is_working_day, next_working_day, previous_working_day,
    working_days_between,
)
from docgen.workdays.government import default_overrides, library_holidays

CALENDAR = GovernmentCalendar()

# (date, a word of its name): government days off, as announced for each year.
DAYS_OFF = [
    # 2561
    (date(2018, 1, 1), "วันขึ้นปีใหม่"),
    (date(2018, 1, 2), "ชดเชยวันสิ้นปี"),  # 30-31 Dec 2560 fell on a weekend
    (date(2018, 3, 1), "วันมาฆบูชา"),
    (date(2018, 4, 12), "กรณีพิเศษ"),  # cabinet, 27 Feb 2561: Songkran 12-16 April
    (date(2018, 4, 13), "วันสงกรานต์"),
    (date(2018, 4, 16), "ชดเชยวันสงกรานต์"),
    (date(2018, 5, 14), "วันพืชมงคล"),
    (date(2018, 7, 30), "ชดเชย"),
    (date(2018, 10, 15), "ชดเชย"),
    (date(2018, 10, 23), "วันปิยมหาราช"),
    (date(2018, 12, 31), "วันสิ้นปี"),
    # 2562
    (date(2019, 2, 19), "วันมาฆบูชา"),
    (date(2019, 4, 8), "ชดเชยวันพระบาทสมเด็จพระพุทธยอดฟ้าจุฬาโลกมหาราช"),  # Chakri Day was a Saturday
    (date(2019, 4, 12), "กรณีพิเศษ"),  # cabinet, 12 Feb 2562
    (date(2019, 4, 15), "วันสงกรานต์"),
    (date(2019, 4, 16), "ชดเชยวันสงกรานต์"),
    (date(2019, 5, 6), "บรมราชาภิเษก"),
    (date(2019, 5, 9), "วันพืชมงคล"),
    (date(2019, 5, 20), "ชดเชยวันวิสาขบูชา"),
    (date(2019, 6, 3), "สุทิดา"),
    # 2563: Songkran postponed (Covid-19), its days given later
    (date(2020, 7, 27), "สงกรานต์"),
    (date(2020, 9, 4), "สงกรานต์"),
    (date(2020, 9, 7), "สงกรานต์"),
    (date(2020, 11, 19), "วันหยุดพิเศษ"),
    (date(2020, 11, 20), "วันหยุดพิเศษ"),
    (date(2020, 12, 11), "วันหยุดพิเศษ"),  # in place of Monday 7 December
    # 2568
    (date(2025, 1, 1), "วันขึ้นปีใหม่"),
    (date(2025, 4, 7), "ชดเชย"),
    (date(2025, 4, 14), "วันสงกรานต์"),
    (date(2025, 4, 15), "วันสงกรานต์"),
    (date(2025, 4, 16), "ชดเชยวันสงกรานต์"),  # 13 April was a Sunday
    (date(2025, 5, 5), "ชดเชยวันฉัตรมงคล"),
    (date(2025, 5, 9), "วันพืชมงคล"),
    (date(2025, 5, 12), "ชดเชยวันวิสาขบูชา"),
    (date(2025, 6, 2), "วันหยุดพิเศษ"),  # cabinet, 12 Nov 2567
    (date(2025, 8, 11), "วันหยุดพิเศษ"),
    (date(2025, 10, 13), "วันนวมินทรมหาราช"),
    # 2569
    (date(2026, 1, 2), "วันหยุดพิเศษ"),  # cabinet, 12 Nov 2567
    (date(2026, 3, 3), "วันมาฆบูชา"),  # a leap-month year: Makha Bucha in March
    (date(2026, 4, 13), "วันสงกรานต์"),
    (date(2026, 4, 15), "วันสงกรานต์"),
    (date(2026, 5, 13), "วันพืชมงคล"),
    (date(2026, 6, 1), "ชดเชยวันวิสาขบูชา"),
    (date(2026, 12, 7), "ชดเชย"),
]

# Working days for government offices, though some calendar marks them.
WORKING = [
    date(2018, 5, 1), date(2019, 5, 1), date(2025, 5, 1), date(2026, 5, 1),  # Labour Day: banks, private sector
    date(2019, 1, 16), date(2025, 1, 16),  # Teachers' Day: schools only
    date(2019, 1, 18),  # Armed Forces Day: the military only
    date(2019, 4, 1),  # a BAAC bank closing day
    date(2019, 1, 14), date(2019, 2, 26), date(2019, 11, 11),  # days of observance, not days off
    date(2020, 4, 13), date(2020, 4, 14), date(2020, 4, 15),  # Songkran 2563, postponed
    date(2020, 12, 7),  # its substitution day moved to 11 December (cabinet, 22 Sep 2563)
    date(2019, 4, 17), date(2019, 4, 11), date(2026, 4, 16),
]


@pytest.mark.parametrize("day, name", DAYS_OFF, ids=[d.isoformat() for d, _ in DAYS_OFF])
def test_government_days_off(day, name):
    assert day in CALENDAR and not is_working_day(day, CALENDAR)
    assert name in CALENDAR.get(day)


@pytest.mark.parametrize("day", WORKING, ids=[d.isoformat() for d in WORKING])
def test_working_days(day):
    assert is_working_day(day, CALENDAR), CALENDAR.get(day)


def test_days_off_per_year_on_weekdays():
    counts = {be: sum(d.weekday() < 5 for d in CALENDAR.year(be - 543)) for be in (2561, 2562, 2563, 2568, 2569)}
    assert counts[2562] == 19
    assert all(16 <= n <= 22 for n in counts.values()), counts


def test_songkran_2562_ten_working_days_after_a_day_just_before_it():
    """12-16 April 2562 were days off: 10 working days after Wednesday 10 April is 29 April."""
    assert add_working_days(date(2019, 4, 10), 10, CALENDAR) == date(2019, 4, 29)
    # The package alone lacks the cabinet's 12 April and would say 26 April.
    assert add_working_days(date(2019, 4, 10), 10, GovernmentCalendar(overrides=[])) == date(2019, 4, 26)
    assert add_working_days(date(2019, 4, 29), -10, CALENDAR) == date(2019, 4, 10)


def test_docgen_overrides_are_sourced_and_needed():
    overrides = default_overrides()
    assert overrides.add and overrides.remove
    for entry in [*overrides.add, *overrides.remove]:
        assert entry.source and "มติคณะรัฐมนตรี" in entry.source and "http" in entry.source, entry
    for entry in overrides.add:  # the package still lacks it
        assert entry.date not in dict(library_holidays(entry.date.year)), entry
    for entry in overrides.remove:  # the package still lists it
        assert (dict(library_holidays(entry.date.year)).get(entry.date) or "").startswith(entry.name), entry


def test_an_office_file_adds_and_removes_days(tmp_path):
    from docgen.workdays.government import load_overrides

    office = tmp_path / "holidays.yaml"
    office.write_text("add:\n  - {date: 2019-06-14, name: วันหยุดประจำจังหวัด}\n"
                      "remove:\n  - {date: 2019-05-09, name: วันพืชมงคล}\n", "utf-8")
    calendar = GovernmentCalendar([default_overrides(), load_overrides(office)])
    assert calendar.get(date(2019, 6, 14)) == "วันหยุดประจำจังหวัด"
    assert is_working_day(date(2019, 5, 9), calendar)
    office.write_text("add:\n  - {date: 2019-06-31, name: x}\n", "utf-8")
    from docgen.config.loader import ConfigError

    with pytest.raises(ConfigError, match=r"holidays\.yaml:2:\d+: add\[0\]\.date"):
        load_overrides(office)


def test_calendar_command_prints_a_be_year():
    result = CliRunner().invoke(app, ["calendar", "2562"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "พ.ศ. ๒๕๖๒" in text
    assert "๑๒ เมษายน ๒๕๖๒ │ ศุกร์ │ วันหยุดราชการเพิ่มเป็นกรณีพิเศษ" in text
    assert "๖ เมษายน ๒๕๖๒ │ เสาร์ (weekend)" in text
    assert "แรงงาน" not in text
    assert "19 day(s) off on Monday to Friday" in text


def test_calendar_command_refuses_a_ce_year():
    result = CliRunner().invoke(app, ["calendar", "2019"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "2019 is not a Buddhist-Era year; for 2019 CE write 2562" in " ".join(result.output.split())


def test_calendar_command_notes_a_year_the_package_does_not_know():
    result = CliRunner().invoke(app, ["calendar", "2575"])
    assert result.exit_code == 0
    assert "Royal Ploughing Day" in " ".join(result.output.split())


# Properties of the pure helpers, on arbitrary holiday sets.
DAYS = st.dates(min_value=date(2018, 1, 1), max_value=date(2020, 12, 31))
HOLIDAY_SETS = st.sets(DAYS, max_size=80).map(lambda days: {d: "x" for d in days})
COUNTS = st.integers(min_value=-40, max_value=40)


@settings(max_examples=300, deadline=None)
@given(DAYS, COUNTS, HOLIDAY_SETS)
def test_adding_working_days_lands_on_a_working_day_n_working_days_away(day, n, holidays):
    result = add_working_days(day, n, holidays)
    if n == 0:
        assert result == day
        return
    assert is_working_day(result, holidays)
    assert working_days_between(day, result, holidays) == n
    assert (result > day) == (n > 0)


@settings(max_examples=200, deadline=None)
@given(DAYS, COUNTS, COUNTS, HOLIDAY_SETS)
def test_adding_working_days_is_monotonic(day, m, n, holidays):
    if m < n:
        assert add_working_days(day, m, holidays) < add_working_days(day, n, holidays)


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(min_value=1, max_value=40), HOLIDAY_SETS)
def test_before_undoes_after(day, n, holidays):
    assert add_working_days(add_working_days(day, n, holidays), -n, holidays) == previous_working_day(day, holidays)
    assert add_working_days(add_working_days(day, -n, holidays), n, holidays) == next_working_day(day, holidays)


@settings(max_examples=200, deadline=None)
@given(DAYS, HOLIDAY_SETS)
def test_next_working_day_is_the_first_one(day, holidays):
    found = next_working_day(day, holidays)
    assert found >= day and is_working_day(found, holidays)
    assert not any(is_working_day(day + timedelta(days=k), holidays) for k in range((found - day).days))
    back = previous_working_day(day, holidays)
    assert back <= day and is_working_day(back, holidays)
    assert (found == day) == (back == day) == is_working_day(day, holidays)
