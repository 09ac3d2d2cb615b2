"""Run a batch: jobs in, files and manifest lines out, resumable at any point.

A job is one unit (an LAO, a district, a province) and the formats to write.
The parent process streams jobs to an executor (a process pool here, Celery
in ``docgen.batch.celery_app``), at most a few per worker in flight, so memory
stays flat however many units there are; each worker renders, writes the
files atomically to the shared storage and returns only their hashes; the
parent appends the manifest.  A job whose files are in the manifest with the
same input hash, and whose bytes still hash as recorded, is skipped.

>>> Job("16/1601/x", "certification", "16/1601/cert-x", ("pdf",), "h", None).paths()
{'pdf': '16/1601/cert-x.pdf'}
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from docgen.batch.manifest import Entry, Manifest
from docgen.batch.storage import Storage, open_storage, sha256


@dataclass(frozen=True)
class Job:
    unit: str  # "16/1601/160101-sao"
    kind: str
    rel: str  # output path without extension, relative to the storage root
    formats: tuple[str, ...]
    input_hash: str
    payload: Any  # what the worker builds the document from (picklable), or None:
    status: str | None = None
    source: dict | None = None  # ... then where to load it (JSON-safe, for remote workers)
    pdf_variant: str | None = None  # pdf/a-3b ... (docgen.archival); None: a plain PDF
    sign: dict | None = None  # Signing.describe(): sign the PDF with this key pair (no secrets)

    def paths(self) -> dict[str, str]:
        return {fmt: f"{self.rel}.{fmt}" for fmt in self.formats}


@dataclass(frozen=True)
class Failure:
    unit: str
    field: str
    reason: str


@dataclass
class Summary:
    rendered: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.rendered + self.skipped + len(self.failures)


def is_done(job: Job, manifest: Manifest, storage: Storage) -> bool:
    """Every file of the job recorded with this input hash, and still intact."""
    for fmt, path in job.paths().items():
        entry = manifest.get(job.unit, fmt)
        if entry is None or entry.input_hash != job.input_hash or entry.path != path:
            return False
        try:
            if sha256(storage.read(path)) != entry.sha256:
                return False
        except FileNotFoundError:
            return False
    return True


# --- in the worker -----------------------------------------------------------

_BUILDERS: dict[str, Callable[[Any], Any]] = {}
_PASSPHRASES: dict[str, bytes] = {}  # environment variable name -> passphrase the parent was given
_SIGNING: dict[str, Any] = {}  # a key pair, loaded once per worker


def _payload(job: Job) -> Any:
    """The job's input: carried along (local pool) or loaded from its source (remote worker)."""
    if job.payload is not None or not job.source:
        return job.payload
    from docgen.batch.jobs import certificate

    return certificate(**job.source)


def _builder(kind: str) -> Callable[[Any], Any]:
    if kind not in _BUILDERS:
        if kind != "certification":
            raise ValueError(f"no batch builder for kind {kind!r}")
        from docgen.builders.certification import build_certificate

        _BUILDERS[kind] = build_certificate
    return _BUILDERS[kind]


def _signing(description: dict):
    """The loaded key pair a job names, once per worker (the passphrase: given by the
    parent, else from the worker's environment variable)."""
    import json

    key = json.dumps(description, sort_keys=True)
    if key not in _SIGNING:
        from docgen.signing.sign import Signing

        signing = Signing.from_description(description)
        signing.passphrase = _PASSPHRASES.get(signing.keys.passphrase_env)
        signing.credentials  # noqa: B018 - load now: a bad key fails every job the same way
        _SIGNING[key] = signing
    return _SIGNING[key]


def warm_up(sign: dict | None = None, passphrase: bytes | None = None) -> None:
    """Load fonts, CSS machinery and patches (and the signing key) once per worker process."""
    import logging

    if sign is not None:
        if passphrase is not None:
            _PASSPHRASES[sign["keys"]["passphrase_env"]] = passphrase
        _signing(sign)

    from docgen.model import Document, Paragraph, Run

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from docgen.writers.pdf import render_pdf

    render_pdf(Document("warm-up", "warm-up", [Paragraph([Run("ทดสอบ")])]))
    _tune_garbage_collection()


# Young collections every 5,000 net allocations instead of Python's 700: a render
# allocates in bursts and frees nearly all of it by reference counting.
GC_THRESHOLDS = (5000, 20, 20)


def _tune_garbage_collection() -> None:
    """Keep what warm-up loaded (fonts, stylesheets, modules) out of every later
    collection, and collect young objects less often.  A worker spent about
    3.7 ms of each certification pair in the collector, 1.6 ms after this, and
    its memory stays flat (cyclic garbage is still collected)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


class _Write:
    """``storage.write(path, data)``, now or (``background``) in a thread of
    its own, so the file is written and synced to disk while the job's next
    format renders (the disk's wait, about a millisecond a file here,
    releases the interpreter).  ``result()`` gives the digest, or raises what
    the write raised."""

    def __init__(self, storage: Storage, path: str, data: bytes, background: bool):
        self.digest: str | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(storage, path, data), name=f"write {path}",
                                        daemon=True) if background else None
        if self._thread is None:
            self._run(storage, path, data)
        else:
            self._thread.start()

    def _run(self, storage: Storage, path: str, data: bytes) -> None:
        try:
            self.digest = storage.write(path, data)
        except BaseException as error:  # noqa: BLE001 - raised again by result(), in the job
            self.error = error

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def result(self) -> str:
        self.wait()
        if self.error is not None:
            raise self.error
        return self.digest


def render_job(job: Job, storage_description: str) -> list[Entry] | Failure:
    """Build, render and store one job's files; never raises for bad data.

    Each file but the last is written while the next one renders; the job
    reports its files only once every one of them is on disk."""
    from docgen.writers.docx import render_docx
    from docgen.writers.pdf import render_pdf

    storage = open_storage(storage_description)
    writes: list[tuple[str, str, int, _Write]] = []
    try:
        document = _builder(job.kind)(_payload(job))
        formats = list(job.paths().items())
        for index, (fmt, path) in enumerate(formats):
            data = render_docx(document) if fmt == "docx" else render_pdf(document, job.pdf_variant).data
            if fmt == "pdf" and job.sign:
                data = _signing(job.sign).sign(data)
            writes.append((fmt, path, len(data), _Write(storage, path, data, background=index < len(formats) - 1)))
        return [Entry(job.unit, job.kind, fmt, path, write.result(), size, job.input_hash)
                for fmt, path, size, write in writes]
    except Exception as error:  # isolate the unit: report it, let the others finish
        return Failure(job.unit, getattr(error, "field", ""), f"{type(error).__name__}: {error}")
    finally:  # no write outlives its job
        for *_, write in writes:
            write.wait()


# --- in the parent -----------------------------------------------------------


class LocalExecutor:
    """A process pool sized to the cores; each worker warms up once.

    Workers come from a fork server, not from forking this process: a fork
    would give each worker a copy-on-write image of everything the parent has
    loaded (the validated units of a national batch), which counts in the
    worker's memory and is never used there.

    ``start()`` starts the workers early, so that they warm up (1–2 s) while
    the caller reads and validates the units; ``close()`` waits for workers
    that rendered something, and stops the others at once: a re-run with
    nothing to render, or a configuration error, does not wait for a warm-up
    it will never use.  ``map()`` starts and closes the pool itself when the
    caller has not.
    """

    def __init__(self, workers: int | None = None, signing=None):
        self.workers = workers or os.cpu_count() or 1
        self.warm_args = (signing.describe(), signing.secret()) if signing else ()  # the key, loaded once
        self._pool: ProcessPoolExecutor | None = None
        self._used = False

    def start(self) -> LocalExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=warm_up,
                                             initargs=self.warm_args,
                                             mp_context=multiprocessing.get_context("forkserver"))
            self._used = False
            for _ in range(self.workers):  # start every worker now, not at the first job
                self._pool.submit(os.getpid)
        return self

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if self._used:
            pool.shutdown(wait=True)
        else:
            _stop_now(pool)

    def map(self, jobs: Iterable[Job], storage_description: str, stop: Callable[[], bool]) -> Iterator[Any]:
        own = self._pool is None
        pool = self.start()._pool
        try:
            window = self.workers * 3
            pending: set[Future] = set()
            iterator = iter(jobs)
            exhausted = False
            while pending or not exhausted:
                while not exhausted and len(pending) < window and not stop():
                    job = next(iterator, None)
                    if job is None:
                        exhausted = True
                    else:
                        self._used = True
                        pending.add(pool.submit(render_job, job, storage_description))
                if stop():
                    exhausted = True
                    for future in pending:
                        future.cancel()
                if not pending:
                    break
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    if not future.cancelled():
                        yield future.result()
        finally:
            if own:
                self.close()


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers without waiting for them to finish warming up."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((pool._processes or {}).values()):  # no public way before 3.14
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def run_batch(jobs: Iterable[Job | Failure], storage: Storage, manifest: Manifest, executor,
              fail_fast: bool = False, progress: Callable[[int], None] | None = None) -> Summary:
    """Skip what is done, render the rest, record each file as it lands."""
    summary = Summary()
    manifest.compact()
    if hasattr(storage, "clean_partial"):
        storage.clean_partial()

    def todo() -> Iterator[Job]:
        for job in jobs:
            if isinstance(job, Failure):  # a unit its data leaves out: reported, never rendered
                summary.failures.append(job)
                if progress:
                    progress(1)
                if stop():
                    return
                continue
            summary.statuses[job.status or "-"] += 1
            if is_done(job, manifest, storage):
                summary.skipped += 1
                if progress:
                    progress(1)
            else:
                yield job

    def stop() -> bool:
        return fail_fast and bool(summary.failures)

    try:
        for result in executor.map(todo(), storage.describe(), stop):
            if isinstance(result, Failure):
                summary.failures.append(result)
            else:
                manifest.add(*result)
                summary.rendered += 1
            if progress:
                progress(1)
    finally:
        manifest.compact()
    return summary


def verify(storage: Storage, manifest: Manifest) -> list[str]:
    """Problems with the files a manifest records (missing, changed); empty if all verify."""
    problems = []
    for entry in manifest:
        try:
            data = storage.read(entry.path)
        except FileNotFoundError:
            problems.append(f"{entry.path}: missing")
            continue
        if sha256(data) != entry.sha256 or len(data) != entry.size:
            problems.append(f"{entry.path}: content differs from the manifest")
    return problems
