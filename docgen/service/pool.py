"""Render processes: warm, memory-limited, killed when a render runs too long.

Renders run in a :class:`~concurrent.futures.ProcessPoolExecutor` whose
processes come from a fork server (not a fork of the server, with its
threads and sockets).  Each process loads fonts and the PDF machinery once,
and limits its own address space (``RLIMIT_AS``, ``render_memory_mb``).  A
render that outlives ``render_timeout_s`` is answered 504 and its pool is
killed and replaced (renders in flight on the same pool are answered 503);
a process that dies (out of memory) is answered 503.  The server stays up.

>>> pool = RenderPool(2, 512, 5.0, "output/register.sqlite")
>>> pool.size
2
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from docgen.service.errors import ApiError


def _start_process(memory_mb: int, register_url: str) -> None:
    """In each render process: the memory limit, the register, a warm-up render."""
    import resource

    limit = memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # a lower hard limit already: keep it
        pass
    os.environ["DOCGEN_REGISTER_URL"] = register_url  # never a register.sqlite in the config folder
    from docgen.batch.run import warm_up

    warm_up()
    import docgen.writers.docx  # noqa: F401


class RenderPool:
    """A lazily started pool of ``size`` render processes."""

    def __init__(self, size: int, memory_mb: int, timeout_s: float, register_url: str):
        self.size, self.memory_mb, self.timeout_s, self.register_url = size, memory_mb, timeout_s, register_url
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _get(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                self._pool = ProcessPoolExecutor(self.size, mp_context=context, initializer=_start_process,
                                                 initargs=(self.memory_mb, self.register_url))
            return self._pool

    def warm(self) -> None:
        """Start every process now (and wait for their warm-up), not at the first request."""
        pool = self._get()
        for future in [pool.submit(os.getpid) for _ in range(self.size * 2)]:
            future.result()

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` in a render process, within the time limit."""
        pool = self._get()
        try:
            future = pool.submit(function, *args)
        except BrokenProcessPool:
            self._discard(pool)
            pool = self._get()
            future = pool.submit(function, *args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s)
        except asyncio.TimeoutError:
            self._discard(pool, kill=True)
            raise ApiError(504, f"the render took longer than {self.timeout_s:g} s and was stopped") from None
        except BrokenProcessPool:
            self._discard(pool)
            raise ApiError(503, "the render process stopped (out of memory?); try again or send a smaller "
                                "document") from None

    def _discard(self, pool: ProcessPoolExecutor, kill: bool = False) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        if kill:
            for process in list((pool._processes or {}).values()):  # noqa: SLF001 - no public way to stop one
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            for process in list((pool._processes or {}).values()):  # noqa: SLF001
                process.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
