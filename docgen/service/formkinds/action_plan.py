"""The action-plan form (แผนปฏิบัติการ): title lines, orientation, and the
activities as rows, one a line::

    จดทะเบียนข้อมูลฯ | 2018-11 | 2019-01-15 | อ.

activity | start | end | responsible units.  Dates are what ``schedule.yaml``
takes: ``YYYY-MM-DD``, or ``YYYY-MM`` for a whole month (Christian era; Thai
digits are read too); the end may be left empty (a one-day or one-month
activity); units are separated by ``,`` (``จ., อ.``).  A fifth part
``เดือนซ้ำ`` writes the month on both dates of a range within one month
(``๑ ต.ค. - ๓๑ ต.ค. ๖๑`` rather than ``๑ - ๓๑ ต.ค. ๖๑``, the schedule's
``repeat_month``).  The rows become a
schedule read from memory beside the plan, as ``action-plan.yaml`` reads
``schedule.yaml``; the unit legend under the table is a field of its own.

>>> row("ประชุม | 2018-10 | 2018-11 | จ., อ.")
{'title': 'ประชุม', 'start': '2018-10', 'end': '2018-11', 'units': ['จ.', 'อ.']}
>>> row("บันทึก | ๒๐๑๘-๑๑-๐๒ |  | ")
{'title': 'บันทึก', 'start': '2018-11-02'}
>>> row("ตรวจสอบ | 2018-10-01 | 2018-10-31 | จ. | เดือนซ้ำ")["repeat_month"]
True
>>> row("บันทึก | 2561-11-02 | | อ.")
Traceback (most recent call last):
ValueError: 2561 เป็นปี พ.ศ.: ใส่ปี ค.ศ. (พ.ศ. - 543) เช่น 2018-11-02
"""

from __future__ import annotations

from typing import Mapping

from docgen.config.loader import ConfigError, load_yaml
from docgen.service.formkinds.fields import (
    MAX_LIST_LINES, OFFICE, ORIENTATION, Field, FormKind, Submission, add, escape_template, line_label, lines,
    numbered_lines, stop,
)
from docgen.thai import arabic_digits

SCHEDULE = "action_plan.form-schedule.yaml"  # where the rows are read from, in the office folder (in memory)
MAX_TITLE_LINES = 4
REPEAT_MONTH = "เดือนซ้ำ"  # the fifth part of a row: the schedule's repeat_month
UNITS = "จ. = จังหวัด\nอ. = อำเภอ\nอปท. = องค์กรปกครองส่วนท้องถิ่น"


def _when(text: str) -> str:
    value = arabic_digits(text.strip())
    year = value[:4]
    if year.isdigit() and int(year) >= 2400:
        example = f"{int(year) - 543}{value[4:]}"
        raise ValueError(f"{year} เป็นปี พ.ศ.: ใส่ปี ค.ศ. (พ.ศ. - 543) เช่น {example}")
    return value


def row(line: str) -> dict:
    """``กิจกรรม | เริ่ม | สิ้นสุด | หน่วย`` as a schedule activity (without its id);
    ValueError (in Thai) when it is not written so.  The dates are checked by docgen."""
    parts = [part.strip() for part in line.split("|")]
    if len(parts) not in (4, 5) or not parts[0] or not parts[1]:
        raise ValueError("เขียนเป็น กิจกรรม | เริ่ม | สิ้นสุด | หน่วยรับผิดชอบ (ต้องมีกิจกรรมและวันเริ่ม; "
                         "สิ้นสุดและหน่วยเว้นว่างได้)")
    if len(parts) == 5 and parts[4] not in ("", REPEAT_MONTH):
        raise ValueError(f"ช่องที่ห้าเขียนได้เพียง {REPEAT_MONTH} (แสดงเดือนทั้งวันเริ่มและวันสิ้นสุด) หรือเว้นไว้")
    activity: dict = {"title": parts[0], "start": _when(parts[1])}
    if parts[2]:
        activity["end"] = _when(parts[2])
    units = [unit.strip() for unit in parts[3].replace("/", ",").split(",") if unit.strip()]
    if units:
        activity["units"] = units
    if len(parts) == 5 and parts[4]:
        activity["repeat_month"] = True
    return activity


def build(values: dict, form: Mapping[str, str], office, errors: dict) -> Submission:
    activities, numbers = [], []
    for number, line in numbered_lines(values["rows"]):
        try:
            activities.append({"id": f"row_{number}", **row(line)})
            numbers.append(number)
        except ValueError as problem:
            add(errors, "rows", f"{line_label(number)}: {problem}")
    if len(activities) > MAX_LIST_LINES:
        add(errors, "rows", f"ไม่เกิน {MAX_LIST_LINES} กิจกรรม")
    title = lines(values["title"])
    if len(title) > MAX_TITLE_LINES:
        add(errors, "title", f"ไม่เกิน {MAX_TITLE_LINES} บรรทัด")
    units = {}
    for number, line in numbered_lines(values["units"]):
        abbreviation, equals, name = (part.strip() for part in line.partition("="))
        if not equals or not abbreviation or not name:
            add(errors, "units", f"{line_label(number)}: เขียนเป็น คำย่อ = ชื่อเต็ม เช่น จ. = จังหวัด")
        units[abbreviation] = name
    stop(errors)
    schedule: dict = {"activities": activities}
    if units:
        schedule["units"] = units
    config = {"kind": "action_plan", "schedule": SCHEDULE, "title": [escape_template(t) for t in title],
              "orientation": values["orientation"] or "portrait"}
    return Submission(config, title[0], files={SCHEDULE: schedule}, lists={"activities": ("rows", numbers)})


def example(office) -> dict:
    """The office's own plan: the title of its action-plan file and the rows of its
    ``schedule.yaml`` (the activities in the plan, in order)."""
    if office is None or not office.schedule.is_file():
        return {}
    try:
        schedule = load_yaml(office.schedule).data
    except ConfigError:
        return {}
    rows = []
    for activity in schedule.get("activities", []):
        start, end = activity.get("start"), activity.get("end")
        if not activity.get("in_plan", True) or isinstance(start, dict) or isinstance(end, dict):
            continue  # a milestone, or a date rule (which only a YAML file can say)
        units = ", ".join(activity.get("units", []))
        repeat = f" | {REPEAT_MONTH}" if activity.get("repeat_month") else ""
        rows.append(f"{activity['title']} | {start} | {end or ''} | {units}{repeat}")
    plans = office.files_of_kind("action_plan")
    title = plans[0][1].get("title") if plans else schedule.get("title")
    found = {"rows": "\n".join(rows),
             "units": "\n".join(f"{k} = {v}" for k, v in schedule.get("units", {}).items())}
    if title:
        found["title"] = "\n".join(title) if isinstance(title, list) else str(title)
    if plans:
        found["orientation"] = plans[0][1].get("orientation", "portrait")
    return found


ACTION_PLAN = FormKind(
    "action_plan", "แผนปฏิบัติการ", "ตารางกิจกรรม ระยะเวลาดำเนินการ และหน่วยรับผิดชอบ",
    (OFFICE,
     Field("title", "ชื่อแผน (หัวตาราง)", "lines", True, "บรรทัดละหนึ่งบรรทัดของชื่อแผน (ไม่เกิน ๔ บรรทัด) "
           "เช่น แผนปฏิบัติการ... / จังหวัดลพบุรี"),
     ORIENTATION,
     Field("rows", "กิจกรรม", "list", True,
           "บรรทัดละหนึ่งกิจกรรม: กิจกรรม | เริ่ม | สิ้นสุด | หน่วยรับผิดชอบ เช่น จดทะเบียนข้อมูลฯ | 2018-11 | "
           "2019-01-15 | อ. — วันที่เป็น ค.ศ. ปี-เดือน-วัน หรือ ปี-เดือน (ทั้งเดือน); สิ้นสุดเว้นว่างได้; "
           "หลายหน่วยคั่นด้วย , เช่น จ., อ. — ต่อท้ายด้วย | เดือนซ้ำ เพื่อพิมพ์ ๑ ต.ค. - ๓๑ ต.ค. "
           "แทน ๑ - ๓๑ ต.ค.",
           placeholder="จดทะเบียนข้อมูลฯ | 2018-11 | 2019-01-15 | อ."),
     Field("units", "คำย่อหน่วยรับผิดชอบ (หมายเหตุใต้ตาราง)", "lines",
           hint="บรรทัดละหนึ่งคำ: คำย่อ = ชื่อเต็ม เช่น จ. = จังหวัด", default=UNITS)),
    build, example, keys={"schedule": "rows", "activities": "rows"},
)
