"""LAO data sets: provinces, districts, tambons and local administrative organisations.

A data set file (``config/data/lopburi.yaml``, or one province of a synthetic
national set made by ``docgen data synth``) lists a province, its districts
with their tambons, and its LAOs (องค์กรปกครองส่วนท้องถิ่น) with a ``status``
(verified / probable / inferred).  :func:`load_dataset` checks it and turns it
into :class:`Unit` records, the things a certification is issued for, each
with the names its templates print.

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

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from docgen.config.loader import ConfigError, Problem, YamlDocument, load_yaml

T = TypeVar("T")

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
    def key(self) -> str:
        """Where a batch files it: 16, 16/1601, 16/1601/160101-sao, 16/-/16-pao."""
        if self.level == "province":
            return self.province.code
        if self.level == "district":
            return f"{self.province.code}/{self.code}"
        return f"{self.province.code}/{self.district.code if self.district else '-'}/{self.code}"

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
    rejected: list[Rejected] = field(default_factory=list)  # isolating: LAOs left out for their problems


@dataclass(frozen=True)
class Rejected:
    """A unit left out of a batch for problems of its own, so the others can go on."""

    unit: str  # the unit's key (16/1602/160201-sao), or province/district/name when it has no code
    problems: tuple[Problem, ...]
    province: str = ""
    district: str | None = None  # an LAO's district code (None for the provincial LAO)
    code: str | None = None  # the unit code, when its entry gives enough to derive it


def _province_place(p: DataProvince) -> Place:
    office = p.provincial_hall.name_th if p.provincial_hall else f"ศาลากลาง{p.full_name_th}"
    return Place(p.code, p.name_th, p.full_name_th, f"ผู้ว่าราชการ{p.full_name_th}",
                 f"พัฒนาการ{p.full_name_th}", office)


def _district_place(d: DataDistrict) -> Place:
    return Place(d.code, d.name_th, d.full_name_th, f"นายอำเภอ{d.name_th}", f"พัฒนาการอำเภอ{d.name_th}",
                 f"ที่ว่าการ{d.full_name_th}")


_LAO_FIELD = re.compile(r"^(provincial_lao|districts\[(\d+)\]\.laos\[(\d+)\])(?:\.|\[|$)")


def _lao_of(problem: Problem) -> tuple | None:
    """The LAO entry a problem is about, as ("provincial_lao",) or (district index, LAO index)."""
    match = _LAO_FIELD.match(problem.field)
    if not match:
        return None
    return ("provincial_lao",) if match.group(1) == "provincial_lao" else (int(match.group(2)), int(match.group(3)))


def _validate(doc: YamlDocument, isolate: bool) -> tuple[DataSet, dict[tuple, list[Problem]], dict[int, list[int]]]:
    """The data set validated; isolating, LAO entries with problems of their own are
    left out (returned by entry, with the original index of each LAO kept)."""
    try:
        data = doc.validate(DataSet)
        return data, {}, {i: list(range(len(d.laos))) for i, d in enumerate(data.districts)}
    except ConfigError as error:
        bad: dict[tuple, list[Problem]] = {}
        for problem in error.problems:
            entry = _lao_of(problem)
            if not isolate or entry is None:
                raise
            bad.setdefault(entry, []).append(problem)
    raw = dict(doc.data)
    if ("provincial_lao",) in bad:
        raw.pop("provincial_lao")
    kept: dict[int, list[int]] = {}
    districts = []
    for d_index, district in enumerate(raw.get("districts") or []):
        laos = district.get("laos") or [] if isinstance(district, dict) else []
        kept[d_index] = [i for i in range(len(laos)) if (d_index, i) not in bad]
        districts.append({**district, "laos": [laos[i] for i in kept[d_index]]} if isinstance(district, dict) else district)
    raw["districts"] = districts
    return doc.validate(DataSet, raw), bad, kept


def load_dataset(doc: YamlDocument, isolate: bool = False) -> DataProvinceUnits:
    """The units of one data-set file, checked: codes nest (province > district > tambon),
    each LAO lies in tambons of its district, names fit types, LAO codes are unique.

    ``isolate`` (batches): an LAO with problems of its own is left out and
    listed in ``rejected`` instead of failing the whole file."""
    data, bad, kept = _validate(doc, isolate)
    problems: list[Problem] = []
    own: dict[tuple, list[Problem]] = {}  # problems of one LAO entry, by its data location
    province = _province_place(data.province)
    province_unit = Unit("province", province.code, province.full_name_th, f"จ.{province.name_th}",
                         "province", "จังหวัด", province.head, province.office, province, None,
                         data_loc=("province",))
    laos: list[Unit] = []
    districts: list[Unit] = []

    def lao(entry: DataLao, loc: tuple, district: DataDistrict | None) -> None:
        place = _district_place(district) if district else None
        tambon_names = {t.code: t.name_th for t in district.tambons} if district else {}
        mine = own.setdefault(loc, [])
        if district is None and entry.type != "pao":
            mine.append(doc.problem((*loc, "type"), "the provincial LAO must have type pao"))
        if district is not None and entry.type == "pao":
            mine.append(doc.problem((*loc, "type"), "a pao is the provincial LAO (provincial_lao), not a district's"))
        if district is not None and entry.district is not None and entry.district != district.code:
            mine.append(doc.problem((*loc, "district"), f"LAO listed under district {district.code}"))
        if district is not None and not entry.tambons:
            mine.append(doc.problem(loc, "an LAO of a district needs tambons: [<tambon code>, ...]", at_key=True))
        for index, code in enumerate(entry.tambons):
            if district is not None and code not in tambon_names:
                mine.append(doc.problem((*loc, "tambons", index),
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
        for l_index, entry in zip(kept.get(d_index, []), district.laos):
            lao(entry, (*loc, "laos", l_index), district)

    first: dict[str, Unit] = {}
    for unit in laos:
        if unit.code in first:
            other = first[unit.code]
            line = doc.position(other.data_loc)[0]
            own[unit.data_loc].append(doc.problem(
                unit.data_loc,
                f"LAO code {unit.code} is also the code of {other.name} (line {line}); "
                f"give one of them its own code (e.g. code: {unit.code}-2)", at_key=True))
        first.setdefault(unit.code, unit)
    rejected = [_rejected(doc, province.code, entry, found) for entry, found in bad.items()]
    if isolate:
        rejected += [Rejected(u.key, tuple(own[u.data_loc]), province.code, u.district.code if u.district else None,
                              u.code) for u in laos if own[u.data_loc]]
        laos = [u for u in laos if not own[u.data_loc]]
    else:
        problems += [p for found in own.values() for p in found]
    if problems:
        raise ConfigError(sorted(problems, key=lambda p: (p.line, p.column)))
    return DataProvinceUnits(province_unit, districts, laos, doc.file, rejected)


def _rejected(doc: YamlDocument, province: str, entry: tuple, problems: list[Problem]) -> Rejected:
    """Name a left-out LAO as the data names it: province/district/name (or its place in the file)."""
    if entry[0] == "provincial_lao":
        raw, district = doc.data.get("provincial_lao"), None
    else:
        d_index, l_index = (entry[0], entry[1]) if isinstance(entry[0], int) else (entry[1], entry[3])
        raw_district = doc.data["districts"][d_index]
        raw, district = raw_district["laos"][l_index], raw_district.get("code")
    raw = raw if isinstance(raw, dict) else {}
    code = raw.get("code")
    tambons = raw.get("tambons") or []
    if not code and raw.get("type") in LAO_TYPES and all(isinstance(t, str) for t in tambons):
        code = lao_code(raw["type"], tambons, province)
    label = code or raw.get("name_th") or problems[0].field
    return Rejected(f"{province}/{district or '-'}/{label}", tuple(problems), province,
                    str(district) if district else None, str(code) if code else None)




def load_dataset_file(path: Path) -> DataProvinceUnits:
    return load_dataset(load_yaml(path))


def load_dataset_file_isolated(path: Path) -> DataProvinceUnits:
    """As :func:`load_dataset_file`, leaving out (and listing) LAOs with problems of their own."""
    return load_dataset(load_yaml(path), isolate=True)




_CACHE: dict[tuple, Any] = {}


def cached(path: Path, load: Callable[[Path], T]) -> T:
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


