"""The configuration schema (pydantic v2): what a clerk writes in YAML.

Every model forbids unknown keys, so a misspelt key is an error with its line,
not a silently ignored value.  Text fields may hold Arabic or Thai digits; the
builders convert digits when they typeset.  Dates are ISO ``YYYY-MM-DD`` (CE);
schedule periods may also be a month, ``YYYY-MM``.

>>> Person.model_validate({"id": "p", "name": "นายก ข", "position": "นายอำเภอ"}).lines()
['(นายก ข)', 'นายอำเภอ']
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from docgen.thai import parse_iso_date, thai_phone

ACTING_PHRASES = ("ปฏิบัติราชการแทน", "รักษาราชการแทน", "รักษาการในตำแหน่ง", "แทน")

# Salutation -> the closings it may pair with (spec §16, ภาคผนวก 2).
CLOSINGS = {
    "เรียน": ("ขอแสดงความนับถือ",),
    "กราบเรียน": ("ขอแสดงความนับถืออย่างยิ่ง",),
    "นมัสการ": (
        "ขอนมัสการด้วยความเคารพ",
        "ขอนมัสการด้วยความเคารพอย่างสูง",
        "ขอนมัสการด้วยความเคารพอย่างยิ่ง",
    ),
}
ROYAL_FORMS = ("ขอพระราชทานกราบบังคมทูล", "กราบบังคมทูล", "กราบทูล", "ทูล")

AUTO = "auto"  # number: auto -- the next number of the register (docgen.register)
_LETTER_NUMBER = re.compile(r"^[ก-ฮ]{2,3} [0-9๐-๙]{4}(\.[0-9๐-๙]+)*/(ว ?)?[0-9๐-๙]+$")


def check_number(value: str | None, what: str, example: str) -> str | None:
    """A document number as typed (without "ที่"): ``ลบ 0019/ว 4852``, ``มท 0201.2/1187``."""
    if value is None or value == AUTO:
        return value
    if value.startswith("ที่"):
        raise ValueError(f'write the number without "ที่", e.g. "{example}"')
    if not _LETTER_NUMBER.match(value):
        raise ValueError(
            f"{value!r} is not a {what} number: <2-3 letter code> <4-digit owner>"
            f"[.<sub>]/[ว ]<register no.>, e.g. '{example}'"
        )
    return value


def check_salutation(value: str, what: str) -> str:
    """A salutation of the regulation's annex 2; royal forms are refused."""
    if value.startswith(ROYAL_FORMS):
        raise ValueError(f"royal and Sangharaja forms are not supported; write those {what} by hand")
    if value not in CLOSINGS:
        raise ValueError(f"salutation must be one of {', '.join(CLOSINGS)}")
    return value


def check_register(value: str | None) -> str | None:
    """An organisation's ``register:``: a PostgreSQL URL or an SQLite file."""
    from docgen.register.location import check_url

    return None if value is None else check_url(value)


def compose_number(number: str | None, register: int | None, code: str | None, circular: bool = False) -> str:
    """The number after "ที่": given whole, or the organisation's code + register."""
    if number:
        return number
    if not code:
        raise ValueError("register needs the organisation's code (code: ลบ 0019 in the organisation file)")
    return f"{code}/{'ว ' if circular else ''}{register}"


def check_one_number(value: int | None, info: ValidationInfo) -> int | None:
    """``register`` and ``number`` are alternatives."""
    if value is not None and info.data.get("number"):
        raise ValueError("give either number or register, not both")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _phone(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        thai_phone(str(value))
    except ValueError as error:
        raise ValueError(str(error)) from None
    return str(value)


class Responsible(Strict):
    name: str
    phone: str | None = None
    _check = field_validator("phone", mode="before")(_phone)


class Owner(Strict):
    """ส่วนราชการเจ้าของเรื่อง: the office that owns the matter (foot of the letter)."""

    office: str
    unit: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
    url: str | None = None
    responsible: Responsible | None = None
    _check = field_validator("phone", "fax", mode="before")(_phone)


class Organisation(Strict):
    """The issuing organisation (ส่วนราชการเจ้าของหนังสือ)."""

    name: str
    code: str | None = Field(default=None, pattern=r"^[ก-ฮ]{2,3} [0-9๐-๙]{4}(\.[0-9๐-๙]+)*$")  # ลบ 0019
    address: list[str] = Field(min_length=1, max_length=3)
    postal_code: str | None = Field(default=None, pattern=r"^[0-9๐-๙]{5}$")  # ends the last address line
    owner: Owner
    motto: str | None = None
    emblem: str | None = None  # path to the Garuda image; None: the default
    # The font the DOCX names (spec §2); the PDF embeds a metric-compatible one.
    font: Literal["TH SarabunPSK", "TH Sarabun New", "TH SarabunIT๙"] = "TH SarabunPSK"
    # The register of number: auto: a postgresql:// URL, or an SQLite file (default: register.sqlite here).
    register_url: str | None = Field(default=None, alias="register")

    _register = field_validator("register_url")(lambda cls, v: check_register(v))


class Acting(Strict):
    phrase: Literal["ปฏิบัติราชการแทน", "รักษาราชการแทน", "รักษาการในตำแหน่ง", "แทน"]
    principal: str  # the position acted for, e.g. ผู้ว่าราชการจังหวัดลพบุรี


class Person(Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    name: str
    position: str
    acting: Acting | None = None

    def lines(self) -> list[str]:
        """The signature lines under the blank space (§17)."""
        out = [f"({self.name})"]
        if self.acting is None:
            out.append(self.position)
        elif self.acting.phrase == "รักษาการในตำแหน่ง":
            out += [self.position, f"{self.acting.phrase}{self.acting.principal}"]
        else:
            out += [f"{self.position} {self.acting.phrase}", self.acting.principal]
        return out


class Personnel(Strict):
    people: list[Person] = Field(min_length=1)

    _unique = field_validator("people")(lambda cls, v: _unique_ids(v, "person"))


def _unique_ids(items: list, what: str) -> list:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"{what} id {item.id!r} is used twice")
        seen.add(item.id)
    return items


def parse_when(value: object) -> tuple[date, str]:
    """``"2019-02-22"`` -> (date, "day"); ``"2018-10"`` -> (1 Oct 2018, "month")."""
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return parse_iso_date(text + "-01"), "month"
    return parse_iso_date(text), "day"


OnHoliday = Literal["error", "warn", "next_working_day", "previous_working_day"]
_REFERENCE = r"^[a-z0-9_]+(\.(start|end))?$"


class Rule(Strict):
    """A date relative to another: ``{after: survey_start, working_days: 10}``,
    ``{before: report.start, days: 3}``, ``{end_of_month: letter}``.

    The reference is an activity id (its end; ``id.start`` for its start) or
    ``letter`` (the date of the letter, memo or order that loads the schedule,
    or the schedule's ``letter_date:``).  Working days skip weekends and
    government holidays (docs/calendar.md).

    >>> Rule.model_validate({"after": "survey_start", "working_days": 10}).describe()
    '10 working days after survey_start'
    """

    after: str | None = Field(default=None, pattern=_REFERENCE)
    before: str | None = Field(default=None, pattern=_REFERENCE)
    end_of_month: str | None = Field(default=None, pattern=_REFERENCE)
    days: int | None = Field(default=None, ge=0)
    working_days: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_shape(self) -> "Rule":
        anchors = [k for k in ("after", "before", "end_of_month") if getattr(self, k) is not None]
        counts = [k for k in ("days", "working_days") if getattr(self, k) is not None]
        if len(anchors) != 1:
            raise ValueError("a date rule takes one of after:, before: or end_of_month:, e.g. "
                             "{after: survey_start, working_days: 10}")
        if anchors[0] == "end_of_month" and counts:
            raise ValueError("end_of_month: takes no days: or working_days:")
        if anchors[0] != "end_of_month" and len(counts) != 1:
            raise ValueError(f"{anchors[0]}: needs one of days: or working_days:")
        return self

    @property
    def reference(self) -> str:
        """What the rule counts from: ``survey_start``, ``x.start``, ``letter``."""
        return self.after or self.before or self.end_of_month or ""

    @property
    def key(self) -> str:
        return "after" if self.after else "before" if self.before else "end_of_month"

    def describe(self) -> str:
        if self.end_of_month:
            return f"end of the month of {self.end_of_month}"
        n, unit = (self.working_days, "working day") if self.working_days is not None else (self.days, "day")
        return f"{n} {unit}{'' if n == 1 else 's'} {self.key} {self.reference}"


class Activity(Strict):
    """One line of the action plan, and the dates a letter may quote from it.

    ``start`` and ``end`` are dates (``YYYY-MM-DD``, or ``YYYY-MM`` for a whole
    month) or rules (:class:`Rule`).  ``on_holiday`` overrides the schedule's
    choice for this activity's deadline."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    start: str | Rule
    end: str | Rule | None = None
    units: list[str] = Field(default_factory=list)
    in_plan: bool = True  # False: a milestone quoted by letters but not a table row
    repeat_month: bool = False  # write "๑ ต.ค. - ๓๑ ต.ค. ๖๑" rather than "๑ - ๓๑ ต.ค. ๖๑"
    on_holiday: OnHoliday | None = None

    @field_validator("id")
    @classmethod
    def _not_letter(cls, value: str) -> str:
        if value == "letter":
            raise ValueError("'letter' is reserved for the letter's date in date rules; choose another id")
        return value

    @field_validator("start", "end", mode="before")
    @classmethod
    def _when(cls, value: object) -> object:
        if value is None or isinstance(value, (dict, Rule)):
            return value
        try:
            parse_when(value)
        except ValueError as error:
            raise ValueError(f"{error}; write YYYY-MM-DD (or YYYY-MM for a whole month), "
                             "or a rule such as {after: survey_start, working_days: 10}") from None
        return str(value)

    @field_validator("end")
    @classmethod
    def _order(cls, value, info: ValidationInfo):
        start = info.data.get("start")
        if isinstance(value, str) and isinstance(start, str) and parse_when(value)[0] < parse_when(start)[0]:
            raise ValueError(f"end {value} is before start {start}")
        return value


class Schedule(Strict):
    title: str | None = None
    units: dict[str, str] = Field(default_factory=dict)  # abbreviation -> full name
    # A deadline on a weekend or government holiday: an error, a warning, or moved.
    on_holiday: OnHoliday = "warn"
    holidays: str | None = None  # an office's overrides file (add:/remove:), relative to the schedule
    letter_date: date | None = None  # what "letter" means in rules when no letter loads the schedule
    activities: list[Activity] = Field(min_length=1)

    _unique = field_validator("activities")(lambda cls, v: _unique_ids(v, "activity"))

    @field_validator("letter_date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        return parse_iso_date(str(value)) if isinstance(value, str) else value

    def get(self, activity_id: str) -> Activity | None:
        return next((a for a in self.activities if a.id == activity_id), None)


class Enclosure(Strict):
    """One line of สิ่งที่ส่งมาด้วย.  With ``document`` (a docgen config, or a list
    of them, relative to the letter) the enclosure is rendered into the package,
    and its title defaults to the one the (first) document gives itself.  With
    ``file`` (a PDF, e.g. a department's guidelines) it is enclosed as it is."""

    title: str | None = None
    document: str | list[str] | None = None
    file: str | None = Field(default=None, pattern=r"(?i)\.pdf$")
    quantity: str = "๑ ชุด"

    @model_validator(mode="after")
    def _named(self) -> "Enclosure":
        if self.title is None and self.document is None:
            raise ValueError("an enclosure needs a title or a document" +
                             (" (a file: needs a title:)" if self.file else ""))
        if self.document is not None and self.file is not None:
            raise ValueError("give document: (rendered) or file: (enclosed as it is), not both")
        if isinstance(self.document, list) and not self.document:
            raise ValueError("document: lists no file")
        return self

    @property
    def documents(self) -> list[str]:
        """The docgen configs this enclosure renders, in order."""
        if self.document is None:
            return []
        return [self.document] if isinstance(self.document, str) else list(self.document)


class Item(Strict):
    text: str
    items: list[str] = Field(default_factory=list)


class Section(Strict):
    """A numbered section "๑. <heading>" with sub-items "๑.๑" and/or paragraphs."""

    heading: str
    items: list[str | Item] = Field(default_factory=list)
    paragraphs: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> "Section":
        if not self.items and not self.paragraphs:
            raise ValueError("a section needs items or paragraphs")
        return self


class Letter(Strict):
    """An external letter or circular (หนังสือภายนอก / หนังสือเวียน), แบบที่ ๑."""

    kind: Literal["letter"] = "letter"
    organisation: str  # path of the organisation YAML, relative to this file
    personnel: str
    schedule: str | None = None
    vars: dict[str, str | int] = Field(default_factory=dict)  # values templates may use: {{ vars.year }}
    id: str | None = None  # the letter's id in the number register (default: its path)
    number: str | None = None  # the whole number, e.g. "ลบ 0019/ว 4852", or auto; or:
    # The register number (YAML key "register"), written after the organisation's code.
    register_number: int | None = Field(default=None, ge=1, alias="register")
    circular: bool = False  # หนังสือเวียน: "ว" before the register number
    date: date
    speed: Literal["ด่วนที่สุด", "ด่วนมาก", "ด่วน"] | None = None  # ชั้นความเร็ว, red on page 1
    deliver_by: str | None = None  # ด่วนภายใน <date> <time>, e.g. "2018-10-17 12.00 น."
    secrecy: Literal["ลับที่สุด", "ลับมาก", "ลับ"] | None = None  # ชั้นความลับ, top and bottom of every page
    subject: str
    salutation: str = "เรียน"
    recipient: str | None = None  # one recipient, or a group: นายอำเภอทุกอำเภอ
    recipients: list[str] = Field(default_factory=list)  # or one addressed copy for each
    distribution_list: bool = False  # add a บัญชีแจกจ่าย page listing the recipients
    references: list[str] = Field(default_factory=list)  # อ้างถึง
    enclosures: list[Enclosure] = Field(default_factory=list)
    body: list[str | Section] = Field(min_length=1)
    conclusion: str | None = None  # ภาคสรุป, e.g. จึงเรียนมาเพื่อโปรดทราบ
    closing: str | None = None  # default: the pair of the salutation
    signer: str

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        return parse_iso_date(str(value)) if isinstance(value, str) else value

    _number = field_validator("number")(lambda cls, v: check_number(v, "letter", "ลบ 0019/ว 4852"))
    _salutation = field_validator("salutation")(lambda cls, v: check_salutation(v, "letters"))

    @field_validator("closing")
    @classmethod
    def _closing_pairs(cls, value: str | None, info: ValidationInfo) -> str | None:
        salutation = info.data.get("salutation")
        allowed = CLOSINGS.get(salutation or "", ())
        if value is not None and allowed and value not in allowed:
            raise ValueError(
                f"closing {value!r} does not pair with salutation {salutation!r}; "
                f"use {' or '.join(allowed)}"
            )
        return value

    _one_number = field_validator("register_number")(lambda cls, v, info: check_one_number(v, info))

    @model_validator(mode="after")
    def _has_number(self) -> "Letter":
        if self.number is None and self.register_number is None:
            raise ValueError("the letter needs a number: 'number: ลบ 0019/ว 4852', or 'register: 4852'"
                             " with the organisation's code")
        return self

    def number_text(self, code: str | None) -> str:
        """The number after "ที่": given whole, or the organisation's code + register."""
        return compose_number(self.number, self.register_number, code, self.circular)

    @property
    def closing_text(self) -> str:
        return self.closing or CLOSINGS[self.salutation][0]
