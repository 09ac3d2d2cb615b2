"""The letter (หนังสือภายนอก / หนังสือเวียน) and memo (บันทึกข้อความ) forms."""

from __future__ import annotations

import re
from typing import Mapping

from docgen.service.formkinds.fields import (
    DATE, MAX_LINES, MAX_PARAGRAPHS, OFFICE, SIGNER, Field, FormKind, Submission, add, checked,
    escape_template, lines, paragraphs, stop,
)
from docgen.thai import arabic_digits

SPEEDS = ("ด่วนที่สุด", "ด่วนมาก", "ด่วน")
SALUTATIONS = ("เรียน", "กราบเรียน", "นมัสการ")

NUMBER = Field("number", "เลขที่หนังสือ", required=True, placeholder="ลบ 0019/ว 4852",
               hint="ทั้งเลข เช่น ลบ 0019/ว 4852 หรือเฉพาะเลขทะเบียน เช่น 4852 (ใช้รหัสของส่วนราชการ)")
SPEED = Field("speed", "ชั้นความเร็ว", "select", choices=SPEEDS)
_SUBJECT = Field("subject", "เรื่อง", required=True)
_SALUTATION = Field("salutation", "คำขึ้นต้น", "select", True, choices=SALUTATIONS, default="เรียน")
_RECIPIENT = Field("recipient", "เรียน (ผู้รับ)", required=True, placeholder="นายอำเภอทุกอำเภอ")
_BODY = Field("body", "ข้อความ", "textarea", True,
              "เว้นบรรทัดว่างหนึ่งบรรทัดระหว่างย่อหน้า; การขึ้นบรรทัดใหม่ภายในย่อหน้าจะกลายเป็นช่องว่าง")
_CONCLUSION = Field("conclusion", "ภาคสรุป", default="จึงเรียนมาเพื่อโปรดทราบ")
_KEYS = {"register": "number", "organisation": "office", "personnel": "office"}


def build_letter(values: dict, form: Mapping[str, str], office, errors: dict) -> Submission:
    return _build("letter", values, office, errors)


def build_memo(values: dict, form: Mapping[str, str], office, errors: dict) -> Submission:
    return _build("memo", values, office, errors)


def _build(kind: str, values: dict, office, errors: dict) -> Submission:
    """A letter's or memo's config mapping."""
    body = paragraphs(values["body"])
    if len(body) > MAX_PARAGRAPHS:
        add(errors, "body", f"ไม่เกิน {MAX_PARAGRAPHS} ย่อหน้า")
    for name in ("references", "enclosures"):
        if name in values and len(lines(values[name])) > MAX_LINES:
            add(errors, name, f"ไม่เกิน {MAX_LINES} รายการ")
    stop(errors)

    text = lambda name: escape_template(values[name].strip())  # noqa: E731
    config: dict = {"kind": kind, "organisation": str(office.organisation), "personnel": str(office.personnel)}
    number = values["number"].strip()
    if re.fullmatch(r"[0-9๐-๙]{1,7}", number):
        config["register"] = int(arabic_digits(number))
    else:
        config["number"] = number
    if kind == "letter" and checked(values["circular"]):
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
    return Submission(config, values["subject"].strip())


LETTER_EXAMPLE = {
    "number": "4852", "circular": "on", "date": "2018-10-16", "speed": "",
    "subject": "การจัดเก็บข้อมูลความจำเป็นพื้นฐาน (จปฐ.) ปี 2562", "recipient": "นายอำเภอทุกอำเภอ",
    "enclosures": "แผนปฏิบัติการการจัดเก็บข้อมูล จปฐ. ปี 2562",
    "body": ("ด้วยกรมการพัฒนาชุมชนได้กำหนดให้มีการจัดเก็บข้อมูลความจำเป็นพื้นฐาน (จปฐ.) ปี 2562 "
             "ระหว่างเดือนมกราคม ถึงเดือนกุมภาพันธ์ 2562\n\n"
             "จังหวัดลพบุรีจึงขอให้อำเภอดำเนินการตามแผนปฏิบัติการที่ส่งมาพร้อมนี้"),
    "conclusion": "จึงเรียนมาเพื่อพิจารณาดำเนินการต่อไป", "signer": "deputy_governor",
}

MEMO_EXAMPLE = {
    "unit": "สำนักงานพัฒนาชุมชนจังหวัดลพบุรี (กลุ่มงานสารสนเทศฯ)", "phone": "036770135",
    "number": "1187", "date": "2018-10-12", "speed": "ด่วน",
    "subject": "ขอความเห็นชอบแจ้งแนวทางการจัดเก็บข้อมูล จปฐ. ปี 2562",
    "recipient": "ผู้ว่าราชการจังหวัดลพบุรี",
    "body": "สำนักงานพัฒนาชุมชนจังหวัดลพบุรีได้จัดทำแผนปฏิบัติการการจัดเก็บข้อมูล จปฐ. ปี 2562 เสร็จแล้ว",
    "conclusion": "จึงเรียนมาเพื่อโปรดพิจารณา", "signer": "provincial_cd_officer",
}

LETTER = FormKind(
    "letter", "หนังสือภายนอก / หนังสือเวียน", "หนังสือติดต่อระหว่างส่วนราชการ (แบบที่ ๑)",
    (OFFICE, NUMBER,
     Field("circular", "หนังสือเวียน (พิมพ์ ว หน้าเลขทะเบียน)", "checkbox"),
     DATE, SPEED, _SUBJECT, _SALUTATION, _RECIPIENT,
     Field("references", "อ้างถึง", "lines", hint="บรรทัดละหนึ่งรายการ"),
     Field("enclosures", "สิ่งที่ส่งมาด้วย", "lines", hint="บรรทัดละหนึ่งรายการ"),
     _BODY, _CONCLUSION, SIGNER),
    build_letter, lambda office: dict(LETTER_EXAMPLE), short="หนังสือภายนอก", keys=_KEYS,
)

MEMO = FormKind(
    "memo", "บันทึกข้อความ", "หนังสือภายใน (แบบที่ ๒)",
    (OFFICE,
     Field("unit", "ส่วนราชการ (ในบันทึก)", hint="เว้นว่างเพื่อใช้สำนักงานและกลุ่มงานเจ้าของเรื่อง"),
     Field("phone", "โทร", placeholder="036770135"),
     NUMBER, DATE, SPEED, _SUBJECT, _SALUTATION, _RECIPIENT, _BODY, _CONCLUSION, SIGNER),
    build_memo, lambda office: dict(MEMO_EXAMPLE), keys=_KEYS,
)
