"""What an order file may say (:class:`OrderFile`, :class:`DistrictFile`) and what
it loads into (:class:`OrderBundle`), with the helpers its templates call.

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

from docgen.config.models import Acting, Person, Strict
from docgen.config.orders.roles import ROLES
from docgen.thai import parse_iso_date

NBSP = "\u00a0"

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
    id: str | None = None  # the order's id in the number register (default: its path and district code)
    number: str | None = None  # <n>/<BE year>, e.g. 123/2561; or auto (the register's next)
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
        if text != "auto":
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
    number: int | str | None  # None: number: auto, until the register gives one (a text: a blank)
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
    # For number: auto: the file the order comes from, its id, its organisation file and register setting.
    source: Path | None = None
    id: str | None = None
    organisation_file: Path | None = None
    register: str | None = None
