"""The table of target counts (จำนวนครัวเรือนเป้าหมาย), laid out like the action plan.

Centred bold title lines, a red "ตัวอย่าง" line when the figures are samples,
then a ruled table: ที่ | อำเภอ (or องค์กรปกครองส่วนท้องถิ่น) | ครัวเรือนเป้าหมาย
[| หมู่บ้านเป้าหมาย (กชช.๒ค)], counts right-aligned with thousands separators
in Thai digits, and a bold รวม row.  The header row repeats on every page and
no row is split (both writers).
"""

from __future__ import annotations

from pathlib import Path

from docgen import layout
from docgen.builders.certification import RED, SAMPLE_NOTE
from docgen.builders.common import header_cells, runs, thai, titled_table
from docgen.config.targets import TargetRow, TargetTable, load_targets
from docgen.model import Cell, Document, Paragraph, Table

NUMBER_COLUMN = 1.2  # cm
COUNT_COLUMN = 3.6  # cm, each count column


def documents(config: Path, options=None) -> list[tuple[str, Document]]:
    return [(Path(config).stem, build_targets(load_targets(config)))]


def _count(value: int | None) -> str:
    return thai(f"{value:,}") if value is not None else "-"


def build_targets(table: TargetTable) -> Document:
    counts = 2 if table.villages else 1
    number_w, count_w = layout.cm(NUMBER_COLUMN), layout.cm(COUNT_COLUMN)
    columns = [number_w, layout.text_width(table.orientation) - number_w - counts * count_w] + [count_w] * counts
    labels = ["ที่", table.unit_label, "ครัวเรือนเป้าหมาย"] + (["หมู่บ้านเป้าหมาย (กชช.๒ค)"] if table.villages else [])

    def row(number: str, unit: TargetRow, bold: bool = False) -> list[Cell]:
        cells = [Cell(runs(number), "center"), Cell(runs(unit.name, bold=bold), "left"),
                 Cell(runs(_count(unit.households), bold=bold), "right")]
        if table.villages:
            cells.append(Cell(runs(_count(unit.villages), bold=bold), "right"))
        return cells

    rows = [row(f"{index}.", unit) for index, unit in enumerate(table.rows, start=1)]
    rows.append(row("", table.total, bold=True))
    before = []
    if table.sample:
        before.append(Paragraph(runs(SAMPLE_NOTE, color=RED), role="sample-note", align="center",
                                space_before=layout.SPACE_BEFORE, keep_with_next=True))
    grid = Table(columns=columns, rows=rows, header=header_cells(labels), role="targets")
    return titled_table("targets", table.title, grid, table.orientation, table.listed_as, before=before)
