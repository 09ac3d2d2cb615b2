"""What ``docgen check`` prints: a Rich table per file, or one JSON object.

The JSON format is stable (docs/check.md); ``SCHEMA_VERSION`` changes only
when a key is removed or changes meaning (new keys may be added).

>>> import json
>>> data = json.loads(to_json([], {"x.pdf": "x.pdf: no such file"}))
>>> data["version"], data["passed"], data["files"][0]["error"]
(1, False, 'x.pdf: no such file')
"""

from __future__ import annotations

import json

from docgen.standard import FileReport
from docgen.standard.rules import RULES

SCHEMA_VERSION = 1


def file_dict(report: FileReport) -> dict:
    findings = []
    for number, doc in enumerate(report.documents, start=1):
        for f in doc.findings:
            findings.append({**f.as_dict(), "spec": RULES[f.rule].spec, "document": number})
    errors = sum(f["severity"] == "error" for f in findings)
    return {"path": report.path, "format": report.format, "kind": report.kind, "passed": report.passed,
            "errors": errors, "warnings": len(findings) - errors, "error": None,
            "documents": [{"kind": d.kind, "pages": d.pages} for d in report.documents], "findings": findings}


def unreadable_dict(path: str, message: str) -> dict:
    return {"path": path, "format": None, "kind": None, "passed": False, "errors": 0, "warnings": 0,
            "error": message, "documents": [], "findings": []}


def to_json(reports: list[FileReport], unreadable: dict[str, str]) -> str:
    """``{"version": 1, "passed": bool, "files": [...]}``, the files in the order given."""
    files = [file_dict(r) for r in reports] + [unreadable_dict(p, m) for p, m in unreadable.items()]
    passed = all(f["passed"] for f in files)
    return json.dumps({"version": SCHEMA_VERSION, "passed": passed, "files": files}, ensure_ascii=False, indent=2)


def _grouped(findings):
    """Findings that say the same thing (a font on every paragraph) under one row."""
    groups: dict[tuple, list] = {}
    for number, f in findings:
        groups.setdefault((f.severity, f.rule, f.message), []).append((number, f))
    return groups


def print_report(reports: list[FileReport], unreadable: dict[str, str], console) -> None:
    """A table of findings per file (errors first), and a verdict line per file."""
    from rich.markup import escape
    from rich.table import Table

    for report in reports:
        verdict = "[bold green]passes[/]" if report.passed else "[bold red]fails[/]"
        kinds = ", ".join(d.kind for d in report.documents)
        console.print(f"{escape(report.path)} ({report.format}, {escape(kinds)}): {verdict}")
        findings = sorted(((n, f) for n, d in enumerate(report.documents, 1) for f in d.findings),
                          key=lambda item: item[1].severity != "error")
        if not findings:
            continue
        table = Table(show_header=True, header_style="bold", pad_edge=False, expand=False)
        for column in ("", "rule", "§", "where", "what"):
            table.add_column(column, overflow="fold")
        several = len(report.documents) > 1
        for (severity, rule, message), group in _grouped(findings).items():
            colour = "red" if severity == "error" else "yellow"
            number, first = group[0]
            where = (f"doc {number}, " if several else "") + str(first.location)
            if len(group) > 1:
                where += f"\n[dim]and {len(group) - 1} more[/]"
            what = message + (f"\n[dim]{escape(first.excerpt)}[/]" if first.excerpt else "")
            table.add_row(f"[{colour}]{severity}[/]", rule, RULES[rule].spec, where, what)
        console.print(table)
    for path, message in unreadable.items():
        console.print(f"[bold red]unreadable[/] {escape(message)}")
    failed = sum(not r.passed for r in reports)
    console.print(f"{len(reports)} file(s) checked: {len(reports) - failed} pass, {failed} fail"
                  + (f"; {len(unreadable)} unreadable" if unreadable else ""))
