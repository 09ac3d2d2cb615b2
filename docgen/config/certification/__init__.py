"""Data-quality certifications (คำรับรองคุณภาพข้อมูล จปฐ. / กชช.๒ค): loading.

A certification config names an LAO data set (``config/data/lopburi.yaml``;
see :mod:`.dataset`), a file of household figures per unit (:mod:`.figures`),
and the scope: one certification per LAO (องค์กรปกครองส่วนท้องถิ่น), per
district (อำเภอ) or per province (จังหวัด).  :func:`load_certification` reads
all of it into :class:`~.schema.Certificate` records whose texts are rendered
(Jinja2, per unit) and checked; ``docgen.builders.certification`` lays them
out.  Every problem is a :class:`ConfigError` placed at file, line, column and
field.

Example::

    certificates = load_certification(Path("config/lopburi-jpt-2562/certification-lao.yaml"))
    certificates[0].name   # 'cert-jpt-16-1601-160101-sao'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from docgen.config import person, referenced, template_dirs
from docgen.config.certification import blank
from docgen.config.certification.dataset import DataProvinceUnits, Unit, cached, load_dataset_file
from docgen.config.certification.figures import Figures, FiguresTable, figures_view, load_figures
from docgen.config.certification.schema import (
    BLANK_NAME, BLANK_NUMBER, DEFAULT_ISSUER, DEFAULT_SIGNER_POSITION, DEFAULT_STATEMENT, DEFAULT_TITLE,
    SURVEYS, Certificate, Certification, Signatory,
)
from docgen.config.loader import ConfigError, Problem, YamlDocument, load_yaml
from docgen.config.models import Person, Personnel
from docgen.emblem import DEFAULT_EMBLEM
from docgen.templating import keep_together, make_environment
from docgen.thai import be_year, thai_date

__all__ = ["Certificate", "Certification", "load_certification"]


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
    """Load, validate and render every certification a config describes
    (one blank form with ``blank: true``).

    ``overrides`` replace top-level keys of the config (the batch command's
    ``--scope``, ``--province``, ``--district``, ``--data``)."""
    path = Path(path)
    doc, config = _config(path, overrides)
    if config.blank:
        return [_blank_form(path, doc, config)]
    for key in ("data", "figures", "date"):
        if getattr(config, key) is None:
            raise ConfigError([doc.problem((key,), "required field is missing (or set blank: true for a form)")])

    files = [config.data] if isinstance(config.data, str) else list(config.data)
    provinces: list[DataProvinceUnits] = []
    for index, name in enumerate(files):
        loc = ("data",) if isinstance(config.data, str) else ("data", index)
        units = cached(_data_path(doc, loc, name), load_dataset_file)
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
    table = cached(figures_path, load_figures)
    _check_figures(config, doc, table, provinces, units)
    make = _Maker(path, doc, config)
    date_line = f"ให้ไว้ ณ วันที่ {make.base['date']}"
    number_year = config.number.year or be_year(config.date)

    # Names are checked against every unit in scope (inferred ones too), so the
    # same config validates with and without --include-unverified.
    positions_used: set[str] = set()
    for unit in sorted(in_scope, key=lambda u: u.path):
        located = table.rows.get(unit.code)
        context = make.context(unit, located.row if located else _NO_FIGURES)
        for role in ("signer", "countersigner"):
            if (role, "position") in make.fields:
                positions_used.add(make.templates.render((role, "position"), context, unit))
    certificates: list[Certificate] = []
    serial = config.number.start
    for unit in sorted(units, key=lambda u: u.path):
        located = table.rows.get(unit.code)
        figures = located.row if located else config.default_figures
        if figures is None:  # reported by _check_figures
            continue
        register = located.row.number if located and located.row.number else serial
        if serial is not None:
            serial += 1
        n = str(register) if register is not None else BLANK_NUMBER
        warning = _warning(unit)
        certificates.append(make.certificate(unit, figures, n, number_year, date_line, table.sample,
                                             [warning] if warning else []))
    make.check()
    unused = [p for p in config.names if p not in positions_used]
    if unused:
        raise ConfigError([doc.problem(("names", p), f"no certification in scope is signed by {p!r}", at_key=True)
                           for p in unused])
    return certificates


def _config(path: Path, overrides: dict[str, Any] | None) -> tuple[YamlDocument, Certification]:
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
    return doc, doc.validate(Certification, data)


def _blank_form(path: Path, doc: YamlDocument, config: Certification) -> Certificate:
    """The one form of a ``blank: true`` config: what names a unit is refused."""
    for key in ("data", "figures", "default_figures", "province", "district", "names"):
        if getattr(config, key):
            raise ConfigError([doc.problem((key,), f"a blank form names no unit: remove {key}", at_key=True)])
    make = _Maker(path, doc, config)
    year = str(config.number.year) if config.number.year else blank.dots(8)
    form = make.certificate(blank.blank_unit(config.scope), None, BLANK_NUMBER, year,
                            f"ให้ไว้ ณ วันที่ {make.base['date']}" if config.date else blank.DATE_LINE, False, [])
    make.check()
    return form


class _Maker:
    """What every certification of a config shares: signers, emblem, compiled texts."""

    def __init__(self, path: Path, doc: YamlDocument, config: Certification):
        self.config = config
        self.signers = _signers(doc, config)
        self.emblem = DEFAULT_EMBLEM
        if config.emblem:
            self.emblem = path.parent / config.emblem
            if not self.emblem.is_file():
                raise ConfigError([doc.problem(("emblem",), f"file not found: {self.emblem}")])
        self.templates = _Templates(doc, make_environment(template_dirs(path)))
        self.fields = _template_fields(config)
        for loc, source in self.fields.items():
            self.templates.add(loc, source)
        self.check()
        self.base = {"survey": _Survey(config.survey, *SURVEYS[config.survey]), "year": config.year,
                     "vars": config.vars,
                     "date": keep_together(thai_date(config.date, config.date_style)) if config.date else ""}

    def check(self) -> None:
        if self.templates.problems:
            raise ConfigError(self.templates.problems.values())

    def context(self, unit: Unit, figures: Figures | None) -> dict:
        return {**self.base, "unit": unit, "province": unit.province, "district": unit.district,
                "figures": figures_view(figures, self.config.survey)}

    def certificate(self, unit: Unit, figures: Figures | None, n: str, year: str, date_line: str,
                    sample: bool, warnings: list[str]) -> Certificate:
        config = self.config
        render = partial(self.templates.render, context=self.context(unit, figures), unit=unit)
        if config.number.form == "serial":
            number = f"เลขที่ {n}/{year}"
        else:
            number = f"ที่ {render(('number', 'code'))}/{n}"
        signatures = []
        for role in ("signer", "countersigner"):
            who = getattr(config, role)
            if role == "countersigner" and who is None:
                continue
            if role in self.signers:
                signatures.append(self.signers[role].lines())
                continue
            position = render((role, "position"))
            name = render((role, "name")) if who.name else config.names.get(position)
            signatures.append([f"({name})" if name else BLANK_NAME, position])
        return Certificate(
            name=f"{config.name_prefix}-{unit.path}",
            unit=unit,
            figures=figures,
            number=number,
            issuer=[render(("issuer", i)) for i in range(len(config.issuer or DEFAULT_ISSUER))],
            title=[render(("title", i)) for i in range(len(config.title or DEFAULT_TITLE))],
            paragraphs=[render(("statement",))] + [render(("paragraphs", i)) for i in range(len(config.paragraphs))],
            date_line=date_line,
            signatures=signatures,
            sample=sample,
            warnings=warnings,
            date=config.date,
            font=config.font,
            emblem=self.emblem,
            speed=config.speed,
            secrecy=config.secrecy,
        )


def _signers(doc: YamlDocument, config: Certification) -> dict[str, Person]:
    """Signers named by ``person:`` (an id in the personnel file)."""
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
    return signers


def _data_path(doc: YamlDocument, loc: tuple, value: str) -> Path:
    """The data-set file a config names at ``loc`` (relative to the config)."""
    target = Path(doc.file).parent / value
    if not target.is_file():
        raise ConfigError([doc.problem(loc, f"file not found: {target}")])
    return target




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
            problems.append(Problem(table.file, located.line, located.column,
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
