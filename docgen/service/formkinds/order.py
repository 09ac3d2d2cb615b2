"""The appointment-order form (คำสั่ง): one or more committees.

Each committee is a block of two fields: its heading (optional; numbered
๑., ๒. by docgen when there are several) and its members, one a line
(``ชื่อ | ตำแหน่ง | บทบาท``).  The first block's fields are ``heading`` and
``members``; the blocks the clerk adds with *เพิ่มคณะ* are ``heading_2``,
``members_2``, ... up to :data:`MAX_COMMITTEES`.  A block left empty is
skipped.  The duties are the order's (docgen's orders have one list of duties).

>>> member("นายสมชาย ใจดี | นายอำเภอเมืองลพบุรี | ประธานคณะทำงาน")
{'name': 'นายสมชาย ใจดี', 'position': 'นายอำเภอเมืองลพบุรี', 'role': 'ประธานคณะทำงาน'}
>>> member(" | พัฒนาการจังหวัดลพบุรี | คณะทำงาน")
{'position': 'พัฒนาการจังหวัดลพบุรี', 'role': 'คณะทำงาน'}
>>> committee_fields(1), committee_fields(3)
(('heading', 'members'), ('heading_3', 'members_3'))
>>> committee_count({"members": "x", "heading_3": "ก"})
3
"""

from __future__ import annotations

import re
from typing import Mapping

from docgen.config.orders.roles import ROLES
from docgen.service.formkinds.fields import (
    BODY_LIMIT, MAX_LIST_LINES, MAX_PARAGRAPHS, SIGNER, TEXT_LIMIT, Field, FormKind, Submission, add,
    escape_template, line_label, numbered_lines, paragraphs, stop,
)
from docgen.thai import arabic_digits

MAX_COMMITTEES = 10
_BLOCK = re.compile(r"^(?:heading|members)_([0-9]{1,2})$")


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


def committee_fields(n: int) -> tuple[str, str]:
    """The heading and members fields of the ``n``-th committee block (from 1)."""
    return ("heading", "members") if n == 1 else (f"heading_{n}", f"members_{n}")


def committee_count(values: Mapping[str, str]) -> int:
    """How many committee blocks a form page shows for ``values``: up to the last one typed in."""
    typed = [int(m.group(1)) for key, value in values.items() if (m := _BLOCK.match(key)) and str(value).strip()]
    return min(max([1, *typed]), MAX_COMMITTEES)


def build(values: dict, form: Mapping[str, str], office, errors: dict) -> Submission:
    """An order's config mapping, with where each committee's members were typed."""
    committees, lists, fields = [], {}, {}
    for n in range(1, MAX_COMMITTEES + 1):
        heading_field, members_field = committee_fields(n)
        heading, typed = (str(form.get(name, "") or "") for name in (heading_field, members_field))
        if n > 1 and not heading.strip() and not typed.strip():
            continue
        if len(heading) > TEXT_LIMIT:
            add(errors, heading_field, f"ยาวเกินไป (ไม่เกิน {TEXT_LIMIT:,} ตัวอักษร)")
        if len(typed) > BODY_LIMIT:
            add(errors, members_field, f"ยาวเกินไป (ไม่เกิน {BODY_LIMIT:,} ตัวอักษร)")
            continue
        members, numbers = [], []
        for number, line in numbered_lines(typed):
            try:
                members.append({key: escape_template(value) for key, value in member(line).items()})
                numbers.append(number)
            except ValueError as problem:
                add(errors, members_field, f"{line_label(number)}: {problem}")
        if n > 1 and not typed.strip():
            add(errors, members_field, "ต้องกรอกรายชื่อของคณะนี้ (หรือลบคณะนี้)")
        if len(members) > MAX_LIST_LINES:
            add(errors, members_field, f"ไม่เกิน {MAX_LIST_LINES} รายการ")
        index = len(committees)
        committee: dict = {"members": members}
        if heading.strip():
            committee["heading"] = escape_template(heading.strip())
        committees.append(committee)
        lists[f"committees[{index}].members"] = (members_field, numbers)
        fields[f"committees[{index}].heading"] = heading_field
        fields[f"committees[{index}]"] = members_field
    preamble = paragraphs(values["preamble"])
    duties = numbered_lines(values["duties"])
    for name, items, limit in (("preamble", preamble, MAX_PARAGRAPHS), ("duties", duties, MAX_LIST_LINES)):
        if len(items) > limit:
            add(errors, name, f"ไม่เกิน {limit} รายการ")
    number = values["number"].strip()
    if re.fullmatch(r"[0-9๐-๙]{1,7}", number):
        year = re.match(r"\s*([0-9]{4})-", values["date"])
        if year:
            number = f"{arabic_digits(number)}/{int(year.group(1)) + 543}"
        elif "number" not in errors:
            add(errors, "number", "ใส่ปี พ.ศ. ด้วย เช่น 12/2561 (หรือกรอกวันที่สั่ง)")
    stop(errors)
    config: dict = {"kind": "order", "organisation": str(office.organisation), "personnel": str(office.personnel),
                    "number": number, "date": values["date"].strip(),
                    "subject": escape_template(values["subject"].strip()),
                    "preamble": [escape_template(p) for p in preamble],
                    "committees": committees}
    if duties:
        config["duties"] = [escape_template(d) for _, d in duties]
        lists["duties"] = ("duties", [n for n, _ in duties])
    config["effective"] = values["effective"].strip() or "now"
    config["signer"] = values["signer"].strip()
    return Submission(config, values["subject"].strip(), lists=lists, fields=fields)


EXAMPLE = {
    "number": "3512/2561", "date": "2018-10-15",
    "subject": "แต่งตั้งคณะทำงานจัดเก็บข้อมูลความจำเป็นพื้นฐาน (จปฐ.) ปี 2562 ระดับจังหวัด",
    "preamble": ("ด้วยกรมการพัฒนาชุมชนกำหนดให้จัดเก็บข้อมูลความจำเป็นพื้นฐาน (จปฐ.) ปี 2562 "
                 "ระหว่างเดือนมกราคม ถึงเดือนกุมภาพันธ์ 2562\n\n"
                 "อาศัยอำนาจตามมาตรา 57 แห่งพระราชบัญญัติระเบียบบริหารราชการแผ่นดิน พ.ศ. 2534 "
                 "จึงแต่งตั้งคณะทำงานจัดเก็บข้อมูล จปฐ. ปี 2562 ระดับจังหวัด ประกอบด้วย"),
    "heading": "คณะทำงานอำนวยการ",
    "members": ("นายผดุงศักดิ์ หาญปรีชาสวัสดิ์ | รองผู้ว่าราชการจังหวัดลพบุรี | หัวหน้าคณะทำงาน\n"
                "นางสาวกมลวรรณ ศรีสวัสดิ์ | พัฒนาการจังหวัดลพบุรี | รองหัวหน้าคณะทำงาน\n"
                " | ท้องถิ่นจังหวัดลพบุรี | คณะทำงาน\n"
                " | สถิติจังหวัดลพบุรี | คณะทำงาน\n"
                " | หัวหน้ากลุ่มงานสารสนเทศการพัฒนาชุมชน | คณะทำงานและเลขานุการ"),
    "heading_2": "คณะทำงานตรวจสอบคุณภาพข้อมูล",
    "members_2": (" | หัวหน้ากลุ่มงานสารสนเทศการพัฒนาชุมชน | หัวหน้าคณะทำงาน\n"
                  " | พัฒนาการอำเภอทุกอำเภอ | คณะทำงาน\n"
                  " | นักวิชาการพัฒนาชุมชนผู้รับผิดชอบงานข้อมูล | คณะทำงานและเลขานุการ"),
    "duties": ("วางแผนการจัดเก็บข้อมูล จปฐ. ของจังหวัด\n"
               "ตรวจสอบคุณภาพข้อมูลของทุกอำเภอ\n"
               "รายงานผลให้ผู้ว่าราชการจังหวัดลพบุรีทราบ"),
    "effective": "", "signer": "deputy_governor",
}

ORDER = FormKind(
    "order", "คำสั่ง", "คำสั่งแต่งตั้งคณะกรรมการหรือคณะทำงาน (หนึ่งคณะหรือหลายคณะ)",
    (Field("office", "ส่วนราชการผู้ออกคำสั่ง (ชุดข้อมูลสำนักงาน)", "office", True,
           "คำสั่ง<ชื่อส่วนราชการ> ตราครุฑ และรายชื่อผู้ลงนามมาจากโฟลเดอร์นี้"),
     Field("number", "เลขที่คำสั่ง", required=True, placeholder="12/2561",
           hint="เลข/ปี พ.ศ. เช่น 12/2561 หรือเฉพาะเลข เช่น 12 (ใช้ปี พ.ศ. ของวันที่สั่ง)"),
     Field("date", "สั่ง ณ วันที่", "date", True),
     Field("subject", "เรื่อง", required=True, placeholder="แต่งตั้งคณะทำงาน...",
           hint="ไม่ต้องพิมพ์คำว่า เรื่อง"),
     Field("preamble", "ความนำ (เหตุผลและอำนาจ)", "textarea", True,
           "เว้นบรรทัดว่างหนึ่งบรรทัดระหว่างย่อหน้า; ย่อหน้าสุดท้ายมักจบด้วย จึงแต่งตั้ง... ประกอบด้วย"),
     Field("members", "รายชื่อกรรมการ/คณะทำงาน", "committees", True,
           "บรรทัดละหนึ่งคน: ชื่อ | ตำแหน่ง | บทบาท เช่น นายสมชาย ใจดี | นายอำเภอเมืองลพบุรี | ประธานคณะทำงาน "
           "(แต่งตั้งโดยตำแหน่ง: เว้นชื่อว่าง | ตำแหน่ง | บทบาท); ประธานก่อน เลขานุการท้ายสุด"),
     Field("duties", "อำนาจหน้าที่", "list", hint="บรรทัดละหนึ่งข้อ (ใส่เลขข้อให้เอง)"),
     Field("effective", "มีผลตั้งแต่", "date", hint="เว้นว่าง: ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"),
     SIGNER),
    build, lambda office: dict(EXAMPLE),
    keys={"organisation": "office", "personnel": "office", "issuer": "office", "committees": "members"},
)
