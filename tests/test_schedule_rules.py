"""Date rules in a schedule, end to end: YAML in, `docgen schedule`, `docgen
validate` and a rendered letter out; problems at the line of the rule."""

from __future__ import annotations

import io

import docx
from typer.testing import CliRunner

from docgen.cli import app

WIDE = {"COLUMNS": "250"}


def _edit(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def _line(path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


def _run(*args: str):
    return CliRunner().invoke(app, list(map(str, args)), env=WIDE)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_rule_resolves_and_the_letter_quotes_the_date(config_dir, tmp_path):
    plan = config_dir / "schedule.yaml"
    _edit(plan, "end: 2019-02-22", "end: {after: record_and_process, working_days: 3}")  # Thu 21 Feb + 3

    shown = _run("schedule", config_dir / "circular.yaml")
    assert shown.exit_code == 0, shown.output
    row = next(line for line in shown.output.splitlines() if "lao_certify" in line)
    assert "๒๖ ก.พ. ๖๒" in row and "end: 3 working days after record_and_process" in row

    rendered = _run("render", config_dir / "circular.yaml", "--format", "docx", "--out", tmp_path / "out")
    assert rendered.exit_code == 0, rendered.output
    document = docx.Document(io.BytesIO((tmp_path / "out" / "lopburi-jpt-2562" / "circular.docx").read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ส่งอำเภอภายในวันที่ ๒๖\u00a0กุมภาพันธ์\u00a0๒๕๖๒" in text
    assert "๒๒\u00a0กุมภาพันธ์" not in text


def test_the_letter_date_anchors_rules_and_a_holiday_moves_a_deadline(config_dir):
    plan = config_dir / "schedule.yaml"
    plan.write_text(plan.read_text("utf-8") + """  - id: reply
    title: ตอบรับหนังสือ
    start: {after: letter, days: 7}
    in_plan: false
    on_holiday: next_working_day
""", "utf-8")
    shown = _run("schedule", config_dir / "circular.yaml")  # dated 16 Oct 2561: + 7 is Piyamaharaj Day
    assert shown.exit_code == 0, shown.output
    row = _flat(next(line for line in shown.output.splitlines() if "reply" in line))
    assert "๒๔ ต.ค. ๖๑" in row and "moved from Tuesday ๒๓ ต.ค. ๖๑: วันปิยมหาราช" in row

    alone = _run("schedule", plan)  # no letter loads it: "letter" has no date
    assert alone.exit_code == 2
    line = _line(plan, "start: {after: letter")
    assert f"schedule.yaml:{line}:" in _flat(alone.output) and "letter_date: YYYY-MM-DD" in _flat(alone.output)

    _edit(plan, "activities:\n", "letter_date: 2018-10-16\nactivities:\n")
    alone = _run("schedule", plan)
    assert alone.exit_code == 0, alone.output
    assert "๒๔ ต.ค. ๖๑" in next(line for line in alone.output.splitlines() if "reply" in line)


def test_a_deadline_on_a_weekend_is_a_warning_by_default(config_dir):
    plan = config_dir / "schedule.yaml"
    _edit(plan, "end: 2019-02-22", "end: 2019-02-23")
    line = _line(plan, "end: 2019-02-23")
    expected = (f"schedule.yaml:{line}:10: [document] activities[11].end: "
                "lao_certify ends on Saturday ๒๓ กุมภาพันธ์ ๒๕๖๒")
    for config in ("circular.yaml", "memo.yaml", "action-plan.yaml"):  # each states lao_certify's deadline
        result = _run("validate", config_dir / config)
        assert result.exit_code == 0, result.output
        assert "warning" in result.output and expected in _flat(result.output), config


def test_the_reference_schedule_has_one_deadline_on_a_substitution_day(config_dir):
    """kchch_district_certify is Monday 8 April 2562, the substitution day for
    Chakri Day (a Saturday): the documents that state it warn, the others don't."""
    circular = _flat(_run("validate", config_dir / "circular.yaml").output)
    assert "kchch_district_certify falls on Monday ๘ เมษายน ๒๕๖๒" in circular and "ชดเชยวันพระบาทสมเด็จ" in circular
    assert circular.count("[document]") == 1
    assert "warning" not in _run("validate", config_dir / "action-plan.yaml").output  # not one of its rows
    assert "warning" not in _run("validate", config_dir / "orders" / "province-team.yaml").output


def test_on_holiday_error_stops_with_the_line(config_dir):
    plan = config_dir / "schedule.yaml"
    _edit(plan, "end: 2019-02-22", "end: 2019-02-23\n    on_holiday: error")
    result = _run("validate", config_dir / "circular.yaml")
    assert result.exit_code == 2
    line = _line(plan, "end: 2019-02-23")
    assert f"schedule.yaml:{line}:10: activities[11].end: lao_certify ends on Saturday" in _flat(result.output)


def test_a_schedule_wide_choice_moves_every_deadline(config_dir):
    plan = config_dir / "schedule.yaml"
    _edit(plan, "activities:\n", "on_holiday: next_working_day\nactivities:\n")
    result = _run("validate", config_dir / "circular.yaml")
    assert result.exit_code == 0 and "[document]" not in result.output  # nothing left on a day off
    shown = _run("schedule", plan)
    row = _flat(next(line for line in shown.output.splitlines() if "kchch_district_certify" in line))
    assert "๙ เม.ย. ๖๒" in row and "moved from Monday ๘ เม.ย. ๖๒" in row


def test_a_cycle_is_an_error_at_the_rule(config_dir):
    plan = config_dir / "schedule.yaml"
    _edit(plan, "end: 2019-02-22", "end: {after: district_certify, days: 1}")
    _edit(plan, "end: 2019-03-08", "end: {after: lao_certify.end, working_days: 5}")
    result = _run("validate", config_dir / "circular.yaml")
    assert result.exit_code == 2
    assert "date rules form a cycle" in result.output
    lines = {_line(plan, "after: district_certify"), _line(plan, "after: lao_certify.end")}
    assert any(f"schedule.yaml:{n}:" in _flat(result.output) for n in lines), result.output


def test_an_unknown_id_and_a_bad_rule_are_errors_at_their_lines(config_dir):
    plan = config_dir / "schedule.yaml"
    _edit(plan, "end: 2019-02-22", "end: {after: record_and_procces, days: 1}")
    _edit(plan, "end: 2019-03-08", "end: {before: province_certify}")
    result = _run("validate", config_dir / "circular.yaml")
    assert result.exit_code == 2
    output = _flat(result.output)
    bad_shape = _line(plan, "end: {before: province_certify}")
    assert f"schedule.yaml:{bad_shape}:" in output and "before: needs one of days: or working_days:" in output
    _edit(plan, "end: {before: province_certify}", "end: 2019-03-08")
    output = _flat(_run("validate", config_dir / "circular.yaml").output)
    unknown = _line(plan, "record_and_procces")
    assert f"schedule.yaml:{unknown}:" in output and "no activity 'record_and_procces'" in output


def test_an_office_holidays_file_counts(config_dir):
    plan = config_dir / "schedule.yaml"
    (config_dir / "holidays.yaml").write_text(
        "add:\n  - {date: 2019-02-22, name: วันหยุดราชการประจำจังหวัดลพบุรี}\n", "utf-8")
    _edit(plan, "activities:\n", "holidays: holidays.yaml\nactivities:\n")
    result = _run("validate", config_dir / "circular.yaml")
    assert "lao_certify ends on Friday ๒๒ กุมภาพันธ์ ๒๕๖๒" in _flat(result.output)
    assert "วันหยุดราชการประจำจังหวัดลพบุรี" in _flat(result.output)
    _edit(plan, "holidays: holidays.yaml", "holidays: missing.yaml")
    result = _run("validate", config_dir / "circular.yaml")
    assert result.exit_code == 2 and "file not found" in result.output
