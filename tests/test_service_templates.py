"""Offices' Word templates over the API: upload (checked first), list, and
render a letter or memo through one, as DOCX and (with LibreOffice) as PDF."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from test_service_api import ADMIN, BASE, RENDER_ONLY, settings_for, text_of_docx, text_of_pdf  # noqa: E402

from docgen.service.app import create_app  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "templates" / "letters" / "office-letter.docx"
LETTER = (BASE / "circular.yaml").read_bytes()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture()
def client(tmp_path):
    with TestClient(create_app(settings_for(tmp_path, templates_dir=tmp_path / "templates"))) as client:
        client.headers["X-API-Key"] = ADMIN
        yield client


def upload(client, data: bytes, name: str = "office-letter.docx", key: str = ADMIN):
    return client.post("/api/v1/templates", files={"file": (name, data, DOCX_TYPE)}, headers={"X-API-Key": key})


def render(client, fmt: str, template: str = "office-letter.docx"):
    return client.post("/api/v1/render", params={"base": "lopburi-jpt-2562", "format": fmt, "template": template},
                       content=LETTER, headers={"Content-Type": "application/yaml"})


def test_an_uploaded_template_fills_the_letter(client):
    stored = upload(client, SAMPLE.read_bytes())
    assert stored.status_code == 201, stored.text
    assert stored.json()["name"] == "office-letter.docx"
    assert client.get("/api/v1/templates").json() == {"templates": ["office-letter.docx"]}
    answer = render(client, "docx")
    assert answer.status_code == 200, answer.text
    text = text_of_docx(answer.content)
    assert "ลบ๐๐๑๙/ว๔๘๕๒" in text and "๑๖ตุลาคม๒๕๖๑" in text  # the letter's number and BE date, in Thai digits
    own = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562", "format": "docx"}, content=LETTER,
                      headers={"Content-Type": "application/yaml"})
    assert own.content != answer.content  # the office's layout, not docgen's


def test_a_template_uploaded_again_is_used_at_once(client):
    upload(client, SAMPLE.read_bytes())
    first = render(client, "docx").content
    changed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(SAMPLE.read_bytes())) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ closing }}", "{{ closing }}อย่างสูง".encode(), 1)
            target.writestr(item, data)
    assert upload(client, changed.getvalue()).status_code == 201
    second = render(client, "docx")
    assert second.content != first and "ขอแสดงความนับถืออย่างสูง" in text_of_docx(second.content)


@pytest.mark.skipif(not shutil.which("soffice"), reason="PDF from a Word template needs LibreOffice (soffice)")
def test_a_template_gives_pdf_through_libreoffice(client):
    upload(client, SAMPLE.read_bytes())
    answer = render(client, "pdf")
    assert answer.status_code == 200, answer.text
    assert answer.content.startswith(b"%PDF") and "ลบ๐๐๑๙/ว๔๘๕๒" in text_of_pdf(answer.content)


def test_uploads_need_the_admin_scope_and_a_plain_name(client):
    assert upload(client, SAMPLE.read_bytes(), key=RENDER_ONLY).status_code == 403
    refused = upload(client, SAMPLE.read_bytes(), name="../../evil.docx")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "template"
    assert render(client, "docx", template="missing.docx").status_code == 404
    assert render(client, "docx", template="../office-letter.docx").status_code == 400
    assert client.get("/api/v1/templates").json() == {"templates": []}  # neither upload was kept


def test_a_macro_template_is_refused_and_not_kept(client):
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(SAMPLE.read_bytes())) as source, zipfile.ZipFile(data, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    refused = upload(client, data.getvalue(), name="macro.docx")
    assert refused.status_code == 415, refused.text
    assert client.get("/api/v1/templates").json() == {"templates": []}


MEMO_SAMPLE = SAMPLE.parent / "office-memo.docx"


def test_an_uploaded_memo_template_fills_a_memo(client):
    assert upload(client, MEMO_SAMPLE.read_bytes(), name="office-memo.docx").status_code == 201
    answer = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562", "format": "docx",
                                                   "template": "office-memo.docx"},
                         content=(BASE / "memo.yaml").read_bytes(), headers={"Content-Type": "application/yaml"})
    assert answer.status_code == 200, answer.text
    text = text_of_docx(answer.content)
    assert "บันทึกข้อความ" in text and "ลบ๐๐๑๙/๑๑๘๗" in text and "๑๒ตุลาคม๒๕๖๑" in text
    assert "ขอความเห็นชอบแจ้งแนวทางการจัดเก็บข้อมูล" in text


def test_a_kind_templates_do_not_fill_is_a_422(client):
    upload(client, SAMPLE.read_bytes())
    answer = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562", "format": "docx",
                                                   "template": "office-letter.docx"},
                         content=(BASE / "action-plan.yaml").read_bytes(), headers={"Content-Type": "application/yaml"})
    assert answer.status_code == 422 and "letter, memo, order" in answer.text


def test_an_uploaded_certification_template_fills_the_unit_named(client):
    sample = SAMPLE.parent / "office-certification.docx"
    assert upload(client, sample.read_bytes(), name="office-certification.docx").status_code == 201
    answer = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562", "format": "docx",
                                                   "template": "office-certification.docx", "name": "cert-jpt-16-1602"},
                         content=(BASE / "certification-district.yaml").read_bytes(),
                         headers={"Content-Type": "application/yaml"})
    assert answer.status_code == 200, answer.text
    text = text_of_docx(answer.content)
    assert "ที่ว่าการอำเภอพัฒนานิคม" in text and "ระดับอำเภอ" in text and "เมืองลพบุรี" not in text
