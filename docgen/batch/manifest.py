"""``manifest.jsonl``: one line per document file, the record of a batch.

Each line names the unit, kind, format, path, sha256 and size of a file and
the hash of the inputs that produced it.  A file is written (atomically)
before its line is appended (and fsynced), so the manifest never calls done a
file that is not whole.  A line cut short by a kill is ignored on reading; the
manifest is rewritten without duplicates at the start and end of every run.

>>> import tempfile, pathlib
>>> m = Manifest(pathlib.Path(tempfile.mkdtemp()) / "manifest.jsonl")
>>> m.add(Entry("16/1601/x", "certification", "pdf", "16/1601/x.pdf", "ab", 2, "h1"))
>>> m.get("16/1601/x", "pdf").input_hash
'h1'
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    unit: str
    kind: str
    format: str
    path: str  # relative to the output folder
    sha256: str
    size: int
    input_hash: str

    def line(self) -> str:
        """The entry's JSON line (its fields are plain strings and an int:
        ``vars()`` gives them, where ``dataclasses.asdict`` deep-copies each)."""
        return json.dumps(vars(self), ensure_ascii=False, sort_keys=True) + "\n"


class Manifest:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.entries: dict[tuple[str, str], Entry] = {}
        if self.path.exists():
            for line in self.path.read_text("utf-8").splitlines():
                try:
                    entry = Entry(**json.loads(line))
                except (ValueError, TypeError):
                    continue  # a line cut short by a kill
                self.entries[(entry.unit, entry.format)] = entry

    def get(self, unit: str, fmt: str) -> Entry | None:
        return self.entries.get((unit, fmt))

    def add(self, *entries: Entry) -> None:
        """Record files already written whole: their lines appended in one
        write, fsynced once (a job's DOCX and PDF together)."""
        if not entries:
            return
        for entry in entries:
            self.entries[(entry.unit, entry.format)] = entry
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write("".join(entry.line() for entry in entries))
            handle.flush()
            os.fsync(handle.fileno())

    def compact(self) -> None:
        """Rewrite with one line per (unit, format), sorted, atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(self.path.name + ".part")
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write("".join(entry.line() for _, entry in sorted(self.entries.items())))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self.path)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(sorted(self.entries.values(), key=lambda e: (e.unit, e.format)))
