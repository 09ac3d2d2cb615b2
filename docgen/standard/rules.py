"""The rule registry: the standard (``thai-official-documents.md``) written down once.

Each :class:`Rule` has an id, the spec section and the number of the check in
§21 it implements, a title, a severity, the formats and document kinds it
applies to, and a check function that reads a :class:`~docgen.standard.view.Doc`
and returns :class:`Finding` objects.  ``docgen check`` runs them on any file;
the renderers' tests run the same objects on docgen's own output.

Rules are defined in ``rules_page`` (paper, margins, type, paragraphs),
``rules_text`` (digits, dates, numbers, parts) and ``rules_pages``
(page numbers, continuation markers, Garuda, marks); importing this package
registers them all.

>>> from docgen.standard import RULES
>>> RULES["arabic-digits"].spec
'§7'
>>> sorted(RULES["page-size"].formats)
['docx', 'pdf']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Literal

from docgen.standard.view import MM, Doc, Line

Severity = Literal["error", "warning"]
FORMATS = ("pdf", "docx")
KINDS = ("letter", "memo", "order", "certification", "other")


@dataclass(frozen=True)
class Location:
    """Where a finding is: PDF page and position (mm from the top-left corner
    of the page), or DOCX section, paragraph and run (1-based); None when unknown."""

    page: int | None = None
    section: int | None = None
    paragraph: int | None = None
    run: int | None = None
    x_mm: float | None = None
    y_mm: float | None = None

    def __str__(self) -> str:
        """
        >>> str(Location(page=2, x_mm=30.0, y_mm=25.4)), str(Location(paragraph=9, run=2))
        ('page 2 (30.0, 25.4 mm)', 'paragraph 9, run 2')
        """
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}" + (f" ({self.x_mm}, {self.y_mm} mm)" if self.x_mm is not None else ""))
        if self.section is not None and self.paragraph is None:
            parts.append(f"section {self.section}")
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.run is not None:
            parts.append(f"run {self.run}")
        return ", ".join(parts) or "document"

    def as_dict(self) -> dict:
        return {"page": self.page, "section": self.section, "paragraph": self.paragraph, "run": self.run,
                "x_mm": self.x_mm, "y_mm": self.y_mm}


def at(line: Line | None = None, run: int | None = None, page: int | None = None, x: float | None = None,
       y: float | None = None, section: int | None = None) -> Location:
    """The location of ``line`` (or of a page and a point on it, in points)."""
    if line is not None:
        page = line.page if page is None else page
        x = line.x0 if x is None else x
        y = line.top if y is None else y
        section = line.section if section is None else section
    return Location(page, section if line is None or line.paragraph is None else line.section,
                    line.paragraph if line is not None else None, run,
                    None if x is None else round(x / MM, 1), None if y is None else round(y / MM, 1))


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    excerpt: str = ""

    def as_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "message": self.message,
                "location": self.location.as_dict(), "excerpt": self.excerpt}


Check = Callable[[Doc, "Rule"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    spec: str  # section of thai-official-documents.md, e.g. "§2"
    checks: tuple[int, ...]  # numbers of the checks of §21 it implements (empty: none of them)
    title: str
    severity: Severity
    formats: frozenset[str]
    kinds: frozenset[str]
    function: Check

    def applies(self, doc: Doc) -> bool:
        return doc.format in self.formats and doc.kind in self.kinds

    def check(self, doc: Doc) -> list[Finding]:
        """The findings of this rule on ``doc`` (none when it does not apply)."""
        return list(self.function(doc, self)) if self.applies(doc) else []

    def finding(self, message: str, location: Location = Location(), excerpt: str = "",
                severity: Severity | None = None) -> Finding:
        return Finding(self.id, severity or self.severity, message, location, excerpt[:80])


RULES: dict[str, Rule] = {}


def rule(id: str, spec: str, checks: tuple[int, ...], title: str, severity: Severity = "error",
         formats: Iterable[str] = FORMATS, kinds: Iterable[str] = KINDS) -> Callable[[Check], Check]:
    """Register the decorated function as the check of a new rule."""

    def register(function: Check) -> Check:
        assert id not in RULES, f"rule {id} defined twice"
        RULES[id] = Rule(id, spec, tuple(checks), title, severity, frozenset(formats), frozenset(kinds), function)
        return function

    return register


def check_doc(doc: Doc, only: Iterable[str] | None = None) -> list[Finding]:
    """Every rule (or the ``only`` ones) on one document, in registry order."""
    chosen = [RULES[i] for i in only] if only is not None else list(RULES.values())
    return [f for r in chosen for f in r.check(doc)]
