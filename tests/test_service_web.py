"""The web form (docgen.service.web): Thai pages, live preview, messages beside
fields, downloads; driven through FastAPI's TestClient."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi import HTTPException  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from docgen.service.app import create_app  # noqa: E402
from docgen.service.settings import Settings  # noqa: E402
from web_helpers import LETTER, OFFICE, ORDER, pdf_text  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(Settings(config_root=REPO / "config", demo=True)))


def error_beside(html: str, field: str) -> str:
    """The message shown under ``field`` (its <p id="err-field">), or ""."""
    match = re.search(rf'<p class="error" id="err-{field}" role="alert"( hidden)?>(.*?)</p>', html, re.S)
    assert match, f"no message slot for {field}"
    return "" if match.group(1) else match.group(2)


def test_pages_are_thai(client):
    home = client.get("/")
    assert home.status_code == 200
    assert '<html lang="th">' in home.text
    assert "หนังสือภายนอก" in home.text and "บันทึกข้อความ" in home.text
    page = client.get("/form/letter?example=1")
    assert page.status_code == 200
    for label in ("เลขที่หนังสือ", "ลงวันที่", "เรื่อง", "เรียน", "สิ่งที่ส่งมาด้วย", "ข้อความ", "ผู้ลงนาม"):
        assert label in page.text
    assert "๑๖ ตุลาคม ๒๕๖๑" in page.text  # the BE label beside the date picker
    assert "นายผดุงศักดิ์ หาญปรีชาสวัสดิ์" in page.text  # the person picker, from personnel.yaml
    assert "บันทึกข้อความ" in client.get("/form/memo").text
    assert client.get("/form/nothing").status_code == 404


def test_static_files_and_font(client):
    assert client.get("/static/form.js").status_code == 200
    font = client.get("/static/fonts/LaksamanSarabunMetric-Regular.ttf")
    assert font.status_code == 200 and font.headers["content-type"] == "font/ttf"
    assert client.get("/static/fonts/__init__.py").status_code == 404


def test_closed_unless_demo_or_signed_in_with_an_api_key():
    from docgen.service.settings import ApiKey, hash_key

    keys = [ApiKey(name="clerk", hash=hash_key("clerk-key"), scopes=["render"]),
            ApiKey(name="registrar", hash=hash_key("reg-key"), scopes=["register"])]
    closed = TestClient(create_app(Settings(config_root=REPO / "config", api_keys=keys)), follow_redirects=False)
    page = closed.get("/form/letter")
    assert page.status_code == 303 and page.headers["location"] == "/signin?next=/form/letter"
    assert closed.post("/form/letter/preview", data=LETTER).status_code == 401
    assert "รหัส API" in closed.get("/signin").text
    wrong = closed.post("/signin", data={"key": "reg-key", "next": "/form/letter"})  # no render scope
    assert wrong.status_code == 401 and "รหัสไม่ถูกต้อง" in wrong.text
    assert "docgen_key" not in closed.cookies
    offsite = closed.post("/signin", data={"key": "clerk-key", "next": "//evil.example/"})
    assert offsite.status_code == 303 and offsite.headers["location"] == "/"
    cookie = offsite.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert closed.get("/form/letter").status_code == 200
    assert closed.post("/form/letter/preview", data=LETTER).status_code == 200
    closed.post("/signout")
    assert closed.get("/form/letter").status_code == 303

    app = create_app(Settings(config_root=REPO / "config"))

    def signed_in(request):
        if request.headers.get("x-user") != "clerk":
            raise HTTPException(401, "sign in")

    app.state.form_auth = signed_in  # another sign-in may replace the service's
    hooked = TestClient(app)
    assert hooked.get("/").status_code == 401
    assert hooked.get("/", headers={"x-user": "clerk"}).status_code == 200


def test_preview_is_a_png_of_a_valid_letter(client):
    response = client.post("/form/letter/preview", data=LETTER)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["ok"] and data["page_count"] >= 1 and data["errors"] == {}
    head, payload = data["pages"][0].split(",", 1)
    assert head == "data:image/png;base64"
    assert base64.b64decode(payload).startswith(b"\x89PNG\r\n\x1a\n")


def test_invalid_date_message_is_beside_the_date(client):
    bad = {**LETTER, "date": "2018-02-30"}
    preview = client.post("/form/letter/preview", data=bad)
    assert preview.status_code == 422
    assert list(preview.json()["errors"]) == ["date"]
    assert "วันที่ไม่ถูกต้อง" in preview.json()["errors"]["date"][0]

    page = client.post("/form/letter/download?format=pdf", data=bad)  # without JavaScript
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "วันที่ไม่ถูกต้อง" in error_beside(page.text, "date")
    assert error_beside(page.text, "subject") == ""
    assert 'value="ทดสอบแบบฟอร์มหนังสือเวียน"' in page.text  # what was typed is kept


def test_validate_names_every_missing_field(client):
    response = client.post("/form/letter/validate", data={"office": OFFICE})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"number", "date", "subject", "recipient", "body", "signer"} <= set(errors)
    assert errors["subject"] == ["ต้องกรอกช่องนี้"]
    assert client.post("/form/letter/validate", data=LETTER).json() == {"ok": True, "errors": {}, "general": []}


def test_docgen_messages_go_to_their_field(client):
    response = client.post("/form/letter/validate", data={**LETTER, "number": "0019/4852", "signer": "nobody"})
    errors = response.json()["errors"]
    assert "เลขที่หนังสือไม่ถูกต้อง" in errors["number"][0]
    response = client.post("/form/letter/validate", data={**LETTER, "signer": "nobody"})
    assert "ไม่พบผู้ลงนาม" in response.json()["errors"]["signer"][0]


def test_download_pdf_holds_what_was_typed(client):
    response = client.post("/form/letter/download?format=pdf", data=LETTER)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="letter.pdf"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]) == "หนังสือภายนอก-ทดสอบแบบฟอร์มหนังสือเวียน.pdf"
    text = pdf_text(response.content)
    assert "ทดสอบแบบฟอร์มหนังสือเวียน" in text
    assert "ย่อหน้าแรกของหนังสือ ต่อบรรทัดเดิม" in text
    assert "ย่อหน้าที่สองของหนังสือ" in text
    assert "ลบ ๐๐๑๙/ว ๔๘๕๒" in text


def test_register_number_and_memo_docx(client):
    response = client.post("/form/memo/download?format=docx", data={
        "office": OFFICE, "number": "1187", "date": "2018-10-12", "subject": "ทดสอบบันทึกข้อความ",
        "salutation": "เรียน", "recipient": "ผู้ว่าราชการจังหวัดลพบุรี", "body": "ข้อความของบันทึก",
        "signer": "provincial_cd_officer"})
    assert response.status_code == 200, response.text
    assert response.content[:2] == b"PK"
    assert "filename*=UTF-8''" in response.headers["content-disposition"]


def test_typed_text_is_never_a_template(client):
    typed = {**LETTER, "subject": "ทดสอบ {{ 7*7 }} {% include 'x' %}", "body": "{{ ''.__class__ }}"}
    response = client.post("/form/letter/download?format=pdf", data=typed)
    assert response.status_code == 200, response.text
    text = pdf_text(response.content)
    assert "{{ ๗*๗ }}" in text and "{% include 'x' %}" in text
    assert "{{ ''.__class__ }}" in text


def test_offices_outside_config_root_are_refused(client):
    for office in ("../config/lopburi-jpt-2562", "/etc", str(REPO / "config" / OFFICE)):
        response = client.post("/form/letter/validate", data={**LETTER, "office": office})
        assert response.status_code == 422
        assert response.json()["errors"]["office"] == ["ไม่พบชุดข้อมูลสำนักงานนี้"]
    assert client.get("/form/people", params={"office": "../config"}).status_code == 404
    people = client.get("/form/people", params={"office": OFFICE}).json()
    assert {"deputy_governor", "provincial_cd_officer"} <= {p["id"] for p in people}


def test_text_sizes_are_limited(client):
    response = client.post("/form/letter/validate", data={**LETTER, "subject": "ก" * 1001})
    assert "ยาวเกินไป" in response.json()["errors"]["subject"][0]
    too_big = client.post("/form/letter/preview", data={**LETTER, "body": "ก" * (2 << 20)})
    assert too_big.status_code == 413


def test_what_is_typed_is_escaped_in_the_page(client):
    typed = {**LETTER, "date": "", "subject": '"><script>alert(1)</script>', "recipient": "</textarea><b>x</b>"}
    page = client.post("/form/letter/download?format=pdf", data=typed)
    assert page.status_code == 422
    assert "<script>alert(1)" not in page.text and "<b>x</b>" not in page.text
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page.text
    assert error_beside(page.text, "date") == "ต้องกรอกช่องนี้"


def test_order_form_is_thai(client):
    assert "คำสั่ง" in client.get("/").text
    page = client.get("/form/order?example=1")
    assert page.status_code == 200
    for label in ("เลขที่คำสั่ง", "สั่ง ณ วันที่", "เรื่อง", "ความนำ", "รายชื่อกรรมการ/คณะทำงาน",
                  "ชื่อ | ตำแหน่ง | บทบาท", "อำนาจหน้าที่", "มีผลตั้งแต่", "ผู้ลงนาม"):
        assert label in page.text
    assert "นายผดุงศักดิ์ หาญปรีชาสวัสดิ์" in page.text  # the person picker, from personnel.yaml
    assert client.post("/form/order/validate", data={"office": OFFICE, **_example("order")}).json()["ok"]


def _example(kind):
    from docgen.service.forms import KINDS, find_office

    return KINDS[kind].example(find_office(REPO / "config", OFFICE))


def test_order_preview_is_a_png(client):
    response = client.post("/form/order/preview", data=ORDER)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["ok"] and data["page_count"] >= 1
    assert base64.b64decode(data["pages"][0].split(",", 1)[1]).startswith(b"\x89PNG\r\n\x1a\n")


def test_order_pdf_holds_subject_members_and_roles(client):
    response = client.post("/form/order/download?format=pdf", data={**ORDER, "number": "12"})
    assert response.status_code == 200, response.text
    assert unquote(response.headers["content-disposition"].split("''", 1)[1]) == \
        "คำสั่ง-แต่งตั้งคณะทำงานทดสอบแบบฟอร์มคำสั่ง.pdf"
    text = pdf_text(response.content)
    assert "คำสั่งจังหวัดลพบุรี" in text
    assert "แต่งตั้งคณะทำงานทดสอบแบบฟอร์มคำสั่ง" in text
    assert "ที่ ๑๒/๒๕๖๑" in text  # a bare number takes the BE year of the date
    assert "นายสมชาย ใจดี" in text and "ประธานคณะทำงาน" in text
    assert "คณะทำงานและเลขานุการ" in text
    assert "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป" in text


def test_order_member_without_role_is_marked_on_its_line(client):
    members = ORDER["members"].replace(" | คณะทำงานและเลขานุการ", "")
    response = client.post("/form/order/validate", data={**ORDER, "members": members})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["members"]
    assert response.json()["errors"]["members"][0].startswith("บรรทัดที่ ๔: ")  # the blank line 3 counts
    page = client.post("/form/order/download?format=pdf", data={**ORDER, "members": members})
    assert page.status_code == 422
    assert "ชื่อ | ตำแหน่ง | บทบาท" in error_beside(page.text, "members")
    unknown = client.post("/form/order/validate", data={**ORDER, "members": "ก | ข | หัวหน้า"})
    assert "ไม่รู้จักบทบาท" in unknown.json()["errors"]["members"][0]


def test_order_role_rules_of_the_loader_reach_the_members_field(client):
    two_chairs = ORDER["members"].replace("| คณะทำงาน\n", "| หัวหน้าคณะทำงาน\n")
    response = client.post("/form/order/validate", data={**ORDER, "members": two_chairs})
    assert response.status_code == 422
    message = response.json()["errors"]["members"][0]
    assert message.startswith("บรรทัดที่ ๒: มีประธานได้คนเดียว")
    assert "a committee has exactly one chair" in message  # docgen's own words, kept
    page = client.post("/form/order/download?format=pdf", data={**ORDER, "members": two_chairs})
    assert "มีประธานได้คนเดียว" in error_beside(page.text, "members")
    last_first = "\n".join(reversed(ORDER["members"].split("\n")))
    late = client.post("/form/order/validate", data={**ORDER, "members": last_first}).json()["errors"]["members"]
    assert any("ต้องอยู่ก่อน" in m for m in late)


def test_order_number_and_effective_date_are_checked(client):
    errors = client.post("/form/order/validate", data={**ORDER, "number": "ลบ 12"}).json()["errors"]
    assert "เลขที่คำสั่งไม่ถูกต้อง" in errors["number"][0]
    errors = client.post("/form/order/validate", data={**ORDER, "effective": "2018-02-30"}).json()["errors"]
    assert "วันที่ไม่ถูกต้อง" in errors["effective"][0]


# The action plan, certification and targets forms; orders of several committees.

PLAN = {
    "office": OFFICE, "title": "แผนปฏิบัติการทดสอบแบบฟอร์ม\nจังหวัดลพบุรี", "orientation": "portrait",
    "rows": ("ประชุมชี้แจงคณะทำงานระดับอำเภอ | 2018-10 | 2018-11 | จ., อ.\n"
             "จดทะเบียนข้อมูลฯ | 2018-11 | 2019-01-15 | อ.\n"
             "รับรองคุณภาพข้อมูลระดับ อปท. | 2019-02-01 | 2019-02-22 | อ., อปท."),
    "units": "จ. = จังหวัด\nอ. = อำเภอ\nอปท. = องค์กรปกครองส่วนท้องถิ่น",
}
CERTIFICATION = {
    "office": OFFICE, "scope": "lao", "district": "1601", "year": "2562", "date": "2019-02-22",
    "signer": "", "countersigner": "cdd",
}
TARGETS = {"office": OFFICE, "rows": "district", "district": "", "year": "2562", "title": ""}


def pdf_pages(data: bytes) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def test_every_kind_has_a_page_with_a_thai_title(client):
    home = client.get("/").text
    for kind, title in (("letter", "หนังสือภายนอก"), ("memo", "บันทึกข้อความ"), ("order", "คำสั่ง"),
                        ("action_plan", "แผนปฏิบัติการ"), ("certification", "คำรับรองคุณภาพข้อมูล"),
                        ("targets", "จำนวนครัวเรือนเป้าหมาย")):
        assert f'href="/form/{kind}"' in home and title in home
        page = client.get(f"/form/{kind}")
        assert page.status_code == 200 and f"<h1>{title}" in page.text
    assert "กิจกรรม | เริ่ม | สิ้นสุด | หน่วยรับผิดชอบ" in client.get("/form/action_plan").text
    page = client.get("/form/certification").text
    assert "อำเภอเมืองลพบุรี" in page  # the district filter, from the office's data set
    assert "องค์กรปกครองส่วนท้องถิ่น (ฉบับละหนึ่ง อปท.)" in page
    districts = client.get("/form/districts", params={"office": OFFICE}).json()
    assert {"id": "1601", "label": "อำเภอเมืองลพบุรี"} in districts and len(districts) == 11
    assert client.get("/form/districts", params={"office": "../config"}).status_code == 404


def test_action_plan_pdf_shows_the_rows_with_buddhist_era_periods(client):
    response = client.post("/form/action_plan/download?format=pdf", data=PLAN)
    assert response.status_code == 200, response.text
    assert unquote(response.headers["content-disposition"].split("''", 1)[1]) == \
        "แผนปฏิบัติการ-แผนปฏิบัติการทดสอบแบบฟอร์ม.pdf"
    text = pdf_text(response.content)
    assert "แผนปฏิบัติการทดสอบแบบฟอร์ม" in text and "ระยะเวลาดำเนินการ" in text
    assert re.search(r"๒\. จดทะเบียนข้อมูลฯ พ\.ย\. ๖๑ - ๑๕ ม\.ค\. ๖๒ อ\.", text)
    assert "ต.ค. - พ.ย. ๖๑ จ./อ." in text
    assert "๑ - ๒๒ ก.พ. ๖๒ อ./อปท." in text
    assert "หมายเหตุ จ. = จังหวัด" in text
    docx = client.post("/form/action_plan/download?format=docx", data={**PLAN, "orientation": "landscape"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert docx.headers["content-type"].endswith("wordprocessingml.document")


def test_action_plan_example_is_the_reference_schedule(client):
    page = client.get(f"/form/action_plan?example=1&office={OFFICE}")
    rows = re.search(r'<textarea id="f-rows"[^>]*>(.*?)</textarea>', page.text, re.S).group(1)
    assert len(rows.strip().split("\n")) == 17  # the activities of schedule.yaml in the plan
    assert "ส่งเสริมการใช้ประโยชน์และรับรองคุณภาพข้อมูล จปฐ. ระดับอปท." in rows
    assert "จังหวัดลพบุรี" in page.text
    values = {"office": OFFICE, "title": "แผนปฏิบัติการ", "orientation": "portrait", "rows": rows.replace("&amp;", "&")}
    text = pdf_text(client.post("/form/action_plan/download?format=pdf", data=values).content)
    assert "๑๗. ส่งเสริมสนับสนุนให้ทุกภาคส่วนใช้ประโยชน์ข้อมูลเพื่อ" in text
    assert "๒๓ ก.พ. - ๘ มี.ค. ๖๒" in text  # district_certify, as the published plan has it
    assert "๑ ต.ค. - ๓๑ ต.ค. ๖๑" in text  # row 1 keeps its month on both dates (repeat_month)
    assert "๑ - ๓๑ ต.ค. ๖๑" not in text
    wrong = client.post("/form/action_plan/validate", data={**values, "rows": "ประชุม | 2018-10-01 | | จ. | x"})
    assert wrong.json()["errors"]["rows"][0].startswith("บรรทัดที่ ๑: ช่องที่ห้าเขียนได้เพียง เดือนซ้ำ")


def test_action_plan_bad_date_is_marked_on_its_line(client):
    rows = PLAN["rows"].replace("2019-02-22", "2019-02-30")
    response = client.post("/form/action_plan/validate", data={**PLAN, "rows": rows})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["rows"]
    message = response.json()["errors"]["rows"][0]
    assert message.startswith("บรรทัดที่ ๓: วันที่ไม่ถูกต้อง") and "2019-02-30" in message
    page = client.post("/form/action_plan/download?format=pdf", data={**PLAN, "rows": rows})  # without JavaScript
    assert page.status_code == 422 and "บรรทัดที่ ๓" in error_beside(page.text, "rows")
    backwards = PLAN["rows"].replace("2019-01-15", "2018-09-30")
    errors = client.post("/form/action_plan/validate", data={**PLAN, "rows": backwards}).json()["errors"]
    assert errors["rows"][0].startswith("บรรทัดที่ ๒: วันสิ้นสุด")
    buddhist = client.post("/form/action_plan/validate", data={**PLAN, "rows": "\n\nประชุม | 2561-10-01 | | จ."})
    assert buddhist.json()["errors"]["rows"] == ["บรรทัดที่ ๓: 2561 เป็นปี พ.ศ.: ใส่ปี ค.ศ. (พ.ศ. - 543) เช่น 2018-10-01"]
    short = client.post("/form/action_plan/validate", data={**PLAN, "rows": "ประชุม | 2018-10-01"})
    assert "กิจกรรม | เริ่ม | สิ้นสุด | หน่วยรับผิดชอบ" in short.json()["errors"]["rows"][0]


def test_more_certifications_than_a_form_download_holds_are_refused_beside_the_district(client, monkeypatch):
    from docgen.service import formrender

    monkeypatch.setattr(formrender, "MAX_DOCUMENTS", 5)
    page = client.post("/form/certification/download?format=pdf", data=CERTIFICATION)  # 7 LAOs in 1601
    assert page.status_code == 422
    assert error_beside(page.text, "district").startswith("ได้ ๗ ฉบับ เกินกว่าที่ดาวน์โหลดจากแบบฟอร์มได้ (๕ ฉบับ)")
    assert client.post("/form/certification/preview", data=CERTIFICATION).json()["ok"]  # a preview still shows


def test_certifications_of_a_district_come_as_one_pdf(client):
    preview = client.post("/form/certification/preview", data=CERTIFICATION).json()
    assert preview["ok"] and preview["documents"] == 7 and len(preview["pages"]) == 7 and preview["complete"]
    response = client.post("/form/certification/download?format=pdf", data=CERTIFICATION)
    assert response.status_code == 200, response.text
    assert pdf_pages(response.content) == 7  # one page each
    text = pdf_text(response.content)
    assert text.count("หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า") == 7
    assert "องค์การบริหารส่วนตำบลทะเลชุบศร" in text and "นายกองค์การบริหารส่วนตำบลทะเลชุบศร" in text
    assert "ระดับองค์กรปกครองส่วนท้องถิ่น" in text and "ปี ๒๕๖๒" in text
    assert "ให้ไว้ ณ วันที่ ๒๒ กุมภาพันธ์ พ.ศ. ๒๕๖๒" in text
    assert "พัฒนาการอำเภอเมืองลพบุรี" in text  # the countersigner
    assert "อำเภอพัฒนานิคม" not in text  # the district filter
    docx = client.post("/form/certification/download?format=docx", data=CERTIFICATION)
    assert docx.headers["content-type"] == "application/zip"
    assert docx.headers["content-disposition"].startswith('attachment; filename="certification.zip"')
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(docx.content)).namelist()
    assert len(names) == 7 and "cert-jpt-16-1601-160101-sao.docx" in names


def test_certification_preview_shows_the_first_pages_and_counts_all(client):
    everything = {**CERTIFICATION, "district": "", "include_unverified": "on"}
    preview = client.post("/form/certification/preview", data=everything).json()
    assert preview["ok"] and preview["documents"] == 129 and len(preview["pages"]) == 12
    assert not preview["complete"]
    verified = client.post("/form/certification/preview", data={**everything, "include_unverified": ""}).json()
    assert verified["documents"] == 30


def test_province_certification_is_signed_by_a_chosen_person(client):
    province = {**CERTIFICATION, "scope": "province", "date": "2019-03-29", "signer": "deputy_governor",
                "data": "/etc/passwd", "figures": "../../etc/passwd"}  # file names are never taken from the form
    response = client.post("/form/certification/download?format=pdf", data=province)
    assert response.status_code == 200, response.text
    assert pdf_pages(response.content) == 1
    text = pdf_text(response.content)
    assert "ระดับจังหวัด" in text and "นายผดุงศักดิ์ หาญปรีชาสวัสดิ์" in text
    assert "ให้ไว้ ณ วันที่ ๒๙ มีนาคม พ.ศ. ๒๕๖๒" in text
    docx = client.post("/form/certification/download?format=docx", data={**province, "countersigner": "none"})
    assert docx.headers["content-type"].endswith("wordprocessingml.document")


def test_certification_problems_are_beside_their_fields(client):
    errors = client.post("/form/certification/validate", data={**CERTIFICATION, "year": "2019"}).json()["errors"]
    assert errors == {"year": ["ใส่ปี พ.ศ. เช่น 2562 (ค.ศ. + 543)"]}
    errors = client.post("/form/certification/validate", data={**CERTIFICATION, "district": "9999"}).json()["errors"]
    assert errors["district"][0].startswith("อำเภอรหัส 9999 ไม่อยู่ในจังหวัดรหัส 16")
    errors = client.post("/form/certification/validate", data={**CERTIFICATION, "signer": "nobody"}).json()["errors"]
    assert "ไม่พบผู้ลงนาม" in errors["signer"][0]
    errors = client.post("/form/certification/validate", data={**CERTIFICATION, "scope": "tambon"}).json()["errors"]
    assert errors["scope"][0].startswith("เลือกได้เฉพาะ องค์กรปกครองส่วนท้องถิ่น")
    errors = client.post("/form/certification/validate", data={**CERTIFICATION, "office": "../data"}).json()["errors"]
    assert errors["office"] == ["ไม่พบชุดข้อมูลสำนักงานนี้"]


def test_targets_per_district_and_per_lao(client):
    response = client.post("/form/targets/download?format=pdf", data=TARGETS)
    assert response.status_code == 200, response.text
    text = pdf_text(response.content)
    assert "จำนวนครัวเรือนเป้าหมายการจัดเก็บข้อมูล จปฐ. ปี ๒๕๖๒" in text and "จังหวัดลพบุรี" in text
    assert "๑. อำเภอเมืองลพบุรี ๕๖,๐๑๗ ๒๐๔" in text and "รวม ๒๗๖,๒๙๓ ๑,๓๓๖" in text
    laos = {**TARGETS, "rows": "lao", "district": "1602", "title": "อปท. ในอำเภอพัฒนานิคม\nปี 2562"}
    text = pdf_text(client.post("/form/targets/download?format=pdf", data=laos).content)
    assert "อปท. ในอำเภอพัฒนานิคม" in text and "องค์กรปกครองส่วนท้องถิ่น" in text
    assert "เทศบาลตำบลพัฒนานิคม ๑,๕๙๓" in text and "อำเภอเมืองลพบุรี" not in text
    untitled = pdf_text(client.post("/form/targets/download?format=pdf", data={**laos, "title": ""}).content)
    assert "อำเภอพัฒนานิคม จังหวัดลพบุรี" in untitled  # docgen's title, with the district of the rows
    docx = client.post("/form/targets/download?format=docx", data=laos)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    page = client.post("/form/targets/download?format=pdf", data={**laos, "district": ""})
    assert page.status_code == 422
    assert error_beside(page.text, "district") == "เลือกอำเภอ: แถวเป็น อปท. ของอำเภอที่เลือก"


TWO_COMMITTEES = {
    **ORDER, "heading": "คณะทำงานอำนวยการ",
    "heading_2": "คณะทำงานตรวจสอบข้อมูล",
    "members_2": ("นางสาวมาลี ตรวจดี | นักวิชาการพัฒนาชุมชน | หัวหน้าคณะทำงาน\n"
                  "นายวิชัย สอบทาน | เจ้าพนักงานพัฒนาชุมชน | คณะทำงานและเลขานุการ"),
}


def test_order_of_two_committees_holds_both(client):
    response = client.post("/form/order/download?format=pdf", data=TWO_COMMITTEES)
    assert response.status_code == 200, response.text
    text = pdf_text(response.content)
    assert "๑. คณะทำงานอำนวยการ" in text and "๒. คณะทำงานตรวจสอบข้อมูล" in text
    assert "๑.๑ นายสมชาย ใจดี" in text  # numbered within its committee
    assert "๒.๑ นางสาวมาลี ตรวจดี" in text and "๒.๒ นายวิชัย สอบทาน" in text
    assert text.index("นายสมชาย ใจดี") < text.index("นางสาวมาลี ตรวจดี")
    skipped = client.post("/form/order/download?format=pdf", data={**ORDER, "heading_3": "", "members_3": " "})
    assert "๑.๑" not in pdf_text(skipped.content)  # an empty block is no committee


def test_order_problems_land_beside_the_right_committee(client):
    two_chairs = {**TWO_COMMITTEES, "members_2": TWO_COMMITTEES["members_2"].replace("คณะทำงานและเลขานุการ",
                                                                                    "หัวหน้าคณะทำงาน")}
    errors = client.post("/form/order/validate", data=two_chairs).json()["errors"]
    assert list(errors) == ["members_2"]
    assert errors["members_2"][0].startswith("บรรทัดที่ ๒: มีประธานได้คนเดียว: บรรทัดที่ ๑ เป็น")
    page = client.post("/form/order/download?format=pdf", data={**TWO_COMMITTEES, "members_2": "x | y"})
    assert page.status_code == 422
    assert error_beside(page.text, "members_2").startswith("บรรทัดที่ ๑: เขียนเป็น ชื่อ | ตำแหน่ง | บทบาท")
    assert error_beside(page.text, "members") == ""
    assert 'name="heading_2" value="คณะทำงานตรวจสอบข้อมูล"' in page.text  # the second block is shown again
    headless = {**TWO_COMMITTEES, "members_2": ""}
    errors = client.post("/form/order/validate", data=headless).json()["errors"]
    assert errors == {"members_2": ["ต้องกรอกรายชื่อของคณะนี้ (หรือลบคณะนี้)"]}
    assert "เพิ่มคณะ" in client.get("/form/order").text
