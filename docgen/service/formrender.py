"""Render a web-form submission: the config a file would hold, read from
memory in the chosen office's folder, through docgen's pipeline; problems
mapped back to the form's fields.

A config may make several documents (a certification per unit): the PDF is
then all of them in one file, in docgen's order, and the DOCX a ZIP of one
DOCX each, named as ``docgen render`` names its files.  A preview renders
only the documents its first :data:`MAX_PREVIEW_PAGES` pages need, and
says how many the download holds.

>>> Outcome(errors={"date": ["ต้องกรอกช่องนี้"]}).ok
False
>>> Outcome(documents=3).extension("docx"), Outcome().extension("docx")
('zip', 'docx')
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from docgen import pipeline
from docgen.config.loader import ConfigError, sources
from docgen.kinds import Options
from docgen.service import forms
from docgen.thai import thai_digits

PREVIEW_DPI = 80  # an A4 page 661 px wide: readable in the preview pane of a 1366 px screen
MAX_PREVIEW_PAGES = 12
# A download is rendered while the clerk waits (about 50 ms a certification a core): the LAOs of
# the largest province (about 330) fit; more are a batch (docgen batch, /api/v1/batch).
MAX_DOCUMENTS = 400
_RENDERS = threading.BoundedSemaphore(2)  # PDF rendering is CPU-bound: at most two at a time
_CACHE: OrderedDict[str, "Outcome"] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


@dataclass
class Outcome:
    """The rendered files, or the problems: {form field: [messages]} and the rest."""

    files: dict[str, bytes] = field(default_factory=dict)
    pages: int = 0  # of the PDF in files
    subject: str = ""  # what the download is named after
    number: str = ""
    documents: int = 1  # how many documents the submission makes (and a download holds)
    complete: bool = True  # files hold every document (a preview may stop after its first pages)
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pngs: list[bytes] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and not self.general

    def extension(self, format: str) -> str:
        """Several documents come as one PDF, but as a ZIP of DOCX files."""
        return "zip" if format == "docx" and self.documents > 1 else format


def submit(kind: forms.FormKind, form: Mapping[str, str], config_root: Path,
           formats: tuple[str, ...] = ("pdf",), preview: bool = False) -> Outcome:
    """Validate and (when ``formats``) render the submission ``form`` of ``kind``;
    ``preview``: only the documents of the first pages."""
    office = forms.find_office(config_root, str(form.get("office", "")))
    try:
        submission = forms.to_config(kind, form, office)
    except forms.FormProblems as problems:
        return Outcome(errors=problems.errors)
    key = _key(kind.name, submission, formats, preview, office)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    root = Path(config_root).resolve()
    outcome = _render(kind, submission, formats, preview, office.folder, root)
    if outcome.ok and formats:
        with _CACHE_LOCK:
            _CACHE[key] = outcome
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return outcome


def preview_pngs(outcome: Outcome) -> list[bytes]:
    """The PDF's first pages as PNG images (kept with the outcome)."""
    from docgen.preview import pdf_to_pngs

    if outcome.pngs is None:
        outcome.pngs = pdf_to_pngs(outcome.files["pdf"], PREVIEW_DPI)[:MAX_PREVIEW_PAGES]
    return outcome.pngs


def _key(kind: str, submission: forms.Submission, formats: tuple[str, ...], preview: bool,
         office: forms.Office) -> str:
    """The submission, the formats and the versions of the office's files, hashed."""
    named = [office.folder / str(submission.config[k]) for k in ("data", "figures") if k in submission.config]
    stamps = [(str(p), p.stat().st_mtime_ns) for p in [*sorted(office.folder.glob("*.yaml")), *named]
              if p.is_file()]
    text = json.dumps([kind, submission.config, submission.files, submission.include_unverified, sorted(formats),
                       preview, stamps], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _render(kind: forms.FormKind, submission: forms.Submission, formats: tuple[str, ...], preview: bool,
            folder: Path, root: Path) -> Outcome:
    """The submission read from memory as if it were ``<office folder>/<kind>.form.yaml``
    (:func:`docgen.config.loader.sources`, as the API reads a request), with the
    further files it names beside it: nothing is written, and the loader reads no
    file outside ``config_root``."""
    path = folder / f"{kind.name}.form.yaml"
    # JSON is YAML: the file a clerk would write, without quoting questions.
    texts = {path: json.dumps(submission.config, ensure_ascii=False, indent=1)}
    texts.update({folder / name: json.dumps(data, ensure_ascii=False, indent=1)
                  for name, data in submission.files.items()})
    options = Options(include_unverified=submission.include_unverified)
    try:
        with sources(texts, root=root):
            built = pipeline.documents(path, options)
            outcome = Outcome(subject=submission.name, documents=len(built))
            if not formats:
                return outcome
            if not preview and len(built) > MAX_DOCUMENTS:
                message = (f"ได้ {thai_digits(f'{len(built):,}')} ฉบับ เกินกว่าที่ดาวน์โหลดจากแบบฟอร์มได้ "
                           f"({thai_digits(str(MAX_DOCUMENTS))} ฉบับ): เลือกอำเภอ หรือใช้ docgen batch")
                target = "district" if kind.field("district") else ""
                return Outcome(errors={target: [message]}) if target else Outcome(general=[message])
            with _RENDERS:
                rendered = []
                for name, document in built:
                    rendered.append(pipeline.render_document(name, document, formats))
                    if preview and sum(r.pdf_pages or 0 for r in rendered) >= MAX_PREVIEW_PAGES:
                        break
    except ConfigError as error:
        return _problems(kind, submission, error, set(texts), path)
    outcome.files = rendered[0].files if len(rendered) == 1 else _together(rendered, f"{kind.title} {submission.name}")
    outcome.pages = sum(r.pdf_pages or 0 for r in rendered)
    outcome.complete = len(rendered) == len(built)
    outcome.number = str(submission.config.get("number", submission.config.get("register", "")))
    return outcome


def _together(rendered: list[pipeline.Rendered], title: str) -> dict[str, bytes]:
    """Several documents as one PDF, and as a ZIP of their DOCX files."""
    from docgen.package import merge_pdfs, zip_files
    from docgen.writers.docx_package import reproducible_zip_time

    files = {}
    first = rendered[0].document
    if "pdf" in rendered[0].files:
        authors = {r.document.author for r in rendered}  # one certification per LAO: each its own author
        info = {"/Title": title, "/Author": first.author if len(authors) == 1 else "", "/Producer": "docgen"}
        files["pdf"] = merge_pdfs([r.files["pdf"] for r in rendered], info, shared_once=True)
    if "docx" in rendered[0].files:
        files["docx"] = zip_files([(f"{r.name}.docx", r.files["docx"], reproducible_zip_time(r.document))
                                   for r in rendered])
    return files


def _problems(kind: forms.FormKind, submission: forms.Submission, error: ConfigError, own: set[Path],
              path: Path) -> Outcome:
    """Problems of the submission go next to their field (an order's member, an
    action plan's row, with its line in the textarea); problems of the office's
    own files (organisation, personnel, data set) are shown above the form."""
    outcome = Outcome()
    names = {f.name for f in kind.fields} | {name for name, _ in submission.lists.values()}
    names |= set(submission.fields.values())
    own_files = {str(p) for p in own}
    for problem in error.problems:
        message = forms.thai_message(problem.message.replace(str(path.parent) + "/", ""))
        target, message = forms.place(kind, submission, problem.field, message)
        if problem.file in own_files and target in names:
            outcome.errors.setdefault(target, []).append(message)
        elif problem.file in own_files:
            outcome.general.append(message)
        else:
            where = f"{Path(problem.file).name}:{problem.line}"
            outcome.general.append(f"ชุดข้อมูลสำนักงาน {where}: {problem.field + ': ' if problem.field else ''}"
                                   f"{message}")
    return outcome
