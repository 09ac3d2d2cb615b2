"""Which units a certification config covers, and whether each has its figures.

>>> from docgen.config.certification.schema import Certification
>>> config = Certification(kind="certification", scope="lao", year=2562, province="16", district="1602")
>>> rejected_in_scope(config, Rejected("16/1602/x", (), "16", "1602"))
True
"""

from __future__ import annotations

from docgen.config.certification.dataset import DataProvinceUnits, Rejected, Unit
from docgen.config.certification.figures import FiguresTable
from docgen.config.certification.schema import Certification
from docgen.config.loader import ConfigError, Problem, YamlDocument


def units_in_scope(config: Certification, doc: YamlDocument, provinces: list[DataProvinceUnits]) -> list[Unit]:
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


def rejected_in_scope(config: Certification, rejected: Rejected) -> bool:
    """A left-out LAO counts in a batch over LAOs of its province (and district)."""
    if config.scope != "lao" or (config.province and rejected.province != config.province):
        return False
    return not config.district or rejected.district == config.district


def check_figures(config: Certification, doc: YamlDocument, table: FiguresTable,
                   provinces: list[DataProvinceUnits], units: list[Unit],
                   isolate: bool = False) -> dict[str, list[Problem]]:
    """Every unit to certify has figures (or there is a default); every row names a known unit,
    with its name if given; กชช.๒ค needs village counts.  Isolating, the problems of one
    unit are returned by unit code; the others are raised."""
    problems: list[Problem] = []
    own: dict[str, list[Problem]] = {}

    def of(code: str) -> list[Problem]:
        return own.setdefault(code, []) if isolate else problems
    known: dict[str, Unit] = {}
    for province in provinces:
        for unit in [province.province, *province.districts, *province.laos]:
            known[unit.code] = unit
    in_scope = {u.code for u in units}
    left_out = {r.code for province in provinces for r in province.rejected if r.code}
    for code, located in table.rows.items():
        unit = known.get(code)
        if isolate and (code in left_out or (unit is not None and code not in in_scope)):
            continue  # a unit left out for its data, or another batch's unit: reported there
        if unit is None:
            of(code).append(Problem(table.file, *located.where(),
                                    "unit" if located.in_csv else f"units.{code}",
                                    f"no unit {code} in the data (LAO codes look like 160101-sao, districts 1601, "
                                    "provinces 16)"))
            continue
        if located.row.name and located.row.name != unit.name:
            of(code).append(located.problem("name", f"unit {code} is {unit.name}, not {located.row.name}"))
    for unit in units:
        located = table.rows.get(unit.code)
        if located is None:
            if unit.code in table.rejected:  # its row has problems of its own, reported with them
                continue
            if config.default_figures is None:
                district = f", {unit.district.full_name_th}" if unit.district and unit.level == "lao" else ""
                of(unit.code).append(doc.problem(("figures",), f"{config.figures} has no figures for {unit.code} "
                                                          f"({unit.name}{district}); add them, or set default_figures"))
            continue
        if config.survey == "kchch2k" and located.row.villages_target is None:
            of(unit.code).append(located.problem("villages_target", f"กชช.๒ค needs villages_target and villages_surveyed "
                                                               f"for {unit.code} ({unit.name})"))
    if config.survey == "kchch2k" and config.default_figures and config.default_figures.villages_target is None:
        problems.append(doc.problem(("default_figures",), "กชช.๒ค needs villages_target and villages_surveyed"))
    if problems:
        raise ConfigError(problems)
    return own
