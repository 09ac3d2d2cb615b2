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
from docgen.config.certification.dataset import (
    DataProvinceUnits, Rejected, Unit, cached, load_dataset_file, load_dataset_file_isolated,
)
from docgen.config.certification.figures import (
    Figures, figures_view, load_figures, load_figures_isolated,
)
from docgen.config.certification.scope import check_figures, rejected_in_scope, units_in_scope
from docgen.config.certification.schema import (
    BLANK_NAME, BLANK_NUMBER, DEFAULT_ISSUER, DEFAULT_SIGNER_POSITION, DEFAULT_STATEMENT, DEFAULT_TITLE,
    SURVEYS, Certificate, Certification, Signatory,
)
from docgen.config.loader import ConfigError, Problem, YamlDocument, load_yaml
from docgen.config.models import Person, Personnel
from docgen.emblem import DEFAULT_EMBLEM
from docgen.templating import keep_together, make_environment
from docgen.thai import be_year, thai_date

__all__ = ["Certificate", "Certification", "Rejected", "load_certification", "load_certification_isolated"]


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
    (one blank form with ``blank: true``); any problem is a :class:`ConfigError`.

    ``overrides`` replace top-level keys of the config (the batch command's
    ``--scope``, ``--province``, ``--district``, ``--data``)."""
    return _load(Path(path), include_unverified, overrides, isolate=False)[0]


def load_certification_isolated(path: Path, include_unverified: bool = False,
                                overrides: dict[str, Any] | None = None
                                ) -> tuple[list[Certificate], list[Rejected]]:
    """As :func:`load_certification`, for batches: a unit with problems of its own
    (its data-set entry, its figures, a text that fails for it) is left out and
    returned with its problems, so the other units go on; a problem of the
    config or of a whole file is still a :class:`ConfigError`."""
    return _load(Path(path), include_unverified, overrides, isolate=True)


def _load(path: Path, include_unverified: bool, overrides: dict[str, Any] | None,
          isolate: bool) -> tuple[list[Certificate], list[Rejected]]:
    doc, config = _config(path, overrides)
    if config.blank:
        return [_blank_form(path, doc, config)], []
    for key in ("data", "figures", "date"):
        if getattr(config, key) is None:
            raise ConfigError([doc.problem((key,), "required field is missing (or set blank: true for a form)")])

    files = [config.data] if isinstance(config.data, str) else list(config.data)
    provinces: list[DataProvinceUnits] = []
    for index, name in enumerate(files):
        loc = ("data",) if isinstance(config.data, str) else ("data", index)
        units = cached(_data_path(doc, loc, name), load_dataset_file_isolated if isolate else load_dataset_file)
        twin = next((p for p in provinces if p.province.code == units.province.code), None)
        if twin:
            raise ConfigError([doc.problem(loc, f"province {units.province.code} is also in {twin.file}")])
        provinces.append(units)

    in_scope = units_in_scope(config, doc, provinces)
    rejected = [r for p in provinces for r in p.rejected if rejected_in_scope(config, r)]
    units = [u for u in in_scope if include_unverified or u.status != "inferred"]
    if not units and not rejected:
        skipped = len(in_scope) - len(units)
        raise ConfigError([doc.problem(("scope",), f"nothing to certify: all {skipped} LAO(s) in scope have status "
                                                   "inferred; check them, or pass --include-unverified")])

    figures_path = path.parent / config.figures
    if not figures_path.is_file():
        raise ConfigError([doc.problem(("figures",), f"file not found: {figures_path}")])
    table = cached(figures_path, load_figures_isolated if isolate else load_figures)
    own = check_figures(config, doc, table, provinces, units, isolate)
    for unit in units:
        problems = table.rejected.get(unit.code, []) + own.get(unit.code, [])
        if problems:
            rejected.append(Rejected(unit.key, tuple(problems), unit.province.code,
                                     unit.district.code if unit.district else None))
    codes = {u.code for u in units}
    rejected += [Rejected(code, tuple(found), "") for code, found in own.items() if code not in codes]  # no such unit
    units = [u for u in units if u.code not in table.rejected and u.code not in own]
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
    if isolate:  # a text that fails for one unit fails its certification below, not the batch
        make.templates.problems.clear()
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
        before = dict(make.templates.problems)
        certificate = make.certificate(unit, figures, n, number_year, date_line, table.sample,
                                       [warning] if warning else [])
        failed = [p for loc, p in make.templates.problems.items() if loc not in before]
        if isolate and failed:  # a text that fails for this unit only
            make.templates.problems = before
            rejected.append(Rejected(unit.key, tuple(failed), unit.province.code,
                                     unit.district.code if unit.district else None))
            continue
        certificates.append(certificate)
    make.check()
    unused = [p for p in config.names if p not in positions_used]
    if unused:
        raise ConfigError([doc.problem(("names", p), f"no certification in scope is signed by {p!r}", at_key=True)
                           for p in unused])
    return certificates, rejected


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
