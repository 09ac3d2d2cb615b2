"""Answers to identical requests, kept in memory while their inputs are unchanged.

A render's answer depends on the request (its document and parameters) and
on the files under the configuration folder it may name.  The cache key is
the hash of the request plus a fingerprint of that folder (the path, size
and modification time of every file, taken again at most once a second), so
an edited organisation or schedule file is seen within a second.  Documents
with ``number: auto`` are never cached (each render asks the register).

>>> import tempfile
>>> cache = AnswerCache(2, Path(tempfile.mkdtemp()))
>>> cache.put("k", "answer"); cache.get("k")
'answer'
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any


class AnswerCache:
    def __init__(self, size: int, root: Path, ttl_s: float = 1.0):
        self.size, self.root, self.ttl_s = size, Path(root), ttl_s
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._fingerprint = ("", 0.0)

    def fingerprint(self) -> str:
        """The hash of every file's path, size and mtime under the root (cached ``ttl_s``)."""
        value, taken = self._fingerprint
        now = time.monotonic()
        if value and now - taken < self.ttl_s:
            return value
        digest = hashlib.sha256()
        for folder, dirs, files in os.walk(self.root):
            dirs.sort()
            for name in sorted(files):
                try:
                    stat = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                digest.update(f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        value = digest.hexdigest()
        self._fingerprint = (value, now)
        return value

    def key(self, *parts: Any) -> str:
        digest = hashlib.sha256(self.fingerprint().encode())
        for part in parts:
            digest.update(repr(part).encode() + b"\0")
        return digest.hexdigest()

    def get(self, key: str) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: str, value: Any) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
