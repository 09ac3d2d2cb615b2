"""The standard for Thai official documents as rules a program can check.

``docgen check FILE...`` reads any DOCX or PDF (docgen's own, or one typed by
hand), splits it into documents, finds each one's kind, and runs every rule
of :data:`RULES` that applies.  The renderers' tests run the same rules on
docgen's output, so the standard is written down once (docs/check.md).

>>> from docgen.standard import RULES, check_bytes
>>> len(RULES) >= 20
True
>>> check_bytes(b"not a document", "x.txt")
Traceback (most recent call last):
...
docgen.standard.Unreadable: x.txt: not a PDF or a DOCX file
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.standard import rules_page, rules_pages, rules_text  # noqa: F401  (they register the rules)
from docgen.standard.rules import RULES, Finding, Location, Rule, check_doc, rule
from docgen.standard.view import Doc, View


class Unreadable(Exception):
    """A file that is missing, or is neither a PDF nor a DOCX."""


@dataclass
class DocReport:
    kind: str
    pages: list[int]  # PDF pages of this document in the file (empty for DOCX)
    findings: list[Finding]


@dataclass
class FileReport:
    path: str
    format: str
    kind: str
    documents: list[DocReport]

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]

    @property
    def passed(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def read(data: bytes, path: str = "") -> View:
    """The view of a file's bytes: PDF or DOCX, told apart by their contents."""
    from docgen.standard.read_docx import read_docx
    from docgen.standard.read_pdf import read_pdf

    try:
        if data.startswith(b"%PDF"):
            return read_pdf(data, path)
        if data.startswith(b"PK"):
            return read_docx(data, path)
    except Exception as error:  # a damaged file: say so, do not crash
        raise Unreadable(f"{path}: cannot be read ({type(error).__name__}: {error})") from error
    raise Unreadable(f"{path}: not a PDF or a DOCX file")


def check_view(view: View, only=None) -> FileReport:
    docs = [DocReport(doc.kind, [p.number for p in doc.pages], check_doc(doc, only)) for doc in view.docs]
    return FileReport(view.path, view.format, view.kind, docs)


def check_bytes(data: bytes, path: str = "", only=None) -> FileReport:
    """Every rule (or the ``only`` ones) on a file's bytes; a PDF that claims
    PDF/A or PDF/UA in its metadata is also held to that claim (rule ``archival``)."""
    report = check_view(read(data, path), only)
    if report.format == "pdf" and report.documents and (only is None or "archival" in only):
        report.documents[0].findings.extend(_archival(data))
    return report


@rule("archival", "§19", (), "A PDF that claims PDF/A or PDF/UA in its metadata meets the claim "
      "(docgen.archival's structural check)", formats=("pdf",))
def _archival_rule(doc: Doc, r):
    return ()  # a claim is the file's, not one document's: checked once per file by check_bytes


def _archival(data: bytes) -> list[Finding]:
    from docgen import archival

    claimed = archival.declared(data)
    if claimed is None:
        return []
    return [RULES["archival"].finding(f"claims {claimed}, but {problem}") for problem in archival.check(data, claimed)]


def check_path(path: Path | str, only=None) -> FileReport:
    path = Path(path)
    if not path.is_file():
        raise Unreadable(f"{path}: no such file")
    return check_bytes(path.read_bytes(), str(path), only)


__all__ = ["RULES", "Doc", "DocReport", "FileReport", "Finding", "Location", "Rule", "Unreadable", "View",
           "check_bytes", "check_doc", "check_path", "check_view", "read"]
