"""Writing results safely: all or nothing, never over someone's edits.

Files are written to a temporary name in the target folder and renamed into
place, so a reader (or a crash) never sees half a file.  An existing file with
different content is left alone unless the caller says ``overwrite``: it may
be a copy a clerk has edited.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> write_all({target: b"x"})
{PosixPath(...): 'written'}
>>> write_all({target: b"x"})[target]
'unchanged'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class WouldOverwrite(Exception):
    """A target exists with other content and overwriting was not asked for."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        names = ", ".join(str(p) for p in paths)
        super().__init__(f"{names} already exist(s) with different content; pass --force to replace")


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_all(files: dict[Path, bytes], overwrite: bool = False) -> dict[Path, str]:
    """Write every file or none: check all targets first, then write each atomically."""
    status: dict[Path, str] = {}
    conflicts = []
    for path, data in files.items():
        if path.exists():
            if path.read_bytes() == data:
                status[path] = "unchanged"
            elif overwrite:
                status[path] = "replaced"
            else:
                conflicts.append(path)
        else:
            status[path] = "written"
    if conflicts:
        raise WouldOverwrite(conflicts)
    for path, data in files.items():
        if status[path] != "unchanged":
            atomic_write(path, data)
    return status
