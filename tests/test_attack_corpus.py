"""Replay the attack corpus (tests/attacks/corpus.py) against a running server.

Each payload must get a 4xx answer within the time limit; the server process
must stay up; a normal request right after must succeed.  The endpoints each
kind of payload goes to are in ``ENDPOINTS``; a payload whose route the app
does not have (``create_app().routes`` and its OpenAPI paths) fails, saying
which route.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.attacks.corpus import payloads, template_docx

REPO = Path(__file__).resolve().parents[1]
# payload target -> (method, route, how the payload is sent)
ENDPOINTS = {
    "yaml": ("POST", "/api/v1/render", "body application/yaml"),
    "json": ("POST", "/api/v1/render", "body application/json"),
    "name": ("POST", "/api/v1/render", "query name="),
    "template": ("POST", "/api/v1/templates", "multipart file= (the source in a DOCX)"),
    "docx-template": ("POST", "/api/v1/templates", "multipart file="),
    "docx": ("POST", "/api/v1/templates", "multipart file="),
}
BASE = "lopburi-jpt-2562"
NORMAL = ("POST", "/api/v1/render", (REPO / "config" / BASE / "memo.yaml").read_bytes())
PAYLOADS = payloads()
TIMEOUT_S = 60
KEY = "corpus-admin-key"


def _routes() -> set[str]:
    try:
        from docgen.service.app import create_app

        app = create_app()
        paths = {getattr(route, "path", "") for route in app.routes}
        return paths | set(app.openapi().get("paths", {}))  # routers included as a whole show here
    except Exception:  # the service is not importable here
        return set()


ROUTES = _routes()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assert NORMAL[1] in ROUTES, f"the app has no {NORMAL[1]} route (docgen.service.api)"
    import httpx
    import uvicorn  # noqa: F401  (the server below runs it; the test set-up installs both)
    port = _free_port()
    templates = tmp_path_factory.mktemp("templates")
    launch = ("import uvicorn; from docgen.service.app import create_app; "
              "from docgen.service.settings import Settings, hash_key; "
              f"uvicorn.run(create_app(Settings(demo=True, config_root={str(REPO / 'config')!r}, "
              f"templates_dir={str(templates)!r}, "
              f"api_keys=[dict(name='corpus', hash=hash_key({KEY!r}), scopes=['admin'])])), "
              f"host='127.0.0.1', port={port}, log_level='warning')")
    process = subprocess.Popen([sys.executable, "-c", launch], cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)))
    # An admin key, so that uploads are refused for what they hold, not for a missing key.
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT_S, headers={"X-API-Key": KEY})
    deadline = time.monotonic() + 60
    while True:
        try:
            if client.get("/health").status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("the server did not start")
        time.sleep(0.2)
    yield process, client
    client.close()
    process.terminate()
    process.wait(10)


def _send(client, attack):
    method, route, how = ENDPOINTS[attack.target]
    params = {"base": BASE, "format": "docx"}
    if how.startswith("body"):
        return client.request(method, route, params=params, content=attack.payload,
                              headers={"content-type": how.split()[1]})
    if how.startswith("query"):
        return client.request(method, route, params={**params, "name": attack.payload}, content=NORMAL[2],
                              headers={"content-type": "application/yaml"})
    data = template_docx(attack.payload) if attack.target == "template" else attack.payload
    return client.request(method, route, files={"file": ("template.docx", data)})


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_payload_refused_and_server_still_answers(server, name):
    attack = PAYLOADS[name]
    method, route, _ = ENDPOINTS[attack.target]
    assert route in ROUTES, f"{attack.target} payloads go to {method} {route}, which the app does not have"
    process, client = server
    started = time.monotonic()
    answer = _send(client, attack)
    assert 400 <= answer.status_code < 500, f"{name}: {answer.status_code} {answer.text[:200]}"
    assert answer.status_code not in (401, 403), f"{name}: refused for the key, not for what it holds"
    assert time.monotonic() - started < TIMEOUT_S
    assert process.poll() is None, "the server process died"
    normal = client.request(NORMAL[0], NORMAL[1], params={"base": BASE, "format": "docx"}, content=NORMAL[2],
                            headers={"content-type": "application/yaml"})
    assert normal.status_code == 200, normal.text[:300]
