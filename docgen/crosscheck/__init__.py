"""Cross-document checks: a letter and its enclosures agree with each other,
with the schedule, the data set and the personnel file.

``docgen validate CONFIG`` runs :func:`check`.  For a letter the package is the
letter and every config it encloses; any other config is checked alone with
the rules that apply to it.  Each rule is a function of the loaded
:class:`~docgen.crosscheck.package.Package` that yields
:class:`~docgen.crosscheck.findings.Finding` s (error or warning, file:line:col,
how to fix); :data:`RULES` lists them, and ``docs/checks.md`` explains them.

>>> sorted(RULES)[:3]
['activity-order', 'deadline-before-date', 'deadline-mismatch']
>>> all(RULES[r].severity in ("error", "warning", "error, warning") for r in RULES)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from docgen.crosscheck import dates, enclosures, people
from docgen.crosscheck.findings import Finding, errors, from_warnings, ordered, print_findings, to_json
from docgen.crosscheck.package import Package, load_package
from docgen.kinds import Named, Options

__all__ = ["RULES", "Finding", "check", "errors", "ordered", "print_findings", "to_json"]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    description: str
    function: Callable[[Package], Iterable[Finding]]


_RULES = (
    Rule("schedule-id", "error", "every schedule.<id> a text or included template cites exists", dates.schedule_ids),
    Rule("deadline-mismatch", "error", "a deadline quoted from the schedule agrees with the action plan's row",
         dates.deadlines),
    Rule("typed-date", "error, warning", "a deadline typed by hand matches a schedule date (error if none; "
         "warning if it does: quote it)", dates.deadlines),
    Rule("deadline-before-date", "error", "no deadline is before the date of the document that states it",
         dates.deadlines),
    Rule("activity-order", "error", "every activity ends on or after the day it starts", dates.activity_order),
    Rule("subject-year", "error", "the year a subject or title states (ปี 2562) is the schedule's year",
         dates.subject_year),
    Rule("enclosure-missing", "error", "every enclosure's document: or file: exists", None),
    Rule("enclosure-not-enclosed", "warning", "a listed enclosure is in the package (has document: or file:)",
         enclosures.enclosure_list),
    Rule("enclosure-title", "warning", "a typed enclosure title is the enclosed document's title",
         enclosures.enclosure_list),
    Rule("enclosure-number", "error", "'สิ่งที่ส่งมาด้วย n' in the text names a listed enclosure",
         enclosures.enclosure_numbers),
    Rule("unknown-place", "error", "every province, district and LAO named (recipients, orders) is in the data set",
         people.named_places),
    Rule("signer-authority", "error", "the signer is the issuer's head, or signs acting for the head",
         people.signers),
    Rule("input", "error", "every document of the package loads (its own checks)", None),
    Rule("document", "warning", "a warning a document gives itself: a deadline on a day off (on_holiday: warn), "
         "a unit whose data is not verified, ...", None),
)
RULES = {rule.id: rule for rule in _RULES}


def check(config: Path, options: Options = Options(), built: list[Named] | None = None) -> list[Finding]:
    """Every finding for ``config`` (and, for a letter, its enclosures), errors first.
    ``built``: the config's own documents, if already built."""
    package, findings = load_package(Path(config), options, built)
    if package is not None:
        functions = list(dict.fromkeys(rule.function for rule in _RULES if rule.function))
        for function in functions:
            findings += function(package)
        for part in package.parts:
            findings += from_warnings(part.path, part.built or [])
    own = {(f.file, f.line) for f in findings if f.rule != "input"}
    findings = [f for f in findings if f.rule != "input" or (f.file, f.line) not in own]
    return ordered(findings)
