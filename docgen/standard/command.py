"""``docgen check FILE... [--json]``: the body of the command.

Exit status: 0 when every file passes (warnings allowed), 1 when a rule
fails on some file, 2 when a file cannot be read (missing, not a PDF or a
DOCX, damaged); 2 wins over 1.

>>> import io
>>> from rich.console import Console
>>> out = Console(file=io.StringIO())
>>> run(["/nonexistent.pdf"], False, out, out)
2
"""

from __future__ import annotations

from pathlib import Path

from docgen.standard import FileReport, Unreadable, check_path
from docgen.standard.report import print_report, to_json


def run(paths: list[Path | str], as_json: bool, out, err) -> int:
    """Check ``paths``, print the report (``out``/``err`` are Rich consoles), return the exit status."""
    reports: list[FileReport] = []
    unreadable: dict[str, str] = {}
    for path in paths:
        try:
            reports.append(check_path(path))
        except Unreadable as error:
            unreadable[str(path)] = str(error)
    if as_json:
        out.file.write(to_json(reports, unreadable) + "\n")
    else:
        print_report(reports, {}, out)
        for message in unreadable.values():
            err.print(f"[bold red]error[/] {message}", soft_wrap=True, highlight=False)
    if unreadable:
        return 2
    return 0 if all(r.passed for r in reports) else 1
