"""A config and the documents it encloses, loaded once for every rule.

A letter's package is the letter and each config its ``enclosures:`` name
with ``document:`` (in the order of สิ่งที่ส่งมาด้วย); any other config is a
package of one.  Each :class:`Part` keeps its YAML (for positions), its
schedule as the document resolves it (``schedule_view``), the context its
templates render in, and the documents it builds.  Whatever fails to load is
a finding; the rules then look at what did load.

>>> Part.__dataclass_fields__["number"].default is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docgen.config import load_schedule, office_of, referenced, schedule_view, template_dirs
from docgen.config.loader import ConfigError, YamlDocument, load_yaml
from docgen.config.models import Letter
from docgen.crosscheck.findings import Finding, finding, from_problems
from docgen.crosscheck.sources import Dated, Text, texts
from docgen.kinds import Named, Options
from docgen.templating import ScheduleView, make_environment


@dataclass
class Part:
    """One config file of the package."""

    path: Path
    doc: YamlDocument
    kind: str
    number: int | None = None  # the letter's enclosure number (1-based); None: the config itself
    schedule_doc: YamlDocument | None = None
    view: ScheduleView | None = None
    context: dict[str, Any] | None = None  # what its templates see (None: texts are not checked)
    extra: list[YamlDocument] = field(default_factory=list)  # district files of an order
    built: list[Named] | None = None  # None: it did not load

    @property
    def env(self):
        return make_environment(template_dirs(self.path))

    def texts(self) -> list[Text]:
        return [t for doc in (self.doc, *self.extra) for t in texts(doc)]

    def dated(self) -> dict[str, Dated]:
        """Its schedule's activities by id, as resolved dates."""
        if self.view is None or self.schedule_doc is None:
            return {}
        raw = {a.get("id"): i for i, a in enumerate(self.schedule_doc.data.get("activities") or [])
               if isinstance(a, dict)}
        plan = {a.get("id"): a.get("in_plan", True) for a in self.schedule_doc.data.get("activities") or []
                if isinstance(a, dict)}
        return {a.id: Dated(a.id, a.start, a.end, bool(plan.get(a.id, True)), self.schedule_doc.file,
                            ("activities", raw.get(a.id, 0))) for a in self.view}

    @property
    def date(self) -> date | None:
        """The document's own date (its first document's), if it has one."""
        for _, document in self.built or []:
            if document.date_iso:
                return date.fromisoformat(document.date_iso)
        return None


@dataclass
class Package:
    config: Path
    parts: list[Part]
    letter: Any = None  # the LetterBundle, when the config is a letter that loaded

    @property
    def main(self) -> Part:
        return self.parts[0]

    @property
    def enclosed(self) -> list[Part]:
        return self.parts[1:]


def _schedule(part: Part, findings: list[Finding]) -> None:
    name = part.doc.data.get("schedule")
    if not isinstance(name, str):
        return
    try:
        part.schedule_doc = referenced(part.doc, "schedule", name)
        # Rules counting from "letter" count from this document's own date.
        part.view = schedule_view(load_schedule(part.doc, name, _date(part.doc.data.get("date"))))
    except ConfigError as error:
        findings += from_problems(error.problems)


def _date(value: object) -> date | None:
    """A document's ``date:`` as read from YAML (a date, or ISO text), if valid."""
    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None  # the document's own load reports it


def _context(part: Part) -> dict[str, Any] | None:
    """What the part's templates see, as its kind's loader builds it."""
    data, view = part.doc.data, part.view
    if part.kind in ("letter", "memo"):
        from docgen.config.memo import Memo

        raw = part.doc.validate(Letter if part.kind == "letter" else Memo)
        return office_of(part.doc, raw).context(raw.vars)
    if part.kind == "order":
        from docgen.config.orders.schema import DistrictView, baht, nobreak

        context = {"vars": data.get("vars") or {}, "schedule": view, "baht": baht, "nobreak": nobreak,
                   "organisation": None}
        for extra in part.extra[:1]:
            context["district"] = DistrictView(str(extra.data.get("code")), str(extra.data.get("name")))
        return context
    if part.kind == "action_plan":
        return {"schedule": view, "vars": data.get("vars") or {}}
    return None


def _part(path: Path, number: int | None, options: Options, findings: list[Finding],
          built: list[Named] | None = None) -> Part | None:
    from docgen.pipeline import documents

    try:
        doc = load_yaml(path)
    except ConfigError as error:
        findings += from_problems(error.problems)
        return None
    part = Part(path, doc, str(doc.data.get("kind", "letter")), number)
    if part.kind == "order":
        for name in doc.data.get("districts") or []:
            target = path.parent / str(name)
            if target.is_file():
                try:
                    part.extra.append(load_yaml(target))
                except ConfigError:
                    pass  # reported when the order is built
    _schedule(part, findings)
    try:
        part.built = built if built is not None else documents(path, options)
    except ConfigError as error:
        findings += from_problems(error.problems)
    if part.built is not None:
        try:
            part.context = _context(part)
        except ConfigError:
            part.context = None
    return part


def load_package(config: Path, options: Options = Options(),
                 built: list[Named] | None = None) -> tuple[Package | None, list[Finding]]:
    """The config and (for a letter) its enclosed configs; findings for what did not load
    and for enclosures whose document or file is missing.  ``built``: the config's
    documents, when the caller has built them already."""
    config = Path(config)
    findings: list[Finding] = []
    main = _part(config, None, options, findings, built)
    if main is None:
        return None, findings
    package = Package(config, [main])
    if main.kind != "letter":
        return package, findings
    try:
        letter = main.doc.validate(Letter)
    except ConfigError as error:
        findings += from_problems(error.problems)
        return package, findings
    for index, enclosure in enumerate(letter.enclosures):
        several = isinstance(enclosure.document, list)
        for n, name in enumerate(enclosure.documents):
            loc = ("enclosures", index, "document", n) if several else ("enclosures", index, "document")
            target = config.parent / name
            if not target.is_file():
                findings.append(finding("error", "enclosure-missing", main.doc.problem(
                    loc, f"enclosure {index + 1}: {name} does not exist ({target})"),
                    "correct the path (relative to the letter) or remove the entry"))
                continue
            part = _part(target, index + 1, options, findings)
            if part is not None:
                package.parts.append(part)
        if enclosure.file and not (config.parent / enclosure.file).is_file():
            findings.append(finding("error", "enclosure-missing", main.doc.problem(
                ("enclosures", index, "file"), f"enclosure {index + 1}: the file {enclosure.file} does not exist"),
                "put the PDF beside the letter or correct the path"))
    if main.built is not None:
        from docgen.config import load_letter

        package.letter = load_letter(config)
    return package, findings
