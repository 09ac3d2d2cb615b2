"""Where batch output goes: a small interface, one local implementation.

Every write is atomic (temporary name, fsync, rename), so a batch killed at
any moment leaves either the old file, or the new one, never half of one.

>>> import tempfile
>>> store = LocalStorage(tempfile.mkdtemp())
>>> store.write("16/1601/a.pdf", b"%PDF")
'...'
>>> store.read("16/1601/a.pdf")
b'%PDF'
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Protocol

from docgen.output import atomic_write


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Storage(Protocol):
    """What a batch needs of its storage; paths are relative, with "/"."""

    def write(self, path: str, data: bytes) -> str: ...  # returns the sha256
    def read(self, path: str) -> bytes: ...
    def exists(self, path: str) -> bool: ...
    def describe(self) -> str: ...  # picklable description, to reopen in a worker


class LocalStorage:
    """A folder (local, or shared by every worker: NFS, SMB, a mounted bucket)."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, path: str) -> Path:
        target = (self.root / path).resolve()
        if self.root.resolve() not in target.parents:
            raise ValueError(f"{path!r} is outside the storage folder")
        return target

    def write(self, path: str, data: bytes) -> str:
        atomic_write(self._path(path), data)
        return sha256(data)

    def read(self, path: str) -> bytes:
        return self._path(path).read_bytes()

    def exists(self, path: str) -> bool:
        return self._path(path).is_file()

    def describe(self) -> str:
        return f"file://{self.root.resolve()}"

    def clean_partial(self) -> int:
        """Remove temporary files a killed run left behind; return how many."""
        removed = 0
        for leftover in self.root.rglob(".*.part") if self.root.exists() else []:
            leftover.unlink(missing_ok=True)
            removed += 1
        return removed


def open_storage(description: str) -> Storage:
    """Reopen a storage from :meth:`Storage.describe` (in a worker process)."""
    if description.startswith("file://"):
        return LocalStorage(description[len("file://"):])
    raise ValueError(f"unknown storage {description!r} (supported: file://...)")
