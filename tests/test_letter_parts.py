"""Optional parts of a letter: absent ones leave no label, present ones take their place."""

from __future__ import annotations

import re

from conftest import edit
from docgen.pipeline import build


def _edit(config_dir, *replacements):
    return build(edit(config_dir / "circular.yaml", *replacements))


def _texts(document):
    out = []
    for p in document.paragraphs():
        label = "".join(r.text for r in p.label or [])
        out.append(f"{label}\t{p.text}" if label else p.text)
    return out


def test_absent_parts_leave_no_label(config_dir):
    org = config_dir / "organisation.yaml"
    org.write_text(re.sub(r"(?m)^motto:.*\n", "", org.read_text("utf-8")), "utf-8")
    letter = config_dir / "circular.yaml"
    letter.write_text(re.sub(r"(?m)^enclosures:.*\n(  .*\n)+", "", letter.read_text("utf-8")), "utf-8")
    document = _edit(config_dir, ("conclusion: จึงเรียนมาเพื่อพิจารณาดำเนินการต่อไป\n", ""))
    text = "\n".join(_texts(document))
    for absent in ("สิ่งที่ส่งมาด้วย", "อ้างถึง", "จึงเรียนมา", "กรมการพัฒนาชุมชน :"):
        assert absent not in text


def test_references_one_or_several(config_dir):
    one = _edit(config_dir, ("recipient: นายอำเภอทุกอำเภอ\n",
                             "recipient: นายอำเภอทุกอำเภอ\nreferences: [หนังสือกรมการพัฒนาชุมชน ที่ มท 0403.4/ว 1234 ลงวันที่ 1 ตุลาคม 2561]\n"))
    refs = [p for p in one.paragraphs() if p.role == "reference"]
    assert len(refs) == 1
    assert refs[0].label[0].text == "อ้างถึง"
    assert refs[0].text == "หนังสือกรมการพัฒนาชุมชน ที่ มท ๐๔๐๓.๔/ว ๑๒๓๔ ลงวันที่ ๑ ตุลาคม ๒๕๖๑"
    order = [p.role for p in one.paragraphs()]
    assert order.index("salutation") < order.index("reference") < order.index("enclosure")


def test_several_references_are_numbered(config_dir):
    many = _edit(config_dir, ("recipient: นายอำเภอทุกอำเภอ\n",
                              "recipient: นายอำเภอทุกอำเภอ\nreferences: [หนังสือ ก, หนังสือ ข]\n"))
    refs = [p.text for p in many.paragraphs() if p.role == "reference"]
    assert refs == ["๑. หนังสือ ก", "๒. หนังสือ ข"]


def test_high_office_salutation_takes_its_own_closing(config_dir):
    document = _edit(config_dir, ("salutation: เรียน", "salutation: กราบเรียน"),
                     ("recipient: นายอำเภอทุกอำเภอ", "recipient: นายกรัฐมนตรี"))
    texts = _texts(document)
    assert "กราบเรียน\tนายกรัฐมนตรี" in texts
    assert "ขอแสดงความนับถืออย่างยิ่ง" in texts


def test_acting_lines(config_dir):
    people = config_dir / "personnel.yaml"
    people.write_text(people.read_text("utf-8").replace("phrase: ปฏิบัติราชการแทน", "phrase: รักษาราชการแทน"), "utf-8")
    texts = [p.text for p in build(config_dir / "circular.yaml").paragraphs() if p.role.startswith("signer")]
    assert texts == ["(นายผดุงศักดิ์ หาญปรีชาสวัสดิ์)", "รองผู้ว่าราชการจังหวัด รักษาราชการแทน", "ผู้ว่าราชการจังหวัดลพบุรี"]


def test_separate_phone_and_fax_and_email(config_dir):
    org = config_dir / "organisation.yaml"
    org.write_text(org.read_text("utf-8").replace('fax: "036770135"', 'fax: "036770136"\n  email: saraban@lopburi.go.th'), "utf-8")
    texts = [p.text for p in build(config_dir / "circular.yaml").paragraphs() if p.role == "owner"]
    assert "โทร. ๐ ๓๖๗๗ ๐๑๓๕" in texts
    assert "โทรสาร ๐ ๓๖๗๗ ๐๑๓๖" in texts
    assert "ไปรษณีย์อิเล็กทรอนิกส์ saraban@lopburi.go.th" in texts
