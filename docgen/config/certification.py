"""Data-quality certifications (คำรับรองคุณภาพข้อมูล จปฐ. / กชช.๒ค): schema and loading.

A certification config names an LAO data set (``config/data/lopburi.yaml``),
a file of household figures per unit, and the scope: one certification per
LAO (องค์กรปกครองส่วนท้องถิ่น), per district (อำเภอ) or per province (จังหวัด).
This module reads all of it into :class:`Certificate` records whose texts are
rendered (Jinja2, per unit) and checked; ``docgen.builders.certification``
lays them out.  Every problem is a :class:`ConfigError` placed at file, line,
column and field.

LAOs have no code in the data set, so one is derived (see :func:`lao_code`):
``<first tambon code>-<type>`` (``160101-sao``), ``<province>-pao`` for the
provincial organisation; an entry may set ``code:`` itself.

>>> lao_code("sao", ["160103"], "16")
'160103-sao'
>>> lao_code("pao", [], "16")
'16-pao'
>>> head_of("subdistrict_municipality", "เทศบาลตำบลป่าตาล")
'นายกเทศมนตรีตำบลป่าตาล'
>>> head_of("sao", "องค์การบริหารส่วนตำบลกกโก")
'นายกองค์การบริหารส่วนตำบลกกโก'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import partial
from datetime import date
from pathlib import Path
from typing import Any, Literal

from jinja2 import TemplateError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from docgen.config import person, referenced, template_dirs
from docgen.config.loader import ConfigError, Problem, YamlDocument, load_yaml, read_text
from docgen.config.models import Person, Personnel, Strict
from docgen.emblem import DEFAULT_EMBLEM
from docgen.templating import keep_together, make_environment
from docgen.thai import be_year, parse_iso_date, thai_date

Status = Literal["verified", "probable", "inferred"]
LaoType = Literal["pao", "city_municipality", "town_municipality", "subdistrict_municipality", "sao"]

# type -> (the name's prefix, code abbreviation, the head's title before the rest of the name)
LAO_TYPES: dict[str, tuple[str, str, str]] = {
    "pao": ("องค์การบริหารส่วนจังหวัด", "pao", "นายกองค์การบริหารส่วนจังหวัด"),
    "city_municipality": ("เทศบาลนคร", "tn", "นายกเทศมนตรีนคร"),
    "town_municipality": ("เทศบาลเมือง", "tm", "นายกเทศมนตรีเมือง"),
    "subdistrict_municipality": ("เทศบาลตำบล", "tt", "นายกเทศมนตรีตำบล"),
    "sao": ("องค์การบริหารส่วนตำบล", "sao", "นายกองค์การบริหารส่วนตำบล"),
}
LEVEL_NAMES = {"lao": "องค์กรปกครองส่วนท้องถิ่น", "district": "อำเภอ", "province": "จังหวัด"}
SURVEYS = {
    "jpt": ("ข้อมูลความจำเป็นพื้นฐาน (จปฐ.)", "จปฐ."),
    "kchch2k": ("ข้อมูลพื้นฐานระดับหมู่บ้าน (กชช.๒ค)", "กชช.๒ค"),
}
FIGURE_FIELDS = ("households_target", "households_surveyed", "villages_target", "villages_surveyed", "number")
BLANK_NUMBER = "." * 10  # a register number to be written in by hand
BLANK_NAME = "(" + "." * 40 + ")"  # a signer whose name is not known: signed and written in by hand

DEFAULT_TITLE = ["คำรับรองคุณภาพ{{ survey.name }} ปี {{ year }}", "ระดับ{{ unit.level_name }}"]
DEFAULT_ISSUER = ["{{ unit.office }}"]
DEFAULT_SIGNER_POSITION = "{{ unit.head }}"
DEFAULT_STATEMENT = (
    "หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า {{ survey.name }} ปี {{ year }} ของ{{ unit.full }} "
    "{{ figures.text }} ได้ผ่านการตรวจสอบความถูกต้องครบถ้วนแล้ว มีคุณภาพ "
    "และสามารถนำไปใช้ประโยชน์ในการวางแผนพัฒนาคุณภาพชีวิตของประชาชนได้"
)


def lao_code(lao_type: str, tambons: list[str], province: str) -> str:
    """The derived code of an LAO: ``<first tambon>-<type>``, or ``<province>-pao``."""
    abbreviation = LAO_TYPES[lao_type][1]
    if lao_type == "pao" or not tambons:
        return f"{province}-{abbreviation}"
    return f"{tambons[0]}-{abbreviation}"


def head_of(lao_type: str, name: str) -> str:
    """The position of an LAO's head: นายกองค์การบริหารส่วนตำบลX, นายกเทศมนตรีตำบลX, ..."""
    prefix, _, title = LAO_TYPES[lao_type]
    return title + name[len(prefix):]


# ---------------------------------------------------------------- the data set


class Loose(BaseModel):
    """Reference data carries more fields than docgen needs: extra keys are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)


class DataTambon(Loose):
    code: str = Field(pattern=r"^[0-9]{6}$")
    name_th: str


class DataLao(Loose):
    type: LaoType
    name_th: str
    short: str
    code: str | None = Field(default=None, pattern=r"^[0-9a-z][0-9a-z-]*$")  # overrides the derived code
    district: str | None = Field(default=None, pattern=r"^[0-9]{4}$")
    tambons: list[str] = Field(default_factory=list)
    status: Status
    source: str
    note: str | None = None

    @model_validator(mode="after")
    def _name_fits_type(self) -> "DataLao":
        prefix = LAO_TYPES[self.type][0]
        if not self.name_th.startswith(prefix) or self.name_th == prefix:
            raise ValueError(f"name_th {self.name_th!r} does not start with {prefix!r} (type {self.type})")
        return self


class DataHall(Loose):
    name_th: str


class DataProvince(Loose):
    code: str = Field(pattern=r"^[0-9]{2}$")
    name_th: str
    full_name_th: str
    provincial_hall: DataHall | None = None


class DataDistrict(Loose):
    code: str = Field(pattern=r"^[0-9]{4}$")
    name_th: str
    full_name_th: str
    tambons: list[DataTambon] = Field(min_length=1)
    laos: list[DataLao] = Field(default_factory=list)


class DataSet(Loose):
    province: DataProvince
    provincial_lao: DataLao | None = None
    districts: list[DataDistrict] = Field(min_length=1)


@dataclass(frozen=True)
class Place:
    """A province or district as templates see it."""

    code: str
    name_th: str  # ลพบุรี / เมืองลพบุรี
    full_name_th: str  # จังหวัดลพบุรี / อำเภอเมืองลพบุรี
    head: str  # ผู้ว่าราชการจังหวัดลพบุรี / นายอำเภอเมืองลพบุรี
    cdd_officer: str  # พัฒนาการจังหวัดลพบุรี / พัฒนาการอำเภอเมืองลพบุรี
    office: str  # ศาลากลางจังหวัดลพบุรี / ที่ว่าการอำเภอเมืองลพบุรี


@dataclass(frozen=True)
class Unit:
    """A unit that certifies: an LAO, a district or a province."""

    level: Literal["lao", "district", "province"]
    code: str  # derived LAO code (160101-sao), DOPA district (1601) or province (16) code
    name: str  # full Thai name, with its type: องค์การบริหารส่วนตำบลกกโก / อำเภอ... / จังหวัด...
    short: str  # อบต.กกโก / อ.เมืองลพบุรี / จ.ลพบุรี
    type: str  # sao, tt, ... (LAOs); district; province
    type_name: str  # องค์การบริหารส่วนตำบล / อำเภอ / จังหวัด
    head: str  # the position that signs for it
    office: str  # the issuing office printed at the top right
    province: Place
    district: Place | None  # None for a province and for the provincial LAO (อบจ.)
    tambons: tuple[tuple[str, str], ...] = ()  # (code, Thai name) of the tambons an LAO lies in
    status: str | None = None  # LAOs only: verified / probable / inferred
    source: str | None = None
    note: str | None = None
    data_loc: tuple = ()  # where the data set lists it

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def cdd_officer(self) -> str:
        """The community development officer over the unit: of its district, else of its province."""
        return (self.district or self.province).cdd_officer

    @property
    def path(self) -> str:
        """The sortable part of a file name: 16, 16-1601, 16-1601-160101-sao, 16-pao."""
        if self.level == "province":
            return self.province.code
        if self.level == "district":
            return f"{self.province.code}-{self.code}"
        if self.district is None:
            return self.code
        return f"{self.province.code}-{self.district.code}-{self.code}"

    @property
    def full(self) -> str:
        """The unit named in full: name and type, tambon(s), district, province and code."""
        province = self.province.full_name_th
        if self.level == "province":
            return f"{province} (รหัสจังหวัด {self.code})"
        if self.level == "district":
            return f"{self.name} {province} (รหัสอำเภอ {self.code})"
        if self.district is None:  # the provincial LAO covers the whole province
            return f"{self.name} {province} (รหัสจังหวัด {self.province.code})"
        tambons = " และ".join(f"ตำบล{name}" for _, name in self.tambons)
        codes = " และ ".join(code for code, _ in self.tambons)
        where = f"{tambons} " if tambons else ""
        label = f" (รหัสตำบล {codes})" if codes else ""
        return f"{self.name} {where}{self.district.full_name_th} {province}{label}"


@dataclass
class DataProvinceUnits:
    """One province of a data set: the province, its districts and all its LAOs, in data order."""

    province: Unit
    districts: list[Unit]
    laos: list[Unit]  # provincial LAO first, then each district's
    file: str


def _province_place(p: DataProvince) -> Place:
    office = p.provincial_hall.name_th if p.provincial_hall else f"ศาลากลาง{p.full_name_th}"
    return Place(p.code, p.name_th, p.full_name_th, f"ผู้ว่าราชการ{p.full_name_th}",
                 f"พัฒนาการ{p.full_name_th}", office)


def _district_place(d: DataDistrict) -> Place:
    return Place(d.code, d.name_th, d.full_name_th, f"นายอำเภอ{d.name_th}", f"พัฒนาการอำเภอ{d.name_th}",
                 f"ที่ว่าการ{d.full_name_th}")


def load_dataset(doc: YamlDocument) -> DataProvinceUnits:
    """The units of one data-set file, checked: codes nest (province > district > tambon),
    each LAO lies in tambons of its district, names fit types, LAO codes are unique."""
    data = doc.validate(DataSet)
    problems: list[Problem] = []
    province = _province_place(data.province)
    province_unit = Unit("province", province.code, province.full_name_th, f"จ.{province.name_th}",
                         "province", "จังหวัด", province.head, province.office, province, None,
                         data_loc=("province",))
    laos: list[Unit] = []
    districts: list[Unit] = []

    def lao(entry: DataLao, loc: tuple, district: DataDistrict | None) -> None:
        place = _district_place(district) if district else None
        tambon_names = {t.code: t.name_th for t in district.tambons} if district else {}
        if district is None and entry.type != "pao":
            problems.append(doc.problem((*loc, "type"), "the provincial LAO must have type pao"))
        if district is not None and entry.type == "pao":
            problems.append(doc.problem((*loc, "type"), "a pao is the provincial LAO (provincial_lao), not a district's"))
        if district is not None and entry.district is not None and entry.district != district.code:
            problems.append(doc.problem((*loc, "district"), f"LAO listed under district {district.code}"))
        if district is not None and not entry.tambons:
            problems.append(doc.problem(loc, "an LAO of a district needs tambons: [<tambon code>, ...]", at_key=True))
        for index, code in enumerate(entry.tambons):
            if district is not None and code not in tambon_names:
                problems.append(doc.problem((*loc, "tambons", index),
                                            f"tambon {code} is not a tambon of district {district.code}"))
        code = entry.code or lao_code(entry.type, entry.tambons, province.code)
        laos.append(Unit(
            "lao", code, entry.name_th, entry.short, LAO_TYPES[entry.type][1], LAO_TYPES[entry.type][0],
            head_of(entry.type, entry.name_th), entry.name_th, province, place,
            tambons=tuple((c, tambon_names.get(c, "")) for c in entry.tambons if c in tambon_names or not district),
            status=entry.status, source=entry.source, note=entry.note, data_loc=loc,
        ))

    if data.provincial_lao:
        lao(data.provincial_lao, ("provincial_lao",), None)
    seen_districts: set[str] = set()
    for d_index, district in enumerate(data.districts):
        loc = ("districts", d_index)
        if not district.code.startswith(province.code):
            problems.append(doc.problem((*loc, "code"), f"district {district.code} is not in province {province.code}"))
        if district.code in seen_districts:
            problems.append(doc.problem((*loc, "code"), f"district {district.code} is listed twice"))
        seen_districts.add(district.code)
        for t_index, tambon in enumerate(district.tambons):
            if not tambon.code.startswith(district.code):
                problems.append(doc.problem((*loc, "tambons", t_index, "code"),
                                            f"tambon {tambon.code} is not in district {district.code}"))
        place = _district_place(district)
        districts.append(Unit("district", district.code, district.full_name_th, f"อ.{district.name_th}",
                              "district", "อำเภอ", place.head, place.office, province, place, data_loc=loc))
        for l_index, entry in enumerate(district.laos):
            lao(entry, (*loc, "laos", l_index), district)

    first: dict[str, Unit] = {}
    for unit in laos:
        if unit.code in first:
            other = first[unit.code]
            line = doc.position(other.data_loc)[0]
            problems.append(doc.problem(
                unit.data_loc,
                f"LAO code {unit.code} is also the code of {other.name} (line {line}); "
                f"give one of them its own code (e.g. code: {unit.code}-2)", at_key=True))
        first.setdefault(unit.code, unit)
    if problems:
        raise ConfigError(problems)
    return DataProvinceUnits(province_unit, districts, laos, doc.file)


# ---------------------------------------------------------------- figures


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


def load_figures(path: Path) -> FiguresTable:
    """Figures per unit from YAML (``units: {<code>: {...}}``) or CSV (a header row, one row per unit)."""
    if path.suffix.lower() == ".csv":
        return _figures_csv(path)
    doc = load_yaml(path)
    table = doc.validate(FiguresFile)
    rows = {code: Located(code, row, doc.file, False, doc=doc) for code, row in table.units.items()}
    return FiguresTable(rows, table.sample, doc.file)


def _figures_csv(path: Path) -> FiguresTable:
    text = read_text(path, "utf-8-sig")
    file = str(path)
    problems: list[Problem] = []
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
            for e in error.errors():
                name = str(e["loc"][0]) if e["loc"] else ""
                message = "required value is missing" if e["type"] == "missing" else e["msg"]
                message = message.removeprefix("Value error, ")
                column = where.get(name, (number, 1))[1]
                problems.append(Problem(file, number, column, f"{code}.{name}" if name else code, message))
            continue
        rows[code] = Located(code, row, file, True, where)
    if header is None:
        problems.append(Problem(file, 1, 1, "", "the file is empty: it needs a header row and one row per unit"))
    if problems:
        raise ConfigError(problems)
    return FiguresTable(rows, False, file)


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


def figures_view(figures: Figures, survey: str) -> FiguresView:
    def n(value: int | None) -> str:
        return f"{value:,}" if value is not None else ""

    percent = f"{100 * figures.households_surveyed / figures.households_target:.2f}"
    households = (f"ครัวเรือนเป้าหมาย จำนวน {n(figures.households_target)} ครัวเรือน "
                  f"จัดเก็บได้ จำนวน {n(figures.households_surveyed)} ครัวเรือน คิดเป็นร้อยละ {percent}")
    if survey == "kchch2k":
        text = (f"ซึ่งจัดเก็บจากหมู่บ้านเป้าหมาย จำนวน {n(figures.villages_target)} หมู่บ้าน "
                f"จัดเก็บได้ จำนวน {n(figures.villages_surveyed)} หมู่บ้าน และ{households}")
    else:
        text = f"ซึ่งจัดเก็บจาก{households}"
    return FiguresView(n(figures.households_target), n(figures.households_surveyed), percent,
                       n(figures.villages_target), n(figures.villages_surveyed), text)


# ---------------------------------------------------------------- the certification config


class Signatory(Strict):
    """Who signs: a position (template) and optionally a name, or a person of the personnel file."""

    position: str | None = None  # e.g. "{{ unit.head }}", "พัฒนาการอำเภอ{{ district.name_th }}"
    name: str | None = None  # default: names[<position>], else a dotted line to write in by hand
    person: str | None = Field(default=None, pattern=r"^[a-z0-9_-]+$")  # an id in `personnel:`

    @model_validator(mode="after")
    def _one_way(self) -> "Signatory":
        if self.person and (self.position or self.name):
            raise ValueError("give either person (from the personnel file) or position/name, not both")
        return self


class Numbering(Strict):
    """The certificate number (spec §6, §20): by default the regulation's yearly serial."""

    form: Literal["serial", "code"] = "serial"  # serial: เลขที่ <n>/<ปี>; code: ที่ <code>/<n>
    code: str | None = None  # form code: what comes before "/", a template (e.g. ลบ 0019)
    start: int | None = Field(default=None, ge=1)  # count up from here, in file-name order
    year: int | None = Field(default=None, ge=2400, le=2800)  # BE; default: the year of `date`

    @model_validator(mode="after")
    def _code_form(self) -> "Numbering":
        if self.form == "code" and not self.code:
            raise ValueError("form code needs code: (the agency code before '/', e.g. 'ลบ 0019')")
        if self.form == "serial" and self.code:
            raise ValueError("code: is only for form code ('ที่ <code>/<n>')")
        if self.form == "code" and self.year is not None:
            raise ValueError("year: is only for form serial ('เลขที่ <n>/<ปี>')")
        return self


class Certification(Strict):
    """A certification config: ``kind: certification``."""

    kind: Literal["certification"]
    scope: Literal["lao", "district", "province"]  # one certification per LAO / district / province
    survey: Literal["jpt", "kchch2k"] = "jpt"  # จปฐ. or กชช.๒ค
    year: int = Field(ge=2500, le=2800)  # the survey year, BE: ปี 2562
    data: str | list[str]  # data-set file(s), one province each, relative to this file
    province: str | None = Field(default=None, pattern=r"^[0-9]{2}$")  # None: every province of the data
    district: str | None = Field(default=None, pattern=r"^[0-9]{4}$")  # scope lao/district: one district
    figures: str  # figures per unit, YAML or CSV, relative to this file
    default_figures: Figures | None = None  # for units the figures file does not list
    date: date  # ให้ไว้ ณ วันที่
    date_style: Literal["full_be", "full"] = "full_be"
    number: Numbering = Numbering()
    title: list[str] | None = Field(default=None, min_length=1, max_length=3)  # centred lines
    issuer: list[str] | None = Field(default=None, min_length=1, max_length=3)  # top right
    statement: str | None = None  # the certification's text (default: DEFAULT_STATEMENT)
    paragraphs: list[str] = Field(default_factory=list)  # further paragraphs after it
    signer: Signatory = Signatory()
    countersigner: Signatory | None = None  # a second signature block
    personnel: str | None = None  # personnel YAML for signer.person / countersigner.person
    names: dict[str, str] = Field(default_factory=dict)  # position -> name of who holds it
    prefix: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")  # file names: cert-jpt
    vars: dict[str, str | int] = Field(default_factory=dict)
    emblem: str | None = None
    font: Literal["TH SarabunPSK", "TH Sarabun New", "TH SarabunIT๙"] = "TH SarabunPSK"
    speed: Literal["ด่วนที่สุด", "ด่วนมาก", "ด่วน"] | None = None  # ชั้นความเร็ว, red on page 1 (§8)
    secrecy: Literal["ลับที่สุด", "ลับมาก", "ลับ"] | None = None  # ชั้นความลับ, every page (§8)

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        return parse_iso_date(str(value)) if isinstance(value, str) else value

    @field_validator("district")
    @classmethod
    def _district(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        province = info.data.get("province")
        if info.data.get("scope") == "province":
            raise ValueError("scope province takes no district (one certification per province)")
        if not province:
            raise ValueError('district needs province too, e.g. province: "16"')
        if not value.startswith(province):
            raise ValueError(f"district {value} is not in province {province}")
        return value

    @property
    def name_prefix(self) -> str:
        return self.prefix or f"cert-{self.survey}"


@dataclass(frozen=True)
class Certificate:
    """One certification, ready to lay out: every text rendered, digits not yet Thai."""

    name: str  # file name without extension
    unit: Unit
    figures: Figures
    number: str  # "เลขที่ 1/2562" or "ที่ ลบ 0019/1"
    issuer: list[str]
    title: list[str]
    paragraphs: list[str]  # the statement first
    date_line: str  # "ให้ไว้ ณ วันที่ ..."
    signatures: list[list[str]]  # each: "(name)", position line(s)
    sample: bool
    warnings: list[str]
    date: date
    font: str
    emblem: Path
    speed: str | None = None
    secrecy: str | None = None


@dataclass
class _Templates:
    """The text fields of a config, compiled once, rendered per unit."""

    doc: YamlDocument
    env: Any
    compiled: dict[tuple, Any] = field(default_factory=dict)
    problems: dict[tuple, Problem] = field(default_factory=dict)

    def add(self, loc: tuple, source: str) -> None:
        if "{" not in source:
            self.compiled[loc] = source
            return
        try:
            self.compiled[loc] = self.env.from_string(source)
        except TemplateError as error:
            self._problem(loc, f"template error: {error.message}", getattr(error, "name", None))

    def render(self, loc: tuple, context: dict, unit: Unit) -> str:
        template = self.compiled.get(loc)
        if template is None:  # did not compile: already reported
            return ""
        if isinstance(template, str):
            return template
        try:
            return re.sub(r"[ \t\r\n]+", " ", template.render(context)).strip()
        except TemplateError as error:
            self._problem(loc, f"template error: {error.message} (for {unit.name})", getattr(error, "name", None))
        except (AttributeError, TypeError) as error:
            self._problem(loc, f"template error: {error} (for {unit.name})", None)
        return ""

    def _problem(self, loc: tuple, message: str, needle: str | None) -> None:
        if loc not in self.problems:  # one problem per field, not one per unit
            self.problems[loc] = (self.doc.problem_near(loc, needle, message) if needle
                                  else self.doc.problem(loc, message))


@dataclass(frozen=True)
class _Survey:
    code: str
    name: str
    short: str


def _units_in_scope(config: Certification, doc: YamlDocument, provinces: list[DataProvinceUnits]) -> list[Unit]:
    chosen = provinces
    if config.province:
        chosen = [p for p in provinces if p.province.code == config.province]
        if not chosen:
            known = ", ".join(p.province.code for p in provinces)
            raise ConfigError([doc.problem(("province",), f"no province {config.province} in the data (known: {known})")])
    if config.district:
        districts = [d for d in chosen[0].districts if d.code == config.district]
        if not districts:
            known = ", ".join(d.code for d in chosen[0].districts)
            raise ConfigError([doc.problem(("district",), f"no district {config.district} in province "
                                                          f"{config.province} (known: {known})")])
    units: list[Unit] = []
    for province in chosen:
        if config.scope == "province":
            units.append(province.province)
        elif config.scope == "district":
            units += [d for d in province.districts if not config.district or d.code == config.district]
        elif config.district:  # the LAOs of one district (the provincial LAO is not a district's)
            units += [u for u in province.laos if u.district and u.district.code == config.district]
        else:
            units += province.laos
    return units


def _warning(unit: Unit) -> str | None:
    if unit.status == "probable":
        why = unit.note or "a source shows it exists, but its full name or district was not seen"
        return (f"{unit.short} ({unit.code}): status probable: {why} (source {unit.source}); "
                "check the name before it is signed")
    if unit.status == "inferred":
        return (f"{unit.short} ({unit.code}): status inferred: made up from the tambon name, not found in any "
                "source; its type or name may be wrong, or it may not exist: check against the DLA list")
    return None


def load_certification(path: Path, include_unverified: bool = False,
                       overrides: dict[str, Any] | None = None) -> list[Certificate]:
    """Load, validate and render every certification a config describes.

    ``overrides`` replace top-level keys of the config (the batch command's
    ``--scope``, ``--province``, ``--district``, ``--data``)."""
    path = Path(path)
    doc = load_yaml(path)
    data = None
    if overrides:
        data = dict(doc.data)
        data.update({k: v for k, v in overrides.items() if v is not None})
        if overrides.get("province") and "district" not in overrides and data.get("district"):
            if not str(data["district"]).startswith(str(overrides["province"])):
                data.pop("district")  # the config's district belongs to another province
        if overrides.get("scope") == "province":
            data.pop("district", None)
    config: Certification = doc.validate(Certification, data)

    files = [config.data] if isinstance(config.data, str) else list(config.data)
    provinces: list[DataProvinceUnits] = []
    for index, name in enumerate(files):
        loc = ("data",) if isinstance(config.data, str) else ("data", index)
        units = _cached(_data_path(doc, loc, name), load_dataset_file)
        twin = next((p for p in provinces if p.province.code == units.province.code), None)
        if twin:
            raise ConfigError([doc.problem(loc, f"province {units.province.code} is also in {twin.file}")])
        provinces.append(units)

    in_scope = _units_in_scope(config, doc, provinces)
    units = [u for u in in_scope if include_unverified or u.status != "inferred"]
    if not units:
        skipped = len(in_scope) - len(units)
        raise ConfigError([doc.problem(("scope",), f"nothing to certify: all {skipped} LAO(s) in scope have status "
                                                   "inferred; check them, or pass --include-unverified")])

    figures_path = path.parent / config.figures
    if not figures_path.is_file():
        raise ConfigError([doc.problem(("figures",), f"file not found: {figures_path}")])
    table = _cached(figures_path, load_figures)
    _check_figures(config, doc, table, provinces, units)

    personnel: Personnel | None = None
    if config.personnel:
        personnel = referenced(doc, "personnel", config.personnel).validate(Personnel)
    signers: dict[str, Person] = {}
    if config.countersigner and not (config.countersigner.position or config.countersigner.person):
        raise ConfigError([doc.problem(("countersigner",), "the countersigner needs a position (or a person)")])
    for role in ("signer", "countersigner"):
        who: Signatory | None = getattr(config, role)
        if who and who.person:
            if personnel is None:
                raise ConfigError([doc.problem((role, "person"), "person: needs personnel: <file> in this config")])
            signers[role] = person(doc, (role, "person"), personnel, who.person, config.personnel)

    emblem = DEFAULT_EMBLEM
    if config.emblem:
        emblem = path.parent / config.emblem
        if not emblem.is_file():
            raise ConfigError([doc.problem(("emblem",), f"file not found: {emblem}")])

    templates = _Templates(doc, make_environment(template_dirs(path)))
    fields = _template_fields(config)
    for loc, source in fields.items():
        templates.add(loc, source)
    if templates.problems:
        raise ConfigError(templates.problems.values())

    survey = _Survey(config.survey, *SURVEYS[config.survey])
    base = {"survey": survey, "year": config.year, "vars": config.vars,
            "date": keep_together(thai_date(config.date, config.date_style))}
    number_year = config.number.year or be_year(config.date)

    # Names are checked against every unit in scope (inferred ones too), so the
    # same config validates with and without --include-unverified.
    positions_used: set[str] = set()
    certificates: list[Certificate] = []
    ordered = sorted(units, key=lambda u: u.path)
    for unit in sorted(in_scope, key=lambda u: u.path):
        located = table.rows.get(unit.code)
        context = _context(base, unit, located.row if located else _NO_FIGURES, config.survey)
        for role in ("signer", "countersigner"):
            if (role, "position") in fields:
                positions_used.add(templates.render((role, "position"), context, unit))
    serial = config.number.start
    for unit in ordered:
        located = table.rows.get(unit.code)
        figures = located.row if located else config.default_figures
        if figures is None:  # reported by _check_figures
            continue
        context = _context(base, unit, figures, config.survey)
        render = partial(templates.render, context=context, unit=unit)
        register = located.row.number if located and located.row.number else serial
        if serial is not None:
            serial += 1
        n = str(register) if register is not None else BLANK_NUMBER
        if config.number.form == "serial":
            number = f"เลขที่ {n}/{number_year}"
        else:
            number = f"ที่ {render(('number', 'code'))}/{n}"
        title = [render(("title", i)) for i in range(len(config.title or DEFAULT_TITLE))]
        issuer = [render(("issuer", i)) for i in range(len(config.issuer or DEFAULT_ISSUER))]
        paragraphs = [render(("statement",))] + [render(("paragraphs", i)) for i in range(len(config.paragraphs))]
        signatures = []
        for role in ("signer", "countersigner"):
            who = getattr(config, role)
            if role == "countersigner" and who is None:
                continue
            if role in signers:
                signatures.append(signers[role].lines())
                continue
            position = render((role, "position"))
            name = render((role, "name")) if who.name else config.names.get(position)
            signatures.append([f"({name})" if name else BLANK_NAME, position])
        warning = _warning(unit)
        certificates.append(Certificate(
            name=f"{config.name_prefix}-{unit.path}",
            unit=unit,
            figures=figures,
            number=number,
            issuer=issuer,
            title=title,
            paragraphs=paragraphs,
            date_line=f"ให้ไว้ ณ วันที่ {base['date']}",
            signatures=signatures,
            sample=table.sample,
            warnings=[warning] if warning else [],
            date=config.date,
            font=config.font,
            emblem=emblem,
            speed=config.speed,
            secrecy=config.secrecy,
        ))
    if templates.problems:
        raise ConfigError(templates.problems.values())
    unused = [p for p in config.names if p not in positions_used]
    if unused:
        raise ConfigError([doc.problem(("names", p), f"no certification in scope is signed by {p!r}", at_key=True)
                           for p in unused])
    return certificates


def load_dataset_file(path: Path) -> DataProvinceUnits:
    return load_dataset(load_yaml(path))


def _data_path(doc: YamlDocument, loc: tuple, value: str) -> Path:
    """The data-set file a config names at ``loc`` (relative to the config)."""
    target = Path(doc.file).parent / value
    if not target.is_file():
        raise ConfigError([doc.problem(loc, f"file not found: {target}")])
    return target


_CACHE: dict[tuple, Any] = {}


def _cached(path: Path, load):
    """``load(path)``, remembered while the file is unchanged: data sets and figures
    files are large and shared by many configs, and YAML with positions is slow to
    parse (≈0.5 s for the Lopburi data).  Only successful loads are kept."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, load)
    if key not in _CACHE:
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[key] = load(path)
    return _CACHE[key]


def _template_fields(config: Certification) -> dict[tuple, str]:
    fields: dict[tuple, str] = {}
    for i, line in enumerate(config.title or DEFAULT_TITLE):
        fields[("title", i)] = line
    for i, line in enumerate(config.issuer or DEFAULT_ISSUER):
        fields[("issuer", i)] = line
    fields[("statement",)] = config.statement or DEFAULT_STATEMENT
    for i, text in enumerate(config.paragraphs):
        fields[("paragraphs", i)] = text
    if config.number.code:
        fields[("number", "code")] = config.number.code
    for role in ("signer", "countersigner"):
        who: Signatory | None = getattr(config, role)
        if who is None or who.person:
            continue
        fields[(role, "position")] = who.position or DEFAULT_SIGNER_POSITION
        if who.name:
            fields[(role, "name")] = who.name
    return fields


# Figures for rendering the signers' positions of units that have none (names check only).
_NO_FIGURES = Figures(households_target=1, households_surveyed=0, villages_target=0, villages_surveyed=0)


def _context(base: dict, unit: Unit, figures: Figures, survey: str) -> dict:
    return {**base, "unit": unit, "province": unit.province, "district": unit.district,
            "figures": figures_view(figures, survey)}


def _check_figures(config: Certification, doc: YamlDocument, table: FiguresTable,
                   provinces: list[DataProvinceUnits], units: list[Unit]) -> None:
    """Every unit to certify has figures (or there is a default); every row names a known unit,
    with its name if given; กชช.๒ค needs village counts."""
    problems: list[Problem] = []
    known: dict[str, Unit] = {}
    for province in provinces:
        for unit in [province.province, *province.districts, *province.laos]:
            known[unit.code] = unit
    for code, located in table.rows.items():
        unit = known.get(code)
        if unit is None:
            problems.append(Problem(table.file, *located.where(),
                                    "unit" if located.in_csv else f"units.{code}",
                                    f"no unit {code} in the data (LAO codes look like 160101-sao, districts 1601, "
                                    "provinces 16)"))
            continue
        if located.row.name and located.row.name != unit.name:
            problems.append(located.problem("name", f"unit {code} is {unit.name}, not {located.row.name}"))
    for unit in units:
        located = table.rows.get(unit.code)
        if located is None:
            if config.default_figures is None:
                district = f", {unit.district.full_name_th}" if unit.district and unit.level == "lao" else ""
                problems.append(doc.problem(("figures",), f"{config.figures} has no figures for {unit.code} "
                                                          f"({unit.name}{district}); add them, or set default_figures"))
            continue
        if config.survey == "kchch2k" and located.row.villages_target is None:
            problems.append(located.problem("villages_target", f"กชช.๒ค needs villages_target and villages_surveyed "
                                                               f"for {unit.code} ({unit.name})"))
    if config.survey == "kchch2k" and config.default_figures and config.default_figures.villages_target is None:
        problems.append(doc.problem(("default_figures",), "กชช.๒ค needs villages_target and villages_surveyed"))
    if problems:
        raise ConfigError(problems)


__all__ = [
    "Certificate",
    "Certification",
    "DataSet",
    "Figures",
    "FiguresFile",
    "Unit",
    "head_of",
    "lao_code",
    "load_certification",
    "load_dataset",
    "load_figures",
]
