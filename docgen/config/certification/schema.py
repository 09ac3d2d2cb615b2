"""The certification config (``kind: certification``) and the records it loads into.

:class:`Certification` is what the YAML may say; :class:`Certificate` is one
certification ready to lay out, every text rendered.  The default texts are
Jinja2 templates over ``survey``, ``year``, ``unit``, ``province``,
``district``, ``figures`` and ``vars``.

>>> Numbering(form="code", code="ลบ 0019").form
'code'
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from docgen.config.certification.dataset import Unit
from docgen.config.certification.figures import Figures
from docgen.config.models import Strict
from docgen.thai import parse_iso_date

SURVEYS = {
    "jpt": ("ข้อมูลความจำเป็นพื้นฐาน (จปฐ.)", "จปฐ."),
    "kchch2k": ("ข้อมูลพื้นฐานระดับหมู่บ้าน (กชช.๒ค)", "กชช.๒ค"),
}
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
    blank: bool = False  # one form with dotted lines for the unit, figures, number and date
    data: str | list[str] | None = None  # data-set file(s), one province each, relative to this file
    province: str | None = Field(default=None, pattern=r"^[0-9]{2}$")  # None: every province of the data
    district: str | None = Field(default=None, pattern=r"^[0-9]{4}$")  # scope lao/district: one district
    figures: str | None = None  # figures per unit, YAML or CSV, relative to this file
    default_figures: Figures | None = None  # for units the figures file does not list
    date: dt.date | None = None  # ให้ไว้ ณ วันที่ (required but on blank forms)
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
    figures: Figures | None  # None on a blank form
    number: str  # "เลขที่ 1/2562" or "ที่ ลบ 0019/1"
    issuer: list[str]
    title: list[str]
    paragraphs: list[str]  # the statement first
    date_line: str  # "ให้ไว้ ณ วันที่ ..."
    signatures: list[list[str]]  # each: "(name)", position line(s)
    sample: bool
    warnings: list[str]
    date: dt.date | None  # None on a blank form
    font: str
    emblem: Path
    speed: str | None = None
    secrecy: str | None = None


