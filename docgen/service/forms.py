"""What the web form asks for, and how a submission becomes a docgen config.

A submission is a flat mapping of form fields (``subject``, ``date``,
``body`` ...).  :func:`to_config` checks what every field must be (filled
in, not too long, one of its choices) and hands the values to the kind's
own ``build`` (one module per kind in :mod:`docgen.service.formkinds`),
which gives the mapping a YAML file of that kind would hold, naming the
files of the chosen office folder under ``config_root``.  :func:`place` maps
the field path of a :class:`~docgen.config.loader.Problem` back to the form
field it came from, with the textarea line of a list item.

>>> field_of(LETTER, "enclosures[1].title"), field_of(LETTER, "register"), field_of(LETTER, "")
('enclosures', 'number', '')
>>> submission = Submission({}, "", lists={"committees[1].members": ("members_2", [1, 3])})
>>> place(ORDER, submission, "committees[1].members[1].role", "members[0] is already X")
('members_2', 'บรรทัดที่ ๓: บรรทัดที่ ๑ is already X')
>>> place(ORDER, submission, "committees[0].members[0].role", "?")
('members', '?')
"""

from __future__ import annotations

import re
from typing import Mapping

from docgen.service.formkinds import ACTION_PLAN, CERTIFICATION, KINDS, LETTER, MEMO, ORDER, TARGETS
from docgen.service.formkinds.fields import (
    BODY_LIMIT, LONG_WIDGETS, TEXT_LIMIT, Field, FormKind, FormProblems, Submission, add, line_label,
)
from docgen.service.formkinds.office import Office, find_office, offices
from docgen.service.formkinds.order import MAX_COMMITTEES, committee_count, committee_fields

__all__ = ["ACTION_PLAN", "BODY_LIMIT", "CERTIFICATION", "KINDS", "LETTER", "MAX_COMMITTEES", "MEMO", "ORDER",
           "TARGETS", "Field", "FormKind", "FormProblems", "Office", "Submission", "committee_count",
           "committee_fields", "field_of", "find_office", "offices", "place", "thai_message", "to_config"]


def to_config(kind: FormKind, form: Mapping[str, str], office: Office | None) -> Submission:
    """The config a file of ``kind`` would hold, and what goes with it; raise :class:`FormProblems`."""
    errors: dict[str, list[str]] = {}
    values = {f.name: str(form.get(f.name, "") or "") for f in kind.fields}
    for f in kind.fields:
        if f.widget == "select" and f.default and not values[f.name]:
            values[f.name] = f.default  # a browser always sends a choice; a script may leave it out
        limit = BODY_LIMIT if f.widget in LONG_WIDGETS else TEXT_LIMIT
        if len(values[f.name]) > limit:
            add(errors, f.name, f"ยาวเกินไป (ไม่เกิน {limit:,} ตัวอักษร)")
        elif f.required and not values[f.name].strip():
            add(errors, f.name, "ต้องกรอกช่องนี้")
        elif f.choices and values[f.name] and values[f.name] not in f.choices:
            add(errors, f.name, f"เลือกได้เฉพาะ {' / '.join(label for _, label in f.options())}")
    if values["office"] and office is None:
        add(errors, "office", "ไม่พบชุดข้อมูลสำนักงานนี้")
    return kind.build(values, form, office, errors)


def field_of(kind: FormKind, path: str) -> str:
    """The form field a problem's field path (``body[2]``, ``enclosures[0].title``) names."""
    key = re.split(r"[.\[]", path, maxsplit=1)[0]
    return kind.keys.get(key, key)


def place(kind: FormKind, submission: Submission | None, path: str, message: str) -> tuple[str, str]:
    """The form field of a problem at ``path``, and its message with the line of
    the textarea it concerns (``บรรทัดที่ ๔: ...``) when it is about an item typed
    one a line (an order's members or duties, an action plan's rows)."""
    lists = submission.lists if submission else {}
    for prefix in sorted(lists, key=len, reverse=True):
        at = re.match(re.escape(prefix) + r"(?:\[(\d+)\])?(?:[.\[]|$)", path)
        if not at:
            continue
        name, numbers = lists[prefix]
        item = prefix.rsplit(".", 1)[-1]

        def line(index: int) -> str | None:
            return line_label(numbers[index]) if 0 <= index < len(numbers) else None

        message = re.sub(rf"\b{item}\[(\d+)\]", lambda m: line(int(m.group(1))) or m.group(0), message)
        where = line(int(at.group(1))) if at.group(1) else None
        return name, f"{where}: {message}" if where else message
    fields = submission.fields if submission else {}
    for prefix in sorted(fields, key=len, reverse=True):
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            return fields[prefix], message
    return field_of(kind, path), message


_ROLE_MESSAGES = (
    (re.compile(r"a committee has exactly one chair; (.+) is already (.+)"), r"มีประธานได้คนเดียว: \1 เป็น \2 แล้ว"),
    (re.compile(r"a committee needs exactly one chair .*; it has none"),
     "ต้องมีประธานหนึ่งคน (ประธานกรรมการ ประธาน ประธานคณะทำงาน หรือหัวหน้าคณะทำงาน)"),
    (re.compile(r"a committee has one secretary; (.+) is already (.+)"), r"มีเลขานุการได้คนเดียว: \1 เป็น \2 แล้ว"),
    (re.compile(r"(\S+) \(.+?\) comes after (\S+) \(.+?\): .*"),
     r"\1 ต้องอยู่ก่อน \2: เรียงประธาน รองประธาน กรรมการ เลขานุการ ผู้ช่วยเลขานุการ ตามลำดับ"),
    (re.compile(r"(\S+) is a (\S+) role, but (.+) is a (\S+) role; use one family per committee"),
     r"\1 เป็นบทบาทของ\2 แต่ \3 เป็นบทบาทของ\4: ใช้บทบาทแบบเดียวกันทั้งคณะ"),
    (re.compile(r"end (\S+) is before start (\S+)"), r"วันสิ้นสุด \1 อยู่ก่อนวันเริ่ม \2"),
    (re.compile(r"district (\d+) is not in province (\d+)"), r"อำเภอรหัส \1 ไม่อยู่ในจังหวัดรหัส \2 ของชุดข้อมูล"),
    (re.compile(r"no district (\d+) in .*"), r"ไม่มีอำเภอรหัส \1 ในชุดข้อมูลของสำนักงานนี้"),
    (re.compile(r"nothing to certify: all (\d+) LAO\(s\) in scope have status inferred; .*"),
     r"ไม่มี อปท. ที่ทำคำรับรองได้: ทั้ง \1 แห่งในขอบเขตนี้ข้อมูลยังไม่มีแหล่งยืนยัน (inferred) "
     r"– ติ๊ก รวม อปท. ที่ข้อมูลยังไม่มีแหล่งยืนยัน หากต้องการทำ"),
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
