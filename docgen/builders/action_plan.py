"""Action-plan table (แผนปฏิบัติการ), an enclosure built from the schedule.

Rows are the schedule's activities with ``in_plan: true``, in order: number,
activity, period as a Buddhist-Era range (``๑ - ๒๒ ก.พ. ๖๒``), responsible
units.  The letter quotes the same activities' dates, so a deadline and its
row cannot disagree.  The header row repeats on every page and no row is split
(both writers); the unit abbreviations are explained under the table.
"""

from __future__ import annotations

from pathlib import Path

from docgen import layout
from docgen.builders.common import header_cells, runs, titled_table
from docgen.config.action_plan import ActionPlanBundle, load_action_plan
from docgen.model import Cell, Document, Paragraph, Table

# Column widths (cm) of number, period and units; the activity takes the rest.
NARROW_COLUMNS = {"portrait": (1.2, 3.9, 2.6), "landscape": (1.4, 4.6, 3.4)}


def documents(config: Path, options=None) -> list[tuple[str, Document]]:
    return [(Path(config).stem, build_action_plan(load_action_plan(config)))]


def build_action_plan(bundle: ActionPlanBundle) -> Document:
    plan = bundle.plan
    width = layout.text_width(plan.orientation)
    number_w, period_w, units_w = (layout.cm(w) for w in NARROW_COLUMNS[plan.orientation])
    columns = [number_w, width - number_w - period_w - units_w, period_w, units_w]
    in_plan = {a.id for a in bundle.schedule.activities if a.in_plan}
    rows = [
        [
            Cell(runs(f"{index}."), "center"),
            Cell(runs(activity.title), "left"),
            Cell(runs(activity.period), "center"),
            Cell(runs("/".join(activity.units)), "center"),
        ]
        for index, activity in enumerate((a for a in bundle.view if a.id in in_plan), start=1)
    ]
    table = Table(columns=columns, rows=rows, header=header_cells(plan.columns), role="action-plan")
    after = []
    if plan.legend and bundle.schedule.units:
        used = {unit for a in bundle.schedule.activities if a.id in in_plan for unit in a.units}
        legend = "  ".join(f"{abbr} = {name}" for abbr, name in bundle.schedule.units.items() if abbr in used)
        after.append(Paragraph(runs(f"หมายเหตุ  {legend}"), role="legend", align="left",
                               space_before=layout.SPACE_BEFORE))
    document = titled_table("action_plan", plan.title, table, plan.orientation, plan.listed_as, after=after,
                            speed=plan.speed, secrecy=plan.secrecy)
    if bundle.warnings:
        document.meta["warnings"] = "\n".join(bundle.warnings)
    return document
