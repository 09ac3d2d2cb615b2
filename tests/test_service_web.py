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
    from docgen.service.web import EXAMPLES

    return EXAMPLES[kind]


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
    assert response.json()["errors"]["members"][0].startswith("บรรทัดที่ 4: ")  # the blank line 3 counts
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
    assert message.startswith("บรรทัดที่ 2: มีประธานได้คนเดียว")
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
