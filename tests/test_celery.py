"""Scale-out: the batch over a real Redis server and a real Celery worker process."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from conftest import REPO
from docgen.cli import app

CONFIG = REPO / "config" / "lopburi-jpt-2562" / "certification-lao.yaml"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    assert server, "redis-server is required: run `make test` (it installs Debian's redis-server)"
    port = _free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture()
def worker(redis_url, tmp_path):
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "docgen.cli", "worker", "--broker", redis_url,
                                "--concurrency", "1"], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def test_a_batch_on_celery_workers(redis_url, worker, tmp_path):
    out = tmp_path / "out"
    args = ["batch", "certification", "--config", str(CONFIG), "--out", str(out), "--district", "1602",
            "--province", "16", "--executor", "celery", "--broker", redis_url]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output + (tmp_path / "worker.log").read_text()
    assert "2 rendered" in result.output
    entries = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert len(entries) == 4 and all((out / e["path"]).is_file() for e in entries)
    assert CliRunner().invoke(app, ["batch", "--verify", "--out", str(out)]).exit_code == 0
    again = CliRunner().invoke(app, args)
    assert "0 rendered, 2 already done" in " ".join(again.output.split()), "same manifest, same resume"


def test_an_api_batch_runs_on_celery_workers(redis_url, worker, tmp_path):
    """POST /api/v1/batch with celery_broker set: the same jobs go to the Celery
    worker (its log shows them), and the result ZIP holds every unit."""
    pytest.importorskip("fastapi")
    import io
    import zipfile

    from fastapi.testclient import TestClient

    from docgen.service.app import create_app
    from test_service_api import ADMIN, settings_for, wait_for_batch

    with TestClient(create_app(settings_for(tmp_path, celery_broker=redis_url))) as client:
        client.headers["X-API-Key"] = ADMIN
        queued = client.post("/api/v1/batch", json={"base": "lopburi-jpt-2562", "scope": "lao", "district": "1602"})
        assert queued.status_code == 202, queued.text
        state = wait_for_batch(client, queued.json()["id"], seconds=180)
        log = (tmp_path / "worker.log").read_text()
        assert state["state"] == "done", f"{state}\n{log}"
        names = zipfile.ZipFile(io.BytesIO(client.get(state["result"]).content)).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == state["total"] == 2
    assert log.count("succeeded") >= 2, log  # rendered by the Celery worker, not a local pool
