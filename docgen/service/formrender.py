"""Render a web-form submission: the config a file would hold, read from
memory in the chosen office's folder, through docgen's pipeline; problems
mapped back to the form's fields.

>>> Outcome(errors={"date": ["ต้องกรอกช่องนี้"]}).ok
False
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
from docgen.service import forms

PREVIEW_DPI = 80  # an A4 page 661 px wide: readable in the preview pane of a 1366 px screen
MAX_PREVIEW_PAGES = 12
_RENDERS = threading.BoundedSemaphore(2)  # PDF rendering is CPU-bound: at most two at a time
_CACHE: OrderedDict[str, "Outcome"] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


@dataclass
class Outcome:
    """The rendered files, or the problems: {form field: [messages]} and the rest."""

    files: dict[str, bytes] = field(default_factory=dict)
    pages: int = 0
    subject: str = ""
    number: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pngs: list[bytes] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and not self.general


def submit(kind: forms.FormKind, form: Mapping[str, str], config_root: Path,
           formats: tuple[str, ...] = ("pdf",)) -> Outcome:
    """Validate and (when ``formats``) render the submission ``form`` of ``kind``."""
    office = forms.find_office(config_root, str(form.get("office", "")))
    try:
        config = forms.to_config(kind, form, office)
    except forms.FormProblems as problems:
        return Outcome(errors=problems.errors)
    key = _key(kind.name, config, formats, office)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    root = Path(config_root).resolve()
    outcome = _render(kind, config, formats, form, office.folder.resolve() if office else root, root)
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


def _key(kind: str, config: dict, formats: tuple[str, ...], office: forms.Office | None) -> str:
    """The submission, the formats and the office files' versions, hashed."""
    stamps = [p.stat().st_mtime_ns for p in (office.organisation, office.personnel)] if office else []
    text = json.dumps([kind, config, sorted(formats), stamps], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _render(kind: forms.FormKind, config: dict, formats: tuple[str, ...], form: Mapping[str, str],
            folder: Path, root: Path) -> Outcome:
    """The submission read from memory as if it were ``<office folder>/<kind>.form.yaml``
    (:func:`docgen.config.loader.sources`, as the API reads a request): nothing is
    written, and the loader reads no file outside ``config_root``."""
    path = folder / f"{kind.name}.form.yaml"
    # JSON is YAML: the file a clerk would write, without quoting questions.
    text = json.dumps(config, ensure_ascii=False, indent=1)
    try:
        with sources({path: text}, root=root):
            (name, document), *_ = pipeline.documents(path)
            if not formats:
                return Outcome(subject=document.title or "")
            with _RENDERS:
                rendered = pipeline.render_document(name, document, formats)
    except ConfigError as error:
        return _problems(kind, error, path, form)
    outcome = Outcome(files=rendered.files, pages=rendered.pdf_pages or 0)
    outcome.subject = str(config.get("subject", "")).replace("{{ '{' }}", "{")
    outcome.number = str(config.get("number", config.get("register", "")))
    return outcome


def _problems(kind: forms.FormKind, error: ConfigError, path: Path, form: Mapping[str, str]) -> Outcome:
    """Problems of the submission go next to their field (an order's member or
    duty with its line in the textarea); problems of the office's own files
    (organisation, personnel) are shown above the form."""
    outcome = Outcome()
    names = {f.name for f in kind.fields}
    for problem in error.problems:
        message = forms.thai_message(problem.message.replace(str(path.parent) + "/", ""))
        target, message = forms.place(problem.field, message, form)
        if problem.file == str(path) and target in names:
            outcome.errors.setdefault(target, []).append(message)
        elif problem.file == str(path):
            outcome.general.append(message)
        else:
            where = f"{Path(problem.file).name}:{problem.line}"
            outcome.general.append(f"ชุดข้อมูลสำนักงาน {where}: {problem.field + ': ' if problem.field else ''}"
                                   f"{message}")
    return outcome
