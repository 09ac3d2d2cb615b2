"""What a render process does for a request: load, build, render, answer.

These functions run in the service's render processes (:mod:`.pool`); they
take and return plain data, and never raise for the caller's mistakes: a
:class:`~docgen.config.loader.ConfigError` becomes an :class:`Answer` with
status 422 (400 for a file outside the configuration folder) and the field
path, line and column of each problem.  File paths in messages are shown
relative to the configuration folder; the request itself is ``request``.

>>> Answer.error(404, "no document 'x'").errors
[{'field': 'name', 'message': "no document 'x'"}]
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("docgen.service")

MEDIA = {"pdf": "application/pdf", "png": "image/png", "zip": "application/zip", "json": "application/json",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass(frozen=True)
class Task:
    """A request's document and what to do with it (picklable)."""

    action: str  # render, validate, package
    text: str
    base: str
    root: str
    is_yaml: bool
    format: str = "pdf"  # pdf, docx, png, zip
    name: str | None = None  # which document of several
    page: int = 1  # png: which page
    dpi: int = 60
    stem: str = "document"
    template: str | None = None  # a Word template to fill instead of docgen's own DOCX (its path)
    template_sha: str = ""  # ... and its content's hash, so that an answer for an older upload is not reused

    @property
    def path(self) -> Path:
        return Path(self.base) / f"{self.stem}.yaml"


@dataclass
class Answer:
    status: int
    media_type: str = "application/json"
    body: bytes = b""
    filename: str | None = None
    errors: list[dict] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str, field: str = "name") -> "Answer":
        return cls(status, errors=[{"field": field, "message": message}])


def run(task: Task) -> Answer:
    """Do ``task``; every failure becomes an error :class:`Answer`."""
    from docgen.config.loader import ConfigError, OutsideRoot, sources

    try:
        with sources({task.path: task.text}, root=Path(task.root)):
            return {"render": _render, "validate": _validate, "package": _package}[task.action](task)
    except OutsideRoot as error:
        return Answer(400, errors=_errors(task, error.problems))
    except ConfigError as error:
        return Answer(422, errors=_errors(task, error.problems))
    except MemoryError:
        return Answer.error(503, "the document needs more memory than a render may use", "")
    except Exception as error:  # noqa: BLE001 - the caller gets a message, the log the trace
        known = _known(error)
        if known:
            return Answer.error(422, known, "")
        log.exception("render failed")
        return Answer.error(500, "internal error while rendering; the server log has details", "")


def _known(error: Exception) -> str | None:
    """The message of an error the input caused (archival, signing, register)."""
    from docgen.archival import ArchivalError
    from docgen.register.base import RegisterError

    if isinstance(error, (ArchivalError, RegisterError)):
        return str(error)
    return None


def _errors(task: Task, problems) -> list[dict]:
    out = []
    for p in problems:
        entry = {"field": p.field, "message": _public(task, p.message)}
        own = Path(p.file) == task.path or p.file == str(task.path)
        if not own:
            entry["file"] = _public(task, p.file)
        if p.line and (task.is_yaml or not own):
            entry.update(line=p.line, column=p.column)
        out.append(entry)
    return out


def _public(task: Task, text: str) -> str:
    """``text`` with the server's folders taken out of the paths in it."""
    return text.replace(str(task.path), "request").replace(task.root.rstrip("/") + "/", "")


def _documents(task: Task):
    """The documents the task's config describes, its ``number: auto`` taken from the register."""
    from docgen.kinds import Options
    from docgen.pipeline import documents
    from docgen.register.numbering import with_numbers

    built, numbering = with_numbers(lambda o: documents(task.path, o), Options(), "docgen-service")
    if numbering is not None:
        numbering.close()
    return built


def _pick(task: Task, named: list, what: str = "document"):
    """The one item the task names (``name=``), or the only one; else an error Answer."""
    names = [item[0] if isinstance(item, tuple) else item.name for item in named]
    if task.name is not None:
        if task.name not in names:
            return Answer.error(404, f"no {what} {task.name!r}; this config makes: {', '.join(names)}")
        return named[names.index(task.name)]
    if len(named) > 1:
        return Answer.error(400, f"this config makes {len(named)} {what}s ({', '.join(names[:20])}"
                            f"{' ...' if len(names) > 20 else ''}): choose one with name=, or ask for format=zip")
    return named[0]


def _render(task: Task) -> Answer:
    from docgen.pipeline import render_document

    if task.template:
        return _render_template(task)
    built = _documents(task)
    if task.format == "zip":
        return _zip_answer(task, [render_document(n, d) for n, d in _chosen(task, built)])
    chosen = _pick(task, built)
    if isinstance(chosen, Answer):
        return chosen
    name, document = chosen
    formats = ("docx",) if task.format == "docx" else ("pdf",)
    result = render_document(name, document, formats)
    if task.format == "png":
        return _png(task, name, result.files["pdf"])
    headers = {"X-Pages": str(result.pdf_pages)} if result.pdf_pages else {}
    return Answer(200, MEDIA[task.format], result.files[task.format], f"{name}.{task.format}", headers=headers)


def _render_template(task: Task) -> Answer:
    """The letter, memo or order filled into an office's Word template (DOCX), or converted by LibreOffice (PDF)."""
    from docgen import safety
    from docgen.usertemplates.context import contexts_for
    from docgen.usertemplates.render import checked_template, fill_limited

    if task.format not in ("docx", "pdf"):
        return Answer.error(400, "a Word template gives docx or pdf", "format")
    try:
        contexts = contexts_for(task.path)
    except ValueError as error:
        return Answer.error(422, str(error), "kind")
    chosen = _pick(task, contexts)
    if isinstance(chosen, Answer):
        return chosen
    name, context = chosen
    try:
        docx = fill_limited(checked_template(Path(task.template).read_bytes()), context)
    except safety.Refused as error:
        return Answer.error(error.status, str(error), "template")
    if task.format == "docx":
        return Answer(200, MEDIA["docx"], docx, f"{name}.docx")
    from docgen.usertemplates.convert import NoLibreOffice, pool

    try:
        return Answer(200, MEDIA["pdf"], pool().pdf(docx), f"{name}.pdf")
    except NoLibreOffice as error:
        return Answer.error(503, str(error), "format")
    except safety.Refused as error:
        return Answer.error(error.status, str(error), "template")


def _chosen(task: Task, built: list) -> list:
    return [item for item in built if task.name is None or item[0] == task.name]


def _png(task: Task, name: str, pdf: bytes) -> Answer:
    from docgen.preview import pdf_to_pngs

    pages = pdf_to_pngs(pdf, task.dpi)
    if not 1 <= task.page <= len(pages):
        return Answer.error(400, f"page {task.page} is not in the document (pages 1 to {len(pages)})", "page")
    return Answer(200, MEDIA["png"], pages[task.page - 1], f"{name}-page-{task.page}.png",
                  headers={"X-Pages": str(len(pages))})


def _zip_answer(task: Task, results) -> Answer:
    if not results:
        return Answer.error(404, f"no document {task.name!r}")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for result in results:
            for fmt, data in sorted(result.files.items()):
                entry = zipfile.ZipInfo(f"{result.name}.{fmt}", date_time=(2000, 1, 1, 0, 0, 0))
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, data, zipfile.ZIP_DEFLATED)
    stem = results[0].name if len(results) == 1 else task.stem
    return Answer(200, MEDIA["zip"], out.getvalue(), f"{stem}.zip")


def _validate(task: Task) -> Answer:
    """Findings of the loaders and cross-checks, as ``docgen validate --json`` gives them."""
    from dataclasses import asdict

    from docgen.crosscheck import check

    findings = []
    for finding in check(task.path):
        entry = asdict(finding)
        own = entry["file"] == str(task.path)
        entry["file"] = "request" if own else _public(task, entry["file"])
        entry["message"] = _public(task, entry["message"])
        if own and not task.is_yaml:
            entry.pop("line"), entry.pop("column")
        findings.append(entry)
    errors = sum(f["severity"] == "error" for f in findings)
    body = {"valid": errors == 0, "errors": errors, "warnings": len(findings) - errors, "findings": findings}
    return Answer(200, MEDIA["json"], json.dumps(body, ensure_ascii=False).encode())


def _package(task: Task) -> Answer:
    """A letter with its enclosures: the merged PDF, or the ZIP of its DOCX files."""
    from docgen.kinds import Options
    from docgen.package import build_packages

    if task.format not in ("pdf", "zip"):
        return Answer.error(400, "a package is a PDF (format=pdf) or a ZIP of DOCX files (format=zip)", "format")
    packages = build_packages(task.path, Options())
    if not packages:
        return Answer.error(400, "only a letter makes a package", "kind")
    chosen = _pick(task, packages, "package")
    if isinstance(chosen, Answer):
        return chosen
    data = chosen.pdf if task.format == "pdf" else chosen.zip
    return Answer(200, MEDIA[task.format], data, f"{chosen.name}.{task.format}")
