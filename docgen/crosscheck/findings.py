"""What a cross-check reports: a :class:`Finding` at a file, line and column,
with the rule that found it and how to fix it; and how findings are printed.

>>> f = Finding("error", "deadline-mismatch", "circular.yaml", 70, 9, "body[2].items[1]",
...             "the letter says 22 Feb 2019, the plan 21 Feb 2019", "quote {{ schedule.lao_certify.end_date }}")
>>> print(f)
error circular.yaml:70:9: [deadline-mismatch] body[2].items[1]: the letter says 22 Feb 2019, the plan 21 Feb 2019
    fix: quote {{ schedule.lao_certify.end_date }}
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Literal

from docgen.config.loader import Problem
from docgen.kinds import Named

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    rule: str  # a rule id of docgen.crosscheck.RULES, or "input" for a problem found while loading
    file: str
    line: int
    column: int
    field: str
    message: str
    fix: str = ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file

    def __str__(self) -> str:
        head = f"{self.severity} {self.where}: [{self.rule}] " + (f"{self.field}: " if self.field else "")
        return head + self.message + (f"\n    fix: {self.fix}" if self.fix else "")


def finding(severity: Severity, rule: str, problem: Problem, fix: str = "") -> Finding:
    """A finding placed where ``problem`` is (``YamlDocument.problem`` locates it)."""
    return Finding(severity, rule, problem.file, problem.line, problem.column, problem.field, problem.message, fix)


def from_problems(problems: Iterable[Problem], rule: str = "input") -> list[Finding]:
    """Problems a loader raised (:class:`ConfigError`) as error findings."""
    return [finding("error", rule, p, "correct the value at this line (see the message)") for p in problems]


_PLACED = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): (?P<rest>.*)$", re.S)


def from_warnings(path: Path, built: Iterable[Named]) -> list[Finding]:
    """The warnings documents carry (``meta["warnings"]``: a deadline on a day
    off, a unit whose data is not verified, ...) as findings of rule
    ``document``, at the place a warning names, else at ``path``.

    >>> from docgen.model import Document
    >>> d = Document("letter", "t", [], meta={"warnings": "s.yaml:81:12: activities[14].start: a holiday"})
    >>> print(from_warnings(Path("c.yaml"), [("c", d)])[0])
    warning s.yaml:81:12: [document] activities[14].start: a holiday
    """
    found = []
    for _, document in built:
        for text in filter(None, document.meta.get("warnings", "").splitlines()):
            placed = _PLACED.match(text)
            if placed:
                rest = placed["rest"]
                field, _, message = rest.partition(": ") if re.match(r"^[\w\[\].]+: ", rest) else ("", "", rest)
                found.append(Finding("warning", "document", placed["file"], int(placed["line"]),
                                     int(placed["column"]), field, message))
            else:
                found.append(Finding("warning", "document", str(path), 0, 0, "", text))
    return found


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Without repeats, errors first, then by file and line."""
    unique = dict.fromkeys(findings)
    return sorted(unique, key=lambda f: (f.severity != "error", f.file, f.line, f.column, f.rule))


def to_json(findings: Iterable[Finding], documents: Iterable[dict] = ()) -> str:
    """``{"findings": [...], "errors": n, "warnings": n, "documents": [...]}``."""
    listed = [asdict(f) for f in ordered(findings)]
    counts = {"errors": sum(f["severity"] == "error" for f in listed)}
    counts["warnings"] = len(listed) - counts["errors"]
    return json.dumps({"findings": listed, **counts, "documents": list(documents)}, ensure_ascii=False, indent=2)


def print_findings(findings: Iterable[Finding], console) -> None:
    """Each finding (errors red, warnings yellow), then a count; ``console`` is a rich Console."""
    findings = ordered(findings)
    for f in findings:
        colour = "red" if f.severity == "error" else "yellow"
        head = f"[bold {colour}]{f.severity}[/] {_escape(f.where)}: " + _escape(f"[{f.rule}] ")
        field = _escape(f"{f.field}: ") if f.field else ""
        console.print(head + field + _escape(f.message), soft_wrap=True, highlight=False)
        if f.fix:
            console.print(f"    fix: {_escape(f.fix)}", soft_wrap=True, highlight=False)
    n_errors = len(errors(findings))
    if findings:
        tail = "; nothing was written." if n_errors else "."
        console.print(f"{n_errors} error(s), {len(findings) - n_errors} warning(s){tail}", highlight=False)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
