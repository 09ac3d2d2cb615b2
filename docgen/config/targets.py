"""Target counts per unit (จำนวนครัวเรือนเป้าหมาย), a table sent with the จปฐ. circular.

A ``kind: targets`` file names the same data set and figures file as the
certifications, a province, and what a row is: a district (the default), or
an LAO of one district.  Each row gives the unit's target households, and its
target villages when the figures have them (กชช.๒ค); a last row sums them.
The figures come from the file the certifications read, so the table and the
certifications cannot disagree.  Titles are Jinja2 templates over ``year``,
``province`` (``full_name_th``, ...), ``district`` and ``vars``.

Example::

    table = load_targets(Path("config/lopburi-jpt-2562/targets.yaml"))
    table.rows[0].name, table.rows[0].households   # ('อำเภอเมืองลพบุรี', 56017)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from jinja2 import TemplateError
from pydantic import Field

from docgen.config import template_dirs
from docgen.config.certification.dataset import Unit, cached, load_dataset_file
from docgen.config.certification.figures import load_figures
from docgen.config.loader import ConfigError, Problem, YamlDocument, load_yaml
from docgen.config.models import Strict
from docgen.templating import make_environment

DEFAULT_TITLE = ["จำนวนครัวเรือนเป้าหมายการจัดเก็บข้อมูล จปฐ. ปี {{ year }}", "{{ province.full_name_th }}"]


class Targets(Strict):
    kind: Literal["targets"]
    data: str  # the data-set file (one province), relative to this file
    figures: str  # figures per unit, YAML or CSV, relative to this file
    rows: Literal["district", "lao"] = "district"  # one row per district, or per LAO of `district`
    district: str | None = Field(default=None, pattern=r"^[0-9]{4}$")  # rows: lao
    year: int = Field(ge=2500, le=2800)  # the survey year, BE
    title: list[str] = Field(default_factory=lambda: list(DEFAULT_TITLE), min_length=1, max_length=4)
    listed_as: str | None = None  # how a letter lists it under สิ่งที่ส่งมาด้วย
    vars: dict[str, str | int] = Field(default_factory=dict)
    orientation: Literal["portrait", "landscape"] = "portrait"


@dataclass(frozen=True)
class TargetRow:
    name: str  # อำเภอเมืองลพบุรี / องค์การบริหารส่วนตำบลทะเลชุบศร
    households: int
    villages: int | None


@dataclass(frozen=True)
class TargetTable:
    title: list[str]
    unit_label: str  # the column heading of the units: อำเภอ / องค์กรปกครองส่วนท้องถิ่น
    rows: list[TargetRow]
    villages: bool  # the figures give village targets: a column for them
    sample: bool  # the figures are samples: the table says so in red
    listed_as: str | None
    orientation: str

    @property
    def total(self) -> TargetRow:
        villages = sum(r.villages or 0 for r in self.rows) if self.villages else None
        return TargetRow("รวม", sum(r.households for r in self.rows), villages)


def load_targets(path: Path) -> TargetTable:
    path = Path(path)
    doc = load_yaml(path)
    config: Targets = doc.validate(Targets)
    data = cached(_file(doc, "data", config.data), load_dataset_file)
    table = cached(_file(doc, "figures", config.figures), load_figures)
    if config.rows == "lao" and not config.district:
        raise ConfigError([doc.problem(("rows",), 'rows: lao needs district: "<code>" (the LAOs of one district)')])
    if config.rows == "district" and config.district:
        raise ConfigError([doc.problem(("district",), "district: is only for rows: lao", at_key=True)])
    district = None
    if config.district:
        district = next((d for d in data.districts if d.code == config.district), None)
        if district is None:
            known = ", ".join(d.code for d in data.districts)
            raise ConfigError([doc.problem(("district",), f"no district {config.district} in {config.data} "
                                                          f"(known: {known})")])
    units: list[Unit] = (data.districts if config.rows == "district" else
                         [u for u in data.laos if u.district and u.district.code == config.district])
    problems: list[Problem] = []
    rows = []
    for unit in units:
        located = table.rows.get(unit.code)
        if located is None:
            problems.append(doc.problem(("figures",), f"{config.figures} has no figures for {unit.code} ({unit.name})"))
            continue
        rows.append(TargetRow(unit.name, located.row.households_target, located.row.villages_target))
    if problems:
        raise ConfigError(problems)
    context = {"year": config.year, "vars": config.vars, "province": data.province.province,
               "district": district.district if district else None}
    return TargetTable(
        title=[_render(doc, ("title", i), line, context, path) for i, line in enumerate(config.title)],
        unit_label="อำเภอ" if config.rows == "district" else "องค์กรปกครองส่วนท้องถิ่น",
        rows=rows,
        villages=any(r.villages is not None for r in rows),
        sample=table.sample,
        listed_as=config.listed_as,
        orientation=config.orientation,
    )


def _file(doc: YamlDocument, key: str, value: str) -> Path:
    target = Path(doc.file).parent / value
    if not target.is_file():
        raise ConfigError([doc.problem((key,), f"file not found: {target}")])
    return target


def _render(doc: YamlDocument, loc: tuple, source: str, context: dict, path: Path) -> str:
    try:
        return make_environment(template_dirs(path)).from_string(source).render(context).strip()
    except TemplateError as error:
        raise ConfigError([doc.problem(loc, f"template error: {error.message}")]) from None
