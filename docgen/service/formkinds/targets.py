"""The targets form (จำนวนครัวเรือนเป้าหมาย): a table of the target households
(and villages) per district, or per LAO of one district, from the figures the
office's certifications read (the same files: see :mod:`.certification`).

>>> build({"rows": "lao", "district": "", "year": "2562", "title": ""}, {}, None, {}, ("d", "f", "16"))
Traceback (most recent call last):
docgen.service.formkinds.fields.FormProblems: district: เลือกอำเภอ: แถวเป็น อปท. ของอำเภอที่เลือก
>>> build({"rows": "district", "district": "1601", "year": "2562", "title": ""}, {}, None, {}, ("d", "f", "16")).config
{'kind': 'targets', 'data': 'd', 'figures': 'f', 'rows': 'district', 'year': 2562}
"""

from __future__ import annotations

from typing import Mapping

from docgen.service.formkinds.certification import data_of
from docgen.service.formkinds.fields import (
    DISTRICT, OFFICE, ORIENTATION, YEAR, Field, FormKind, Submission, add, be_year, escape_template, lines, stop,
)

MAX_TITLE_LINES = 4
DEFAULT_TITLE = "จำนวนครัวเรือนเป้าหมายการจัดเก็บข้อมูล จปฐ. ปี <ปี> / <จังหวัด> (แถวเป็น อปท.: <อำเภอ> <จังหวัด>)"
LAO_TITLE = ("จำนวนครัวเรือนเป้าหมายการจัดเก็บข้อมูล จปฐ. ปี {{ year }}",
             "{{ district.full_name_th }} {{ province.full_name_th }}")


def build(values: dict, form: Mapping[str, str], office, errors: dict, data=None) -> Submission:
    data = data or data_of(office, errors)
    year = be_year(values, errors)
    district = values["district"].strip()
    if values["rows"] == "lao" and not district:
        add(errors, "district", "เลือกอำเภอ: แถวเป็น อปท. ของอำเภอที่เลือก")
    title = lines(values["title"])
    if len(title) > MAX_TITLE_LINES:
        add(errors, "title", f"ไม่เกิน {MAX_TITLE_LINES} บรรทัด")
    stop(errors)
    config: dict = {"kind": "targets", "data": data[0], "figures": data[1], "rows": values["rows"], "year": year}
    if values["rows"] == "lao":
        config["district"] = district
    if title:
        config["title"] = [escape_template(line) for line in title]
    elif values["rows"] == "lao":  # docgen's own title, with the district the rows are in
        config["title"] = [LAO_TITLE[0], LAO_TITLE[1]]
    if values.get("orientation"):
        config["orientation"] = values["orientation"]
    where = dict(office.districts()).get(district, "") if office and values["rows"] == "lao" else ""
    name = title[0] if title else " ".join(part for part in (where, f"ปี {year}") if part)
    return Submission(config, name)


def example(office) -> dict:
    return {"rows": "district", "district": "", "year": "2562", "orientation": "portrait",
            "title": "จำนวนครัวเรือนเป้าหมายการจัดเก็บข้อมูล จปฐ. และหมู่บ้านเป้าหมาย กชช.2ค ปี 2562\n"
                     + (office.province_name() if office else "")}


TARGETS = FormKind(
    "targets", "จำนวนครัวเรือนเป้าหมาย", "ตารางครัวเรือนและหมู่บ้านเป้าหมาย รายอำเภอ หรือราย อปท. ของอำเภอหนึ่ง",
    (Field("office", OFFICE.label, "office", True, "ชุดข้อมูล อปท. และตัวเลขครัวเรือนมาจากโฟลเดอร์นี้"),
     Field("rows", "แถวของตาราง", "select", True, choices=("district", "lao"),
           labels=("อำเภอ (แถวละหนึ่งอำเภอ)", "อปท. ของอำเภอที่เลือก"), default="district"),
     Field("district", DISTRICT.label, "district", hint="ใช้เมื่อแถวเป็น อปท.", placeholder="– เลือกอำเภอ –"),
     YEAR,
     Field("title", "ชื่อตาราง", "lines", hint=f"บรรทัดละหนึ่งบรรทัด (ไม่เกิน ๔); เว้นว่าง: {DEFAULT_TITLE}"),
     ORIENTATION),
    build, example, short="เป้าหมาย",
    keys={"data": "office", "figures": "office"},
)
