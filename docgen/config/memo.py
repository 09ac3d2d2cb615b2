"""The internal memo (บันทึกข้อความ, kind ``memo``): schema and loader, spec §10.

A memo names the same office files as a letter (organisation, personnel,
schedule); its texts are templates rendered like a letter's.  It has no
closing (คำลงท้าย, §16): a ``closing`` key is refused with its line.

>>> Memo.model_fields["closing"].default is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from docgen.config import office_of, render_texts
from docgen.config.loader import load_yaml
from docgen.config.models import (
    Organisation,
    Person,
    Schedule,
    Section,
    Strict,
    check_number,
    check_one_number,
    compose_number,
    check_salutation,
)
from docgen.thai import parse_iso_date, thai_phone

# The headed parts of a structured memo (บันทึกเสนอ), in the order printed.
PARTS = {
    "background": "เรื่องเดิม",
    "facts": "ข้อเท็จจริง",
    "law": "ข้อกฎหมาย",
    "consideration": "ข้อพิจารณา",
    "proposal": "ข้อเสนอ",
}

Paragraphs = list[str]


class MemoSections(Strict):
    """เรื่องเดิม / ข้อเท็จจริง / ข้อกฎหมาย / ข้อพิจารณา / ข้อเสนอ: each a text or a
    list of paragraphs; the ones given are numbered in this order."""

    background: str | Paragraphs | None = None
    facts: str | Paragraphs | None = None
    law: str | Paragraphs | None = None
    consideration: str | Paragraphs | None = None
    proposal: str | Paragraphs | None = None

    def parts(self) -> list[tuple[str, list[str]]]:
        out = []
        for key, heading in PARTS.items():
            value = getattr(self, key)
            if value:
                out.append((heading, [value] if isinstance(value, str) else list(value)))
        return out


class Memo(Strict):
    """An internal memo (หนังสือภายใน / บันทึกข้อความ), แบบที่ ๒."""

    kind: Literal["memo"]
    organisation: str  # path of the organisation YAML, relative to this file
    personnel: str
    schedule: str | None = None
    vars: dict[str, str | int] = Field(default_factory=dict)
    unit: str | None = None  # ส่วนราชการ; default: the organisation's owner office and unit
    phone: str | None = None  # printed after the unit; default: the owner's phone
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
    id: str | None = None  # the memo's id in the number register (default: its path)
    number: str | None = None  # the whole number, e.g. "ลบ 0019/1187", or auto; or:
    register_number: int | None = Field(default=None, ge=1, alias="register")
    date: date
    subject: str
    speed: Literal["ด่วนที่สุด", "ด่วนมาก", "ด่วน"] | None = None  # between the Garuda and the title (§8)
    secrecy: Literal["ลับที่สุด", "ลับมาก", "ลับ"] | None = None  # ชั้นความลับ, top and bottom of every page
    salutation: str = "เรียน"
    recipient: str
    body: list[str | Section] = Field(default_factory=list)
    sections: MemoSections | None = None
    conclusion: str | None = None  # e.g. จึงเรียนมาเพื่อโปรดพิจารณา
    closing: object = None  # refused: memos have no closing
    signer: str

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        return parse_iso_date(str(value)) if isinstance(value, str) else value

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, value: object) -> object:
        if value is not None:
            thai_phone(str(value))  # ValueError names the problem
            return str(value)
        return value

    _number = field_validator("number")(lambda cls, v: check_number(v, "memo", "ลบ 0019/1187"))
    _salutation = field_validator("salutation")(lambda cls, v: check_salutation(v, "memos"))

    @field_validator("closing", mode="before")
    @classmethod
    def _no_closing(cls, value: object) -> object:
        if value is not None:
            raise ValueError("a memo has no closing (คำลงท้าย, spec §16): remove this key; "
                             "the signature follows the last paragraph")
        return value

    _one_number = field_validator("register_number")(lambda cls, v, info: check_one_number(v, info))

    @model_validator(mode="after")
    def _complete(self) -> "Memo":
        if self.number is None and self.register_number is None:
            raise ValueError("the memo needs a number: 'number: ลบ 0019/1187', or 'register: 1187'"
                             " with the organisation's code")
        if not self.body and self.sections is None:
            raise ValueError("the memo needs a body (paragraphs) or sections (background, facts, ...)")
        return self

    def number_text(self, code: str | None) -> str:
        return compose_number(self.number, self.register_number, code)


@dataclass(frozen=True)
class MemoBundle:
    path: Path
    memo: Memo
    organisation: Organisation
    signer: Person
    schedule: Schedule | None
    emblem: Path
    warnings: tuple[str, ...] = ()  # about the deadlines the memo states (on_holiday: warn)


def load_memo(path: Path) -> MemoBundle:
    """Load, validate and render a memo; raise :class:`ConfigError` on any problem."""
    path = Path(path)
    doc = load_yaml(path)
    raw = doc.validate(Memo)
    office = office_of(doc, raw)
    context = office.context(raw.vars)
    memo = render_texts(doc, Memo, context, keep={"register", "phone", "email", "speed", "secrecy"})
    return MemoBundle(path, memo, office.organisation, office.signer, office.schedule, office.emblem,
                      office.warnings(context))
