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

>>> parse_number("123/2561")
(123, 2561)
>>> baht(50000)
'50,000\\xa0บาท (ห้าหมื่นบาทถ้วน)'
>>> Signer(position="นายอำเภอเมืองลพบุรี").lines()[1]
'นายอำเภอเมืองลพบุรี'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from docgen.config import organisation_of, person, referenced, render_texts, schedule_view
from docgen.config.loader import ConfigError, Problem, YamlDocument, load_yaml
from docgen.config.models import Acting, Person, Personnel, Schedule, Strict
from docgen.emblem import DEFAULT_EMBLEM
from docgen.thai import be_year, parse_iso_date

NBSP = "\u00a0"

# Role -> (rank, family).  Rank orders the lines of a committee; family is
# "board" (คณะกรรมการ), "team" (คณะทำงาน) or None (fits either).
ROLES: dict[str, tuple[int, str | None]] = {
    "ประธานกรรมการ": (0, "board"),
    "ประธาน": (0, None),
    "ประธานคณะทำงาน": (0, "team"),
    "หัวหน้าคณะทำงาน": (0, "team"),
    "รองประธานกรรมการ": (1, "board"),
    "รองประธาน": (1, None),
    "รองประธานคณะทำงาน": (1, "team"),
    "รองหัวหน้าคณะทำงาน": (1, "team"),
    "กรรมการ": (2, "board"),
    "คณะทำงาน": (2, "team"),
    "กรรมการและเลขานุการ": (3, "board"),
    "คณะทำงานและเลขานุการ": (3, "team"),
    "กรรมการและผู้ช่วยเลขานุการ": (4, "board"),
    "คณะทำงานและผู้ช่วยเลขานุการ": (4, "team"),
}
RANK_NAMES = ("chair", "vice-chair", "member", "secretary", "assistant secretary")
FAMILY_NAMES = {"board": "คณะกรรมการ", "team": "คณะทำงาน"}

_NUMBER = re.compile(r"^([0-9๐-๙]+)/([0-9๐-๙]{4})$")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def parse_number(text: str) -> tuple[int, int]:
    """``"123/2561"`` (or Thai digits) -> (123, 2561); ValueError if malformed."""
    match = _NUMBER.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not an order number: write <number>/<BE year>, e.g. 123/2561")
    number, year = (int(part.translate(_TO_ARABIC)) for part in match.groups())
    if number < 1:
        raise ValueError(f"order numbers start at 1 each calendar year; {text!r} has {number}")
    return number, year


def baht(amount: float | int | str) -> str:
    """An amount as orders state it: digits with thousands separators, then
    the amount in words (pythainlp's bahttext) in parentheses.  The builder
    turns the digits Thai; a no-break space keeps the number with "บาท"."""
    from pythainlp.util import bahttext

    value = float(str(amount).replace(",", "").translate(_TO_ARABIC))
    if value < 0:
        raise ValueError(f"an amount of money cannot be negative: {amount!r}")
    digits = f"{value:,.2f}" if round(value * 100) % 100 else f"{round(value):,}"
    return f"{digits}{NBSP}บาท ({bahttext(value)})"


def nobreak(text: Any) -> str:
    """Spaces to no-break spaces, so a reference such as ``ที่ ลบ 0019/ว 4852``
    or ``ลงวันที่ 16 ตุลาคม 2561`` is never split by a line break (spec §3)."""
    return str(text).replace(" ", NBSP)


class Member(Strict):
    """One line of a committee: appointed by name and position, or by position only."""

    name: str | None = None  # e.g. นายสมชาย ใจดี; None: the holder of the position
    position: str  # position and organisation, e.g. พัฒนาการอำเภอเมืองลพบุรี
    role: str

    @field_validator("role")
    @classmethod
    def _role(cls, value: str) -> str:
        if value not in ROLES:
            raise ValueError(f"unknown role {value!r}; use one of: {', '.join(ROLES)}")
        return value


class Committee(Strict):
    heading: str | None = None  # e.g. คณะทำงานระดับอำเภอ (numbered ๑., ๒. when there are several)
    members: list[Member] = Field(min_length=1)


class Signer(Strict):
    """Who signs, when not a person of a personnel file.  Without a name the
    name line is a dotted blank in parentheses, for the signer to write in:
    docgen never makes up the name of a real office-holder."""

    name: str | None = None
    position: str
    acting: Acting | None = None

    def lines(self) -> list[str]:
        lines = Person(id="signer", name=self.name or "-", position=self.position, acting=self.acting).lines()
        if not self.name:
            lines[0] = f"({BLANK_NAME})"
        return lines


BLANK_NAME = "." * 55  # about 5 cm at 16 pt, the width of a written name


def _when(value: Any) -> Any:
    return parse_iso_date(str(value)) if isinstance(value, str) else value


class OrderFields(Strict):
    """What an order says; every key may sit in the main file or a district file."""

    issuer: str | None = None  # คำสั่ง<issuer>; default: the district's or organisation's name
    number: str | None = None  # <n>/<BE year>, e.g. 123/2561
    date: Date | None = None  # ISO (CE); printed สั่ง ณ วันที่ ๒๕ ตุลาคม พ.ศ. ๒๕๖๑
    subject: str | None = None  # after "เรื่อง", e.g. แต่งตั้งคณะทำงาน...
    preamble: list[str] | None = None  # reason, legal authority, "จึงแต่งตั้ง... ประกอบด้วย"
    committees: list[Committee] | None = None
    duties_intro: str | None = None  # default: ให้คณะทำงาน/คณะกรรมการมีอำนาจหน้าที่ ดังนี้
    duties: list[str] | None = None  # numbered ๑. ๒. ...
    paragraphs: list[str] | None = None  # after the duties: budget, reporting, ...
    effective: str | None = None  # "now" (ตั้งแต่บัดนี้เป็นต้นไป) or an ISO date
    signer: str | Signer | None = None  # an id of the personnel file, or {name?, position, acting?}
    listed_as: str | None = None  # how a letter lists it under สิ่งที่ส่งมาด้วย
    bold_titles: bool | None = None  # title lines bold (default) or regular, spec §20
    speed: Literal["ด่วนที่สุด", "ด่วนมาก", "ด่วน"] | None = None  # ชั้นความเร็ว, red on page 1 (§8)
    secrecy: Literal["ลับที่สุด", "ลับมาก", "ลับ"] | None = None  # ชั้นความลับ, every page (§8)

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return _when(value)

    @field_validator("number", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        if text.startswith("ที่"):
            raise ValueError('write the number without "ที่", e.g. 123/2561')
        parse_number(text)
        return text

    @field_validator("effective", mode="before")
    @classmethod
    def _effective(cls, value: Any) -> Any:
        if value is None or str(value).strip() == "now":
            return value if value is None else "now"
        try:
            parse_iso_date(str(value))
        except ValueError as error:
            raise ValueError(f"{error}; write now or a date YYYY-MM-DD") from None
        return str(value)

    @field_validator("subject")
    @classmethod
    def _subject(cls, value: str | None) -> str | None:
        if value is not None and value.startswith("เรื่อง"):
            raise ValueError('write the subject without "เรื่อง"')
        return value

    @field_validator("preamble", "committees")
    @classmethod
    def _not_empty(cls, value: list | None) -> list | None:
        if value is not None and not value:
            raise ValueError("needs at least 1 item")
        return value


class OrderFile(OrderFields):
    """A ``kind: order`` file: one order, or the shared part of district orders."""

    kind: Literal["order"] = "order"
    vars: dict[str, str | int | float] = Field(default_factory=dict)
    organisation: str | None = None  # organisation YAML: emblem, font, default issuer
    personnel: str | None = None  # personnel YAML, when signer is an id
    schedule: str | None = None  # schedule YAML, for {{ schedule.<id>.end_date }}
    districts: list[str] = Field(default_factory=list)  # one order per district file


class DistrictFile(OrderFields):
    """One district's part of a per-district order."""

    code: str = Field(pattern=r"^[0-9]{4}$")  # DOPA code, e.g. "1601"
    name: str = Field(pattern=r"^อำเภอ.+")  # e.g. อำเภอเมืองลพบุรี


@dataclass(frozen=True)
class DistrictView:
    """What templates see as ``district``."""

    code: str
    name: str  # อำเภอเมืองลพบุรี

    @property
    def short_name(self) -> str:  # เมืองลพบุรี
        return self.name.removeprefix("อำเภอ")


@dataclass(frozen=True)
class OrderBundle:
    """One order, merged, rendered and checked: what the builder needs."""

    name: str  # document name, e.g. order-1601-เมืองลพบุรี
    issuer: str
    number: int
    year: int  # BE year of the number
    date: Date
    subject: str
    preamble: list[str]
    committees: list[Committee]
    duties_intro: str | None
    duties: list[str]
    paragraphs: list[str]
    effective: Date | None  # None: ตั้งแต่บัดนี้เป็นต้นไป
    signer_lines: list[str]
    emblem: Path
    font: str
    bold_titles: bool
    listed_as: str | None
    district: DistrictView | None = None
    warnings: list[str] = field(default_factory=list)
    speed: str | None = None
    secrecy: str | None = None


REQUIRED = ("number", "date", "subject", "preamble", "committees", "signer")
_MAIN_KEEP = {"districts", "effective"}
_DISTRICT_KEEP = {"code", "name", "effective"}


def load_orders(path: Path) -> list[OrderBundle]:
    """Every order ``path`` describes; :class:`ConfigError` with every problem found."""
    path = Path(path)
    doc = load_yaml(path)
    raw = doc.validate(OrderFile)
    organisation, emblem = None, DEFAULT_EMBLEM
    if raw.organisation:
        organisation, emblem = organisation_of(doc, "organisation", raw.organisation)
    personnel = referenced(doc, "personnel", raw.personnel).validate(Personnel) if raw.personnel else None
    schedule = referenced(doc, "schedule", raw.schedule).validate(Schedule) if raw.schedule else None
    shared = _Shared(doc, raw, organisation, emblem, personnel, schedule_view(schedule))

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
    schedule: Any

    def context(self, district: DistrictView | None) -> dict[str, Any]:
        context = {"vars": self.raw.vars, "schedule": self.schedule, "baht": baht, "nobreak": nobreak,
                   "organisation": self.organisation}
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
        number, year = parse_number(number_text)
        when = values["date"][0]
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
        )

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


def family_of(committees: list[Committee]) -> set[str]:
    """The role families ("board", "team") the committees use."""
    return {ROLES[m.role][1] for c in committees for m in c.members if ROLES[m.role][1]}


def check_committees(doc: YamlDocument, committees: list[Committee]) -> list[Problem]:
    """Chair, order and family of the roles of each committee, placed at the role's line."""
    problems: list[Problem] = []
    for c_index, committee in enumerate(committees):
        loc = ("committees", c_index, "members")
        chairs = [i for i, m in enumerate(committee.members) if ROLES[m.role][0] == 0]
        if not chairs:
            problems.append(doc.problem(loc, "a committee needs exactly one chair "
                                        "(ประธานกรรมการ, ประธาน, ประธานคณะทำงาน or หัวหน้าคณะทำงาน); it has none",
                                        at_key=True))
        for extra in chairs[1:]:
            first = committee.members[chairs[0]].role
            problems.append(doc.problem((*loc, extra, "role"), f"a committee has exactly one chair; "
                                        f"members[{chairs[0]}] is already {first}"))
        secretaries = [i for i, m in enumerate(committee.members) if ROLES[m.role][0] == 3]
        for extra in secretaries[1:]:
            first = committee.members[secretaries[0]].role
            problems.append(doc.problem((*loc, extra, "role"), f"a committee has one secretary; "
                                        f"members[{secretaries[0]}] is already {first}"))
        family, family_at = None, None
        highest = 0
        for m_index, member in enumerate(committee.members):
            rank, member_family = ROLES[member.role]
            if member_family and family and member_family != family:
                problems.append(doc.problem((*loc, m_index, "role"),
                                            f"{member.role} is a {FAMILY_NAMES[member_family]} role, but "
                                            f"members[{family_at}] is a {FAMILY_NAMES[family]} role; "
                                            "use one family per committee"))
            elif member_family and not family:
                family, family_at = member_family, m_index
            if rank < highest and m_index not in chairs[1:]:
                before = next(m for m in committee.members[:m_index] if ROLES[m.role][0] == highest)
                tail = " (the secretary lines come last)" if highest >= 3 else ""
                problems.append(doc.problem((*loc, m_index, "role"),
                                            f"{member.role} ({RANK_NAMES[rank]}) comes after {before.role} "
                                            f"({RANK_NAMES[highest]}): list the chair, vice-chairs, members, "
                                            f"secretary, assistant secretaries in that order{tail}"))
            highest = max(highest, rank)
    return problems
