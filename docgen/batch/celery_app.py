"""Scale-out on Celery + Redis: the same per-unit task as the local pool.

Start workers on any machines that reach the broker and the shared output
folder::

    docgen worker --broker redis://127.0.0.1:6379/0 --concurrency 2
    docgen batch certification --executor celery --broker redis://127.0.0.1:6379/0 --out /shared/out

Jobs travel as JSON: the unit, the output path and where its configuration
is (a path every worker can read, like the output folder); a worker loads a
configuration once and keeps it for the next jobs.  Workers write files to
the storage themselves and return only their hashes; the parent keeps the
manifest, so resume and verification are the same as locally.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, replace
from typing import Any, Callable, Iterable, Iterator

from celery import Celery
from celery.signals import worker_process_init

from docgen.batch.manifest import Entry
from docgen.batch.run import Failure, Job, render_job, warm_up

DEFAULT_BROKER = "redis://127.0.0.1:6379/0"


def make_app(broker: str | None = None) -> Celery:
    broker = broker or os.environ.get("DOCGEN_BROKER", DEFAULT_BROKER)
    celery = Celery("docgen", broker=broker, backend=broker)
    celery.conf.update(
        worker_prefetch_multiplier=1,
        task_acks_late=True,  # a worker killed mid-task leaves the job to another
        broker_connection_retry_on_startup=True,
    )
    celery.task(name="docgen.render_job")(render_remote)
    return celery


def render_remote(job: dict, storage_description: str) -> dict:
    """The Celery task: a JSON job in, JSON entries (or a failure) out."""
    result = render_job(Job(**{**job, "formats": tuple(job["formats"]), "payload": None}), storage_description)
    if isinstance(result, Failure):
        return {"failure": asdict(result)}
    return {"entries": [asdict(entry) for entry in result]}


def _from_remote(answer: dict):
    if "failure" in answer:
        return Failure(**answer["failure"])
    return [Entry(**entry) for entry in answer["entries"]]


app = make_app()


@worker_process_init.connect
def _warm(**_: Any) -> None:
    warm_up()


class CeleryExecutor:
    """Sends each job to the workers; at most ``window`` in flight."""

    def __init__(self, broker: str | None = None, window: int = 32, timeout: float = 600.0):
        self.app = make_app(broker)
        self.window = window
        self.timeout = timeout

    def close(self) -> None:
        """Nothing to stop: the workers run on their own (``docgen worker``)."""

    def map(self, jobs: Iterable[Job], storage_description: str, stop: Callable[[], bool]) -> Iterator[Any]:
        task = self.app.tasks["docgen.render_job"]
        pending = []
        iterator = iter(jobs)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < self.window and not stop():
                job = next(iterator, None)
                if job is None:
                    exhausted = True
                else:
                    remote = asdict(replace(job, payload=None))
                    pending.append((time.monotonic(), task.delay(remote, storage_description)))
            if stop():
                exhausted = True
            ready = [item for item in pending if item[1].ready()]
            if not ready:
                if pending and time.monotonic() - pending[0][0] > self.timeout:
                    raise TimeoutError("no worker answered: is `docgen worker` running on this broker?")
                time.sleep(0.02)
                continue
            for item in ready:
                pending.remove(item)
                yield _from_remote(item[1].get(disable_sync_subtasks=False))
