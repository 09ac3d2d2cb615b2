"""Configuration of appointment orders (คำสั่ง, แบบที่ ๔, spec §12).

One ``kind: order`` file describes either one order (the province's working
team) or, with ``districts:``, one order per district file: the shared text
(subject, preamble, duties, date) is written once in the main file and every
district file adds what is its own (name, number, signer, members).  A key
in a district file replaces the main file's value of the same key.

Every text is a Jinja2 template that sees ``vars``, ``schedule`` (deadlines
by activity id), ``district`` (``code``, ``name`` "อำเภอเมืองลพบุรี",
``short_name`` "เมืองลพบุรี"), ``baht(amount)``, which writes an amount
as orders state money: ``{{ baht(50000) }}`` -> ``50,000 บาท (ห้าหมื่นบาทถ้วน)``
(printed ``๕๐,๐๐๐ บาท (ห้าหมื่นบาทถ้วน)``), and ``nobreak(text)``, which glues
a reference (``ลงวันที่ ...``, ``มาตรา 65``) so no line break splits it.
(These are functions, not filters: ``render_texts`` takes a context only.)

Roles are checked per committee: each role must be known, both role families
(กรรมการ / คณะทำงาน) are not mixed, exactly one chair, and the roles come in
the order chair, vice-chairs, members, secretary, assistant secretaries
(spec §12 item 7, check 21).  A number whose year is not the date's BE year
is a warning, not an error (an order signed on 2 January may still carry last
year's number in a draft, but someone should look).

The schema is in :mod:`.schema`, the role checks in :mod:`.roles`.

Example::

    bundles = load_orders(Path("config/lopburi-jpt-2562/orders/district-teams.yaml"))
    [b.name for b in bundles][:1]   # ['order-1601-เมืองลพบุรี']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.config import load_schedule, organisation_of, person, referenced, render_texts, schedule_view
from docgen.config import schedule_warnings
from docgen.config.loader import ConfigError, Problem, YamlDocument, load_yaml
from docgen.config.models import Personnel
from docgen.config.orders.roles import FAMILY_NAMES, ROLES, check_committees, family_of
from docgen.config.orders.schema import (
    Committee, DistrictFile, DistrictView, OrderBundle, OrderFields, OrderFile, Signer, baht,
    nobreak, parse_number,
)
from docgen.emblem import DEFAULT_EMBLEM
from docgen.thai import be_year, parse_iso_date

__all__ = ["FAMILY_NAMES", "ROLES", "Committee", "OrderBundle", "baht", "family_of", "load_orders"]

REQUIRED = ("number", "date", "subject", "preamble", "committees", "signer")
_MAIN_KEEP = {"districts", "effective"}
_DISTRICT_KEEP = {"code", "name", "effective"}


def load_orders(path: Path) -> list[OrderBundle]:
    """Every order ``path`` describes; :class:`ConfigError` with every problem found."""
    path = Path(path)
    doc = load_yaml(path)
    raw = doc.validate(OrderFile)
    organisation, emblem = None, DEFAULT_EMBLEM
    organisation_file = Path(doc.file).parent / raw.organisation if raw.organisation else None
    if raw.organisation:
        organisation, emblem = organisation_of(doc, "organisation", raw.organisation)
    personnel = referenced(doc, "personnel", raw.personnel).validate(Personnel) if raw.personnel else None
    # Rules counting from "letter" count from the order's date (of the main file).
    resolved = load_schedule(doc, raw.schedule, raw.date) if raw.schedule else None
    shared = _Shared(doc, raw, organisation, emblem, personnel, resolved, organisation_file)

    if not raw.districts:
        return [shared.order(path.stem)]
    problems: list[Problem] = []
    orders: list[OrderBundle] = []
    seen: dict[str, int] = {}
    for index, relative in enumerate(raw.districts):
        try:
            district_doc = _district_file(doc, index, relative)
            district = district_doc.validate(DistrictFile)
            if district.code in seen:
                first = seen[district.code]
                message = f"district {district.code} is listed twice (first as districts[{first}])"
                raise ConfigError([doc.problem(("districts", index), message)])
            seen[district.code] = index
            view = DistrictView(district.code, district.name)
            orders.append(shared.order(f"order-{view.code}-{view.short_name}", district_doc, view))
        except ConfigError as error:
            problems += error.problems
    if problems:
        raise ConfigError(list(dict.fromkeys(problems)))
    return orders


def _district_file(doc: YamlDocument, index: int, relative: str) -> YamlDocument:
    target = Path(doc.file).parent / relative
    if not target.is_file():
        raise ConfigError([doc.problem(("districts", index), f"file not found: {target}")])
    return load_yaml(target)


@dataclass
class _Shared:
    doc: YamlDocument
    raw: OrderFile
    organisation: Any
    emblem: Path
    personnel: Personnel | None
    resolved: Any  # the schedule, its rules resolved (docgen.workdays.resolve.ResolvedSchedule), or None
    organisation_file: Path | None = None

    def context(self, district: DistrictView | None) -> dict[str, Any]:
        context = {"vars": self.raw.vars, "schedule": schedule_view(self.resolved), "baht": baht,
                   "nobreak": nobreak, "organisation": self.organisation}
        if district is not None:
            context["district"] = district
        return context

    def order(self, name: str, district_doc: YamlDocument | None = None,
              district: DistrictView | None = None) -> OrderBundle:
        context = self.context(district)
        problems: list[Problem] = []
        main = _rendered(self.doc, OrderFile, context, _MAIN_KEEP, problems)
        own = _rendered(district_doc, DistrictFile, context, _DISTRICT_KEEP, problems) if district_doc else None
        # The members of each file are checked even when the other file has
        # problems, so one run lists them all.
        for fields, fields_doc in ((main, self.doc), (own, district_doc)):
            if fields is not None and fields.committees:
                problems += check_committees(fields_doc, fields.committees)
        if problems:
            raise ConfigError(problems)
        # Each value with the document it came from, so a problem names that file.
        values: dict[str, tuple[Any, YamlDocument]] = {
            key: (getattr(main, key), self.doc) for key in OrderFields.model_fields if key in main.model_fields_set
        }
        if own is not None:
            values.update({key: (getattr(own, key), district_doc) for key in OrderFields.model_fields
                           if key in own.model_fields_set})
        where = district_doc or self.doc
        for key in REQUIRED:
            if values.get(key, (None,))[0] is None:
                also = f" (here or in {Path(self.doc.file).name})" if district_doc else ""
                problems.append(where.problem((key,), f"required field is missing{also}"))
        if problems:
            raise ConfigError(problems)

        committees = values["committees"][0]
        signer_lines = self._signer(*values["signer"], problems)
        issuer = self._issuer(values, district, where, problems)
        if problems:
            raise ConfigError(problems)

        number_text, number_doc = values["number"]
        when = values["date"][0]
        number, year = (None, be_year(when)) if number_text == "auto" else parse_number(number_text)
        warnings = []
        if year != be_year(when):
            where_number = number_doc.problem(("number",), "")
            warnings.append(
                f"{where_number.file}:{where_number.line}:{where_number.column}: number: the number's year {year} "
                f"is not the year of the date {when.isoformat()} (พ.ศ. {be_year(when)}); orders are numbered "
                "per calendar year (spec §6)"
            )

        def get(key: str, default: Any = None) -> Any:
            given = values.get(key, (None,))[0]
            return default if given is None else given

        warnings += schedule_warnings(self.resolved, context["schedule"])
        effective = get("effective", "now")
        return OrderBundle(
            name=name,
            issuer=issuer,
            number=number,
            year=year,
            date=when,
            subject=get("subject"),
            preamble=list(get("preamble")),
            committees=list(committees),
            duties_intro=get("duties_intro"),
            duties=list(get("duties", [])),
            paragraphs=list(get("paragraphs", [])),
            effective=None if effective == "now" else parse_iso_date(effective),
            signer_lines=signer_lines,
            emblem=self.emblem,
            font=self.organisation.font if self.organisation else "TH SarabunPSK",
            bold_titles=get("bold_titles", True),
            listed_as=get("listed_as"),
            district=district,
            warnings=warnings,
            speed=get("speed"),
            secrecy=get("secrecy"),
            source=Path(self.doc.file),
            id=self._id(values, district),
            organisation_file=self.organisation_file,
            register=self.organisation.register_url if self.organisation else None,
        )

    def _id(self, values: dict, district: DistrictView | None) -> str | None:
        """An id given for this order; a district order's own, or the main file's with the district's code."""
        given, given_in = values.get("id", (None, None))
        if given and district is not None and given_in is self.doc:
            return f"{given}#{district.code}"
        return given

    def _signer(self, signer: str | Signer, doc: YamlDocument, problems: list[Problem]) -> list[str]:
        if isinstance(signer, Signer):
            return signer.lines()
        if self.personnel is None:
            problems.append(doc.problem(("signer",), f"{signer!r} is a person id, but no personnel file is "
                                        "named (personnel: ...); or write signer: {position: ...}"))
            return []
        try:
            return person(doc, ("signer",), self.personnel, signer, self.raw.personnel).lines()
        except ConfigError as error:
            problems += error.problems
            return []

    def _issuer(self, values: dict, district: DistrictView | None, where: YamlDocument,
                problems: list[Problem]) -> str:
        issuer = values.get("issuer", (None,))[0]
        if issuer:
            return issuer
        if district is not None:
            return district.name
        if self.organisation is not None:
            return self.organisation.name
        problems.append(where.problem(("issuer",), "required field is missing (or name an organisation file)"))
        return ""


def _rendered(doc: YamlDocument, model, context: dict, keep: set[str], problems: list[Problem]):
    try:
        return render_texts(doc, model, context, keep=keep)
    except ConfigError as error:
        problems += error.problems
        return None
