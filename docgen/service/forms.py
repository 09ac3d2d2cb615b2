"""What the web form asks for, and how a submission becomes a docgen config.

A submission is a flat mapping of form fields (``subject``, ``date``,
``body`` ...).  :func:`to_config` turns it into the mapping a YAML file of
that kind would hold, naming the office files of the chosen office folder
under ``config_root``; :func:`field_of` maps the field path of a
:class:`~docgen.config.loader.Problem` back to the form field it came from.

Typed text is text: ``{`` is escaped so that nothing typed is read as a
Jinja2 expression or statement (files may use templates; the form may not).

>>> escape_template("ภายใน {{ x }}")
"ภายใน {{ '{' }}{{ '{' }} x }}"
>>> paragraphs("ย่อหน้าแรก\\nต่อบรรทัด\\n\\n  ย่อหน้าสอง  \\n")
['ย่อหน้าแรก ต่อบรรทัด', 'ย่อหน้าสอง']
>>> field_of("enclosures[1].title"), field_of("register"), field_of("")
('enclosures', 'number', '')
>>> field_of("committees[0].members[3].role")
'members'
>>> member("นายสมชาย ใจดี | นายอำเภอเมืองลพบุรี | ประธานคณะทำงาน")
{'name': 'นายสมชาย ใจดี', 'position': 'นายอำเภอเมืองลพบุรี', 'role': 'ประธานคณะทำงาน'}
>>> member(" | พัฒนาการจังหวัดลพบุรี | คณะทำงาน")
{'position': 'พัฒนาการจังหวัดลพบุรี', 'role': 'คณะทำงาน'}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from docgen.config.loader import ConfigError, load_yaml
from docgen.config.models import Personnel
from docgen.config.orders.roles import ROLES

SPEEDS = ("ด่วนที่สุด", "ด่วนมาก", "ด่วน")
SALUTATIONS = ("เรียน", "กราบเรียน", "นมัสการ")
BODY_LIMIT = 20_000  # characters of the body textarea
TEXT_LIMIT = 1_000  # characters of any other field
MAX_PARAGRAPHS = 200
MAX_LINES = 30  # lines of a one-item-per-line field (references, enclosures)
MAX_LIST_LINES = 100  # lines of an order's members or duties


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    widget: str = "text"  # text, textarea, date, select, person, office, checkbox, lines, list
    required: bool = False
    hint: str = ""
    choices: tuple[str, ...] = ()
    placeholder: str = ""
    default: str = ""


@dataclass(frozen=True)
class FormKind:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    defaults: Mapping[str, str] = field(default_factory=dict)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


_COMMON_HEAD = (
    Field("office", "ส่วนราชการ (ชุดข้อมูลสำนักงาน)", "office", True,
          "ชื่อ ที่อยู่ และรายชื่อผู้ลงนามมาจากโฟลเดอร์นี้"),
)
_NUMBER = Field("number", "เลขที่หนังสือ", required=True, placeholder="ลบ 0019/ว 4852",
                hint="ทั้งเลข เช่น ลบ 0019/ว 4852 หรือเฉพาะเลขทะเบียน เช่น 4852 (ใช้รหัสของส่วนราชการ)")
_DATE = Field("date", "ลงวันที่", "date", True)
_SPEED = Field("speed", "ชั้นความเร็ว", "select", choices=SPEEDS)
_SUBJECT = Field("subject", "เรื่อง", required=True)
_SALUTATION = Field("salutation", "คำขึ้นต้น", "select", True, choices=SALUTATIONS, default="เรียน")
_RECIPIENT = Field("recipient", "เรียน (ผู้รับ)", required=True, placeholder="นายอำเภอทุกอำเภอ")
_BODY = Field("body", "ข้อความ", "textarea", True,
              "เว้นบรรทัดว่างหนึ่งบรรทัดระหว่างย่อหน้า; การขึ้นบรรทัดใหม่ภายในย่อหน้าจะกลายเป็นช่องว่าง")
_SIGNER = Field("signer", "ผู้ลงนาม", "person", True)

LETTER = FormKind(
    "letter", "หนังสือภายนอก / หนังสือเวียน", "หนังสือติดต่อระหว่างส่วนราชการ (แบบที่ ๑)",
    (*_COMMON_HEAD, _NUMBER,
     Field("circular", "หนังสือเวียน (พิมพ์ ว หน้าเลขทะเบียน)", "checkbox"),
     _DATE, _SPEED, _SUBJECT, _SALUTATION, _RECIPIENT,
     Field("references", "อ้างถึง", "lines", hint="บรรทัดละหนึ่งรายการ"),
     Field("enclosures", "สิ่งที่ส่งมาด้วย", "lines", hint="บรรทัดละหนึ่งรายการ"),
     _BODY,
     Field("conclusion", "ภาคสรุป", default="จึงเรียนมาเพื่อโปรดทราบ"),
     _SIGNER),
)

MEMO = FormKind(
    "memo", "บันทึกข้อความ", "หนังสือภายใน (แบบที่ ๒)",
    (*_COMMON_HEAD,
     Field("unit", "ส่วนราชการ (ในบันทึก)", hint="เว้นว่างเพื่อใช้สำนักงานและกลุ่มงานเจ้าของเรื่อง"),
     Field("phone", "โทร", placeholder="036770135"),
     _NUMBER, _DATE, _SPEED, _SUBJECT, _SALUTATION, _RECIPIENT, _BODY,
     Field("conclusion", "ภาคสรุป", default="จึงเรียนมาเพื่อโปรดทราบ"),
     _SIGNER),
)

ORDER = FormKind(
    "order", "คำสั่ง", "คำสั่งแต่งตั้งคณะกรรมการหรือคณะทำงาน",
    (Field("office", "ส่วนราชการผู้ออกคำสั่ง (ชุดข้อมูลสำนักงาน)", "office", True,
           "คำสั่ง<ชื่อส่วนราชการ> ตราครุฑ และรายชื่อผู้ลงนามมาจากโฟลเดอร์นี้"),
     Field("number", "เลขที่คำสั่ง", required=True, placeholder="12/2561",
           hint="เลข/ปี พ.ศ. เช่น 12/2561 หรือเฉพาะเลข เช่น 12 (ใช้ปี พ.ศ. ของวันที่สั่ง)"),
     Field("date", "สั่ง ณ วันที่", "date", True),
     Field("subject", "เรื่อง", required=True, placeholder="แต่งตั้งคณะทำงาน...",
           hint="ไม่ต้องพิมพ์คำว่า เรื่อง"),
     Field("preamble", "ความนำ (เหตุผลและอำนาจ)", "textarea", True,
           "เว้นบรรทัดว่างหนึ่งบรรทัดระหว่างย่อหน้า; ย่อหน้าสุดท้ายมักจบด้วย จึงแต่งตั้ง... ประกอบด้วย"),
     Field("members", "รายชื่อกรรมการ/คณะทำงาน", "list", True,
           "บรรทัดละหนึ่งคน: ชื่อ | ตำแหน่ง | บทบาท เช่น นายสมชาย ใจดี | นายอำเภอเมืองลพบุรี | ประธานคณะทำงาน "
           "(แต่งตั้งโดยตำแหน่ง: เว้นชื่อว่าง | ตำแหน่ง | บทบาท); ประธานก่อน เลขานุการท้ายสุด"),
     Field("duties", "อำนาจหน้าที่", "list", hint="บรรทัดละหนึ่งข้อ (ใส่เลขข้อให้เอง)"),
     Field("effective", "มีผลตั้งแต่", "date", hint="เว้นว่าง: ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"),
     _SIGNER),
)

KINDS = {kind.name: kind for kind in (LETTER, MEMO, ORDER)}

_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

# The form field a config key is typed in, where the two differ.
_FIELD_OF_KEY = {"register": "number", "organisation": "office", "personnel": "office",
                 "committees": "members", "issuer": "office"}


def field_of(path: str) -> str:
    """The form field a problem's field path (``body[2]``, ``enclosures[0].title``) names."""
    key = re.split(r"[.\[]", path, maxsplit=1)[0]
    return _FIELD_OF_KEY.get(key, key)


def escape_template(text: str) -> str:
    """``text`` as a Jinja2 template that renders to ``text`` itself."""
    return text.replace("{", "{{ '{' }}")


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


def member(line: str) -> dict:
    """``ชื่อ | ตำแหน่ง | บทบาท`` as a member of an order's committee; ValueError
    (in Thai) when a part is missing.  An empty name appoints by position."""
    parts = [part.strip() for part in line.split("|")]
    if len(parts) != 3 or not parts[1] or not parts[2]:
        raise ValueError("เขียนเป็น ชื่อ | ตำแหน่ง | บทบาท (ต้องมีตำแหน่งและบทบาท)")
    if parts[2] not in ROLES:
        raise ValueError(f"ไม่รู้จักบทบาท {parts[2]!r}: ใช้ {' '.join(ROLES)}")
    found = {"name": parts[0], "position": parts[1], "role": parts[2]}
    return {key: value for key, value in found.items() if value}


def line_of(form: Mapping[str, str], name: str, index: int) -> int | None:
    """The textarea line number of the ``index``-th item of the one-a-line field ``name``."""
    found = numbered_lines(str(form.get(name, "") or ""))
    return found[index][0] if 0 <= index < len(found) else None


_INDEX = re.compile(r"(?:members|duties)\[(\d+)\]")


def place(path: str, message: str, form: Mapping[str, str]) -> tuple[str, str]:
    """The form field of a problem at ``path``, and its message with the
    line of a members or duties textarea it concerns (``บรรทัดที่ 4: ...``).

    >>> place("committees[0].members[1].role", "members[0] is already X", {"members": "a\\n\\nb"})
    ('members', 'บรรทัดที่ 3: บรรทัดที่ 1 is already X')
    """
    target = field_of(path)
    if target not in ("members", "duties"):
        return target, message
    name = target

    def line(match: re.Match) -> str:
        number = line_of(form, name, int(match.group(1)))
        return f"บรรทัดที่ {number}" if number else match.group(0)

    message = _INDEX.sub(line, message)
    at = re.search(r"(?:members|duties)\[(\d+)\]", path)
    number = line_of(form, name, int(at.group(1))) if at else None
    return target, f"บรรทัดที่ {number}: {message}" if number else message


@dataclass(frozen=True)
class Office:
    """An office folder under ``config_root``: its organisation and personnel files."""

    key: str  # the folder, relative to config_root, with "/"
    folder: Path
    name: str

    @property
    def organisation(self) -> Path:
        return self.folder / "organisation.yaml"

    @property
    def personnel(self) -> Path:
        return self.folder / "personnel.yaml"

    def people(self) -> list[tuple[str, str]]:
        """(id, "name - position") of everyone in the office's personnel file."""
        try:
            personnel = load_yaml(self.personnel).validate(Personnel)
        except ConfigError:
            return []
        return [(p.id, f"{p.name} – {p.position}") for p in personnel.people]


def offices(config_root: Path) -> list[Office]:
    """The folders (up to two levels under ``config_root``) holding both an
    ``organisation.yaml`` and a ``personnel.yaml``."""
    root = Path(config_root).resolve()
    found = []
    for org in sorted([*root.glob("*/organisation.yaml"), *root.glob("*/*/organisation.yaml")]):
        folder = org.parent
        if not (folder / "personnel.yaml").is_file() or not folder.resolve().is_relative_to(root):
            continue
        try:
            name = str(load_yaml(org).data.get("name", folder.name))
        except ConfigError:
            name = folder.name
        found.append(Office(folder.relative_to(root).as_posix(), folder.resolve(), name))
    return found


def find_office(config_root: Path, key: str) -> Office | None:
    """The office ``key`` names, only if it is one :func:`offices` lists (never a path elsewhere)."""
    return next((office for office in offices(config_root) if office.key == key), None)


class FormProblems(Exception):
    """Problems found in the form before docgen sees it: {field: [messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def to_config(kind: FormKind, form: Mapping[str, str], office: Office | None) -> dict:
    """The config mapping a file of ``kind`` would hold; raise :class:`FormProblems`."""
    errors: dict[str, list[str]] = {}
    values = {f.name: str(form.get(f.name, "") or "") for f in kind.fields}
    for f in kind.fields:
        limit = BODY_LIMIT if f.widget in ("textarea", "list") else TEXT_LIMIT
        if len(values[f.name]) > limit:
            errors.setdefault(f.name, []).append(f"ยาวเกินไป (ไม่เกิน {limit:,} ตัวอักษร)")
        elif f.required and not values[f.name].strip():
            errors.setdefault(f.name, []).append("ต้องกรอกช่องนี้")
        elif f.choices and values[f.name] and values[f.name] not in f.choices:
            errors.setdefault(f.name, []).append(f"เลือกได้เฉพาะ {' / '.join(f.choices)}")
    if values["office"] and office is None:
        errors.setdefault("office", []).append("ไม่พบชุดข้อมูลสำนักงานนี้")
    if kind.name == "order":
        return _order_config(values, office, errors)
    body = paragraphs(values["body"])
    if len(body) > MAX_PARAGRAPHS:
        errors.setdefault("body", []).append(f"ไม่เกิน {MAX_PARAGRAPHS} ย่อหน้า")
    for name in ("references", "enclosures"):
        if name in values and len(lines(values[name])) > MAX_LINES:
            errors.setdefault(name, []).append(f"ไม่เกิน {MAX_LINES} รายการ")
    if errors:
        raise FormProblems(errors)

    text = lambda name: escape_template(values[name].strip())  # noqa: E731
    config: dict = {"kind": kind.name, "organisation": str(office.organisation),
                    "personnel": str(office.personnel)}
    number = values["number"].strip()
    if re.fullmatch(r"[0-9๐-๙]{1,7}", number):
        config["register"] = int(number.translate(_ARABIC))
    else:
        config["number"] = number
    if kind.name == "letter" and form.get("circular") in ("on", "true", "1", "yes"):
        config["circular"] = True
    config["date"] = values["date"].strip()
    for name in ("speed", "unit", "phone"):
        if name in values and values[name].strip():
            config[name] = values[name].strip() if name != "unit" else text(name)
    config["subject"] = text("subject")
    config["salutation"] = values["salutation"] or "เรียน"
    config["recipient"] = text("recipient")
    for name in ("references", "enclosures"):
        items = [escape_template(line) for line in lines(values.get(name, ""))]
        if items:
            config[name] = items if name == "references" else [{"title": item} for item in items]
    config["body"] = [escape_template(p) for p in body]
    if values["conclusion"].strip():
        config["conclusion"] = text("conclusion")
    config["signer"] = values["signer"].strip()
    return config


def _order_config(values: dict[str, str], office: Office | None, errors: dict[str, list[str]]) -> dict:
    """An order's config mapping (see :func:`to_config`)."""
    members = []
    for number, line in numbered_lines(values["members"]):
        try:
            members.append({key: escape_template(value) for key, value in member(line).items()})
        except ValueError as problem:
            errors.setdefault("members", []).append(f"บรรทัดที่ {number}: {problem}")
    preamble = paragraphs(values["preamble"])
    duties = lines(values["duties"])
    for name, items, limit in (("preamble", preamble, MAX_PARAGRAPHS), ("members", members, MAX_LIST_LINES),
                               ("duties", duties, MAX_LIST_LINES)):
        if len(items) > limit:
            errors.setdefault(name, []).append(f"ไม่เกิน {limit} รายการ")
    number = values["number"].strip()
    if re.fullmatch(r"[0-9๐-๙]{1,7}", number):
        year = re.match(r"\s*([0-9]{4})-", values["date"])
        if year:
            number = f"{number.translate(_ARABIC)}/{int(year.group(1)) + 543}"
        elif "number" not in errors:
            errors.setdefault("number", []).append("ใส่ปี พ.ศ. ด้วย เช่น 12/2561 (หรือกรอกวันที่สั่ง)")
    if errors:
        raise FormProblems(errors)
    config: dict = {"kind": "order", "organisation": str(office.organisation), "personnel": str(office.personnel),
                    "number": number, "date": values["date"].strip(),
                    "subject": escape_template(values["subject"].strip()),
                    "preamble": [escape_template(p) for p in preamble],
                    "committees": [{"members": members}]}
    if duties:
        config["duties"] = [escape_template(d) for d in duties]
    config["effective"] = values["effective"].strip() or "now"
    config["signer"] = values["signer"].strip()
    return config


_ROLE_MESSAGES = (
    (re.compile(r"a committee has exactly one chair; (.+) is already (.+)"), r"มีประธานได้คนเดียว: \1 เป็น \2 แล้ว"),
    (re.compile(r"a committee needs exactly one chair .*; it has none"),
     "ต้องมีประธานหนึ่งคน (ประธานกรรมการ ประธาน ประธานคณะทำงาน หรือหัวหน้าคณะทำงาน)"),
    (re.compile(r"a committee has one secretary; (.+) is already (.+)"), r"มีเลขานุการได้คนเดียว: \1 เป็น \2 แล้ว"),
    (re.compile(r"(\S+) \(.+?\) comes after (\S+) \(.+?\): .*"),
     r"\1 ต้องอยู่ก่อน \2: เรียงประธาน รองประธาน กรรมการ เลขานุการ ผู้ช่วยเลขานุการ ตามลำดับ"),
    (re.compile(r"(\S+) is a (\S+) role, but (.+) is a (\S+) role; use one family per committee"),
     r"\1 เป็นบทบาทของ\2 แต่ \3 เป็นบทบาทของ\4: ใช้บทบาทแบบเดียวกันทั้งคณะ"),
)


def thai_message(message: str) -> str:
    """docgen's message, in Thai where it is one the form often meets."""
    if message == "required field is missing":
        return "ต้องกรอกช่องนี้"
    if "is not a valid date" in message or "is not an ISO date" in message:
        return f"วันที่ไม่ถูกต้อง ({message})"
    if "is not a letter number" in message or "is not a memo number" in message:
        return f"เลขที่หนังสือไม่ถูกต้อง: เขียนเป็น รหัส เลข/เลขทะเบียน เช่น ลบ 0019/ว 4852 ({message})"
    if message.startswith("no person "):
        return f"ไม่พบผู้ลงนามนี้ในรายชื่อบุคลากร ({message})"
    if "is not an order number" in message:
        return f"เลขที่คำสั่งไม่ถูกต้อง: เขียนเป็น เลข/ปี พ.ศ. เช่น 12/2561 ({message})"
    for pattern, thai in _ROLE_MESSAGES:
        if pattern.fullmatch(message):
            return f"{pattern.sub(thai, message)} ({message})"
    return message
