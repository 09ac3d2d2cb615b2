"""The schedule reproduces the reference action plan's 17 rows: title, period, units."""

from __future__ import annotations

import re

from conftest import REFERENCE_CONFIG, REFERENCE_TEXT
from docgen.config import schedule_view
from docgen.config.loader import load_yaml
from docgen.config.models import Schedule
from docgen.thai import thai_digits

# Typos in the published table, and what docgen prints instead.
PUBLISHED_TYPOS = {
    "ต.ค.-๖๑": "ต.ค.๖๑",  # a stray hyphen in a one-month period
    "พ.ย๖๑-๒๑ก.พ.๖๒": "พ.ย.๖๑-๒๑ก.พ.๖๒",  # the abbreviation's final dot is missing
    "พ.ค..๖๒": "พ.ค.๖๒",  # a doubled dot
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _published_rows() -> list[list[str]]:
    text = REFERENCE_TEXT.read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if re.match(r"^[๑-๙][๐-๙]?\.\t", line)]


def test_the_schedule_gives_the_seventeen_published_rows():
    schedule = load_yaml(REFERENCE_CONFIG.parent / "schedule.yaml").validate(Schedule)
    rows = [a for a in schedule_view(schedule) if a.id in {x.id for x in schedule.activities if x.in_plan}]
    published = _published_rows()
    assert len(published) == len(rows) == 17
    for activity, (number, title, period, units) in zip(rows, published):
        assert _squash(thai_digits(activity.title)) == _squash(title), number
        assert _squash(activity.period) == PUBLISHED_TYPOS.get(_squash(period), _squash(period)), number
        assert "/".join(activity.units) == units.strip(), number


def test_mixed_precision_periods():
    schedule = load_yaml(REFERENCE_CONFIG.parent / "schedule.yaml").validate(Schedule)
    view = schedule_view(schedule)
    assert view.collect.period == "พ.ย. ๖๑ - ๑๕ ม.ค. ๖๒"
    assert view.check_households.period == "๑ ต.ค. - ๓๑ ต.ค. ๖๑"
    assert view.lao_certify.period == "๑ - ๒๒ ก.พ. ๖๒"
    assert view.promote_use.period == "ต.ค. ๖๑ - ก.ย. ๖๒"
    assert view.province_certify.end.isoformat() == "2019-03-31", "a month-long activity ends on its last day"
