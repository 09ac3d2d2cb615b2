"""The HTTP API, called with FastAPI's TestClient (and once through a real
``docgen serve``): every kind in every format, the errors, keys and scopes,
batches, the register, and the JSON Schema."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from docgen.service.app import create_app  # noqa: E402
from docgen.service.settings import ApiKey, Settings, hash_key  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config"
BASE = CONFIG / "lopburi-jpt-2562"
ADMIN, RENDER_ONLY = "admin-key-0123456789", "render-key-0123456789"
YAML_TYPE = {"Content-Type": "application/yaml"}

# kind -> (file under BASE, its base folder, name= to pick, Thai the first page says)
KINDS = {
    "letter": ("circular.yaml", "lopburi-jpt-2562", None, "การจัดเก็บข้อมูลความจำเป็นพื้นฐาน"),
    "memo": ("memo.yaml", "lopburi-jpt-2562", None, "ส่วนราชการสำนักงานพัฒนาชุมชนจังหวัดลพบุรี"),
    "order": ("orders/district-teams.yaml", "lopburi-jpt-2562/orders", "order-1601-เมืองลพบุรี", "คำสั่งอำเภอ"),
    "action_plan": ("action-plan.yaml", "lopburi-jpt-2562", None, "แผนปฏิบัติการ"),
    "certification": ("certification-district.yaml", "lopburi-jpt-2562", "cert-jpt-16-1601", "คำรับรองคุณภาพข้อมูล"),
    "targets": ("targets.yaml", "lopburi-jpt-2562", None, "จำนวนครัวเรือนเป้าหมาย"),
}


def settings_for(tmp: Path, **changes) -> Settings:
    keys = [ApiKey(name="admin", hash=hash_key(ADMIN), scopes=["admin"]),
            ApiKey(name="clerk", hash=hash_key(RENDER_ONLY), scopes=["render"])]
    values = dict(config_root=CONFIG, api_keys=keys, batch_dir=tmp / "batches", register_url=str(tmp / "reg.sqlite"),
                  render_workers=2, batch_workers=2)
    return Settings(**{**values, **changes})


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app(settings_for(tmp_path_factory.mktemp("service")))
    with TestClient(app) as client:
        client.headers["X-API-Key"] = ADMIN
        yield client


def text_of_pdf(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join("".join((page.extract_text() or "").split()) for page in pdf.pages)


def text_of_docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "".join("".join(parts).split())


def source(kind: str) -> bytes:
    return (BASE / KINDS[kind][0]).read_bytes()


def render(client, kind: str, fmt: str, **params):
    file, base, name, _ = KINDS[kind]
    query = {"format": fmt, "base": base, **({"name": name} if name else {}), **params}
    return client.post("/api/v1/render", params=query, content=source(kind), headers=YAML_TYPE)


# --- every kind, every format ---------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_pdf_of_every_kind_says_what_the_config_says(client, kind):
    answer = render(client, kind, "pdf")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert KINDS[kind][3] in text_of_pdf(answer.content)
    assert int(answer.headers["x-pages"]) >= 1


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_docx_of_every_kind_opens_and_says_it_too(client, kind):
    answer = render(client, kind, "docx")
    assert answer.status_code == 200, answer.text
    assert "wordprocessingml" in answer.headers["content-type"]
    assert KINDS[kind][3] in text_of_docx(answer.content)
    assert "attachment" in answer.headers["content-disposition"]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_png_preview_of_every_kind_is_an_a4_page(client, kind):
    answer = render(client, kind, "png", dpi=40)
    assert answer.status_code == 200, answer.text
    image = Image.open(io.BytesIO(answer.content))
    assert image.format == "PNG"
    ratio = max(image.size) / min(image.size)
    assert abs(ratio - 297 / 210) < 0.02


def test_png_page_out_of_range_is_a_400_on_page(client):
    answer = render(client, "memo", "png", page=99)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "page"


def test_a_config_of_several_documents_needs_a_name_or_a_zip(client):
    body = source("order")
    several = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562/orders"}, content=body,
                          headers=YAML_TYPE)
    assert several.status_code == 400
    assert "order-1601-เมืองลพบุรี" in several.json()["errors"][0]["message"]
    unknown = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562/orders", "name": "order-9999"},
                          content=body, headers=YAML_TYPE)
    assert unknown.status_code == 404
    zipped = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562/orders", "format": "zip"},
                         content=body, headers=YAML_TYPE)
    assert zipped.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert len(names) == 22 and "order-1611-หนองม่วง.pdf" in names and "order-1601-เมืองลพบุรี.docx" in names


def test_json_and_yaml_give_the_same_pdf(client):
    from docgen.config.loader import load_yaml

    data = load_yaml(BASE / "circular.yaml").data
    as_json = json.dumps(data, ensure_ascii=False, default=str)
    from_json = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562"}, content=as_json.encode(),
                            headers={"Content-Type": "application/json"})
    from_yaml = render(client, "letter", "pdf")
    assert from_json.status_code == 200, from_json.text
    assert from_json.content == from_yaml.content


def test_base_may_be_given_in_the_body(client):
    body = b"base: lopburi-jpt-2562\n" + source("memo")
    answer = client.post("/api/v1/render", content=body, headers=YAML_TYPE)
    assert answer.status_code == 200, answer.text
    broken = body.replace(b"date: 2018-10-12", b"date: 2018-13-12")
    error = client.post("/api/v1/render", content=broken, headers=YAML_TYPE).json()["errors"][0]
    line = broken.decode().splitlines().index(next(l for l in broken.decode().splitlines() if l.startswith("date:")))
    assert (error["field"], error["line"]) == ("date", line + 1)  # lines of the body as sent


def test_package_is_the_merged_pdf_or_a_zip_of_docx(client):
    pdf = client.post("/api/v1/package", params={"base": "lopburi-jpt-2562"}, content=source("letter"),
                      headers=YAML_TYPE)
    assert pdf.status_code == 200, pdf.text
    text = text_of_pdf(pdf.content)
    assert "สิ่งที่ส่งมาด้วย" in text and "แผนปฏิบัติการ" in text and "คำสั่งจังหวัดลพบุรี" in text
    zipped = client.post("/api/v1/package", params={"base": "lopburi-jpt-2562", "format": "zip"},
                         content=source("letter"), headers=YAML_TYPE)
    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert names[0].startswith("00-") and all(n.endswith((".docx", ".pdf")) for n in names) and len(names) > 3


def test_validate_gives_findings_with_their_lines(client):
    answer = client.post("/api/v1/validate", params={"base": "lopburi-jpt-2562"}, content=source("letter"),
                         headers=YAML_TYPE).json()
    assert answer["valid"] is True
    assert all(f["file"] == "request" or not f["file"].startswith("/") for f in answer["findings"])
    broken = source("letter").replace(b"{{ schedule.lao_certify.end_date }}", b"{{ schedule.no_such.end_date }}")
    assert broken != source("letter")
    answer = client.post("/api/v1/validate", params={"base": "lopburi-jpt-2562"}, content=broken,
                         headers=YAML_TYPE).json()
    assert answer["valid"] is False
    error = next(f for f in answer["findings"] if f["severity"] == "error")
    assert "no_such" in error["message"] and error["line"] > 1


# --- errors ---------------------------------------------------------------------------------


def test_a_bad_field_is_422_with_its_path_and_line(client):
    body = source("letter").replace(b"date: 2018-10-16", b"date: 2018-02-30")
    answer = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562"}, content=body, headers=YAML_TYPE)
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert error["field"] == "date" and error["line"] == 14 and "day is out of range" in error["message"]


def test_a_nested_bad_field_names_its_path(client):
    body = source("letter").replace(b"body:\n", b"body:\n  - {heading: x, items: [a, 5, {no: 1}]}\n", 1)
    answer = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562"}, content=body, headers=YAML_TYPE)
    assert answer.status_code == 422
    fields = [e["field"] for e in answer.json()["errors"]]
    assert any(f.startswith("body[0].items[2]") for f in fields), fields


@pytest.mark.parametrize("named", ["../../etc/passwd", "/etc/passwd", "../../../../../../etc/hostname"])
def test_a_file_outside_the_config_folder_is_400(client, named):
    body = source("letter").replace(b"organisation: organisation.yaml", f"organisation: {named}".encode())
    answer = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562"}, content=body, headers=YAML_TYPE)
    assert answer.status_code == 400
    (error,) = answer.json()["errors"]
    assert error["field"] == "organisation" and error["line"] == 5
    assert "passwd" not in answer.text and "root" not in answer.text


def test_a_base_outside_the_config_folder_is_400(client):
    for base in ("..", "/etc", "lopburi-jpt-2562/../../docgen"):
        answer = client.post("/api/v1/render", params={"base": base}, content=source("memo"), headers=YAML_TYPE)
        assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == "base"


def test_a_symlink_out_of_the_config_folder_is_400(tmp_path):
    root = tmp_path / "config"
    (root / "office").mkdir(parents=True)
    for name in ("organisation.yaml", "schedule.yaml"):
        (root / "office" / name).write_bytes((BASE / name).read_bytes())
    (root / "office" / "personnel.yaml").symlink_to(BASE / "personnel.yaml")  # outside this root
    app = create_app(settings_for(tmp_path, config_root=root, render_workers=1))
    with TestClient(app) as client:
        answer = client.post("/api/v1/validate", params={"base": "office"}, content=source("memo"),
                             headers={**YAML_TYPE, "X-API-Key": ADMIN})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "personnel"


def test_a_data_set_outside_is_refused_even_in_a_list(client):
    body = source("certification").replace(b"data: ../data/lopburi.yaml", b"data: [../data/lopburi.yaml, /x.yaml]")
    answer = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562"}, content=body, headers=YAML_TYPE)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "data[1]"


def test_no_key_is_401_and_a_wrong_key_too(client):
    for headers in ({}, {"X-API-Key": "nope"}, {"Authorization": "Bearer nope"}):
        answer = client.post("/api/v1/render", content=source("memo"),
                             headers={**YAML_TYPE, "X-API-Key": "", **headers})
        assert answer.status_code == 401
        assert answer.json()["errors"][0]["message"]


def test_a_bearer_token_is_a_key(client):
    answer = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562", "format": "docx"},
                         content=source("memo"),
                         headers={**YAML_TYPE, "X-API-Key": "", "Authorization": f"Bearer {RENDER_ONLY}"})
    assert answer.status_code == 200


def test_a_key_without_the_scope_is_403(client):
    headers = {**YAML_TYPE, "X-API-Key": RENDER_ONLY}
    assert client.post("/api/v1/package", params={"base": "lopburi-jpt-2562"}, content=source("letter"),
                       headers=headers).status_code == 403
    assert client.post("/api/v1/batch", json={}, headers={"X-API-Key": RENDER_ONLY}).status_code == 403
    assert client.get("/api/v1/register/ลบ 0019", headers={"X-API-Key": RENDER_ONLY}).status_code == 403


def test_too_large_is_413_and_the_wrong_type_415(client):
    limit = client.app.state.settings.max_body_bytes
    big = source("memo") + b"#" * limit
    assert client.post("/api/v1/render", content=big, headers=YAML_TYPE).status_code == 413

    def chunks():  # no Content-Length: counted while it streams
        for _ in range(limit // 1000 + 2):
            yield b"#" * 1000

    assert client.post("/api/v1/render", content=chunks(), headers=YAML_TYPE).status_code == 413
    answer = client.post("/api/v1/render", content=source("memo"), headers={"Content-Type": "text/plain"})
    assert answer.status_code == 415 and "application/yaml" in answer.json()["errors"][0]["message"]


def test_syntax_errors_are_400_with_their_place(client):
    answer = client.post("/api/v1/render", content=b"kind: memo\nsubject: [unclosed\n", headers=YAML_TYPE)
    assert answer.status_code == 400 and answer.json()["errors"][0]["line"] >= 2
    answer = client.post("/api/v1/render", content=b'{"kind": "memo",\n oops}',
                         headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and answer.json()["errors"][0]["line"] == 2


def test_query_mistakes_are_422_in_the_same_shape(client):
    answer = client.post("/api/v1/render", params={"format": "gif"}, content=source("memo"), headers=YAML_TYPE)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "query:format"


def test_demo_mode_renders_without_a_key_but_nothing_else(tmp_path):
    app = create_app(settings_for(tmp_path, demo=True, render_workers=1))
    with TestClient(app) as client:
        ok = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562", "format": "docx"},
                         content=source("memo"), headers=YAML_TYPE)
        assert ok.status_code == 200
        assert client.post("/api/v1/package", params={"base": "lopburi-jpt-2562"}, content=source("letter"),
                           headers=YAML_TYPE).status_code == 401
        assert client.get("/api/v1/register/ลบ 0019").status_code == 401


def test_a_render_that_runs_too_long_is_504_and_the_server_goes_on(tmp_path):
    app = create_app(settings_for(tmp_path, render_workers=1, render_timeout_s=0.2, cache_entries=0))
    with TestClient(app) as client:
        client.headers["X-API-Key"] = ADMIN
        slow = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562"}, content=source("letter"),
                           headers=YAML_TYPE)
        assert slow.status_code == 504 and "stopped" in slow.json()["errors"][0]["message"]
        assert client.get("/health").json() == {"status": "ok"}
        app.state.render_pool.timeout_s = 120
        again = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562", "format": "docx"},
                            content=source("memo"), headers=YAML_TYPE)
        assert again.status_code == 200


def test_errors_never_show_a_trace(client):
    answer = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562"},
                         content=b"kind: no-such-kind\n", headers=YAML_TYPE)
    assert answer.status_code == 422 and "Traceback" not in answer.text
    assert "unknown document kind" in answer.json()["errors"][0]["message"]


# --- register -------------------------------------------------------------------------------


def test_reserving_twice_for_one_document_keeps_its_number(client):
    book = "ลบ 0019/ว"
    first = client.post(f"/api/v1/register/{book}/reserve", json={"doc_id": "api-a", "date": "2019-01-10",
                                                                   "subject": "หนังสือ ก"})
    again = client.post(f"/api/v1/register/{book}/reserve", json={"doc_id": "api-a", "date": "2019-01-10"})
    other = client.post(f"/api/v1/register/{book}/reserve", json={"doc_id": "api-b", "date": "2019-01-11"})
    assert first.status_code == again.status_code == other.status_code == 200, first.text
    assert first.json()["number"] == again.json()["number"] and first.json()["new"] and not again.json()["new"]
    assert other.json()["number"] == first.json()["number"] + 1
    assert first.json()["text"] == f"ลบ 0019/ว {first.json()['number']}"
    listed = client.get(f"/api/v1/register/{book}", params={"year": 2019}).json()
    assert [e["doc_id"] for e in listed["entries"]][-2:] == ["api-a", "api-b"] and listed["year"] == 2562


def test_register_rejects_a_bad_reservation(client):
    answer = client.post("/api/v1/register/ลบ 0019/reserve", json={"doc_id": "x", "date": "2019-02-30"})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "body:date"


def test_number_auto_takes_the_same_number_when_rendered_again(client):
    body = source("memo").replace(b"register: 1187", b"number: auto\nid: api-memo-1")
    numbers = []
    for _ in range(2):
        answer = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562", "format": "docx"},
                             content=body, headers=YAML_TYPE)
        assert answer.status_code == 200, answer.text
        numbers.append(text_of_docx(answer.content))
    assert numbers[0] == numbers[1]
    entries = client.get("/api/v1/register/ลบ 0019").json()["entries"]
    assert [e["doc_id"] for e in entries].count("api-memo-1") == 1
    no_id = client.post("/api/v1/render", params={"base": "lopburi-jpt-2562"},
                        content=source("memo").replace(b"register: 1187", b"number: auto"), headers=YAML_TYPE)
    assert no_id.status_code == 422 and no_id.json()["errors"][0]["field"] == "id"
    assert not (BASE / "register.sqlite").exists()


# --- batch ----------------------------------------------------------------------------------


def wait_for_batch(client, job: str, seconds: float = 120) -> dict:
    """The batch job's state once it is no longer queued or running (or when ``seconds`` are up)."""
    deadline = time.monotonic() + seconds
    while True:
        state = client.get(f"/api/v1/batch/{job}").json()
        if state["state"] not in ("queued", "running") or time.monotonic() > deadline:
            return state
        time.sleep(0.3)


def test_a_batch_runs_to_a_zip_of_its_units(client):
    queued = client.post("/api/v1/batch", json={"base": "lopburi-jpt-2562", "scope": "lao", "district": "1608"})
    assert queued.status_code == 202, queued.text
    job = queued.json()["id"]
    early = client.get(f"/api/v1/batch/{job}/result")
    assert early.status_code in (200, 409)
    state = wait_for_batch(client, job)
    assert state["state"] == "done", state
    assert state["done"] == state["total"] == queued.json()["total"] and state["failures"] == []
    result = client.get(state["result"])
    names = zipfile.ZipFile(io.BytesIO(result.content)).namelist()
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert "manifest.jsonl" in names and len(pdfs) == state["total"]
    assert all(n.startswith("16/1608/") for n in pdfs)


def test_batch_mistakes_are_4xx(client):
    assert client.post("/api/v1/batch", json={"district": "16x"}).status_code == 422
    outside = client.post("/api/v1/batch", json={"base": "lopburi-jpt-2562", "config": "../../pyproject.toml"})
    assert outside.status_code == 400 and outside.json()["errors"][0]["field"] == "config"
    assert client.get("/api/v1/batch/" + "0" * 32).status_code == 404
    assert client.get("/api/v1/batch/../../etc").status_code == 404


# --- schema ---------------------------------------------------------------------------------


def test_schema_is_served_and_printed_the_same(client):
    served = client.get("/schema", headers={"X-API-Key": ""})
    assert served.status_code == 200
    printed = subprocess.run([sys.executable, "-m", "docgen.cli", "schema"], capture_output=True, text=True,
                             check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    assert json.loads(printed) == served.json()
    assert client.get("/schema", params={"kind": "memo"}).json()["properties"]["kind"]["const"] == "memo"
    assert client.get("/schema", params={"kind": "nope"}).status_code == 404


def _reference_files():
    return sorted(p for p in BASE.rglob("*.yaml") if "kind:" in p.read_text("utf-8"))


@pytest.mark.parametrize("path", _reference_files(), ids=lambda p: str(p.relative_to(BASE)))
def test_reference_files_validate_against_the_schema(path):
    jsonschema = pytest.importorskip("jsonschema")
    from docgen.config.loader import load_yaml
    from docgen.service.schema import document_schema

    data = json.loads(json.dumps(load_yaml(path).data, default=lambda v: v.isoformat() if isinstance(v, date)
                                 else str(v)))
    jsonschema.Draft202012Validator(document_schema()).validate(data)


def test_the_schema_rejects_what_the_loader_rejects():
    jsonschema = pytest.importorskip("jsonschema")
    from docgen.service.schema import document_schema

    validator = jsonschema.Draft202012Validator(document_schema())
    assert not validator.is_valid({"kind": "memo", "subject": 5})
    assert not validator.is_valid({"kind": "letter", "organisation": "o.yaml", "unknown_key": 1})


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/render", "/api/v1/package", "/api/v1/validate", "/api/v1/batch", "/api/v1/batch/{job_id}",
            "/schema"} <= set(paths)
    assert "application/yaml" in paths["/api/v1/render"]["post"]["requestBody"]["content"]


# --- docgen serve, end to end ---------------------------------------------------------------


def test_docgen_serve_answers_health_and_a_render(tmp_path):
    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = tmp_path / "service.yaml"
    settings.write_text(f"config_root: {CONFIG}\nbatch_dir: batches\nregister_url: register.sqlite\n"
                        f"api_keys:\n- name: t\n  hash: {hash_key(RENDER_ONLY)}\n  scopes: [render]\n", "utf-8")
    server = subprocess.Popen([sys.executable, "-m", "docgen.cli", "serve", "--settings", str(settings),
                               "--port", str(port), "--workers", "1"], cwd=tmp_path,
                              env={**os.environ, "PYTHONPATH": str(ROOT), "DOCGEN_RENDER_WORKERS": "1"},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/health", timeout=1).json() == {"status": "ok"}:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        answer = httpx.post(url + "/api/v1/render", params={"base": "lopburi-jpt-2562"}, content=source("letter"),
                            headers={**YAML_TYPE, "X-API-Key": RENDER_ONLY}, timeout=60)
        assert answer.status_code == 200
        assert KINDS["letter"][3] in text_of_pdf(answer.content)
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert not list(CONFIG.rglob("register.sqlite"))
