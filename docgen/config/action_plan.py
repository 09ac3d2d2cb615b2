"""Configuration of an action-plan table (แผนปฏิบัติการ), built from a schedule.

>>> ActionPlan.model_validate({"schedule": "s.yaml", "title": ["แผน"]}).orientation
'portrait'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from docgen.config import load_schedule, render_texts, schedule_view, schedule_warnings
from docgen.config.loader import load_yaml
from docgen.config.models import Schedule, Strict
from docgen.templating import ScheduleView

DEFAULT_COLUMNS = ("ที่", "กิจกรรม", "ระยะเวลาดำเนินการ", "หน่วยรับผิดชอบ")


class ActionPlan(Strict):
    kind: Literal["action_plan"] = "action_plan"
    schedule: str  # the schedule file whose activities (in_plan: true) are the rows
    vars: dict[str, str | int] = Field(default_factory=dict)
    title: list[str] = Field(min_length=1, max_length=4)  # centred title lines
    listed_as: str | None = None  # how a letter lists it under สิ่งที่ส่งมาด้วย
    orientation: Literal["portrait", "landscape"] = "portrait"
    columns: list[str] = Field(default=list(DEFAULT_COLUMNS), min_length=4, max_length=4)
    legend: bool = True  # explain the unit abbreviations under the table
    speed: Literal["ด่วนที่สุด", "ด่วนมาก", "ด่วน"] | None = None  # red, top left of page 1 (§8)
    secrecy: Literal["ลับที่สุด", "ลับมาก", "ลับ"] | None = None  # red, top and bottom of every page


@dataclass(frozen=True)
class ActionPlanBundle:
    path: Path
    plan: ActionPlan
    schedule: Schedule
    view: ScheduleView
    warnings: tuple[str, ...] = ()  # about the deadlines of its rows (on_holiday: warn)


def load_action_plan(path: Path) -> ActionPlanBundle:
    """Load an action plan and its schedule.  Rules counting from ``letter``
    need the schedule's ``letter_date:`` (an action plan has no date)."""
    doc = load_yaml(Path(path))
    raw = doc.validate(ActionPlan)
    resolved = load_schedule(doc, raw.schedule)
    view = schedule_view(resolved)
    plan = render_texts(doc, ActionPlan, {"schedule": view, "vars": raw.vars})
    rows = tuple(a.id for a in resolved.schedule.activities if a.in_plan)
    warnings = tuple(schedule_warnings(resolved, view, rows))
    return ActionPlanBundle(Path(path), plan, resolved.schedule, view, warnings)
