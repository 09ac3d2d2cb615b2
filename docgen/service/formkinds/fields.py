"""What every form kind is made of: its fields, the submission it turns into,
and the helpers that read typed text.

A :class:`FormKind` lists its :class:`Field` objects and has a ``build``
function that turns the checked field values into a :class:`Submission`:
the mapping a YAML file of that kind would hold, any further files it names
(read from memory too), and where each list in it was typed, so that a
problem at ``committees[1].members[3]`` lands beside the right textarea with
its line.

Typed text is text: ``{`` is escaped so that nothing typed is read as a
Jinja2 expression or statement (files may use templates; the form may not).

>>> escape_template("ภายใน {{ x }}")
"ภายใน {{ '{' }}{{ '{' }} x }}"
>>> paragraphs("ย่อหน้าแรก\\nต่อบรรทัด\\n\\n  ย่อหน้าสอง  \\n")
['ย่อหน้าแรก ต่อบรรทัด', 'ย่อหน้าสอง']
>>> numbered_lines("ก\\n\\n ข ")
[(1, 'ก'), (3, 'ข')]
>>> line_label(12)
'บรรทัดที่ ๑๒'
>>> Field("scope", "ระดับ", "select", choices=("lao", "district"), labels=("อปท.", "อำเภอ")).options()
[('lao', 'อปท.'), ('district', 'อำเภอ')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping

from docgen.thai import arabic_digits, thai_digits

if TYPE_CHECKING:
    from docgen.service.formkinds.office import Office

BODY_LIMIT = 20_000  # characters of a textarea (body, preamble, members, rows ...)
TEXT_LIMIT = 1_000  # characters of any other field
MAX_PARAGRAPHS = 200
MAX_LINES = 30  # lines of a one-item-per-line field (references, enclosures)
MAX_LIST_LINES = 100  # lines of an order's members or duties, or an action plan's rows
LONG_WIDGETS = ("textarea", "list", "committees")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    # text, textarea, date, select, person, office, checkbox, lines, list,
    # committees (an order's repeated committee blocks), district (from the office's data set)
    widget: str = "text"
    required: bool = False
    hint: str = ""
    choices: tuple[str, ...] = ()
    placeholder: str = ""
    default: str = ""
    labels: tuple[str, ...] = ()  # what the clerk sees for each of ``choices`` (default: the choice)

    def options(self) -> list[tuple[str, str]]:
        """(value, label) of each choice."""
        return list(zip(self.choices, self.labels or self.choices))


@dataclass
class Submission:
    """A checked form as docgen reads it."""

    config: dict  # what the YAML file of the kind would hold
    name: str  # what the download is called after the kind (the subject, the title ...)
    files: dict[str, dict] = field(default_factory=dict)  # further files it names, by name in the office folder
    # A list of the config typed one item a line: its path -> (form field, textarea line of each item).
    lists: dict[str, tuple[str, list[int]]] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)  # other config paths typed in a field of another name
    include_unverified: bool = False  # certifications: render the units whose data is inferred


Build = Callable[[dict, Mapping[str, str], "Office | None", dict], Submission]


@dataclass(frozen=True)
class FormKind:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    build: Build  # (field values, the whole form, office, errors so far) -> Submission, or FormProblems
    example: Callable[["Office | None"], dict]  # ?example=1: field values from the reference office
    short: str = ""  # in the top bar, when the title is long
    keys: Mapping[str, str] = field(default_factory=dict)  # config key -> the form field it is typed in

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


class FormProblems(Exception):
    """Problems found in the form before docgen sees it: {field: [messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def stop(errors: dict[str, list[str]]) -> None:
    """Raise :class:`FormProblems` when there are any."""
    if errors:
        raise FormProblems(errors)


def add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def escape_template(text: str) -> str:
    """``text`` as a Jinja2 template that renders to ``text`` itself."""
    return text.replace("{", "{{ '{' }}")


def unescape(text: Any) -> str:
    return str(text).replace("{{ '{' }}", "{")


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; other line breaks become spaces."""
    blocks = re.split(r"\n[ \t\r]*\n", text.replace("\r\n", "\n"))
    return [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in blocks
            if block.strip()]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """The non-blank lines of ``text`` with their line numbers (from 1) in the textarea."""
    return [(number, line.strip()) for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1)
            if line.strip()]


def line_label(number: int) -> str:
    """How a message names a line of a textarea: ``บรรทัดที่ ๓``."""
    return f"บรรทัดที่ {thai_digits(str(number))}"


def checked(value: str) -> bool:
    return value in ("on", "true", "1", "yes")


# Fields several kinds share.
OFFICE = Field("office", "ส่วนราชการ (ชุดข้อมูลสำนักงาน)", "office", True,
               "ชื่อ ที่อยู่ และรายชื่อผู้ลงนามมาจากโฟลเดอร์นี้")
DATE = Field("date", "ลงวันที่", "date", True)
SIGNER = Field("signer", "ผู้ลงนาม", "person", True)
ORIENTATION = Field("orientation", "แนวกระดาษ", "select", True, choices=("portrait", "landscape"),
                    labels=("แนวตั้ง", "แนวนอน"), default="portrait")


def be_year(values: dict, errors: dict, name: str = "year") -> int | None:
    """The Buddhist-Era year typed in ``name`` (Thai or Arabic digits), or a message beside it.

    >>> be_year({"year": "๒๕๖๒"}, {})
    2562
    >>> errors = {}; be_year({"year": "2019"}, errors); errors
    {'year': ['ใส่ปี พ.ศ. เช่น 2562 (ค.ศ. + 543)']}
    """
    text = arabic_digits(values.get(name, "").strip())
    if not text:
        return None  # required: already said
    if not text.isdigit() or len(text) != 4 or not 2500 <= int(text) <= 2800:
        add(errors, name, "ใส่ปี พ.ศ. เช่น 2562 (ค.ศ. + 543)")
        return None
    return int(text)


DISTRICT = Field("district", "อำเภอ", "district", hint="เลือกอำเภอเดียว หรือเว้นไว้เพื่อทุกอำเภอ",
                 placeholder="– ทุกอำเภอ –")
YEAR = Field("year", "ปีที่จัดเก็บข้อมูล (พ.ศ.)", required=True, placeholder="2562")
