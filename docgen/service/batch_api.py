"""Batch endpoints: a certification per unit of a data set, as a queued job.

``POST /api/v1/batch`` checks the request and the config now (422 with the
field and line of a problem), queues the job and answers ``{"id": ...}``;
``GET /api/v1/batch/{id}`` gives its state (queued, running, done, failed,
interrupted), progress and the units that failed; ``GET .../result`` the
ZIP of its files and manifest once done.  Jobs run one at a time, each on a
local process pool (``batch_workers``) or, with ``celery_broker`` set, on
Celery workers that share ``batch_dir``.  Each job's state is a file in
``batch_dir/<id>/``, so every server process answers for every job.

>>> BatchRequest(scope="district", district="1601").config_name
'certification-district.yaml'
"""

from __future__ import annotations

import json
import os
import queue
import threading
import time
import uuid
import zipfile
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from docgen.config.loader import ConfigError
from docgen.service.auth import Caller, require
from docgen.service.errors import ApiError, errors_of_problems
from docgen.service.inputs import base_folder
from docgen.service.settings import Settings

router = APIRouter(tags=["batch"])
_ID = r"^[0-9a-f]{32}$"


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["certification"] = "certification"
    base: str = Field("", description="Folder inside the configuration folder (e.g. lopburi-jpt-2562).")
    config: str | None = Field(None, description="The certification config in base "
                                                 "(default: certification-<scope>.yaml).")
    scope: Literal["lao", "district", "province"] | None = None
    province: str | None = Field(None, pattern=r"^[0-9]{2}$")
    district: str | None = Field(None, pattern=r"^[0-9]{4}$")
    formats: list[Literal["pdf", "docx"]] = Field(default_factory=lambda: ["pdf"], min_length=1)
    include_unverified: bool = False

    @property
    def config_name(self) -> str:
        return self.config or f"certification-{self.scope or 'lao'}.yaml"


class Jobs:
    """The job queue of one server process, and the state files of every job."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.folder = Path(settings.batch_dir).resolve()
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, jobs: list, formats: tuple[str, ...]) -> str:
        job_id = uuid.uuid4().hex
        (self.folder / job_id).mkdir(parents=True)
        self._write(job_id, {"id": job_id, "state": "queued", "total": len(jobs), "done": 0, "rendered": 0,
                             "skipped": 0, "failures": [], "formats": list(formats), "pid": os.getpid(),
                             "created": time.time()})
        self._queue.put((job_id, jobs))
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="docgen-batch", daemon=True)
                self._thread.start()
        return job_id

    def status(self, job_id: str) -> dict:
        path = self.folder / job_id / "status.json"
        try:
            state = json.loads(path.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            raise ApiError(404, f"no batch {job_id}", "id") from None
        if state["state"] in ("queued", "running") and not _alive(state.get("pid", 0)):
            state["state"] = "interrupted"  # the server that ran it stopped; submit it again to resume
        state.pop("pid", None)
        return state

    def result(self, job_id: str) -> Path:
        return self.folder / job_id / "result.zip"

    def close(self) -> None:
        self._queue.put(None)

    def _write(self, job_id: str, state: dict) -> None:
        path = self.folder / job_id / "status.json"
        temp = path.with_suffix(".part")
        temp.write_text(json.dumps(state, ensure_ascii=False), "utf-8")
        os.replace(temp, path)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            self._run(*item)

    def _run(self, job_id: str, jobs: list) -> None:
        from docgen.batch.manifest import Manifest
        from docgen.batch.run import LocalExecutor, run_batch
        from docgen.batch.storage import LocalStorage

        folder = self.folder / job_id
        state = json.loads((folder / "status.json").read_text("utf-8"))
        state.update(state="running", started=time.time())
        self._write(job_id, state)
        last = [0.0]

        def progress(n: int) -> None:
            state["done"] += n
            if time.monotonic() - last[0] > 0.5 or state["done"] >= state["total"]:
                last[0] = time.monotonic()
                self._write(job_id, state)

        try:
            storage, manifest = LocalStorage(folder / "out"), Manifest(folder / "out" / "manifest.jsonl")
            if self.settings.celery_broker:
                from docgen.batch.celery_app import CeleryExecutor

                executor = CeleryExecutor(self.settings.celery_broker)
            else:
                executor = LocalExecutor(self.settings.batch_workers)
            summary = run_batch(jobs, storage, manifest, executor, False, progress)
            root = str(self.settings.config_root) + "/"
            state["failures"] = [{"unit": f.unit, "field": f.field, "message": f.reason.replace(root, "")}
                                 for f in summary.failures]
            state.update(rendered=summary.rendered, skipped=summary.skipped)
            _zip(folder / "out", folder / "result.zip")
            state.update(state="done", finished=time.time())
        except Exception as error:  # noqa: BLE001 - the job fails, the server goes on
            import logging

            logging.getLogger("docgen.service").exception("batch %s failed", job_id)
            state.update(state="failed", error=f"{type(error).__name__}: {error}", finished=time.time())
        self._write(job_id, state)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid > 0


def _zip(folder: Path, target: Path) -> None:
    temp = target.with_suffix(".part")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(folder).as_posix())
    os.replace(temp, target)


def jobs_of(request: Request) -> Jobs:
    app = request.app
    if getattr(app.state, "batch_jobs", None) is None:
        app.state.batch_jobs = Jobs(app.state.settings)
    return app.state.batch_jobs


def _load(settings: Settings, order: BatchRequest) -> list:
    from docgen.batch.jobs import certification_jobs

    folder = base_folder(settings.config_root, order.base)
    config = (folder / order.config_name).resolve()
    if not config.is_relative_to(settings.config_root) or "\\" in order.config_name:
        raise ApiError(400, "names a file outside the configuration folder", "config")
    if not config.is_file():
        raise ApiError(422, f"no file {order.config_name!r} in {order.base or 'the configuration folder'}", "config")
    overrides = {"scope": order.scope, "province": order.province, "district": order.district}
    from docgen.config.loader import sources

    try:
        with sources({}, root=settings.config_root):
            return list(certification_jobs(config, tuple(order.formats), order.include_unverified, overrides))
    except ConfigError as error:
        root = str(settings.config_root) + "/"
        entries = errors_of_problems(error.problems)
        for entry, problem in zip(entries, error.problems):
            entry["file"] = problem.file.replace(root, "")
            entry["message"] = entry["message"].replace(root, "")
        raise ApiError(422, errors=entries) from None


@router.post("/batch", status_code=202, summary="Queue a batch: one certification per unit of a data set")
async def submit(order: BatchRequest, request: Request, caller: Caller = Depends(require("batch"))) -> dict:
    settings: Settings = request.app.state.settings
    jobs = await run_in_threadpool(_load, settings, order)
    if not jobs:
        raise ApiError(422, "no unit of the data set is in this scope", "district")
    job_id = jobs_of(request).submit(jobs, tuple(order.formats))
    return {"id": job_id, "total": len(jobs), "status": f"/api/v1/batch/{job_id}"}


@router.get("/batch/{job_id}", summary="A batch's state, progress and failed units")
def status(job_id: str, request: Request, caller: Caller = Depends(require("batch"))) -> dict:
    _check_id(job_id)
    state = jobs_of(request).status(job_id)
    if state["state"] == "done":
        state["result"] = f"/api/v1/batch/{job_id}/result"
    return state


@router.get("/batch/{job_id}/result", summary="The ZIP of a finished batch's files and manifest",
            responses={200: {"content": {"application/zip": {}}}})
def result(job_id: str, request: Request, caller: Caller = Depends(require("batch"))):
    _check_id(job_id)
    jobs = jobs_of(request)
    state = jobs.status(job_id)
    if state["state"] != "done":
        raise ApiError(409, f"the batch is {state['state']}; its result is ready when it is done", "id")
    return FileResponse(jobs.result(job_id), media_type="application/zip", filename=f"batch-{job_id}.zip")


def _check_id(job_id: str) -> None:
    import re

    if not re.match(_ID, job_id):
        raise ApiError(404, f"no batch {job_id}", "id")
