"""What ``docgen validate`` prints of the cross-checks.

Findings go to the error console as ``error file:line:col: [rule] field:
message`` with a ``fix:`` line under each (warnings likewise); with
``--json``, one JSON object on standard output instead.  Any error means exit
status 2, as for other bad input; warnings alone do not.

>>> import io
>>> from rich.console import Console
>>> out = Console(file=io.StringIO())
>>> report_json([], [("circular", __import__("docgen.model").model.Document("letter", "เรื่อง", []))], out)
>>> '"errors": 0' in out.file.getvalue()
True
"""

from __future__ import annotations

from pathlib import Path

from docgen.crosscheck import check
from docgen.crosscheck.findings import Finding, errors, print_findings, to_json
from docgen.kinds import Named, Options

__all__ = ["cross_check", "report_json"]


def report_json(findings: list[Finding], built: list[Named], out) -> None:
    """The findings and the documents as one JSON object on ``out`` (a rich Console)."""
    listed = [{"name": name, "kind": d.kind, "title": d.title} for name, d in built]
    out.file.write(to_json(findings, listed) + "\n")


def cross_check(config: Path, options: Options, built: list[Named], as_json: bool, out, err) -> bool:
    """Run the cross-checks on ``config`` (whose documents are ``built``) and print
    the findings; False when one is an error."""
    findings = check(config, options, built)
    if as_json:
        report_json(findings, built, out)
    else:
        print_findings(findings, err)
    return not errors(findings)
