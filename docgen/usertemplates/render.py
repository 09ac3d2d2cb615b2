"""Render documents through a Word template: check it, fill it (time- and
memory-limited), and make PDF through the converter pool.

>>> sorted(FORMATS)
['docx', 'pdf']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen import safety
from docgen.usertemplates.context import contexts_for
from docgen.usertemplates.fill import fill

FORMATS = {"docx", "pdf"}


def checked_template(data: bytes) -> bytes:
    """``data`` if it is a Word template docgen will fill (:func:`docgen.safety.check_docx`
    and :func:`docgen.safety.check_template_source`), else :class:`docgen.safety.Refused`."""
    safety.check_docx(data)
    safety.check_template_source(data)
    return data


def fill_limited(template: bytes, context: dict[str, Any], timeout_s: float = 30.0, memory_mb: int = 1024) -> bytes:
    """:func:`~docgen.usertemplates.fill.fill` in a child process with time and memory limits."""
    return safety.run_limited(fill, (template, context), timeout_s, memory_mb)


def render_with_template(config: Path, template: Path, formats: list[str], timeout_s: float = 60.0,
                         memory_mb: int = 1024, include_unverified: bool = False) -> dict[str, dict[str, bytes]]:
    """``{name: {format: bytes}}`` for the documents ``config`` makes, filled into ``template``."""
    data = checked_template(Path(template).read_bytes())
    results: dict[str, dict[str, bytes]] = {}
    for name, context in contexts_for(Path(config), include_unverified):
        docx = fill_limited(data, context, timeout_s, memory_mb)
        results[name] = {"docx": docx}
        if "pdf" in formats:
            from docgen.usertemplates.convert import pool

            results[name]["pdf"] = pool().pdf(docx)
    return results
