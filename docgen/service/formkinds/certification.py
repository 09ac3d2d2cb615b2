"""The certification form (คำรับรองคุณภาพข้อมูล จปฐ.): one certification per LAO,
district or province of the office's data set.

The data set and the household figures are the ones the office folder's own
certification (or targets) files name (``data: ../data/lopburi.yaml``,
``figures: figures-sample.yaml``); a submission names no file.  The signer is
the unit's head (นายก อปท., นายอำเภอ, ผู้ว่าราชการจังหวัด) unless a person of the
office's personnel file is chosen; the countersigner is the community
development officer over the unit (พัฒนาการอำเภอ/จังหวัด), as the reference
files have it, or nobody.

>>> config = build({"scope": "lao", "district": "1601", "year": "2562", "date": "2019-02-22", "signer": "",
...                 "countersigner": "cdd", "include_unverified": ""}, {}, None, {}, ("../d.yaml", "f.yaml", "16"),
...                ).config
>>> config["district"], config["signer"], config["countersigner"]
('1601', {'position': '{{ unit.head }}'}, {'position': '{{ unit.cdd_officer }}'})
"""

from __future__ import annotations

from typing import Mapping

from docgen.service.formkinds.fields import (
    DISTRICT, YEAR, Field, FormKind, Submission, add, be_year, checked, stop,
)

SCOPES = ("lao", "district", "province")
SCOPE_LABELS = ("องค์กรปกครองส่วนท้องถิ่น (ฉบับละหนึ่ง อปท.)", "อำเภอ (ฉบับละหนึ่งอำเภอ)", "จังหวัด")
NO_DATA = ("โฟลเดอร์นี้ไม่มีไฟล์คำรับรองหรือจำนวนเป้าหมายที่ระบุชุดข้อมูล (data:) และตัวเลขครัวเรือน (figures:) "
           "จึงทำคำรับรองจากแบบฟอร์มไม่ได้")


def data_of(office, errors: dict) -> tuple[str, str, str | None] | None:
    """The data set, figures and province the office's files name, or a message beside the office."""
    if office is None:
        return None
    found = office.data_files()
    if found is None:
        add(errors, "office", NO_DATA)
    return found


def build(values: dict, form: Mapping[str, str], office, errors: dict, data=None) -> Submission:
    data = data or data_of(office, errors)
    year = be_year(values, errors)
    stop(errors)
    names, figures, province = data
    scope = values["scope"]
    config: dict = {"kind": "certification", "scope": scope, "data": names, "figures": figures}
    if province:
        config["province"] = province
    district = values["district"].strip()
    if district and scope != "province":
        config["district"] = district
        config.setdefault("province", district[:2])
    config.update(year=year, date=values["date"].strip())
    signer = values["signer"].strip()
    if signer:
        config.update(signer={"person": signer}, personnel=str(office.personnel))
    else:
        config["signer"] = {"position": "{{ unit.head }}"}  # the YAML's default, as certification-lao.yaml says
    if values["countersigner"] != "none":
        config["countersigner"] = {"position": "{{ unit.cdd_officer }}"}
    label = dict(zip(SCOPES, ("องค์กรปกครองส่วนท้องถิ่น", "อำเภอ", "จังหวัด")))[scope]
    where = dict(office.districts()).get(district, "") if office and "district" in config else ""
    name = " ".join(part for part in (f"ระดับ{label}", where, f"ปี {year}") if part)
    return Submission(config, name, include_unverified=checked(values["include_unverified"]))


def example(office) -> dict:
    districts = office.districts() if office else []
    return {"scope": "lao", "district": districts[0][0] if districts else "", "year": "2562",
            "date": "2019-02-22", "signer": "", "countersigner": "cdd", "include_unverified": ""}


CERTIFICATION = FormKind(
    "certification", "คำรับรองคุณภาพข้อมูล", "หนังสือรับรองคุณภาพข้อมูล จปฐ. ฉบับละหนึ่ง อปท. อำเภอ หรือจังหวัด",
    (Field("office", "ส่วนราชการ (ชุดข้อมูลสำนักงาน)", "office", True,
           "ชุดข้อมูล อปท. ตัวเลขครัวเรือน และรายชื่อผู้ลงนามมาจากโฟลเดอร์นี้"),
     Field("scope", "ระดับ", "select", True, choices=SCOPES, labels=SCOPE_LABELS, default="lao"),
     DISTRICT, YEAR,
     Field("date", "ให้ไว้ ณ วันที่", "date", True),
     Field("include_unverified", "รวม อปท. ที่ข้อมูลยังไม่มีแหล่งยืนยัน (สถานะ inferred)", "checkbox"),
     Field("signer", "ผู้ลงนาม", "person", placeholder="หัวหน้าของแต่ละหน่วย (นายก อปท. / นายอำเภอ / ผู้ว่าฯ)",
           hint="เว้นไว้: หัวหน้าของหน่วยนั้นลงนาม (ชื่อเว้นจุดไว้เขียนเอง); หรือเลือกผู้ลงนามจากรายชื่อบุคลากร"),
     Field("countersigner", "ผู้ลงนามรับรองร่วม", "select", True, choices=("cdd", "none"),
           labels=("พัฒนาการอำเภอ (พัฒนาการจังหวัด สำหรับ อบจ. และระดับจังหวัด)", "ไม่มี"), default="cdd")),
    build, example, short="คำรับรอง",
    keys={"data": "office", "figures": "office", "province": "office", "personnel": "office",
          "countersigner": "countersigner", "names": "signer"},
)
