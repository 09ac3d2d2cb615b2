"""Household (and village) figures per unit, from YAML or CSV, placed to the cell.

A figures file gives, per unit code, the target and surveyed household counts
(and villages for กชช.๒ค) that a certification states.  YAML::

    units:
      160101-sao: {households_target: 1200, households_surveyed: 1190}

or CSV with a header row ``unit,households_target,households_surveyed,...``.
Every problem names the file, line and column of the cell.

>>> figures_view(Figures(households_target=1200, households_surveyed=1190), "jpt").households_percent
'99.17'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from docgen.config.loader import ConfigError, Problem, YamlDocument, load_yaml, read_text
from docgen.config.models import Strict

FIGURE_FIELDS = ("households_target", "households_surveyed", "villages_target", "villages_surveyed", "number")


class Figures(Strict):
    """Household (and village) counts of one unit."""

    households_target: int = Field(ge=1)  # ครัวเรือนเป้าหมาย
    households_surveyed: int = Field(ge=0)  # ครัวเรือนที่จัดเก็บได้
    villages_target: int | None = Field(default=None, ge=0)  # หมู่บ้านเป้าหมาย (กชช.๒ค)
    villages_surveyed: int | None = Field(default=None, ge=0)

    @field_validator("households_surveyed")
    @classmethod
    def _households(cls, value: int, info: ValidationInfo) -> int:
        target = info.data.get("households_target")
        if target is not None and value > target:
            raise ValueError(f"{value} surveyed households is more than the target {target}")
        return value

    @field_validator("villages_surveyed")
    @classmethod
    def _villages(cls, value: int | None, info: ValidationInfo) -> int | None:
        target = info.data.get("villages_target")
        if value is not None and target is None:
            raise ValueError("villages_surveyed needs villages_target")
        if value is not None and target is not None and value > target:
            raise ValueError(f"{value} surveyed villages is more than the target {target}")
        return value

    @model_validator(mode="after")
    def _villages_pair(self) -> "Figures":
        if self.villages_target is not None and self.villages_surveyed is None:
            raise ValueError("villages_target needs villages_surveyed")
        return self


class FigureRow(Figures):
    """One unit's row in a figures file."""

    name: str | None = None  # the unit's Thai name, checked against the data set when given
    number: int | None = Field(default=None, ge=1)  # the certification's register number


class FiguresFile(Strict):
    sample: bool = False  # true: the figures are made up (printed with a red "ตัวอย่าง" line)
    units: dict[str, FigureRow] = Field(min_length=1)  # unit code -> figures


@dataclass(frozen=True)
class Located:
    """A figures row and where it was written (for error messages)."""

    code: str
    row: FigureRow
    file: str
    in_csv: bool
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # CSV: column -> (line, column)
    doc: YamlDocument | None = None  # YAML: positions are looked up there when a problem needs them

    def where(self, name: str | None = None) -> tuple[int, int]:
        """Line and column of the field ``name`` if the row gives it, else of the row's unit code."""
        if self.doc is None:
            return self.cells.get(name, self.cells["unit"])
        written = self.doc.data["units"][self.code]
        if isinstance(written, dict) and name in written:
            return self.doc.position(("units", self.code, name))
        return self.doc.position(("units", self.code), at_key=True)

    def problem(self, name: str, message: str) -> Problem:
        line, column = self.where(name)
        path = f"{self.code}.{name}" if self.in_csv else f"units.{self.code}.{name}"
        return Problem(self.file, line, column, path, message)


@dataclass
class FiguresTable:
    rows: dict[str, Located]
    sample: bool
    file: str
    rejected: dict[str, list[Problem]] = field(default_factory=dict)  # isolating: unit code -> its row's problems


def load_figures(path: Path, isolate: bool = False) -> FiguresTable:
    """Figures per unit from YAML (``units: {<code>: {...}}``) or CSV (a header row, one row per unit).

    ``isolate`` (batches): a unit's row with problems of its own is left out and
    listed in ``rejected`` instead of failing the whole file."""
    if path.suffix.lower() == ".csv":
        return _figures_csv(path, isolate)
    doc = load_yaml(path)
    rejected: dict[str, list[Problem]] = {}
    try:
        table = doc.validate(FiguresFile)
    except ConfigError as error:
        for problem in error.problems:
            match = re.match(r"^units\.([^.\[]+)\.", problem.field)
            if not isolate or not match:
                raise
            rejected.setdefault(match.group(1), []).append(problem)
        units = {code: row for code, row in doc.data["units"].items() if str(code) not in rejected}
        table = doc.validate(FiguresFile, {**doc.data, "units": units})
    rows = {code: Located(code, row, doc.file, False, doc=doc) for code, row in table.units.items()}
    return FiguresTable(rows, table.sample, doc.file, rejected)


def load_figures_isolated(path: Path) -> FiguresTable:
    return load_figures(path, isolate=True)


def _figures_csv(path: Path, isolate: bool) -> FiguresTable:
    text = read_text(path, "utf-8-sig")
    file = str(path)
    problems: list[Problem] = []
    rejected: dict[str, list[Problem]] = {}
    header: list[str] | None = None
    rows: dict[str, Located] = {}
    allowed = ("unit",) + FIGURE_FIELDS + ("name",)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = next(csv.reader([line]))
        starts = _cell_starts(line, len(cells))
        if header is None:
            header = [c.strip() for c in cells]
            for name, column in zip(header, starts):
                if name not in allowed:
                    problems.append(Problem(file, number, column, name,
                                            f"unknown column; the columns are: {', '.join(allowed)}"))
            for required in ("unit", "households_target", "households_surveyed"):
                if required not in header:
                    problems.append(Problem(file, number, 1, required, "required column is missing"))
            if problems:
                raise ConfigError(problems)
            continue
        if len(cells) != len(header):
            problems.append(Problem(file, number, 1, "", f"{len(cells)} cells; the header has {len(header)}"))
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells)}
        where = {name: (number, column) for name, column in zip(header, starts)}
        code = values.pop("unit")
        if not code:
            problems.append(Problem(file, number, where["unit"][1], "unit", "the unit code is empty"))
            continue
        if code in rows:
            problems.append(Problem(file, number, where["unit"][1], "unit",
                                    f"unit {code} is listed twice (first on line {rows[code].where()[0]})"))
            continue
        try:
            row = FigureRow.model_validate({k: v for k, v in values.items() if v != ""})
        except ValidationError as error:
            found = rejected.setdefault(code, []) if isolate else problems
            for e in error.errors():
                name = str(e["loc"][0]) if e["loc"] else ""
                message = "required value is missing" if e["type"] == "missing" else e["msg"]
                message = message.removeprefix("Value error, ")
                column = where.get(name, (number, 1))[1]
                found.append(Problem(file, number, column, f"{code}.{name}" if name else code, message))
            continue
        rows[code] = Located(code, row, file, True, where)
    if header is None:
        problems.append(Problem(file, 1, 1, "", "the file is empty: it needs a header row and one row per unit"))
    if problems:
        raise ConfigError(problems)
    return FiguresTable(rows, False, file, rejected)


def _cell_starts(line: str, count: int) -> list[int]:
    """1-based columns where each CSV cell starts."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts[:count] + [starts[-1]] * (count - len(starts))


@dataclass(frozen=True)
class FiguresView:
    """What templates see of a unit's figures: counts with thousands separators, and the sentence."""

    households_target: str
    households_surveyed: str
    households_percent: str
    villages_target: str
    villages_surveyed: str
    text: str


BLANK_COUNT = "." * 12  # a count to be written in by hand (blank forms)
BLANK_PERCENT = "." * 8


def figures_view(figures: Figures | None, survey: str) -> FiguresView:
    """The figures as printed; ``None`` gives the dotted blanks of a form to fill in.

    >>> figures_view(None, "jpt").text
    'ซึ่งจัดเก็บจากครัวเรือนเป้าหมาย จำนวน ............ ครัวเรือน จัดเก็บได้ จำนวน ............ ครัวเรือน คิดเป็นร้อยละ ........'
    """
    if figures is None:
        counts = [BLANK_COUNT] * 4
        percent = BLANK_PERCENT
    else:
        counts = [f"{value:,}" if value is not None else "" for value in
                  (figures.households_target, figures.households_surveyed,
                   figures.villages_target, figures.villages_surveyed)]
        percent = f"{100 * figures.households_surveyed / figures.households_target:.2f}"
    target, surveyed, villages_target, villages_surveyed = counts
    households = (f"ครัวเรือนเป้าหมาย จำนวน {target} ครัวเรือน "
                  f"จัดเก็บได้ จำนวน {surveyed} ครัวเรือน คิดเป็นร้อยละ {percent}")
    if survey == "kchch2k":
        text = (f"ซึ่งจัดเก็บจากหมู่บ้านเป้าหมาย จำนวน {villages_target} หมู่บ้าน "
                f"จัดเก็บได้ จำนวน {villages_surveyed} หมู่บ้าน และ{households}")
    else:
        text = f"ซึ่งจัดเก็บจาก{households}"
    return FiguresView(target, surveyed, percent, villages_target, villages_surveyed, text)
